import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { REPO_ROOT, stackGraph } from "../support/graphs";
import { PROJECT, readStackConfig } from "../../config/stack-file";
import { captureProgram } from "../../plan/capture";
import { UNKNOWN_SENTINEL, type CapturedGraph, type CapturedResource } from "../../plan/graph";
import { FINDINGS_RETENTION } from "../../components/gcp/visibility";
import { ALERT_AUTO_CLOSE } from "../../components/gcp/visibility-alerts";
import {
    AUDIT_LOG_IDS,
    AUDIT_LOG_TYPES,
    FINDINGS_FILTER,
    NETWORK_LOG_IDS,
    SECURITY_ALERTS,
    alertConditionFilter,
    auditSinkFilter,
    channelKey,
    channelKeys,
    logBucketRetentionDays,
    securityAlerts,
} from "../../components/gcp/visibility-filters";
import { auditLogConfigs } from "../../components/gcp/visibility-scope";

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const componentOf = (g: CapturedGraph, type: string): CapturedResource => {
    const c = g.resources.find((r) => r.type === type);
    assert.ok(c, `${type} registered`);
    return c;
};
const childrenOf = (g: CapturedGraph) => g.resources.filter((r) => r.parent === componentOf(g, "zt:gcp:Visibility").urn);

const ALL_ALERTS = Object.keys(SECURITY_ALERTS);
const MANDATORY_LABELS = (env: string) => ({ environment: env, "managed-by": "pulumi", owner: "platform-team" });

describe("GCP visibility filters (pure)", () => {
    it("records every audit log type, with nobody exempted", () => {
        assert.deepEqual([...AUDIT_LOG_TYPES], ["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
        assert.deepEqual(auditLogConfigs(), [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }]);
    });

    it("routes the five audit logs and the network logs, and nothing else, to the audit bucket", () => {
        assert.equal(
            auditSinkFilter(),
            'log_id("cloudaudit.googleapis.com/activity") OR log_id("cloudaudit.googleapis.com/data_access") OR ' +
                'log_id("cloudaudit.googleapis.com/system_event") OR log_id("cloudaudit.googleapis.com/policy") OR ' +
                'log_id("cloudaudit.googleapis.com/access_transparency") OR log_id("compute.googleapis.com/firewall") OR ' +
                'log_id("compute.googleapis.com/vpc_flows") OR log_id("dns.googleapis.com/dns_queries")',
        );
        for (const id of ["activity", "data_access", "system_event", "policy"]) {
            assert.ok(AUDIT_LOG_IDS.includes(`cloudaudit.googleapis.com/${id}` as never), id);
        }
        assert.equal(NETWORK_LOG_IDS.length, 3);
    });

    it("caps the log bucket's retention at Cloud Logging's 3650 days", () => {
        assert.deepEqual([1, 90, 365, 3650, 3653].map(logBucketRetentionDays), [1, 90, 365, 3650, 3650]);
    });

    it("publishes every active finding, muted ones included", () => {
        assert.equal(FINDINGS_FILTER, 'state = "ACTIVE"');
    });

    it("declares the VPC-SC denial alert only with a perimeter", () => {
        assert.deepEqual(securityAlerts(true).map(([k]) => k), ALL_ALERTS);
        assert.deepEqual(securityAlerts(false).map(([k]) => k), ALL_ALERTS.filter((k) => k !== "vpc-sc-violation"));
        assert.deepEqual(ALL_ALERTS, [
            "iam-policy", "project-ownership", "audit-config", "custom-role", "firewall", "route", "network",
            "bucket-iam", "logging-config", "kms-key-destroy", "vpc-sc-violation",
        ]);
    });

    // The expressions each metric must contain: the CIS GCP Foundation Benchmark's own, where it has one.
    const FRAGMENTS: Record<string, string[]> = {
        "iam-policy": ['protoPayload.methodName:"SetIamPolicy"'],
        "project-ownership": [
            "ProjectOwnership OR projectOwnerInvitee",
            'protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner"',
            'protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner"',
        ],
        "audit-config": ['protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*'],
        "custom-role": ['resource.type="iam_role"', '"google.iam.admin.v1.CreateRole"', '"google.iam.admin.v1.UpdateRole"', '"google.iam.admin.v1.DeleteRole"'],
        firewall: ['resource.type="gce_firewall_rule" AND protoPayload.methodName:"compute.firewalls."', '"compute.networkFirewallPolicies."'],
        route: ['resource.type="gce_route"', '"compute.routes.insert"', '"compute.routes.delete"'],
        network: ['resource.type="gce_network"', '"compute.networks.insert"', '"compute.networks.patch"', '"compute.networks.delete"', '"compute.networks.addPeering"', '"compute.networks.removePeering"'],
        "bucket-iam": ['resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"'],
        "logging-config": ['protoPayload.serviceName="logging.googleapis.com"', '"DeleteSink"', '"UpdateSink"', '"UpdateBucket"', '"CreateExclusion"'],
        "kms-key-destroy": ['protoPayload.methodName="DestroyCryptoKeyVersion"'],
        "vpc-sc-violation": ['protoPayload.metadata.@type="type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata"'],
    };
    for (const [key, alert] of Object.entries(SECURITY_ALERTS)) {
        it(`${key}: reads the ${key === "vpc-sc-violation" ? "policy" : "admin activity"} log and matches its changes`, () => {
            const log = key === "vpc-sc-violation" ? "policy" : "activity";
            assert.ok(alert.filter.startsWith(`log_id("cloudaudit.googleapis.com/${log}") AND `), alert.filter);
            for (const f of FRAGMENTS[key]) assert.ok(alert.filter.includes(f), `${key} filter contains ${f}`);
            let depth = 0;
            for (const c of alert.filter) {
                depth += c === "(" ? 1 : c === ")" ? -1 : 0;
                assert.ok(depth >= 0, `${key}: parentheses balance`);
            }
            assert.equal(depth, 0, `${key}: parentheses balance`);
            assert.equal((alert.filter.match(/"/g) ?? []).length % 2, 0, `${key}: quotes balance`);
        });
    }

    it("alerts on the metric type alone, so every resource type's series counts", () => {
        assert.equal(alertConditionFilter("zt-prod-route"), 'metric.type="logging.googleapis.com/user/zt-prod-route"');
    });

    it("keys notification channels by the sanitised address, dropping duplicates and refusing collisions", () => {
        assert.equal(channelKey("SecOps.Team+alerts@Example.com"), "secops-team-alerts-example-com");
        assert.deepEqual(channelKeys(["secops@example.com", "SecOps@example.com", "soc@example.com"]), {
            "secops-example-com": "secops@example.com",
            "soc-example-com": "soc@example.com",
        });
        assert.throws(() => channelKeys(["a.b@example.com", "a-b@example.com"]), /"a\.b@example\.com" and "a-b@example\.com" map to the same notification channel key "a-b-example-com"/);
    });
});

const STACKS = [
    { stack: "gcp-prod", env: "prod", retention: 365, locked: true, protect: true },
    { stack: "gcp-dev", env: "dev", retention: 90, locked: false, protect: false },
];

for (const s of STACKS) {
    const project = `zt-landing-zone-${s.env}`;
    const prefix = `zt-${s.env}`;
    const bucketPath = `projects/${project}/locations/europe-west1/buckets/${prefix}-audit`;
    const topicId = `projects/${project}/topics/${prefix}-scc-findings`;
    const keyId = (purpose: string) => `projects/${project}/locations/europe-west1/keyRings/${prefix}-keys/cryptoKeys/${purpose}`;

    describe(`zt:gcp:Visibility (${s.stack}, project scope)`, () => {
        let g: CapturedGraph;
        before(async () => { g = await stackGraph(s.stack); });

        it("declares exactly its children: project audit config and sink, SCC at the project, every alert (VPC-SC on)", () => {
            assert.deepEqual(ids(childrenOf(g)), [
                "gcp:logging/projectBucketConfig:ProjectBucketConfig::visibility-log-bucket",
                "gcp:pubsub/topic:Topic::visibility-findings-topic",
                "gcp:pubsub/subscription:Subscription::visibility-findings-responders",
                "gcp:projects/iAMAuditConfig:IAMAuditConfig::visibility-audit-config",
                "gcp:logging/projectSink:ProjectSink::visibility-audit-sink",
                "gcp:securitycenter/v2ProjectNotificationConfig:V2ProjectNotificationConfig::visibility-findings",
                ...ALL_ALERTS.flatMap((k) => [`gcp:logging/metric:Metric::visibility-metric-${k}`, `gcp:monitoring/alertPolicy:AlertPolicy::visibility-alert-${k}`]),
            ].sort());
        });

        it(`protects exactly the log bucket${s.protect ? "" : " (nothing in dev)"}`, () => {
            assert.deepEqual(childrenOf(g).filter((r) => r.protect).map((r) => r.name), s.protect ? ["visibility-log-bucket"] : []);
        });

        it("logs admin reads, data reads and data writes of every service in the project, exempting nobody", () => {
            assert.deepEqual(byName(g, "visibility-audit-config").inputs, {
                project,
                service: "allServices",
                auditLogConfigs: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
            });
        });

        it(`keeps the logs ${s.retention} days in ${s.locked ? "a locked" : "an unlocked"} bucket encrypted with the logs key`, () => {
            const b = byName(g, "visibility-log-bucket");
            assert.deepEqual(b.inputs, {
                project,
                bucketId: `${prefix}-audit`,
                location: "europe-west1",
                description: "Audit and network logs of the landing zone.",
                retentionDays: s.retention,
                locked: s.locked,
                cmekSettings: { kmsKeyName: keyId("logs") },
            });
            // The key arrives only once the data pillar has granted it to the Logging service agent.
            assert.ok(b.propertyDependencies.cmekSettings.some((u) => u.endsWith("::data-key-logs-user")), "waits for the logs key grant");
        });

        it("routes the project's audit and network logs into the bucket with its own writer identity", () => {
            const sink = byName(g, "visibility-audit-sink");
            assert.deepEqual(sink.inputs, {
                project,
                name: `${prefix}-audit`,
                description: "Audit and network logs of the landing zone, into its locked log bucket.",
                destination: `logging.googleapis.com/${bucketPath}`,
                filter: auditSinkFilter(),
                uniqueWriterIdentity: true,
            });
            assert.deepEqual(sink.propertyDependencies.destination, [byName(g, "visibility-log-bucket").urn]);
        });

        it("publishes active findings to a CMEK topic kept in the region for a week, with a never-expiring pull subscription", () => {
            assert.deepEqual(byName(g, "visibility-findings-topic").inputs, {
                project,
                name: `${prefix}-scc-findings`,
                kmsKeyName: keyId("pubsub"),
                messageRetentionDuration: FINDINGS_RETENTION,
                messageStoragePolicy: { allowedPersistenceRegions: ["europe-west1"] },
                labels: MANDATORY_LABELS(s.env),
            });
            assert.equal(FINDINGS_RETENTION, "604800s");
            const topicUrn = byName(g, "visibility-findings-topic").urn;
            const config = byName(g, "visibility-findings");
            assert.deepEqual(config.inputs, {
                project,
                configId: `${prefix}-scc-findings`,
                description: "Active Security Command Center findings of the landing zone, for the responders.",
                location: "global",
                pubsubTopic: topicId,
                streamingConfig: { filter: 'state = "ACTIVE"' },
            });
            assert.deepEqual(config.propertyDependencies.pubsubTopic, [topicUrn]);
            const sub = byName(g, "visibility-findings-responders");
            assert.deepEqual(sub.inputs, {
                project,
                name: `${prefix}-scc-findings-responders`,
                topic: topicId,
                ackDeadlineSeconds: 60,
                messageRetentionDuration: FINDINGS_RETENTION,
                expirationPolicy: { ttl: "" },
                labels: MANDATORY_LABELS(s.env),
            });
            assert.deepEqual(sub.propertyDependencies.topic, [topicUrn]);
        });

        for (const key of ALL_ALERTS) {
            it(`${key}: a project-scoped metric and an alert policy on it, notifying nobody (no addresses configured)`, () => {
                const alert = SECURITY_ALERTS[key];
                const metric = byName(g, `visibility-metric-${key}`);
                assert.deepEqual(metric.inputs, {
                    project,
                    name: `${prefix}-${key}`,
                    description: alert.description,
                    filter: alert.filter,
                    metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: `${prefix}: ${alert.title}` },
                });
                const policy = byName(g, `visibility-alert-${key}`);
                const { conditions, documentation, ...rest } = policy.inputs as Record<string, unknown>;
                assert.deepEqual(rest, {
                    project,
                    displayName: `${prefix}: ${alert.title}`,
                    severity: alert.severity,
                    enabled: true,
                    combiner: "OR",
                    alertStrategy: { autoClose: ALERT_AUTO_CLOSE },
                    notificationChannels: [],
                });
                assert.deepEqual(conditions, [{
                    displayName: `${alert.title} (any entry)`,
                    conditionThreshold: {
                        filter: `metric.type="logging.googleapis.com/user/${prefix}-${key}"`,
                        comparison: "COMPARISON_GT",
                        thresholdValue: 0,
                        duration: "0s",
                        aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }],
                        trigger: { count: 1 },
                        evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
                    },
                }]);
                assert.equal((documentation as Record<string, string>).subject, `[${alert.severity}] ${prefix}: ${alert.title}`);
                assert.deepEqual(policy.propertyDependencies.conditions, [metric.urn], "the policy waits for its metric");
            });
        }
    });
}

/**
 * The prod stack with another policy scope (and, for the organization, alert addresses and no
 * perimeter), captured once per process: the stack files only exercise the project scope.
 */
const variants = new Map<string, Promise<CapturedGraph>>();
function variantGraph(key: string, patch: Record<string, unknown>): Promise<CapturedGraph> {
    let p = variants.get(key);
    if (!p) {
        const { config, placeholders } = readStackConfig("gcp-prod", REPO_ROOT);
        const gcp = { ...(JSON.parse(config["zt-landing-zone:gcp"]) as Record<string, unknown>), ...patch };
        for (const [k, v] of Object.entries(gcp)) if (v === undefined) delete gcp[k];
        p = captureProgram({
            project: PROJECT,
            stack: "gcp-prod",
            programDir: REPO_ROOT,
            config: { ...config, "zt-landing-zone:gcp": JSON.stringify(gcp) },
            secretPlaceholders: placeholders,
        }).then((c) => c.graph);
        variants.set(key, p);
    }
    return p;
}

const PROD_BUCKET = "projects/zt-landing-zone-prod/locations/europe-west1/buckets/zt-prod-audit";

describe("zt:gcp:Visibility (organization scope, two alert addresses, no VPC-SC)", () => {
    let g: CapturedGraph;
    before(async () => {
        g = await variantGraph("organization", {
            policyScope: "organization",
            alertEmails: ["secops@example.com", "SecOps@example.com", "soc@example.com"],
            vpcServiceControls: undefined,
        });
    });
    const CHANNELS = ["secops-example-com", "soc-example-com"];
    const ALERTS = ALL_ALERTS.filter((k) => k !== "vpc-sc-violation");

    it("declares the organization's audit config, aggregated sink with its writer grant, SCC config, a channel per address and no VPC-SC alert", () => {
        assert.deepEqual(ids(childrenOf(g)), [
            "gcp:logging/projectBucketConfig:ProjectBucketConfig::visibility-log-bucket",
            "gcp:pubsub/topic:Topic::visibility-findings-topic",
            "gcp:pubsub/subscription:Subscription::visibility-findings-responders",
            "gcp:organizations/iamAuditConfig:IamAuditConfig::visibility-audit-config",
            "gcp:logging/organizationSink:OrganizationSink::visibility-audit-sink",
            "gcp:projects/iAMMember:IAMMember::visibility-audit-sink-writer",
            "gcp:securitycenter/v2OrganizationNotificationConfig:V2OrganizationNotificationConfig::visibility-findings",
            ...CHANNELS.map((c) => `gcp:monitoring/notificationChannel:NotificationChannel::visibility-channel-${c}`),
            ...ALERTS.flatMap((k) => [`gcp:logging/metric:Metric::visibility-metric-${k}`, `gcp:monitoring/alertPolicy:AlertPolicy::visibility-alert-${k}`]),
        ].sort());
    });

    it("logs every service's reads and writes across the organization", () => {
        assert.deepEqual(byName(g, "visibility-audit-config").inputs, {
            orgId: "100000000001",
            service: "allServices",
            auditLogConfigs: [{ logType: "ADMIN_READ" }, { logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
        });
    });

    it("routes every project's audit logs into the bucket without intercepting them, and lets the sink write to that bucket only", () => {
        const sink = byName(g, "visibility-audit-sink");
        assert.deepEqual(sink.inputs, {
            orgId: "100000000001",
            name: "zt-prod-audit",
            description: "Audit and network logs of the landing zone, into its locked log bucket.",
            destination: `logging.googleapis.com/${PROD_BUCKET}`,
            filter: auditSinkFilter(),
            includeChildren: true,
            interceptChildren: false,
        });
        const grant = byName(g, "visibility-audit-sink-writer");
        assert.deepEqual(grant.inputs, {
            project: "zt-landing-zone-prod",
            role: "roles/logging.bucketWriter",
            // The writer identity is known only once the sink exists.
            member: UNKNOWN_SENTINEL,
            condition: {
                title: "audit-bucket-only",
                description: "The aggregated audit sink writes to the landing zone's audit bucket and nowhere else.",
                expression: 'resource.name.endsWith("/locations/europe-west1/buckets/zt-prod-audit")',
            },
        });
        assert.deepEqual(grant.propertyDependencies.member, [sink.urn]);
    });

    it("publishes the organization's active findings", () => {
        assert.deepEqual(byName(g, "visibility-findings").inputs, {
            organization: "100000000001",
            configId: "zt-prod-scc-findings",
            description: "Active Security Command Center findings of the landing zone, for the responders.",
            location: "global",
            pubsubTopic: "projects/zt-landing-zone-prod/topics/zt-prod-scc-findings",
            streamingConfig: { filter: 'state = "ACTIVE"' },
        });
    });

    it("emails each address once, with the channel's settings untouched by the label transformation", () => {
        assert.deepEqual(byName(g, "visibility-channel-secops-example-com").inputs, {
            project: "zt-landing-zone-prod",
            type: "email",
            displayName: "zt-prod security: secops@example.com",
            description: "Receives the landing zone's security alerts.",
            labels: { email_address: "secops@example.com" },
            enabled: true,
        });
        assert.deepEqual(byName(g, "visibility-channel-soc-example-com").inputs.labels, { email_address: "soc@example.com" });
    });

    it("counts in the audit bucket (where the child projects' logs arrive) and notifies every channel from every policy", () => {
        for (const key of ALERTS) {
            assert.equal(byName(g, `visibility-metric-${key}`).inputs.bucketName, PROD_BUCKET, key);
            assert.deepEqual(byName(g, `visibility-alert-${key}`).inputs.notificationChannels, CHANNELS.map((c) => `visibility-channel-${c}-id`), key);
        }
    });
});

describe("zt:gcp:Visibility (folder scope)", () => {
    let g: CapturedGraph;
    before(async () => { g = await variantGraph("folder", { policyScope: "folder", folderId: "300000000001" }); });

    it("sets the audit config, the aggregated sink and the SCC config on the folder", () => {
        const children = ids(childrenOf(g));
        for (const id of [
            "gcp:folder/iamAuditConfig:IamAuditConfig::visibility-audit-config",
            "gcp:logging/folderSink:FolderSink::visibility-audit-sink",
            "gcp:projects/iAMMember:IAMMember::visibility-audit-sink-writer",
            "gcp:securitycenter/v2FolderNotificationConfig:V2FolderNotificationConfig::visibility-findings",
        ]) {
            assert.ok(children.includes(id), id);
        }
        assert.equal(byName(g, "visibility-audit-config").inputs.folder, "folders/300000000001");
        const sink = byName(g, "visibility-audit-sink").inputs;
        assert.deepEqual([sink.folder, sink.includeChildren, sink.interceptChildren], ["300000000001", true, false]);
        assert.equal(byName(g, "visibility-findings").inputs.folder, "300000000001");
        assert.equal(byName(g, "visibility-metric-firewall").inputs.bucketName, PROD_BUCKET);
    });
});
