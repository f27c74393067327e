/**
 * zt:aws:Visibility — the log archive, CloudTrail, AWS Config, GuardDuty, Security Hub, alarms on
 * the CIS metric filters, and the automated response to high-severity findings.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AwsVisibilityArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Organization trail and org-wide conditions when set. Default: an account trail. */
    organization?: { id: string; organizationTrail: boolean };
    /** Key for the archive, the trail, log groups and the alerts topic. */
    logsKeyArn: pulumi.Input<string>;
    /** Data buckets whose object-level events the trail records. */
    dataBucketArns: pulumi.Input<string>[];
    /** Object Lock (compliance mode) and log-group retention, in days. */
    retentionDays: number;
    /** Days before archived logs move to Glacier. */
    glacierAfterDays: number;
    /** Boundary every role created here carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** The break-glass role: any use of it raises an alert. */
    breakGlassRoleArn: pulumi.Input<string>;
    /** Addresses subscribed to the alerts topic. Default: none. */
    alertEmails: string[];
    /** Protect the archive, trail log group and detector from deletion. */
    protect: boolean;
}

export class AwsVisibility extends pulumi.ComponentResource {
    readonly logArchiveBucketArn: pulumi.Output<string>;
    readonly logArchiveBucketName: pulumi.Output<string>;
    /** The KMS-encrypted topic every security alert goes to. */
    readonly alertTopicArn: pulumi.Output<string>;

    constructor(name: string, args: AwsVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Visibility", name, {}, opts);
        void args;
        this.logArchiveBucketArn = pulumi.output("");
        this.logArchiveBucketName = pulumi.output("");
        this.alertTopicArn = pulumi.output("");
        this.registerOutputs({});
    }
}
