import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, shown } from "../../lib/gcp-gke";
import { readKnown } from "../../lib/props";

/** Channels that upgrade the control plane and nodes automatically; EXTENDED still receives security patches. */
const CHANNELS = ["RAPID", "REGULAR", "STABLE", "EXTENDED"];

export default defineRule({
    id: "zt-gcp-gke-release-channel",
    displayName: "GKE clusters follow a release channel",
    description: `Every GKE cluster sets releaseChannel.channel to a release channel (${CHANNELS.join(", ")}), not left out or "UNSPECIFIED".`,
    rationale:
        "Zero Trust keeps every asset in its most secure state, and for a cluster that means current Kubernetes patches and node images: CVEs in " +
        "the kubelet, container runtime and node OS are fixed only by upgrading. On a release channel GKE upgrades the control plane and the " +
        "nodes itself, within the maintenance windows, and node auto-upgrade cannot be switched off; without one, versions are pinned by hand " +
        "and drift. The channel is stated explicitly so that the upgrade policy is reviewed with the code rather than left to an API default.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "7.3",
    remediationSteps:
        'Set releaseChannel: { channel: "REGULAR" } (or "STABLE") on the gcp.container.Cluster, leave minMasterVersion and node pool versions ' +
        "unset, and choose when upgrades run with maintenancePolicy (a recurring window, and exclusions for freeze periods).",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not a GKE cluster`);
        }
        const channel = readKnown(args.props, ["releaseChannel", "channel"]);
        if (typeof channel !== "string" || !CHANNELS.includes(channel)) {
            report(`The cluster follows no release channel (releaseChannel.channel is ${shown(channel)}): set it to "REGULAR" or "STABLE" so GKE upgrades it with security patches.`);
        }
    },
});
