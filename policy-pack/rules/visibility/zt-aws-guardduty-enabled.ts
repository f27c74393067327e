import { defineRule } from "../../lib/define-rule";
import { awsResources, NO_AWS_RESOURCES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

export const DETECTOR = "aws:guardduty/detector:Detector";
const FREQUENCY = "FIFTEEN_MINUTES";

export default defineRule({
    id: "zt-aws-guardduty-enabled",
    displayName: "GuardDuty threat detection is on and reports quickly",
    description: `Every stack with AWS resources has an enabled GuardDuty detector (enable not false) that publishes findings every fifteen minutes (${FREQUENCY}).`,
    rationale:
        "Zero Trust assumes the attacker is already inside and watches for it: GuardDuty analyses CloudTrail, VPC flow logs and DNS queries for compromised " +
        "credentials, crypto-mining, exfiltration and reconnaissance without any agent. Its default publishing interval for updated findings is six hours, which " +
        "leaves an active intrusion unanswered for most of a working day; fifteen minutes lets the automated response act while it matters.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [5, 7],
    cisaPillar: "Visibility and Analytics",
    cis: "13.1",
    remediationSteps:
        `Add an aws.guardduty.Detector with enable: true and findingPublishingFrequency: "${FREQUENCY}" (one per account and region; in an organization, the ` +
        "delegated administrator enables member accounts, and member stacks may disable this rule in their pack config). Enable the protection plans you " +
        "need with aws.guardduty.DetectorFeature.",
    validateStack: (args, report) => {
        if (awsResources(args.resources).length === 0) {
            return args.notApplicable(NO_AWS_RESOURCES);
        }
        const detectors = args.resources.filter((r) => r.type === DETECTOR);
        if (detectors.length === 0) {
            report(`This stack has AWS resources but no GuardDuty detector: add an aws.guardduty.Detector with enable true and findingPublishingFrequency "${FREQUENCY}".`);
            return;
        }
        for (const detector of detectors) {
            const enable = readRaw(detector.props, ["enable"]);
            if (enable === false) {
                report("This GuardDuty detector is disabled: set enable to true.", detector.urn);
            }
            const frequency = readRaw(detector.props, ["findingPublishingFrequency"]);
            if (frequency !== FREQUENCY && !isUnknown(frequency)) {
                const now = frequency === undefined ? "every six hours (the default)" : `at "${String(frequency)}"`;
                report(`This GuardDuty detector publishes updated findings ${now}: set findingPublishingFrequency to "${FREQUENCY}".`, detector.urn);
            }
        }
    },
});
