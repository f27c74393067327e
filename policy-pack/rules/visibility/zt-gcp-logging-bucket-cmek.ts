import { defineRule } from "../../lib/define-rule";
import { isPresent } from "../../lib/aws-props";
import { LOG_BUCKET_TYPES } from "../../lib/gcp-logging";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-logging-bucket-cmek",
    displayName: "Log buckets encrypt with a customer-managed key",
    description: "Every Cloud Logging bucket configuration (project, folder, organization, billing account) sets cmekSettings.kmsKeyName.",
    rationale:
        "Audit logs describe every identity, resource and access in the landing zone: a map for an attacker. With a customer-managed key every read of the " +
        "logs goes through a key the landing zone owns, logged and revocable, and the logs cannot be read by anyone the key's IAM policy does not allow, " +
        "instead of Google-managed encryption nothing in the project controls. CMEK cannot be removed from a log bucket once set.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [6, 7],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set cmekSettings: { kmsKeyName: <the logs key, in the bucket's region> } on the gcp.logging.ProjectBucketConfig (or folder/organization bucket " +
        "config), and first grant roles/cloudkms.cryptoKeyEncrypterDecrypter on the key to the Cloud Logging service account (the serviceAccountId " +
        "that gcp.logging.getProjectCmekSettings reports, a gcp-sa-logging.iam.gserviceaccount.com address); the bucket cannot be created otherwise.",
    validateResource: (args, report) => {
        if (!LOG_BUCKET_TYPES.includes(args.type)) {
            return args.notApplicable(`${args.type} is not a log bucket`);
        }
        if (!isPresent(readRaw(args.props, ["cmekSettings", "kmsKeyName"]))) {
            report("The log bucket encrypts its logs with Google-managed keys: set cmekSettings.kmsKeyName to the landing zone's logs key.");
        }
    },
});
