import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface LogRetentionConfig {
    /** The shortest retention allowed, in days. */
    minRetentionDays: number;
}

export default defineRule<LogRetentionConfig>({
    id: "zt-aws-logs-retention",
    displayName: "CloudWatch log groups keep logs for a set time",
    description: "Every CloudWatch Logs log group sets retentionInDays to at least the configured minimum (default 30); unset or 0 (never expire) is a violation.",
    rationale:
        "Monitoring and investigation need logs to exist for as long as an intrusion can go unnoticed, which is months, so a short retention destroys the " +
        "evidence. A log group without retention keeps everything forever: the cost grows without bound, and personal data in logs is kept longer than any " +
        "purpose justifies. A deliberate retention, at or above the minimum, is the answer to both; long-term audit copies belong in the immutable log archive.",
    severity: "low",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.10",
    remediationSteps:
        "Set retentionInDays on the aws.cloudwatch.LogGroup to a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, " +
        "1827, 2192, 2557, 2922, 3288, 3653) at or above the configured minimum. In this project, use cloudWatchRetention(logRetentionDays) from components/aws/retention.ts.",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 1, maximum: 3653, default: 30, description: "Shortest allowed retentionInDays." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:cloudwatch/logGroup:LogGroup") {
            return args.notApplicable(`${args.type} is not a CloudWatch log group`);
        }
        const days = readKnown(args.props, ["retentionInDays"]);
        if (days === undefined || days === null || days === 0) {
            report(`This CloudWatch log group keeps its logs forever (no retentionInDays): set retentionInDays to at least ${config.minRetentionDays}.`);
        } else if (typeof days === "number" && days < config.minRetentionDays) {
            report(`This CloudWatch log group keeps its logs for ${days} days, less than the required ${config.minRetentionDays}: set retentionInDays to at least ${config.minRetentionDays}.`);
        }
    },
});
