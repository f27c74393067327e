import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { stackGraph, REPO_ROOT } from "../support/graphs";
import { readStackConfig } from "../../config/stack-file";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { UNKNOWN_SENTINEL } from "../../plan/graph";
import { AZURE_KEY_PURPOSES, KEY_VAULT_ROLES } from "../../components/azure/data";
import { DEFAULT_KEY_ROTATION, keyOperations, keyRotationPolicy, validateKeyRotation } from "../../components/azure/data-keys";
import { stableGuid } from "../../components/azure/names";
import { offlineGroupId } from "../../plan/invokes";

/** The provider's subscription as the offline plan answers `getClientConfig` (plan/invokes.ts). */

describe("Azure data keys (pure builders)", () => {
    it("rotates 90 days after creation, expires each version after a year and notifies 30 days before", () => {
        assert.deepEqual(keyRotationPolicy(DEFAULT_KEY_ROTATION), {
            attributes: { expiryTime: "P365D" },
            lifetimeActions: [
                { trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } },
                { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
            ],
        });
    });

    it("refuses rotations Key Vault would reject, naming every problem", () => {
        assert.deepEqual(validateKeyRotation(DEFAULT_KEY_ROTATION), []);
        assert.deepEqual(validateKeyRotation({ rotateAfterDays: 3, expireAfterDays: 20, notifyBeforeExpiryDays: 30 }), [
            "key expiry must be at least 28 days (got 20)",
            "key rotation must be at least 7 days after creation (got 3)",
            "expiry notice (30 days) must come after creation (expiry 20 days)",
        ]);
        assert.deepEqual(validateKeyRotation({ rotateAfterDays: 90, expireAfterDays: 95, notifyBeforeExpiryDays: 1.5 }), [
            "key rotation durations must be positive whole days",
            "key rotation (90 days) must come at least 7 days before expiry (95 days)",
        ]);
        assert.throws(() => keyRotationPolicy({ rotateAfterDays: 90, expireAfterDays: 90, notifyBeforeExpiryDays: 30 }), /Invalid key rotation: key rotation \(90 days\)/);
    });

    it("lets only the cluster key encrypt directly; every other key only wraps", () => {
        assert.deepEqual(keyOperations("storage"), ["wrapKey", "unwrapKey"]);
        assert.deepEqual(keyOperations("logs"), ["wrapKey", "unwrapKey"]);
        assert.deepEqual(keyOperations("registry"), ["wrapKey", "unwrapKey"]);
        assert.deepEqual(keyOperations("cluster"), ["encrypt", "decrypt", "wrapKey", "unwrapKey"]);
    });
});

function childrenOf(graph: CapturedGraph, parentType: string): CapturedResource[] {
    const parent = graph.resources.find((r) => r.type === parentType);
    assert.ok(parent, `${parentType} registered`);
    return graph.resources.filter((r) => r.parent === parent.urn);
}
/** Under the mock, a resource's id is `<logical name>-id`: the resource a value is the id of. */
const idOf = (g: CapturedGraph, type: string, value: unknown) => {
    const r = g.resources.find((x) => x.type === type && `${x.name}-id` === value);
    assert.ok(r, `${String(value)} is the id of a ${type}`);
    return r;
};

/** The exact children of zt:azure:Data for the default config (one storage account `data`). */
const EXPECTED_CHILDREN = [
    "azure-native:resources:ResourceGroup::data-rg",
    "azure-native:keyvault:Vault::data-vault",
    "azure-native:network:PrivateEndpoint::data-vault-pe",
    "azure-native:network:PrivateDnsZoneGroup::data-vault-pe-dns",
    "azure-native:authorization:RoleAssignment::data-key-admin-deploy",
    ...AZURE_KEY_PURPOSES.map((p) => `azure-native:keyvault:Key::data-key-${p}`),
    "azure-native:managedidentity:UserAssignedIdentity::data-encryption-identity",
    "azure-native:authorization:RoleAssignment::data-encryption-identity-grant",
    "azure-native:storage:StorageAccount::data-storage-data",
    "azure-native:storage:BlobServiceProperties::data-storage-data-blob",
    "azure-native:network:PrivateEndpoint::data-storage-data-pe",
    "azure-native:network:PrivateDnsZoneGroup::data-storage-data-pe-dns",
    "azure-native:security:DefenderForStorage::data-storage-data-defender",
].sort();

/** What `protect` covers: everything whose loss loses data or the means to decrypt it. */
const PROTECTED = [
    "data-vault", ...AZURE_KEY_PURPOSES.map((p) => `data-key-${p}`), "data-encryption-identity", "data-storage-data",
].sort();

for (const [stack, env, protect] of [["azure-prod", "prod", true], ["azure-dev", "dev", false]] as const) {
    describe(`zt:azure:Data (${stack})`, () => {
        let graph: CapturedGraph;
        let sub: string;
        before(async () => {
            graph = await stackGraph(stack);
            sub = (byName(graph, "data-key-admin-deploy").inputs["roleDefinitionId"] as string).split("/")[2];
        });
        const prefix = `zt-${env}`;
        const configSub = (JSON.parse(readStackConfig(stack, REPO_ROOT).config["zt-landing-zone:azure"]) as { subscriptionId: string }).subscriptionId;
        const rgName = `${prefix}-data-rg`;
        const vaultName = `${prefix}-kv`;
        const accountName = `zt${env}data`;
        const tags = (extra: Record<string, string> = {}) => ({ ...extra, owner: "platform-team", environment: env, "managed-by": "pulumi" });
        const vaultId = () => `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.KeyVault/vaults/${vaultName}`;
        const accountId = () => `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.Storage/storageAccounts/${accountName}`;
        const roleId = (guid: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;

        it("composes every ARM id in the stack's configured subscription", () => {
            assert.equal(sub, configSub);
        });

        it("declares exactly the resource group, vault, keys, encryption identity, grants and storage account", () => {
            // Sorted: registration order follows when each resource's inputs resolve, not declaration order.
            assert.deepEqual(childrenOf(graph, "zt:azure:Data").map((r) => `${r.type}::${r.name}`).sort(), EXPECTED_CHILDREN);
        });

        it(`protects vault, keys, encryption identity and storage ${protect ? "in prod" : "only in prod (not in dev)"}, nothing else`, () => {
            const children = childrenOf(graph, "zt:azure:Data");
            assert.deepEqual(children.filter((r) => PROTECTED.includes(r.name)).map((r) => r.name).sort(), PROTECTED);
            for (const r of children) assert.equal(r.protect, protect && PROTECTED.includes(r.name), r.name);
        });

        it("puts everything in the data resource group", () => {
            assert.deepEqual(byName(graph, "data-rg").inputs, { resourceGroupName: rgName, location: "westeurope", tags: tags() });
            for (const r of childrenOf(graph, "zt:azure:Data").filter((x) => x.name !== "data-rg" && x.type !== "azure-native:authorization:RoleAssignment" && x.type !== "azure-native:security:DefenderForStorage")) {
                assert.equal(r.inputs["resourceGroupName"], rgName, r.name);
                assert.ok(r.propertyDependencies["resourceGroupName"].includes(byName(graph, "data-rg").urn), r.name);
            }
        });

        it("builds an RBAC, purge-protected, premium vault reachable only through its private endpoint", () => {
            const v = byName(graph, "data-vault").inputs;
            assert.equal(v["vaultName"], vaultName);
            assert.deepEqual(v["tags"], tags({ "data-classification": "confidential" }));
            assert.deepEqual(v["properties"], {
                tenantId: "00000000-0000-4000-8000-0000000000aa",
                sku: { family: "A", name: "premium" },
                enableRbacAuthorization: true,
                enableSoftDelete: true,
                softDeleteRetentionInDays: 90,
                enablePurgeProtection: true,
                publicNetworkAccess: "Disabled",
                networkAcls: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], virtualNetworkRules: [] },
                enabledForDeployment: false,
                enabledForTemplateDeployment: false,
                enabledForDiskEncryption: false,
            });
            assert.equal(v["accessPolicies"], undefined);
        });

        for (const [pe, target, group, zone, endpointName] of [
            ["data-vault-pe", "vault", "vault", "privatelink.vaultcore.azure.net", `${vaultName}-pe`],
            ["data-storage-data-pe", "account", "blob", "privatelink.blob.core.windows.net", `${accountName}-blob-pe`],
        ] as const) {
            it(`connects ${pe} to the ${group} of its target in the private-endpoints subnet and registers it in ${zone}`, () => {
                const e = byName(graph, pe);
                const targetId = target === "vault" ? vaultId() : accountId();
                const targetName = target === "vault" ? "data-vault" : "data-storage-data";
                assert.deepEqual(e.inputs["privateLinkServiceConnections"], [{ name: endpointName, privateLinkServiceId: targetId, groupIds: [group] }]);
                assert.ok(e.propertyDependencies["privateLinkServiceConnections"].includes(byName(graph, targetName).urn));
                assert.equal(e.inputs["privateEndpointName"], endpointName);
                assert.equal(e.inputs["customNetworkInterfaceName"], `${endpointName}-nic`);
                assert.equal(idOf(graph, "azure-native:network:Subnet", (e.inputs["subnet"] as { id: string }).id).name, "network-private-endpoints");
                assert.deepEqual(e.inputs["tags"], tags());

                const dns = byName(graph, `${pe}-dns`);
                assert.equal(dns.inputs["privateEndpointName"], endpointName);
                assert.deepEqual(dns.propertyDependencies["privateEndpointName"], [e.urn]);
                assert.equal(dns.inputs["privateDnsZoneGroupName"], "default");
                const configs = dns.inputs["privateDnsZoneConfigs"] as { name: string; privateDnsZoneId: string }[];
                assert.equal(configs.length, 1);
                assert.equal(configs[0].name, group);
                assert.equal(idOf(graph, "azure-native:privatedns:PrivateZone", configs[0].privateDnsZoneId).inputs["privateZoneName"], zone);
            });
        }

        it("creates one RSA-HSM 3072 key per purpose with scheduled rotation and expiry, after the vault and the administrators' grant", () => {
            for (const purpose of AZURE_KEY_PURPOSES) {
                const k = byName(graph, `data-key-${purpose}`);
                assert.equal(k.inputs["keyName"], purpose);
                assert.equal(k.inputs["vaultName"], vaultName);
                assert.deepEqual(k.propertyDependencies["vaultName"], [byName(graph, "data-vault").urn]);
                assert.ok(k.dependencies.includes(byName(graph, "data-key-admin-deploy").urn), purpose);
                assert.deepEqual(k.inputs["properties"], {
                    kty: "RSA-HSM",
                    keySize: 3072,
                    keyOps: keyOperations(purpose),
                    attributes: { enabled: true, exportable: false },
                    rotationPolicy: keyRotationPolicy(DEFAULT_KEY_ROTATION),
                }, purpose);
                assert.deepEqual(k.inputs["tags"], tags(), purpose);
            }
        });

        it("gives the key administrator (the deploy identity) Crypto Officer on the vault", () => {
            const a = byName(graph, "data-key-admin-deploy");
            assert.deepEqual(a.inputs, {
                roleAssignmentName: stableGuid(`${vaultName}/${KEY_VAULT_ROLES.cryptoOfficer}/admin/deploy`),
                scope: vaultId(),
                roleDefinitionId: roleId("14b46e9e-c2b7-41b4-b07b-48a6ebf60603"),
                // The bootstrap's deploy identity, looked up by name (`<prefix>-deploy` in `<prefix>-deploy-rg`): the offline plan's stand-in principal.
                principalId: offlineGroupId(`${prefix}-deploy-rg/${prefix}-deploy:principal`),
                principalType: "ServicePrincipal",
                description: `Key administrator deploy: manages the ${vaultName} keys`,
            });
            // A lookup, not a resource of this stack: nothing to wait for.
            assert.deepEqual(a.propertyDependencies["principalId"], []);
        });

        it("gives the encryption identity Crypto Service Encryption User on the vault, and nothing else", () => {
            const identity = byName(graph, "data-encryption-identity");
            assert.deepEqual(identity.inputs, { resourceName: `${prefix}-encryption`, resourceGroupName: rgName, location: "westeurope", tags: tags() });
            const g = byName(graph, "data-encryption-identity-grant");
            assert.deepEqual(g.inputs, {
                roleAssignmentName: stableGuid(`${vaultName}/${KEY_VAULT_ROLES.cryptoServiceEncryptionUser}/encryption-identity`),
                scope: vaultId(),
                roleDefinitionId: roleId("e147488a-f6f5-4113-8e2d-b22465e65bf6"),
                principalId: UNKNOWN_SENTINEL,
                principalType: "ServicePrincipal",
                description: `Encryption identity: wraps and unwraps the ${vaultName} keys for CMK`,
            });
            assert.deepEqual(g.propertyDependencies["principalId"], [identity.urn]);
            // Separation of duties: Data grants exactly these two, to different identities.
            const grants = childrenOf(graph, "zt:azure:Data").filter((r) => r.type === "azure-native:authorization:RoleAssignment");
            assert.deepEqual(grants.map((r) => r.name).sort(), ["data-encryption-identity-grant", "data-key-admin-deploy"]);
            assert.notDeepEqual(byName(graph, "data-key-admin-deploy").propertyDependencies["principalId"], g.propertyDependencies["principalId"]);
        });

        it("hardens the storage account: private, Entra-only, TLS 1.2, CMK with the versionless storage key, after the identity's grant", () => {
            const s = byName(graph, "data-storage-data");
            const { encryption, identity, ...rest } = s.inputs as Record<string, unknown>;
            assert.deepEqual(rest, {
                accountName,
                resourceGroupName: rgName,
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
                publicNetworkAccess: "Disabled",
                networkRuleSet: { defaultAction: "Deny", bypass: "None", ipRules: [], virtualNetworkRules: [] },
                tags: tags({ "data-classification": "confidential" }),
            });
            const identityId = "data-encryption-identity-id";
            assert.deepEqual(identity, { type: "UserAssigned", userAssignedIdentities: [identityId] });
            assert.deepEqual(encryption, {
                keySource: "Microsoft.Keyvault",
                keyVaultProperties: { keyVaultUri: `https://${vaultName}.vault.azure.net/`, keyName: "storage" },
                encryptionIdentity: { encryptionUserAssignedIdentity: identityId },
                requireInfrastructureEncryption: true,
                services: {
                    blob: { enabled: true, keyType: "Account" },
                    file: { enabled: true, keyType: "Account" },
                    queue: { enabled: true, keyType: "Account" },
                    table: { enabled: true, keyType: "Account" },
                },
            });
            assert.ok(s.propertyDependencies["encryption"].includes(byName(graph, "data-key-storage").urn));
            assert.ok(s.propertyDependencies["identity"].includes(byName(graph, "data-encryption-identity-grant").urn));
            assert.ok(s.propertyDependencies["encryption"].includes(byName(graph, "data-encryption-identity-grant").urn));
        });

        it("versions blobs and keeps deleted blobs and containers for 30 days", () => {
            const b = byName(graph, "data-storage-data-blob");
            assert.deepEqual(b.inputs, {
                accountName,
                resourceGroupName: rgName,
                blobServicesName: "default",
                isVersioningEnabled: true,
                deleteRetentionPolicy: { enabled: true, days: 30, allowPermanentDelete: false },
                containerDeleteRetentionPolicy: { enabled: true, days: 30 },
            });
            assert.deepEqual(b.propertyDependencies["accountName"], [byName(graph, "data-storage-data").urn]);
        });

        it("turns on Defender for Storage with malware scanning and sensitive-data discovery, overriding the subscription", () => {
            const d = byName(graph, "data-storage-data-defender");
            assert.deepEqual(d.inputs, {
                resourceId: accountId(),
                settingName: "current",
                properties: {
                    isEnabled: true,
                    overrideSubscriptionLevelSettings: true,
                    malwareScanning: { onUpload: { isEnabled: true, capGBPerMonth: 5000 } },
                    sensitiveDataDiscovery: { isEnabled: true },
                },
            });
            assert.ok(d.propertyDependencies["resourceId"].includes(byName(graph, "data-storage-data").urn));
        });

        it("hands Visibility the vault and storage ids it attaches diagnostic settings to", () => {
            const uris = graph.resources.filter((r) => r.type === "azure-native:monitor:DiagnosticSetting").map((r) => r.inputs["resourceUri"]);
            assert.ok(uris.includes(vaultId()), "vault diagnostic setting");
            assert.ok(uris.includes(accountId()), "storage diagnostic setting");
        });
    });
}
