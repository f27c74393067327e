import { defineRule } from "../../lib/define-rule";
import { isPresent } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-storage-cmek",
    displayName: "Storage buckets encrypt with a customer-managed key",
    description: "Every Cloud Storage bucket sets encryption.defaultKmsKeyName to a Cloud KMS key.",
    rationale:
        "Google encrypts every object, but with Google-managed keys anyone Google authorizes can decrypt it and nothing in the project's IAM or audit logs " +
        "shows it. With a customer-managed key, every read goes through a key the landing zone owns: access to it is an IAM decision (granted to the " +
        "storage service agent only), every use is logged, rotation follows zt-gcp-kms-rotation, and disabling the key is a kill switch for the data.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 1],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set encryption: { defaultKmsKeyName: <the storage key's full name, projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/storage> } on the " +
        "gcp.storage.Bucket, in the bucket's location, and grant roles/cloudkms.cryptoKeyEncrypterDecrypter on the key to the Cloud Storage service agent " +
        "(service-<project number>@gs-project-accounts.iam.gserviceaccount.com) before the bucket is created.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        if (!isPresent(readRaw(args.props, ["encryption", "defaultKmsKeyName"]))) {
            report("This bucket encrypts with Google-managed keys: set encryption.defaultKmsKeyName to the landing zone's storage key.");
        }
    },
});
