/**
 * zt:azure:StateBackend — where the landing zone's Pulumi state and stack secrets live on Azure,
 * created once by the bootstrap: one StorageV2 account (Entra ID only, TLS 1.2, CMK with
 * infrastructure encryption, versioning and soft delete) with one container per environment, and
 * one Key Vault (RBAC, purge protection) holding the account's CMK and one secrets key per
 * environment. Per environment, not shared: a dev deployer is granted its own container and key,
 * so it never needs, and never gets, anything that reads or decrypts prod's state.
 *
 * How the CLI authenticates, with shared keys off: `pulumi login azblob://<container>?storage_account=<account>`
 * (the `storage_account` parameter, pulumi/pulumi#10900) makes the backend use the Azure SDK's
 * default credential chain when no AZURE_STORAGE_KEY or SAS token is set: the `az login` session,
 * or the federated (OIDC) credential `azure/login` leaves on a GitHub runner. The principal needs
 * Storage Blob Data Contributor on its container (`deployers`).
 *
 * Why the secrets provider names a key VERSION: Pulumi's azurekeyvault keeper encrypts the stack's
 * data key once and later decrypts it with the key it was given; a versionless URL means "the
 * current version", so after the first automatic rotation the decrypt fails ("Unable to decrypt
 * specified value with this key", pulumi/pulumi#22338). The pinned initial version has no expiry,
 * so it keeps working; move a stack to a newer version with `pulumi stack change-secrets-provider`.
 * The cost: the URL is known only once the key exists, not at preview.
 *
 * No immutability policy: Pulumi overwrites its checkpoint on every step and deletes its lock
 * blobs, which a WORM policy would refuse. Versioning, soft delete and `protect` keep history.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import * as storage from "@pulumi/azure-native/storage";
import { after } from "../shared/after";
import { KEY_VAULT_ROLES } from "./data";
import { DEFAULT_KEY_ROTATION, keyOperations, vaultKey, type KeyRotation } from "./data-keys";
import { diagnosticSetting } from "./diagnostics";
import { privateEndpoint } from "./data-private-endpoint";
import { hardenedVaultProperties } from "./data-vault";
import { hardenedAccountArgs, recoverableBlobs } from "./storage-account";
import { azureNames, stableGuid } from "./names";

/** Days the backend's own workspace keeps the vault and blob logs: prod's floor for audit logs. */
export const STATE_LOG_RETENTION_DAYS = 365;

/** Built-in data roles a deployer gets, each scoped to one environment's container or key. */
export const STATE_ROLES = {
    /** Blob read, write and delete: the backend's checkpoints, history and locks. */
    blobDataContributor: "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
    /** Key operations (the key's own keyOps leave only encrypt and decrypt). */
    cryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
} as const;

/** What Pulumi's azurekeyvault keeper calls (RSA-OAEP-256 encrypt and decrypt); sign or wrap stay impossible. */
export const SECRETS_KEY_OPERATIONS = ["encrypt", "decrypt"];

/** An Entra principal; the type must match it, or ARM rejects the assignment. */
export interface StatePrincipal { principalId: pulumi.Input<string>; principalType: "User" | "Group" | "ServicePrincipal" }

export interface AzureStateBackendArgs {
    /**
     * Physical-name prefix: resource group `<prefix>-state-rg`, storage account `<prefix, letters and
     * digits only>state` (global), vault `<prefix>-state-kv` (global). CAUTION: changing it replaces everything.
     */
    namePrefix: string;
    /** One container (`<env>-state`) and secrets key (`<env>-secrets`) each. CAUTION: renaming one replaces its container and key. */
    environments: string[];
    /** Protect the vault, keys, encryption identity, account and containers from deletion. */
    protect: boolean;
    /** CAUTION: changing it replaces everything. */
    location: string;
    tenantId: string;
    subscriptionId: string;
    /**
     * Principals given Key Vault Crypto Officer on the vault, keyed by a stable name. Whoever runs
     * the bootstrap must be among them: the keys are created with its data-plane rights.
     */
    keyAdministrators: Record<string, StatePrincipal>;
    /**
     * Environment → name → principal that deploys that environment: Storage Blob Data Contributor on
     * its container and Key Vault Crypto User on its secrets key, nothing account- or vault-wide.
     * Default: none (grant them later, at the same scopes).
     */
    deployers?: Record<string, Record<string, StatePrincipal>>;
    /**
     * Where the account's blob endpoint and the vault get private endpoints: a subnet of the
     * network the runners deploy from, and its privatelink blob and vault zones. Required unless
     * `allowPublicNetworkAccess`. Default: none.
     */
    privateEndpoints?: { subnetId: pulumi.Input<string>; blobDnsZoneId: pulumi.Input<string>; vaultDnsZoneId: pulumi.Input<string> };
    /**
     * Open the account's and vault's public endpoints to every network (Entra ID still required),
     * for pipelines on GitHub-hosted runners, whose addresses are neither private nor stable.
     * Default: false — reachable only through `privateEndpoints`, so runners must be self-hosted or
     * use GitHub's Azure private networking in that network. The pack reports the open endpoints.
     */
    allowPublicNetworkAccess?: boolean;
    /**
     * The Log Analytics workspace the vault's audit and the blob service's read, write and delete
     * logs go to. Default: a workspace of the backend's own, `<prefix>-state-law` (365 days, Entra
     * ID only), because the bootstrap runs before the landing zone's workspace exists, and the
     * state's audit trail should not depend on a stack whose state it holds.
     */
    logWorkspaceId?: pulumi.Input<string>;
    /** Days deleted blobs and containers stay recoverable (1–365). Default: 30. */
    deleteRetentionDays?: number;
    /** Rotation of every key. Default: rotate after 90 days, expire new versions after 365, notify 30 days before. */
    keyRotation?: KeyRotation;
}

export interface StateBackendEndpoint {
    /** What `pulumi login` takes. */
    url: pulumi.Output<string>;
    /** What `pulumi stack init --secrets-provider` takes. */
    secretsProvider: pulumi.Output<string>;
}

/** The physical names, from the prefix (exported for tests and the bootstrap's docs). */
export function azureStateNames(namePrefix: string) {
    const names = azureNames(namePrefix);
    return {
        resourceGroup: names.resourceGroup("state"),
        storageAccount: names.storageAccount("state"),
        keyVault: `${namePrefix}-state-kv`,
        storageKey: "state-storage",
        container: (env: string) => `${env}-state`,
        secretsKey: (env: string) => `${env}-secrets`,
        identity: `${namePrefix}-state-encryption`,
        workspace: `${namePrefix}-state-law`,
    };
}

/** Every reason Azure would refuse these args, so the bootstrap stops before declaring anything. */
export function validateAzureStateBackend(args: AzureStateBackendArgs): string[] {
    const n = azureStateNames(args.namePrefix);
    const errors: string[] = [];
    if (!/^[a-z0-9]{3,24}$/.test(n.storageAccount)) errors.push(`storage account name "${n.storageAccount}" must be 3–24 lowercase letters and digits`);
    if (!/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(n.keyVault)) errors.push(`key vault name "${n.keyVault}" must be 3–24 letters, digits and single hyphens, starting with a letter`);
    if (args.environments.length === 0) errors.push("at least one environment is needed");
    for (const env of args.environments) {
        if (!/^(?!.*--)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(env) || n.container(env).length > 63) errors.push(`environment "${env}" must be lowercase letters, digits and single hyphens (it names a container)`);
    }
    if (new Set(args.environments).size !== args.environments.length) errors.push("environments must be unique");
    for (const env of Object.keys(args.deployers ?? {})) {
        if (!args.environments.includes(env)) errors.push(`deployers name environment "${env}", which is not in environments`);
    }
    const days = args.deleteRetentionDays ?? 30;
    if (!Number.isInteger(days) || days < 1 || days > 365) errors.push(`deleteRetentionDays must be a whole number from 1 to 365 (got ${days})`);
    if (!args.privateEndpoints && !args.allowPublicNetworkAccess) errors.push("the backend would be unreachable: set privateEndpoints, or allowPublicNetworkAccess");
    return errors;
}

export class AzureStateBackend extends pulumi.ComponentResource {
    readonly backends: Record<string, StateBackendEndpoint>;
    /** The account's ARM id, composed from names. */
    readonly storageAccountId: pulumi.Output<string>;
    /** The vault's ARM id, composed from names. */
    readonly keyVaultId: pulumi.Output<string>;

    constructor(name: string, args: AzureStateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:StateBackend", name, {}, opts);
        const errors = validateAzureStateBackend(args);
        if (errors.length > 0) throw new Error(`zt:azure:StateBackend ${name}: ${errors.join("; ")}.`);
        const child = { parent: this };
        const n = azureStateNames(args.namePrefix);
        const open = args.allowPublicNetworkAccess ?? false;
        const pe = args.privateEndpoints;
        const sub = args.subscriptionId;
        // The assignment's GUID is seeded with the scope's physical id, the role and the grant's
        // stable key, so a re-run or a renamed component never re-creates it.
        const grant = (logical: string, scope: { id: string; after: pulumi.Resource[] }, role: string, key: string, who: StatePrincipal, description: string) =>
            new authorization.RoleAssignment(logical, {
                roleAssignmentName: stableGuid(`${scope.id}/${role}/${key}`),
                scope: after(scope.after, pulumi.output(scope.id)),
                roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${role}`,
                principalId: who.principalId,
                principalType: who.principalType,
                description,
            }, child);

        const rg = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: n.resourceGroup, location: args.location }, child);
        const resourceGroupName = after([rg], pulumi.output(n.resourceGroup));
        const rgId = `/subscriptions/${sub}/resourceGroups/${n.resourceGroup}`;

        // The landing zone's data vault settings (data-vault.ts), with the public endpoint switchable.
        const vault = new keyvault.Vault(`${name}-vault`, {
            vaultName: n.keyVault,
            resourceGroupName,
            location: args.location,
            properties: hardenedVaultProperties(args.tenantId, open),
            tags: { "data-classification": "confidential" },
        }, { ...child, protect: args.protect });
        const vaultPath = `${rgId}/providers/Microsoft.KeyVault/vaults/${n.keyVault}`;
        const vaultId = after([vault], pulumi.output(vaultPath));
        if (pe) {
            privateEndpoint(`${name}-vault-pe`, {
                endpointName: `${n.keyVault}-pe`, resourceGroupName, location: args.location, subnetId: pe.subnetId, targetId: vaultId, groupId: "vault", dnsZoneId: pe.vaultDnsZoneId,
            }, child);
        }

        const adminGrants = Object.entries(args.keyAdministrators).map(([admin, who]) =>
            grant(`${name}-key-admin-${admin}`, { id: vaultPath, after: [vault] }, KEY_VAULT_ROLES.cryptoOfficer, `admin/${admin}`, who, `Key administrator ${admin}: manages the ${n.keyVault} keys`));
        const rotation = args.keyRotation ?? DEFAULT_KEY_ROTATION;
        const key = (logical: string, keyName: string, operations: string[]) => vaultKey(logical, {
            keyName, vaultName: n.keyVault, vault, resourceGroupName, vaultId, operations, rotation, protect: args.protect, dependsOn: adminGrants,
        }, child);

        const storageKey = key(`${name}-key-storage`, n.storageKey, keyOperations("storage"));
        // Protected like the key: the account unwraps its CMK with this identity only.
        const identity = new managedidentity.UserAssignedIdentity(`${name}-encryption-identity`, {
            resourceName: n.identity, resourceGroupName, location: args.location,
        }, { ...child, protect: args.protect });
        // Scoped to the CMK key, not the vault: the identity can never touch a stack's secrets key.
        const encryptionGrant = grant(`${name}-encryption-identity-grant`, { id: `${vaultPath}/keys/${n.storageKey}`, after: [storageKey.key] },
            KEY_VAULT_ROLES.cryptoServiceEncryptionUser, "encryption-identity", { principalId: identity.principalId, principalType: "ServicePrincipal" }, `State encryption identity: wraps and unwraps ${n.storageKey}`);
        const identityId = after([encryptionGrant], identity.id);

        // The landing zone's storage settings (storage-account.ts), with the public endpoint switchable.
        const account = new storage.StorageAccount(`${name}-account`, {
            ...hardenedAccountArgs({
                accountName: n.storageAccount,
                resourceGroupName,
                location: args.location,
                key: storageKey.ref,
                encryptionIdentityId: identityId,
                publicNetworkAccess: open,
                trustedServices: false,
            }),
            tags: { "data-classification": "confidential", purpose: "pulumi-state" },
        }, { ...child, protect: args.protect });
        const accountPath = `${rgId}/providers/Microsoft.Storage/storageAccounts/${n.storageAccount}`;
        const accountId = after([account], pulumi.output(accountPath));
        const accountName = after([account], pulumi.output(n.storageAccount));
        const retention = args.deleteRetentionDays ?? 30;
        // Every checkpoint the CLI overwrites stays as a version; deleted ones stay recoverable.
        new storage.BlobServiceProperties(`${name}-account-blob`, recoverableBlobs(accountName, resourceGroupName, retention), child);
        if (pe) {
            privateEndpoint(`${name}-account-pe`, {
                endpointName: `${n.storageAccount}-blob-pe`, resourceGroupName, location: args.location, subnetId: pe.subnetId, targetId: accountId, groupId: "blob", dnsZoneId: pe.blobDnsZoneId,
            }, child);
        }

        this.backends = {};
        for (const env of args.environments) {
            const containerName = n.container(env);
            const container = new storage.BlobContainer(`${name}-container-${env}`, {
                accountName, resourceGroupName, containerName, publicAccess: "None",
            }, { ...child, protect: args.protect });
            const secrets = key(`${name}-key-${env}`, n.secretsKey(env), SECRETS_KEY_OPERATIONS);
            const containerScope = { id: `${accountPath}/blobServices/default/containers/${containerName}`, after: [container] };
            const keyScope = { id: `${vaultPath}/keys/${n.secretsKey(env)}`, after: [secrets.key] };
            for (const [who, principal] of Object.entries(args.deployers?.[env] ?? {})) {
                grant(`${name}-deployer-${env}-${who}-state`, containerScope, STATE_ROLES.blobDataContributor, `deployer/${who}`, principal, `Deployer ${who}: reads and writes the ${env} state only`);
                grant(`${name}-deployer-${env}-${who}-secrets`, keyScope, STATE_ROLES.cryptoUser, `deployer/${who}`, principal, `Deployer ${who}: encrypts and decrypts the ${env} stack secrets only`);
            }
            this.backends[env] = {
                url: after([container], pulumi.output(`azblob://${containerName}?storage_account=${n.storageAccount}`)),
                secretsProvider: secrets.ref.uriWithVersion.apply((u) => u.replace(/^https:\/\//, "azurekeyvault://")),
            };
        }

        let workspaceId = args.logWorkspaceId;
        if (workspaceId === undefined) {
            // The landing zone's workspace settings (visibility.ts), at prod's retention floor.
            const workspace = new operationalinsights.Workspace(`${name}-workspace`, {
                workspaceName: n.workspace,
                resourceGroupName,
                location: args.location,
                sku: { name: "PerGB2018" },
                retentionInDays: STATE_LOG_RETENTION_DAYS,
                features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true },
                publicNetworkAccessForIngestion: "Enabled",
                publicNetworkAccessForQuery: "Enabled",
                tags: { "data-classification": "confidential" },
            }, { ...child, protect: args.protect });
            workspaceId = after([workspace], pulumi.output(`${rgId}/providers/Microsoft.OperationalInsights/workspaces/${n.workspace}`));
        }
        // As Visibility does for the landing zone's own (visibility-diagnostics.ts): the account has metrics only, its blob service the logs.
        diagnosticSetting(`${name}-vault-diagnostics`, vaultId, workspaceId, child);
        diagnosticSetting(`${name}-account-diagnostics`, accountId, workspaceId, child, { categoryGroups: [] });
        diagnosticSetting(`${name}-account-blob-diagnostics`, pulumi.interpolate`${accountId}/blobServices/default`, workspaceId, child);

        this.storageAccountId = accountId;
        this.keyVaultId = vaultId;
        this.registerOutputs({ backends: this.backends, storageAccountId: accountId, keyVaultId: vaultId });
    }
}
