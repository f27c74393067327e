/**
 * zt:aws:StateBackend — where the landing zone's AWS stacks keep their state, and the key their
 * secrets are encrypted with: per environment, one S3 bucket (`pulumi login s3://...`) and one KMS
 * key (`--secrets-provider awskms://...`). One of each per environment, so a dev deployer never
 * needs, and is refused by the bucket and key policies, any access to prod's state or secrets.
 *
 * Object Lock keeps every state version for `objectLockDays` in GOVERNANCE mode, not COMPLIANCE:
 * state must stay recoverable and correctable by an administrator. A checkpoint that captured a
 * plaintext secret, or a corrupted one, has to be purged; in compliance mode nobody, not even the
 * account root, could delete it before the retention ends. Governance still stops the deployers
 * (the bucket policy lets only administrators bypass it), which is the threat that matters here:
 * a compromised pipeline wiping the history it would need to be rolled back from.
 *
 * No S3 server access logging: its target would be a second bucket that must not have Object Lock
 * retention and whose SSE-KMS key must admit the logging service, more than a state bucket needs.
 * Every state read and write is a KMS call on the state key (with a bucket key, one per key reuse)
 * and every secrets use a direct call on the secrets key, and CloudTrail records both; add the
 * state buckets to the trail's data events for per-object records.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/aws/kms";
import * as s3 from "@pulumi/aws/s3";
import { after } from "../shared/after";
import { secretsKeyPolicy, stateBucketPolicy, stateKeyPolicy, type StateAccessContext } from "./state-backend-policies";
import { closeBucket } from "./s3-closed";

export interface AwsStateBackendArgs {
    /** Physical-name prefix (the config's `prefix`, e.g. "zt"); an environment's names start `<prefix>-<env>-`. */
    namePrefix: string;
    /**
     * Environments that get their own bucket and keys, e.g. ["dev", "prod"]. CAUTION: removing one
     * deletes its bucket and keys (refused while they are protected).
     */
    environments: string[];
    /** Region of the buckets and keys; also in the login and secrets-provider URLs. CAUTION: changing it replaces everything. */
    region: string;
    /** The account that holds the state; bucket names and key policies are built from it. */
    accountId: string;
    /**
     * Object Lock default retention (GOVERNANCE mode) of every state version, in days; noncurrent
     * versions expire once past it. Default: 30.
     */
    objectLockDays?: number;
    /**
     * Role-name patterns (what follows `role/` in the ARN, `*` allowed) of the administrators: they
     * manage the keys and bucket and may bypass the governance retention, but cannot read state or
     * secrets. CAUTION: the principal that runs the bootstrap must match one, or KMS refuses the key
     * policy (its lockout safety check).
     */
    administratorRoles: string[];
    /**
     * Per environment, role-name patterns that read and write that environment's state and use its
     * secrets key. Default: the landing zone's `<prefix>-<env>-deploy` (CI) and
     * `<prefix>-<env>-break-glass` roles. An environment missing here gets the default.
     */
    stateUsers?: Record<string, string[]>;
    /** `data-classification` tag of the buckets. Default: "restricted": state holds every resource's inputs and outputs. */
    classification?: string;
    /** Protect buckets and keys from deletion (`protect`). */
    protect: boolean;
}

/** What `pulumi login` and `pulumi stack init --secrets-provider` take for one environment. */
export interface StateBackendEndpoints {
    url: pulumi.Output<string>;
    secretsProvider: pulumi.Output<string>;
}

/** `<prefix>-<env>-pulumi-state-<account>`: globally unique, and clear of the landing zone's own buckets. */
export const stateBucketName = (prefix: string, env: string, accountId: string) => `${prefix}-${env}-pulumi-state-${accountId}`;
/** The aliases avoid the landing zone's `alias/<prefix>-<env>-<purpose>` keys, which live in the same account. */
export const stateKeyAlias = (prefix: string, env: string) => `alias/${prefix}-${env}-pulumi-state`;
export const secretsKeyAlias = (prefix: string, env: string) => `alias/${prefix}-${env}-pulumi-secrets`;

export class AwsStateBackend extends pulumi.ComponentResource {
    readonly backends: Record<string, StateBackendEndpoints>;

    constructor(name: string, args: AwsStateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:StateBackend", name, {}, opts);
        const lockDays = args.objectLockDays ?? 30;
        const roleArn = (pattern: string) => `arn:aws:iam::${args.accountId}:role/${pattern}`;
        this.backends = {};
        for (const env of args.environments) {
            const users = args.stateUsers?.[env] ?? [`${args.namePrefix}-${env}-deploy`, `${args.namePrefix}-${env}-break-glass`];
            const ctx: StateAccessContext = {
                accountId: args.accountId,
                region: args.region,
                adminArnPatterns: args.administratorRoles.map(roleArn),
                userArnPatterns: users.map(roleArn),
            };
            this.backends[env] = this.environment(`${name}-${env}`, env, ctx, lockDays, args);
        }
        this.registerOutputs({ backends: this.backends });
    }

    private environment(name: string, env: string, ctx: StateAccessContext, lockDays: number, args: AwsStateBackendArgs): StateBackendEndpoints {
        const child = { parent: this };
        const stateful = { parent: this, protect: args.protect };
        const keyArn = (key: kms.Key) => pulumi.interpolate`arn:aws:kms:${args.region}:${args.accountId}:key/${key.id}`;
        const key = (purpose: "state" | "secrets", alias: string, policy: object) => {
            const k = new kms.Key(`${name}-${purpose}-key`, {
                description: `Pulumi ${purpose} of the ${args.namePrefix} ${env} stacks`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                // The longest window: a deletion scheduled by mistake or by an attacker can be cancelled for a month.
                deletionWindowInDays: 30,
                policy: JSON.stringify(policy),
                tags: { Name: alias.slice("alias/".length) },
            }, stateful);
            const a = new kms.Alias(`${name}-${purpose}-key-alias`, { name: alias, targetKeyId: k.id }, child);
            return { key: k, alias: a };
        };
        const state = key("state", stateKeyAlias(args.namePrefix, env), stateKeyPolicy(ctx));
        const secretsAlias = secretsKeyAlias(args.namePrefix, env);
        const secrets = key("secrets", secretsAlias, secretsKeyPolicy(ctx));

        const bucketName = stateBucketName(args.namePrefix, env, args.accountId);
        const bucket = new s3.Bucket(`${name}-bucket`, {
            bucket: bucketName,
            // Only possible at creation: Object Lock cannot be switched on for an existing bucket.
            objectLockEnabled: true,
            forceDestroy: false,
            tags: { Name: bucketName, purpose: "pulumi-state", "data-classification": args.classification ?? "restricted" },
        }, stateful);
        const versioning = new s3.BucketVersioning(`${name}-versioning`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, child);
        const lock = new s3.BucketObjectLockConfiguration(`${name}-object-lock`, {
            bucket: bucket.id,
            objectLockEnabled: "Enabled",
            rule: { defaultRetention: { mode: "GOVERNANCE", days: lockDays } },
        }, { parent: this, dependsOn: [versioning] });
        const encryption = new s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn(state.key) },
                bucketKeyEnabled: true,
                // SSE-C sends no x-amz-server-side-encryption header, so the bucket policy cannot refuse it.
                blockedEncryptionTypes: ["SSE-C"],
            }],
        }, child);
        const { publicAccess, ownership } = closeBucket({ publicAccess: `${name}-public-access`, ownership: `${name}-ownership` }, bucket.id, child);
        const lifecycle = new s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: [{
                id: "expire-old-state-versions",
                status: "Enabled",
                filter: {},
                // A version becomes noncurrent only after it was written, so this never cuts into its lock.
                noncurrentVersionExpiration: { noncurrentDays: lockDays },
                // Every operation writes and deletes a lock object; clear the delete markers it leaves.
                expiration: { expiredObjectDeleteMarker: true },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }],
        }, { parent: this, dependsOn: [versioning] });
        const policy = new s3.BucketPolicy(`${name}-policy`, {
            bucket: bucket.id,
            policy: keyArn(state.key).apply((stateKeyArn) => JSON.stringify(stateBucketPolicy({ ...ctx, bucketName, keyArn: stateKeyArn }))),
        }, {
            parent: this,
            // S3 rejects a policy change while the public access block is being written ("conflicting
            // conditional operation"); after the lock too, so no object is ever written unlocked.
            dependsOn: [publicAccess, ownership, lock],
        });

        // Known at preview (built from config), released only once the backend is fully configured.
        const ready = [bucket, versioning, lock, encryption, publicAccess, ownership, lifecycle, policy];
        return {
            url: after(ready, pulumi.output(`s3://${bucketName}?region=${args.region}&awssdk=v2`)),
            secretsProvider: after([secrets.key, secrets.alias], pulumi.output(`awskms://${secretsAlias}?region=${args.region}`)),
        };
    }
}
