/**
 * What the GCP visibility rules share: the type tokens they judge, reading Cloud Logging query
 * filters (does a sink keep audit logs, which changes does a log-based metric count), where a
 * sink routes, and which log-based metric an alert policy watches.
 *
 * Filters are read, not evaluated: a term counts when it names what we look for and is not
 * negated (`NOT term`, `-term`, `NOT (... term ...)`). That is a heuristic on the Logging query
 * language, documented in each rule. Stack rules read leniently: a value unknown during preview
 * is not evidence of a gap.
 */
import { PolicyResource } from "@pulumi/policy";
import { knownString } from "./gcp-data";
import { isPlainObject, isUnknown, raw, readRaw } from "./props";

export const GCP_LOGGING_TYPES = {
    projectBucketConfig: "gcp:logging/projectBucketConfig:ProjectBucketConfig",
    folderBucketConfig: "gcp:logging/folderBucketConfig:FolderBucketConfig",
    organizationBucketConfig: "gcp:logging/organizationBucketConfig:OrganizationBucketConfig",
    billingAccountBucketConfig: "gcp:logging/billingAccountBucketConfig:BillingAccountBucketConfig",
    projectSink: "gcp:logging/projectSink:ProjectSink",
    folderSink: "gcp:logging/folderSink:FolderSink",
    organizationSink: "gcp:logging/organizationSink:OrganizationSink",
    projectAuditConfig: "gcp:projects/iAMAuditConfig:IAMAuditConfig",
    folderAuditConfig: "gcp:folder/iamAuditConfig:IamAuditConfig",
    organizationAuditConfig: "gcp:organizations/iamAuditConfig:IamAuditConfig",
    metric: "gcp:logging/metric:Metric",
    alertPolicy: "gcp:monitoring/alertPolicy:AlertPolicy",
} as const;

/** Log bucket configurations, at every level; all take cmekSettings. */
export const LOG_BUCKET_TYPES: readonly string[] = [
    GCP_LOGGING_TYPES.projectBucketConfig,
    GCP_LOGGING_TYPES.folderBucketConfig,
    GCP_LOGGING_TYPES.organizationBucketConfig,
    GCP_LOGGING_TYPES.billingAccountBucketConfig,
];

export const SINK_TYPES: readonly string[] = [GCP_LOGGING_TYPES.projectSink, GCP_LOGGING_TYPES.folderSink, GCP_LOGGING_TYPES.organizationSink];

export const AUDIT_CONFIG_TYPES: readonly string[] = [
    GCP_LOGGING_TYPES.projectAuditConfig,
    GCP_LOGGING_TYPES.folderAuditConfig,
    GCP_LOGGING_TYPES.organizationAuditConfig,
];

/** Security Command Center notification configs (v1 and v2), at every level. */
export const SCC_NOTIFICATION_TYPES: readonly string[] = [
    "gcp:securitycenter/notificationConfig:NotificationConfig",
    "gcp:securitycenter/folderNotificationConfig:FolderNotificationConfig",
    "gcp:securitycenter/projectNotificationConfig:ProjectNotificationConfig",
    "gcp:securitycenter/v2OrganizationNotificationConfig:V2OrganizationNotificationConfig",
    "gcp:securitycenter/v2FolderNotificationConfig:V2FolderNotificationConfig",
    "gcp:securitycenter/v2ProjectNotificationConfig:V2ProjectNotificationConfig",
];

/** VPC Service Controls perimeters, one per resource or all of an access policy's at once. */
export const PERIMETER_TYPES: readonly string[] = [
    "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter",
    "gcp:accesscontextmanager/servicePerimeters:ServicePerimeters",
];

/** The log buckets every project has; `_Default` is not an archive anyone locks or dedicates to audit logs. */
export const BUILT_IN_LOG_BUCKETS = ["_Default", "_Required"];

/** True when `pattern` occurs in `filter` in a term that is not negated. */
export function mentions(filter: string, pattern: RegExp): boolean {
    const re = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    for (const m of filter.matchAll(re)) {
        if (!negated(filter, m.index ?? 0)) {
            return true;
        }
    }
    return false;
}

// A group's "(", not a function call's (log_id("...")), and the boolean operators.
const BOUNDARY = /(?<![\w.])\(|\bAND\b|\bOR\b/g;

/** Whether the term around `at` is negated: it starts with NOT or "-", or sits in a group that does. */
function negated(filter: string, at: number): boolean {
    let end = at;
    for (;;) {
        const before = filter.slice(0, end);
        let boundary = -1;
        let token = "";
        for (const m of before.matchAll(BOUNDARY)) {
            boundary = m.index ?? 0;
            token = m[0];
        }
        const term = filter.slice(boundary < 0 ? 0 : boundary + token.length, at).trim();
        if (/^(NOT\s|-)/.test(term)) {
            return true;
        }
        if (token !== "(") {
            return false;
        }
        // A term inside a group: the group itself may be negated.
        const outside = filter.slice(0, boundary).trimEnd();
        if (/(\bNOT|-)$/.test(outside)) {
            return true;
        }
        end = boundary;
        at = boundary;
    }
}

/** Audit log entries, by log name or payload type. */
const AUDIT_LOGS = /cloudaudit\.googleapis\.com|google\.cloud\.audit\.AuditLog/i;

/** True when a sink or exclusion filter selects audit logs (an empty filter selects everything). */
export function filterKeepsAuditLogs(filter: unknown): boolean {
    const f = raw(filter);
    if (f === undefined || f === null || isUnknown(f)) {
        return true;
    }
    return typeof f === "string" && (f.trim() === "" || mentions(f, AUDIT_LOGS));
}

/**
 * True when the sink keeps audit logs: its filter selects them, and no enabled exclusion drops
 * them. An exclusion with an empty or unknown filter is lenient (it is rejected by the API).
 */
export function sinkKeepsAuditLogs(sink: PolicyResource): boolean {
    if (!filterKeepsAuditLogs(readRaw(sink.props, ["filter"]))) {
        return false;
    }
    const exclusions = readRaw(sink.props, ["exclusions"]);
    if (!Array.isArray(exclusions)) {
        return true;
    }
    return !exclusions.some((e) => {
        const exclusion = raw(e);
        if (!isPlainObject(exclusion) || raw(exclusion.disabled) === true) {
            return false;
        }
        const filter = knownString(exclusion.filter);
        return filter !== undefined && mentions(filter, AUDIT_LOGS);
    });
}

// logging.googleapis.com/projects/<p>/locations/<l>/buckets/<id> (or folders, organizations, billingAccounts)
const LOG_BUCKET_DESTINATION = /^logging\.googleapis\.com\/(?:projects|folders|organizations|billingAccounts)\/[^/]+\/locations\/[^/]+\/buckets\/([^/]+)$/;

export type SinkDestination = "log bucket" | "built-in bucket" | "elsewhere" | "unknown";

/**
 * Where a sink routes: a dedicated log bucket, a built-in one (`_Default`), somewhere else
 * (Cloud Storage, BigQuery, Pub/Sub, another project), or unknown during preview. A destination
 * fed by a log bucket configuration counts as that bucket, whatever text the mock id makes of it.
 */
export function sinkDestination(sink: PolicyResource, resources: readonly PolicyResource[]): SinkDestination {
    const fedBy = (sink.propertyDependencies.destination ?? [])
        .map((d) => resources.find((r) => r.urn === d.urn))
        .find((r): r is PolicyResource => r !== undefined && LOG_BUCKET_TYPES.includes(r.type));
    if (fedBy) {
        const id = knownString(readRaw(fedBy.props, ["bucketId"]));
        return id !== undefined && BUILT_IN_LOG_BUCKETS.includes(id) ? "built-in bucket" : "log bucket";
    }
    const destination = readRaw(sink.props, ["destination"]);
    if (isUnknown(destination)) {
        return "unknown";
    }
    const m = typeof destination === "string" ? LOG_BUCKET_DESTINATION.exec(destination.trim()) : null;
    if (!m) {
        return "elsewhere";
    }
    return BUILT_IN_LOG_BUCKETS.includes(m[1]) ? "built-in bucket" : "log bucket";
}

/** The change a security alert watches for, and how a filter that selects it reads. */
export interface WatchedChange {
    label: string;
    /** A filter term that selects these changes. */
    pattern: RegExp;
    /** A filter to suggest in messages. */
    example: string;
}

export const WATCHED_CHANGES = {
    iam: {
        label: "IAM policy changes",
        pattern: /SetIamPolicy|policyDelta\.bindingDeltas/i,
        example: 'protoPayload.methodName="SetIamPolicy"',
    },
    firewall: {
        label: "VPC firewall rule changes",
        pattern: /gce_firewall_rule|compute\.firewalls\./i,
        example:
            'resource.type="gce_firewall_rule" AND (protoPayload.methodName:"compute.firewalls.patch" OR protoPayload.methodName:"compute.firewalls.insert" ' +
            'OR protoPayload.methodName:"compute.firewalls.delete")',
    },
    vpcsc: {
        label: "VPC Service Controls violations",
        pattern: /VpcServiceControlAuditMetadata/,
        example: 'protoPayload.metadata.@type="type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata"',
    },
} as const satisfies Record<string, WatchedChange>;

/** Whether a filter selects the change: true, false, or "unknown" during preview. */
export function filterSelects(filter: unknown, change: WatchedChange): boolean | "unknown" {
    const f = raw(filter);
    if (isUnknown(f)) {
        return "unknown";
    }
    return typeof f === "string" && mentions(f, change.pattern);
}

/** The conditions of an alert policy, raw; "unknown" when the list is unknown during preview. */
export function alertConditions(alert: PolicyResource): Record<string, unknown>[] | "unknown" {
    const conditions = readRaw(alert.props, ["conditions"]);
    if (isUnknown(conditions)) {
        return "unknown";
    }
    return Array.isArray(conditions) ? conditions.map((c) => raw(c)).filter(isPlainObject) : [];
}

/** True when the alert policy is not switched off (enabled defaults to true). */
export function alertEnabled(alert: PolicyResource): boolean {
    return readRaw(alert.props, ["enabled"]) !== false;
}

/**
 * True when an alert policy's conditions watch the log-based metric: a threshold or absence
 * filter, or an MQL/PromQL query, names `logging.googleapis.com/user/<name>`, or the engine
 * recorded that the metric fed the conditions.
 */
export function alertWatchesMetric(alert: PolicyResource, metric: PolicyResource): boolean | "unknown" {
    if ((alert.propertyDependencies.conditions ?? []).some((d) => d.urn === metric.urn)) {
        return true;
    }
    const name = knownString(readRaw(metric.props, ["name"]));
    const conditions = alertConditions(alert);
    if (conditions === "unknown") {
        return "unknown";
    }
    if (name === undefined) {
        return false;
    }
    const texts = conditions.flatMap((c) => [
        readRaw(c, ["conditionThreshold", "filter"]),
        readRaw(c, ["conditionAbsent", "filter"]),
        readRaw(c, ["conditionMonitoringQueryLanguage", "query"]),
        readRaw(c, ["conditionPrometheusQueryLanguage", "query"]),
    ]);
    if (texts.some(isUnknown)) {
        return "unknown";
    }
    // The metric type, not a longer name that starts with it (metric names may hold . / - _).
    const types = [`logging.googleapis.com/user/${name}`, `logging_googleapis_com:user_${name}`].map((n) => new RegExp(`${escape(n)}(?![\\w./-])`));
    return texts.some((t) => typeof t === "string" && types.some((re) => re.test(t)));
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether an alert policy's log-match conditions select the change directly. */
export function alertMatchesLog(alert: PolicyResource, change: WatchedChange): boolean | "unknown" {
    const conditions = alertConditions(alert);
    if (conditions === "unknown") {
        return "unknown";
    }
    const results = conditions.map((c) => filterSelects(readRaw(c, ["conditionMatchedLog", "filter"]), change));
    return results.includes(true) ? true : results.includes("unknown") ? "unknown" : false;
}
