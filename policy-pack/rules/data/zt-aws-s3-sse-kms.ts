import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isPlainObject, isUnknown, readRaw } from "../../lib/props";
import { isAwsManagedKey } from "../../lib/aws-resource-policy";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

/** What is wrong with one encryption configuration (empty when compliant), each a phrase after "The default encryption of this S3 bucket". */
function gapsOf(config: PolicyResource): string[] {
    const rules = readRaw(config.props, ["rules"]);
    if (isUnknown(rules)) {
        return [];
    }
    const list = Array.isArray(rules) ? rules.map((r) => readRaw(r, [])) : [];
    const rule = list.find((r) => isPlainObject(r) && readRaw(r, ["applyServerSideEncryptionByDefault"]) !== undefined);
    if (!rule) {
        return ['has no rules[].applyServerSideEncryptionByDefault: add one with sseAlgorithm "aws:kms", kmsMasterKeyId set to a customer-managed key and bucketKeyEnabled true'];
    }
    const byDefault = readRaw(rule, ["applyServerSideEncryptionByDefault"]);
    if (isUnknown(byDefault)) {
        return [];
    }
    const algorithm = readRaw(byDefault, ["sseAlgorithm"]);
    if (isUnknown(algorithm)) {
        return [];
    }
    if (!KMS_ALGORITHMS.includes(String(algorithm))) {
        return [`uses sseAlgorithm "${String(algorithm)}", not KMS: set sseAlgorithm to "aws:kms" with kmsMasterKeyId set to a customer-managed key and bucketKeyEnabled true`];
    }
    const gaps: string[] = [];
    const key = readRaw(byDefault, ["kmsMasterKeyId"]);
    if (key === undefined || key === "") {
        gaps.push("has no kmsMasterKeyId, so S3 uses the AWS managed key aws/s3: set kmsMasterKeyId to the ARN of a customer-managed key");
    } else if (typeof key === "string" && isAwsManagedKey(key, "s3")) {
        gaps.push(`uses the AWS managed key aws/s3 (kmsMasterKeyId "${key}"): set kmsMasterKeyId to the ARN of a customer-managed key`);
    }
    // S3 Bucket Keys do not apply to dual-layer (DSSE-KMS) encryption.
    const bucketKey = readRaw(rule, ["bucketKeyEnabled"]);
    if (algorithm === "aws:kms" && bucketKey !== true && !isUnknown(bucketKey)) {
        gaps.push("does not enable an S3 Bucket Key: set bucketKeyEnabled to true");
    }
    return gaps;
}

export default defineRule({
    id: "zt-aws-s3-sse-kms",
    displayName: "S3 buckets encrypt with a customer-managed KMS key",
    description:
        'Every S3 bucket has a default encryption configuration with sseAlgorithm "aws:kms" (or "aws:kms:dsse"), a customer-managed kmsMasterKeyId and, for aws:kms, bucketKeyEnabled true.',
    rationale:
        "S3 encrypts every object by default, but with keys whose use nobody can restrict (SSE-S3) or with the AWS managed key aws/s3, whose policy lets any principal " +
        "of the account that can read the bucket decrypt. A customer-managed key adds a second, independent authorization: reading an object needs both the S3 grant " +
        "and the key policy's, every decryption is logged in CloudTrail, and disabling the key cuts off all access at once. The S3 Bucket Key keeps the KMS request " +
        "rate and cost of that design low. Settings made through the bucket's deprecated inline arguments are not read: aws v7 keeps them in separate resources.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 1],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        'Add an aws.s3.BucketServerSideEncryptionConfiguration whose bucket is the bucket\'s id, with rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", ' +
        "kmsMasterKeyId: <customer-managed key ARN> }, bucketKeyEnabled: true }]. In this project the data key of zt:aws:Data (or the logs key for the log archive) is that key.",
    validateStack: (args, report) => {
        const buckets = args.resources.filter(isS3Bucket);
        if (buckets.length === 0) {
            return args.notApplicable("the stack has no S3 buckets");
        }
        for (const bucket of buckets) {
            const configs = companionsOf(args.resources, bucket, S3_TYPES.encryption);
            if (configs.length === 0) {
                report(
                    "This S3 bucket has no default encryption configuration: add an aws.s3.BucketServerSideEncryptionConfiguration for it with " +
                        'sseAlgorithm "aws:kms", kmsMasterKeyId set to a customer-managed key and bucketKeyEnabled true.',
                    bucket.urn,
                );
                continue;
            }
            const all = configs.map(gapsOf);
            if (all.some((g) => g.length === 0)) {
                continue;
            }
            for (const gap of all[0]) {
                report(`The default encryption of this S3 bucket ${gap}.`, bucket.urn);
            }
        }
    },
});
