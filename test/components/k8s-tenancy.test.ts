/**
 * The baseline's tenancy: namespaces, quotas, limit ranges, network policies, service accounts and
 * RBAC. (1) every builder's exact manifest, (2) each manifest against its Kubernetes schema, with a
 * broken copy that must fail, (3) the exact tenancy children of zt:k8s:WorkloadBaseline in the
 * fixture's prod and dev variants, and the props of a few of them.
 */
import { strict as assert } from "assert";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { Flow } from "../../config/schema";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { CLOUD_IDENTITY_LABEL, type Manifest } from "../../components/kubernetes/labels";
import { limitRange, platformNamespace, resourceQuota, tenantNamespace } from "../../components/kubernetes/namespaces";
import { defaultDeny, dnsEgress, flowPolicies, identityEgress, meshControlPlaneEgress } from "../../components/kubernetes/network-policies";
import { serviceAccount, workloadRole } from "../../components/kubernetes/rbac";
import { byName, childrenOf, sortedIds } from "../support/graph-queries";
import { baselineGraph } from "../support/graphs";

const LABELS = { owner: "platform-team", environment: "prod", "managed-by": "pulumi" };
const PSA = (level: string) => ({
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": "v1.33",
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/audit-version": "v1.33",
    "pod-security.kubernetes.io/warn": level,
    "pod-security.kubernetes.io/warn-version": "v1.33",
});
const FLOWS: Flow[] = [
    { from: "web", to: "app", port: 8080, protocol: "tcp", key: "web-to-app-tcp-8080" },
    { from: "app", to: "data", port: 5432, protocol: "tcp", key: "app-to-data-tcp-5432" },
];
const QUOTA = { cpu: "8", memory: "16Gi", pods: 50 };
const DEFAULTS = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };
const GKE_SA = "zt-prod-w-app@zt-landing-zone-prod.iam.gserviceaccount.com";
const API_ACCESS = [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "watch"], resourceNames: ["api-settings"] }];

/** What a NetworkPolicy's metadata looks like for these labels. */
const npMeta = (name: string, namespace: string, labels: Record<string, string> = LABELS) => ({ name, namespace, labels });
const np = (name: string, namespace: string, spec: Record<string, unknown>, labels?: Record<string, string>) => ({
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: npMeta(name, namespace, labels),
    spec,
});
const tierPeer = (tier: string) => ({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": tier } }, podSelector: { matchLabels: { "zt.pulumi.com/tier": tier } } });

const EXPECTED = {
    appNamespace: (labels: Record<string, string>, mesh: boolean) => ({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: "app", labels: { ...labels, "zt.pulumi.com/tier": "app", ...PSA("restricted"), ...(mesh ? { "istio-injection": "enabled" } : {}) } },
    }),
    webToAppIn: (labels: Record<string, string>) =>
        np("web-to-app-tcp-8080-in", "app", { podSelector: { matchLabels: { "zt.pulumi.com/tier": "app" } }, policyTypes: ["Ingress"], ingress: [{ from: [tierPeer("web")], ports: [{ port: 8080, protocol: "TCP" }] }] }, labels),
    webToAppOut: (labels: Record<string, string>) =>
        np("web-to-app-tcp-8080-out", "web", { podSelector: { matchLabels: { "zt.pulumi.com/tier": "web" } }, policyTypes: ["Egress"], egress: [{ to: [tierPeer("app")], ports: [{ port: 8080, protocol: "TCP" }] }] }, labels),
    apiRole: (labels: Record<string, string>) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: { name: "api", namespace: "app", labels: { ...labels, "app.kubernetes.io/name": "api" } },
        rules: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "watch"], resourceNames: ["api-settings"] }],
    }),
    apiBinding: (labels: Record<string, string>) => ({
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: { name: "api", namespace: "app", labels: { ...labels, "app.kubernetes.io/name": "api" } },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "api" },
        subjects: [{ kind: "ServiceAccount", name: "api", namespace: "app" }],
    }),
};

describe("Kubernetes tenancy: builders", () => {
    describe("namespaces", () => {
        it("a tier's namespace: the labels, the tier, PSA restricted pinned to v1.33, Istio injection when meshed", () => {
            assert.deepEqual(tenantNamespace("app", { labels: LABELS, meshInjection: true }), EXPECTED.appNamespace(LABELS, true));
            assert.deepEqual(tenantNamespace("app", { labels: LABELS, meshInjection: false }), EXPECTED.appNamespace(LABELS, false));
        });

        it("a caller's label can never weaken the PSA level, the tier or the injection label", () => {
            const hostile = { ...LABELS, "pod-security.kubernetes.io/enforce": "privileged", "zt.pulumi.com/tier": "data", "istio-injection": "disabled" };
            assert.deepEqual(tenantNamespace("app", { labels: hostile, meshInjection: true }).metadata.labels, { ...EXPECTED.appNamespace(LABELS, true).metadata.labels });
        });

        it("a platform namespace states its level in all three modes", () => {
            assert.deepEqual(platformNamespace("falco", { labels: LABELS, podSecurity: "privileged" }), {
                apiVersion: "v1",
                kind: "Namespace",
                metadata: { name: "falco", labels: { ...LABELS, ...PSA("privileged") } },
            });
            assert.deepEqual(platformNamespace("istio-system", { labels: LABELS, podSecurity: "restricted" }).metadata, {
                name: "istio-system",
                labels: { ...LABELS, ...PSA("restricted") },
            });
        });

        it("the quota caps requests and limits at the same value, and pods", () => {
            assert.deepEqual(resourceQuota("app", QUOTA, LABELS), {
                apiVersion: "v1",
                kind: "ResourceQuota",
                metadata: { name: "tenant-quota", namespace: "app", labels: LABELS },
                spec: { hard: { "requests.cpu": "8", "limits.cpu": "8", "requests.memory": "16Gi", "limits.memory": "16Gi", pods: "50" } },
            });
        });

        it("the limit range gives containers default limits and requests", () => {
            assert.deepEqual(limitRange("app", DEFAULTS, LABELS), {
                apiVersion: "v1",
                kind: "LimitRange",
                metadata: { name: "container-defaults", namespace: "app", labels: LABELS },
                spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
            });
        });
    });

    describe("network policies", () => {
        it("default-deny selects every pod and allows nothing either way", () => {
            assert.deepEqual(defaultDeny("web", LABELS), np("default-deny", "web", { podSelector: {}, policyTypes: ["Ingress", "Egress"] }));
        });

        it("allow-dns: every pod to kube-system's kube-dns and node-local-dns pods on 53 UDP and TCP", () => {
            assert.deepEqual(
                dnsEgress("web", LABELS),
                np("allow-dns", "web", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [
                                {
                                    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                                    podSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: ["kube-dns", "node-local-dns"] }] },
                                },
                            ],
                            ports: [
                                { port: 53, protocol: "UDP" },
                                { port: 53, protocol: "TCP" },
                            ],
                        },
                    ],
                }),
            );
        });

        it("one ingress policy at the destination and one egress policy at the source per flow, keyed and named <key>-in/-out", () => {
            const policies = flowPolicies(FLOWS, LABELS);
            assert.deepEqual(
                policies.map((p) => p.key),
                ["web-to-app-tcp-8080-in", "web-to-app-tcp-8080-out", "app-to-data-tcp-5432-in", "app-to-data-tcp-5432-out"],
            );
            for (const p of policies) assert.equal(p.manifest.metadata.name, p.key);
            assert.deepEqual(policies[0].manifest, EXPECTED.webToAppIn(LABELS));
            assert.deepEqual(policies[1].manifest, EXPECTED.webToAppOut(LABELS));
            assert.deepEqual(
                policies[3].manifest,
                np("app-to-data-tcp-5432-out", "app", { podSelector: { matchLabels: { "zt.pulumi.com/tier": "app" } }, policyTypes: ["Egress"], egress: [{ to: [tierPeer("data")], ports: [{ port: 5432, protocol: "TCP" }] }] }),
            );
        });

        it("a UDP flow's ports say UDP", () => {
            const [inbound] = flowPolicies([{ from: "app", to: "data", port: 5353, protocol: "udp", key: "app-to-data-udp-5353" }], LABELS);
            assert.deepEqual((inbound.manifest.spec as { ingress: { ports: unknown }[] }).ingress[0].ports, [{ port: 5353, protocol: "UDP" }]);
        });

        it("no flows, no policies; a flow listed twice is an error naming its key", () => {
            assert.deepEqual(flowPolicies([], LABELS), []);
            assert.throws(() => flowPolicies([FLOWS[0], FLOWS[1], FLOWS[0]], LABELS), /network\.flows: keys \["web-to-app-tcp-8080"\] occur more than once/);
        });

        it("allow-mesh-control-plane: every pod to istiod on 15012 only", () => {
            assert.deepEqual(
                meshControlPlaneEgress("data", LABELS),
                np("allow-mesh-control-plane", "data", {
                    podSelector: {},
                    policyTypes: ["Egress"],
                    egress: [
                        {
                            to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { app: "istiod" } } }],
                            ports: [{ port: 15012, protocol: "TCP" }],
                        },
                    ],
                }),
            );
        });

        it("allow-cloud-identity: one rule per peer (range, exceptions, TCP ports) for the identified pods; none without peers", () => {
            const peers = [
                { key: "metadata", cidr: "169.254.169.254/32", ports: [80] },
                { key: "imds", cidr: "169.254.0.0/16", except: ["169.254.20.10/32"], ports: [80, 443] },
                { key: "empty-except", cidr: "10.0.0.1/32", except: [], ports: [988] },
            ];
            assert.deepEqual(
                identityEgress("app", peers, { [CLOUD_IDENTITY_LABEL]: "true" }, LABELS),
                np("allow-cloud-identity", "app", {
                    podSelector: { matchLabels: { "zt.pulumi.com/cloud-identity": "true" } },
                    policyTypes: ["Egress"],
                    egress: [
                        { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] },
                        { to: [{ ipBlock: { cidr: "169.254.0.0/16", except: ["169.254.20.10/32"] } }], ports: [{ port: 80, protocol: "TCP" }, { port: 443, protocol: "TCP" }] },
                        { to: [{ ipBlock: { cidr: "10.0.0.1/32" } }], ports: [{ port: 988, protocol: "TCP" }] },
                    ],
                }),
            );
            assert.equal(identityEgress("app", [], { [CLOUD_IDENTITY_LABEL]: "true" }, LABELS), undefined);
        });
    });

    describe("service accounts and RBAC", () => {
        it("a ServiceAccount mounts no token and wears its cloud identity annotations", () => {
            const wiring = { serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": GKE_SA }, podLabels: {} };
            assert.deepEqual(serviceAccount("app", "app", wiring, LABELS), {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "app", namespace: "app", labels: { ...LABELS, "app.kubernetes.io/name": "app" }, annotations: { "iam.gke.io/gcp-service-account": GKE_SA } },
                automountServiceAccountToken: false,
            });
        });

        it("without identity (or with no annotations) the ServiceAccount has no annotations field", () => {
            const expected = {
                apiVersion: "v1",
                kind: "ServiceAccount",
                metadata: { name: "web", namespace: "web", labels: { ...LABELS, "app.kubernetes.io/name": "web" } },
                automountServiceAccountToken: false,
            };
            assert.deepEqual(serviceAccount("web", "web", undefined, LABELS), expected);
            assert.deepEqual(serviceAccount("web", "web", { serviceAccountAnnotations: {}, podLabels: { "azure.workload.identity/use": "true" } }, LABELS), expected);
        });

        it("no API access, no Role", () => {
            assert.equal(workloadRole("web", "web", [], LABELS), undefined);
        });

        it("a Role with exactly the workload's rules, bound to its ServiceAccount alone", () => {
            assert.deepEqual(workloadRole("api", "app", API_ACCESS, LABELS), { role: EXPECTED.apiRole(LABELS), binding: EXPECTED.apiBinding(LABELS) });
            const noNames = workloadRole("api", "app", [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }], LABELS);
            assert.deepEqual(noNames?.role.rules, [{ apiGroups: ["apps"], resources: ["deployments"], verbs: ["get", "list"] }]);
        });

        it("rejects a wildcard anywhere and the escalate/bind/impersonate verbs, naming the workload, every field and the fix", () => {
            const bad = [
                { apiGroups: ["*"], resources: ["configmaps"], verbs: ["get"] },
                { apiGroups: [""], resources: ["*"], verbs: ["*", "bind"], resourceNames: ["*"] },
                { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles"], verbs: ["escalate", "impersonate"] },
            ];
            assert.throws(
                () => workloadRole("api", "app", bad, LABELS),
                (e: Error) => {
                    assert.equal(
                        e.message,
                        [
                            'workload "api" asks for Kubernetes API access it may not have:',
                            '- kubernetes.workloads.api.apiAccess[0].apiGroups contains "*": a wildcard grants what does not exist yet; list the exact apiGroups the workload uses',
                            '- kubernetes.workloads.api.apiAccess[1].resources contains "*": a wildcard grants what does not exist yet; list the exact resources the workload uses',
                            '- kubernetes.workloads.api.apiAccess[1].verbs contains "*": a wildcard grants what does not exist yet; list the exact verbs the workload uses',
                            '- kubernetes.workloads.api.apiAccess[1].resourceNames contains "*": a wildcard grants what does not exist yet; list the exact resourceNames the workload uses',
                            '- kubernetes.workloads.api.apiAccess[1].verbs contains ["bind"]: they let the workload grant itself more than it holds; use only get, list, watch, create, update, patch, delete',
                            '- kubernetes.workloads.api.apiAccess[2].verbs contains ["escalate","impersonate"]: they let the workload grant itself more than it holds; use only get, list, watch, create, update, patch, delete',
                        ].join("\n"),
                    );
                    return true;
                },
            );
        });
    });
});

type Validate = (m: Manifest) => void;
const validators: Record<string, Validate> = {
    Namespace: (m) => new Namespace(m as never).validate(),
    ResourceQuota: (m) => new ResourceQuota(m as never).validate(),
    LimitRange: (m) => new LimitRange(m as never).validate(),
    ServiceAccount: (m) => new ServiceAccount(m as never).validate(),
    NetworkPolicy: (m) => new NetworkPolicy(m as never).validate(),
    Role: (m) => new Role(m as never).validate(),
    RoleBinding: (m) => new RoleBinding(m as never).validate(),
};
const validate = (m: Manifest) => {
    const v = validators[m.kind];
    assert.ok(v, `no schema for ${m.kind}`);
    v(m);
};
const clone = <T>(o: T): T => JSON.parse(JSON.stringify(o)) as T;

describe("Kubernetes tenancy: schemas", () => {
    const wiring = { serviceAccountAnnotations: { "iam.gke.io/gcp-service-account": GKE_SA }, podLabels: {} };
    const rbac = workloadRole("api", "app", API_ACCESS, LABELS)!;
    const manifests: Record<string, Manifest> = {
        "tenant namespace": tenantNamespace("app", { labels: LABELS, meshInjection: true }),
        "platform namespace": platformNamespace("falco", { labels: LABELS, podSecurity: "privileged" }),
        quota: resourceQuota("app", QUOTA, LABELS),
        "limit range": limitRange("app", DEFAULTS, LABELS),
        "default deny": defaultDeny("app", LABELS),
        dns: dnsEgress("app", LABELS),
        ...Object.fromEntries(flowPolicies(FLOWS, LABELS).map((p) => [`flow ${p.key}`, p.manifest])),
        "mesh control plane": meshControlPlaneEgress("app", LABELS),
        identity: identityEgress("app", [{ key: "imds", cidr: "169.254.0.0/16", except: ["169.254.20.10/32"], ports: [80] }], { [CLOUD_IDENTITY_LABEL]: "true" }, LABELS)!,
        "service account": serviceAccount("app", "app", wiring, LABELS),
        role: rbac.role,
        "role binding": rbac.binding,
    };

    for (const [what, manifest] of Object.entries(manifests)) {
        it(`${what} (${manifest.kind}) is schema-valid`, () => validate(manifest));
    }

    /** One deliberate break per kind: each must fail, or the check above proves nothing. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each breaker reaches into one kind's own fields
    const broken: [string, Manifest, (m: Record<string, any>) => void, RegExp][] = [
        ["namespace label not a string", manifests["tenant namespace"], (m) => (m.metadata.labels.pods = 50), /labels\/pods must be string/],
        ["quota value not a quantity", manifests.quota, (m) => (m.spec.hard.pods = "fifty"), /hard\/pods must match format "quantity"/],
        ["limit range without a type", manifests["limit range"], (m) => delete m.spec.limits[0].type, /limits\/0 must have required property type/],
        ["service account token flag not a boolean", manifests["service account"], (m) => (m.automountServiceAccountToken = "false"), /automountServiceAccountToken must be boolean/],
        ["network policy with a lower-case protocol", manifests.dns, (m) => (m.spec.egress[0].ports[0].protocol = "udp"), /protocol must be equal to one of the allowed values/],
        ["network policy with an unknown policy type", manifests["default deny"], (m) => (m.spec.policyTypes = ["Everything"]), /policyTypes\/0 must be equal to one of the allowed values/],
        ["network policy without a pod selector", manifests["flow web-to-app-tcp-8080-in"], (m) => delete m.spec.podSelector, /spec must have required property podSelector/],
        ["role rule without verbs", manifests.role, (m) => delete m.rules[0].verbs, /rules\/0 must have required property verbs/],
        ["role binding without a roleRef", manifests["role binding"], (m) => delete m.roleRef, /must have required property roleRef/],
    ];
    for (const [what, manifest, breakIt, message] of broken) {
        it(`rejects a ${what}`, () => {
            const copy = clone(manifest);
            breakIt(copy);
            assert.throws(() => validate(copy), message);
        });
    }
});

const TENANCY_TYPES = [
    "kubernetes:core/v1:Namespace",
    "kubernetes:core/v1:ResourceQuota",
    "kubernetes:core/v1:LimitRange",
    "kubernetes:core/v1:ServiceAccount",
    "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    "kubernetes:rbac.authorization.k8s.io/v1:Role",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
];
const tenancyChildren = (g: CapturedGraph): CapturedResource[] => childrenOf(g, "zt:k8s:WorkloadBaseline").filter((r) => TENANCY_TYPES.includes(r.type));

const TIERS = ["web", "app", "data"];
const perTier = (type: string, thing: string) => TIERS.map((t) => `${type}::kubernetes-${thing}-${t}`);
const NP = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
const COMMON_CHILDREN = [
    ...perTier("kubernetes:core/v1:Namespace", "ns"),
    ...perTier("kubernetes:core/v1:ResourceQuota", "quota"),
    ...perTier("kubernetes:core/v1:LimitRange", "limits"),
    ...perTier(NP, "deny"),
    ...perTier(NP, "dns"),
    `${NP}::kubernetes-flow-web-to-app-tcp-8080-in`,
    `${NP}::kubernetes-flow-web-to-app-tcp-8080-out`,
    `${NP}::kubernetes-flow-app-to-data-tcp-5432-in`,
    `${NP}::kubernetes-flow-app-to-data-tcp-5432-out`,
    "kubernetes:core/v1:ServiceAccount::kubernetes-sa-app",
    "kubernetes:core/v1:ServiceAccount::kubernetes-sa-api",
    "kubernetes:core/v1:ServiceAccount::kubernetes-sa-web",
    "kubernetes:rbac.authorization.k8s.io/v1:Role::kubernetes-role-api",
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding::kubernetes-rolebinding-api",
];

for (const variant of ["prod", "dev"] as const) {
    const labels = { owner: "platform-team", environment: variant, "managed-by": "pulumi" };
    const prod = variant === "prod";

    describe(`Kubernetes tenancy: the baseline fixture (${variant})`, () => {
        let g: CapturedGraph;
        before(async () => {
            g = await baselineGraph(variant);
        });

        it("declares exactly the tenancy children", () => {
            const expected = prod
                ? [...COMMON_CHILDREN, ...perTier(NP, "mesh-egress"), `${NP}::kubernetes-identity-egress-app`]
                : COMMON_CHILDREN;
            assert.deepEqual(sortedIds(tenancyChildren(g)), [...expected].sort());
        });

        it("every tenancy object is schema-valid as captured", () => {
            for (const r of tenancyChildren(g)) validate(r.inputs as Manifest);
        });

        it("the app namespace: landing zone labels, tier, PSA restricted, injection only with the mesh", () => {
            assert.deepEqual(byName(g, "kubernetes-ns-app").inputs, EXPECTED.appNamespace(labels, prod));
        });

        it("the web → app flow: ingress at app from web's pods, egress at web to app's pods, on 8080/TCP", () => {
            assert.deepEqual(byName(g, "kubernetes-flow-web-to-app-tcp-8080-in").inputs, EXPECTED.webToAppIn(labels));
            assert.deepEqual(byName(g, "kubernetes-flow-web-to-app-tcp-8080-out").inputs, EXPECTED.webToAppOut(labels));
        });

        it("the api workload's Role and RoleBinding", () => {
            assert.deepEqual(byName(g, "kubernetes-role-api").inputs, EXPECTED.apiRole(labels));
            assert.deepEqual(byName(g, "kubernetes-rolebinding-api").inputs, EXPECTED.apiBinding(labels));
        });

        it("service accounts mount no token; only prod's app and api wear a GKE identity", () => {
            for (const w of ["app", "api", "web"]) {
                const inputs = byName(g, `kubernetes-sa-${w}`).inputs as Manifest;
                assert.equal(inputs.automountServiceAccountToken, false, w);
                const identified = prod && w !== "web";
                assert.deepEqual(
                    inputs.metadata.annotations,
                    identified ? { "iam.gke.io/gcp-service-account": `zt-prod-w-${w}@zt-landing-zone-prod.iam.gserviceaccount.com` } : undefined,
                    w,
                );
            }
        });

        if (prod) {
            it("the app tier's pods with a cloud identity reach the GKE metadata endpoints, nothing else", () => {
                assert.deepEqual(
                    byName(g, "kubernetes-identity-egress-app").inputs,
                    np("allow-cloud-identity", "app", {
                        podSelector: { matchLabels: { "zt.pulumi.com/cloud-identity": "true" } },
                        policyTypes: ["Egress"],
                        egress: [
                            { to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] },
                            { to: [{ ipBlock: { cidr: "169.254.169.252/32" } }], ports: [{ port: 988, protocol: "TCP" }] },
                        ],
                    }, labels),
                );
            });
        }
    });
}
