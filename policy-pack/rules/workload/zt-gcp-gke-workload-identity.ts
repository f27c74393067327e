import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, isAutopilot, knownString, nodeConfigs, notClusterOrPool, shown } from "../../lib/gcp-gke";
import { isUnknown, readKnown, readRaw } from "../../lib/props";

const POOL_SUFFIX = ".svc.id.goog";

export default defineRule({
    id: "zt-gcp-gke-workload-identity",
    displayName: "GKE workloads use Workload Identity",
    description:
        'Every GKE cluster sets workloadIdentityConfig.workloadPool ("<project>.svc.id.goog"), and every node configuration it or a node pool ' +
        'declares sets workloadMetadataConfig.mode to "GKE_METADATA". Autopilot clusters always have both.',
    rationale:
        "Pods that call Google APIs need an identity. Without Workload Identity they use the node's service account, which every pod on the node " +
        "shares, or a service-account key kept in a Secret. Workload Identity maps each Kubernetes service account to its own Google service " +
        "account with short-lived tokens and no key to leak. The GKE metadata server on the nodes is what enforces it: with GCE_METADATA any pod " +
        "can read the node's metadata and obtain the node's credentials, bypassing the per-workload identities.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 3],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        'Set workloadIdentityConfig: { workloadPool: "<project>.svc.id.goog" } on the gcp.container.Cluster and workloadMetadataConfig: { mode: ' +
        '"GKE_METADATA" } in every nodeConfig (the cluster\'s own, which configures the default node pool, inline nodePools, and each ' +
        "gcp.container.NodePool). Give each workload a Google service account and let its Kubernetes service account impersonate it with " +
        "roles/iam.workloadIdentityUser on member serviceAccount:<project>.svc.id.goog[<namespace>/<name>]. Changing the metadata mode recreates the nodes.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster && args.type !== GCP_WORKLOAD_TYPES.nodePool) {
            return args.notApplicable(notClusterOrPool(args.type));
        }
        if (args.type === GCP_WORKLOAD_TYPES.cluster && !isAutopilot(args.props)) {
            // Through the proxy for the block, raw for the pool: a pool unknown during preview will be set.
            readKnown(args.props, ["workloadIdentityConfig"]);
            const pool = readRaw(args.props, ["workloadIdentityConfig", "workloadPool"]);
            const known = knownString(pool);
            if (!isUnknown(pool) && known === undefined) {
                report(
                    "Workload Identity is off, so pods reach Google APIs only as the node's service account: set workloadIdentityConfig.workloadPool " +
                        'to "<project>.svc.id.goog".',
                );
            } else if (known !== undefined && !known.endsWith(POOL_SUFFIX)) {
                report(`workloadIdentityConfig.workloadPool is ${JSON.stringify(known)}, which is not a workload pool: set it to "<project>${POOL_SUFFIX}".`);
            }
        }
        for (const node of nodeConfigs(args.type, args.props)) {
            const mode = readKnown(args.props, [...node.path, "workloadMetadataConfig", "mode"]);
            if (mode === undefined || mode === null || mode === "") {
                report(
                    `${node.label}.workloadMetadataConfig.mode is not set, so whether pods on ${node.nodes} can obtain the node's credentials is left ` +
                        'to GKE\'s defaults: set it to "GKE_METADATA".',
                );
            } else if (mode !== "GKE_METADATA") {
                report(
                    `${node.label}.workloadMetadataConfig.mode is ${shown(mode)}, so pods on ${node.nodes} can obtain the node's credentials from its ` +
                        'metadata server: set it to "GKE_METADATA".',
                );
            }
        }
    },
});
