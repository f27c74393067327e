import { strict as assert } from "assert";
import { childRecorder, registeredAs, registeredIds, registeredUnder, useMocks, valueOf } from "../support/mocks";
import { KEY_VAULT_ROLES } from "../../components/azure/data";
import { DEFAULT_KEY_ROTATION, keyRotationPolicy } from "../../components/azure/data-keys";
import { stableGuid } from "../../components/azure/names";
import {
    AzureStateBackend,
    azureStateNames,
    SECRETS_KEY_OPERATIONS,
    STATE_ROLES,
    validateAzureStateBackend,
    type AzureStateBackendArgs,
} from "../../components/azure/state-backend";

const SUB = "00000000-0000-4000-8000-00000000a5b0";
const TENANT = "00000000-0000-4000-8000-00000000a5b1";
const SUBNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/runners/subnets/endpoints`;
const BLOB_ZONE = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;
const VAULT_ZONE = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net`;
/** The version the mock gives every key: the provider computes it once the key exists. */
const KEY_VERSION = "0123456789abcdef0123456789abcdef";

/** Private (the default), two environments, protected, one deployer per environment. */
const PRIVATE: AzureStateBackendArgs = {
    namePrefix: "ztu",
    environments: ["dev", "prod"],
    protect: true,
    location: "westeurope",
    tenantId: TENANT,
    subscriptionId: SUB,
    keyAdministrators: { bootstrap: { principalId: "admin-oid", principalType: "User" } },
    deployers: {
        dev: { ci: { principalId: "ci-dev-oid", principalType: "ServicePrincipal" } },
        prod: { ci: { principalId: "ci-prod-oid", principalType: "ServicePrincipal" } },
    },
    privateEndpoints: { subnetId: SUBNET, blobDnsZoneId: BLOB_ZONE, vaultDnsZoneId: VAULT_ZONE },
};
const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/zt-prod-visibility-rg/providers/Microsoft.OperationalInsights/workspaces/zt-prod-law`;
/** The loosened case: one environment, public endpoints, unprotected, no deployers, 7-day soft delete; logs to a workspace. */
const OPEN: AzureStateBackendArgs = {
    namePrefix: "ztv",
    environments: ["dev"],
    protect: false,
    location: "westeurope",
    tenantId: TENANT,
    subscriptionId: SUB,
    keyAdministrators: { admins: { principalId: "admins-oid", principalType: "Group" } },
    allowPublicNetworkAccess: true,
    deleteRetentionDays: 7,
    logWorkspaceId: WORKSPACE,
};

const rg = (prefix: string) => `/subscriptions/${SUB}/resourceGroups/${prefix}-state-rg`;
const vaultId = (prefix: string) => `${rg(prefix)}/providers/Microsoft.KeyVault/vaults/${prefix}-state-kv`;
const accountId = (prefix: string) => `${rg(prefix)}/providers/Microsoft.Storage/storageAccounts/${prefix}state`;
const roleId = (guid: string) => `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

describe("zt:azure:StateBackend names and validation", () => {
    it("builds every physical name from the prefix", () => {
        const n = azureStateNames("zt");
        assert.deepEqual([n.resourceGroup, n.storageAccount, n.keyVault, n.storageKey, n.container("dev"), n.secretsKey("prod"), n.identity],
            ["zt-state-rg", "ztstate", "zt-state-kv", "state-storage", "dev-state", "prod-secrets", "zt-state-encryption"]);
    });

    it("accepts the two test configurations", () => {
        assert.deepEqual(validateAzureStateBackend(PRIVATE), []);
        assert.deepEqual(validateAzureStateBackend(OPEN), []);
    });

    it("names every problem at once: names Azure refuses, environments, deployers, retention, an unreachable backend", () => {
        const bad: AzureStateBackendArgs = {
            ...OPEN,
            namePrefix: "a-very-long-platform-prefix",
            environments: ["dev", "Prod", "dev"],
            deployers: { qa: {} },
            deleteRetentionDays: 400,
            allowPublicNetworkAccess: false,
        };
        assert.deepEqual(validateAzureStateBackend(bad), [
            'storage account name "averylongplatformprefixstate" must be 3–24 lowercase letters and digits',
            'key vault name "a-very-long-platform-prefix-state-kv" must be 3–24 letters, digits and single hyphens, starting with a letter',
            'environment "Prod" must be lowercase letters, digits and single hyphens (it names a container)',
            "environments must be unique",
            'deployers name environment "qa", which is not in environments',
            "deleteRetentionDays must be a whole number from 1 to 365 (got 400)",
            "the backend would be unreachable: set privateEndpoints, or allowPublicNetworkAccess",
        ]);
        assert.deepEqual(validateAzureStateBackend({ ...OPEN, environments: [] }), ["at least one environment is needed"]);
    });

    it("refuses to declare anything with invalid args", () => {
        assert.throws(() => new AzureStateBackend("azsb-bad", { ...OPEN, allowPublicNetworkAccess: false }),
            /^Error: zt:azure:StateBackend azsb-bad: the backend would be unreachable: set privateEndpoints, or allowPublicNetworkAccess\.$/);
    });
});

describe("zt:azure:StateBackend (under mocks)", () => {
    const { protect, transformation: record, settled } = childRecorder();
    const backends: Record<string, Record<string, { url: string; secretsProvider: string }>> = {};
    before(async () => {
        await useMocks((args) => {
            if (args.type === "azure-native:managedidentity:UserAssignedIdentity") {
                return { clientId: `${args.inputs["resourceName"]}-client`, principalId: `${args.inputs["resourceName"]}-principal` };
            }
            if (args.type === "azure-native:keyvault:Key") {
                return { keyUriWithVersion: `https://${args.inputs["vaultName"]}.vault.azure.net/keys/${args.inputs["keyName"]}/${KEY_VERSION}` };
            }
            return {};
        });
        for (const [name, args] of [["azsb-private", PRIVATE], ["azsb-open", OPEN]] as const) {
            const c = new AzureStateBackend(name, args, { transformations: [record] });
            backends[name] = {};
            for (const [env, b] of Object.entries(c.backends)) backends[name][env] = { url: await valueOf(b.url), secretsProvider: await valueOf(b.secretsProvider) };
        }
        // Every child registered: deployer grants are on no output's path.
        await settled();
    });
    const ids = registeredIds;
    const inputs = (name: string) => registeredAs(name).inputs;

    it("declares exactly the vault, keys, identity, account, containers, endpoints, grants and its own log workspace (private, two environments)", () => {
        assert.deepEqual(ids("azsb-private"), [
            "azure-native:authorization:RoleAssignment::azsb-private-deployer-dev-ci-secrets",
            "azure-native:authorization:RoleAssignment::azsb-private-deployer-dev-ci-state",
            "azure-native:authorization:RoleAssignment::azsb-private-deployer-prod-ci-secrets",
            "azure-native:authorization:RoleAssignment::azsb-private-deployer-prod-ci-state",
            "azure-native:authorization:RoleAssignment::azsb-private-encryption-identity-grant",
            "azure-native:authorization:RoleAssignment::azsb-private-key-admin-bootstrap",
            "azure-native:keyvault:Key::azsb-private-key-dev",
            "azure-native:keyvault:Key::azsb-private-key-prod",
            "azure-native:keyvault:Key::azsb-private-key-storage",
            "azure-native:keyvault:Vault::azsb-private-vault",
            "azure-native:managedidentity:UserAssignedIdentity::azsb-private-encryption-identity",
            "azure-native:monitor:DiagnosticSetting::azsb-private-account-blob-diagnostics",
            "azure-native:monitor:DiagnosticSetting::azsb-private-account-diagnostics",
            "azure-native:monitor:DiagnosticSetting::azsb-private-vault-diagnostics",
            "azure-native:network:PrivateDnsZoneGroup::azsb-private-account-pe-dns",
            "azure-native:network:PrivateDnsZoneGroup::azsb-private-vault-pe-dns",
            "azure-native:network:PrivateEndpoint::azsb-private-account-pe",
            "azure-native:network:PrivateEndpoint::azsb-private-vault-pe",
            "azure-native:operationalinsights:Workspace::azsb-private-workspace",
            "azure-native:resources:ResourceGroup::azsb-private-rg",
            "azure-native:storage:BlobContainer::azsb-private-container-dev",
            "azure-native:storage:BlobContainer::azsb-private-container-prod",
            "azure-native:storage:BlobServiceProperties::azsb-private-account-blob",
            "azure-native:storage:StorageAccount::azsb-private-account",
        ]);
    });

    it("declares no endpoints, no deployer grants and no workspace of its own when public, without deployers and given a workspace", () => {
        assert.deepEqual(ids("azsb-open"), [
            "azure-native:authorization:RoleAssignment::azsb-open-encryption-identity-grant",
            "azure-native:authorization:RoleAssignment::azsb-open-key-admin-admins",
            "azure-native:keyvault:Key::azsb-open-key-dev",
            "azure-native:keyvault:Key::azsb-open-key-storage",
            "azure-native:keyvault:Vault::azsb-open-vault",
            "azure-native:managedidentity:UserAssignedIdentity::azsb-open-encryption-identity",
            "azure-native:monitor:DiagnosticSetting::azsb-open-account-blob-diagnostics",
            "azure-native:monitor:DiagnosticSetting::azsb-open-account-diagnostics",
            "azure-native:monitor:DiagnosticSetting::azsb-open-vault-diagnostics",
            "azure-native:resources:ResourceGroup::azsb-open-rg",
            "azure-native:storage:BlobContainer::azsb-open-container-dev",
            "azure-native:storage:BlobServiceProperties::azsb-open-account-blob",
            "azure-native:storage:StorageAccount::azsb-open-account",
        ]);
    });

    it("protects the vault, keys, identity, account, containers and log workspace when asked, and nothing else", () => {
        const stateful = ["vault", "key-storage", "key-dev", "key-prod", "encryption-identity", "account", "container-dev", "container-prod", "workspace"].map((s) => `azsb-private-${s}`);
        for (const r of registeredUnder("azsb-private")) assert.equal(protect.get(r.name), stateful.includes(r.name), r.name);
        for (const r of registeredUnder("azsb-open")) assert.equal(protect.get(r.name), false, r.name);
    });

    it("hands out login URLs and version-pinned secrets providers per environment", () => {
        assert.deepEqual(backends, {
            "azsb-private": {
                dev: { url: "azblob://dev-state?storage_account=ztustate", secretsProvider: `azurekeyvault://ztu-state-kv.vault.azure.net/keys/dev-secrets/${KEY_VERSION}` },
                prod: { url: "azblob://prod-state?storage_account=ztustate", secretsProvider: `azurekeyvault://ztu-state-kv.vault.azure.net/keys/prod-secrets/${KEY_VERSION}` },
            },
            "azsb-open": {
                dev: { url: "azblob://dev-state?storage_account=ztvstate", secretsProvider: `azurekeyvault://ztv-state-kv.vault.azure.net/keys/dev-secrets/${KEY_VERSION}` },
            },
        });
    });

    it("creates the resource group from the prefix", () => {
        assert.deepEqual(inputs("azsb-private-rg"), { resourceGroupName: "ztu-state-rg", location: "westeurope" });
    });

    const vault = (open: boolean, tenant: string) => ({
        tenantId: tenant,
        sku: { family: "A", name: "premium" },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: 90,
        enablePurgeProtection: true,
        publicNetworkAccess: open ? "Enabled" : "Disabled",
        networkAcls: { defaultAction: open ? "Allow" : "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
        enabledForDeployment: false,
        enabledForTemplateDeployment: false,
        enabledForDiskEncryption: false,
    });

    it("builds an RBAC, purge-protected premium vault, private by default and public only when allowed", () => {
        assert.deepEqual(inputs("azsb-private-vault"), {
            vaultName: "ztu-state-kv", resourceGroupName: "ztu-state-rg", location: "westeurope", properties: vault(false, TENANT), tags: { "data-classification": "confidential" },
        });
        assert.deepEqual(inputs("azsb-open-vault")["properties"], vault(true, TENANT));
    });

    const account = (prefix: string, open: boolean) => ({
        accountName: `${prefix}state`,
        resourceGroupName: `${prefix}-state-rg`,
        location: "westeurope",
        kind: "StorageV2",
        sku: { name: "Standard_ZRS" },
        accessTier: "Hot",
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        allowedCopyScope: "AAD",
        isLocalUserEnabled: false,
        isSftpEnabled: false,
        publicNetworkAccess: open ? "Enabled" : "Disabled",
        networkRuleSet: { defaultAction: open ? "Allow" : "Deny", bypass: "None", ipRules: [], virtualNetworkRules: [] },
        identity: { type: "UserAssigned", userAssignedIdentities: [`azsb-${open ? "open" : "private"}-encryption-identity-id`] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            keyVaultProperties: { keyVaultUri: `https://${prefix}-state-kv.vault.azure.net/`, keyName: "state-storage" },
            encryptionIdentity: { encryptionUserAssignedIdentity: `azsb-${open ? "open" : "private"}-encryption-identity-id` },
            requireInfrastructureEncryption: true,
            services: {
                blob: { enabled: true, keyType: "Account" },
                file: { enabled: true, keyType: "Account" },
                queue: { enabled: true, keyType: "Account" },
                table: { enabled: true, keyType: "Account" },
            },
        },
        tags: { "data-classification": "confidential", purpose: "pulumi-state" },
    });

    it("builds an Entra-only, TLS 1.2, CMK + infrastructure-encrypted account tagged as Pulumi state", () => {
        assert.deepEqual(inputs("azsb-private-account"), account("ztu", false));
        assert.deepEqual(inputs("azsb-open-account"), account("ztv", true));
    });

    it("keeps every overwritten checkpoint as a version and deleted blobs and containers for the retention days", () => {
        for (const [name, prefix, days] of [["azsb-private", "ztu", 30], ["azsb-open", "ztv", 7]] as const) {
            assert.deepEqual(inputs(`${name}-account-blob`), {
                accountName: `${prefix}state`,
                resourceGroupName: `${prefix}-state-rg`,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days, allowPermanentDelete: false },
                containerDeleteRetentionPolicy: { enabled: true, days },
            }, name);
        }
    });

    it("gives each environment its own private container", () => {
        for (const env of ["dev", "prod"]) {
            assert.deepEqual(inputs(`azsb-private-container-${env}`), { accountName: "ztustate", resourceGroupName: "ztu-state-rg", containerName: `${env}-state`, publicAccess: "None" });
        }
    });

    const key = (name: string, operations: string[]) => ({
        keyName: name,
        vaultName: "ztu-state-kv",
        resourceGroupName: "ztu-state-rg",
        properties: { kty: "RSA-HSM", keySize: 3072, keyOps: operations, attributes: { enabled: true, exportable: false }, rotationPolicy: keyRotationPolicy(DEFAULT_KEY_ROTATION) },
    });

    it("makes a wrap-only CMK key and an encrypt/decrypt-only secrets key per environment, all rotating", () => {
        assert.deepEqual(SECRETS_KEY_OPERATIONS, ["encrypt", "decrypt"]);
        assert.deepEqual(inputs("azsb-private-key-storage"), key("state-storage", ["wrapKey", "unwrapKey"]));
        assert.deepEqual(inputs("azsb-private-key-dev"), key("dev-secrets", ["encrypt", "decrypt"]));
        assert.deepEqual(inputs("azsb-private-key-prod"), key("prod-secrets", ["encrypt", "decrypt"]));
    });

    it("creates the encryption identity and lets it use the CMK key only", () => {
        assert.deepEqual(inputs("azsb-private-encryption-identity"), { resourceName: "ztu-state-encryption", resourceGroupName: "ztu-state-rg", location: "westeurope" });
        const scope = `${vaultId("ztu")}/keys/state-storage`;
        assert.deepEqual(inputs("azsb-private-encryption-identity-grant"), {
            roleAssignmentName: stableGuid(`${scope}/${KEY_VAULT_ROLES.cryptoServiceEncryptionUser}/encryption-identity`),
            scope,
            roleDefinitionId: roleId(KEY_VAULT_ROLES.cryptoServiceEncryptionUser),
            principalId: "ztu-state-encryption-principal",
            principalType: "ServicePrincipal",
            description: "State encryption identity: wraps and unwraps state-storage",
        });
    });

    it("makes the key administrators Crypto Officers on the vault, with their declared principal type", () => {
        assert.deepEqual(inputs("azsb-open-key-admin-admins"), {
            roleAssignmentName: stableGuid(`${vaultId("ztv")}/${KEY_VAULT_ROLES.cryptoOfficer}/admin/admins`),
            scope: vaultId("ztv"),
            roleDefinitionId: roleId(KEY_VAULT_ROLES.cryptoOfficer),
            principalId: "admins-oid",
            principalType: "Group",
            description: "Key administrator admins: manages the ztv-state-kv keys",
        });
    });

    it("grants each deployer its own environment's container and secrets key, nothing wider", () => {
        for (const env of ["dev", "prod"]) {
            const container = `${accountId("ztu")}/blobServices/default/containers/${env}-state`;
            const secretsKey = `${vaultId("ztu")}/keys/${env}-secrets`;
            const principal = { principalId: `ci-${env}-oid`, principalType: "ServicePrincipal" };
            assert.deepEqual(inputs(`azsb-private-deployer-${env}-ci-state`), {
                roleAssignmentName: stableGuid(`${container}/${STATE_ROLES.blobDataContributor}/deployer/ci`),
                scope: container,
                roleDefinitionId: roleId(STATE_ROLES.blobDataContributor),
                ...principal,
                description: `Deployer ci: reads and writes the ${env} state only`,
            });
            assert.deepEqual(inputs(`azsb-private-deployer-${env}-ci-secrets`), {
                roleAssignmentName: stableGuid(`${secretsKey}/${STATE_ROLES.cryptoUser}/deployer/ci`),
                scope: secretsKey,
                roleDefinitionId: roleId(STATE_ROLES.cryptoUser),
                ...principal,
                description: `Deployer ci: encrypts and decrypts the ${env} stack secrets only`,
            });
        }
    });

    it("builds the public, single-environment variant's group, keys, identity and container the same way", () => {
        assert.deepEqual(inputs("azsb-open-rg"), { resourceGroupName: "ztv-state-rg", location: "westeurope" });
        const ztv = (k: ReturnType<typeof key>) => ({ ...k, vaultName: "ztv-state-kv", resourceGroupName: "ztv-state-rg" });
        assert.deepEqual(inputs("azsb-open-key-storage"), ztv(key("state-storage", ["wrapKey", "unwrapKey"])));
        assert.deepEqual(inputs("azsb-open-key-dev"), ztv(key("dev-secrets", ["encrypt", "decrypt"])));
        assert.deepEqual(inputs("azsb-open-encryption-identity"), { resourceName: "ztv-state-encryption", resourceGroupName: "ztv-state-rg", location: "westeurope" });
        assert.equal(inputs("azsb-open-encryption-identity-grant")["scope"], `${vaultId("ztv")}/keys/state-storage`);
        assert.deepEqual(inputs("azsb-open-container-dev"), { accountName: "ztvstate", resourceGroupName: "ztv-state-rg", containerName: "dev-state", publicAccess: "None" });
    });

    it("sends the vault's and the blob service's logs, and the account's metrics, to the workspace when given one", () => {
        const setting = (resourceUri: string, logs: boolean) => ({
            name: "zt-to-workspace",
            resourceUri,
            workspaceId: WORKSPACE,
            logAnalyticsDestinationType: "Dedicated",
            logs: logs ? [{ categoryGroup: "allLogs", enabled: true }] : [],
            metrics: [{ category: "AllMetrics", enabled: true }],
        });
        assert.deepEqual(inputs("azsb-open-vault-diagnostics"), setting(vaultId("ztv"), true));
        assert.deepEqual(inputs("azsb-open-account-diagnostics"), setting(accountId("ztv"), false));
        assert.deepEqual(inputs("azsb-open-account-blob-diagnostics"), setting(`${accountId("ztv")}/blobServices/default`, true));
    });

    it("without a workspace given, keeps the logs in one of its own: Entra ID only, 365 days, beside the backend", () => {
        assert.deepEqual(inputs("azsb-private-workspace"), {
            workspaceName: "ztu-state-law",
            resourceGroupName: "ztu-state-rg",
            location: "westeurope",
            sku: { name: "PerGB2018" },
            retentionInDays: 365,
            features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true },
            publicNetworkAccessForIngestion: "Enabled",
            publicNetworkAccessForQuery: "Enabled",
            tags: { "data-classification": "confidential" },
        });
        const own = `/subscriptions/${SUB}/resourceGroups/ztu-state-rg/providers/Microsoft.OperationalInsights/workspaces/ztu-state-law`;
        for (const setting of ["vault-diagnostics", "account-diagnostics", "account-blob-diagnostics"]) {
            assert.equal(inputs(`azsb-private-${setting}`)["workspaceId"], own, setting);
        }
    });

    it("reaches the vault and the blob endpoint through private endpoints in the given subnet and zones", () => {
        for (const [name, endpoint, target, group, zone] of [
            ["azsb-private-vault-pe", "ztu-state-kv-pe", vaultId("ztu"), "vault", VAULT_ZONE],
            ["azsb-private-account-pe", "ztustate-blob-pe", accountId("ztu"), "blob", BLOB_ZONE],
        ] as const) {
            assert.deepEqual(inputs(name), {
                privateEndpointName: endpoint,
                customNetworkInterfaceName: `${endpoint}-nic`,
                resourceGroupName: "ztu-state-rg",
                location: "westeurope",
                // The provider SDK's defaults for an inline subnet reference.
                subnet: { id: SUBNET, privateEndpointNetworkPolicies: "Disabled", privateLinkServiceNetworkPolicies: "Enabled" },
                privateLinkServiceConnections: [{ name: endpoint, privateLinkServiceId: target, groupIds: [group] }],
            }, name);
            assert.deepEqual(inputs(`${name}-dns`), {
                privateDnsZoneGroupName: "default",
                privateEndpointName: endpoint,
                resourceGroupName: "ztu-state-rg",
                privateDnsZoneConfigs: [{ name: group, privateDnsZoneId: zone }],
            }, `${name}-dns`);
        }
    });
});
