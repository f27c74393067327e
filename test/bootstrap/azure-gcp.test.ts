/**
 * The bootstrap program's `azure` and `gcp` stacks, captured once each from their stack files:
 * the exact resources, the provider pinned to the configured subscription or project, the root's
 * mandatory tags or labels on every taggable resource, and exactly which resources are protected.
 * What each StateBackend declares in detail is tested with the components
 * (test/components/{azure,gcp}-state-backend.test.ts); this is the program's wiring of them.
 */
import { strict as assert } from "assert";
import { byName, sortedIds } from "../support/graph-queries";
import { bootstrapGraph, deployIdentitySide } from "../support/graphs";
import { TAGGABLE_TYPES } from "../../components/shared/tags";
import type { CapturedGraph } from "../../plan/graph";

/** Everything but the deploy identities and their per-environment providers (test/bootstrap/deploy-identities.test.ts). */
const stateSide = (g: CapturedGraph) => g.resources.filter((r) => !deployIdentitySide(g).includes(r));

const MANDATORY = { owner: "platform-team", environment: "bootstrap", "managed-by": "pulumi" };

interface Expected {
    provider: { type: string; name: string; inputs: Record<string, unknown> };
    resources: string[];
    protected: string[];
}

const EXPECTED: Record<"azure" | "gcp", Expected> = {
    azure: {
        provider: {
            type: "pulumi:providers:azure-native",
            name: "azure",
            inputs: { location: "westeurope", subscriptionId: "00000000-0000-4000-8000-000000000002", tenantId: "00000000-0000-4000-8000-0000000000aa" },
        },
        resources: [
            "azure-native:authorization:RoleAssignment::state-deployer-dev-deploy-identity-secrets",
            "azure-native:authorization:RoleAssignment::state-deployer-dev-deploy-identity-state",
            "azure-native:authorization:RoleAssignment::state-deployer-prod-deploy-identity-secrets",
            "azure-native:authorization:RoleAssignment::state-deployer-prod-deploy-identity-state",
            "azure-native:authorization:RoleAssignment::state-encryption-identity-grant",
            "azure-native:authorization:RoleAssignment::state-key-admin-platform-admins",
            "azure-native:keyvault:Key::state-key-dev",
            "azure-native:keyvault:Key::state-key-prod",
            "azure-native:keyvault:Key::state-key-storage",
            "azure-native:keyvault:Vault::state-vault",
            "azure-native:managedidentity:UserAssignedIdentity::state-encryption-identity",
            "azure-native:monitor:DiagnosticSetting::state-account-blob-diagnostics",
            "azure-native:monitor:DiagnosticSetting::state-account-diagnostics",
            "azure-native:monitor:DiagnosticSetting::state-vault-diagnostics",
            "azure-native:network:PrivateDnsZoneGroup::state-account-pe-dns",
            "azure-native:network:PrivateDnsZoneGroup::state-vault-pe-dns",
            "azure-native:network:PrivateEndpoint::state-account-pe",
            "azure-native:network:PrivateEndpoint::state-vault-pe",
            "azure-native:operationalinsights:Workspace::state-workspace",
            "azure-native:resources:ResourceGroup::state-rg",
            "azure-native:storage:BlobContainer::state-container-dev",
            "azure-native:storage:BlobContainer::state-container-prod",
            "azure-native:storage:BlobServiceProperties::state-account-blob",
            "azure-native:storage:StorageAccount::state-account",
            "pulumi:providers:azure-native::azure",
            "zt:azure:Bootstrap::zt",
            "zt:azure:StateBackend::state",
        ],
        protected: [
            "state-account", "state-container-dev", "state-container-prod", "state-encryption-identity",
            "state-key-dev", "state-key-prod", "state-key-storage", "state-vault", "state-workspace",
        ],
    },
    gcp: {
        provider: { type: "pulumi:providers:gcp", name: "gcp", inputs: { project: "zt-landing-zone-prod", region: "europe-west1" } },
        resources: [
            "gcp:dataloss/preventionInspectTemplate:PreventionInspectTemplate::state-dlp-template",
            "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger::state-dlp-dev",
            "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger::state-dlp-prod",
            "gcp:kms/cryptoKey:CryptoKey::state-key-dev-secrets",
            "gcp:kms/cryptoKey:CryptoKey::state-key-dev-state",
            "gcp:kms/cryptoKey:CryptoKey::state-key-prod-secrets",
            "gcp:kms/cryptoKey:CryptoKey::state-key-prod-state",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::state-key-dev-secrets-deploy-identity",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::state-key-dev-state-user",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::state-key-prod-secrets-deploy-identity",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::state-key-prod-state-user",
            "gcp:kms/keyRing:KeyRing::state-keyring",
            "gcp:projects/serviceIdentity:ServiceIdentity::state-agent-dlp",
            "gcp:storage/bucket:Bucket::state-bucket-dev",
            "gcp:storage/bucket:Bucket::state-bucket-prod",
            "gcp:storage/bucketIAMMember:BucketIAMMember::state-bucket-dev-deploy-identity",
            "gcp:storage/bucketIAMMember:BucketIAMMember::state-bucket-prod-deploy-identity",
            "gcp:storage/bucketIAMMember:BucketIAMMember::state-dlp-dev-read",
            "gcp:storage/bucketIAMMember:BucketIAMMember::state-dlp-prod-read",
            "pulumi:providers:gcp::gcp",
            "zt:gcp:Bootstrap::zt",
            "zt:gcp:StateBackend::state",
        ],
        protected: [
            "state-bucket-dev", "state-bucket-prod", "state-key-dev-secrets", "state-key-dev-state",
            "state-key-prod-secrets", "state-key-prod-state", "state-keyring",
        ],
    },
};

for (const cloud of ["azure", "gcp"] as const) {
    describe(`bootstrap: the ${cloud} stack`, () => {
        const expected = EXPECTED[cloud];
        let g: CapturedGraph;
        before(async () => {
            g = await bootstrapGraph(cloud);
        });

        it("declares exactly the root, the pinned provider and the StateBackend's resources, besides the deploy identities", () => {
            assert.deepEqual(sortedIds(stateSide(g)), expected.resources);
            const backend = byName(g, "state");
            assert.deepEqual([backend.type, backend.parent], [`zt:${cloud}:StateBackend`, byName(g, "zt").urn]);
        });

        it("pins the provider to the configured subscription or project and uses it for every resource", () => {
            const provider = byName(g, expected.provider.name);
            assert.equal(provider.type, expected.provider.type);
            for (const [key, value] of Object.entries(expected.provider.inputs)) assert.equal(provider.inputs[key], value, key);
            for (const r of stateSide(g).filter((x) => x.custom && x !== provider)) assert.equal(r.provider, `${provider.urn}::${expected.provider.name}-id`, r.name);
        });

        it("protects exactly the vault or key ring, the keys, the storage and its identity", () => {
            assert.deepEqual(g.resources.filter((r) => r.protect).map((r) => r.name).sort(), expected.protected);
        });

        it("carries the mandatory tags or labels on every taggable resource, environment \"bootstrap\"", () => {
            const taggable = g.resources.filter((r) => TAGGABLE_TYPES[r.type]);
            assert.ok(taggable.length >= 3, "the vault, account and keys (or buckets and keys) are taggable");
            for (const r of taggable) {
                const tags = r.inputs[TAGGABLE_TYPES[r.type]] as Record<string, string>;
                assert.deepEqual({ owner: tags.owner, environment: tags.environment, "managed-by": tags["managed-by"] }, MANDATORY, r.name);
            }
        });
    });
}
