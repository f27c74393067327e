import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface DeletionWindowConfig {
    /** The shortest waiting period allowed before a key is deleted, in days. */
    minDays: number;
}

/** AWS waits this long when deletionWindowInDays is not set, and accepts no more. */
const AWS_MAX_WINDOW = 30;

export default defineRule<DeletionWindowConfig>({
    id: "zt-aws-kms-deletion-window",
    displayName: "KMS keys wait the longest time before deletion",
    description: "Every KMS key leaves deletionWindowInDays unset (30 days) or sets it to at least the configured minimum (default 30).",
    rationale:
        "Deleting a KMS key destroys every piece of data encrypted under it, irrecoverably. The waiting period is the only chance to notice and cancel a " +
        "mistaken or malicious deletion (CloudTrail records ScheduleKeyDeletion, and an alarm can fire on it). A seven-day window can pass over a holiday " +
        "unnoticed; the 30-day maximum gives monitoring and people the most time to react.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5],
    cisaPillar: "Data",
    cis: "11.3",
    remediationSteps: "Remove deletionWindowInDays from the aws.kms.Key (AWS then waits 30 days) or set it to 30.",
    configSchema: {
        properties: {
            minDays: { type: "integer", minimum: 7, maximum: AWS_MAX_WINDOW, default: AWS_MAX_WINDOW, description: "Shortest allowed deletionWindowInDays (AWS accepts 7 to 30)." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:kms/key:Key") {
            return args.notApplicable(`${args.type} is not a KMS key`);
        }
        const days = readKnown(args.props, ["deletionWindowInDays"]);
        if (typeof days === "number" && days < config.minDays) {
            report(`This KMS key would be deleted ${days} days after deletion is scheduled: set deletionWindowInDays to ${AWS_MAX_WINDOW} (or remove it, which means ${AWS_MAX_WINDOW}) so a mistaken or malicious deletion can still be cancelled.`);
        }
    },
});
