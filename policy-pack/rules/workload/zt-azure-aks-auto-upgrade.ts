import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-aks-auto-upgrade",
    displayName: "AKS clusters and node images upgrade themselves",
    description:
        'Every AKS cluster sets autoUpgradeProfile.upgradeChannel to a channel ("patch", "stable", "rapid" or "node-image"), not left out or "none", ' +
        'and does not set autoUpgradeProfile.nodeOSUpgradeChannel to "None".',
    rationale:
        "Zero Trust keeps every asset in its most secure state, and for a cluster that means current Kubernetes patches and node images: CVEs in the " +
        "kubelet, container runtime and node OS are fixed only by upgrading. An upgrade channel makes AKS apply them in the planned maintenance window " +
        "instead of when someone remembers. The cluster channel defaults to none; the node OS channel defaults to NodeImage and must not be switched off.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        'Set autoUpgradeProfile: { upgradeChannel: "patch" (or "stable"), nodeOSUpgradeChannel: "NodeImage" } on the azure-native ' +
        "containerservice.ManagedCluster, and a containerservice.MaintenanceConfiguration (aksManagedAutoUpgradeSchedule) to choose when upgrades run.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        const channel = readKnown(args.props, ["autoUpgradeProfile", "upgradeChannel"]);
        if (channel === undefined || channel === null || channel === "" || isOneOf(channel, ["none"])) {
            report('The cluster is never upgraded automatically: set autoUpgradeProfile.upgradeChannel to "patch" or "stable" (the default is none).');
        }
        if (isOneOf(readKnown(args.props, ["autoUpgradeProfile", "nodeOSUpgradeChannel"]), ["None"])) {
            report('The nodes never receive OS security updates: set autoUpgradeProfile.nodeOSUpgradeChannel to "NodeImage" or "SecurityPatch".');
        }
    },
});
