import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-s3-versioning",
    displayName: "S3 buckets keep object versions",
    description: 'Every S3 bucket has versioning enabled: an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled", or Object Lock, which enables it.',
    rationale:
        "Zero Trust assumes a breach: a stolen credential or a faulty job that can write to a bucket can also overwrite or delete what is in it. Versioning keeps " +
        "every earlier version, so data destroyed by ransomware, a bad deployment or a mistake can be restored, and it is the prerequisite for Object Lock and " +
        "replication. A bucket created with objectLockEnabled has versioning switched on permanently by S3, so it passes without a BucketVersioning resource.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5],
    cisaPillar: "Data",
    cis: "11.2",
    remediationSteps:
        'Add an aws.s3.BucketVersioning whose bucket is the bucket\'s id, with versioningConfiguration: { status: "Enabled" }. Pair it with a lifecycle rule that expires ' +
        "noncurrent versions after the retention you need, so old versions do not accumulate cost.",
    validateStack: (args, report) => {
        const buckets = args.resources.filter(isS3Bucket);
        if (buckets.length === 0) {
            return args.notApplicable("the stack has no S3 buckets");
        }
        for (const bucket of buckets) {
            if (readRaw(bucket.props, ["objectLockEnabled"]) === true) {
                continue;
            }
            const configs = companionsOf(args.resources, bucket, S3_TYPES.versioning);
            if (configs.length === 0) {
                report('This S3 bucket has no versioning: add an aws.s3.BucketVersioning for it with versioningConfiguration.status "Enabled".', bucket.urn);
                continue;
            }
            const statuses = configs.map((c) => readRaw(c.props, ["versioningConfiguration", "status"]));
            // A status unknown during preview will be known at deployment; it is not evidence of a gap.
            if (statuses.some((s) => s === "Enabled" || isUnknown(s))) {
                continue;
            }
            const status = statuses[0];
            report(
                `Versioning of this S3 bucket is ${status === undefined ? "not set" : `"${String(status)}"`}: set versioningConfiguration.status to "Enabled" on its aws.s3.BucketVersioning.`,
                bucket.urn,
            );
        }
    },
});
