import { isPresent } from "../../lib/aws-props";
import { roleDefinitionGuid } from "../../lib/azure-arm";
import { AZURE_IDENTITY_TYPES, DELEGATION_ROLES, PRIVILEGED_ROLES } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export interface StandingPrivilegeConfig {
    /** Role definition GUIDs no standing assignment may grant. */
    privilegedRoleIds: string[];
}

export default defineRule<StandingPrivilegeConfig>({
    id: "zt-azure-authorization-no-standing-privileged",
    displayName: "No standing Owner, Contributor or access-admin assignments",
    description:
        "No role assignment grants Owner, Contributor, User Access Administrator or Role Based Access Control Administrator; people get them just in time through PIM eligibility.",
    rationale:
        "A standing assignment of a role that can change every resource, or grant itself any other role, is a permanent path to the whole scope: whoever " +
        "steals the principal's session or credential holds it until someone notices. Zero Trust grants privilege per session: admins are eligible in " +
        "Privileged Identity Management, activate with MFA, justification and approval, and lose the role when the activation expires. Workloads get the " +
        "narrow built-in roles they need (AcrPull, Key Vault Crypto User). The two access-administration roles are accepted with an ABAC condition, " +
        "which is how Azure constrains which roles they may hand out (delegation with conditions). The role is read from the trailing GUID of " +
        "roleDefinitionId, compared case-insensitively.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [3, 6],
    cisaPillar: "Identity",
    remediationSteps:
        "Delete the role assignment. Make the group eligible instead (an azure-native authorization.RoleEligibilityScheduleRequest, activated through " +
        "PIM with the RoleManagementPolicy of zt-azure-pim-activation-policy), or grant a narrower built-in role. For an identity that must assign roles, " +
        "assign Role Based Access Control Administrator with a condition that limits the roles it may assign.",
    configSchema: {
        properties: {
            privilegedRoleIds: {
                type: "array",
                items: { type: "string", pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$" },
                uniqueItems: true,
                default: Object.keys(PRIVILEGED_ROLES),
                description: "Role definition GUIDs (built-in or custom) that no standing role assignment may grant.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== AZURE_IDENTITY_TYPES.roleAssignment) {
            return args.notApplicable(`${args.type} is not a role assignment`);
        }
        const id = readKnown(args.props, ["roleDefinitionId"]);
        const guid = typeof id === "string" ? roleDefinitionGuid(id) : undefined;
        if (!guid || !config.privilegedRoleIds.some((r) => r.toLowerCase() === guid)) {
            return;
        }
        if (DELEGATION_ROLES.includes(guid) && isPresent(readRaw(args.props, ["condition"]))) {
            return;
        }
        const role = PRIVILEGED_ROLES[guid] ? `${PRIVILEGED_ROLES[guid]} (${guid})` : `the privileged role ${guid}`;
        report(
            `This role assignment grants ${role} as a standing assignment: make the principal eligible through PIM (RoleEligibilityScheduleRequest) ` +
                "so the role is activated per session with MFA, justification and approval, or grant a narrower role.",
        );
    },
});
