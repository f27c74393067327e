/**
 * zt:aws:Data — customer-managed keys per purpose, account-wide encryption and public-access
 * defaults, the data buckets, Secrets Manager secrets and Macie classification.
 */
import * as pulumi from "@pulumi/pulumi";

/** The four key purposes; each gets its own key so one key's policy never widens another's use. */
export const KEY_PURPOSES = ["logs", "data", "secrets", "ebs"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

export interface AwsDataArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /**
     * IAM principal ARN patterns (ArnLike on `aws:PrincipalArn`) that administer the keys: they may
     * manage but never use them. Patterns, not principals, so the keys do not depend on the roles.
     */
    keyAdministratorArnPatterns: pulumi.Input<string>[];
    /** Data buckets by name, with their classification. */
    buckets: Record<string, { classification: string }>;
    /** Secrets Manager secrets by name (no values: they are set out of band). */
    secrets: Record<string, { description: string }>;
    /** When set, bucket policies also deny principals outside this organization. Default: account-only. */
    organizationId?: string;
    /** Protect keys, buckets and secrets from deletion (`protect`). */
    protect: boolean;
}

export class AwsData extends pulumi.ComponentResource {
    /** Purpose → key ARN. */
    readonly keyArns: Record<KeyPurpose, pulumi.Output<string>>;
    /** Bucket name (config key) → bucket ARN. */
    readonly bucketArns: Record<string, pulumi.Output<string>>;
    /** Bucket name (config key) → physical bucket name. */
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    /** Secret name (config key) → ARN. */
    readonly secretArns: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AwsDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Data", name, {}, opts);
        void args;
        this.keyArns = {} as Record<KeyPurpose, pulumi.Output<string>>;
        this.bucketArns = {};
        this.bucketNames = {};
        this.secretArns = {};
        this.registerOutputs({});
    }
}
