import { PolicyResource } from "@pulumi/policy";
import { defineRule, Report } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES, shown } from "../../lib/gcp-gke";
import { formatPath, isUnknown, readRaw } from "../../lib/props";

const ENFORCE = "PROJECT_SINGLETON_POLICY_ENFORCE";
const BLOCK = "ENFORCED_BLOCK_AND_AUDIT_LOG";
/** Evaluation modes that admit only vetted images: attested ones, or none at all. */
const STRICT_MODES = ["REQUIRE_ATTESTATION", "ALWAYS_DENY"];

/** Judges one admission rule (the default one or a per-cluster one) of a policy. */
function checkAdmissionRule(policy: PolicyResource, path: (string | number)[], report: Report): void {
    const rule = readRaw(policy.props, path.map(String));
    const label = formatPath(path);
    if (isUnknown(rule)) {
        return;
    }
    if (rule === undefined || rule === null) {
        report(`The policy has no ${label}: set one with evaluationMode "REQUIRE_ATTESTATION" and enforcementMode "${BLOCK}".`, policy.urn);
        return;
    }
    const evaluation = readRaw(rule, ["evaluationMode"]);
    if (evaluation === "ALWAYS_ALLOW") {
        report(`${label} admits every image (ALWAYS_ALLOW): set evaluationMode to "REQUIRE_ATTESTATION" and list the landing zone's attestor.`, policy.urn);
    } else if (!isUnknown(evaluation) && !STRICT_MODES.includes(String(evaluation))) {
        report(`${label}.evaluationMode is ${shown(evaluation)}: set it to "REQUIRE_ATTESTATION" and list the landing zone's attestor.`, policy.urn);
    } else if (evaluation === "REQUIRE_ATTESTATION") {
        const attestors = readRaw(rule, ["requireAttestationsBies"]);
        if (!isUnknown(attestors) && !(Array.isArray(attestors) && attestors.length > 0)) {
            report(`${label} requires attestations but names no attestor: list the landing zone's attestor in requireAttestationsBies.`, policy.urn);
        }
    }
    const enforcement = readRaw(rule, ["enforcementMode"]);
    if (enforcement !== BLOCK && !isUnknown(enforcement)) {
        report(`${label}.enforcementMode is ${shown(enforcement)}, so images it rejects still run: set it to "${BLOCK}".`, policy.urn);
    }
}

export default defineRule({
    id: "zt-gcp-gke-binary-authorization",
    displayName: "GKE admits only attested images",
    description:
        `Every GKE cluster sets binaryAuthorization.evaluationMode to "${ENFORCE}", and the stack declares the project's Binary Authorization ` +
        `policy, whose default and per-cluster admission rules require attestation by at least one attestor (or deny outright) with ` +
        `enforcementMode "${BLOCK}". No rule is ALWAYS_ALLOW, and no exempt image pattern is a bare wildcard.`,
    rationale:
        "A cluster runs whatever image a pod names unless something checks it at admission. Binary Authorization admits only images that the " +
        "release pipeline attested (built from the repository, scanned, signed with a key in Cloud KMS), so a stolen deploy credential or a " +
        "typo-squatted image cannot start a container. The cluster's setting only says which policy to enforce: the project's policy decides, " +
        "and the one a project starts with admits every image. Dry-run enforcement only logs.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 4],
    cisaPillar: "Applications and Workloads",
    cis: "2.5",
    remediationSteps:
        `Set binaryAuthorization: { evaluationMode: "${ENFORCE}" } on the gcp.container.Cluster. Declare a gcp.binaryauthorization.Policy with ` +
        `defaultAdmissionRule: { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "${BLOCK}", requireAttestationsBies: [<the ` +
        'attestor>] } and globalPolicyEvaluationMode "ENABLE" (Google\'s system images), plus a gcp.binaryauthorization.Attestor whose ' +
        "public key is the Cloud KMS signing key the pipeline attests with. For break-glass, use the documented annotation, which is audit-logged, " +
        "rather than loosening the policy.",
    validateStack: (args, report) => {
        const clusters = args.resources.filter((r) => r.type === GCP_WORKLOAD_TYPES.cluster);
        const policies = args.resources.filter((r) => r.type === GCP_WORKLOAD_TYPES.binauthzPolicy);
        if (clusters.length === 0 && policies.length === 0) {
            return args.notApplicable("the stack has no GKE cluster and no Binary Authorization policy");
        }
        for (const cluster of clusters) {
            const mode = readRaw(cluster.props, ["binaryAuthorization", "evaluationMode"]);
            if (isUnknown(mode)) {
                continue;
            }
            if (mode !== ENFORCE) {
                const deprecated = mode === undefined && readRaw(cluster.props, ["binaryAuthorization", "enabled"]) === true;
                const now = deprecated ? "not set (binaryAuthorization.enabled is deprecated)" : shown(mode);
                report(`The cluster admits any image: binaryAuthorization.evaluationMode is ${now}; set it to "${ENFORCE}".`, cluster.urn);
            } else if (policies.length === 0) {
                report(
                    "The cluster enforces the project's Binary Authorization policy, but the stack declares none, and a project's initial policy admits " +
                        "every image: add a gcp.binaryauthorization.Policy that requires attestation.",
                    cluster.urn,
                );
            }
        }
        for (const policy of policies) {
            checkAdmissionRule(policy, ["defaultAdmissionRule"], report);
            const perCluster = readRaw(policy.props, ["clusterAdmissionRules"]);
            (Array.isArray(perCluster) ? perCluster : []).forEach((_, i) => checkAdmissionRule(policy, ["clusterAdmissionRules", i], report));
            const patterns = readRaw(policy.props, ["admissionWhitelistPatterns"]);
            (Array.isArray(patterns) ? patterns : []).forEach((_, i) => {
                const pattern = readRaw(policy.props, ["admissionWhitelistPatterns", String(i), "namePattern"]);
                if (typeof pattern === "string" && /^\*+$/.test(pattern.trim())) {
                    report(
                        `${formatPath(["admissionWhitelistPatterns", i])} exempts every image from the policy: remove it, or exempt named images ` +
                            "(registry/path/image) only.",
                        policy.urn,
                    );
                }
            });
        }
    },
});
