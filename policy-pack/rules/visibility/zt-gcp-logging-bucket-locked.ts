import { defineRule } from "../../lib/define-rule";
import { asNumber } from "../../lib/aws-props";
import { BUILT_IN_LOG_BUCKETS, GCP_LOGGING_TYPES } from "../../lib/gcp-logging";
import { readKnown } from "../../lib/props";

export interface LogBucketConfig {
    /** The shortest retention allowed, in days. */
    minRetentionDays: number;
}

/** What Cloud Logging keeps when retentionDays is left out or 0 at creation. */
const DEFAULT_RETENTION_DAYS = 30;

export default defineRule<LogBucketConfig>({
    id: "zt-gcp-logging-bucket-locked",
    displayName: "Log buckets keep logs long enough, locked",
    description:
        "Every project log bucket other than _Default and _Required (logging.ProjectBucketConfig) sets retentionDays to at least the configured minimum " +
        "(default 365; left out means 30) and locked to true.",
    rationale:
        "The log bucket is the evidence: audit logs of every change and every data access. Intrusions go unnoticed for months, so logs kept for the default " +
        "30 days are gone when the investigation starts. An unlocked bucket can have its retention shortened or be deleted by anyone holding logging admin, " +
        "which is the first thing an attacker covering tracks does; a locked bucket's retention can never be reduced and the bucket cannot be deleted " +
        "while it holds logs. Locking is irreversible, so development stacks run this rule as advisory.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.10",
    remediationSteps:
        "Set retentionDays (1–3650) at or above the minimum and locked: true on the gcp.logging.ProjectBucketConfig. CAUTION: a lock cannot be undone; " +
        "set the final retention first. The bucket can then only be deleted once it is empty.",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, maximum: 3650, default: 365, description: "Shortest allowed retentionDays of a log bucket." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== GCP_LOGGING_TYPES.projectBucketConfig) {
            return args.notApplicable(`${args.type} is not a project log bucket`);
        }
        const id = readKnown(args.props, ["bucketId"]);
        if (typeof id === "string" && BUILT_IN_LOG_BUCKETS.includes(id)) {
            return args.notApplicable(`${id} is a built-in log bucket; audit logs are routed to a dedicated one (zt-gcp-logging-sink)`);
        }
        const value = readKnown(args.props, ["retentionDays"]);
        const given = asNumber(value);
        const days = given === undefined || given === 0 ? DEFAULT_RETENTION_DAYS : given;
        if (days < config.minRetentionDays) {
            const what = given === undefined || given === 0 ? `${DEFAULT_RETENTION_DAYS} days (retentionDays is not set)` : `${days} days`;
            report(`The log bucket keeps its logs for ${what}, less than the required ${config.minRetentionDays}: set retentionDays to at least ${config.minRetentionDays}.`);
        }
        if (readKnown(args.props, ["locked"]) !== true) {
            report("The log bucket's retention is not locked, so logging admins can shorten it or delete the bucket: set locked to true (irreversible).");
        }
    },
});
