import { strict as assert } from "assert";
import { PROJECT } from "../../config/stack-file";
import { validateConfigMap, type ConfigIssue } from "../../config/validate";
import { DEFAULT_CHART_VERSIONS } from "../../config/kubernetes";

const GCP = { project: "acme-zt-prod", region: "europe-west1", organizationId: "123456789012", customerId: "C01abcd2e", groupDomain: "example.com" };
const AZURE = {
    subscriptionId: "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0",
    tenantId: "1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d",
    location: "westeurope",
    hubAddressSpace: "10.41.0.0/22",
    pimPolicyNames: { owner: "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e", contributor: "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f" },
};
const AWS = { region: "eu-west-1" };
const DIGEST = `sha256:${"0".repeat(64)}`;
const SECTIONS: Record<string, Record<string, unknown>> = { aws: AWS, azure: AZURE, gcp: GCP };

/** A minimal valid intent in wire form for one cloud; each case changes one thing. */
function base(opts: { cloud?: string; environment?: string; kubernetes?: unknown; cloudSection?: Record<string, unknown> } = {}): Record<string, string> {
    const cloud = opts.cloud ?? "gcp";
    const raw: Record<string, unknown> = {
        cloud,
        environment: opts.environment ?? "prod",
        prefix: "zt",
        owner: "platform-team",
        network: { addressSpace: "10.60.0.0/16" },
        admin: { groups: ["admins"] },
        ci: { repository: "example-org/zt-landing-zone" },
        [cloud]: { ...SECTIONS[cloud], ...opts.cloudSection },
        ...(opts.kubernetes === undefined ? {} : { kubernetes: opts.kubernetes }),
    };
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function issuesOf(config: Record<string, string>): ConfigIssue[] {
    const result = validateConfigMap(config);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.issues;
}

function k8sOf(config: Record<string, string>) {
    const result = validateConfigMap(config);
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.issues));
    return result.intent.kubernetes;
}

const path = (p: string) => `${PROJECT}:${p}`;

describe("config validation: the Kubernetes section", () => {
    it("applies every documented default in prod, where the cloud builds a cluster", () => {
        assert.deepEqual(k8sOf(base()), {
            enabled: true,
            existingCluster: undefined,
            workloads: { app: { tier: "app", port: 8080, image: undefined, replicas: 2, methods: undefined, apiAccess: [] } },
            quota: { cpu: "8", memory: "16Gi", pods: 50 },
            containerDefaults: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
            mesh: { enabled: true },
            admission: {
                mode: "Enforce",
                trustedRegistries: [],
                signature: { keyless: { issuer: "https://token.actions.githubusercontent.com", subject: "https://github.com/example-org/zt-landing-zone/.github/workflows/*" } },
                requireDigest: true,
            },
            runtimeDetection: { enabled: true },
            charts: { ...DEFAULT_CHART_VERSIONS },
        });
    });

    it("in dev the baseline is off (no cluster), and would audit without a mesh or digests", () => {
        const k = k8sOf(base({ environment: "dev" }));
        assert.equal(k.enabled, false);
        assert.deepEqual(k.mesh, { enabled: false });
        assert.equal(k.admission.mode, "Audit");
        assert.equal(k.admission.requireDigest, false);
    });

    for (const cloud of ["aws", "azure", "gcp"]) {
        it(`follows ${cloud}'s cluster switch`, () => {
            const key = { aws: "eks", azure: "aks", gcp: "gke" }[cloud]!;
            assert.equal(k8sOf(base({ cloud, cloudSection: { [key]: { enabled: false } } })).enabled, false);
            assert.equal(k8sOf(base({ cloud })).enabled, true);
        });
    }

    it("runs on an existing cluster when one is named, on AWS without an issuer", () => {
        const existing = { kubeconfig: "~/.kube/config", context: "shared-eks", name: "shared-eks" };
        const k = k8sOf(base({ cloud: "aws", environment: "dev", kubernetes: { existingCluster: existing } }));
        assert.equal(k.enabled, true);
        assert.deepEqual(k.existingCluster, existing);
    });

    it("rejects an existing cluster next to the stack's own, and an enabled baseline without any cluster", () => {
        const existing = { kubeconfig: "kc", context: "c", name: "c" };
        assert.deepEqual(issuesOf(base({ kubernetes: { existingCluster: existing } })), [{
            path: path("kubernetes.existingCluster"),
            value: '"c"',
            allowed: "no existing cluster while the stack builds its own (gcp.gke.enabled is on)",
            fix: "remove kubernetes.existingCluster, or set gcp.gke.enabled: false",
        }]);
        assert.deepEqual(issuesOf(base({ environment: "dev", kubernetes: { enabled: true } })), [{
            path: path("kubernetes.enabled"),
            value: "true",
            allowed: "true only when there is a cluster to run on",
            fix: "turn the stack's cluster on (gcp.gke.enabled: true) or set kubernetes.existingCluster",
        }]);
    });

    it("requires the OIDC issuer of an existing AKS cluster, and refuses one elsewhere", () => {
        const existing = { kubeconfig: "kc", context: "c", name: "c" };
        const azure = issuesOf(base({ cloud: "azure", environment: "dev", kubernetes: { existingCluster: existing } }));
        assert.deepEqual(azure.map((i) => i.path), [path("kubernetes.existingCluster.oidcIssuerUrl")]);
        const gcp = issuesOf(base({ environment: "dev", kubernetes: { existingCluster: { ...existing, oidcIssuerUrl: "https://issuer.example" } } }));
        assert.deepEqual(gcp.map((i) => [i.path, i.allowed]), [[path("kubernetes.existingCluster.oidcIssuerUrl"), "no OIDC issuer URL outside Azure"]]);
    });

    it("places workloads only in known tiers, and only with a cloud identity on Azure and GCP", () => {
        const issues = issuesOf(base({ kubernetes: { workloads: { app: { tier: "app" }, api: { tier: "backend" } } } }));
        assert.deepEqual(issues, [
            { path: path("kubernetes.workloads.api.tier"), value: '"backend"', allowed: "one of the tiers (web, app, data)", fix: "pick a tier, or add it under network.tiers" },
            {
                path: path("kubernetes.workloads.api"),
                value: '"api"',
                allowed: "a workload with a gcp identity (gcp.workloadServiceAccounts: app)",
                fix: 'add "api" to gcp.workloadServiceAccounts, so the workload authenticates to the cloud without a key',
            },
        ]);
        // AWS creates a Pod Identity role per workload itself.
        assert.ok(k8sOf(base({ cloud: "aws", kubernetes: { workloads: { api: { tier: "app" } } } })).workloads["api"]);
        assert.ok(k8sOf(base({ cloud: "azure", cloudSection: { workloadIdentities: { api: {} } }, kubernetes: { workloads: { api: { tier: "app" } } } })).workloads["api"]);
    });

    it("keeps Istio's ports free while the mesh is on", () => {
        const issues = issuesOf(base({ kubernetes: { workloads: { app: { tier: "app", port: 15001 } } } }));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [[path("kubernetes.workloads.app.port"), "a port outside 15000–15090 (Istio's sidecar owns them)"]]);
        assert.equal(k8sOf(base({ kubernetes: { mesh: { enabled: false }, workloads: { app: { tier: "app", port: 15001 } } } })).workloads["app"].port, 15001);
    });

    it("requires digests in prod, and accepts tags where digests are not required", () => {
        const issues = issuesOf(base({ kubernetes: { workloads: { app: { tier: "app", image: "app:1.2.3" } } } }));
        assert.deepEqual(issues.map((i) => [i.path, i.value]), [[path("kubernetes.workloads.app.image"), '"app:1.2.3"']]);
        assert.equal(k8sOf(base({ kubernetes: { workloads: { app: { tier: "app", image: `app@${DIGEST}` } } } })).workloads["app"].image, `app@${DIGEST}`);
        assert.equal(k8sOf(base({ environment: "dev", kubernetes: { workloads: { app: { tier: "app", image: "app:1.2.3" } } } })).workloads["app"].image, "app:1.2.3");
    });

    it("refuses chart ranges, wildcard RBAC and unknown keys, naming each", () => {
        const issues = issuesOf(base({
            kubernetes: {
                charts: { istio: "^1.30" },
                workloads: { app: { tier: "app", apiAccess: [{ apiGroups: [""], resources: ["*"], verbs: ["*"] }] } },
                meshh: {},
            },
        }));
        const paths = issues.map((i) => i.path);
        assert.ok(paths.includes(path("kubernetes.charts.istio")), paths.join());
        assert.ok(paths.includes(path("kubernetes.workloads.app.apiAccess[0].resources[0]")), paths.join());
        assert.ok(paths.includes(path("kubernetes.workloads.app.apiAccess[0].verbs[0]")), paths.join());
        assert.ok(paths.some((p) => p.startsWith(path("kubernetes"))) && issues.length >= 4, JSON.stringify(issues));
    });

    it("takes a cosign public key instead of the keyless default", () => {
        const publicKey = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
        assert.deepEqual(k8sOf(base({ kubernetes: { admission: { signature: { publicKey } } } })).admission.signature, { publicKey });
    });
});
