import { defineRule } from "../../lib/define-rule";
import { awsResources, NO_AWS_RESOURCES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

const TRAIL = "aws:cloudtrail/trail:Trail";

export default defineRule({
    id: "zt-aws-cloudtrail-enabled",
    displayName: "Every AWS stack has a logging multi-region trail",
    description: "Every stack with AWS resources has at least one CloudTrail trail that is logging and multi-region.",
    rationale:
        "Without a trail, the API activity of the account is kept only in the 90-day event history of each region, cannot be alerted on and cannot be " +
        "protected from deletion. zt-aws-cloudtrail-hardened judges the trails a stack has; this rule catches the stack that has none, so removing the trail " +
        "cannot pass unnoticed.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.2",
    remediationSteps:
        "Add an aws.cloudtrail.Trail with isMultiRegionTrail: true delivering to the log archive bucket (see zt-aws-cloudtrail-hardened for the other settings). " +
        "In an organization whose management account runs an organization trail, member stacks may disable this rule in their pack config.",
    validateStack: (args, report) => {
        if (awsResources(args.resources).length === 0) {
            return args.notApplicable(NO_AWS_RESOURCES);
        }
        const trails = args.resources.filter((r) => r.type === TRAIL);
        const covering = trails.filter((t) => {
            const multi = readRaw(t.props, ["isMultiRegionTrail"]);
            const logging = readRaw(t.props, ["enableLogging"]);
            return (multi === true || isUnknown(multi)) && logging !== false;
        });
        if (covering.length > 0) {
            return;
        }
        report(
            trails.length === 0
                ? "This stack has AWS resources but no CloudTrail trail: add an aws.cloudtrail.Trail with isMultiRegionTrail true that delivers to the log archive."
                : "This stack has no CloudTrail trail that is logging in every region: set isMultiRegionTrail to true (and enableLogging not false) on one of its trails.",
        );
    },
});
