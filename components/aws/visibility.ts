/**
 * zt:aws:Visibility — the log archive, CloudTrail, AWS Config, GuardDuty, Security Hub, alarms on
 * the CIS metric filters, and the automated response to high-severity findings.
 *
 * Each part is its own component so each stays readable; this one wires them in data-flow order:
 * the archive first (every log lands there), then the writers, then the alerts and the response.
 */
import * as pulumi from "@pulumi/pulumi";
import { Alerting } from "./alerting";
import { AuditTrail } from "./audit-trail";
import { ConfigRecording } from "./config-recording";
import { Detection } from "./detection";
import { LogArchive } from "./log-archive";
import { Quarantine } from "./quarantine";
import { trailArnFor } from "./visibility-policies";

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
    /**
     * `data-classification` of the archive and the log groups (a log store is a data store, and
     * the trail records every API call). Default: "confidential".
     */
    logClassification?: string;
}

export class AwsVisibility extends pulumi.ComponentResource {
    readonly logArchiveBucketArn: pulumi.Output<string>;
    readonly logArchiveBucketName: pulumi.Output<string>;
    /** The KMS-encrypted topic every security alert goes to. */
    readonly alertTopicArn: pulumi.Output<string>;
    readonly trailArn: pulumi.Output<string>;
    readonly detectorId: pulumi.Output<string>;
    readonly quarantineFunctionArn: pulumi.Output<string>;

    constructor(name: string, args: AwsVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Visibility", name, {}, opts);
        const parent = { parent: this };
        const trailName = `${args.namePrefix}-trail`;
        const classification = args.logClassification ?? "confidential";

        const archive = new LogArchive(`${name}-archive`, {
            namePrefix: args.namePrefix,
            region: args.region,
            accountId: args.accountId,
            organizationId: args.organization?.organizationTrail ? args.organization.id : undefined,
            logsKeyArn: args.logsKeyArn,
            trailArn: trailArnFor(args.region, args.accountId, trailName),
            retentionDays: args.retentionDays,
            glacierAfterDays: args.glacierAfterDays,
            classification,
            protect: args.protect,
        }, parent);

        const trail = new AuditTrail(`${name}-trail`, {
            namePrefix: args.namePrefix,
            region: args.region,
            accountId: args.accountId,
            trailName,
            organizationTrail: args.organization?.organizationTrail,
            logsKeyArn: args.logsKeyArn,
            bucketName: archive.bucketName,
            bucketArn: archive.bucketArn,
            archivePolicy: archive.policy,
            dataBucketArns: args.dataBucketArns,
            retentionDays: args.retentionDays,
            classification,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            protect: args.protect,
        }, parent);

        new ConfigRecording(`${name}-config`, {
            namePrefix: args.namePrefix,
            accountId: args.accountId,
            bucketName: archive.bucketName,
            bucketArn: archive.bucketArn,
            archivePolicy: archive.policy,
            logsKeyArn: args.logsKeyArn,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
        }, parent);

        const detection = new Detection(`${name}-detection`, {
            namePrefix: args.namePrefix,
            region: args.region,
            protect: args.protect,
        }, parent);

        const alerts = new Alerting(`${name}-alerts`, {
            namePrefix: args.namePrefix,
            region: args.region,
            accountId: args.accountId,
            logsKeyArn: args.logsKeyArn,
            trailLogGroupName: trail.logGroupName,
            breakGlassRoleArn: args.breakGlassRoleArn,
            alertEmails: args.alertEmails,
        }, parent);

        const response = new Quarantine(`${name}-response`, {
            namePrefix: args.namePrefix,
            region: args.region,
            accountId: args.accountId,
            logsKeyArn: args.logsKeyArn,
            logRetentionDays: args.retentionDays,
            logClassification: classification,
            permissionsBoundaryArn: args.permissionsBoundaryArn,
            alertTopicArn: alerts.topicArn,
            alertTopicPolicy: alerts.topicPolicy,
            protect: args.protect,
        }, parent);

        this.logArchiveBucketArn = archive.bucketArn;
        this.logArchiveBucketName = archive.bucketName;
        this.alertTopicArn = alerts.topicArn;
        this.trailArn = trail.trailArn;
        this.detectorId = detection.detectorId;
        this.quarantineFunctionArn = response.functionArn;
        this.registerOutputs({
            logArchiveBucketArn: this.logArchiveBucketArn,
            logArchiveBucketName: this.logArchiveBucketName,
            alertTopicArn: this.alertTopicArn,
            trailArn: this.trailArn,
            detectorId: this.detectorId,
            quarantineFunctionArn: this.quarantineFunctionArn,
        });
    }
}
