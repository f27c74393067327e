import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_WORKLOAD_TYPES } from "../../lib/gcp-gke";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-artifactregistry-cmek",
    displayName: "Artifact Registry repositories are encrypted with a customer-managed key",
    description: "Every standard or remote Artifact Registry repository sets kmsKeyName to a Cloud KMS key.",
    rationale:
        "By default Artifact Registry encrypts with keys Google owns, so access to images and packages is governed by repository permissions " +
        "alone. A customer-managed key adds a second, independently controlled gate on every read: its use is audit-logged, its rotation is the " +
        "organization's, and disabling it makes the repository unreadable in an incident. Virtual repositories store nothing of their own.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [1, 6],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set kmsKeyName to the landing zone's registry key (zt:gcp:Data keys.registry, in the repository's location) on the " +
        "gcp.artifactregistry.Repository, after granting roles/cloudkms.cryptoKeyEncrypterDecrypter on that key to the Artifact Registry service " +
        "agent service-<project number>@gcp-sa-artifactregistry.iam.gserviceaccount.com. The key cannot change after creation: the repository is replaced.",
    validateResource: (args, report) => {
        if (args.type !== GCP_WORKLOAD_TYPES.repository) {
            return args.notApplicable(`${args.type} is not an Artifact Registry repository`);
        }
        if (readKnown(args.props, ["mode"]) === "VIRTUAL_REPOSITORY") {
            return args.notApplicable("a virtual repository stores no artifacts of its own");
        }
        // A key unknown during preview will be set.
        if (!isPresent(readRaw(args.props, ["kmsKeyName"]))) {
            report("The repository is encrypted with a Google-managed key: set kmsKeyName to the landing zone's registry key (creation-time only: it replaces the repository).");
        }
    },
});
