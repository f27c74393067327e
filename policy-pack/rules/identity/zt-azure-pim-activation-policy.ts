import { isPresent, listOf } from "../../lib/aws-props";
import { AZURE_IDENTITY_TYPES, durationSeconds } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { formatPath, raw, readKnown } from "../../lib/props";

export interface PimActivationConfig {
    /** Longest activation an end user may request, as an ISO-8601 duration. */
    maxActivationDuration: string;
}

/** The three end-user activation rules, by the id PIM gives them and the ruleType that discriminates their shape. */
const RULES = {
    enablement: { id: "Enablement_EndUser_Assignment", ruleType: "RoleManagementPolicyEnablementRule" },
    approval: { id: "Approval_EndUser_Assignment", ruleType: "RoleManagementPolicyApprovalRule" },
    expiration: { id: "Expiration_EndUser_Assignment", ruleType: "RoleManagementPolicyExpirationRule" },
} as const;
type RuleKey = keyof typeof RULES;

const REQUIRED_ENABLEMENT = ["MultiFactorAuthentication", "Justification"] as const;

const eq = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/** Index of the rule in `rules`: by its id, or by its ruleType with an EndUser / Assignment target. */
function findRule(rules: unknown[], key: RuleKey): number {
    const want = RULES[key];
    const byId = rules.findIndex((r) => eq(raw((r as Record<string, unknown>)?.id), want.id));
    if (byId >= 0) {
        return byId;
    }
    return rules.findIndex((r) => {
        const rule = (r ?? {}) as Record<string, unknown>;
        const target = (raw(rule.target) ?? {}) as Record<string, unknown>;
        return eq(raw(rule.ruleType), want.ruleType) && eq(raw(target.caller), "EndUser") && eq(raw(target.level), "Assignment");
    });
}

export default defineRule<PimActivationConfig>({
    id: "zt-azure-pim-activation-policy",
    displayName: "PIM activation needs MFA, justification, approval and a short window",
    description:
        "Every PIM role management policy requires MFA and a justification to activate (Enablement_EndUser_Assignment), approval by named approvers " +
        "(Approval_EndUser_Assignment), and an activation of at most PT4H (Expiration_EndUser_Assignment).",
    rationale:
        "Just-in-time access is only as strong as the activation step: an eligible admin who can activate without MFA is one stolen session " +
        "away from Owner, and one who needs no approval grants themselves the role. Justification leaves an audit trail of why each elevation happened, approval " +
        "puts a second person in the loop, and a short maximum means the privilege ends soon after the work does. Rules left out of the policy keep " +
        "whatever the tenant had, which this stack cannot prove, so each of the three must be declared.",
    severity: "high",
    pillar: "identity",
    nistTenets: [3, 6],
    cisaPillar: "Identity",
    remediationSteps:
        "In the azure-native authorization.RoleManagementPolicy, declare: { id: \"Enablement_EndUser_Assignment\", ruleType: " +
        '"RoleManagementPolicyEnablementRule", enabledRules: ["MultiFactorAuthentication", "Justification"] }; { id: "Approval_EndUser_Assignment", ' +
        'ruleType: "RoleManagementPolicyApprovalRule", setting: { isApprovalRequired: true, approvalStages: [{ primaryApprovers: [{ id: <group object id>, ' +
        'userType: "Group" }] }] } }; { id: "Expiration_EndUser_Assignment", ruleType: "RoleManagementPolicyExpirationRule", maximumDuration: "PT1H" } ' +
        "(at most the configured maximum). Each rule's target is { caller: \"EndUser\", level: \"Assignment\", operations: [\"All\"] }.",
    configSchema: {
        properties: {
            maxActivationDuration: {
                type: "string",
                pattern: "^P(?!$)(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$",
                default: "PT4H",
                description: "Longest activation (Expiration_EndUser_Assignment maximumDuration) a PIM policy may allow, as an ISO-8601 duration.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== AZURE_IDENTITY_TYPES.roleManagementPolicy) {
            return args.notApplicable(`${args.type} is not a PIM role management policy`);
        }
        const rules = listOf(readKnown(args.props, ["rules"]));
        const at = (i: number, ...path: string[]) => readKnown(args.props, ["rules", String(i), ...path]);
        const where = (i: number, key: RuleKey) => `Rule ${RULES[key].id} (${formatPath(["rules", i])})`;
        const missing = (key: RuleKey, needs: string) =>
            report(`This role management policy declares no ${RULES[key].id} rule: add one that ${needs}, so the tenant's current setting is not silently kept.`);

        const enablement = findRule(rules, "enablement");
        if (enablement < 0) {
            missing("enablement", "lists MultiFactorAuthentication and Justification in enabledRules");
        } else {
            const enabled = listOf(at(enablement, "enabledRules"));
            const lacking = REQUIRED_ENABLEMENT.filter((r) => !enabled.some((e) => eq(e, r)));
            if (lacking.length > 0) {
                report(`${where(enablement, "enablement")} does not require ${lacking.join(" and ")}: add it to enabledRules so every activation is re-authenticated and explained.`);
            }
        }

        const approval = findRule(rules, "approval");
        if (approval < 0) {
            missing("approval", "sets isApprovalRequired with at least one primary approver");
        } else if (at(approval, "setting", "isApprovalRequired") !== true) {
            report(`${where(approval, "approval")} does not set setting.isApprovalRequired to true: require approval so nobody activates a privileged role alone.`);
        } else {
            const stages = listOf(at(approval, "setting", "approvalStages"));
            const approvers = stages.flatMap((s) => listOf((s as Record<string, unknown>)?.primaryApprovers)).filter((a) => isPresent(raw((a as Record<string, unknown>)?.id)));
            if (approvers.length === 0) {
                report(`${where(approval, "approval")} requires approval but names no primary approver: add a group to setting.approvalStages[0].primaryApprovers.`);
            }
        }

        const expiration = findRule(rules, "expiration");
        const max = durationSeconds(config.maxActivationDuration) ?? 4 * 3600;
        if (expiration < 0) {
            missing("expiration", `sets maximumDuration to ${config.maxActivationDuration} or less`);
        } else {
            const duration = at(expiration, "maximumDuration");
            const seconds = typeof duration === "string" ? durationSeconds(duration) : undefined;
            if (seconds === undefined || seconds > max) {
                const given = typeof duration === "string" ? `maximumDuration ${duration}` : "no maximumDuration";
                report(`${where(expiration, "expiration")} allows activations with ${given}: set it to ${config.maxActivationDuration} or less so elevated access ends soon after the work.`);
            }
        }
    },
});
