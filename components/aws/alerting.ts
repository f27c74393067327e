/**
 * zt:aws:Alerting — one encrypted topic every security alert goes to, alarms on the CIS metric
 * filters over the trail's log group, and an alert on any use of the break-glass role.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as sns from "@pulumi/aws/sns";
import { CIS_FILTERS, breakGlassEventPattern, breakGlassFilterPattern, emailSlug } from "./visibility-patterns";
import { alertTopicPolicy } from "./visibility-policies";

export interface AlertingArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Key the topic is encrypted with (CloudWatch and EventBridge must be allowed to use it). */
    logsKeyArn: pulumi.Input<string>;
    /** The multi-region trail's log group, which the metric filters read. */
    trailLogGroupName: pulumi.Input<string>;
    /** The break-glass role: any use of it raises an alert. */
    breakGlassRoleArn: pulumi.Input<string>;
    /** Addresses subscribed to the topic (each must confirm). Default: none. */
    alertEmails: string[];
}

export class Alerting extends pulumi.ComponentResource {
    readonly topicArn: pulumi.Output<string>;
    /** The topic's policy: publishers wait for it so their first alert is not refused. */
    readonly topicPolicy: sns.TopicPolicy;

    constructor(name: string, args: AlertingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Alerting", name, {}, opts);
        const parent = { parent: this };

        const topic = new sns.Topic(`${name}-topic`, {
            name: `${args.namePrefix}-security-alerts`,
            displayName: `${args.namePrefix} security alerts`,
            kmsMasterKeyId: args.logsKeyArn,
            tags: { Name: `${args.namePrefix}-security-alerts` },
        }, parent);

        this.topicPolicy = new sns.TopicPolicy(`${name}-topic-policy`, {
            arn: topic.arn,
            // Built from the name, so the policy is known at preview and the pack can read it.
            policy: alertTopicPolicy(pulumi.interpolate`arn:aws:sns:${args.region}:${args.accountId}:${topic.name}`, args.accountId),
        }, parent);

        for (const address of args.alertEmails) {
            new sns.TopicSubscription(`${name}-email-${emailSlug(address)}`, {
                topic: topic.arn,
                protocol: "email",
                endpoint: address,
            }, parent);
        }

        const namespace = `${args.namePrefix}/security`;
        const alarmOn = (key: string, pattern: pulumi.Input<string>, description: string) => {
            const metricName = key;
            new cloudwatch.LogMetricFilter(`${name}-${key}-filter`, {
                name: `${args.namePrefix}-${key}`,
                logGroupName: args.trailLogGroupName,
                pattern,
                metricTransformation: { name: metricName, namespace, value: "1" },
            }, parent);
            new cloudwatch.MetricAlarm(`${name}-${key}-alarm`, {
                name: `${args.namePrefix}-${key}`,
                alarmDescription: description,
                namespace,
                metricName,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                threshold: 1,
                // No events means nothing happened: silence is not an alarm.
                treatMissingData: "notBreaching",
                alarmActions: [topic.arn],
                tags: { Name: `${args.namePrefix}-${key}` },
            }, { parent: this, dependsOn: [this.topicPolicy] });
        };

        for (const [key, filter] of Object.entries(CIS_FILTERS)) {
            alarmOn(key, filter.pattern, `CIS ${filter.control}: ${filter.description}`);
        }
        // The trail's log group gathers every region, so this catches uses EventBridge here cannot see.
        alarmOn("break-glass-use", breakGlassFilterPattern(args.breakGlassRoleArn), "The break-glass role was assumed (any region).");

        const breakGlassRule = new cloudwatch.EventRule(`${name}-break-glass-rule`, {
            name: `${args.namePrefix}-break-glass-use`,
            description: "Alert within seconds on any AssumeRole or console Switch Role into the break-glass role.",
            eventPattern: breakGlassEventPattern(args.breakGlassRoleArn),
            tags: { Name: `${args.namePrefix}-break-glass-use` },
        }, parent);

        new cloudwatch.EventTarget(`${name}-break-glass-target`, {
            rule: breakGlassRule.name,
            targetId: "security-alerts",
            arn: topic.arn,
        }, { parent: this, dependsOn: [this.topicPolicy] });

        this.topicArn = topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
