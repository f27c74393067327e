import { asBool, asNumber } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface PasswordPolicyConfig {
    minimumLength: number;
    reusePrevention: number;
    maxAgeDays: number;
}

const CLASSES = ["requireLowercaseCharacters", "requireUppercaseCharacters", "requireNumbers", "requireSymbols"] as const;

export default defineRule<PasswordPolicyConfig>({
    id: "zt-aws-iam-password-policy",
    displayName: "The account password policy is strong",
    description: "The IAM account password policy requires long passwords with every character class, prevents reuse and expires passwords.",
    rationale:
        "The landing zone has no IAM users (zt-aws-iam-no-users), so the password policy is the backstop for any user created outside the code, " +
        "by hand or by an attacker probing for persistence: a weak policy makes that user's password guessable. CIS AWS Foundations asks for at least " +
        "14 characters and a reuse history of 24.",
    severity: "medium",
    pillar: "identity",
    nistTenets: [6],
    cisaPillar: "Identity",
    cis: "5.2",
    remediationSteps:
        "Set on the aws.iam.AccountPasswordPolicy: minimumPasswordLength 14 or more, requireLowercaseCharacters, requireUppercaseCharacters, " +
        "requireNumbers and requireSymbols true, passwordReusePrevention 24, and maxPasswordAge between 1 and 90 days.",
    configSchema: {
        properties: {
            minimumLength: { type: "integer", minimum: 8, maximum: 128, default: 14, description: "Shortest minimumPasswordLength allowed." },
            reusePrevention: { type: "integer", minimum: 1, maximum: 24, default: 24, description: "Smallest passwordReusePrevention allowed." },
            maxAgeDays: { type: "integer", minimum: 1, maximum: 1095, default: 90, description: "Longest maxPasswordAge allowed, in days (0, never expire, is refused)." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:iam/accountPasswordPolicy:AccountPasswordPolicy") {
            return args.notApplicable(`${args.type} is not the account password policy`);
        }
        const shown = (v: number | undefined) => (v === undefined ? "not set" : String(v));
        const length = asNumber(readKnown(args.props, ["minimumPasswordLength"]));
        if (length === undefined || length < config.minimumLength) {
            report(`minimumPasswordLength is ${shown(length)}: set it to ${config.minimumLength} or more.`);
        }
        for (const field of CLASSES) {
            if (asBool(readKnown(args.props, [field])) !== true) {
                report(`${field} is not true: set it to true.`);
            }
        }
        const reuse = asNumber(readKnown(args.props, ["passwordReusePrevention"]));
        if (reuse === undefined || reuse < config.reusePrevention) {
            report(`passwordReusePrevention is ${shown(reuse)}: set it to ${config.reusePrevention} or more.`);
        }
        const age = asNumber(readKnown(args.props, ["maxPasswordAge"]));
        if (age === undefined || age < 1 || age > config.maxAgeDays) {
            report(`maxPasswordAge is ${shown(age)}: set it between 1 and ${config.maxAgeDays} days.`);
        }
    },
});
