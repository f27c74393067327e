import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph, type CapturedResource } from "../../plan/graph";
import { archiveLifecycleRules } from "../../components/aws/log-archive";
import { trailEventSelectors } from "../../components/aws/audit-trail";
import { logArchivePolicy } from "../../components/aws/visibility-policies";
import * as pulumi from "@pulumi/pulumi";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const componentOf = (g: CapturedGraph, type: string): CapturedResource => {
    const c = g.resources.find((r) => r.type === type);
    assert.ok(c, `${type} registered`);
    return c;
};
const childrenOf = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.parent === componentOf(g, type).urn);
/** Everything under a component, at any depth. */
const subtreeOf = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.urn.includes(`$${type}$`));
const input = (r: CapturedResource, key: string) => r.inputs[key];
const parsed = (r: CapturedResource, key: string) => {
    const v = r.inputs[key];
    assert.equal(typeof v, "string", `${r.name}.${key} is a known JSON string`);
    assert.notEqual(v, UNKNOWN_SENTINEL, `${r.name}.${key} is known at preview`);
    return JSON.parse(v as string);
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = { Statement: any[] };
const statement = (doc: Doc, sid: string) => {
    const s = doc.Statement.find((x) => x.Sid === sid);
    assert.ok(s, `statement ${sid}`);
    return s;
};
/** The data buckets zt:aws:Data declares (custom S3 buckets directly under it). */
const dataBuckets = (g: CapturedGraph) => childrenOf(g, "zt:aws:Data").filter((r) => r.type === "aws:s3/bucket:Bucket");
const logsKey = (g: CapturedGraph) => byName(g, "data-key-logs");

const CONFIG_RULE_IDS = [
    "S3_BUCKET_PUBLIC_READ_PROHIBITED", "S3_BUCKET_PUBLIC_WRITE_PROHIBITED", "S3_BUCKET_SERVER_SIDE_ENCRYPTION_ENABLED",
    "S3_BUCKET_SSL_REQUESTS_ONLY", "ENCRYPTED_VOLUMES", "EC2_EBS_ENCRYPTION_BY_DEFAULT", "VPC_FLOW_LOGS_ENABLED",
    "ROOT_ACCOUNT_MFA_ENABLED", "MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS", "INCOMING_SSH_DISABLED", "RESTRICTED_INCOMING_TRAFFIC",
    "CLOUD_TRAIL_ENCRYPTION_ENABLED", "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", "IAM_ROOT_ACCESS_KEY_CHECK", "EC2_IMDSV2_CHECK",
    "VPC_DEFAULT_SECURITY_GROUP_CLOSED", "CMK_BACKING_KEY_ROTATION_ENABLED",
];
const slug = (id: string) => id.toLowerCase().replace(/_/g, "-");
const ALARMS = ["unauthorized-api-calls", "console-sign-in-without-mfa", "root-account-use", "iam-policy-changes", "cloudtrail-changes", "console-sign-in-failures", "break-glass-use"];
const FEATURES: Record<string, string> = {
    "s3-data-events": "S3_DATA_EVENTS",
    "eks-audit-logs": "EKS_AUDIT_LOGS",
    "ebs-malware-protection": "EBS_MALWARE_PROTECTION",
    "runtime-monitoring": "RUNTIME_MONITORING",
    "rds-login-events": "RDS_LOGIN_EVENTS",
    "lambda-network-logs": "LAMBDA_NETWORK_LOGS",
};

const STACKS = [
    { stack: "aws-prod", prefix: "zt-prod", retention: 365, protect: true },
    { stack: "aws-dev", prefix: "zt-dev", retention: 90, protect: false },
];

for (const { stack, prefix, retention, protect } of STACKS) {
    describe(`zt:aws:Visibility (${stack})`, () => {
        let g: CapturedGraph;
        before(async () => { g = await stackGraph(stack); });
        const urnOf = (name: string) => byName(g, name).urn;

        it("declares exactly its six parts, each with exactly its resources", () => {
            assert.deepEqual(ids(childrenOf(g, "zt:aws:Visibility")), [
                "zt:aws:Alerting::visibility-alerts",
                "zt:aws:AuditTrail::visibility-trail",
                "zt:aws:ConfigRecording::visibility-config",
                "zt:aws:Detection::visibility-detection",
                "zt:aws:LogArchive::visibility-archive",
                "zt:aws:Quarantine::visibility-response",
            ]);
            assert.deepEqual(ids(childrenOf(g, "zt:aws:LogArchive")), [
                "aws:s3/bucket:Bucket::visibility-archive-bucket",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::visibility-archive-lifecycle",
                "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::visibility-archive-object-lock",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls::visibility-archive-ownership",
                "aws:s3/bucketPolicy:BucketPolicy::visibility-archive-policy",
                "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::visibility-archive-public-access",
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::visibility-archive-encryption",
                "aws:s3/bucketVersioning:BucketVersioning::visibility-archive-versioning",
            ]);
            assert.deepEqual(ids(childrenOf(g, "zt:aws:AuditTrail")), [
                "aws:cloudtrail/trail:Trail::visibility-trail-trail",
                "aws:cloudwatch/logGroup:LogGroup::visibility-trail-logs",
                "aws:iam/role:Role::visibility-trail-logs-role",
                "aws:iam/rolePolicy:RolePolicy::visibility-trail-logs-policy",
            ]);
            assert.deepEqual(ids(childrenOf(g, "zt:aws:ConfigRecording")), [
                ...CONFIG_RULE_IDS.map((id) => `aws:cfg/rule:Rule::visibility-config-${slug(id)}`),
                "aws:cfg/deliveryChannel:DeliveryChannel::visibility-config-delivery",
                "aws:cfg/recorder:Recorder::visibility-config-recorder",
                "aws:cfg/recorderStatus:RecorderStatus::visibility-config-status",
                "aws:iam/role:Role::visibility-config-role",
                "aws:iam/rolePolicy:RolePolicy::visibility-config-role-delivery",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment::visibility-config-role-config",
            ].sort());
            assert.deepEqual(ids(childrenOf(g, "zt:aws:Detection")), [
                "aws:guardduty/detector:Detector::visibility-detection-guardduty",
                ...Object.keys(FEATURES).map((k) => `aws:guardduty/detectorFeature:DetectorFeature::visibility-detection-guardduty-${k}`),
                "aws:securityhub/account:Account::visibility-detection-securityhub",
                "aws:securityhub/standardsSubscription:StandardsSubscription::visibility-detection-standard-aws-foundational",
                "aws:securityhub/standardsSubscription:StandardsSubscription::visibility-detection-standard-cis-3-0",
            ].sort());
            // The stack files subscribe no addresses, so the topic has no subscriptions.
            assert.deepEqual(ids(childrenOf(g, "zt:aws:Alerting")), [
                ...ALARMS.flatMap((a) => [
                    `aws:cloudwatch/logMetricFilter:LogMetricFilter::visibility-alerts-${a}-filter`,
                    `aws:cloudwatch/metricAlarm:MetricAlarm::visibility-alerts-${a}-alarm`,
                ]),
                "aws:cloudwatch/eventRule:EventRule::visibility-alerts-break-glass-rule",
                "aws:cloudwatch/eventTarget:EventTarget::visibility-alerts-break-glass-target",
                "aws:sns/topic:Topic::visibility-alerts-topic",
                "aws:sns/topicPolicy:TopicPolicy::visibility-alerts-topic-policy",
            ].sort());
            assert.deepEqual(ids(childrenOf(g, "zt:aws:Quarantine")), [
                "aws:cloudwatch/eventRule:EventRule::visibility-response-findings-rule",
                "aws:cloudwatch/eventTarget:EventTarget::visibility-response-alert-target",
                "aws:cloudwatch/eventTarget:EventTarget::visibility-response-function-target",
                "aws:cloudwatch/logGroup:LogGroup::visibility-response-logs",
                "aws:iam/role:Role::visibility-response-role",
                "aws:iam/rolePolicy:RolePolicy::visibility-response-role-policy",
                "aws:lambda/function:Function::visibility-response-function",
                "aws:lambda/permission:Permission::visibility-response-invoke",
            ]);
        });

        it(`locks the archive in compliance mode for ${retention} days, versioned, KMS-encrypted and private`, () => {
            const bucket = byName(g, "visibility-archive-bucket");
            assert.deepEqual(
                [input(bucket, "bucket"), input(bucket, "objectLockEnabled"), input(bucket, "forceDestroy"), bucket.protect],
                [`${prefix}-log-archive-${ACCOUNT}`, true, false, protect],
            );
            const tags = input(bucket, "tags") as Record<string, string>;
            assert.deepEqual([tags.Name, tags.purpose, tags["data-classification"]], [`${prefix}-log-archive`, "log-archive", "confidential"]);
            assert.deepEqual(input(byName(g, "visibility-archive-object-lock"), "rule"), { defaultRetention: { mode: "COMPLIANCE", days: retention } });
            assert.deepEqual(input(byName(g, "visibility-archive-versioning"), "versioningConfiguration"), { status: "Enabled" });
            const sse = byName(g, "visibility-archive-encryption");
            assert.deepEqual((input(sse, "rules") as unknown[])[0], {
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: input(byName(g, "visibility-trail-trail"), "kmsKeyId") },
                bucketKeyEnabled: true,
            });
            assert.deepEqual(sse.propertyDependencies["rules"], [logsKey(g).urn]);
            const pab = byName(g, "visibility-archive-public-access").inputs;
            assert.deepEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
            assert.deepEqual(input(byName(g, "visibility-archive-ownership"), "rule"), { objectOwnership: "BucketOwnerEnforced" });
            const [rule] = input(byName(g, "visibility-archive-lifecycle"), "rules") as Record<string, unknown>[];
            assert.deepEqual(rule.transitions, [{ days: 90, storageClass: "GLACIER" }]);
            const expiry = (rule.noncurrentVersionExpiration as { noncurrentDays: number }).noncurrentDays;
            assert.ok(expiry >= retention, `noncurrent versions expire after ${expiry} >= ${retention} days`);
            assert.equal(rule.expiration, undefined, "current log objects never expire");
        });

        it("denies plain HTTP and tampering to everyone, and admits each delivery service under its own prefix", () => {
            const policy = byName(g, "visibility-archive-policy");
            const doc = parsed(policy, "policy") as Doc;
            const bucketArn = `arn:aws:s3:::${prefix}-log-archive-${ACCOUNT}`;
            const trailArn = `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${prefix}-trail`;
            assert.deepEqual(statement(doc, "DenyInsecureTransport"), {
                Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*",
                Resource: [bucketArn, `${bucketArn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } },
            });
            // Unconditional, and never a write or transition action: S3's own lifecycle work is untouched.
            assert.deepEqual(statement(doc, "DenyLogTampering"), {
                Sid: "DenyLogTampering", Effect: "Deny", Principal: "*",
                Action: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:PutBucketObjectLockConfiguration", "s3:PutLifecycleConfiguration"],
                Resource: [bucketArn, `${bucketArn}/*`],
            });
            const trailWrite = statement(doc, "CloudTrailWrite");
            assert.deepEqual([trailWrite.Principal, trailWrite.Resource], [{ Service: "cloudtrail.amazonaws.com" }, [`${bucketArn}/cloudtrail/AWSLogs/${ACCOUNT}/*`]]);
            assert.equal(trailWrite.Condition.StringEquals["aws:SourceArn"], trailArn);
            assert.equal(statement(doc, "CloudTrailAclCheck").Condition.StringEquals["aws:SourceArn"], trailArn);
            assert.equal(input(byName(g, "visibility-trail-trail"), "name"), `${prefix}-trail`, "the policy names the trail that exists");
            assert.deepEqual(statement(doc, "ConfigAclCheck").Action, ["s3:GetBucketAcl", "s3:ListBucket"]);
            assert.equal(statement(doc, "ConfigWrite").Resource, `${bucketArn}/config/AWSLogs/${ACCOUNT}/*`);
            const delivery = statement(doc, "LogDeliveryWrite");
            assert.deepEqual(delivery.Principal, { Service: "delivery.logs.amazonaws.com" });
            assert.deepEqual(delivery.Resource, [
                `${bucketArn}/vpc-flow-logs/AWSLogs/${ACCOUNT}/*`,
                `${bucketArn}/vpc-flow-logs/AWSLogs/aws-account-id=${ACCOUNT}/*`,
                `${bucketArn}/network-firewall/AWSLogs/${ACCOUNT}/*`,
                `${bucketArn}/network-firewall/*/AWSLogs/${ACCOUNT}/*`,
            ]);
            assert.equal(delivery.Condition.StringEquals["aws:SourceAccount"], ACCOUNT);
            for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
                assert.ok(s.Condition, `${s.Sid} is conditioned on this account or trail`);
            }
            assert.ok(policy.dependencies.includes(urnOf("visibility-archive-public-access")), "policy waits for the public access block");
            assert.ok(policy.dependencies.includes(urnOf("visibility-archive-object-lock")), "policy waits for the lock it forbids changing");
        });

        it("records a multi-region, validated, KMS-encrypted trail to the archive and CloudWatch Logs", () => {
            const trail = byName(g, "visibility-trail-trail");
            const logGroupArn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/cloudtrail/${prefix}`;
            assert.deepEqual({
                multiRegion: input(trail, "isMultiRegionTrail"), global: input(trail, "includeGlobalServiceEvents"),
                validation: input(trail, "enableLogFileValidation"), org: input(trail, "isOrganizationTrail"),
                bucket: input(trail, "s3BucketName"), keyPrefix: input(trail, "s3KeyPrefix"), cwl: input(trail, "cloudWatchLogsGroupArn"),
            }, {
                multiRegion: true, global: true, validation: true, org: false,
                bucket: `${prefix}-log-archive-${ACCOUNT}`, keyPrefix: "cloudtrail", cwl: `${logGroupArn}:*`,
            });
            assert.equal(trail.protect, protect);
            assert.deepEqual(trail.propertyDependencies["kmsKeyId"], [logsKey(g).urn]);
            assert.deepEqual(trail.propertyDependencies["cloudWatchLogsRoleArn"], [urnOf("visibility-trail-logs-role")]);
            assert.ok(trail.dependencies.includes(urnOf("visibility-archive-policy")), "trail waits for the bucket policy");
            assert.ok(trail.dependencies.includes(urnOf("visibility-trail-logs-policy")), "trail waits for its delivery role's policy");

            const logs = byName(g, "visibility-trail-logs");
            assert.deepEqual([input(logs, "retentionInDays"), input(logs, "deletionProtectionEnabled"), logs.protect], [retention, protect, protect]);
            assert.deepEqual(logs.propertyDependencies["kmsKeyId"], [logsKey(g).urn]);
            const trust = parsed(byName(g, "visibility-trail-logs-role"), "assumeRolePolicy") as Doc;
            assert.deepEqual(trust.Statement.map((s) => s.Principal), [{ Service: "cloudtrail.amazonaws.com" }]);
            const write = parsed(byName(g, "visibility-trail-logs-policy"), "policy") as Doc;
            assert.deepEqual(write.Statement.map((s) => [s.Action, s.Resource]), [[["logs:CreateLogStream", "logs:PutLogEvents"], `${logGroupArn}:log-stream:*`]]);
        });

        it("records management events, object-level events of exactly the data buckets, and reads of the archive", () => {
            const trail = byName(g, "visibility-trail-trail");
            const buckets = dataBuckets(g);
            const archive = byName(g, "visibility-archive-bucket");
            assert.ok(buckets.length > 0, "zt:aws:Data declares data buckets");
            const [management, data, reads, ...rest] = input(trail, "advancedEventSelectors") as { fieldSelectors: Record<string, unknown>[] }[];
            assert.deepEqual(rest, []);
            assert.deepEqual(reads.fieldSelectors, [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "readOnly", equals: ["true"] },
                { field: "resources.ARN", startsWiths: [`arn:aws:s3:::${input(archive, "bucket")}/`] },
            ]);
            assert.deepEqual(management.fieldSelectors, [{ field: "eventCategory", equals: ["Management"] }]);
            assert.deepEqual(data.fieldSelectors.slice(0, 2), [
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
            ]);
            assert.deepEqual(data.fieldSelectors[2], {
                field: "resources.ARN",
                startsWiths: buckets.map((b) => `arn:aws:s3:::${input(b, "bucket")}/`),
            });
            assert.deepEqual([...trail.propertyDependencies["advancedEventSelectors"]].sort(), [...buckets.map((b) => b.urn), archive.urn].sort());
        });

        it("records every resource type with AWS Config and evaluates at least 10 managed rules once recording", () => {
            const recorder = byName(g, "visibility-config-recorder");
            assert.deepEqual(input(recorder, "recordingGroup"), { allSupported: true, includeGlobalResourceTypes: true });
            assert.deepEqual(recorder.propertyDependencies["roleArn"], [urnOf("visibility-config-role")]);
            const trust = parsed(byName(g, "visibility-config-role"), "assumeRolePolicy") as Doc;
            assert.deepEqual(trust.Statement[0].Principal, { Service: "config.amazonaws.com" });
            assert.equal(input(byName(g, "visibility-config-role-config"), "policyArn"), "arn:aws:iam::aws:policy/service-role/AWS_ConfigRole");
            const channel = byName(g, "visibility-config-delivery");
            assert.deepEqual(
                [input(channel, "s3BucketName"), input(channel, "s3KeyPrefix"), input(channel, "snapshotDeliveryProperties")],
                [`${prefix}-log-archive-${ACCOUNT}`, "config", { deliveryFrequency: "TwentyFour_Hours" }],
            );
            assert.deepEqual(channel.propertyDependencies["s3KmsKeyArn"], [logsKey(g).urn]);
            const status = byName(g, "visibility-config-status");
            assert.equal(input(status, "isEnabled"), true);
            assert.ok(status.dependencies.includes(channel.urn), "recording starts once delivery is set up");
            const rules = subtreeOf(g, "zt:aws:ConfigRecording").filter((r) => r.type === "aws:cfg/rule:Rule");
            assert.ok(rules.length >= 10, `${rules.length} Config rules`);
            for (const rule of rules) {
                assert.equal((input(rule, "source") as { owner: string }).owner, "AWS", rule.name);
                assert.ok(rule.dependencies.includes(status.urn), `${rule.name} waits for the recorder to run`);
            }
            assert.deepEqual(rules.map((r) => (input(r, "source") as { sourceIdentifier: string }).sourceIdentifier).sort(), [...CONFIG_RULE_IDS].sort());
        });

        it("enables GuardDuty every 15 minutes with its protection plans as detector features", () => {
            const detector = byName(g, "visibility-detection-guardduty");
            assert.deepEqual(detector.inputs.enable, true);
            assert.equal(detector.inputs.findingPublishingFrequency, "FIFTEEN_MINUTES");
            assert.equal(detector.inputs.datasources, undefined, "the deprecated datasources block is not used");
            assert.equal(detector.protect, protect);
            for (const [key, feature] of Object.entries(FEATURES)) {
                const r = byName(g, `visibility-detection-guardduty-${key}`);
                assert.deepEqual([input(r, "name"), input(r, "status")], [feature, "ENABLED"]);
                assert.deepEqual(r.propertyDependencies["detectorId"], [detector.urn]);
            }
            assert.deepEqual(input(byName(g, "visibility-detection-guardduty-runtime-monitoring"), "additionalConfigurations"), [
                { name: "EKS_ADDON_MANAGEMENT", status: "DISABLED" },
                { name: "EC2_AGENT_MANAGEMENT", status: "ENABLED" },
                { name: "ECS_FARGATE_AGENT_MANAGEMENT", status: "ENABLED" },
            ]);
        });

        it("subscribes Security Hub to FSBP and CIS 3.0 in the stack's region", () => {
            const hub = byName(g, "visibility-detection-securityhub");
            assert.deepEqual(
                [input(hub, "enableDefaultStandards"), input(hub, "controlFindingGenerator"), input(hub, "autoEnableControls")],
                [false, "SECURITY_CONTROL", true],
            );
            const subs = subtreeOf(g, "zt:aws:Detection").filter((r) => r.type === "aws:securityhub/standardsSubscription:StandardsSubscription");
            assert.deepEqual(subs.map((s) => input(s, "standardsArn")).sort(), [
                `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`,
                `arn:aws:securityhub:${REGION}::standards/cis-aws-foundations-benchmark/v/3.0.0`,
            ]);
            for (const s of subs) assert.ok(s.dependencies.includes(hub.urn), s.name);
        });

        it("sends every CIS alarm to the KMS-encrypted topic, which only CloudWatch and EventBridge may publish to", () => {
            const topic = byName(g, "visibility-alerts-topic");
            assert.equal(input(topic, "name"), `${prefix}-security-alerts`);
            assert.deepEqual(topic.propertyDependencies["kmsMasterKeyId"], [logsKey(g).urn]);
            const doc = parsed(byName(g, "visibility-alerts-topic-policy"), "policy") as Doc;
            for (const s of doc.Statement) assert.equal(s.Resource, `arn:aws:sns:${REGION}:${ACCOUNT}:${prefix}-security-alerts`, s.Sid);
            const allows = doc.Statement.filter((s) => s.Effect === "Allow");
            assert.deepEqual(allows.map((s) => s.Principal.Service).sort(), ["cloudwatch.amazonaws.com", "events.amazonaws.com"]);
            for (const s of allows) assert.deepEqual([s.Action, s.Condition], ["sns:Publish", { StringEquals: { "aws:SourceAccount": ACCOUNT } }]);
            assert.deepEqual(statement(doc, "DenyInsecureTransport").Condition, { Bool: { "aws:SecureTransport": "false" } });

            const trailLogs = urnOf("visibility-trail-logs");
            for (const key of ALARMS) {
                const filter = byName(g, `visibility-alerts-${key}-filter`);
                const alarm = byName(g, `visibility-alerts-${key}-alarm`);
                assert.deepEqual(filter.propertyDependencies["logGroupName"], [trailLogs], `${key} reads the trail's log group`);
                const metric = input(filter, "metricTransformation") as { name: string; namespace: string };
                assert.deepEqual([input(alarm, "metricName"), input(alarm, "namespace")], [metric.name, metric.namespace], key);
                assert.deepEqual(
                    [input(alarm, "threshold"), input(alarm, "comparisonOperator"), input(alarm, "treatMissingData")],
                    [1, "GreaterThanOrEqualToThreshold", "notBreaching"], key,
                );
                assert.deepEqual(alarm.propertyDependencies["alarmActions"], [topic.urn], `${key} alarms the topic`);
            }
            const pattern = (key: string) => input(byName(g, `visibility-alerts-${key}-filter`), "pattern") as string;
            assert.match(pattern("console-sign-in-failures"), /\$\.eventName = ConsoleLogin\) && \(\$\.errorMessage = "Failed authentication"\)/);
            assert.match(pattern("root-account-use"), /\$\.userIdentity\.type = "Root" && \$\.userIdentity\.invokedBy NOT EXISTS && \$\.eventType != "AwsServiceEvent"/);
            for (const event of ["PutRolePolicy", "AttachRolePolicy", "CreatePolicyVersion", "DetachGroupPolicy"]) {
                assert.ok(pattern("iam-policy-changes").includes(`$.eventName = ${event}`), event);
            }
            assert.match(pattern("unauthorized-api-calls"), /\$\.errorCode = "\*UnauthorizedOperation"\) \|\| \(\$\.errorCode = "AccessDenied\*"/);
        });

        it("sends GuardDuty findings of severity 7 or more to the quarantine function and the topic", () => {
            const rule = byName(g, "visibility-response-findings-rule");
            assert.deepEqual(parsed(rule, "eventPattern"), {
                source: ["aws.guardduty"],
                "detail-type": ["GuardDuty Finding"],
                detail: { severity: [{ numeric: [">=", 7] }] },
            });
            const fn = byName(g, "visibility-response-function");
            const toFunction = byName(g, "visibility-response-function-target");
            assert.deepEqual(toFunction.propertyDependencies["rule"], [rule.urn]);
            assert.deepEqual(toFunction.propertyDependencies["arn"], [fn.urn]);
            const toTopic = byName(g, "visibility-response-alert-target");
            assert.deepEqual(toTopic.propertyDependencies["rule"], [rule.urn]);
            assert.deepEqual(toTopic.propertyDependencies["arn"], [urnOf("visibility-alerts-topic")]);
            const permission = byName(g, "visibility-response-invoke");
            assert.deepEqual([input(permission, "action"), input(permission, "principal")], ["lambda:InvokeFunction", "events.amazonaws.com"]);
            assert.deepEqual(permission.propertyDependencies["sourceArn"], [rule.urn]);
            assert.deepEqual(permission.propertyDependencies["function"], [fn.urn]);
        });

        it("runs the quarantine function on the supported runtime, traced, logging to its own encrypted group", () => {
            const fn = byName(g, "visibility-response-function");
            assert.deepEqual(
                [input(fn, "runtime"), input(fn, "handler"), input(fn, "tracingConfig"), input(fn, "reservedConcurrentExecutions")],
                ["nodejs22.x", "index.handler", { mode: "Active" }, 5],
            );
            assert.deepEqual(input(fn, "loggingConfig"), { logGroup: `/aws/lambda/${prefix}-quarantine`, logFormat: "JSON" });
            assert.deepEqual(fn.propertyDependencies["loggingConfig"], [urnOf("visibility-response-logs")]);
            assert.deepEqual(fn.propertyDependencies["kmsKeyArn"], [logsKey(g).urn]);
            assert.deepEqual(fn.propertyDependencies["role"], [urnOf("visibility-response-role")]);
            const code = input(fn, "code") as { assets: Record<string, { text: string }> };
            assert.match(code.assets["index.js"].text, /ModifyInstanceAttributeCommand/);
            const logs = byName(g, "visibility-response-logs");
            assert.deepEqual([input(logs, "retentionInDays"), logs.protect], [retention, protect]);
        });

        it("gives the quarantine role only the EC2 actions it uses, scoped where EC2 allows", () => {
            const doc = parsed(byName(g, "visibility-response-role-policy"), "policy") as Doc;
            const actions = doc.Statement.flatMap((s) => [s.Action].flat()).sort();
            assert.deepEqual(actions, [
                "ec2:CreateSecurityGroup", "ec2:CreateSnapshot", "ec2:CreateTags", "ec2:DescribeInstances", "ec2:DescribeSecurityGroups",
                "ec2:DescribeVolumes", "ec2:ModifyInstanceAttribute", "ec2:RevokeSecurityGroupEgress",
                "logs:CreateLogStream", "logs:PutLogEvents", "xray:PutTelemetryRecords", "xray:PutTraceSegments",
            ]);
            const wildcard = doc.Statement.filter((s) => s.Resource === "*").map((s) => s.Sid).sort();
            assert.deepEqual(wildcard, ["Describe", "Tracing"], "only actions without resource-level permissions use *");
            assert.deepEqual(statement(doc, "CloseQuarantineGroup").Condition, { StringEquals: { "aws:ResourceTag/zt-quarantine": "true" } });
            assert.deepEqual(statement(doc, "TagOnCreateOnly").Condition, { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateSecurityGroup"] } });
            const trust = parsed(byName(g, "visibility-response-role"), "assumeRolePolicy") as Doc;
            assert.deepEqual(trust.Statement.map((s) => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
        });

        it("alerts on AssumeRole or Switch Role into the break-glass role, by rule and by metric filter", () => {
            const rule = byName(g, "visibility-alerts-break-glass-rule");
            const pattern = parsed(rule, "eventPattern");
            assert.deepEqual(pattern.source, ["aws.sts", "aws.signin"]);
            const [assume, sw] = pattern.detail.$or;
            assert.deepEqual(assume.eventName, ["AssumeRole"]);
            assert.deepEqual(sw.eventName, ["SwitchRole"]);
            assert.deepEqual(sw.additionalEventData.SwitchTo, assume.requestParameters.roleArn, "both branches name the same role");
            const [roleArn] = assume.requestParameters.roleArn as string[];
            const filter = input(byName(g, "visibility-alerts-break-glass-use-filter"), "pattern") as string;
            assert.ok(filter.includes(`$.requestParameters.roleArn = "${roleArn}"`) && filter.includes(`$.additionalEventData.SwitchTo = "${roleArn}"`));
            const target = byName(g, "visibility-alerts-break-glass-target");
            assert.deepEqual(target.propertyDependencies["rule"], [rule.urn]);
            assert.deepEqual(target.propertyDependencies["arn"], [urnOf("visibility-alerts-topic")]);
        });

        it("takes the break-glass role from zt:aws:Identity", () => {
            const role = byName(g, "identity-break-glass");
            assert.ok(role.urn.includes("$zt:aws:Identity$"));
            const rule = byName(g, "visibility-alerts-break-glass-rule");
            assert.deepEqual(rule.propertyDependencies["eventPattern"], [role.urn]);
            assert.deepEqual(byName(g, "visibility-alerts-break-glass-use-filter").propertyDependencies["pattern"], [role.urn]);
            assert.deepEqual(parsed(rule, "eventPattern").detail.$or[0].requestParameters.roleArn, [`arn:aws:iam::${ACCOUNT}:role/${prefix}-break-glass`]);
        });

        it("gives every role it creates the permissions boundary zt:aws:Identity names (the bootstrap declares it)", () => {
            const roles = subtreeOf(g, "zt:aws:Visibility").filter((r) => r.type === "aws:iam/role:Role");
            assert.deepEqual(roles.map((r) => r.name).sort(), ["visibility-config-role", "visibility-response-role", "visibility-trail-logs-role"]);
            for (const role of roles) {
                assert.equal(input(role, "permissionsBoundary"), `arn:aws:iam::${ACCOUNT}:policy/${prefix}-boundary`, role.name);
                assert.deepEqual(role.propertyDependencies["permissionsBoundary"], [], role.name);
            }
        });
    });
}

describe("visibility helpers", () => {
    const resolve = <T>(o: pulumi.Output<T>) => new Promise<T>((ok) => o.apply((v) => { ok(v); return v; }));

    it("admits an organization trail's member-account path only when an organization is given", async () => {
        const base = { bucketArn: "arn:aws:s3:::b", accountId: ACCOUNT, region: REGION, trailArn: "arn:aws:cloudtrail:eu-west-1:123456789012:trail/t" };
        const resources = async (organizationId?: string) => {
            const doc = JSON.parse(await resolve(logArchivePolicy({ ...base, organizationId }))) as Doc;
            return statement(doc, "CloudTrailWrite").Resource;
        };
        assert.deepEqual(await resources(), [`arn:aws:s3:::b/cloudtrail/AWSLogs/${ACCOUNT}/*`]);
        assert.deepEqual(await resources("o-a1b2c3d4e5"), [`arn:aws:s3:::b/cloudtrail/AWSLogs/${ACCOUNT}/*`, "arn:aws:s3:::b/cloudtrail/AWSLogs/o-a1b2c3d4e5/*"]);
    });

    it("keeps lifecycle expiry after both the retention and the Glacier transition", () => {
        for (const [retention, glacier] of [[365, 90], [90, 90], [30, 180]]) {
            const [rule] = archiveLifecycleRules(retention, glacier) as { noncurrentVersionExpiration: { noncurrentDays: number } }[];
            const days = rule.noncurrentVersionExpiration.noncurrentDays;
            assert.ok(days >= retention && days > glacier, `${retention}/${glacier} → ${days}`);
        }
    });

    it("records management events only when there are no data buckets (an empty selector is invalid)", () => {
        assert.equal((trailEventSelectors([]) as unknown[]).length, 1);
    });
});
