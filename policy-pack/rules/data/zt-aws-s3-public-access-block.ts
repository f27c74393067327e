import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

/** The four settings, in the order the S3 console and API list them. All default to false. */
export const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export default defineRule({
    id: "zt-aws-s3-public-access-block",
    displayName: "S3 buckets block all public access",
    description: "Every S3 bucket has an aws.s3.BucketPublicAccessBlock that sets blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.",
    rationale:
        "A Zero Trust data store is never reachable anonymously: every request must come from an authenticated, authorized principal. One permissive bucket policy " +
        "or ACL is enough to publish a bucket to the internet, and that mistake is the most common cause of S3 data leaks. The public access block overrides such " +
        "grants. The four settings default to false, so each must be set. A block on the account (aws.s3.AccountPublicAccessBlock) is a second layer, not a " +
        "replacement: it can be changed outside this stack, while the bucket's own block travels with the bucket.",
    severity: "critical",
    pillar: "data",
    nistTenets: [6, 2],
    cisaPillar: "Data",
    cis: "3.3",
    remediationSteps:
        "Add an aws.s3.BucketPublicAccessBlock whose bucket is the bucket's id, with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets " +
        "all true. Share data with other accounts through the bucket policy naming those principals, or through CloudFront with origin access control, never publicly.",
    validateStack: (args, report) => {
        const buckets = args.resources.filter(isS3Bucket);
        if (buckets.length === 0) {
            return args.notApplicable("the stack has no S3 buckets");
        }
        for (const bucket of buckets) {
            const blocks = companionsOf(args.resources, bucket, S3_TYPES.publicAccessBlock);
            if (blocks.length === 0) {
                report(
                    "This S3 bucket has no public access block: add an aws.s3.BucketPublicAccessBlock for it with blockPublicAcls, blockPublicPolicy, " +
                        "ignorePublicAcls and restrictPublicBuckets all true.",
                    bucket.urn,
                );
                continue;
            }
            // A value unknown during preview will be known at deployment; it is not evidence of a gap.
            const missing = PUBLIC_ACCESS_SETTINGS.filter(
                (s) =>
                    !blocks.some((b) => {
                        const v = readRaw(b.props, [s]);
                        return v === true || isUnknown(v);
                    }),
            );
            if (missing.length > 0) {
                report(
                    `The public access block of this S3 bucket does not set ${missing.join(", ")} to true (they default to false): set all four settings to true.`,
                    bucket.urn,
                );
            }
        }
    },
});
