/**
 * zt:k8s:RuntimeDetection: (1) the Falco chart's exact values for both outputs (stdout, and
 * Falcosidekick to CloudWatch Logs with no static key), (2) the falco namespace against
 * kubernetes-models with a broken copy that must fail, (3) the component's exact children, props
 * and order in the baseline fixture's prod variant, and its absence in dev.
 */
import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Namespace } from "kubernetes-models/v1/Namespace";
import type { CapturedGraph } from "../../plan/graph";
import { PSA_VERSION } from "../../components/kubernetes/namespaces";
import {
    FALCO_RELEASE_NAME,
    FALCOSIDEKICK_SERVICE_ACCOUNT,
    falcoValues,
    type FalcoOutput,
} from "../../components/kubernetes/runtime-detection";
import { byName, childrenOf, sortedIds } from "../support/graph-queries";
import { baselineGraph } from "../support/graphs";

const LABELS = { owner: "platform-team", environment: "prod", "managed-by": "pulumi" };
const STDOUT: FalcoOutput = { kind: "stdout", collector: "Cloud Logging" };
const CLOUDWATCH: FalcoOutput = { kind: "cloudwatch", region: "eu-west-1", logGroupName: "/zt/prod/eks/falco" };

const EXPECTED = {
    stdoutValues: {
        driver: { kind: "modern_ebpf" },
        podAnnotations: { "zt.pulumi.com/alert-collector": "Cloud Logging" },
        falco: { json_output: true, stdout_output: { enabled: true } },
        falcosidekick: { enabled: false },
    },
    cloudwatchValues: {
        driver: { kind: "modern_ebpf" },
        podAnnotations: { "zt.pulumi.com/alert-collector": "falcosidekick" },
        falco: { json_output: true },
        falcosidekick: {
            enabled: true,
            podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
            securityContext: { allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
            config: { aws: { region: "eu-west-1", cloudwatchlogs: { loggroup: "/zt/prod/eks/falco" } } },
        },
    },
    namespace: (labels: Record<string, string>) => ({
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: "falco",
            labels: {
                ...labels,
                "pod-security.kubernetes.io/enforce": "privileged",
                "pod-security.kubernetes.io/enforce-version": PSA_VERSION,
                "pod-security.kubernetes.io/audit": "privileged",
                "pod-security.kubernetes.io/audit-version": PSA_VERSION,
                "pod-security.kubernetes.io/warn": "privileged",
                "pod-security.kubernetes.io/warn-version": PSA_VERSION,
            },
        },
    }),
};

/** Every key anywhere in a values tree, to show what is absent. */
function keysOf(o: unknown, into: string[] = []): string[] {
    if (o !== null && typeof o === "object" && !pulumi.Output.isInstance(o)) {
        for (const [k, v] of Object.entries(o)) {
            into.push(k);
            keysOf(v, into);
        }
    }
    return into;
}

describe("Kubernetes runtime detection: Falco values", () => {
    it("stdout: the modern eBPF driver, JSON alerts on stdout, the collector named, no Falcosidekick", () => {
        assert.deepEqual(falcoValues(STDOUT), EXPECTED.stdoutValues);
    });

    it("cloudwatch: Falcosidekick on, hardened, writing to the log group in the region", () => {
        assert.deepEqual(falcoValues(CLOUDWATCH), EXPECTED.cloudwatchValues);
    });

    it("cloudwatch: no static AWS key, role ARN or stream anywhere (the Pod Identity serves credentials)", () => {
        const keys = keysOf(falcoValues(CLOUDWATCH));
        for (const forbidden of ["accesskeyid", "secretaccesskey", "rolearn", "externalid", "useirsa", "logstream"]) {
            assert.ok(!keys.includes(forbidden), `${forbidden} must not be set`);
        }
    });

    it("cloudwatch: http_output is left to the chart, which points it at Falcosidekick when enabled", () => {
        assert.deepEqual(Object.keys(falcoValues(CLOUDWATCH)["falco"] as object), ["json_output"]);
    });

    it("cloudwatch: a log group name that is an Output is passed through as given (no apply)", () => {
        const group = pulumi.output("/zt/prod/eks/falco");
        const values = falcoValues({ ...CLOUDWATCH, logGroupName: group }) as { falcosidekick: { config: { aws: { cloudwatchlogs: { loggroup: unknown } } } } };
        assert.equal(values.falcosidekick.config.aws.cloudwatchlogs.loggroup, group);
    });

    it("the Falcosidekick ServiceAccount the AWS side binds is the subchart's fullname for release `falco`, in falco", () => {
        assert.equal(FALCO_RELEASE_NAME, "falco");
        assert.deepEqual(FALCOSIDEKICK_SERVICE_ACCOUNT, { namespace: "falco", name: `${FALCO_RELEASE_NAME}-falcosidekick` });
    });
});

describe("Kubernetes runtime detection: schemas", () => {
    it("the falco namespace (PSA privileged) is schema-valid", () => {
        new Namespace(EXPECTED.namespace(LABELS) as never).validate();
    });

    it("rejects a namespace whose labels are not strings", () => {
        const ns = EXPECTED.namespace(LABELS);
        assert.throws(() => new Namespace({ ...ns, metadata: { ...ns.metadata, labels: { ...ns.metadata.labels, "pod-security.kubernetes.io/enforce": 1 } } } as never).validate());
    });
});

describe("Kubernetes runtime detection: the baseline fixture (prod)", () => {
    let graph: CapturedGraph;
    const inputs = (name: string) => byName(graph, name).inputs;

    before(async () => {
        graph = await baselineGraph("prod");
    });

    it("declares exactly the falco namespace and the falco release", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:k8s:RuntimeDetection")), [
            "kubernetes:core/v1:Namespace::kubernetes-runtime-ns",
            "kubernetes:helm.sh/v3:Release::kubernetes-runtime-falco",
        ]);
        assert.equal(byName(graph, "kubernetes-runtime").parent, byName(graph, "kubernetes").urn);
    });

    it("falco: the landing zone's labels and PSA privileged, stated explicitly", () => {
        assert.deepEqual(inputs("kubernetes-runtime-ns"), EXPECTED.namespace({ ...LABELS, environment: "prod" }));
        new Namespace(inputs("kubernetes-runtime-ns") as never).validate();
    });

    it("the release: the pinned falco chart from falcosecurity's repository, named falco, in falco, alerts to stdout", () => {
        assert.deepEqual(inputs("kubernetes-runtime-falco"), {
            name: "falco",
            chart: "falco",
            version: "9.2.0",
            namespace: "falco",
            repositoryOpts: { repo: "https://falcosecurity.github.io/charts" },
            values: EXPECTED.stdoutValues,
            createNamespace: false,
            compat: "true",
        });
    });

    it("order: the release after its namespace", () => {
        assert.deepEqual(byName(graph, "kubernetes-runtime-ns").dependencies, []);
        assert.deepEqual(byName(graph, "kubernetes-runtime-falco").dependencies, [byName(graph, "kubernetes-runtime-ns").urn]);
    });
});

describe("Kubernetes runtime detection: the baseline fixture (dev)", () => {
    let graph: CapturedGraph;
    before(async () => {
        graph = await baselineGraph("dev");
    });

    it("has no Falco: no zt:k8s:RuntimeDetection, no falco namespace, no falco release", () => {
        assert.deepEqual(graph.resources.filter((r) => r.type === "zt:k8s:RuntimeDetection"), []);
        const falco = graph.resources.filter((r) =>
            (r.type === "kubernetes:core/v1:Namespace" && (r.inputs["metadata"] as { name?: string } | undefined)?.name === "falco") ||
            (r.type === "kubernetes:helm.sh/v3:Release" && r.inputs["chart"] === "falco"));
        assert.deepEqual(falco.map((r) => r.name), []);
    });
});
