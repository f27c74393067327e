import { defineRule } from "../../lib/define-rule";
import { isUnknown, readKnown, readRaw } from "../../lib/props";

/** True when the input is set; a value unknown during preview will be. */
function isSet(props: Record<string, unknown>, name: string): boolean {
    const v = readRaw(props, [name]);
    return isUnknown(v) || (v !== undefined && v !== null && v !== "");
}

export default defineRule({
    id: "zt-aws-cloudtrail-hardened",
    displayName: "CloudTrail trails are multi-region, validated, encrypted and streamed",
    description:
        "Every CloudTrail trail is logging, multi-region with global service events, validates its log files, encrypts with a customer-managed KMS key and " +
        "delivers to CloudWatch Logs.",
    rationale:
        "CloudTrail is the account's record of who did what: Zero Trust monitoring, incident response and the detections built on it all read it. An attacker " +
        "works in the region nobody watches, so a single-region trail misses them; log file validation proves that delivered logs were not altered or deleted; a " +
        "customer-managed key keeps the trail readable only by those the key policy allows; and CloudWatch Logs delivery lets metric filters and alarms react " +
        "within minutes instead of after an S3 batch.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.2",
    remediationSteps:
        "On the aws.cloudtrail.Trail set isMultiRegionTrail: true, enableLogFileValidation: true, kmsKeyId to the ARN of a customer-managed key, " +
        "cloudWatchLogsGroupArn to `${logGroup.arn}:*` with cloudWatchLogsRoleArn a role CloudTrail can assume to write to it, and leave includeGlobalServiceEvents " +
        "and enableLogging unset (true) or true.",
    validateResource: (args, report) => {
        if (args.type !== "aws:cloudtrail/trail:Trail") {
            return args.notApplicable(`${args.type} is not a CloudTrail trail`);
        }
        const props = args.props;
        if (readKnown(props, ["enableLogging"]) === false) {
            report("This CloudTrail trail is stopped (enableLogging false): set enableLogging to true.");
        }
        if (readKnown(props, ["isMultiRegionTrail"]) !== true) {
            report("This CloudTrail trail records only its home region: set isMultiRegionTrail to true so activity in every region is logged.");
        }
        if (readKnown(props, ["includeGlobalServiceEvents"]) === false) {
            report("This CloudTrail trail leaves out global service events (IAM, STS, CloudFront): set includeGlobalServiceEvents to true.");
        }
        if (readKnown(props, ["enableLogFileValidation"]) !== true) {
            report("This CloudTrail trail does not validate its log files: set enableLogFileValidation to true so altered or deleted log files can be detected.");
        }
        if (!isSet(props, "kmsKeyId")) {
            report("This CloudTrail trail's log files are encrypted only with S3-managed keys (no kmsKeyId): set kmsKeyId to the ARN of a customer-managed key.");
        }
        if (!isSet(props, "cloudWatchLogsGroupArn")) {
            report("This CloudTrail trail does not deliver to CloudWatch Logs (no cloudWatchLogsGroupArn): set cloudWatchLogsGroupArn and cloudWatchLogsRoleArn so alarms see events within minutes.");
        } else if (!isSet(props, "cloudWatchLogsRoleArn")) {
            report("This CloudTrail trail sets cloudWatchLogsGroupArn without cloudWatchLogsRoleArn, so nothing is delivered: set cloudWatchLogsRoleArn to a role CloudTrail can assume to write to the log group.");
        }
    },
});
