import { defineRule } from "../../lib/define-rule";
import { awsResources, NO_AWS_RESOURCES } from "../../lib/companions";
import { isUnknown, readRaw } from "../../lib/props";

export interface SecurityHubConfig {
    /** Standards that must be subscribed, by the path segment of their ARN. */
    standards: string[];
}

const ACCOUNT = "aws:securityhub/account:Account";
const SUBSCRIPTION = "aws:securityhub/standardsSubscription:StandardsSubscription";

/** True when a standards ARN names the standard: `...:standards/<id>/v/<version>` (or `ruleset/` for CIS 1.2). */
function namesStandard(arn: string, id: string): boolean {
    return arn.toLowerCase().includes(`/${id.toLowerCase()}/v/`);
}

export default defineRule<SecurityHubConfig>({
    id: "zt-aws-securityhub-standards",
    displayName: "Security Hub checks the AWS Foundational Security Best Practices",
    description:
        "Every stack with AWS resources enables Security Hub (aws.securityhub.Account) and subscribes it to each configured standard, by default AWS " +
        "Foundational Security Best Practices.",
    rationale:
        "Zero Trust needs the security posture of every asset measured continuously, not at audit time. Security Hub evaluates the account against hundreds of " +
        "controls, collects GuardDuty, Inspector and Macie findings in one place, and feeds the automated response. The default standards Security Hub enables " +
        "on its own are an account-side setting that can be turned off unnoticed; an explicit StandardsSubscription in code is reviewed and drift-detected.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 7],
    cisaPillar: "Visibility and Analytics",
    cis: "4.1",
    remediationSteps:
        "Add an aws.securityhub.Account (enableDefaultStandards: false, controlFindingGenerator: \"SECURITY_CONTROL\") and, depending on it, an " +
        "aws.securityhub.StandardsSubscription with standardsArn `arn:aws:securityhub:<region>::standards/aws-foundational-security-best-practices/v/1.0.0` " +
        "(and one for each other configured standard).",
    configSchema: {
        properties: {
            standards: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: ["aws-foundational-security-best-practices"],
                description: "Standards that must be subscribed, by the id in their ARN (standards/<id>/v/<version>), e.g. cis-aws-foundations-benchmark.",
            },
        },
    },
    validateStack: (args, report, config) => {
        if (awsResources(args.resources).length === 0) {
            return args.notApplicable(NO_AWS_RESOURCES);
        }
        const account = args.resources.find((r) => r.type === ACCOUNT);
        if (!account) {
            report(
                "This stack has AWS resources but does not enable Security Hub: add an aws.securityhub.Account and an aws.securityhub.StandardsSubscription " +
                    "for the AWS Foundational Security Best Practices standard.",
            );
            return;
        }
        const arns = args.resources.filter((r) => r.type === SUBSCRIPTION).map((r) => readRaw(r.props, ["standardsArn"]));
        // An ARN unknown during preview may name any standard; it is not evidence of a gap.
        if (arns.some(isUnknown)) {
            return;
        }
        for (const id of config.standards) {
            if (!arns.some((a) => typeof a === "string" && namesStandard(a, id))) {
                report(
                    `Security Hub is not subscribed to the ${id} standard: add an aws.securityhub.StandardsSubscription with standardsArn ` +
                        `"arn:aws:securityhub:<region>::standards/${id}/v/<version>".`,
                    account.urn,
                );
            }
        }
    },
});
