import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, isAutopilot } from "../../lib/gcp-gke";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-gke-network-policy",
    displayName: "GKE enforces Kubernetes network policies",
    description:
        'Every GKE cluster sets datapathProvider to "ADVANCED_DATAPATH" (Dataplane V2), or networkPolicy.enabled to true with the network policy ' +
        "add-on on (addonsConfig.networkPolicyConfig.disabled false). Autopilot clusters always use Dataplane V2.",
    rationale:
        "Without an enforcing dataplane every pod can reach every other pod in every namespace, so one compromised workload can probe and attack " +
        "all the others. Zero Trust segments down to the workload: with enforcement, NetworkPolicy objects can default-deny each namespace and " +
        "allow only the flows a service needs. GKE Standard's default dataplane ignores NetworkPolicy objects silently.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "13.4",
    remediationSteps:
        'Set datapathProvider: "ADVANCED_DATAPATH" on the gcp.container.Cluster (Dataplane V2, eBPF-based, with network policy logging); it can ' +
        "only be chosen when the cluster is created, so changing it replaces the cluster. For an existing cluster on the legacy dataplane, set " +
        'networkPolicy: { enabled: true, provider: "CALICO" } and addonsConfig: { networkPolicyConfig: { disabled: false } }. Then deploy a ' +
        "default-deny NetworkPolicy per namespace and allow the flows each service needs.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not a GKE cluster`);
        }
        if (isAutopilot(args.props) || readKnown(args.props, ["datapathProvider"]) === "ADVANCED_DATAPATH") {
            return;
        }
        if (readKnown(args.props, ["networkPolicy", "enabled"]) !== true) {
            report(
                'Every pod in the cluster can reach every other pod: set datapathProvider to "ADVANCED_DATAPATH" (creation-time only), or ' +
                    'networkPolicy to { enabled: true, provider: "CALICO" } with the network policy add-on.',
            );
        } else if (readKnown(args.props, ["addonsConfig", "networkPolicyConfig", "disabled"]) !== false) {
            report("networkPolicy.enabled is true but the network policy add-on is off, so the nodes enforce nothing: set addonsConfig.networkPolicyConfig.disabled to false.");
        }
    },
});
