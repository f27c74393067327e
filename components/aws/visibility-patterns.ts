/**
 * What the visibility pillar watches for, as data: Config rules, GuardDuty features, Security Hub
 * standards, CIS metric filters and EventBridge patterns. Pure: no resources are created here.
 */
import * as pulumi from "@pulumi/pulumi";

/** AWS managed Config rules, by identifier; each becomes one cfg.Rule keyed by its identifier. */
export const CONFIG_RULES: Readonly<Record<string, string>> = {
    S3_BUCKET_PUBLIC_READ_PROHIBITED: "S3 buckets do not allow public read access.",
    S3_BUCKET_PUBLIC_WRITE_PROHIBITED: "S3 buckets do not allow public write access.",
    S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED: "S3 buckets encrypt objects at rest by default.",
    S3_BUCKET_SSL_REQUESTS_ONLY: "S3 bucket policies refuse requests without TLS.",
    ENCRYPTED_VOLUMES: "Attached EBS volumes are encrypted.",
    EC2_EBS_ENCRYPTION_BY_DEFAULT: "EBS encryption by default is on in the region.",
    VPC_FLOW_LOGS_ENABLED: "Every VPC has flow logs.",
    ROOT_ACCOUNT_MFA_ENABLED: "The root user has MFA.",
    MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS: "IAM users with a console password have MFA.",
    INCOMING_SSH_DISABLED: "No security group admits SSH from anywhere.",
    RESTRICTED_INCOMING_TRAFFIC: "No security group admits common admin and database ports from anywhere.",
    CLOUD_TRAIL_ENCRYPTION_ENABLED: "CloudTrail trails encrypt with KMS.",
    CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED: "CloudTrail trails sign their log files.",
    IAM_ROOT_ACCESS_KEY_CHECK: "The root user has no access keys.",
    EC2_IMDSV2_CHECK: "EC2 instances require IMDSv2.",
    VPC_DEFAULT_SECURITY_GROUP_CLOSED: "Default security groups allow no traffic.",
    CMK_BACKING_KEY_ROTATION_ENABLED: "Customer-managed KMS keys rotate.",
};

/** `S3_BUCKET_SSL_REQUESTS_ONLY` → `s3-bucket-ssl-requests-only`. */
export function ruleSlug(identifier: string): string {
    return identifier.toLowerCase().replace(/_/g, "-");
}

/** A stable logical-name key for an address: `sec-ops@example.com` → `sec-ops-example-com`. */
export function emailSlug(address: string): string {
    return address.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

export interface GuardDutyFeature {
    /** The feature's API name. */
    name: string;
    additionalConfigurations?: { name: string; status: "ENABLED" | "DISABLED" }[];
}

/** GuardDuty protection plans, keyed for logical names (the deprecated `datasources` block is not used). */
export const GUARDDUTY_FEATURES: Readonly<Record<string, GuardDutyFeature>> = {
    "s3-data-events": { name: "S3_DATA_EVENTS" },
    "eks-audit-logs": { name: "EKS_AUDIT_LOGS" },
    "ebs-malware-protection": { name: "EBS_MALWARE_PROTECTION" },
    "runtime-monitoring": {
        name: "RUNTIME_MONITORING",
        additionalConfigurations: [
            // The Workload pillar installs the aws-guardduty-agent addon itself, so the plan shows it;
            // GuardDuty managing it too would fight that declaration.
            { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
            { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
            { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
        ],
    },
    "rds-login-events": { name: "RDS_LOGIN_EVENTS" },
    "lambda-network-logs": { name: "LAMBDA_NETWORK_LOGS" },
};

/** Security Hub standards subscribed to, keyed for logical names. Their ARNs are regional. */
export function securityHubStandards(region: string): Record<string, string> {
    return {
        "aws-foundational": `arn:aws:securityhub:${region}::standards/aws-foundational-security-best-practices/v/1.0.0`,
        "cis-3-0": `arn:aws:securityhub:${region}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
    };
}

export interface CisFilter {
    /** CIS AWS Foundations Benchmark v3.0 control. */
    control: string;
    description: string;
    pattern: string;
}

/**
 * CIS AWS Foundations Benchmark (v3.0, section 4) metric filters on the trail's log group. The
 * multi-region trail delivers every region's events to that one group, so these see all regions.
 */
export const CIS_FILTERS: Readonly<Record<string, CisFilter>> = {
    "unauthorized-api-calls": {
        control: "4.1",
        description: "API calls refused for lack of authorization.",
        // The benchmark's pattern, with the grouping it intends made explicit (|| before &&).
        pattern: '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }',
    },
    "console-sign-in-without-mfa": {
        control: "4.2",
        description: "Successful console sign-in by an IAM user without MFA.",
        pattern: '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    },
    "root-account-use": {
        control: "4.3",
        description: "Any use of the root user.",
        pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    },
    "iam-policy-changes": {
        control: "4.4",
        description: "Changes to IAM policies.",
        pattern: "{ ($.eventName = DeleteGroupPolicy) || ($.eventName = DeleteRolePolicy) || ($.eventName = DeleteUserPolicy) || " +
            "($.eventName = PutGroupPolicy) || ($.eventName = PutRolePolicy) || ($.eventName = PutUserPolicy) || " +
            "($.eventName = CreatePolicy) || ($.eventName = DeletePolicy) || ($.eventName = CreatePolicyVersion) || " +
            "($.eventName = DeletePolicyVersion) || ($.eventName = AttachRolePolicy) || ($.eventName = DetachRolePolicy) || " +
            "($.eventName = AttachUserPolicy) || ($.eventName = DetachUserPolicy) || ($.eventName = AttachGroupPolicy) || " +
            "($.eventName = DetachGroupPolicy) }",
    },
    "cloudtrail-changes": {
        control: "4.5",
        description: "Changes to CloudTrail configuration.",
        pattern: "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }",
    },
    "console-sign-in-failures": {
        control: "4.6",
        description: "Failed console authentications.",
        pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    },
};

/** GuardDuty findings at or above a severity (7 = High), matched numerically. */
export function findingsAtLeast(severity: number): Record<string, unknown> {
    return {
        source: ["aws.guardduty"],
        "detail-type": ["GuardDuty Finding"],
        detail: { severity: [{ numeric: [">=", severity] }] },
    };
}

/**
 * Any use of the break-glass role: an STS AssumeRole naming it, or a console Switch Role into it.
 * EventBridge sees CloudTrail events only in the region they are recorded in (global STS and
 * console sign-in events land in us-east-1), so {@link breakGlassFilterPattern} backs this up
 * on the multi-region trail's log group.
 */
export function breakGlassEventPattern(roleArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.jsonStringify({
        source: ["aws.sts", "aws.signin"],
        "detail-type": ["AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail"],
        detail: {
            $or: [
                { eventName: ["AssumeRole"], requestParameters: { roleArn: [roleArn] } },
                { eventName: ["SwitchRole"], additionalEventData: { SwitchTo: [roleArn] } },
            ],
        },
    });
}

/** The same match as {@link breakGlassEventPattern}, as a metric filter over every region's events. */
export function breakGlassFilterPattern(roleArn: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`{ (($.eventName = "AssumeRole") && ($.requestParameters.roleArn = "${roleArn}")) || (($.eventName = "SwitchRole") && ($.additionalEventData.SwitchTo = "${roleArn}")) }`;
}
