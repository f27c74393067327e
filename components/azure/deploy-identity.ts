/**
 * zt:azure:DeployIdentity — the identity CI deploys a landing zone with: a user-assigned managed
 * identity GitHub Actions federates into (one repository environment, no secret), the deployer
 * custom role (./identity-roles.ts) and its assignment at the environment's subscription, fenced by
 * an ABAC condition away from Owner, Contributor, the access-administrator roles and the deployer
 * role itself. The bootstrap's copy also locks its resource group read-only.
 *
 * Who declares it is `ci.deployIdentity`. "bootstrap" (the default): the bootstrap declares this
 * component once per environment, before the first deploy, in a resource group of its own
 * (`<prefix>-<env>-deploy-rg`), so the landing zone's stack never owns the identity it runs as and
 * destroying that stack leaves it in place. "stack": zt:azure:Identity calls
 * {@link declareAzureDeployIdentity} itself, with the child names it always had.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import { after } from "../shared/after";
import { deployerActions, privilegedRoleCondition } from "./identity-roles";
import { azureNames, stableGuid } from "./names";
import type { IdentityRef } from "./refs";

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
export const ENTRA_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

/** The custom roles of the landing zone: the deploy identity's and the auditors'. */
export type CustomRoleKey = "deployer" | "auditor";

/** ARM id of a role definition at a subscription. */
export const roleDefinitionArmId = (subscriptionId: string, guid: string) =>
    `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

/**
 * The GUID a custom role is named by: stable per subscription and name, so a re-run never
 * re-creates it and a program that only refers to the role builds the same id.
 */
export const customRoleGuid = (subscriptionId: string, namePrefix: string, key: CustomRoleKey) =>
    stableGuid(`/subscriptions/${subscriptionId}|role|${namePrefix}-${key}`);

/** A custom role at the subscription: its GUID name and its ARM id (known at preview, delivered once it exists). */
export interface CustomRole {
    guid: string;
    id: pulumi.Output<string>;
}

/** Declares the custom role `<namePrefix>-<key>` (child `${name}-role-<key>`), defined and assignable at the subscription only. */
export function declareCustomRole(
    name: string,
    key: CustomRoleKey,
    role: { namePrefix: string; subscriptionId: string; description: string; actions: string[] },
    parent: pulumi.Resource,
): CustomRole {
    const scope = `/subscriptions/${role.subscriptionId}`;
    const guid = customRoleGuid(role.subscriptionId, role.namePrefix, key);
    const definition = new authorization.RoleDefinition(`${name}-role-${key}`, {
        roleDefinitionId: guid,
        roleName: `${role.namePrefix}-${key}`,
        description: role.description,
        roleType: "CustomRole",
        scope,
        assignableScopes: [scope],
        permissions: [{ actions: role.actions, notActions: [], dataActions: [], notDataActions: [] }],
    }, { parent });
    return { guid, id: after([definition], pulumi.output(roleDefinitionArmId(role.subscriptionId, guid))) };
}

export interface AzureDeployIdentityArgs {
    /** Physical-name prefix, `<prefix>-<env>`: identity `<prefix>-deploy`, role `<prefix>-deployer`. CAUTION: changing it replaces all four resources. */
    namePrefix: string;
    /** CAUTION: changing it replaces the identity, and so its principal id. */
    location: string;
    /** The environment's subscription: the deployer role is defined, assignable and assigned there. */
    subscriptionId: string;
    /** Resource group the managed identity lives in. CAUTION: changing it replaces the identity. */
    resourceGroupName: pulumi.Input<string>;
    /**
     * GitHub OIDC: tokens for exactly `repo:<repository>:environment:<environment>`. `maxSessionMinutes`
     * needs nothing here: neither a managed identity nor its federated credential has a session
     * length to set; Entra sets the lifetime of the tokens the exchange issues.
     */
    github: { repository: string; environment: string; maxSessionMinutes: number };
}

/** What the deploy identity hands its consumers. */
export interface AzureDeployIdentityOutputs {
    identity: IdentityRef;
    /** ARM id of the deployer role (name-built, known at preview). */
    roleDefinitionId: pulumi.Output<string>;
    /** The managed identity and its federated credential: what a lock on their group must come after. */
    credentials: pulumi.Resource[];
}

/**
 * Declares the deploy identity under `parent`: `${name}-deploy` (the managed identity),
 * `${name}-deploy-github` (its federated credential), `${name}-role-deployer` and
 * `${name}-deployer-assignment`.
 */
export function declareAzureDeployIdentity(name: string, args: AzureDeployIdentityArgs, parent: pulumi.Resource): AzureDeployIdentityOutputs {
    const prefix = args.namePrefix;
    const scope = `/subscriptions/${args.subscriptionId}`;
    const identityName = azureNames(prefix).deployIdentity;
    // Managed identities have no secret to leak or rotate.
    const identity = new managedidentity.UserAssignedIdentity(`${name}-deploy`, {
        resourceName: identityName, resourceGroupName: args.resourceGroupName, location: args.location,
    }, { parent });
    const federated = new managedidentity.FederatedIdentityCredential(`${name}-deploy-github`, {
        federatedIdentityCredentialResourceName: `github-${args.github.environment}`,
        resourceGroupName: args.resourceGroupName,
        resourceName: after([identity], pulumi.output(identityName)),
        issuer: GITHUB_ISSUER,
        // One repository's one environment: the environment's protection rules gate every deploy.
        subject: `repo:${args.github.repository}:environment:${args.github.environment}`,
        audiences: [ENTRA_TOKEN_AUDIENCE],
    }, { parent });
    const deployer = declareCustomRole(name, "deployer", {
        namePrefix: prefix,
        subscriptionId: args.subscriptionId,
        description: "Deploys this landing zone from CI: its resource types only; cannot assign administrator roles or edit custom roles.",
        actions: deployerActions(),
    }, parent);
    new authorization.RoleAssignment(`${name}-deployer-assignment`, {
        roleAssignmentName: stableGuid(`${scope}|${deployer.guid}|${identityName}`),
        scope,
        roleDefinitionId: deployer.id,
        principalId: identity.principalId,
        principalType: "ServicePrincipal",
        description: "The GitHub deploy identity; the condition keeps Owner, Contributor, the access-administrator roles and this role itself out of its reach.",
        condition: privilegedRoleCondition(deployer.guid),
        conditionVersion: "2.0",
    }, { parent });
    return { identity: { id: identity.id, principalId: identity.principalId, clientId: identity.clientId }, roleDefinitionId: deployer.id, credentials: [identity, federated] };
}

/** The bootstrap's deploy identity: everything but the resource group, which it declares itself. */
export type AzureDeployIdentityComponentArgs = Omit<AzureDeployIdentityArgs, "resourceGroupName">;

/**
 * One environment's deploy identity, declared by the bootstrap in its own resource group
 * `${name}-rg` (`<prefix>-<env>-deploy-rg`, in the environment's subscription: the provider passed
 * in must point there). The landing zone looks the identity up by name, so neither name may change.
 */
export class AzureDeployIdentity extends pulumi.ComponentResource {
    readonly identity: IdentityRef;
    /** Principal (object) id: what role assignments name. */
    readonly principalId: pulumi.Output<string>;
    /** Client id: what `azure/login` takes as `client-id`. */
    readonly clientId: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    /** ARM id of the deployer role. */
    readonly roleDefinitionId: pulumi.Output<string>;

    constructor(name: string, args: AzureDeployIdentityComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:DeployIdentity", name, {}, opts);
        const groupName = azureNames(args.namePrefix).deployResourceGroup;
        const group = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: groupName, location: args.location }, { parent: this });
        this.resourceGroupName = after([group], pulumi.output(groupName));
        const deploy = declareAzureDeployIdentity(name, { ...args, resourceGroupName: this.resourceGroupName }, this);
        // The deployer role writes federated credentials anywhere in the subscription (the landing
        // zone's workload identities need them), so only a lock keeps the pipeline from adding a
        // trust to its own identity: the deployer has no rights on locks. Declared after the
        // identity and its credential, so it is also removed before them; changing either later
        // means lifting the lock first (docs/deploy.md).
        new authorization.ManagementLockAtResourceGroupLevel(`${name}-lock`, {
            resourceGroupName: this.resourceGroupName,
            lockName: "deploy-identity-read-only",
            level: "ReadOnly",
            notes: "The pipeline's own identity: changed only by the bootstrap, run by an administrator.",
        }, { parent: this, dependsOn: deploy.credentials });
        this.identity = deploy.identity;
        this.principalId = deploy.identity.principalId;
        this.clientId = deploy.identity.clientId;
        this.roleDefinitionId = deploy.roleDefinitionId;
        this.registerOutputs({
            identity: this.identity,
            principalId: this.principalId,
            clientId: this.clientId,
            resourceGroupName: this.resourceGroupName,
            roleDefinitionId: this.roleDefinitionId,
        });
    }
}
