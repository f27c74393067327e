/**
 * zt:k8s:SecureWorkload: (1) the exact Deployment, Service and PodDisruptionBudget the builder
 * emits, its defaults and its validation, (2) each object against kubernetes-models with a broken
 * copy that must fail, (3) the baseline's pod rules checked on the emitted pod (with a broken copy
 * per rule), (4) the component's exact children, props and order in both baseline variants.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Service } from "kubernetes-models/v1/Service";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import type { Manifest } from "../../components/kubernetes/labels";
import { imagePullPolicy, secureWorkloadManifests, type SecureWorkloadArgs } from "../../components/kubernetes/secure-workload-manifests";
import { byName, childrenOf, sortedIds } from "../support/graph-queries";
import { baselineGraph } from "../support/graphs";

const REGISTRY = "europe-west1-docker.pkg.dev/zt-landing-zone-prod/zt-prod-images";
const DIGEST_IMAGE = `${REGISTRY}/app@sha256:${"ab".repeat(32)}`;
const TAG_IMAGE = `${REGISTRY}/app:1.0.0`;
const labelsOf = (environment: string) => ({ owner: "platform-team", environment, "managed-by": "pulumi" });
const RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } };

/** What the baseline passes for the fixture's `app` (test/fixtures/programs/k8s-baseline). */
const fixtureArgs = (variant: "prod" | "dev"): SecureWorkloadArgs => ({
    namespace: "app",
    image: variant === "prod" ? DIGEST_IMAGE : TAG_IMAGE,
    port: 8080,
    replicas: 2,
    serviceAccountName: "app",
    tier: "app",
    labels: labelsOf(variant),
    podLabels: variant === "prod" ? { "zt.pulumi.com/cloud-identity": "true" } : undefined,
    resources: RESOURCES,
    mountServiceAccountToken: false,
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
const copy = <T>(o: T): Json => JSON.parse(JSON.stringify(o));

const selector = { "app.kubernetes.io/name": "app" };
const spread = (topologyKey: string) => ({ maxSkew: 1, topologyKey, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: selector } });
const EXPECTED = {
    deployment: (o: { environment: string; image: string; pull: string; podLabels?: Record<string, string>; port?: string }) => ({
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "app", namespace: "app", labels: { ...labelsOf(o.environment), "app.kubernetes.io/name": "app", "zt.pulumi.com/tier": "app" } },
        spec: {
            replicas: 2,
            selector: { matchLabels: selector },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
            template: {
                metadata: { labels: { ...labelsOf(o.environment), ...o.podLabels, "app.kubernetes.io/name": "app", "zt.pulumi.com/tier": "app" } },
                spec: {
                    serviceAccountName: "app",
                    automountServiceAccountToken: false,
                    enableServiceLinks: false,
                    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "app",
                            image: o.image,
                            imagePullPolicy: o.pull,
                            ports: [{ name: o.port ?? "app", containerPort: 8080, protocol: "TCP" }],
                            securityContext: {
                                allowPrivilegeEscalation: false,
                                privileged: false,
                                readOnlyRootFilesystem: true,
                                runAsNonRoot: true,
                                capabilities: { drop: ["ALL"] },
                                seccompProfile: { type: "RuntimeDefault" },
                            },
                            resources: RESOURCES,
                            volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                            readinessProbe: { tcpSocket: { port: o.port ?? "app" }, periodSeconds: 10 },
                            livenessProbe: { tcpSocket: { port: o.port ?? "app" }, initialDelaySeconds: 15, periodSeconds: 20, failureThreshold: 3 },
                        },
                    ],
                    volumes: [{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }],
                    topologySpreadConstraints: [spread("topology.kubernetes.io/zone"), spread("kubernetes.io/hostname")],
                },
            },
        },
    }),
    service: (environment: string, appProtocol?: string) => ({
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "app", namespace: "app", labels: { ...labelsOf(environment), "app.kubernetes.io/name": "app", "zt.pulumi.com/tier": "app" } },
        spec: {
            type: "ClusterIP",
            selector,
            ports: [{ name: appProtocol ?? "app", port: 8080, targetPort: appProtocol ?? "app", protocol: "TCP", ...(appProtocol ? { appProtocol } : {}) }],
        },
    }),
    disruptionBudget: (environment: string) => ({
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: "app", namespace: "app", labels: { ...labelsOf(environment), "app.kubernetes.io/name": "app", "zt.pulumi.com/tier": "app" } },
        spec: { minAvailable: 1, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: "AlwaysAllow" },
    }),
};
const PROD_DEPLOYMENT = EXPECTED.deployment({ environment: "prod", image: DIGEST_IMAGE, pull: "IfNotPresent", podLabels: { "zt.pulumi.com/cloud-identity": "true" } });
const DEV_DEPLOYMENT = EXPECTED.deployment({ environment: "dev", image: TAG_IMAGE, pull: "Always" });

/**
 * The baseline's pod rules (the brief of issue #7), read on a Deployment: each violation as a
 * message. The policy pack implements them for real; this keeps the helper honest on its own.
 */
const TRUSTED = /^([0-9]{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com|[a-z0-9]+\.azurecr\.io|[a-z0-9-]+-docker\.pkg\.dev)\//;
function podRuleViolations(d: Json): string[] {
    const pod = d.spec.template.spec;
    const out: string[] = [];
    const containers: Json[] = [...(pod.initContainers ?? []), ...pod.containers];
    if (pod.hostNetwork === true || pod.hostPID === true || pod.hostIPC === true) out.push("host namespace");
    if ((pod.volumes ?? []).some((v: Json) => v.hostPath !== undefined)) out.push("hostPath");
    if (pod.automountServiceAccountToken !== false) out.push("token automount");
    const podNonRoot = pod.securityContext?.runAsNonRoot === true;
    const podSeccomp = ["RuntimeDefault", "Localhost"].includes(pod.securityContext?.seccompProfile?.type);
    for (const c of containers) {
        const sc = c.securityContext ?? {};
        if (sc.privileged === true) out.push(`${c.name}: privileged`);
        if (!podNonRoot && sc.runAsNonRoot !== true) out.push(`${c.name}: runAsNonRoot`);
        if (sc.runAsNonRoot === false) out.push(`${c.name}: runAsNonRoot false`);
        if (sc.allowPrivilegeEscalation !== false) out.push(`${c.name}: allowPrivilegeEscalation`);
        if (!(sc.capabilities?.drop ?? []).includes("ALL") || (sc.capabilities?.add ?? []).length > 0) out.push(`${c.name}: capabilities`);
        if (sc.readOnlyRootFilesystem !== true) out.push(`${c.name}: readOnlyRootFilesystem`);
        if (!podSeccomp && !["RuntimeDefault", "Localhost"].includes(sc.seccompProfile?.type)) out.push(`${c.name}: seccomp`);
        if (!c.resources?.limits?.cpu || !c.resources?.limits?.memory) out.push(`${c.name}: limits`);
        if (!TRUSTED.test(c.image)) out.push(`${c.name}: untrusted registry`);
        if (!/@sha256:[a-f0-9]{64}$/.test(c.image)) out.push(`${c.name}: no digest`);
    }
    return out;
}

describe("Kubernetes secure workload: builder", () => {
    it("prod's app: the exact Deployment (digest, IfNotPresent, identity label), Service and PodDisruptionBudget", () => {
        assert.deepEqual(secureWorkloadManifests("app", fixtureArgs("prod")), {
            deployment: PROD_DEPLOYMENT,
            service: EXPECTED.service("prod"),
            disruptionBudget: EXPECTED.disruptionBudget("prod"),
        });
    });

    it("dev's app: a tag is pulled Always; no identity label", () => {
        assert.deepEqual(secureWorkloadManifests("app", fixtureArgs("dev")), {
            deployment: DEV_DEPLOYMENT,
            service: EXPECTED.service("dev"),
            disruptionBudget: EXPECTED.disruptionBudget("dev"),
        });
    });

    it("defaults: two replicas, 100m/128Mi–500m/512Mi, the component's name as ServiceAccount, the namespace as tier, no token", () => {
        const m = secureWorkloadManifests("app", { namespace: "app", image: DIGEST_IMAGE, port: 8080, labels: labelsOf("prod") });
        assert.deepEqual(m.deployment, EXPECTED.deployment({ environment: "prod", image: DIGEST_IMAGE, pull: "IfNotPresent" }));
        assert.deepEqual(m.disruptionBudget, EXPECTED.disruptionBudget("prod"));
    });

    it("one replica: no PodDisruptionBudget (minAvailable 1 would block every drain)", () => {
        const m = secureWorkloadManifests("app", { ...fixtureArgs("prod"), replicas: 1 });
        assert.deepEqual(Object.keys(m).sort(), ["deployment", "service"]);
        assert.equal((m.deployment as Json).spec.replicas, 1);
    });

    it("mountServiceAccountToken: true mounts the token (workloads that call the API), nothing else changes", () => {
        const m = secureWorkloadManifests("app", { ...fixtureArgs("prod"), mountServiceAccountToken: true });
        const expected = copy(PROD_DEPLOYMENT);
        expected.spec.template.spec.automountServiceAccountToken = true;
        assert.deepEqual(m.deployment, expected);
    });

    it("appProtocol names the ports after it and states it on the Service", () => {
        const m = secureWorkloadManifests("app", { ...fixtureArgs("prod"), appProtocol: "http" });
        assert.deepEqual((m.service as Json).spec.ports, [{ name: "http", port: 8080, targetPort: "http", protocol: "TCP", appProtocol: "http" }]);
        const c = (m.deployment as Json).spec.template.spec.containers[0];
        assert.deepEqual([c.ports[0].name, c.readinessProbe.tcpSocket.port, c.livenessProbe.tcpSocket.port], ["http", "http", "http"]);
    });

    it("a caller's labels never override the workload and tier labels the policies select on", () => {
        const hostile = { "app.kubernetes.io/name": "other", "zt.pulumi.com/tier": "data" };
        const m = secureWorkloadManifests("app", { ...fixtureArgs("prod"), labels: { ...labelsOf("prod"), ...hostile }, podLabels: hostile });
        const d = m.deployment as Json;
        for (const labels of [d.metadata.labels, d.spec.template.metadata.labels, (m.service as Json).metadata.labels]) {
            assert.equal(labels["app.kubernetes.io/name"], "app");
            assert.equal(labels["zt.pulumi.com/tier"], "app");
        }
    });

    it("never a LoadBalancer or NodePort, never a host namespace or hostPath", () => {
        const m = secureWorkloadManifests("app", fixtureArgs("prod"));
        assert.equal((m.service as Json).spec.type, "ClusterIP");
        const pod = (m.deployment as Json).spec.template.spec;
        assert.deepEqual([pod.hostNetwork, pod.hostPID, pod.hostIPC], [undefined, undefined, undefined]);
        assert.deepEqual(pod.volumes.map((v: Json) => Object.keys(v).sort()), [["emptyDir", "name"]]);
    });

    it("rejects a bad name, port and replica count together, naming each", () => {
        assert.throws(
            () => secureWorkloadManifests("App_1", { ...fixtureArgs("prod"), port: 70000, replicas: 0 }),
            /^Error: zt:k8s:SecureWorkload App_1: name "App_1" is not a DNS label .*; port 70000 is not in 1–65535; replicas 0 is not a positive integer$/,
        );
    });

    it("imagePullPolicy: IfNotPresent for a digest, Always for a tag or a reference not known yet", () => {
        assert.equal(imagePullPolicy(DIGEST_IMAGE), "IfNotPresent");
        assert.equal(imagePullPolicy(TAG_IMAGE), "Always");
        assert.equal(imagePullPolicy(`${REGISTRY}/app@sha256:abc`), "Always");
        assert.equal(imagePullPolicy(pulumi.output(DIGEST_IMAGE)), "Always");
    });
});

describe("Kubernetes secure workload: schemas", () => {
    const m = secureWorkloadManifests("app", fixtureArgs("prod"));

    it("the Deployment, Service and PodDisruptionBudget are schema-valid", () => {
        new Deployment(m.deployment as never).validate();
        new Service(m.service as never).validate();
        new PodDisruptionBudget(m.disruptionBudget as never).validate();
    });

    it("rejects a broken copy of each", () => {
        const d = copy(m.deployment);
        d.spec.template.spec.containers[0].ports[0].containerPort = "8080";
        assert.throws(() => new Deployment(d).validate());
        const s = copy(m.service);
        s.spec.ports[0].port = "eighty";
        assert.throws(() => new Service(s).validate());
        const p = copy(m.disruptionBudget);
        p.spec.selector = { matchLabels: { "app.kubernetes.io/name": 1 } };
        assert.throws(() => new PodDisruptionBudget(p).validate());
    });
});

describe("Kubernetes secure workload: the baseline's pod rules", () => {
    it("prod's Deployment breaks none", () => {
        assert.deepEqual(podRuleViolations(secureWorkloadManifests("app", fixtureArgs("prod")).deployment), []);
    });

    it("dev's tag breaks only the digest rule (which dev does not enforce)", () => {
        assert.deepEqual(podRuleViolations(secureWorkloadManifests("app", fixtureArgs("dev")).deployment), ["app: no digest"]);
    });

    const breaks: [string, (pod: Json) => void, string][] = [
        ["privileged", (p) => (p.containers[0].securityContext.privileged = true), "app: privileged"],
        ["hostPath", (p) => p.volumes.push({ name: "host", hostPath: { path: "/" } }), "hostPath"],
        ["hostNetwork", (p) => (p.hostNetwork = true), "host namespace"],
        ["escalation", (p) => (p.containers[0].securityContext.allowPrivilegeEscalation = true), "app: allowPrivilegeEscalation"],
        ["NET_ADMIN", (p) => (p.containers[0].securityContext.capabilities.add = ["NET_ADMIN"]), "app: capabilities"],
        ["writable root", (p) => (p.containers[0].securityContext.readOnlyRootFilesystem = false), "app: readOnlyRootFilesystem"],
        ["no limits", (p) => delete p.containers[0].resources.limits, "app: limits"],
        ["token", (p) => (p.automountServiceAccountToken = true), "token automount"],
        ["registry", (p) => (p.containers[0].image = `docker.io/library/app@sha256:${"ab".repeat(32)}`), "app: untrusted registry"],
        ["no seccomp profile", (p) => { delete p.securityContext.seccompProfile; delete p.containers[0].securityContext.seccompProfile; }, "app: seccomp"],
        ["no runAsNonRoot", (p) => { delete p.securityContext.runAsNonRoot; delete p.containers[0].securityContext.runAsNonRoot; }, "app: runAsNonRoot"],
    ];
    for (const [what, mutate, message] of breaks) {
        it(`a copy with ${what} breaks exactly its rule`, () => {
            const d = copy(secureWorkloadManifests("app", fixtureArgs("prod")).deployment);
            mutate(d.spec.template.spec);
            assert.deepEqual(podRuleViolations(d), [message]);
        });
    }
});

for (const variant of ["prod", "dev"] as const) {
    describe(`Kubernetes secure workload: the baseline fixture (${variant})`, () => {
        let graph: CapturedGraph;
        const inputs = (name: string) => byName(graph, name).inputs;
        const deps = (r: CapturedResource) => [...r.dependencies].sort();
        /** The ServiceAccount and every child of the platform components the workload waits for. */
        let expectedDeps: string[];

        before(async () => {
            graph = await baselineGraph(variant);
            const platform = ["zt:k8s:Mesh", "zt:k8s:Admission", "zt:k8s:RuntimeDetection"].filter((t) => graph.resources.some((r) => r.type === t));
            assert.deepEqual(platform, variant === "prod" ? ["zt:k8s:Mesh", "zt:k8s:Admission", "zt:k8s:RuntimeDetection"] : ["zt:k8s:Admission"]);
            expectedDeps = [byName(graph, "kubernetes-sa-app").urn, ...platform.flatMap((t) => childrenOf(graph, t).map((r) => r.urn))].sort();
        });

        it("one SecureWorkload, for app (the only workload with an image), in the baseline", () => {
            const ws = graph.resources.filter((r) => r.type === "zt:k8s:SecureWorkload");
            assert.deepEqual(ws.map((r) => r.name), ["app"]);
            assert.equal(ws[0].parent, byName(graph, "kubernetes").urn);
        });

        it("declares exactly the Deployment, the Service and the PodDisruptionBudget", () => {
            assert.deepEqual(sortedIds(childrenOf(graph, "zt:k8s:SecureWorkload")), [
                "kubernetes:apps/v1:Deployment::app-deployment",
                "kubernetes:core/v1:Service::app-service",
                "kubernetes:policy/v1:PodDisruptionBudget::app-pdb",
            ]);
        });

        it("the objects as captured, each schema-valid", () => {
            // The fixture's app names HTTP methods, so the baseline declares its port as HTTP for the mesh.
            assert.deepEqual(inputs("app-deployment"), variant === "prod"
                ? EXPECTED.deployment({ environment: "prod", image: DIGEST_IMAGE, pull: "IfNotPresent", podLabels: { "zt.pulumi.com/cloud-identity": "true" }, port: "http" })
                : EXPECTED.deployment({ environment: "dev", image: TAG_IMAGE, pull: "Always", port: "http" }));
            assert.deepEqual(inputs("app-service"), EXPECTED.service(variant, "http"));
            assert.deepEqual(inputs("app-pdb"), EXPECTED.disruptionBudget(variant));
            new Deployment(inputs("app-deployment") as never).validate();
            new Service(inputs("app-service") as never).validate();
            new PodDisruptionBudget(inputs("app-pdb") as never).validate();
        });

        it(`the captured Deployment breaks ${variant === "prod" ? "no pod rule" : "only the digest rule"}`, () => {
            assert.deepEqual(podRuleViolations(inputs("app-deployment") as Manifest), variant === "prod" ? [] : ["app: no digest"]);
        });

        it("order: the component and each child after the ServiceAccount and every platform component's objects", () => {
            assert.deepEqual(deps(byName(graph, "app")), expectedDeps);
            for (const child of ["app-deployment", "app-service", "app-pdb"]) assert.deepEqual(deps(byName(graph, child)), expectedDeps, child);
        });
    });
}
