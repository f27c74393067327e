/**
 * zt:azure:Data — the data resource group with the landing zone's Key Vault (RBAC, purge
 * protection, private endpoint only), one HSM-backed rotating key per purpose, the user-assigned
 * identity every CMK consumer unwraps its key with, and the data storage accounts (no public
 * endpoint, no shared keys, CMK + infrastructure encryption, versioning, Defender for Storage).
 *
 * Separation of duties on the vault: key administrators get Key Vault Crypto Officer (create,
 * rotate, delete keys and rotation policies); the encryption identity gets Key Vault Crypto Service
 * Encryption User (read, wrap, unwrap only). Nobody gets both: the identity services use to unwrap
 * can never change or delete a key, and the deploy principal is never a service's key identity.
 * Crypto Officer's data actions (`keys/*`) technically include cryptographic use too: Azure has no
 * built-in manage-only key role, so that residue is accepted rather than hidden.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as resources from "@pulumi/azure-native/resources";
import { after } from "../shared/after";
import { DEFAULT_KEY_ROTATION, keyOperations, vaultKey, type KeyRotation } from "./data-keys";
import { keyVault } from "./data-vault";
import { azureNames, stableGuid } from "./names";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";
import { secureStorageAccount } from "./storage-account";

export const AZURE_KEY_PURPOSES = ["storage", "logs", "registry", "cluster"] as const;
export type AzureKeyPurpose = (typeof AZURE_KEY_PURPOSES)[number];

/** Built-in role definition GUIDs (learn.microsoft.com/azure/role-based-access-control/built-in-roles/security). */
export const KEY_VAULT_ROLES = {
    /** Keys: read, wrapKey, unwrapKey. What storage, ACR and the log archive need for CMK. */
    cryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    /** Keys and rotation policies: every action except managing permissions. */
    cryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
} as const;

export interface AzureDataArgs {
    /** Physical-name prefix, `<prefix>-<env>` (see names.ts). */
    namePrefix: string;
    location: string;
    tenantId: string;
    /** The subscription, to compose ARM ids (vault, storage, role definitions) that policies can read at preview. */
    subscriptionId: string;
    /**
     * Principal ids given Key Vault Crypto Officer on the vault (manage keys and rotation policies),
     * keyed by a stable name. The deploying principal must be among them: it creates the keys.
     */
    keyAdministratorIds: Record<string, pulumi.Input<string>>;
    /**
     * The Entra object type of each key administrator, by the same keys. Default: ServicePrincipal
     * (the deploy identity). ARM rejects an assignment whose type does not match the principal, and
     * the provider would otherwise send "User".
     */
    keyAdministratorTypes?: Record<string, "User" | "Group" | "ServicePrincipal">;
    /** Data storage accounts by key, with their classification. CAUTION: renaming a key replaces its account. */
    storageAccounts: Record<string, { classification: string }>;
    /** Classification tag of the vault. */
    defaultClassification: string;
    /** Subnet of the vault's and the storage accounts' private endpoints. */
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** Key rotation, expiry and expiry notice. Default: rotate after 90 days, expire after 365, notify 30 days before. */
    keyRotation?: KeyRotation;
    /** Protect the vault, keys, encryption identity and storage accounts from deletion (prod). */
    protect: boolean;
}

export class AzureData extends pulumi.ComponentResource {
    readonly keys: Record<AzureKeyPurpose, KeyRef>;
    /**
     * The user-assigned identity storage, the log archive and ACR use to reach their keys. Its
     * outputs resolve only once its role on the vault exists, so a consumer is never created
     * before it can unwrap its key.
     */
    readonly encryptionIdentity: IdentityRef;
    /** The vault's ARM id, composed from names (readable at preview). */
    readonly keyVaultId: pulumi.Output<string>;
    /** Storage key (config) → the account's ARM id, composed from names. */
    readonly storageAccountIds: Record<string, pulumi.Output<string>>;
    readonly resourceGroupName: pulumi.Output<string>;

    constructor(name: string, args: AzureDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Data", name, {}, opts);
        const child = { parent: this };
        const names = azureNames(args.namePrefix);
        const subscriptionId = args.subscriptionId;
        const roleDefinitionId = (guid: string) => pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

        const rgName = names.resourceGroup("data");
        const rg = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: rgName, location: args.location }, child);
        const resourceGroupName = after([rg], pulumi.output(rgName));

        const vault = keyVault(`${name}-vault`, {
            vaultName: names.keyVault,
            resourceGroupName,
            subscriptionId,
            location: args.location,
            tenantId: args.tenantId,
            classification: args.defaultClassification,
            privateEndpointSubnetId: args.privateEndpointSubnetId,
            vaultDnsZoneId: args.privateDnsZoneIds.vault,
            protect: args.protect,
        }, child);

        // Keyed by name, never by position, so adding an administrator re-creates no other grant.
        const adminGrants = Object.entries(args.keyAdministratorIds).map(([admin, principalId]) =>
            new authorization.RoleAssignment(`${name}-key-admin-${admin}`, {
                roleAssignmentName: stableGuid(`${names.keyVault}/${KEY_VAULT_ROLES.cryptoOfficer}/admin/${admin}`),
                scope: vault.id,
                roleDefinitionId: roleDefinitionId(KEY_VAULT_ROLES.cryptoOfficer),
                principalId,
                principalType: args.keyAdministratorTypes?.[admin] ?? "ServicePrincipal",
                description: `Key administrator ${admin}: manages the ${names.keyVault} keys`,
            }, child));

        const rotation = args.keyRotation ?? DEFAULT_KEY_ROTATION;
        const keys = {} as Record<AzureKeyPurpose, KeyRef>;
        for (const purpose of AZURE_KEY_PURPOSES) {
            keys[purpose] = vaultKey(`${name}-key-${purpose}`, {
                keyName: purpose,
                vaultName: names.keyVault,
                vault: vault.vault,
                resourceGroupName,
                vaultId: vault.id,
                operations: keyOperations(purpose),
                rotation,
                protect: args.protect,
                dependsOn: adminGrants,
            }, child).ref;
        }
        this.keys = keys;

        // Protected like the keys: the storage accounts, the log archive and ACR unwrap their keys
        // with this identity only, so deleting it would make their data unreadable until re-keyed.
        const identity = new managedidentity.UserAssignedIdentity(`${name}-encryption-identity`, {
            resourceName: `${args.namePrefix}-encryption`,
            resourceGroupName,
            location: args.location,
        }, { ...child, protect: args.protect });
        const encryptionGrant = new authorization.RoleAssignment(`${name}-encryption-identity-grant`, {
            roleAssignmentName: stableGuid(`${names.keyVault}/${KEY_VAULT_ROLES.cryptoServiceEncryptionUser}/encryption-identity`),
            scope: vault.id,
            roleDefinitionId: roleDefinitionId(KEY_VAULT_ROLES.cryptoServiceEncryptionUser),
            principalId: identity.principalId,
            // Set, so ARM does not look the principal up in Entra ID before it has replicated there.
            principalType: "ServicePrincipal",
            description: `Encryption identity: wraps and unwraps the ${names.keyVault} keys for CMK`,
        }, child);
        this.encryptionIdentity = {
            id: after([encryptionGrant], identity.id),
            principalId: after([encryptionGrant], identity.principalId),
            clientId: after([encryptionGrant], identity.clientId),
        };

        this.storageAccountIds = {};
        for (const [key, account] of Object.entries(args.storageAccounts)) {
            this.storageAccountIds[key] = secureStorageAccount(`${name}-storage-${key}`, {
                accountName: names.storageAccount(key),
                resourceGroupName,
                subscriptionId,
                location: args.location,
                key: keys.storage,
                encryptionIdentity: this.encryptionIdentity,
                privateEndpointSubnetId: args.privateEndpointSubnetId,
                blobDnsZoneId: args.privateDnsZoneIds.blob,
                classification: account.classification,
                protect: args.protect,
            }, child).id;
        }

        this.keyVaultId = vault.id;
        this.resourceGroupName = resourceGroupName;
        this.registerOutputs({
            keyVaultId: this.keyVaultId,
            resourceGroupName: this.resourceGroupName,
            storageAccountIds: this.storageAccountIds,
            encryptionIdentityId: this.encryptionIdentity.id,
            keyUris: Object.fromEntries(AZURE_KEY_PURPOSES.map((p) => [p, keys[p].uri])),
        });
    }
}
