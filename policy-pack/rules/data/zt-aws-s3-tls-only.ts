import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isTlsOnlyStatement } from "../../lib/aws-resource-policy";
import { containsUnknown, parsePolicyDocument } from "../../lib/iam-policy";
import { readRaw } from "../../lib/props";

const STATEMENT =
    'a statement with Effect "Deny", Principal "*", Action "s3:*", Resource the bucket\'s ARN and "<bucket ARN>/*", and Condition { Bool: { "aws:SecureTransport": "false" } }';

export default defineRule({
    id: "zt-aws-s3-tls-only",
    displayName: "S3 buckets refuse requests without TLS",
    description: 'Every S3 bucket has a bucket policy that denies all S3 actions to every principal on the bucket and its objects when aws:SecureTransport is "false".',
    rationale:
        "Zero Trust secures every connection regardless of where it comes from, including requests from inside the VPC or the AWS network. S3 still answers plain " +
        "HTTP, so a misconfigured client or SDK can send credentials-signed requests and data in clear text. Only an explicit Deny in the bucket policy makes S3 " +
        "refuse them for every caller, whatever IAM grants the caller holds.",
    severity: "high",
    pillar: "data",
    nistTenets: [2],
    cisaPillar: "Data",
    cis: "3.10",
    remediationSteps:
        'Add an aws.s3.BucketPolicy for the bucket (one policy per bucket: merge with its other statements) with a statement { Sid: "DenyInsecureTransport", Effect: "Deny", ' +
        'Principal: "*", Action: "s3:*", Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }. ' +
        'Optionally also deny old TLS versions with NumericLessThan { "s3:TlsVersion": "1.2" }.',
    validateStack: (args, report) => {
        const buckets = args.resources.filter(isS3Bucket);
        if (buckets.length === 0) {
            return args.notApplicable("the stack has no S3 buckets");
        }
        for (const bucket of buckets) {
            const policies = companionsOf(args.resources, bucket, S3_TYPES.policy);
            if (policies.length === 0) {
                report(`This S3 bucket has no bucket policy, so it accepts requests without TLS: add an aws.s3.BucketPolicy with ${STATEMENT}.`, bucket.urn);
                continue;
            }
            const documents = policies.map((p) => readRaw(p.props, ["policy"]));
            // A document unknown during preview will be known at deployment; it is not evidence of a gap.
            if (documents.some(containsUnknown)) {
                continue;
            }
            if (documents.some((d) => parsePolicyDocument(d)?.statements.some(isTlsOnlyStatement))) {
                continue;
            }
            report(`The bucket policy of this S3 bucket does not deny requests without TLS: add ${STATEMENT}.`, bucket.urn);
        }
    },
});
