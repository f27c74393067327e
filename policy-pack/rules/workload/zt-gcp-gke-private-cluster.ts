import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, notClusterOrPool } from "../../lib/gcp-gke";
import { formatPath, raw, readKnown } from "../../lib/props";

/** A CIDR that admits every address: 0.0.0.0/0, ::/0, or any other /0. */
function isWholeInternet(cidr: unknown): boolean {
    const v = raw(cidr);
    return typeof v === "string" && /\/0$/.test(v.trim());
}

export default defineRule({
    id: "zt-gcp-gke-private-cluster",
    displayName: "GKE nodes and control plane are private",
    description:
        "Every GKE cluster sets privateClusterConfig.enablePrivateNodes and enablePrivateEndpoint to true (or turns its IP endpoints off), keeps " +
        "its DNS endpoint closed to external traffic, and restricts its control plane with masterAuthorizedNetworksConfig: enforced on the private " +
        "endpoint, no /0 range, no Google Cloud public IPs. No node pool overrides private nodes.",
    rationale:
        "The Kubernetes API server controls every workload and secret in the cluster, and nodes with public IPs are reachable from the internet " +
        "past the VPC's firewall design. Private nodes have internal addresses only; a private endpoint keeps the API server off the internet. " +
        "Inside the VPC, authorized networks narrow who may reach the API server to the ranges that administer it: GKE does not enforce them on " +
        "the private endpoint unless privateEndpointEnforcementEnabled is true, and gcpPublicCidrsAccessEnabled would admit any Compute Engine " +
        "VM of any customer. The DNS endpoint, when it accepts external traffic, is a second public path guarded only by IAM.",
    severity: "high",
    pillar: "workload",
    nistTenets: [2, 4],
    cisaPillar: "Applications and Workloads",
    cis: "12.2",
    remediationSteps:
        "On the gcp.container.Cluster set privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: " +
        "<the /28 of the services slot> } and masterAuthorizedNetworksConfig: { cidrBlocks: [<the app tier and admin ranges>], " +
        "gcpPublicCidrsAccessEnabled: false, privateEndpointEnforcementEnabled: true }; leave controlPlaneEndpointsConfig.dnsEndpointConfig." +
        "allowExternalTraffic out or false. Do not set networkConfig.enablePrivateNodes to false on any node pool. Reach the API from inside the " +
        "network (CI runners in the app tier, IAP TCP forwarding to a bastion), never by opening the endpoint.",
    validateResource: (args, report) => {
        if (args.type === GCP_WORKLOAD_TYPES.nodePool) {
            if (readKnown(args.props, ["networkConfig", "enablePrivateNodes"]) === false) {
                report("The node pool gives its nodes public IP addresses: remove networkConfig.enablePrivateNodes or set it to true.");
            }
            return;
        }
        if (args.type !== GCP_WORKLOAD_TYPES.cluster) {
            return args.notApplicable(notClusterOrPool(args.type));
        }
        const props = args.props;
        if (readKnown(props, ["privateClusterConfig", "enablePrivateNodes"]) !== true) {
            report("The cluster's nodes get public IP addresses: set privateClusterConfig.enablePrivateNodes to true.");
        }
        const pools = readKnown(props, ["nodePools"]);
        (Array.isArray(pools) ? pools : []).forEach((_, i) => {
            if (readKnown(props, ["nodePools", String(i), "networkConfig", "enablePrivateNodes"]) === false) {
                report(`${formatPath(["nodePools", i])} gives its nodes public IP addresses: remove networkConfig.enablePrivateNodes or set it to true.`);
            }
        });
        // With IP endpoints off, only the DNS endpoint remains, and authorized networks do not apply to it.
        const ipEndpoints = readKnown(props, ["controlPlaneEndpointsConfig", "ipEndpointsConfig", "enabled"]) !== false;
        if (ipEndpoints && readKnown(props, ["privateClusterConfig", "enablePrivateEndpoint"]) !== true) {
            report(
                "The control plane has a public IP endpoint: set privateClusterConfig.enablePrivateEndpoint to true (or turn IP endpoints off with " +
                    "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled false).",
            );
        }
        if (readKnown(props, ["controlPlaneEndpointsConfig", "dnsEndpointConfig", "allowExternalTraffic"]) === true) {
            report("The control plane's DNS endpoint accepts traffic from the internet: set controlPlaneEndpointsConfig.dnsEndpointConfig.allowExternalTraffic to false.");
        }
        if (!ipEndpoints) {
            return;
        }
        const authorized = readKnown(props, ["masterAuthorizedNetworksConfig"]);
        if (authorized === undefined || authorized === null) {
            report(
                "Any address that can route to the control plane may reach it: set masterAuthorizedNetworksConfig with the private ranges that " +
                    "administer the cluster and privateEndpointEnforcementEnabled true.",
            );
            return;
        }
        const blocks = readKnown(props, ["masterAuthorizedNetworksConfig", "cidrBlocks"]);
        (Array.isArray(blocks) ? blocks : []).forEach((_, i) => {
            const cidr = readKnown(props, ["masterAuthorizedNetworksConfig", "cidrBlocks", String(i), "cidrBlock"]);
            if (isWholeInternet(cidr)) {
                report(
                    `${formatPath(["masterAuthorizedNetworksConfig", "cidrBlocks", i])} (${String(cidr)}) authorizes every address to reach the control ` +
                        "plane: list only the ranges that administer the cluster.",
                );
            }
        });
        if (readKnown(props, ["masterAuthorizedNetworksConfig", "gcpPublicCidrsAccessEnabled"]) === true) {
            report("The public IPs of every Compute Engine VM may reach the control plane: set masterAuthorizedNetworksConfig.gcpPublicCidrsAccessEnabled to false.");
        }
        if (readKnown(props, ["masterAuthorizedNetworksConfig", "privateEndpointEnforcementEnabled"]) !== true) {
            report(
                "The authorized networks do not apply to the private endpoint, so any address in the VPC may reach it: set " +
                    "masterAuthorizedNetworksConfig.privateEndpointEnforcementEnabled to true (the default is false).",
            );
        }
    },
});
