import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES } from "../../lib/gcp-gke";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-artifactregistry-scanning",
    displayName: "Artifact Registry scans images and cleans up old versions",
    description:
        'Every standard or remote Artifact Registry repository leaves vulnerabilityScanningConfig.enablementConfig out or "INHERITED" (not ' +
        '"DISABLED"), declares cleanupPolicies with at least one DELETE policy, and does not set cleanupPolicyDryRun to true.',
    rationale:
        "Zero Trust continuously assesses the posture of what runs. Artifact Analysis scans every pushed image and keeps re-scanning it as new " +
        "CVEs are published, and its findings feed Security Command Center and the release pipeline's attestation. Cleanup policies remove " +
        "superseded versions, so an old image with known vulnerabilities cannot be pulled and run again long after it was replaced. A dry run " +
        "only logs what it would delete.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "7.5",
    remediationSteps:
        'On the gcp.artifactregistry.Repository leave vulnerabilityScanningConfig out (or set enablementConfig "INHERITED") and enable the ' +
        "Container Scanning API (containerscanning.googleapis.com) on the project; set cleanupPolicyDryRun: false and cleanupPolicies, e.g. a " +
        'DELETE policy for untagged versions ({ tagState: "UNTAGGED", olderThan: "2592000s" }) and a KEEP policy for the most recent releases ' +
        "(mostRecentVersions.keepCount). KEEP policies win over DELETE ones.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.repository) {
            return args.notApplicable(`${args.type} is not an Artifact Registry repository`);
        }
        if (readKnown(args.props, ["mode"]) === "VIRTUAL_REPOSITORY") {
            return args.notApplicable("a virtual repository stores no artifacts of its own");
        }
        if (readKnown(args.props, ["vulnerabilityScanningConfig", "enablementConfig"]) === "DISABLED") {
            report('Vulnerability scanning is off for this repository: set vulnerabilityScanningConfig.enablementConfig to "INHERITED" or leave it out.');
        }
        const policies = readKnown(args.props, ["cleanupPolicies"]);
        const deletes = (Array.isArray(policies) ? policies : []).filter((_, i) => readKnown(args.props, ["cleanupPolicies", String(i), "action"]) === "DELETE");
        if (deletes.length === 0) {
            report(
                "No cleanup policy deletes anything, so superseded and vulnerable versions stay pullable forever: add a DELETE policy to " +
                    "cleanupPolicies (e.g. untagged versions older than 30 days) next to KEEP policies for recent releases.",
            );
        }
        if (readKnown(args.props, ["cleanupPolicyDryRun"]) === true) {
            report("The cleanup policies only run as a dry run and delete nothing: set cleanupPolicyDryRun to false.");
        }
    },
});
