/**
 * zt:aws:Data — customer-managed keys per purpose, account-wide encryption and public-access
 * defaults, the data buckets, Secrets Manager secrets and Macie classification.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ebs from "@pulumi/aws/ebs";
import * as kms from "@pulumi/aws/kms";
import * as macie2 from "@pulumi/aws/macie2";
import * as s3 from "@pulumi/aws/s3";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import { bucketPolicy, keyPolicy } from "./data-policies";
import { closeBucket } from "./s3-closed";

/** The four key purposes; each gets its own key so one key's policy never widens another's use. */
export const KEY_PURPOSES = ["logs", "data", "secrets", "ebs"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface AwsDataArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** The provider's region: key ARNs and `kms:ViaService` endpoints are composed from it. */
    region: string;
    accountId: pulumi.Input<string>;
    /**
     * IAM principal ARN patterns (ArnLike on `aws:PrincipalArn`) that administer the keys: they may
     * manage but never use them. Patterns, not principals, so the keys do not depend on the roles.
     * KMS refuses a key policy that would lock out its creator, so the principal that deploys must
     * match one of them.
     */
    keyAdministratorArnPatterns: pulumi.Input<string>[];
    /** Data buckets by name, with their classification. CAUTION: renaming a key replaces its bucket. */
    buckets: Record<string, { classification: string }>;
    /** Secrets Manager secrets by name (no values: they are set out of band). CAUTION: renaming replaces the secret. */
    secrets: Record<string, { description: string }>;
    /** Classification tag of the secrets (config gives them none of their own). Default: "confidential". */
    defaultClassification?: string;
    /** When set, bucket policies also deny principals outside this organization. Default: account-only. */
    organizationId?: string;
    /** Protect keys, buckets and secrets from deletion (`protect`). */
    protect: boolean;
}

export class AwsData extends pulumi.ComponentResource {
    /** Purpose → key ARN (`arn:aws:kms:<region>:<account>:key/<id>`). */
    readonly keyArns: Record<KeyPurpose, pulumi.Output<string>>;
    /** Purpose → key id. */
    readonly keyIds: Record<KeyPurpose, pulumi.Output<string>>;
    /** Purpose → alias name (`alias/<prefix>-<purpose>`). */
    readonly aliases: Record<KeyPurpose, string>;
    /** Bucket name (config key) → bucket ARN. */
    readonly bucketArns: Record<string, pulumi.Output<string>>;
    /** Bucket name (config key) → physical bucket name. */
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    /** Secret name (config key) → ARN. */
    readonly secretArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AwsDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Data", name, {}, opts);
        const child = { parent: this };
        const stateful = { parent: this, protect: args.protect };

        // Enabled before the keys: enabling Macie creates its service-linked role, and a key policy
        // that names a role which does not exist yet is rejected.
        const macie = new macie2.Account(`${name}-macie`, { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" }, child);

        const keyPolicyInputs = pulumi.all([args.accountId, pulumi.all(args.keyAdministratorArnPatterns)]);
        // ARNs are composed from ids (their format is fixed) rather than read from `arn`: an id is known
        // as early as the ARN in a real preview, and unlike `arn` also in the offline plan, so every
        // policy that names a key or bucket stays readable there instead of collapsing to unknown.
        const keyArn = (key: kms.Key) => pulumi.interpolate`arn:aws:kms:${args.region}:${args.accountId}:key/${key.id}`;
        const keys = {} as Record<KeyPurpose, kms.Key>;
        const keyArns = {} as Record<KeyPurpose, pulumi.Output<string>>;
        this.aliases = {} as Record<KeyPurpose, string>;
        for (const purpose of KEY_PURPOSES) {
            const aliasName = `alias/${args.namePrefix}-${purpose}`;
            keys[purpose] = new kms.Key(`${name}-key-${purpose}`, {
                description: `${args.namePrefix} ${purpose} encryption key`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                // The longest window: a deletion scheduled by mistake or by an attacker can be cancelled for a month.
                deletionWindowInDays: 30,
                policy: keyPolicyInputs.apply(([accountId, adminArnPatterns]) =>
                    JSON.stringify(keyPolicy(purpose, { accountId, region: args.region, adminArnPatterns }))),
                tags: { Name: `${args.namePrefix}-${purpose}` },
            }, { ...stateful, dependsOn: purpose === "data" ? [macie] : [] });
            keyArns[purpose] = keyArn(keys[purpose]);
            new kms.Alias(`${name}-key-${purpose}-alias`, { name: aliasName, targetKeyId: keys[purpose].id }, child);
            this.aliases[purpose] = aliasName;
        }

        // Account-wide defaults, so a volume or bucket created outside this program is still encrypted and private.
        new ebs.EncryptionByDefault(`${name}-ebs-encryption`, { enabled: true }, child);
        new ebs.DefaultKmsKey(`${name}-ebs-default-key`, { keyArn: keyArns.ebs }, child);
        new s3.AccountPublicAccessBlock(`${name}-account-public-access-block`, {
            accountId: args.accountId,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, child);

        this.bucketArns = {};
        this.bucketNames = {};
        for (const [key, { classification }] of Object.entries(args.buckets)) {
            const bucketName = pulumi.interpolate`${args.namePrefix}-${key}-${args.accountId}`;
            const bucket = new s3.Bucket(`${name}-bucket-${key}`, {
                bucket: bucketName,
                forceDestroy: false,
                tags: { Name: bucketName, "data-classification": classification },
            }, stateful);
            const prefix = `${name}-bucket-${key}`;
            new s3.BucketServerSideEncryptionConfiguration(`${prefix}-encryption`, {
                bucket: bucket.id,
                rules: [{
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArns.data },
                    // Bucket keys cut KMS calls (and cost) by orders of magnitude without widening the key's use.
                    bucketKeyEnabled: true,
                    // SSE-C sends no x-amz-server-side-encryption header, so the bucket policy cannot refuse it.
                    blockedEncryptionTypes: ["SSE-C"],
                }],
            }, child);
            new s3.BucketVersioning(`${prefix}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, child);
            const { publicAccess: publicAccessBlock } = closeBucket({ publicAccess: `${prefix}-public-access-block`, ownership: `${prefix}-ownership` }, bucket.id, child);
            new s3.BucketPolicy(`${prefix}-policy`, {
                bucket: bucket.id,
                policy: pulumi.all([bucketName, keyArns.data, args.accountId]).apply(([physical, dataKeyArn, accountId]) =>
                    JSON.stringify(bucketPolicy({ bucketName: physical, keyArn: dataKeyArn, accountId, organizationId: args.organizationId }))),
            }, {
                ...child,
                // S3 rejects a policy change while the bucket's public access block is being written
                // ("conflicting conditional operation"); ordering them avoids the race.
                dependsOn: [publicAccessBlock],
            });
            this.bucketArns[key] = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;
            this.bucketNames[key] = bucket.bucket;
        }

        this.secretArns = {};
        for (const [key, { description }] of Object.entries(args.secrets)) {
            const secret = new secretsmanager.Secret(`${name}-secret-${key}`, {
                name: `${args.namePrefix}/${key}`,
                description,
                kmsKeyId: keyArns.secrets,
                // The longest window: a deleted secret can be restored for a month.
                recoveryWindowInDays: 30,
                tags: { Name: `${args.namePrefix}/${key}`, "data-classification": args.defaultClassification ?? "confidential" },
            }, stateful);
            this.secretArns[key] = secret.arn;
        }

        // A job must name at least one bucket, so there is none without buckets.
        if (Object.keys(this.bucketNames).length > 0) {
            // Weekly: new objects are classified within a week, at a cost bounded by one scan per week.
            // Macie jobs are immutable, so a bucket added later replaces the job; the generated suffix keeps
            // the old and new names apart.
            new macie2.ClassificationJob(`${name}-classification`, {
                namePrefix: `${args.namePrefix}-data-classification-`,
                description: `Weekly sensitive-data discovery over the ${args.namePrefix} data buckets.`,
                jobType: "SCHEDULED",
                scheduleFrequency: { weeklySchedule: "MONDAY" },
                initialRun: true,
                s3JobDefinition: {
                    bucketDefinitions: [{ accountId: args.accountId, buckets: Object.values(this.bucketNames) }],
                },
                tags: { Name: `${args.namePrefix}-data-classification` },
            }, { ...child, dependsOn: [macie] });
        }

        this.keyArns = keyArns;
        this.keyIds = Object.fromEntries(KEY_PURPOSES.map((p) => [p, keys[p].id])) as Record<KeyPurpose, pulumi.Output<string>>;
        this.registerOutputs({
            keyArns: this.keyArns,
            keyIds: this.keyIds,
            aliases: this.aliases,
            bucketArns: this.bucketArns,
            bucketNames: this.bucketNames,
            secretArns: this.secretArns,
        });
    }
}
