import { defineRule } from "../../lib/define-rule";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-storage-uniform-access",
    displayName: "Storage buckets use uniform bucket-level access",
    description: "Every Cloud Storage bucket sets uniformBucketLevelAccess to true.",
    rationale:
        "With fine-grained access every object carries its own ACL, next to the bucket's IAM policy: two systems decide who reads the data, and an object " +
        "ACL granting allUsers or a single user is invisible in the IAM policy that reviews, organization policies and IAM Recommender look at. Uniform " +
        "bucket-level access switches ACLs off, so IAM (with its conditions, deny policies and audit logs) is the one place access is decided. After 90 " +
        "days it cannot be switched back.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 4],
    cisaPillar: "Data",
    cis: "3.3",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "5.2" },
    remediationSteps:
        "Set uniformBucketLevelAccess: true on the gcp.storage.Bucket and grant access with gcp.storage.BucketIAMMember (roles/storage.objectViewer, " +
        "objectUser...) instead of object ACLs. Enforce it for the project with the storage.uniformBucketLevelAccess organization policy.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        if (readKnown(args.props, ["uniformBucketLevelAccess"]) !== true) {
            report("This bucket lets object ACLs grant access next to IAM: set uniformBucketLevelAccess to true.");
        }
    },
});
