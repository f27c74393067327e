/**
 * zt:aws:Quarantine — the automated response to high-severity GuardDuty findings: a function that
 * snapshots the instance's volumes for forensics and swaps its security groups for a quarantine
 * group with no rules, and the same findings sent to the alerts topic for a human to follow up.
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import { LAMBDA_RUNTIME, lambdaCode } from "./lambda-code";
import { encryptedLogGroup } from "./log-group";
import { findingsAtLeast } from "./visibility-patterns";
import { quarantinePolicy } from "./visibility-policies";
import { serviceTrustPolicy } from "./policy-statements";

/** Tag marking quarantine security groups; the Network pillar tags its own the same way. */
export const QUARANTINE_TAG = "zt-quarantine";

export interface QuarantineArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Key for the function's log group and environment. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** `data-classification` of the function's log group (a log store is a data store). */
    logClassification: string;
    /** Boundary the function's role carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Where the findings are also sent, and the policy that lets EventBridge publish to it. */
    alertTopicArn: pulumi.Input<string>;
    alertTopicPolicy: pulumi.Resource;
    /** Lowest GuardDuty severity acted on. Default: 7 (High and above). */
    minSeverity?: number;
    /** Protect the function's log group from deletion. */
    protect: boolean;
}

export class Quarantine extends pulumi.ComponentResource {
    readonly functionArn: pulumi.Output<string>;

    constructor(name: string, args: QuarantineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Quarantine", name, {}, opts);
        const parent = { parent: this };
        const functionName = `${args.namePrefix}-quarantine`;

        const logGroup = encryptedLogGroup(`${name}-logs`, {
            name: `/aws/lambda/${functionName}`,
            kmsKeyId: args.logsKeyArn,
            retentionDays: args.logRetentionDays,
            classification: args.logClassification,
            protect: args.protect,
            nameTag: functionName,
        }, this);

        const role = new iam.Role(`${name}-role`, {
            name: functionName,
            description: "Snapshots and isolates EC2 instances named in high-severity GuardDuty findings.",
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("lambda.amazonaws.com")),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: functionName },
        }, parent);

        const rolePolicy = new iam.RolePolicy(`${name}-role-policy`, {
            role: role.id,
            name: "quarantine",
            policy: quarantinePolicy({
                region: args.region,
                accountId: args.accountId,
                // Built from the name, so the policy is known at preview and the pack can read it.
                logGroupArn: pulumi.interpolate`arn:aws:logs:${args.region}:${args.accountId}:log-group:${logGroup.name}`,
                quarantineTag: QUARANTINE_TAG,
            }),
        }, parent);

        const fn = new lambda.Function(`${name}-function`, {
            name: functionName,
            description: "Snapshots and isolates EC2 instances named in high-severity GuardDuty findings.",
            runtime: LAMBDA_RUNTIME,
            handler: "index.handler",
            code: lambdaCode("quarantine"),
            role: role.arn,
            // Snapshots are only started, not awaited; two minutes covers a slow EC2 API.
            timeout: 120,
            memorySize: 256,
            kmsKeyArn: args.logsKeyArn,
            // A burst of findings queues up rather than fanning out EC2 calls without limit.
            reservedConcurrentExecutions: 5,
            tracingConfig: { mode: "Active" },
            loggingConfig: { logGroup: logGroup.name, logFormat: "JSON" },
            tags: { Name: functionName },
        }, { parent: this, dependsOn: [rolePolicy] });

        const rule = new cloudwatch.EventRule(`${name}-findings-rule`, {
            name: `${args.namePrefix}-guardduty-high`,
            description: "GuardDuty findings of high severity or above: quarantine and alert.",
            eventPattern: JSON.stringify(findingsAtLeast(args.minSeverity ?? 7)),
            tags: { Name: `${args.namePrefix}-guardduty-high` },
        }, parent);

        const invoke = new lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: fn.name,
            principal: "events.amazonaws.com",
            sourceArn: rule.arn,
        }, parent);

        new cloudwatch.EventTarget(`${name}-function-target`, {
            rule: rule.name,
            targetId: "quarantine",
            arn: fn.arn,
        }, { parent: this, dependsOn: [invoke] });

        new cloudwatch.EventTarget(`${name}-alert-target`, {
            rule: rule.name,
            targetId: "security-alerts",
            arn: args.alertTopicArn,
        }, { parent: this, dependsOn: [args.alertTopicPolicy] });

        this.functionArn = fn.arn;
        this.registerOutputs({ functionArn: this.functionArn });
    }
}
