import { defineRule } from "../../lib/define-rule";
import { PolicyStatement, conditionValues, coversAction, isAllow, parsePolicyDocument, principalValues, statementLabel } from "../../lib/iam-policy";
import { isUnknown, readKnown } from "../../lib/props";

/**
 * AWS principals that stand for people: an account (its id or root ARN, which delegates to the account's
 * IAM users and federated sessions), an IAM user, or everyone. Role ARNs are machines chaining sessions,
 * which never carry MFA context, so they are left to zt-aws-iam-trust-no-wildcard and the boundary.
 */
function humanPrincipals(stmt: PolicyStatement): string[] {
    return principalValues(stmt, "AWS").filter((p) => !isUnknown(p) && (p === "*" || /^\d{12}$/.test(p) || /:root$/.test(p) || /:user\//.test(p)));
}

export default defineRule({
    id: "zt-aws-iam-human-role-mfa",
    displayName: "Roles people assume require MFA",
    description: 'Trust statements that let an AWS account, its root, an IAM user or any AWS principal ("*") assume a role require Bool "aws:MultiFactorAuthPresent": "true".',
    rationale:
        "A role trusted by an account (rather than a service, a federated provider or a specific role) is assumed by people with their own sessions. " +
        "Without an MFA condition, a leaked password or key is enough to take the role, which for the break-glass role means the whole account. " +
        "BoolIfExists does not count: it passes when the key is absent, which is exactly the long-lived-key case MFA must stop.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "6.5",
    remediationSteps:
        'Add Condition Bool "aws:MultiFactorAuthPresent": "true" to the trust statement (and, for privileged roles, NumericLessThan ' +
        '"aws:MultiFactorAuthAge" to require a recent MFA). Prefer trusting an Identity Center permission set\'s role, or a specific role ARN, over a whole account.',
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") {
            return args.notApplicable(`${args.type} is not an IAM role`);
        }
        const doc = parsePolicyDocument(readKnown(args.props, ["assumeRolePolicy"]));
        const human = (doc?.statements ?? []).filter((s) => isAllow(s) && coversAction(s, "sts:AssumeRole") && humanPrincipals(s).length > 0);
        if (human.length === 0) {
            return args.notApplicable("the role's trust policy admits no account, root, IAM user or wildcard principal");
        }
        for (const stmt of human) {
            const mfa = conditionValues(stmt, "Bool", "aws:MultiFactorAuthPresent");
            if (!mfa || mfa.length === 0 || mfa.some((v) => v.toLowerCase() !== "true")) {
                report(
                    `Trust policy ${statementLabel(stmt)} lets ${humanPrincipals(stmt).join(", ")} assume this role without MFA: ` +
                        'add Condition Bool "aws:MultiFactorAuthPresent": "true".',
                );
            }
        }
    },
});
