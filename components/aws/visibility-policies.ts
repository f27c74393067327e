/**
 * Policy documents of the visibility pillar, as plain objects (no invokes: the offline plan must
 * see them exactly as deployed). Pure functions: no resources are created here.
 */
import * as pulumi from "@pulumi/pulumi";
import { denyInsecureTransport } from "./policy-statements";

type Str = pulumi.Input<string>;

/**
 * Key prefixes inside the log archive, one per delivering service. Writers are admitted only under
 * their own prefix, so a compromised delivery path cannot overwrite another service's evidence.
 * Flow logs go to `<archive ARN>/vpc-flow-logs/`; firewall logs to `network-firewall/` or one
 * level below it (`network-firewall/alert/`, `network-firewall/flow/`).
 */
export const LOG_ARCHIVE_PREFIXES = {
    cloudtrail: "cloudtrail",
    config: "config",
    flowLogs: "vpc-flow-logs",
    firewall: "network-firewall",
} as const;

/** Everything that could shorten or erase the archive's history, denied to every principal. */
export const ARCHIVE_TAMPER_ACTIONS = [
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:DeleteBucket",
    "s3:PutBucketObjectLockConfiguration",
    "s3:PutLifecycleConfiguration",
] as const;

/** The managed policy AWS Config's recorder role needs to read resource configurations. */
export const AWS_CONFIG_ROLE_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole";

/** The ARN a trail will have: known before the trail exists, so the bucket policy can name it. */
export function trailArnFor(region: string, accountId: Str, trailName: string): pulumi.Output<string> {
    return pulumi.interpolate`arn:aws:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

export interface LogArchivePolicyArgs {
    bucketArn: Str;
    accountId: Str;
    region: string;
    /** The trail allowed to deliver (aws:SourceArn). */
    trailArn: Str;
    /** Also admit the organization trail's member-account path `cloudtrail/AWSLogs/<orgId>/`. */
    organizationId?: string;
}

/**
 * The archive's bucket policy: TLS only, no tampering by anyone, and each delivery service
 * admitted under its own prefix, only on behalf of this account (or this trail).
 */
export function logArchivePolicy(a: LogArchivePolicyArgs): pulumi.Output<string> {
    const p = LOG_ARCHIVE_PREFIXES;
    const objects = (prefix: string, owner: Str) => pulumi.interpolate`${a.bucketArn}/${prefix}/AWSLogs/${owner}/*`;
    const ownerFullControl = { "s3:x-amz-acl": "bucket-owner-full-control" };
    const logsSource = pulumi.interpolate`arn:aws:logs:${a.region}:${a.accountId}:*`;
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport("s3:*", [a.bucketArn, pulumi.interpolate`${a.bucketArn}/*`]),
            {
                // Object Lock (compliance) already refuses deletes inside the retention; this states the
                // intent and also stops anyone shortening the lock or the lifecycle. Lifecycle
                // transitions and expirations are carried out by S3 itself, not by a principal's
                // request, so this deny never blocks them. To change the lock or lifecycle later, the
                // account root removes this policy first (root can always delete a bucket policy).
                Sid: "DenyLogTampering",
                Effect: "Deny",
                Principal: "*",
                Action: [...ARCHIVE_TAMPER_ACTIONS],
                Resource: [a.bucketArn, pulumi.interpolate`${a.bucketArn}/*`],
            },
            {
                Sid: "CloudTrailAclCheck",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: a.bucketArn,
                Condition: { StringEquals: { "aws:SourceArn": a.trailArn, "aws:SourceAccount": a.accountId } },
            },
            {
                Sid: "CloudTrailWrite",
                Effect: "Allow",
                Principal: { Service: "cloudtrail.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: [
                    objects(p.cloudtrail, a.accountId),
                    ...(a.organizationId ? [objects(p.cloudtrail, a.organizationId)] : []),
                ],
                Condition: { StringEquals: { ...ownerFullControl, "aws:SourceArn": a.trailArn, "aws:SourceAccount": a.accountId } },
            },
            {
                Sid: "ConfigAclCheck",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: ["s3:GetBucketAcl", "s3:ListBucket"],
                Resource: a.bucketArn,
                Condition: { StringEquals: { "aws:SourceAccount": a.accountId } },
            },
            {
                Sid: "ConfigWrite",
                Effect: "Allow",
                Principal: { Service: "config.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: objects(p.config, a.accountId),
                Condition: { StringEquals: { ...ownerFullControl, "aws:SourceAccount": a.accountId } },
            },
            {
                Sid: "LogDeliveryAclCheck",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:GetBucketAcl",
                Resource: a.bucketArn,
                Condition: { StringEquals: { "aws:SourceAccount": a.accountId }, ArnLike: { "aws:SourceArn": logsSource } },
            },
            {
                Sid: "LogDeliveryWrite",
                Effect: "Allow",
                Principal: { Service: "delivery.logs.amazonaws.com" },
                Action: "s3:PutObject",
                Resource: [
                    objects(p.flowLogs, a.accountId),
                    // Hive-compatible partitions (the network's Parquet flow logs) name the account as a key=value folder.
                    objects(p.flowLogs, pulumi.interpolate`aws-account-id=${a.accountId}`),
                    objects(p.firewall, a.accountId),
                    objects(`${p.firewall}/*`, a.accountId),
                ],
                Condition: {
                    StringEquals: { ...ownerFullControl, "aws:SourceAccount": a.accountId },
                    ArnLike: { "aws:SourceArn": logsSource },
                },
            },
        ],
    });
}

/** CloudTrail's role for CloudWatch Logs: write streams of that one log group, nothing else. */
export function trailLogsPolicy(logGroupArn: Str): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Sid: "DeliverToTrailLogGroup",
            Effect: "Allow",
            Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: pulumi.interpolate`${logGroupArn}:log-stream:*`,
        }],
    });
}

/** The recorder role's delivery rights: its own archive prefix, and the logs key to encrypt with. */
export function configDeliveryPolicy(bucketArn: Str, accountId: Str, logsKeyArn: Str): pulumi.Output<string> {
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            { Sid: "CheckArchive", Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: bucketArn },
            {
                Sid: "DeliverSnapshots",
                Effect: "Allow",
                Action: "s3:PutObject",
                Resource: pulumi.interpolate`${bucketArn}/${LOG_ARCHIVE_PREFIXES.config}/AWSLogs/${accountId}/*`,
                Condition: { StringEquals: { "s3:x-amz-acl": "bucket-owner-full-control" } },
            },
            { Sid: "EncryptSnapshots", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: logsKeyArn },
        ],
    });
}

/** Only CloudWatch alarms and EventBridge rules of this account publish; never over plain HTTP. */
export function alertTopicPolicy(topicArn: Str, accountId: Str): pulumi.Output<string> {
    const publisher = (sid: string, service: string) => ({
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sns:Publish",
        Resource: topicArn,
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
    });
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            publisher("CloudWatchAlarmsPublish", "cloudwatch.amazonaws.com"),
            publisher("EventBridgeRulesPublish", "events.amazonaws.com"),
            denyInsecureTransport("sns:Publish", topicArn),
        ],
    });
}

export interface QuarantinePolicyArgs {
    region: string;
    accountId: Str;
    /** The function's own log group. */
    logGroupArn: Str;
    /** Tag key marking quarantine security groups. */
    quarantineTag: string;
}

/**
 * Least privilege for the quarantine function: describe (EC2 has no resource-level scoping for
 * Describe*), snapshot volumes, create and close a quarantine group, swap an instance's groups.
 * Tags only on create, and egress may be revoked only from groups tagged as quarantine groups.
 */
export function quarantinePolicy(a: QuarantinePolicyArgs): pulumi.Output<string> {
    const arn = (resource: string) => pulumi.interpolate`arn:aws:ec2:${a.region}:${a.accountId}:${resource}`;
    const snapshots = `arn:aws:ec2:${a.region}::snapshot/*`;
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "Describe",
                Effect: "Allow",
                Action: ["ec2:DescribeInstances", "ec2:DescribeVolumes", "ec2:DescribeSecurityGroups"],
                Resource: "*",
            },
            { Sid: "SnapshotVolumes", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: [arn("volume/*"), snapshots] },
            {
                Sid: "TagOnCreateOnly",
                Effect: "Allow",
                Action: "ec2:CreateTags",
                Resource: [snapshots, arn("security-group/*")],
                Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateSecurityGroup"] } },
            },
            { Sid: "CreateQuarantineGroup", Effect: "Allow", Action: "ec2:CreateSecurityGroup", Resource: [arn("vpc/*"), arn("security-group/*")] },
            {
                Sid: "CloseQuarantineGroup",
                Effect: "Allow",
                Action: "ec2:RevokeSecurityGroupEgress",
                Resource: arn("security-group/*"),
                Condition: { StringEquals: { [`aws:ResourceTag/${a.quarantineTag}`]: "true" } },
            },
            { Sid: "SwapGroups", Effect: "Allow", Action: "ec2:ModifyInstanceAttribute", Resource: [arn("instance/*"), arn("security-group/*")] },
            {
                Sid: "WriteOwnLogs",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                Resource: pulumi.interpolate`${a.logGroupArn}:log-stream:*`,
            },
            // X-Ray has no resource-level permissions; these two only write trace data.
            { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        ],
    });
}
