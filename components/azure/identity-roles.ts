/**
 * The two custom roles zt:azure:Identity defines at the subscription, as explicit action lists
 * (no wildcards, so a new Azure action never widens them silently):
 *
 * - **deployer**, for the GitHub deploy identity: create, update and delete exactly the resource
 *   types the five pillars declare, plus the join/assign/approve actions those need. Of
 *   Microsoft.Authorization it gets only what the landing zone itself manages: role assignments
 *   (fenced by {@link privilegedRoleCondition}), policy definitions and assignments, and the PIM
 *   requests and policies of the admin roles. It can read role definitions but not write them:
 *   a principal that can edit its own role could add `*` to it, so the custom roles are changed
 *   only by an admin who activated Owner through PIM. Management groups (tenant scope), Entra ID
 *   objects (Microsoft Graph permissions) and resource-provider registration are outside the role
 *   for the same reason: they are bootstrap steps with their own, human, approval.
 * - **auditor**, for the auditor groups: reads of those types and of security, policy, PIM and
 *   log state. No data actions, no `listKeys`/`sharedKeys`, nothing that returns a credential.
 */
import { AZURE_ROLES } from "./identity-access";

/** Types the deployer creates, updates and deletes. */
export const MANAGED_TYPES = [
    "Microsoft.Resources/subscriptions/resourceGroups",
    "Microsoft.Network/virtualNetworks",
    "Microsoft.Network/virtualNetworks/subnets",
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
    "Microsoft.Network/networkSecurityGroups",
    "Microsoft.Network/networkSecurityGroups/securityRules",
    "Microsoft.Network/applicationSecurityGroups",
    "Microsoft.Network/routeTables",
    "Microsoft.Network/routeTables/routes",
    "Microsoft.Network/azureFirewalls",
    "Microsoft.Network/firewallPolicies",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
    "Microsoft.Network/publicIPAddresses",
    "Microsoft.Network/privateEndpoints",
    "Microsoft.Network/privateEndpoints/privateDnsZoneGroups",
    "Microsoft.Network/privateDnsZones",
    "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
    "Microsoft.Network/networkWatchers",
    "Microsoft.Network/networkWatchers/flowLogs",
    "Microsoft.KeyVault/vaults",
    "Microsoft.Storage/storageAccounts",
    "Microsoft.Storage/storageAccounts/blobServices/containers",
    "Microsoft.Storage/storageAccounts/managementPolicies",
    "Microsoft.OperationalInsights/workspaces",
    "Microsoft.OperationsManagement/solutions",
    "Microsoft.SecurityInsights/alertRules",
    "Microsoft.SecurityInsights/onboardingStates",
    "Microsoft.Insights/diagnosticSettings",
    "Microsoft.Insights/activityLogAlerts",
    "Microsoft.Insights/actionGroups",
    "Microsoft.Security/securityContacts",
    "Microsoft.ContainerService/managedClusters",
    "Microsoft.ContainerService/managedClusters/agentPools",
    "Microsoft.ContainerRegistry/registries",
    "Microsoft.ManagedIdentity/userAssignedIdentities",
    "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
    "Microsoft.Authorization/roleAssignments",
    "Microsoft.Authorization/policyAssignments",
    "Microsoft.Authorization/policyDefinitions",
] as const;

/** Types the deployer updates in place but never deletes (singletons, or no ARM delete exists). */
export const UPDATED_TYPES = [
    "Microsoft.KeyVault/vaults/keys",
    "Microsoft.Storage/storageAccounts/blobServices",
    "Microsoft.Security/pricings",
    "Microsoft.Authorization/roleManagementPolicies",
    "Microsoft.Authorization/roleEligibilityScheduleRequests",
] as const;

/** Types the deployer only reads (to plan, or to refer to). */
const DEPLOYER_READ_TYPES = [
    "Microsoft.Resources/subscriptions",
    "Microsoft.Authorization/roleDefinitions",
    "Microsoft.Authorization/roleEligibilitySchedules",
    "Microsoft.Authorization/roleManagementPolicyAssignments",
] as const;

/** Actions the declared resources need besides read/write/delete. */
const DEPLOYER_EXTRA_ACTIONS = [
    "Microsoft.Network/virtualNetworks/subnets/join/action",
    "Microsoft.Network/virtualNetworks/peer/action",
    "Microsoft.Network/networkSecurityGroups/join/action",
    "Microsoft.Network/routeTables/join/action",
    "Microsoft.Network/publicIPAddresses/join/action",
    "Microsoft.Network/applicationSecurityGroups/joinIpConfiguration/action",
    "Microsoft.Network/privateDnsZones/join/action",
    "Microsoft.Network/firewallPolicies/join/action",
    // Private endpoints to the landing zone's own services are approved by their creator.
    "Microsoft.KeyVault/vaults/PrivateEndpointConnectionsApproval/action",
    "Microsoft.Storage/storageAccounts/PrivateEndpointConnectionsApproval/action",
    "Microsoft.ContainerRegistry/registries/PrivateEndpointConnectionsApproval/action",
    "Microsoft.ManagedIdentity/userAssignedIdentities/assign/action",
    // Entra-authenticated kubeconfig (local accounts are disabled): no credential in it.
    "Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
] as const;

/** The deployer's actions, sorted and unique. */
export function deployerActions(): string[] {
    const actions = [
        ...MANAGED_TYPES.flatMap((t) => [`${t}/read`, `${t}/write`, `${t}/delete`]),
        ...UPDATED_TYPES.flatMap((t) => [`${t}/read`, `${t}/write`]),
        ...DEPLOYER_READ_TYPES.map((t) => `${t}/read`),
        ...DEPLOYER_EXTRA_ACTIONS,
    ];
    return [...new Set(actions)].sort();
}

/** Reads of security, policy, PIM and log state beyond the managed types. */
const AUDITOR_EXTRA_READS = [
    "Microsoft.Resources/subscriptions/read",
    "Microsoft.Authorization/roleDefinitions/read",
    "Microsoft.Authorization/denyAssignments/read",
    "Microsoft.Authorization/locks/read",
    "Microsoft.Authorization/policySetDefinitions/read",
    "Microsoft.Authorization/policyExemptions/read",
    "Microsoft.Authorization/roleEligibilitySchedules/read",
    "Microsoft.Authorization/roleEligibilityScheduleInstances/read",
    "Microsoft.Authorization/roleAssignmentSchedules/read",
    "Microsoft.Authorization/roleAssignmentScheduleInstances/read",
    "Microsoft.Authorization/roleManagementPolicyAssignments/read",
    "Microsoft.PolicyInsights/policyStates/queryResults/read",
    "Microsoft.PolicyInsights/policyEvents/queryResults/read",
    "Microsoft.Security/assessments/read",
    "Microsoft.Security/alerts/read",
    "Microsoft.Security/secureScores/read",
    "Microsoft.Security/regulatoryComplianceStandards/read",
    "Microsoft.SecurityInsights/incidents/read",
    "Microsoft.Insights/eventtypes/values/read",
    "Microsoft.OperationalInsights/workspaces/query/read",
    // Running a KQL query is an action, not a data action, and returns log rows, never keys.
    "Microsoft.OperationalInsights/workspaces/analytics/query/action",
    "Microsoft.OperationalInsights/workspaces/search/action",
] as const;

/** The auditor's actions, sorted and unique. */
export function auditorActions(): string[] {
    const actions = [
        ...[...MANAGED_TYPES, ...UPDATED_TYPES].map((t) => `${t}/read`),
        ...AUDITOR_EXTRA_READS,
    ];
    return [...new Set(actions)].sort();
}

/** Roles the deployer may never assign or remove: standing holders of these are what PIM replaces. */
export const UNASSIGNABLE_ROLES = [AZURE_ROLES.owner, AZURE_ROLES.contributor, AZURE_ROLES.userAccessAdministrator, AZURE_ROLES.rbacAdministrator] as const;

/**
 * ABAC condition (version 2.0) on the deployer's role assignment: its roleAssignments write and
 * delete work for every role except {@link UNASSIGNABLE_ROLES} and `deployerRoleGuid`, the
 * deployer role itself, so the pipeline can wire the pillars' data-plane roles but cannot hand out
 * (or take away) administrator access, nor give its own rights to an identity it created and
 * federated elsewhere. Microsoft's "constrain roles" delegation pattern
 * (learn.microsoft.com/azure/role-based-access-control/delegate-role-assignments-examples).
 */
export function privilegedRoleCondition(deployerRoleGuid: string): string {
    const roles = [...UNASSIGNABLE_ROLES, deployerRoleGuid].join(", ");
    return [
        `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}))`,
        ` OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${roles}}))`,
        ` AND ((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}))`,
        ` OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals {${roles}}))`,
    ].join("");
}
