import { defineRule } from "../../lib/define-rule";
import { parsePolicyDocument, statementLabel, wildcardAdminStatements } from "../../lib/iam-policy";
import { formatPath, readKnown } from "../../lib/props";

/** Where each type keeps its identity-policy document(s). Service control policies only deny, so they are not listed. */
const SINGLE_DOCUMENT: Readonly<Record<string, string>> = {
    "aws:iam/policy:Policy": "policy",
    "aws:iam/rolePolicy:RolePolicy": "policy",
    "aws:iam/groupPolicy:GroupPolicy": "policy",
    "aws:iam/userPolicy:UserPolicy": "policy",
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": "inlinePolicy",
};
const ROLE = "aws:iam/role:Role";

export default defineRule({
    id: "zt-aws-iam-no-wildcard-admin",
    displayName: "No policy grants every action on every resource",
    description: 'No identity policy written in the stack allows Action "*" (or "*:*") on Resource "*".',
    rationale:
        "A statement that allows every action on every resource makes its holder an administrator of the account, whatever the role was meant for: " +
        "one stolen session then controls everything, including the logs and keys that would reveal it. Least privilege is the core of Zero Trust access " +
        "decisions. The rule reads customer managed policies, inline role, group and user policies, roles' inlinePolicies and Identity Center inline " +
        "policies. NotAction statements and Deny statements are not flagged; the AWS managed AdministratorAccess policy, which the break-glass role and " +
        "the just-in-time admin permission set use on purpose, is governed by zt-aws-iam-human-role-mfa and zt-aws-sso-admin-session instead.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cis: "6.8",
    remediationSteps:
        "Replace the wildcard with the actions the principal needs (e.g. \"s3:GetObject\", \"kms:Decrypt\") and the ARNs of the resources it uses. " +
        "IAM Access Analyzer's policy generation can derive the list from CloudTrail activity. Keep full administration on the break-glass role and " +
        "the just-in-time admin permission set only. A permissions boundary is checked too: list the services it allows (\"s3:*\", \"kms:*\", ...) " +
        "rather than \"*\", so the document grants nothing wholesale if it is ever attached as a permission policy.",
    validateResource: (args, report) => {
        const documents: { path: (string | number)[]; value: unknown }[] = [];
        const property = SINGLE_DOCUMENT[args.type];
        if (property) {
            documents.push({ path: [property], value: readKnown(args.props, [property]) });
        } else if (args.type === ROLE) {
            const inline = readKnown(args.props, ["inlinePolicies"]);
            if (Array.isArray(inline)) {
                inline.forEach((_, i) => documents.push({ path: ["inlinePolicies", i, "policy"], value: readKnown(args.props, ["inlinePolicies", String(i), "policy"]) }));
            }
        } else {
            return args.notApplicable(`${args.type} holds no identity policy document`);
        }
        for (const { path, value } of documents) {
            for (const stmt of wildcardAdminStatements(parsePolicyDocument(value))) {
                const action = stmt.action.includes("*") ? "*" : "*:*";
                const scope = stmt.resource.includes("*") ? 'Resource "*"' : "every resource but its NotResource";
                report(
                    `The policy in "${formatPath(path)}" has ${statementLabel(stmt)} allowing Action "${action}" on ${scope}, which is full administrator access: ` +
                        "list only the actions and resources this principal needs.",
                );
            }
        }
    },
});
