import { defineRule } from "../../lib/define-rule";
import { allowsAnyPrincipal, hasCondition, isAllow, parsePolicyDocument, statementLabel } from "../../lib/iam-policy";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-iam-trust-no-wildcard",
    displayName: "No role can be assumed by anyone",
    description: 'No IAM role trust policy allows Principal "*" (or {"AWS": "*"}) without a Condition that narrows who may assume it.',
    rationale:
        "A trust policy with a wildcard principal lets any AWS account in the world call sts:AssumeRole on the role; only a condition (an organization id, " +
        "an external id, a source account) keeps strangers out. An unconditioned wildcard trust turns the role's permissions into public permissions.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cis: "6.8",
    remediationSteps:
        'Name the principals that may assume the role (account root ARNs, role ARNs, services or a federated provider). If a wildcard is unavoidable, ' +
        'add a Condition that restricts it, e.g. StringEquals "aws:PrincipalOrgID": "<organization id>".',
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") {
            return args.notApplicable(`${args.type} is not an IAM role`);
        }
        const doc = parsePolicyDocument(readKnown(args.props, ["assumeRolePolicy"]));
        for (const stmt of (doc?.statements ?? []).filter((s) => isAllow(s) && allowsAnyPrincipal(s) && !hasCondition(s))) {
            report(
                `Trust policy ${statementLabel(stmt)} lets any AWS principal assume this role (Principal "*") with no Condition: name the trusted principals, ` +
                    'or add a condition such as StringEquals "aws:PrincipalOrgID".',
            );
        }
    },
});
