/**
 * zt:aws:AuditTrail — the multi-region CloudTrail trail, delivered both to the log archive (the
 * evidence) and to a CloudWatch log group (where the CIS metric filters raise alarms).
 */
import * as pulumi from "@pulumi/pulumi";
import * as cloudtrail from "@pulumi/aws/cloudtrail";
import * as iam from "@pulumi/aws/iam";
import { encryptedLogGroup } from "./log-group";
import { LOG_ARCHIVE_PREFIXES, trailLogsPolicy } from "./visibility-policies";
import { serviceTrustPolicy } from "./policy-statements";

export interface AuditTrailArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** The trail's physical name; the archive's policy names it before it exists. CAUTION: changing it replaces the trail. */
    trailName: string;
    /** Record the whole organization (management or delegated admin account only). Default: this account. */
    organizationTrail?: boolean;
    /** Key for the trail's log files and its log group. */
    logsKeyArn: pulumi.Input<string>;
    /** The log archive bucket's name. */
    bucketName: pulumi.Input<string>;
    /** The log archive bucket's ARN: reads of it are recorded. */
    bucketArn: pulumi.Input<string>;
    /** The archive's bucket policy: CloudTrail checks on creation that it may write. */
    archivePolicy: pulumi.Resource;
    /** Buckets whose object-level reads and writes are recorded. Default: none (management events only). */
    dataBucketArns: pulumi.Input<string>[];
    /** Log-group retention, in days (rounded up to a value CloudWatch accepts). */
    retentionDays: number;
    /** `data-classification` of the log group (a log store is a data store). */
    classification: string;
    /** Boundary the delivery role carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Protect the trail and its log group from deletion. */
    protect: boolean;
}

/**
 * Management events everywhere, object-level events on the data buckets, and reads of the log
 * archive. Object-level events stand in for S3 server access logs: they name the caller's identity
 * and arrive reliably, and server access logs cannot be delivered to an SSE-KMS bucket.
 */
export function trailEventSelectors(dataBucketArns: pulumi.Input<string>[], archiveBucketArn?: pulumi.Input<string>): cloudtrail.TrailArgs["advancedEventSelectors"] {
    return [
        { name: "All management events", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
        ...(dataBucketArns.length > 0 ? [{
            name: "Object-level events on the data buckets",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", startsWiths: dataBucketArns.map((arn) => pulumi.interpolate`${arn}/`) },
            ],
        }] : []),
        // Reads only: the archive's writes are the log services' own deliveries, and recording
        // them would log the trail's writes into the trail, endlessly.
        ...(archiveBucketArn ? [{
            name: "Reads of the log archive",
            fieldSelectors: [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "readOnly", equals: ["true"] },
                { field: "resources.ARN", startsWiths: [pulumi.interpolate`${archiveBucketArn}/`] },
            ],
        }] : []),
    ];
}

export class AuditTrail extends pulumi.ComponentResource {
    readonly trailArn: pulumi.Output<string>;
    /** The CloudWatch log group the trail streams to (the metric filters' source). */
    readonly logGroupName: pulumi.Output<string>;

    constructor(name: string, args: AuditTrailArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:AuditTrail", name, {}, opts);

        const logGroup = encryptedLogGroup(`${name}-logs`, {
            name: `/aws/cloudtrail/${args.namePrefix}`,
            kmsKeyId: args.logsKeyArn,
            retentionDays: args.retentionDays,
            classification: args.classification,
            protect: args.protect,
            nameTag: `${args.namePrefix}-cloudtrail`,
        }, this);

        // Built from the name, so the role's policy is known at preview and the pack can read it.
        const logGroupArn = pulumi.interpolate`arn:aws:logs:${args.region}:${args.accountId}:log-group:${logGroup.name}`;

        const role = new iam.Role(`${name}-logs-role`, {
            name: `${args.namePrefix}-cloudtrail-logs`,
            description: "CloudTrail delivers events to its CloudWatch log group.",
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("cloudtrail.amazonaws.com")),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: `${args.namePrefix}-cloudtrail-logs` },
        }, { parent: this });

        const rolePolicy = new iam.RolePolicy(`${name}-logs-policy`, {
            role: role.id,
            name: "deliver-to-log-group",
            policy: trailLogsPolicy(logGroupArn),
        }, { parent: this });

        const trail = new cloudtrail.Trail(`${name}-trail`, {
            name: args.trailName,
            s3BucketName: args.bucketName,
            s3KeyPrefix: LOG_ARCHIVE_PREFIXES.cloudtrail,
            kmsKeyId: args.logsKeyArn,
            isMultiRegionTrail: true,
            includeGlobalServiceEvents: true,
            enableLogFileValidation: true,
            enableLogging: true,
            isOrganizationTrail: args.organizationTrail ?? false,
            cloudWatchLogsGroupArn: pulumi.interpolate`${logGroupArn}:*`,
            cloudWatchLogsRoleArn: role.arn,
            advancedEventSelectors: trailEventSelectors(args.dataBucketArns, args.bucketArn),
            tags: { Name: args.trailName },
        }, { parent: this, protect: args.protect, dependsOn: [args.archivePolicy, rolePolicy] });

        this.trailArn = trail.arn;
        this.logGroupName = logGroup.name;
        this.registerOutputs({ trailArn: this.trailArn, logGroupName: this.logGroupName });
    }
}
