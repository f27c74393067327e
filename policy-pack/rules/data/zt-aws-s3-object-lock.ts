import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { companionsOf, isS3Bucket, S3_TYPES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";
import { viewOf } from "../../lib/view";

export interface ObjectLockConfig {
    /** The shortest default retention, in days, a log archive may have. */
    minRetentionDays: number;
}

/** Object Lock counts a retention year as 365 days. */
const DAYS_PER_YEAR = 365;

/** The gaps of one Object Lock configuration, each a phrase after "The Object Lock default retention of this log-archive S3 bucket". */
function gapsOf(config: PolicyResource, min: number): string[] {
    const retention = readRaw(config.props, ["rule", "defaultRetention"]);
    if (isUnknown(retention)) {
        return [];
    }
    if (retention === undefined || retention === null) {
        return [`is not set: set rule.defaultRetention to { mode: "COMPLIANCE", days: ${min} } or longer`];
    }
    const gaps: string[] = [];
    const mode = readRaw(retention, ["mode"]);
    if (mode !== "COMPLIANCE" && !isUnknown(mode)) {
        const now = mode === undefined ? "has no mode" : `is in "${String(mode)}" mode`;
        gaps.push(`${now}, which privileged users can bypass or shorten: set rule.defaultRetention.mode to "COMPLIANCE"`);
    }
    const days = readRaw(retention, ["days"]);
    const years = readRaw(retention, ["years"]);
    if (isUnknown(days) || isUnknown(years)) {
        return gaps;
    }
    const total = typeof days === "number" ? days : typeof years === "number" ? years * DAYS_PER_YEAR : undefined;
    if (total === undefined) {
        gaps.push(`sets neither days nor years: set rule.defaultRetention.days to at least ${min}`);
    } else if (total < min) {
        gaps.push(`is ${total} days, shorter than the required ${min}: set rule.defaultRetention.days to at least ${min}`);
    }
    return gaps;
}

export default defineRule<ObjectLockConfig>({
    id: "zt-aws-s3-object-lock",
    displayName: "The log archive is immutable (Object Lock, compliance mode)",
    description:
        'Every log-archive S3 bucket (tagged purpose=log-archive) has an Object Lock configuration whose default retention is in "COMPLIANCE" mode for at least the configured number of days.',
    rationale:
        "Zero Trust decisions and investigations rest on the audit trail, and the first thing an intruder with administrator rights does is erase it. Object Lock in " +
        "compliance mode makes every log object write-once: nobody, including the account root user, can delete or overwrite it or shorten its retention until the " +
        "retention ends. Governance mode does not give that guarantee, since principals with s3:BypassGovernanceRetention can remove the lock. The " +
        "aws.s3.BucketObjectLockConfiguration enables Object Lock on new and existing buckets, so the bucket's own objectLockEnabled flag is optional.",
    severity: "high",
    pillar: "data",
    nistTenets: [5, 7],
    cisaPillar: "Data",
    cis: "8.10",
    remediationSteps:
        "Enable versioning on the log-archive bucket (or create it with objectLockEnabled: true) and add an aws.s3.BucketObjectLockConfiguration whose bucket is the bucket's id, with " +
        'rule: { defaultRetention: { mode: "COMPLIANCE", days: <retention> } } at or above the configured minimum (default 365 days). Compliance-mode objects cannot ' +
        "be deleted before they expire, so choose the retention with the data owner and use lifecycle transitions to move old logs to cheaper storage.",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, default: 365, description: "Shortest default retention of a log archive, in days (a year counts 365 days)." },
        },
    },
    validateStack: (args, report, config) => {
        const archives = args.resources.filter((r) => isS3Bucket(r) && viewOf(r).kind() === "log-archive");
        if (archives.length === 0) {
            return args.notApplicable("the stack has no log-archive S3 buckets (tagged purpose=log-archive)");
        }
        const min = config.minRetentionDays;
        for (const bucket of archives) {
            const configs = companionsOf(args.resources, bucket, S3_TYPES.objectLock);
            if (configs.length === 0) {
                report(
                    `This log-archive S3 bucket has no Object Lock default retention: add an aws.s3.BucketObjectLockConfiguration for it with rule.defaultRetention { mode: "COMPLIANCE", days: ${min} } or longer.`,
                    bucket.urn,
                );
                continue;
            }
            const all = configs.map((c) => gapsOf(c, min));
            if (all.some((g) => g.length === 0)) {
                continue;
            }
            for (const gap of all[0]) {
                report(`The Object Lock default retention of this log-archive S3 bucket ${gap}.`, bucket.urn);
            }
        }
    },
});
