import { defineRule } from "../../lib/define-rule";
import { autoProvisioningDefaults, GCP_WORKLOAD_TYPES, isAutopilot, nodeConfigs, NodeSettings, notClusterOrPool } from "../../lib/gcp-gke";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-gke-shielded-nodes",
    displayName: "GKE nodes are shielded and boot securely",
    description:
        "Every GKE cluster leaves enableShieldedNodes out or true, and every node configuration it or a node pool declares (auto-provisioning " +
        "defaults included) sets shieldedInstanceConfig.enableSecureBoot to true and does not turn integrity monitoring off. Autopilot nodes always are.",
    rationale:
        "A node that runs a tampered bootloader or kernel compromises every pod on it and can impersonate a legitimate node to the control plane. " +
        "Shielded GKE nodes give each node a verifiable vTPM identity, checked before it may join the cluster, and measured boot with integrity " +
        "monitoring; Secure Boot additionally refuses to start boot components whose signature does not verify. Shielded nodes are on by default, " +
        "but Secure Boot is off unless the node configuration asks for it.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        "Leave enableShieldedNodes out (or true) on the gcp.container.Cluster, and set shieldedInstanceConfig: { enableSecureBoot: true, " +
        "enableIntegrityMonitoring: true } in every nodeConfig (the cluster's own, which configures the default node pool, inline nodePools, each " +
        "gcp.container.NodePool) and in clusterAutoscaling.autoProvisioningDefaults when node auto-provisioning is on. Secure Boot refuses " +
        "unsigned third-party kernel modules; changing it recreates the nodes.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster && args.type !== GCP_WORKLOAD_TYPES.nodePool) {
            return args.notApplicable(notClusterOrPool(args.type));
        }
        if (args.type === GCP_WORKLOAD_TYPES.cluster && isAutopilot(args.props)) {
            return;
        }
        if (args.type === GCP_WORKLOAD_TYPES.cluster && readKnown(args.props, ["enableShieldedNodes"]) === false) {
            report("Shielded GKE nodes are off, so nodes join without a verified identity: set enableShieldedNodes to true or leave it out (the default is true).");
        }
        const blocks: NodeSettings[] = nodeConfigs(args.type, args.props);
        const auto = autoProvisioningDefaults(args.type, args.props);
        if (auto) {
            blocks.push(auto);
        }
        for (const node of blocks) {
            if (readKnown(args.props, [...node.path, "shieldedInstanceConfig", "enableSecureBoot"]) !== true) {
                report(`The nodes of ${node.nodes} boot without Secure Boot: set ${node.label}.shieldedInstanceConfig.enableSecureBoot to true (the default is false).`);
            }
            if (readKnown(args.props, [...node.path, "shieldedInstanceConfig", "enableIntegrityMonitoring"]) === false) {
                report(
                    `The nodes of ${node.nodes} have integrity monitoring off: set ${node.label}.shieldedInstanceConfig.enableIntegrityMonitoring to ` +
                        "true or leave it out (the default is true).",
                );
            }
        }
    },
});
