import { defineRule } from "../../lib/define-rule";
import { asNumber } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-storage-versioning",
    displayName: "Storage buckets keep what is overwritten or deleted",
    description:
        "Every Cloud Storage bucket sets versioning.enabled to true, or has a retention policy (retentionPolicy.retentionPeriod above 0), which Cloud " +
        "Storage does not allow together with versioning and which refuses the overwrites and deletions versioning would undo.",
    rationale:
        "Zero Trust assumes a breach: a stolen credential or a faulty job that can write to a bucket can also overwrite or delete what is in it. Object " +
        "Versioning keeps every replaced or deleted object as a noncurrent version that can be restored. A bucket retention policy protects more strongly " +
        "(nothing younger than the period can be replaced or deleted at all), and Cloud Storage refuses to enable versioning on a bucket that has one, so " +
        "either passes. Soft delete, on by default, only keeps deleted objects for 7 days and does not cover overwrites.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5],
    cisaPillar: "Data",
    cis: "11.2",
    remediationSteps:
        "Set versioning: { enabled: true } on the gcp.storage.Bucket, with a lifecycle rule that deletes noncurrent versions after the period you need " +
        "(condition { daysSinceNoncurrentTime, withState: \"ARCHIVED\" }), or give it a retention policy (zt-gcp-storage-retention) instead.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        if (readKnown(args.props, ["versioning", "enabled"]) === true) {
            return;
        }
        const period = asNumber(readKnown(args.props, ["retentionPolicy", "retentionPeriod"]));
        if (period === undefined || period <= 0) {
            report("An overwritten or deleted object in this bucket cannot be restored: set versioning.enabled to true, or give the bucket a retention policy.");
        }
    },
});
