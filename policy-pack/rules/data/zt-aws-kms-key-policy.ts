import { defineRule } from "../../lib/define-rule";
import { coveredActions, KMS_MANAGEMENT_ACTIONS, KMS_USE_ACTIONS, serviceWildcards } from "../../lib/aws-resource-policy";
import { allowsAnyPrincipal, hasCondition, isAllow, parsePolicyDocument, statementLabel } from "../../lib/iam-policy";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-kms-key-policy",
    displayName: "KMS key policies are least privilege and separate administrators from users",
    description:
        'Every KMS key has its own key policy in which no Allow statement grants "kms:*" (or every action but a few), allows Principal "*" without a Condition, ' +
        "or grants both key administration and cryptographic use.",
    rationale:
        "The key policy is the root of a KMS key's authorization: IAM policies count only where the key policy lets them. A key without a policy gets the AWS " +
        'default, which grants "kms:*" to the whole account and so hands the key to every IAM policy with kms permissions. Zero Trust needs each grant to be ' +
        "explicit and minimal: administrators may change or delete the key but never decrypt with it, users may encrypt and decrypt but never change who else " +
        'may, and an open Principal "*" is only acceptable when a Condition (aws:PrincipalOrgID, kms:ViaService, kms:CallerAccount, ...) narrows it.',
    severity: "high",
    pillar: "data",
    nistTenets: [6, 4, 3],
    cisaPillar: "Data",
    cis: "6.8",
    remediationSteps:
        "Set policy on the aws.kms.Key to a document with separate statements: one for key administrators (kms:Create*, kms:Describe*, kms:Enable*, kms:List*, " +
        "kms:Put*, kms:Update*, kms:Revoke*, kms:Disable*, kms:Get*, kms:Delete*, kms:TagResource, kms:UntagResource, kms:ScheduleKeyDeletion, kms:CancelKeyDeletion) " +
        "and one per use (kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey) for the roles or services that need it, service " +
        "principals narrowed with aws:SourceAccount or kms:EncryptionContext conditions. Never use \"kms:*\".",
    validateResource: (args, report) => {
        if (args.type !== "aws:kms/key:Key") {
            return args.notApplicable(`${args.type} is not a KMS key`);
        }
        // Read through the proxy: a policy unknown during preview cannot be judged.
        const text = readKnown(args.props, ["policy"]);
        if (text === undefined || text === null || text === "") {
            report('This KMS key has no key policy, so AWS applies the default policy that grants "kms:*" to the whole account: set policy to a key policy that separates administrators from users.');
            return;
        }
        const doc = parsePolicyDocument(text);
        if (!doc) {
            report("The policy of this KMS key is not a JSON policy document: set policy to a valid key policy (JSON.stringify or pulumi.jsonStringify of the document).");
            return;
        }
        for (const stmt of doc.statements.filter(isAllow)) {
            const label = statementLabel(stmt);
            const wildcards = serviceWildcards(stmt, "kms");
            const grantsAll = wildcards.length > 0 || stmt.notAction.length > 0;
            if (grantsAll) {
                const what = wildcards.length > 0 ? `"${wildcards[0]}"` : "every KMS action except those in NotAction";
                report(`Key policy ${label} allows ${what}: list only the actions its principals need, and keep administration and use in separate statements.`);
            }
            if (allowsAnyPrincipal(stmt) && !hasCondition(stmt)) {
                report(`Key policy ${label} allows Principal "*" without a Condition, which opens the key to every AWS account: name the principals, or add a Condition such as aws:PrincipalOrgID or kms:CallerAccount.`);
            }
            if (grantsAll) {
                continue;
            }
            const manages = coveredActions(stmt, KMS_MANAGEMENT_ACTIONS);
            const uses = coveredActions(stmt, KMS_USE_ACTIONS);
            if (manages.length > 0 && uses.length > 0) {
                report(
                    `Key policy ${label} grants both key administration (${manages.slice(0, 3).join(", ")}${manages.length > 3 ? ", ..." : ""}) and ` +
                        `cryptographic use (${uses.slice(0, 3).join(", ")}${uses.length > 3 ? ", ..." : ""}): split it into an administrators' statement and a users' statement with different principals.`,
                );
            }
        }
    },
});
