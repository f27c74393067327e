/**
 * zt:k8s:Mesh: (1) the exact objects and Helm values of ./mesh-policies, (2) the Istio objects
 * against @kubernetes-models/istio and the namespace against kubernetes-models, each with a broken
 * copy that must fail, (3) the mesh's exact children, props and dependencies in the baseline
 * fixture's prod variant, and its absence in dev.
 */
import { strict as assert } from "assert";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { AuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication";
import type { Flow } from "../../config/schema";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import type { BaselineWorkload, Manifest } from "../../components/kubernetes/labels";
import {
    allowNothing,
    cniValues,
    flowAuthorization,
    flowMethods,
    flowPrincipals,
    istiodValues,
    meshWideMtls,
    spiffePrincipal,
} from "../../components/kubernetes/mesh-policies";
import { platformNamespace } from "../../components/kubernetes/namespaces";
import { byName, childrenOf, sortedIds } from "../support/graph-queries";
import { baselineGraph } from "../support/graphs";

const LABELS = { owner: "platform-team", environment: "prod", "managed-by": "pulumi" };
const WEB_TO_APP: Flow = { from: "web", to: "app", port: 8080, protocol: "tcp", key: "web-to-app-tcp-8080" };
const APP_TO_DATA: Flow = { from: "app", to: "data", port: 5432, protocol: "tcp", key: "app-to-data-tcp-5432" };
/** The fixture's workloads (test/fixtures/programs/k8s-baseline), images left out: the mesh never reads them. */
const WORKLOADS: Record<string, BaselineWorkload> = {
    app: { tier: "app", port: 8080, replicas: 2, methods: ["GET", "POST"], apiAccess: [] },
    api: { tier: "app", port: 9090, replicas: 2, apiAccess: [{ apiGroups: [""], resources: ["configmaps"], verbs: ["get", "watch"], resourceNames: ["api-settings"] }] },
    web: { tier: "web", port: 8080, replicas: 2, apiAccess: [] },
};
const workload = (tier: string, port: number, methods?: string[]): BaselineWorkload => ({ tier, port, replicas: 2, apiAccess: [], ...(methods ? { methods } : {}) });

const EXPECTED = {
    mtls: (labels: Record<string, string>) => ({
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: "istio-system", labels },
        spec: { mtls: { mode: "STRICT" } },
    }),
    allowNothing: (labels: Record<string, string>) => ({
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "allow-nothing", namespace: "istio-system", labels },
        spec: {},
    }),
    webToApp: (labels: Record<string, string>) => ({
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "web-to-app-tcp-8080", namespace: "app", labels },
        spec: {
            action: "ALLOW",
            selector: { matchLabels: { "zt.pulumi.com/tier": "app" } },
            rules: [{ from: [{ source: { principals: ["cluster.local/ns/web/sa/web"] } }], to: [{ operation: { ports: ["8080"], methods: ["GET", "POST"] } }] }],
        },
    }),
    appToData: (labels: Record<string, string>) => ({
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "app-to-data-tcp-5432", namespace: "data", labels },
        spec: {
            action: "ALLOW",
            selector: { matchLabels: { "zt.pulumi.com/tier": "data" } },
            rules: [{ from: [{ source: { principals: ["cluster.local/ns/app/sa/api", "cluster.local/ns/app/sa/app"] } }], to: [{ operation: { ports: ["5432"] } }] }],
        },
    }),
    istiodValues: {
        pilot: { cni: { enabled: true }, seccompProfile: { type: "RuntimeDefault" } },
        global: { proxy: { privileged: false } },
        meshConfig: {
            rootNamespace: "istio-system",
            trustDomain: "cluster.local",
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            defaultConfig: { holdApplicationUntilProxyStarts: true },
        },
    },
};

describe("Kubernetes mesh: builders", () => {
    it("mesh-wide STRICT mTLS: `default` in the root namespace, the mode written out", () => {
        assert.deepEqual(meshWideMtls(LABELS), EXPECTED.mtls(LABELS));
    });

    it("allow-nothing: an ALLOW policy with an empty spec in the root namespace", () => {
        assert.deepEqual(allowNothing(LABELS), EXPECTED.allowNothing(LABELS));
    });

    it("a SPIFFE principal is <trust domain>/ns/<namespace>/sa/<service account>", () => {
        assert.equal(spiffePrincipal("cluster.local", "web", "web"), "cluster.local/ns/web/sa/web");
        assert.equal(spiffePrincipal("zt.example", "app", "api"), "zt.example/ns/app/sa/api");
    });

    describe("a flow's callers", () => {
        it("every workload of the source tier, by its service account, sorted", () => {
            assert.deepEqual(flowPrincipals(APP_TO_DATA, WORKLOADS, "cluster.local"), ["cluster.local/ns/app/sa/api", "cluster.local/ns/app/sa/app"]);
            assert.deepEqual(flowPrincipals(WEB_TO_APP, WORKLOADS, "cluster.local"), ["cluster.local/ns/web/sa/web"]);
        });

        it("a source tier without declared workloads: any service account of that one namespace, never the whole mesh", () => {
            assert.deepEqual(flowPrincipals({ ...APP_TO_DATA, from: "batch", key: "batch-to-data-tcp-5432" }, WORKLOADS, "cluster.local"), ["cluster.local/ns/batch/sa/*"]);
        });
    });

    describe("a flow's methods", () => {
        it("the methods of the destination workloads serving the flow's port (app on 8080; api on 9090 does not count)", () => {
            assert.deepEqual(flowMethods(WEB_TO_APP, WORKLOADS), ["GET", "POST"]);
        });

        it("their union, deduplicated and sorted, when several serve the port", () => {
            const ws = { a: workload("app", 8080, ["POST", "GET"]), b: workload("app", 8080, ["DELETE", "GET"]) };
            assert.deepEqual(flowMethods(WEB_TO_APP, ws), ["DELETE", "GET", "POST"]);
        });

        it("none (an L4 rule) when one of them lists none, or none serves the port", () => {
            assert.equal(flowMethods(WEB_TO_APP, { a: workload("app", 8080, ["GET"]), b: workload("app", 8080) }), undefined);
            assert.equal(flowMethods(WEB_TO_APP, { a: workload("app", 8080, []) }), undefined);
            assert.equal(flowMethods(APP_TO_DATA, WORKLOADS), undefined);
        });
    });

    describe("a flow's AuthorizationPolicy", () => {
        it("web → app: ALLOW web's service account to the app tier's pods on 8080 with GET and POST", () => {
            assert.deepEqual(flowAuthorization(WEB_TO_APP, WORKLOADS, LABELS), EXPECTED.webToApp(LABELS));
        });

        it("app → data: ALLOW app's and api's service accounts to the data tier on 5432 at L4", () => {
            assert.deepEqual(flowAuthorization(APP_TO_DATA, WORKLOADS, LABELS), EXPECTED.appToData(LABELS));
        });

        it("principals follow the trust domain", () => {
            const m = flowAuthorization(WEB_TO_APP, WORKLOADS, LABELS, "zt.example");
            assert.deepEqual((m?.["spec"] as { rules: { from: { source: { principals: string[] } }[] }[] }).rules[0].from[0].source.principals, ["zt.example/ns/web/sa/web"]);
        });

        it("a UDP flow gets none: sidecars neither capture nor authorize UDP", () => {
            assert.equal(flowAuthorization({ from: "app", to: "data", port: 5353, protocol: "udp", key: "app-to-data-udp-5353" }, WORKLOADS, LABELS), undefined);
        });
    });

    describe("Helm values", () => {
        it("cni: the node's CNI binary directory when given, the chart's default otherwise", () => {
            assert.deepEqual(cniValues({ cniBinDir: "/home/kubernetes/bin" }), { cniBinDir: "/home/kubernetes/bin" });
            assert.deepEqual(cniValues({}), {});
        });

        it("istiod: CNI injection, a seccomp profile, unprivileged sidecars, REGISTRY_ONLY egress, proxy first, the trust domain", () => {
            assert.deepEqual(istiodValues({ trustDomain: "cluster.local" }), EXPECTED.istiodValues);
            assert.deepEqual(istiodValues({ trustDomain: "cluster.local", identityEgress: [] }), EXPECTED.istiodValues);
        });

        it("istiod: the identity endpoints' ranges are not captured by the sidecars (each once)", () => {
            const peers = [
                { key: "metadata", cidr: "169.254.169.254/32", ports: [80] },
                { key: "gke-metadata", cidr: "169.254.169.252/32", ports: [988] },
                { key: "metadata-tls", cidr: "169.254.169.254/32", ports: [443] },
            ];
            assert.deepEqual(istiodValues({ trustDomain: "zt.example", identityEgress: peers }), {
                ...EXPECTED.istiodValues,
                global: { proxy: { privileged: false, excludeIPRanges: "169.254.169.254/32,169.254.169.252/32" } },
                meshConfig: { ...EXPECTED.istiodValues.meshConfig, trustDomain: "zt.example" },
            });
        });
    });
});

/**
 * @kubernetes-models/istio 2.3 models security.istio.io/v1 AuthorizationPolicy but PeerAuthentication
 * only as v1beta1. Istio serves both versions from one CRD schema, so the v1 object is validated
 * as the v1beta1 model with only its apiVersion changed.
 */
const validatePeerAuthentication = (m: Manifest) => new PeerAuthentication({ ...m, apiVersion: "security.istio.io/v1beta1" } as never).validate();
const validateAuthorizationPolicy = (m: Manifest) => new AuthorizationPolicy(m as never).validate();

describe("Kubernetes mesh: schemas", () => {
    it("the istio models ship PeerAuthentication as v1beta1 only (drop the apiVersion rewrite when they ship v1)", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.throws(() => require("@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication"), /Cannot find module/);
    });

    it("the mesh-wide PeerAuthentication is schema-valid", () => validatePeerAuthentication(meshWideMtls(LABELS)));

    for (const [what, m] of [
        ["allow-nothing", allowNothing(LABELS)],
        ["web → app", flowAuthorization(WEB_TO_APP, WORKLOADS, LABELS)!],
        ["app → data", flowAuthorization(APP_TO_DATA, WORKLOADS, LABELS)!],
    ] as const) {
        it(`the ${what} AuthorizationPolicy is schema-valid`, () => validateAuthorizationPolicy(m));
    }

    it("the istio-system namespace is schema-valid", () => {
        new Namespace(platformNamespace("istio-system", { labels: LABELS, podSecurity: "restricted" }) as never).validate();
    });

    it("rejects an unknown mTLS mode", () => {
        assert.throws(() => validatePeerAuthentication({ ...meshWideMtls(LABELS), spec: { mtls: { mode: "STRICTER" } } }));
    });

    it("rejects ports given as numbers and an unknown action", () => {
        const m = flowAuthorization(WEB_TO_APP, WORKLOADS, LABELS)!;
        assert.throws(() => validateAuthorizationPolicy({ ...m, spec: { ...(m["spec"] as object), rules: [{ to: [{ operation: { ports: [8080] } }] }] } }));
        assert.throws(() => validateAuthorizationPolicy({ ...m, spec: { ...(m["spec"] as object), action: "PERMIT" } }));
    });

    it("rejects a namespace label that is not a string", () => {
        const ns = platformNamespace("istio-system", { labels: LABELS, podSecurity: "restricted" });
        assert.throws(() => new Namespace({ ...ns, metadata: { ...ns.metadata, labels: { owner: 7 } } } as never).validate());
    });
});

const REPO = "https://istio-release.storage.googleapis.com/charts";
const release = (name: string, chart: string, namespace: string, values: Record<string, unknown>) => ({
    name,
    chart,
    version: "1.30.4",
    namespace,
    repositoryOpts: { repo: REPO },
    values,
    createNamespace: false,
    atomic: true,
    cleanupOnFail: true,
    timeout: 600,
    compat: "true",
});

describe("Kubernetes mesh: the baseline fixture (prod)", () => {
    let graph: CapturedGraph;
    let urn: (name: string) => string;
    const inputs = (name: string) => byName(graph, name).inputs;
    const deps = (r: CapturedResource) => [...r.dependencies].sort();

    before(async () => {
        graph = await baselineGraph("prod");
        urn = (name) => byName(graph, name).urn;
    });

    it("declares exactly the namespace, three releases, mTLS, allow-nothing and one policy per flow", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:k8s:Mesh")), [
            "kubernetes:core/v1:Namespace::kubernetes-mesh-ns",
            "kubernetes:helm.sh/v3:Release::kubernetes-mesh-istio-base",
            "kubernetes:helm.sh/v3:Release::kubernetes-mesh-istio-cni",
            "kubernetes:helm.sh/v3:Release::kubernetes-mesh-istiod",
            "kubernetes:security.istio.io/v1:AuthorizationPolicy::kubernetes-mesh-allow-nothing",
            "kubernetes:security.istio.io/v1:AuthorizationPolicy::kubernetes-mesh-authz-app-to-data-tcp-5432",
            "kubernetes:security.istio.io/v1:AuthorizationPolicy::kubernetes-mesh-authz-web-to-app-tcp-8080",
            "kubernetes:security.istio.io/v1:PeerAuthentication::kubernetes-mesh-mtls",
        ]);
    });

    it("istio-system: the landing zone's labels and PSA restricted", () => {
        assert.deepEqual(inputs("kubernetes-mesh-ns"), platformNamespace("istio-system", { labels: LABELS, podSecurity: "restricted" }));
    });

    it("the releases: pinned charts from Istio's repository; cni in kube-system with GKE's bin dir; istiod's security values", () => {
        assert.deepEqual(inputs("kubernetes-mesh-istio-base"), release("istio-base", "base", "istio-system", {}));
        assert.deepEqual(inputs("kubernetes-mesh-istio-cni"), release("istio-cni", "cni", "kube-system", { cniBinDir: "/home/kubernetes/bin" }));
        // The fixture's prod identity egress (GKE's metadata endpoints) stays outside the sidecars.
        assert.deepEqual(inputs("kubernetes-mesh-istiod"), release("istiod", "istiod", "istio-system", {
            ...EXPECTED.istiodValues,
            global: { proxy: { privileged: false, excludeIPRanges: "169.254.169.254/32,169.254.169.252/32" } },
        }));
    });

    it("the Istio objects as captured: STRICT mTLS, allow-nothing, and the two flows", () => {
        assert.deepEqual(inputs("kubernetes-mesh-mtls"), EXPECTED.mtls(LABELS));
        assert.deepEqual(inputs("kubernetes-mesh-allow-nothing"), EXPECTED.allowNothing(LABELS));
        assert.deepEqual(inputs("kubernetes-mesh-authz-web-to-app-tcp-8080"), EXPECTED.webToApp(LABELS));
        assert.deepEqual(inputs("kubernetes-mesh-authz-app-to-data-tcp-5432"), EXPECTED.appToData(LABELS));
        validatePeerAuthentication(inputs("kubernetes-mesh-mtls") as Manifest);
        for (const name of ["kubernetes-mesh-allow-nothing", "kubernetes-mesh-authz-web-to-app-tcp-8080", "kubernetes-mesh-authz-app-to-data-tcp-5432"]) {
            validateAuthorizationPolicy(inputs(name) as Manifest);
        }
    });

    it("order: base after its namespace; istiod after base and cni; the policies after istiod (and their tier's namespace)", () => {
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-ns")), []);
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-istio-base")), [urn("kubernetes-mesh-ns")]);
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-istio-cni")), []);
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-istiod")), [urn("kubernetes-mesh-istio-base"), urn("kubernetes-mesh-istio-cni")].sort());
        const meshReady = [urn("kubernetes-mesh-istio-base"), urn("kubernetes-mesh-istiod")];
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-mtls")), [...meshReady].sort());
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-allow-nothing")), [...meshReady].sort());
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-authz-web-to-app-tcp-8080")), [...meshReady, urn("kubernetes-ns-app")].sort());
        assert.deepEqual(deps(byName(graph, "kubernetes-mesh-authz-app-to-data-tcp-5432")), [...meshReady, urn("kubernetes-ns-data")].sort());
    });
});

describe("Kubernetes mesh: the baseline fixture (dev)", () => {
    let graph: CapturedGraph;
    before(async () => {
        graph = await baselineGraph("dev");
    });

    it("has no mesh: no zt:k8s:Mesh, no Istio release, no Istio object", () => {
        assert.deepEqual(graph.resources.filter((r) => r.type === "zt:k8s:Mesh"), []);
        assert.deepEqual(graph.resources.filter((r) => r.type.includes(".istio.io/") || (r.type === "kubernetes:helm.sh/v3:Release" && /istio/.test(String(r.inputs["chart"]) + r.name))).map((r) => r.name), []);
    });
});
