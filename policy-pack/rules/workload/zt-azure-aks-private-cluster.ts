import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-aks-private-cluster",
    displayName: "The AKS API server is private",
    description:
        "Every AKS cluster sets apiServerAccessProfile.enablePrivateCluster to true and enablePrivateClusterPublicFQDN to false, and does not set " +
        'publicNetworkAccess to "Enabled".',
    rationale:
        "The Kubernetes API server controls every workload and secret in the cluster. A public endpoint exposes it to the whole internet, so its " +
        "authentication is the only gate and any leaked credential or API-server vulnerability is exploitable from anywhere. A private cluster puts the " +
        "API server on a private endpoint in the landing zone's network. AKS still publishes a public DNS name for a private API server unless told not " +
        "to, which reveals the cluster and its private address; publicNetworkAccess Enabled would re-open a public path.",
    severity: "high",
    pillar: "workload",
    nistTenets: [2, 4],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        "Set apiServerAccessProfile: { enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: <the privatelink zone id or " +
        '"system"> } on the azure-native containerservice.ManagedCluster and leave publicNetworkAccess out or "Disabled". Reach the API from the ' +
        "network (CI runners, a jump host behind Bastion). CAUTION: enablePrivateCluster can only be set when the cluster is created; changing it replaces the cluster.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        if (readKnown(args.props, ["apiServerAccessProfile", "enablePrivateCluster"]) !== true) {
            report("The cluster's API server has a public endpoint: set apiServerAccessProfile.enablePrivateCluster to true (creation-time only: it replaces the cluster).");
        } else if (readKnown(args.props, ["apiServerAccessProfile", "enablePrivateClusterPublicFQDN"]) !== false) {
            report("The private cluster's API server also gets a public DNS name: set apiServerAccessProfile.enablePrivateClusterPublicFQDN to false (AKS creates one unless told not to).");
        }
        if (isOneOf(readKnown(args.props, ["publicNetworkAccess"]), ["Enabled"])) {
            report('The cluster allows public network access to its API server: set publicNetworkAccess to "Disabled" or leave it out.');
        }
    },
});
