/**
 * zt:azure:Identity — who and what may act in the subscription, and the guardrails every request
 * meets: the optional management-group hierarchy, Azure Policy at the subscription (deny in prod,
 * audit in dev), the tenant's conditional access baseline, PIM for Owner and Contributor, keyless
 * workload and CI identities, and two least-privilege custom roles.
 *
 * Nobody holds Owner or Contributor standing: admin groups are only *eligible* (PIM), and every
 * activation needs MFA, a justification and a peer's approval, for at most the configured ceiling.
 * CI has no secret: GitHub's OIDC token for one repository environment is exchanged for the deploy
 * identity, whose custom role cannot touch its own role definition or assign administrator roles.
 * That identity is declared here only with `ci.deployIdentity: "stack"`; by default the bootstrap
 * declares it (./deploy-identity.ts) and this pillar looks it up by name.
 * Tables and builders live in ./identity-policies.ts, ./identity-access.ts and ./identity-roles.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as management from "@pulumi/azure-native/management";
import * as resources from "@pulumi/azure-native/resources";
import { ConditionalAccessPolicy } from "@pulumi/azuread/conditionalAccessPolicy";
import { Group } from "@pulumi/azuread/group";
import { NamedLocation } from "@pulumi/azuread/namedLocation";
import type { DeployIdentityOwner } from "../../config/schema";
import { after } from "../shared/after";
import { customRoleGuid, declareAzureDeployIdentity, declareCustomRole, roleDefinitionArmId, type AzureDeployIdentityOutputs } from "./deploy-identity";
import { AZURE_ROLES, PIM_ROLES, conditionalAccessPlans, conditionalAccessState, pimPolicyRules, type PimRole } from "./identity-access";
import { STORAGE_TLS_POLICY, builtinPolicyId, policyAssignmentPlans } from "./identity-policies";
import { auditorActions } from "./identity-roles";
import { azureNames, stableGuid } from "./names";
import type { IdentityRef } from "./refs";

export { ENTRA_TOKEN_AUDIENCE, GITHUB_ISSUER } from "./deploy-identity";

/** PIM's activation ceiling for Owner and Contributor on Azure (config refuses more). */
export const MAX_ACTIVATION_MINUTES = 240;

/**
 * Entra group object ids. A record keyed by display name gives children stable names; a plain list
 * is keyed by position. CAUTION: with a list, reordering the groups replaces their PIM
 * eligibilities and auditor assignments.
 */
export type GroupIds = pulumi.Input<string>[] | Record<string, pulumi.Input<string>>;

export interface AzureIdentityArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    location: string;
    subscriptionId: string;
    tenantId: string;
    /** deny in prod, audit in dev (resolved in config). */
    policyEnforcement: "deny" | "audit";
    /** Regex of the images AKS may run. */
    allowedImageRegex: string;
    /** Management-group hierarchy; undefined = none (creating groups needs tenant-level rights). */
    managementGroups?: { parentId: string; placeSubscription: boolean };
    /** Tenant-wide Entra objects (conditional access, named location, emergency group) only when manage is true. */
    entra: { manage: boolean; trustedRanges: string[]; conditionalAccessState: "enabled" | "reportOnly" };
    /** Object ids of the groups made PIM-eligible for Owner and Contributor. */
    adminGroupIds: GroupIds;
    /** Object ids of the groups that approve activations. */
    approverGroupIds: pulumi.Input<string>[];
    /** Object ids of the groups given the auditor role. */
    auditorGroupIds: GroupIds;
    /** Longest PIM activation, minutes (≤ 240). */
    maxActivationMinutes: number;
    /** One user-assigned managed identity per name. */
    workloadIdentities: string[];
    /** GitHub OIDC: tokens for exactly repo:<repository>:environment:<environment> (used with deployIdentity "stack" only). */
    github: { repository: string; environment: string; maxSessionMinutes: number };
    /**
     * Who declares the deploy identity (managed identity `<prefix>-deploy`, its GitHub federated
     * credential, the deployer role and its assignment). "bootstrap": the bootstrap's
     * zt:azure:DeployIdentity, in `<prefix>-deploy-rg`, before the first deploy; this pillar declares
     * none of it, looks the identity up by name (it must exist, or preview fails) and builds the
     * role's id from its name. "stack": this pillar declares it in its own resource group.
     * CAUTION: switching an existing stack deletes (to "bootstrap") or creates (to "stack") the four
     * here; the role and its assignment keep their GUID names, so only one program may hold them.
     */
    deployIdentity: DeployIdentityOwner;
    /**
     * The GUID names Azure gave the subscription's role management policies for Owner and
     * Contributor. They are per scope and cannot be derived, and azure-native has no invoke that
     * lists them, so config carries them (`azure.pimPolicyNames`, validated as GUIDs).
     */
    roleManagementPolicyNames: Record<PimRole, string>;
}

export class AzureIdentity extends pulumi.ComponentResource {
    /** Principal (object) id of the deploy identity GitHub Actions federates into. */
    readonly deployPrincipalId: pulumi.Output<string>;
    readonly deployIdentity: IdentityRef;
    /** The workload identities, by workload name. */
    readonly workloadIdentityIds: Record<string, IdentityRef>;
    /** The workload identities' resource names (`<prefix>-id-<workload>`), known at preview, delivered once each exists. */
    readonly workloadIdentityNames: Record<string, pulumi.Output<string>>;
    /** The workload identities' client ids: what a Kubernetes ServiceAccount's `azure.workload.identity/client-id` names. */
    readonly workloadIdentityClientIds: Record<string, pulumi.Output<string>>;
    /** The resource group the workload identities live in (federated credentials are created there). */
    readonly workloadIdentityResourceGroup: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    /** ARM ids of the custom roles. */
    readonly roleDefinitionIds: { deployer: pulumi.Output<string>; auditor: pulumi.Output<string> };

    constructor(name: string, args: AzureIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Identity", name, {}, opts);
        const minutes = args.maxActivationMinutes;
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_ACTIVATION_MINUTES) {
            throw new Error(`maxActivationMinutes is ${minutes}: PIM activations last 1 to ${MAX_ACTIVATION_MINUTES} whole minutes`);
        }
        const prefix = args.namePrefix;
        const parent = { parent: this };
        const subscriptionScope = `/subscriptions/${args.subscriptionId}`;
        const roleId = (guid: string) => roleDefinitionArmId(args.subscriptionId, guid);
        const policyNames = args.roleManagementPolicyNames;

        const groupName = azureNames(prefix).resourceGroup("identity");
        const group = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: groupName, location: args.location }, parent);
        // Names known at preview (the pack reads them), delivered once the group exists.
        const resourceGroupName = after([group], pulumi.output(groupName));

        if (args.managementGroups) {
            const root = `/providers/Microsoft.Management/managementGroups/${args.managementGroups.parentId}`;
            const groups = Object.fromEntries(["platform", "landing-zones", "sandbox"].map((key) => [key, new management.ManagementGroup(`${name}-mg-${key}`, {
                groupId: `${prefix}-${key}`,
                displayName: `${prefix} ${key}`,
                details: { parent: { id: root } },
            }, parent)]));
            if (args.managementGroups.placeSubscription) {
                const landingZones = after([groups["landing-zones"]], pulumi.output(`${prefix}-landing-zones`));
                new management.ManagementGroupSubscription(`${name}-mg-subscription`, { groupId: landingZones }, parent);
            }
        }

        // Workload identities: managed identities have no secret to leak or rotate.
        const identity = (key: string, resourceName: string) => new managedidentity.UserAssignedIdentity(`${name}-${key}`, {
            resourceName, resourceGroupName, location: args.location,
        }, parent);
        const ref = (id: managedidentity.UserAssignedIdentity): IdentityRef => ({ id: id.id, principalId: id.principalId, clientId: id.clientId });
        const workloadIdentities = Object.fromEntries(args.workloadIdentities.map((w) => [w, identity(`id-${w}`, `${prefix}-id-${w}`)]));
        this.workloadIdentityIds = Object.fromEntries(Object.entries(workloadIdentities).map(([w, id]) => [w, ref(id)]));
        this.workloadIdentityNames = Object.fromEntries(Object.entries(workloadIdentities).map(([w, id]) => [w, after([id], pulumi.output(`${prefix}-id-${w}`))]));
        this.workloadIdentityClientIds = Object.fromEntries(Object.entries(workloadIdentities).map(([w, id]) => [w, id.clientId]));
        this.workloadIdentityResourceGroup = resourceGroupName;
        // The CI deploy identity: declared here (same child names as ever), or the bootstrap's, found by name.
        const deploy: AzureDeployIdentityOutputs = args.deployIdentity === "stack"
            ? declareAzureDeployIdentity(name, { namePrefix: prefix, location: args.location, subscriptionId: args.subscriptionId, resourceGroupName, github: args.github }, this)
            : this.bootstrapDeployIdentity(prefix, args.subscriptionId);

        // Custom roles are named by a stable GUID, so a re-run never re-creates them.
        const auditor = declareCustomRole(name, "auditor", {
            namePrefix: prefix,
            subscriptionId: args.subscriptionId,
            description: "Reads this landing zone's configuration, security, policy, PIM and log state; no data, no keys.",
            actions: auditorActions(),
        }, this);
        for (const [key, groupId] of keyed(args.auditorGroupIds)) {
            new authorization.RoleAssignment(`${name}-auditor-${key}`, {
                roleAssignmentName: pulumi.output(groupId).apply((id) => stableGuid(`${subscriptionScope}|${auditor.guid}|${id}`)),
                scope: subscriptionScope,
                roleDefinitionId: auditor.id,
                principalId: groupId,
                principalType: "Group",
            }, parent);
        }

        // Azure Policy at the subscription: the same guardrails the pack checks at preview, enforced at the API.
        const tls = new authorization.PolicyDefinition(`${name}-storage-min-tls`, {
            policyDefinitionName: `${prefix}-storage-min-tls`,
            displayName: "Storage accounts must require TLS 1.2 or later",
            description: "Denies (or audits) storage accounts whose minimumTlsVersion is missing or below TLS1_2.",
            policyType: "Custom",
            ...STORAGE_TLS_POLICY,
        }, parent);
        const tlsId = after([tls], pulumi.output(`${subscriptionScope}/providers/Microsoft.Authorization/policyDefinitions/${prefix}-storage-min-tls`));
        for (const plan of policyAssignmentPlans(args.policyEnforcement, args.allowedImageRegex)) {
            new authorization.PolicyAssignment(`${name}-policy-${plan.key}`, {
                policyAssignmentName: `${prefix}-${plan.key}`,
                displayName: plan.displayName,
                scope: subscriptionScope,
                policyDefinitionId: plan.definition === "storageMinTls" ? tlsId : builtinPolicyId(plan.definition),
                parameters: plan.parameters,
                enforcementMode: plan.enforcementMode,
                nonComplianceMessages: [{ message: plan.nonComplianceMessage }],
            }, parent);
        }

        // PIM: the activation rules first, so no group is ever eligible under Azure's weaker defaults.
        for (const pim of PIM_ROLES) {
            const policy = new authorization.RoleManagementPolicy(`${name}-pim-${pim}`, {
                roleManagementPolicyName: policyNames[pim],
                scope: subscriptionScope,
                rules: pimPolicyRules(minutes, args.approverGroupIds),
            }, parent);
            for (const [key, groupId] of keyed(args.adminGroupIds)) {
                new authorization.PimRoleEligibilitySchedule(`${name}-eligible-${pim}-${key}`, {
                    scope: subscriptionScope,
                    roleDefinitionId: roleId(AZURE_ROLES[pim]),
                    principalId: groupId,
                    justification: `${prefix}: admins hold ${pim} only by just-in-time activation`,
                    scheduleInfo: { expiration: { type: "NoExpiration" } },
                }, { parent: this, dependsOn: [policy] });
            }
        }

        if (args.entra.manage) {
            this.conditionalAccess(name, prefix, args.entra);
        }

        this.deployIdentity = deploy.identity;
        this.deployPrincipalId = deploy.identity.principalId;
        this.resourceGroupName = resourceGroupName;
        this.roleDefinitionIds = { deployer: deploy.roleDefinitionId, auditor: auditor.id };
        this.registerOutputs({
            deployPrincipalId: this.deployPrincipalId,
            deployIdentity: this.deployIdentity,
            workloadIdentityIds: this.workloadIdentityIds,
            workloadIdentityNames: this.workloadIdentityNames,
            workloadIdentityClientIds: this.workloadIdentityClientIds,
            workloadIdentityResourceGroup: this.workloadIdentityResourceGroup,
            resourceGroupName: this.resourceGroupName,
            roleDefinitionIds: this.roleDefinitionIds,
        });
    }

    /**
     * The deploy identity the bootstrap declared, looked up by name at preview (the deployer role
     * reads managed identities subscription-wide), and the deployer role's name-built id.
     */
    private bootstrapDeployIdentity(prefix: string, subscriptionId: string): AzureDeployIdentityOutputs {
        const names = azureNames(prefix);
        const found = managedidentity.getUserAssignedIdentityOutput({ resourceGroupName: names.deployResourceGroup, resourceName: names.deployIdentity }, { parent: this });
        return {
            identity: { id: found.id, principalId: found.principalId, clientId: found.clientId },
            roleDefinitionId: pulumi.output(roleDefinitionArmId(subscriptionId, customRoleGuid(subscriptionId, prefix, "deployer"))),
            credentials: [],
        };
    }

    /**
     * The tenant's conditional access baseline, its trusted location and the emergency-access group.
     * The group holds the tenant's break-glass accounts (cloud-only, phishing-resistant credentials
     * kept offline, members added by hand): it is excluded from every policy here so a broken policy
     * or an MFA outage never locks out every administrator, and role-assignable so only Privileged
     * Role Administrators can change its membership. Its sign-ins should page someone (Visibility).
     */
    private conditionalAccess(name: string, prefix: string, entra: AzureIdentityArgs["entra"]): void {
        const parent = { parent: this };
        const trusted = entra.trustedRanges.length > 0
            ? new NamedLocation(`${name}-trusted-location`, { displayName: `${prefix} trusted networks`, ip: { ipRanges: entra.trustedRanges, trusted: true } }, parent)
            : undefined;
        const emergency = new Group(`${name}-emergency-access`, {
            displayName: `${prefix}-emergency-access`,
            description: "Break-glass accounts only: excluded from every conditional access policy so a broken policy cannot lock out the tenant. Every sign-in is an incident.",
            securityEnabled: true,
            mailEnabled: false,
            assignableToRole: true,
            preventDuplicateNames: true,
        }, parent);
        const state = conditionalAccessState(entra.conditionalAccessState);
        for (const plan of conditionalAccessPlans({ prefix, emergencyGroupId: emergency.objectId, trustedLocationId: trusted?.objectId })) {
            new ConditionalAccessPolicy(`${name}-ca-${plan.key}`, { displayName: plan.displayName, state, conditions: plan.conditions, grantControls: plan.grantControls }, parent);
        }
    }
}

/** Group ids keyed for child names: a record by its slugged keys, a list by position. */
export function keyed(ids: GroupIds): [string, pulumi.Input<string>][] {
    if (Array.isArray(ids)) return ids.map((id, i) => [String(i), id]);
    const seen = new Map<string, string>();
    return Object.entries(ids).map(([displayName, id]) => {
        const key = displayName.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        if (!key) throw new Error(`group "${displayName}" has no letters or digits to name its children by: rename it`);
        if (seen.has(key)) throw new Error(`groups "${seen.get(key)}" and "${displayName}" would share the child name "${key}": rename one`);
        seen.set(key, displayName);
        return [key, id];
    });
}
