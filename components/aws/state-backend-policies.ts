/**
 * Pure builders for zt:aws:StateBackend's documents: the key policies of each environment's state
 * and secrets keys, and its state bucket's deny-only policy. Plain strings in, plain objects out,
 * so they are unit-tested without a program.
 *
 * Principals are matched by ARN pattern (ArnLike on `aws:PrincipalArn`) on the account root rather
 * than named: a key policy that names a role which does not exist yet is rejected, and the landing
 * zone's deploy roles are created after the bootstrap.
 */
import { bucketPolicy, KEY_ADMIN_ACTIONS, KEY_USER_ACTIONS, type PolicyDocument, type Statement } from "./data-policies";

/** Who may do what to one environment's backend. */
export interface StateAccessContext {
    accountId: string;
    region: string;
    /** Principal-ARN patterns of the key and bucket administrators: manage, bypass governance retention, never use. */
    adminArnPatterns: string[];
    /** Principal-ARN patterns that read and write this environment's state and decrypt its secrets. */
    userArnPatterns: string[];
}

/**
 * What the Pulumi CLI calls on the secrets key: it wraps the stack's data key with Encrypt and
 * unwraps it with Decrypt (gocloud's awskms keeper), nothing else.
 */
export const SECRETS_KEY_ACTIONS = ["kms:Encrypt", "kms:Decrypt"];

/** Actions on state objects: reading, writing and deleting them (and their versions). */
export const STATE_DATA_ACTIONS = ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:ListBucket*", "s3:RestoreObject"];

const root = (accountId: string) => ({ AWS: `arn:aws:iam::${accountId}:root` });

function administration(ctx: StateAccessContext): Statement {
    return {
        Sid: "KeyAdministration",
        Effect: "Allow",
        Principal: root(ctx.accountId),
        Action: KEY_ADMIN_ACTIONS,
        Resource: "*",
        Condition: { ArnLike: { "aws:PrincipalArn": ctx.adminArnPatterns } },
    };
}

/** The state key encrypts the bucket's objects: usable only through S3, by the environment's users. */
export function stateKeyPolicy(ctx: StateAccessContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            administration(ctx),
            {
                Sid: "StateUseThroughS3",
                Effect: "Allow",
                Principal: root(ctx.accountId),
                Action: KEY_USER_ACTIONS,
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:CallerAccount": ctx.accountId, "kms:ViaService": `s3.${ctx.region}.amazonaws.com` },
                    ArnLike: { "aws:PrincipalArn": ctx.userArnPatterns },
                },
            },
        ],
    };
}

/**
 * The secrets key is the stack's `awskms://` secrets provider: the CLI calls it directly, so it is
 * usable only directly (no AWS service may use it on a caller's behalf), by the environment's users.
 */
export function secretsKeyPolicy(ctx: StateAccessContext): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            administration(ctx),
            {
                Sid: "SecretsUseByTheCli",
                Effect: "Allow",
                Principal: root(ctx.accountId),
                Action: SECRETS_KEY_ACTIONS,
                Resource: "*",
                Condition: {
                    ArnLike: { "aws:PrincipalArn": ctx.userArnPatterns },
                    Null: { "kms:ViaService": "true" },
                },
            },
        ],
    };
}

/**
 * The landing zone's deny-only data-bucket policy (TLS, this key only, this account only), plus:
 * TLS 1.2 at least; state objects only for this environment's users and the administrators (IAM
 * elsewhere may grant s3:* on every bucket; this keeps dev's deployer out of prod's state); and
 * only administrators may bypass the Object Lock governance retention.
 */
export function stateBucketPolicy(ctx: StateAccessContext & { bucketName: string; keyArn: string }): PolicyDocument {
    const base = bucketPolicy({ bucketName: ctx.bucketName, keyArn: ctx.keyArn, accountId: ctx.accountId });
    const bucketArn = `arn:aws:s3:::${ctx.bucketName}`;
    const both = [bucketArn, `${bucketArn}/*`];
    const notAService = { "aws:PrincipalIsAWSService": "false" };
    return {
        Version: "2012-10-17",
        Statement: [
            ...base.Statement,
            {
                Sid: "DenyTlsBelow12",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: both,
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
            {
                Sid: "DenyStateToOtherPrincipals",
                Effect: "Deny",
                Principal: "*",
                Action: STATE_DATA_ACTIONS,
                Resource: both,
                Condition: { ArnNotLike: { "aws:PrincipalArn": [...ctx.userArnPatterns, ...ctx.adminArnPatterns] }, BoolIfExists: notAService },
            },
            {
                Sid: "DenyGovernanceBypassToNonAdministrators",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:BypassGovernanceRetention",
                Resource: both,
                Condition: { ArnNotLike: { "aws:PrincipalArn": ctx.adminArnPatterns } },
            },
        ],
    };
}
