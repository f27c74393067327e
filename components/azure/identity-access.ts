/**
 * Who may sign in and how admins elevate, for zt:azure:Identity: the conditional access policies
 * (Entra ID) and the PIM activation rules (Azure RBAC). Pure builders and tables, unit-tested
 * directly.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Azure built-in role definition GUIDs (the same in every tenant), from the Azure built-in roles
 * reference (learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const AZURE_ROLES = {
    owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    userAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    rbacAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

/** The roles admins hold only through PIM: eligible standing, active for at most the activation ceiling. */
export const PIM_ROLES = ["owner", "contributor"] as const;
export type PimRole = (typeof PIM_ROLES)[number];

/**
 * Entra ID directory roles that count as "admin" for conditional access: Microsoft's "Require MFA
 * for administrators" template set. Template ids checked against the Microsoft Entra built-in
 * roles reference (MicrosoftDocs/entra-docs, permissions-reference.md).
 */
export const ENTRA_ADMIN_ROLES = {
    "Global Administrator": "62e90394-69f5-4237-9190-012177145e10",
    "Privileged Role Administrator": "e8611ab8-c189-46e8-94e1-60213ab1f814",
    "Privileged Authentication Administrator": "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
    "Security Administrator": "194ae4cb-b126-40b2-bd5b-6091b380977d",
    "Conditional Access Administrator": "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
    "Application Administrator": "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
    "Cloud Application Administrator": "158c047a-c907-4556-b7ef-446551a6b5f7",
    "Authentication Administrator": "c4e39bd9-1100-46d3-8c65-fb160da0071f",
    "User Administrator": "fe930be7-5e62-47db-91af-98c3a49a38b1",
    "Helpdesk Administrator": "729827e3-9c14-49f7-bb1b-9608f156bbb8",
    "Password Administrator": "966707d0-3269-4727-9be2-8c3a10f19b9d",
    "Billing Administrator": "b0f54661-2d74-4c50-afa3-1ec803f12efe",
    "Exchange Administrator": "29232cdf-9323-42fd-ade2-1d097af3e4de",
    "SharePoint Administrator": "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
} as const;

/** Config's `conditionalAccessState` in Graph's terms. */
export function conditionalAccessState(state: "enabled" | "reportOnly"): "enabled" | "enabledForReportingButNotEnforced" {
    return state === "enabled" ? "enabled" : "enabledForReportingButNotEnforced";
}

/** One conditional access policy's inputs, as azuread.ConditionalAccessPolicy takes them. */
export interface CaPlan {
    key: string;
    displayName: string;
    conditions: {
        applications: { includedApplications: string[] };
        clientAppTypes: string[];
        users: { includedUsers?: string[]; includedRoles?: string[]; excludedGroups: pulumi.Input<string>[] };
        signInRiskLevels?: string[];
        userRiskLevels?: string[];
        locations?: { includedLocations: string[]; excludedLocations: pulumi.Input<string>[] };
    };
    grantControls: { operator: "AND" | "OR"; builtInControls: string[] };
}

/**
 * The tenant's conditional access baseline. Every policy excludes the emergency-access group, so a
 * mistake here (or an outage of MFA or device compliance) cannot lock every administrator out.
 * Conditions inside one policy are ANDed, which is why sign-in risk and user risk are separate
 * policies: together they would only fire when both are raised.
 */
export function conditionalAccessPlans(p: {
    prefix: string;
    emergencyGroupId: pulumi.Input<string>;
    /** The trusted named location's id; undefined when no trusted ranges are configured. */
    trustedLocationId?: pulumi.Input<string>;
}): CaPlan[] {
    const everyone = { includedUsers: ["All"], excludedGroups: [p.emergencyGroupId] };
    const admins = { includedRoles: Object.values(ENTRA_ADMIN_ROLES), excludedGroups: [p.emergencyGroupId] };
    const allApps = { includedApplications: ["All"] };
    const mfa = { operator: "OR" as const, builtInControls: ["mfa"] };
    return [
        {
            key: "signin-risk-mfa",
            displayName: `${p.prefix}: MFA for medium and high sign-in risk`,
            conditions: { applications: allApps, clientAppTypes: ["all"], users: everyone, signInRiskLevels: ["high", "medium"] },
            grantControls: mfa,
        },
        {
            key: "user-risk-mfa",
            displayName: `${p.prefix}: MFA for medium and high user risk`,
            conditions: { applications: allApps, clientAppTypes: ["all"], users: everyone, userRiskLevels: ["high", "medium"] },
            grantControls: mfa,
        },
        {
            // Without it, an admin signing in from a trusted network would need a password alone.
            key: "admin-mfa",
            displayName: `${p.prefix}: MFA for administrators everywhere`,
            conditions: { applications: allApps, clientAppTypes: ["all"], users: admins },
            grantControls: mfa,
        },
        {
            key: "admin-compliant-device",
            displayName: `${p.prefix}: compliant device and MFA for administrators outside trusted networks`,
            conditions: {
                applications: allApps,
                clientAppTypes: ["all"],
                users: admins,
                ...(p.trustedLocationId ? { locations: { includedLocations: ["All"], excludedLocations: [p.trustedLocationId] } } : {}),
            },
            grantControls: { operator: "AND", builtInControls: ["mfa", "compliantDevice"] },
        },
        {
            // Legacy protocols cannot do MFA, so any of the policies above could be bypassed through them.
            key: "block-legacy-auth",
            displayName: `${p.prefix}: block legacy authentication`,
            conditions: { applications: allApps, clientAppTypes: ["exchangeActiveSync", "other"], users: everyone },
            grantControls: { operator: "OR", builtInControls: ["block"] },
        },
    ];
}

/** ISO 8601 duration of the activation ceiling. */
export const activationDuration = (minutes: number) => `PT${minutes}M`;

const END_USER_ASSIGNMENT = { caller: "EndUser", operations: ["All"], level: "Assignment" };
const ADMIN_ASSIGNMENT = { caller: "Admin", operations: ["All"], level: "Assignment" };
const ADMIN_ELIGIBILITY = { caller: "Admin", operations: ["All"], level: "Eligibility" };

/**
 * The PIM rules for Owner and Contributor at the subscription (rule ids are Azure's fixed ids for
 * role management policies, see learn.microsoft.com/rest/api/authorization/privileged-role-policy-rest-sample).
 * Activation needs MFA, a justification and a peer's approval, and lasts at most `maxActivationMinutes`.
 * Eligibility itself may be permanent: it grants nothing until activated, and it is declared in
 * code, so it is reviewed like any change. A direct active assignment by an admin (PIM's bypass of
 * activation) needs MFA and a justification and expires.
 */
export function pimPolicyRules(maxActivationMinutes: number, approverGroupIds: pulumi.Input<string>[]) {
    return [
        {
            id: "Expiration_EndUser_Assignment",
            ruleType: "RoleManagementPolicyExpirationRule" as const,
            isExpirationRequired: true,
            maximumDuration: activationDuration(maxActivationMinutes),
            target: END_USER_ASSIGNMENT,
        },
        {
            id: "Enablement_EndUser_Assignment",
            ruleType: "RoleManagementPolicyEnablementRule" as const,
            enabledRules: ["MultiFactorAuthentication", "Justification"],
            target: END_USER_ASSIGNMENT,
        },
        {
            id: "Approval_EndUser_Assignment",
            ruleType: "RoleManagementPolicyApprovalRule" as const,
            setting: {
                isApprovalRequired: true,
                isApprovalRequiredForExtension: true,
                isRequestorJustificationRequired: true,
                approvalMode: "SingleStage",
                approvalStages: [{
                    approvalStageTimeOutInDays: 1,
                    isApproverJustificationRequired: true,
                    escalationTimeInMinutes: 0,
                    isEscalationEnabled: false,
                    primaryApprovers: approverGroupIds.map((id) => ({ id, userType: "Group", isBackup: false })),
                }],
            },
            target: END_USER_ASSIGNMENT,
        },
        {
            id: "Expiration_Admin_Eligibility",
            ruleType: "RoleManagementPolicyExpirationRule" as const,
            isExpirationRequired: false,
            target: ADMIN_ELIGIBILITY,
        },
        {
            id: "Expiration_Admin_Assignment",
            ruleType: "RoleManagementPolicyExpirationRule" as const,
            isExpirationRequired: true,
            maximumDuration: "P15D",
            target: ADMIN_ASSIGNMENT,
        },
        {
            id: "Enablement_Admin_Assignment",
            ruleType: "RoleManagementPolicyEnablementRule" as const,
            enabledRules: ["MultiFactorAuthentication", "Justification"],
            target: ADMIN_ASSIGNMENT,
        },
    ];
}
