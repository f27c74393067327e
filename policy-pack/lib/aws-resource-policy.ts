/**
 * What the data and visibility rules need to know about AWS resource policies (bucket and key
 * policies) and AWS managed keys, on top of the document parsing in ./iam-policy.
 */
import { coversAction, isDeny, PolicyStatement, wildcardMatch } from "./iam-policy";

/**
 * True when a key reference names the AWS managed key of a service (`alias/aws/s3`, or an alias
 * ARN ending in it). Those keys' policies are owned by AWS and allow any principal of the account
 * that may use the service, so they add no authorization of their own.
 */
export function isAwsManagedKey(key: string, service: string): boolean {
    const alias = `alias/aws/${service}`.toLowerCase();
    const k = key.toLowerCase();
    return k === alias || k.endsWith(`:${alias}`);
}

/** The condition operators that test a boolean key. */
const BOOL_OPERATORS = ["bool", "boolifexists"];

/** True when the statement tests `aws:SecureTransport` against false (the TLS-only pattern). */
export function testsInsecureTransport(stmt: PolicyStatement): boolean {
    return stmt.condition.some(
        (c) => BOOL_OPERATORS.includes(c.operator.toLowerCase()) && c.key.toLowerCase() === "aws:securetransport" && c.values.some((v) => v.toLowerCase() === "false"),
    );
}

/** True when the statement applies to every principal: `"*"` or `{ "AWS": "*" }`, and no NotPrincipal. */
export function coversEveryPrincipal(stmt: PolicyStatement): boolean {
    return stmt.notPrincipal.length === 0 && stmt.principal.some((p) => p.value === "*" && (p.type === "*" || p.type === "AWS"));
}

/**
 * The Action patterns of the statement that cover every action of a service (`s3:*`, `*`): a
 * pattern ending in `*` that already matches the bare prefix "s3:" matches "s3:" followed by anything.
 */
export function serviceWildcards(stmt: PolicyStatement, service: string): string[] {
    return stmt.action.filter((a) => a.endsWith("*") && wildcardMatch(a, `${service}:`));
}

/** True when the statement's Action covers every S3 action. */
export function coversAllS3Actions(stmt: PolicyStatement): boolean {
    return serviceWildcards(stmt, "s3").length > 0;
}

/**
 * True when the statement's Resource covers both the bucket and its objects: `*`, or a pattern
 * that matches objects (ends in `/*`) together with one that matches the bucket itself.
 */
export function coversBucketAndObjects(stmt: PolicyStatement): boolean {
    if (stmt.notResource.length > 0) {
        return false;
    }
    if (stmt.resource.includes("*")) {
        return true;
    }
    const objects = stmt.resource.some((r) => r.endsWith("/*"));
    const bucket = stmt.resource.some((r) => !r.includes("/") && r.toLowerCase().startsWith("arn:"));
    return objects && bucket;
}

/** A Deny of every S3 action to everyone on the bucket and its objects when the request is not TLS. */
export function isTlsOnlyStatement(stmt: PolicyStatement): boolean {
    return isDeny(stmt) && coversEveryPrincipal(stmt) && coversAllS3Actions(stmt) && coversBucketAndObjects(stmt) && testsInsecureTransport(stmt);
}

/**
 * KMS actions that administer a key (change who may use it, or destroy it) and actions that use
 * it. A statement granting both joins the two roles a key policy keeps apart.
 */
export const KMS_MANAGEMENT_ACTIONS = [
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:DisableKey",
    "kms:EnableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKeyRotation",
    "kms:RotateKeyOnDemand",
    "kms:CreateAlias",
    "kms:UpdateAlias",
    "kms:DeleteAlias",
    "kms:UpdateKeyDescription",
    "kms:UpdatePrimaryRegion",
    "kms:ReplicateKey",
    "kms:ImportKeyMaterial",
    "kms:DeleteImportedKeyMaterial",
    "kms:RevokeGrant",
    "kms:TagResource",
    "kms:UntagResource",
] as const;

export const KMS_USE_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair",
    "kms:GenerateDataKeyPairWithoutPlaintext",
    "kms:Sign",
    "kms:Verify",
    "kms:GenerateMac",
    "kms:VerifyMac",
    "kms:DeriveSharedSecret",
] as const;

/** The actions of `catalogue` that the statement's Action (or NotAction) covers. */
export function coveredActions(stmt: PolicyStatement, catalogue: readonly string[]): string[] {
    return catalogue.filter((a) => coversAction(stmt, a));
}
