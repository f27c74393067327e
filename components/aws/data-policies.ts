/**
 * Pure builders for the Data pillar's policy documents (KMS key policies, bucket policies). They
 * take plain strings and return plain objects, so they are unit-tested without a program and the
 * component only serialises them.
 */
import type { KeyPurpose } from "./data";
import { denyInsecureTransport } from "./policy-statements";

/** One IAM policy statement, as the documents below write them. */
export interface Statement {
    Sid: string;
    Effect: "Allow" | "Deny";
    Principal: { AWS: string | string[] } | { Service: string | string[] } | "*";
    Action: string | string[];
    Resource: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}


export interface KeyPolicyContext {
    accountId: string;
    region: string;
    /** ArnLike patterns on `aws:PrincipalArn` for the key administrators. */
    adminArnPatterns: string[];
}

/**
 * What administrators may do: manage the key's life cycle, never use it. `kms:CreateAlias` is
 * listed instead of the usual `kms:Create*`, because that wildcard includes `kms:CreateGrant`, with
 * which an administrator could grant itself Decrypt and so undo the separation.
 */
export const KEY_ADMIN_ACTIONS = [
    "kms:CreateAlias",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
];

/** What users may do: cryptographic operations only. */
export const KEY_USER_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"];

/** Services whose calls on behalf of the account's principals may use each key (`kms:ViaService`). */
export const KEY_VIA_SERVICES: Record<KeyPurpose, string[]> = {
    logs: ["s3", "sns", "logs", "states", "lambda"],
    data: ["s3", "ecr"],
    // EKS encrypts Kubernetes secrets (envelope encryption) with the secrets key.
    secrets: ["secretsmanager", "eks"],
    ebs: ["ec2"],
};

const accountRoot = (accountId: string) => `arn:aws:iam::${accountId}:root`;
const serviceLinkedRole = (accountId: string, service: string, role: string) =>
    `arn:aws:iam::${accountId}:role/aws-service-role/${service}/${role}`;

/** The Macie service-linked role, which reads bucket objects to classify them. */
export const macieRoleArn = (accountId: string) => serviceLinkedRole(accountId, "macie.amazonaws.com", "AWSServiceRoleForAmazonMacie");
/** The EC2 Auto Scaling service-linked role, which launches node-group instances with encrypted volumes. */
export const autoScalingRoleArn = (accountId: string) => serviceLinkedRole(accountId, "autoscaling.amazonaws.com", "AWSServiceRoleForAutoScaling");

/** Statements every key shares: administration by pattern, and use by the account only through the purpose's services. */
function commonStatements(purpose: KeyPurpose, ctx: KeyPolicyContext): Statement[] {
    const root = { AWS: accountRoot(ctx.accountId) };
    const via = {
        "kms:CallerAccount": ctx.accountId,
        "kms:ViaService": KEY_VIA_SERVICES[purpose].map((s) => `${s}.${ctx.region}.amazonaws.com`),
    };
    return [
        {
            // The account root delegates to IAM; the ArnLike condition narrows it to the admin roles, which
            // do not need to exist yet (a principal ARN in a key policy must exist when the policy is set).
            Sid: "KeyAdministration",
            Effect: "Allow",
            Principal: root,
            Action: KEY_ADMIN_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "aws:PrincipalArn": ctx.adminArnPatterns } },
        },
        {
            Sid: "AccountUseThroughServices",
            Effect: "Allow",
            Principal: root,
            Action: KEY_USER_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: via },
        },
        {
            // Services that keep using the key after the call (EBS attachments, ECR, EKS) do so through grants;
            // GrantIsForAWSResource refuses grants a principal would create for itself.
            Sid: "AccountGrantsForAwsResources",
            Effect: "Allow",
            Principal: root,
            Action: "kms:CreateGrant",
            Resource: "*",
            Condition: { StringEquals: via, Bool: { "kms:GrantIsForAWSResource": "true" } },
        },
    ];
}

/** Service principals that write logs, findings and notifications with the logs key. */
function logsStatements(ctx: KeyPolicyContext): Statement[] {
    const { accountId, region } = ctx;
    const sourceAccount = { "aws:SourceAccount": accountId };
    return [
        {
            Sid: "CloudTrailEncryptLogs",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:GenerateDataKey*",
            Resource: "*",
            Condition: {
                StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${accountId}:trail/*` },
                StringEquals: sourceAccount,
            },
        },
        {
            // DescribeKey carries no encryption context, so it cannot share the statement above.
            Sid: "CloudTrailDescribeKey",
            Effect: "Allow",
            Principal: { Service: "cloudtrail.amazonaws.com" },
            Action: "kms:DescribeKey",
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            Sid: "CloudWatchLogsEncryptLogGroups",
            Effect: "Allow",
            Principal: { Service: `logs.${region}.amazonaws.com` },
            Action: KEY_USER_ACTIONS,
            Resource: "*",
            Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${region}:${accountId}:*` } },
        },
        {
            // Flow logs and firewall logs delivered to the SSE-KMS log archive.
            Sid: "LogDeliveryEncrypt",
            Effect: "Allow",
            Principal: { Service: "delivery.logs.amazonaws.com" },
            Action: KEY_USER_ACTIONS,
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            Sid: "ConfigDelivery",
            Effect: "Allow",
            Principal: { Service: "config.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: sourceAccount },
        },
        {
            // Alarms publishing to the KMS-encrypted alert topics.
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: {
                StringEquals: sourceAccount,
                ArnLike: { "aws:SourceArn": `arn:aws:cloudwatch:${region}:${accountId}:alarm:*` },
            },
        },
        {
            // No condition: EventBridge's KMS calls for SNS delivery carry no aws:SourceAccount/SourceArn,
            // so a condition would silently drop every event. The topic policy limits who publishes.
            Sid: "EventBridgePublish",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
        },
    ];
}

/** Statements a purpose adds to the common ones. */
function purposeStatements(purpose: KeyPurpose, ctx: KeyPolicyContext): Statement[] {
    switch (purpose) {
        case "logs":
            return logsStatements(ctx);
        case "data":
            return [
                {
                    // Macie needs only Decrypt to read objects for classification; it never writes.
                    Sid: "MacieClassificationRead",
                    Effect: "Allow",
                    Principal: { AWS: macieRoleArn(ctx.accountId) },
                    Action: "kms:Decrypt",
                    Resource: "*",
                },
            ];
        case "secrets":
            return [];
        case "ebs":
            return [
                {
                    // The service-linked role, not the caller, launches node-group instances: it needs the key itself.
                    // KMS rejects a policy naming a role that does not exist, so the account must have used Auto
                    // Scaling once (or run `aws iam create-service-linked-role --aws-service-name autoscaling.amazonaws.com`).
                    Sid: "AutoScalingUseForVolumes",
                    Effect: "Allow",
                    Principal: { AWS: autoScalingRoleArn(ctx.accountId) },
                    Action: KEY_USER_ACTIONS,
                    Resource: "*",
                },
                {
                    Sid: "AutoScalingGrantsForVolumes",
                    Effect: "Allow",
                    Principal: { AWS: autoScalingRoleArn(ctx.accountId) },
                    Action: "kms:CreateGrant",
                    Resource: "*",
                    Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
                },
            ];
    }
}

/**
 * The key policy for one purpose. Administrators and users are separate statements with disjoint
 * actions; no statement grants `kms:*` or names Principal `*`.
 */
export function keyPolicy(purpose: KeyPurpose, ctx: KeyPolicyContext): PolicyDocument {
    return { Version: "2012-10-17", Statement: [...commonStatements(purpose, ctx), ...purposeStatements(purpose, ctx)] };
}

export interface BucketPolicyContext {
    /** The bucket's physical name. */
    bucketName: string;
    /** The only key uploads may name. */
    keyArn: string;
    accountId: string;
    /** When set, principals outside the organization are denied; otherwise principals outside the account. */
    organizationId?: string;
}

/**
 * Deny-only bucket policy: access is granted by IAM, this only closes what IAM could open by mistake
 * (plain HTTP, another encryption key, another account).
 */
export function bucketPolicy(ctx: BucketPolicyContext): PolicyDocument {
    const bucketArn = `arn:aws:s3:::${ctx.bucketName}`;
    const both = [bucketArn, `${bucketArn}/*`];
    const perimeter: Record<string, string> = ctx.organizationId
        ? { "aws:PrincipalOrgID": ctx.organizationId }
        : { "aws:PrincipalAccount": ctx.accountId };
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", both),
            // Both encryption denies use IfExists: an upload without the header gets the bucket's SSE-KMS
            // default (the data key), so it is fine; only a request that names another algorithm or key
            // is refused. Without IfExists every header-less upload would be denied.
            {
                Sid: "DenyOtherEncryption",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } },
            },
            {
                // S3 compares the header as sent: clients that name the key must use its ARN, not its id or alias.
                Sid: "DenyOtherKmsKey",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: `${bucketArn}/*`,
                Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": ctx.keyArn } },
            },
            {
                // AWS services acting as themselves (Macie, S3 replication, log delivery) are not in any
                // organization or account; exempting them keeps the perimeter from breaking them, and this
                // policy grants them nothing.
                Sid: ctx.organizationId ? "DenyOutsideOrganization" : "DenyOutsideAccount",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: both,
                Condition: { StringNotEquals: perimeter, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
            },
        ],
    };
}
