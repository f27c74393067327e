import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { GCP_IAM_TYPES } from "../../lib/gcp-iam";

/** Long-lived credentials of a service account, and what each message calls it. */
const KEYS: Readonly<Record<string, string>> = {
    [GCP_IAM_TYPES.serviceAccountKey]: "This service account key is a long-lived credential that works from anywhere once downloaded",
    [GCP_IAM_TYPES.hmacKey]: "This HMAC key is a long-lived Cloud Storage credential of a service account",
};

export default defineRule({
    id: "zt-gcp-iam-no-sa-keys",
    displayName: "No service account keys",
    description: "A GCP stack declares no service account key (serviceaccount.Key, generated or uploaded) and no Cloud Storage HMAC key (storage.HmacKey).",
    rationale:
        "A user-managed key is a private key that authenticates as the service account from anywhere, valid until someone deletes it (ten years by " +
        "default), and once downloaded it is outside Google's control: copied into CI variables, laptops and repositories. An HMAC key is the same " +
        "for Cloud Storage's XML API. Zero Trust workloads prove who they are per session instead: an attached service account on Google Cloud, " +
        "Workload Identity on GKE, and Workload Identity Federation (short-lived tokens exchanged for an OIDC token) for GitHub Actions and other " +
        "clouds. The iam.disableServiceAccountKeyCreation organization policy enforces the same for keys at the API.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "1.4" },
    remediationSteps:
        "Delete the serviceaccount.Key or storage.HmacKey. Run the workload as the service account (attached to the VM or node pool, or impersonated " +
        "through GKE Workload Identity), or federate the external caller with an iam.WorkloadIdentityPoolProvider and grant its principal " +
        "roles/iam.workloadIdentityUser on the service account.",
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        for (const r of args.resources) {
            const what = KEYS[r.type];
            if (what) {
                report(`${what}: delete it and let the workload authenticate as the service account through an attached account, GKE Workload Identity or Workload Identity Federation.`, r.urn);
            }
        }
    },
});
