/**
 * zt:aws:LogArchive — the write-once bucket every log in the landing zone ends up in: CloudTrail,
 * Config snapshots, VPC flow logs and firewall logs. Object Lock in compliance mode means not even
 * the account root can delete or overwrite a log inside the retention period.
 */
import * as pulumi from "@pulumi/pulumi";
import * as s3 from "@pulumi/aws/s3";
import { logArchivePolicy } from "./visibility-policies";
import { closeBucket } from "./s3-closed";

export interface LogArchiveArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Also admit the organization trail's member-account prefix. Default: this account only. */
    organizationId?: string;
    /** Key every object is encrypted with (SSE-KMS, with an S3 bucket key to keep KMS calls down). */
    logsKeyArn: pulumi.Input<string>;
    /** The trail allowed to deliver; its ARN is known before the trail exists. */
    trailArn: pulumi.Input<string>;
    /**
     * Object Lock compliance retention, in days. CAUTION: once objects are written under a
     * retention it can never be shortened for them; lowering it affects only new objects, and the
     * bucket policy must be removed by the account root first.
     */
    retentionDays: number;
    /** Days before objects move to Glacier. */
    glacierAfterDays: number;
    /** `data-classification` tag: the archive holds every API call and network flow. */
    classification: string;
    /** Protect the bucket from deletion (`protect`). */
    protect: boolean;
}

/** Lifecycle: Glacier after `glacierAfterDays`; old versions expire only once past the retention. */
export function archiveLifecycleRules(retentionDays: number, glacierAfterDays: number): s3.BucketLifecycleConfigurationArgs["rules"] {
    return [{
        id: "archive",
        status: "Enabled",
        filter: {},
        transitions: [{ days: glacierAfterDays, storageClass: "GLACIER" }],
        noncurrentVersionTransitions: [{ noncurrentDays: glacierAfterDays, storageClass: "GLACIER" }],
        // S3 requires expiry after the transition; a version can only become noncurrent after it
        // was written, so `retentionDays` here is never inside its Object Lock retention.
        noncurrentVersionExpiration: { noncurrentDays: Math.max(retentionDays, glacierAfterDays + 1) },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    }];
}

export class LogArchive extends pulumi.ComponentResource {
    readonly bucketArn: pulumi.Output<string>;
    readonly bucketName: pulumi.Output<string>;
    /** Delivery services are admitted by this policy; writers wait for it. */
    readonly policy: s3.BucketPolicy;

    constructor(name: string, args: LogArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:LogArchive", name, {}, opts);
        const parent = { parent: this };

        const bucket = new s3.Bucket(`${name}-bucket`, {
            bucket: pulumi.interpolate`${args.namePrefix}-log-archive-${args.accountId}`,
            // Only possible at creation: Object Lock cannot be switched on for an existing bucket.
            objectLockEnabled: true,
            forceDestroy: false,
            tags: {
                Name: `${args.namePrefix}-log-archive`,
                purpose: "log-archive",
                "data-classification": args.classification,
            },
        }, { parent: this, protect: args.protect });

        const versioning = new s3.BucketVersioning(`${name}-versioning`, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, parent);

        const lock = new s3.BucketObjectLockConfiguration(`${name}-object-lock`, {
            bucket: bucket.id,
            objectLockEnabled: "Enabled",
            rule: { defaultRetention: { mode: "COMPLIANCE", days: args.retentionDays } },
        }, { parent: this, dependsOn: [versioning] });

        new s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: bucket.id,
            rules: [{
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.logsKeyArn },
                bucketKeyEnabled: true,
            }],
        }, parent);

        const { publicAccess, ownership } = closeBucket({ publicAccess: `${name}-public-access`, ownership: `${name}-ownership` }, bucket.id, parent);

        const lifecycle = new s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
            bucket: bucket.id,
            rules: archiveLifecycleRules(args.retentionDays, args.glacierAfterDays),
        }, { parent: this, dependsOn: [versioning] });

        // Built from the name, so the policy below is known at preview and the pack can read it.
        const bucketArn = pulumi.interpolate`arn:aws:s3:::${bucket.bucket}`;

        // After the lock and lifecycle: the policy denies changing them, so they must be set first.
        this.policy = new s3.BucketPolicy(`${name}-policy`, {
            bucket: bucket.id,
            policy: logArchivePolicy({
                bucketArn,
                accountId: args.accountId,
                region: args.region,
                trailArn: args.trailArn,
                organizationId: args.organizationId,
            }),
        }, { parent: this, dependsOn: [publicAccess, ownership, lock, lifecycle] });

        this.bucketArn = bucketArn;
        this.bucketName = bucket.bucket;
        this.registerOutputs({ bucketArn: this.bucketArn, bucketName: this.bucketName });
    }
}
