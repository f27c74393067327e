import { defineRule } from "../../lib/define-rule";
import { autoProvisioningDefaults, GCP_WORKLOAD_TYPES, isDefaultComputeAccount, knownString, nodeConfigs, NodeSettings, notClusterOrPool } from "../../lib/gcp-gke";
import { isUnknown, readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-gke-node-service-account",
    displayName: "GKE nodes run as a dedicated service account",
    description:
        "Every node configuration a GKE cluster or node pool declares (the default node pool's, inline pools, auto-provisioning and Autopilot " +
        "defaults) sets serviceAccount to a dedicated service account, not left out and not the Compute Engine default service account.",
    rationale:
        "A node's service account is what the kubelet, the logging and monitoring agents and, without Workload Identity, every pod on the node " +
        "act as. Left out, it is the Compute Engine default service account, shared with every VM of the project and, unless an organization " +
        "policy prevents it, granted the Editor role at creation: one compromised node could then change most of the project. A dedicated " +
        "account holds only what nodes need (roles/container.defaultNodeServiceAccount, image pulls from the registry) and is a distinct, " +
        "auditable identity that firewall rules can target.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    remediationSteps:
        "Set serviceAccount to the nodes' own service account (in this landing zone the app tier's, zt:gcp:Identity tierServiceAccounts.app) in " +
        "every nodeConfig: the cluster's own, which configures the default node pool GKE creates even when removeDefaultNodePool deletes it, " +
        "inline nodePools, each gcp.container.NodePool, and clusterAutoscaling.autoProvisioningDefaults with node auto-provisioning or " +
        "Autopilot. Grant it roles/container.defaultNodeServiceAccount and roles/artifactregistry.reader on the registry, nothing broader. " +
        "Changing it recreates the nodes.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster && args.type !== GCP_WORKLOAD_TYPES.nodePool) {
            return args.notApplicable(notClusterOrPool(args.type));
        }
        const blocks: NodeSettings[] = nodeConfigs(args.type, args.props);
        const auto = autoProvisioningDefaults(args.type, args.props);
        if (auto) {
            blocks.push(auto);
        }
        for (const node of blocks) {
            readKnown(args.props, node.path);
            // An account unknown during preview is another resource's output, never the default account.
            const account = readRaw(args.props, [...node.path, "serviceAccount"]);
            if (isUnknown(account)) {
                continue;
            }
            const email = knownString(account);
            if (email === undefined) {
                report(
                    `The nodes of ${node.nodes} run as the Compute Engine default service account: set ${node.label}.serviceAccount to a dedicated ` +
                        "least-privilege service account.",
                );
            } else if (isDefaultComputeAccount(email)) {
                report(
                    `The nodes of ${node.nodes} run as the Compute Engine default service account (${email}): set ${node.label}.serviceAccount to a ` +
                        "dedicated least-privilege service account.",
                );
            }
        }
    },
});
