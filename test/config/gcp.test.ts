import { strict as assert } from "assert";
import { PROJECT } from "../../config/stack-file";
import { validateConfigMap, type ConfigIssue } from "../../config/validate";
import { DEFAULT_RESTRICTED_SERVICES } from "../../config/gcp";

const GCP = { project: "acme-zt-prod", region: "europe-west1", organizationId: "123456789012", customerId: "C01abcd2e", groupDomain: "example.com" };

/** A minimal valid GCP intent in wire form; each case changes one thing. */
function base(overrides: Record<string, unknown> = {}, gcp: Record<string, unknown> = {}): Record<string, string> {
    const raw: Record<string, unknown> = {
        cloud: "gcp",
        environment: "prod",
        prefix: "zt",
        owner: "platform-team",
        network: { addressSpace: "10.60.0.0/16" },
        admin: { groups: ["admins", "sre@partner.example.org"] },
        ci: { repository: "example-org/zt-landing-zone" },
        gcp: { ...GCP, ...gcp },
        ...overrides,
    };
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function issuesOf(config: Record<string, string>): ConfigIssue[] {
    const result = validateConfigMap(config);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.issues;
}

function gcpOf(config: Record<string, string>) {
    const result = validateConfigMap(config);
    assert.ok(result.ok && result.intent.cloud === "gcp", result.ok ? "not gcp" : JSON.stringify(result.issues));
    return result.intent.gcp;
}

describe("config validation: the GCP section", () => {
    it("applies every documented GCP default in prod", () => {
        assert.deepEqual(gcpOf(base()), {
            ...GCP,
            policyScope: { kind: "project" },
            allowedLocations: ["in:europe-west1-locations"],
            servicesSlot: 7,
            nat: { enabled: true },
            vpcServiceControls: undefined,
            adminGroups: { admins: "group:admins@example.com", "sre@partner.example.org": "group:sre@partner.example.org" },
            approverGroups: { admins: "group:admins@example.com", "sre@partner.example.org": "group:sre@partner.example.org" },
            auditorGroups: {},
            workloadServiceAccounts: ["app"],
            buckets: { data: { classification: "confidential", retentionDays: 30 } },
            secrets: { app: { accessors: ["app"] } },
            gke: {
                enabled: true,
                releaseChannel: "REGULAR",
                machineType: "e2-standard-4",
                nodes: { min: 1, max: 3 },
                podCidr: "100.64.0.0/14",
                serviceCidr: "100.68.0.0/20",
                authorizedRanges: {},
            },
            lockLogBucket: true,
            alertEmails: [],
        });
    });

    it("resolves the dev defaults from the environment: no NAT, no GKE, VPC-SC in dry run, an unlocked log bucket", () => {
        const gcp = gcpOf(base({ environment: "dev" }, { vpcServiceControls: { accessPolicy: "987654321" } }));
        assert.deepEqual([gcp.nat.enabled, gcp.gke.enabled, gcp.lockLogBucket], [false, false, false]);
        assert.deepEqual(gcp.vpcServiceControls, { accessPolicy: "987654321", dryRun: true, restrictedServices: [...DEFAULT_RESTRICTED_SERVICES], trustedRanges: [] });
    });

    it("enforces the perimeter in prod unless dry run is asked for by name", () => {
        assert.equal(gcpOf(base({}, { vpcServiceControls: { accessPolicy: "987654321" } })).vpcServiceControls?.dryRun, false);
        assert.equal(gcpOf(base({}, { vpcServiceControls: { accessPolicy: "987654321", dryRun: true } })).vpcServiceControls?.dryRun, true);
    });

    it("sets the policies on a folder only with its id", () => {
        assert.deepEqual(gcpOf(base({}, { policyScope: "folder", folderId: "4455667788" })).policyScope, { kind: "folder", folderId: "4455667788" });
        assert.deepEqual(issuesOf(base({}, { policyScope: "folder" })), [{
            path: "zt-landing-zone:gcp.folderId",
            value: "(not set)",
            allowed: 'a numeric folder id when gcp.policyScope is "folder"',
            fix: "set gcp.folderId, or pick another policyScope",
        }]);
        assert.deepEqual(issuesOf(base({}, { folderId: "4455667788" })).map((i) => i.allowed), ['no folder id when gcp.policyScope is "project"']);
    });

    it("rejects a malformed project id and a non-numeric organization id, saying where to find them", () => {
        assert.deepEqual(issuesOf(base({}, { project: "My_Project", organizationId: "organizations/123456789012" })), [
            {
                path: "zt-landing-zone:gcp.project",
                value: '"My_Project"',
                allowed: "6–30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, e.g. acme-zt-prod",
                fix: "not a project id: copy the project ID (not its name or number) from `gcloud projects list`",
            },
            {
                path: "zt-landing-zone:gcp.organizationId",
                value: '"organizations/123456789012"',
                allowed: "digits only, e.g. 123456789012 (no `organizations/` or `folders/` prefix)",
                fix: "not a numeric organization id: copy the organization id from `gcloud organizations list` (ID column)",
            },
        ]);
    });

    it("rejects a customer id that is a domain", () => {
        assert.deepEqual(issuesOf(base({}, { customerId: "example.com" })).map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:gcp.customerId", "C followed by 7–10 letters and digits, e.g. C01abcd2e"],
        ]);
    });

    it("requires the organization, the customer and the group domain", () => {
        const { organizationId: _o, customerId: _c, groupDomain: _g, ...rest } = GCP;
        const config = base();
        config[`${PROJECT}:gcp`] = JSON.stringify(rest);
        assert.deepEqual(issuesOf(config).map((i) => i.path), ["zt-landing-zone:gcp.organizationId", "zt-landing-zone:gcp.customerId", "zt-landing-zone:gcp.groupDomain"]);
    });

    it("keeps the services slot free of tiers", () => {
        assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.60.0.0/16", tiers: { batch: { slot: 7 } } } })), [{
            path: "zt-landing-zone:network.tiers.batch.slot",
            value: "7",
            allowed: "a slot other than the GCP services slot (7), which holds the Private Service Connect endpoint and the GKE control plane",
            fix: 'move tier "batch" to another slot, or set gcp.servicesSlot to a free one',
        }]);
    });

    it("refuses GKE without Cloud NAT, and backwards node bounds", () => {
        assert.deepEqual(issuesOf(base({}, { nat: { enabled: false }, gke: { nodes: { min: 4, max: 2 } } })).map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:gcp.gke.enabled", "false unless gcp.nat.enabled is true"],
            ["zt-landing-zone:gcp.gke.nodes", "min ≤ max"],
        ]);
        assert.equal(gcpOf(base({ environment: "dev" }, { nat: { enabled: false } })).gke.enabled, false);
    });

    it("keeps GKE's pod and service ranges off the address plan, the peers and each other", () => {
        const issues = issuesOf(base(
            { network: { addressSpace: "10.60.0.0/16", peerRanges: { onprem: "100.64.0.0/16" } } },
            { gke: { serviceCidr: "10.60.128.0/20" } },
        ));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:gcp.gke.podCidr", "a range that does not overlap network.peerRanges.onprem (100.64.0.0/16)"],
            ["zt-landing-zone:gcp.gke.serviceCidr", "a range that does not overlap network.addressSpace (10.60.0.0/16)"],
        ]);
        // With GKE off the ranges are never used, so they are not checked.
        assert.equal(gcpOf(base({ environment: "dev", network: { addressSpace: "10.60.0.0/16", peerRanges: { onprem: "100.64.0.0/16" } } })).gke.enabled, false);
    });

    it("rejects secret accessors that are not workload service accounts, and unknown bucket classifications", () => {
        assert.deepEqual(issuesOf(base({}, { secrets: { db: { accessors: ["app", "billing"] } }, buckets: { raw: { classification: "secret" } } })).map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:gcp.secrets.db.accessors[1]", "a workload service account (app)"],
            ["zt-landing-zone:gcp.buckets.raw.classification", "one of the classification levels (public, internal, confidential, restricted)"],
        ]);
    });

    it("rejects tag values GCP labels cannot hold", () => {
        assert.deepEqual(issuesOf(base({ tags: { "cost-center": "Finance/EU" } })).map((i) => [i.path, i.value]), [["zt-landing-zone:tags.cost-center", '"Finance/EU"']]);
    });

    it("rejects tier names whose service account id would pass 30 characters", () => {
        const issues = issuesOf(base({ prefix: "acmecorp", network: { addressSpace: "10.60.0.0/16", tiers: { "payments-batch1": { slot: 3 } } } }));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:network.tiers.payments-batch1", 'a tier name of at most 14 characters on GCP (its service account id "acmecorp-prod-t-payments-batch1" may have 30)'],
        ]);
    });

    it("accepts the repo's GCP stack files", () => {
        for (const env of ["dev", "prod"] as const) {
            const gcp = gcpOf(base({ environment: env }, { project: `zt-landing-zone-${env}`, vpcServiceControls: { accessPolicy: "200000000001" } }));
            assert.equal(gcp.project, `zt-landing-zone-${env}`);
        }
    });
});
