import { strict as assert } from "assert";
import { PROJECT } from "../../config/stack-file";
import { validateConfigMap, type ConfigIssue } from "../../config/validate";

const SUB = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";
const TENANT = "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d";
const PIM = { owner: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", contributor: "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f" };

/** A minimal valid Azure intent in wire form; each case changes one thing. */
function base(overrides: Record<string, unknown> = {}, azure: Record<string, unknown> = {}): Record<string, string> {
    const raw: Record<string, unknown> = {
        cloud: "azure",
        environment: "prod",
        prefix: "zt",
        owner: "platform-team",
        network: { addressSpace: "10.40.0.0/16" },
        admin: { groups: ["admins"] },
        ci: { repository: "example-org/zt-landing-zone" },
        azure: { location: "westeurope", subscriptionId: SUB, tenantId: TENANT, hubAddressSpace: "10.41.0.0/22", pimPolicyNames: PIM, ...azure },
        ...overrides,
    };
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function issuesOf(config: Record<string, string>): ConfigIssue[] {
    const result = validateConfigMap(config);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.issues;
}

describe("config validation: the Azure section", () => {
    it("applies every documented Azure default in prod", () => {
        const result = validateConfigMap(base());
        assert.ok(result.ok && result.intent.cloud === "azure");
        assert.deepEqual(result.intent.azure, {
            location: "westeurope",
            subscriptionId: SUB,
            tenantId: TENANT,
            pimPolicyNames: PIM,
            hubAddressSpace: "10.41.0.0/22",
            privateEndpointSlot: 7,
            policyEnforcement: "deny",
            firewall: { enabled: true, allowedFqdns: [] },
            entra: { manage: true, trustedRanges: [], conditionalAccessState: "enabled" },
            managementGroups: undefined,
            approverGroups: ["admins"],
            auditorGroups: [],
            workloadIdentities: { app: {} },
            allowedImageRegex: undefined,
            storageAccounts: { data: { classification: "confidential" } },
            aks: { enabled: true, version: "1.33", vmSize: "Standard_D4ds_v5", nodes: { min: 2, max: 5 }, upgradeChannel: "patch" },
            lockLogArchive: false,
            alertEmails: [],
        });
    });

    it("resolves the dev defaults from the environment: audit, no firewall, no AKS, tenant objects left to prod", () => {
        const result = validateConfigMap(base({ environment: "dev" }));
        assert.ok(result.ok && result.intent.cloud === "azure");
        const { policyEnforcement, firewall, aks, entra } = result.intent.azure;
        assert.deepEqual([policyEnforcement, firewall.enabled, aks.enabled, entra.manage], ["audit", false, false, false]);
    });

    it("normalises GUIDs to lower case, so the same subscription never looks like two", () => {
        const result = validateConfigMap(base({}, { subscriptionId: SUB.toUpperCase() }));
        assert.ok(result.ok && result.intent.cloud === "azure");
        assert.equal(result.intent.azure.subscriptionId, SUB);
    });

    it("rejects a subscription or tenant id that is not a GUID, saying where to find it", () => {
        assert.deepEqual(issuesOf(base({}, { subscriptionId: "my-subscription", tenantId: "contoso.onmicrosoft.com" })), [
            {
                path: "zt-landing-zone:azure.subscriptionId",
                value: '"my-subscription"',
                allowed: "a GUID, 8-4-4-4-12 hex digits, e.g. 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                fix: "not a subscription id: copy the subscription id from the Azure portal (Subscriptions) or `az account show --query id`",
            },
            {
                path: "zt-landing-zone:azure.tenantId",
                value: '"contoso.onmicrosoft.com"',
                allowed: "a GUID, 8-4-4-4-12 hex digits, e.g. 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                fix: "not a tenant id: copy the tenant id from the Azure portal (Microsoft Entra ID → Overview) or `az account show --query tenantId`",
            },
        ]);
    });

    it("rejects an unknown location, listing the allowed ones", () => {
        const [issue] = issuesOf(base({}, { location: "West Europe" }));
        assert.equal(issue.path, "zt-landing-zone:azure.location");
        assert.match(issue.allowed, /^one of 42 values, e.g. australiacentral/);
    });

    it("rejects a hub range that overlaps the spoke or a peer, or is public", () => {
        const issues = issuesOf(base({ network: { addressSpace: "10.40.0.0/16", peerRanges: { onprem: "10.41.0.0/16" } } }, { hubAddressSpace: "10.40.0.0/22" }));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:azure.hubAddressSpace", "a range that does not overlap network.addressSpace 10.40.0.0/16"],
        ]);
        assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.40.0.0/16", peerRanges: { onprem: "10.41.0.0/16" } } })).map((i) => i.allowed), [
            "a range that does not overlap network.peerRanges.onprem (10.41.0.0/16)",
        ]);
        assert.deepEqual(issuesOf(base({}, { hubAddressSpace: "100.64.0.0/22" })).map((i) => i.path), ["zt-landing-zone:azure.hubAddressSpace"]);
    });

    it("rejects a private-endpoint slot taken by a tier or outside the address space", () => {
        assert.deepEqual(issuesOf(base({}, { privateEndpointSlot: 2 })).map((i) => [i.path, i.fix]), [
            ["zt-landing-zone:azure.privateEndpointSlot", 'pick a slot no tier uses (tier "data" has 2)'],
        ]);
        assert.deepEqual(issuesOf(base({}, { privateEndpointSlot: 9 })).map((i) => i.allowed), ["0 to 7"]);
        const [moved] = issuesOf(base({ network: { addressSpace: "10.40.0.0/16", tiers: { mgmt: { slot: 7 } } } }));
        assert.deepEqual([moved.path, moved.allowed], ["zt-landing-zone:network.tiers.mgmt.slot", "a slot other than the Azure private-endpoint slot (7), which holds the private-endpoints subnet"]);
    });

    it("rejects Azure settings that contradict each other or the environment", () => {
        const issues = issuesOf(base({ admin: { groups: ["admins"], maxElevationMinutes: 480 } }, {
            policyEnforcement: "audit",
            firewall: { enabled: false },
            aks: { nodes: { min: 4, max: 2 } },
            storageAccounts: { logs: {}, data: { classification: "secret" } },
        }));
        assert.deepEqual(issues.map((i) => [i.path, i.value]), [
            ["zt-landing-zone:azure.aks.enabled", "true"],
            ["zt-landing-zone:azure.aks.nodes", '{"min":4,"max":2}'],
            ["zt-landing-zone:azure.policyEnforcement", '"audit"'],
            ["zt-landing-zone:admin.maxElevationMinutes", "480"],
            ["zt-landing-zone:azure.storageAccounts.logs", '"logs"'],
            ["zt-landing-zone:azure.storageAccounts.data.classification", '"secret"'],
        ]);
        assert.match(issues[0].fix, /only egress without a public IP is the hub firewall/);
    });

    it("rejects storage account keys that would not make a valid global name", () => {
        assert.deepEqual(issuesOf(base({}, { storageAccounts: { "data-lake": {}, averyverylongkey: {} } })).map((i) => i.path), [
            "zt-landing-zone:azure.storageAccounts.data-lake",
            "zt-landing-zone:azure.storageAccounts.averyverylongkey",
        ]);
    });

    it("accepts AKS without the firewall in dev only when AKS stays off", () => {
        assert.ok(validateConfigMap(base({ environment: "dev" }, { aks: { enabled: false } })).ok);
        assert.deepEqual(issuesOf(base({ environment: "dev" }, { aks: { enabled: true } })).map((i) => i.path), ["zt-landing-zone:azure.aks.enabled"]);
        assert.ok(validateConfigMap(base({ environment: "dev" }, { aks: { enabled: true }, firewall: { enabled: true } })).ok);
    });
});
