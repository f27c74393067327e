import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

const ACL_TYPES: readonly string[] = S3_TYPES.acl;
/** The deprecated inline ACL inputs of the bucket itself. */
const INLINE_ACL_INPUTS = ["acl", "grants"] as const;

export default defineRule({
    id: "zt-aws-s3-owner-enforced",
    displayName: "S3 buckets disable ACLs (BucketOwnerEnforced)",
    description: 'Every S3 bucket has ownership controls with objectOwnership "BucketOwnerEnforced", and no bucket or BucketAcl resource grants access through ACLs.',
    rationale:
        "ACLs are a second, object-level permission system beside IAM and bucket policies: they are hard to audit, can make single objects public, and let another " +
        "account own objects written to your bucket. With BucketOwnerEnforced, S3 ignores ACLs and the bucket owner owns every object, so access is decided by " +
        "policy alone. New buckets default to it, but only a declared aws.s3.BucketOwnershipControls keeps it from being changed outside code unnoticed.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 4],
    cisaPillar: "Data",
    cis: "3.3",
    remediationSteps:
        'Add an aws.s3.BucketOwnershipControls whose bucket is the bucket\'s id, with rule: { objectOwnership: "BucketOwnerEnforced" }. Remove every aws.s3.BucketAcl and ' +
        "the bucket's acl and grants inputs; grant access through the bucket policy and IAM instead (log deliveries that once needed ACLs now use bucket policies).",
    validateStack: (args, report) => {
        const buckets = args.resources.filter(isS3Bucket);
        const acls = args.resources.filter((r) => ACL_TYPES.includes(r.type));
        if (buckets.length === 0 && acls.length === 0) {
            return args.notApplicable("the stack has no S3 buckets");
        }
        for (const bucket of buckets) {
            const inline = INLINE_ACL_INPUTS.filter((p) => {
                const v = readRaw(bucket.props, [p]);
                return v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
            });
            if (inline.length > 0) {
                const what = inline.length > 1 ? `the ${inline.join(" and ")} inputs, which grant` : `the ${inline[0]} input, which grants`;
                report(`This S3 bucket sets ${what} access through ACLs: remove ${inline.length > 1 ? "them" : "it"} and grant access through the bucket policy.`, bucket.urn);
            }
            const controls = companionsOf(args.resources, bucket, S3_TYPES.ownership);
            if (controls.length === 0) {
                report('This S3 bucket has no ownership controls: add an aws.s3.BucketOwnershipControls for it with rule.objectOwnership "BucketOwnerEnforced".', bucket.urn);
                continue;
            }
            const values = controls.map((c) => readRaw(c.props, ["rule", "objectOwnership"]));
            if (values.some((v) => v === "BucketOwnerEnforced" || isUnknown(v))) {
                continue;
            }
            report(`The ownership controls of this S3 bucket set objectOwnership "${String(values[0])}", which keeps ACLs in force: set rule.objectOwnership to "BucketOwnerEnforced".`, bucket.urn);
        }
        for (const acl of acls) {
            report("This S3 bucket ACL grants access through ACLs, which BucketOwnerEnforced disables: remove it and grant access through the bucket policy.", acl.urn);
        }
    },
});
