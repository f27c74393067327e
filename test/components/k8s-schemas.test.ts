/**
 * Every Kubernetes object the landing zone declares, validated against its schema: core and
 * apps objects with kubernetes-models, Istio objects with @kubernetes-models/istio, Kyverno
 * ClusterPolicies with the JSON Schema of the fields we use. Walks whole graphs (the baseline
 * fixture and the prod stacks), so an object added later is checked without touching this file.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { baselineGraph, REPO_ROOT, stackGraph } from "../support/graphs";

type Validator = (object: Record<string, unknown>) => void;

const ISTIO_V1_AS_V1BETA1 = new Set(["security.istio.io/v1:PeerAuthentication"]);

/** `kubernetes:<group>/<version>:<Kind>` → the module that models it, or undefined for kinds validated elsewhere. */
export function schemaModule(type: string): string | undefined {
    const m = /^kubernetes:(?:(.+)\/)?([^/:]+):([A-Za-z]+)$/.exec(type);
    if (!m) return undefined;
    const [, group, version, kind] = m;
    if (group === "helm.sh") return undefined;
    if (group?.endsWith(".istio.io")) {
        // Istio 1.22 promoted PeerAuthentication to v1 with the v1beta1 schema unchanged; the models
        // of 2.3 (the last line on Node 20) predate that, so v1 objects are checked against v1beta1.
        const modelled = ISTIO_V1_AS_V1BETA1.has(`${group}/${version}:${kind}`) ? "v1beta1" : version;
        return `@kubernetes-models/istio/${group}/${modelled}/${kind}`;
    }
    if (group === "kyverno.io") return undefined;
    return `kubernetes-models/${group === "core" || group === undefined ? "" : `${group}/`}${version}/${kind}`;
}

/** A validator for a type; throws when the type has no schema at all (a new kind must get one). */
function validatorFor(type: string): Validator {
    if (type === "kubernetes:kyverno.io/v1:ClusterPolicy") return kyvernoValidator();
    const module = schemaModule(type);
    assert.ok(module, `${type} has no schema: add it to schemaModule`);
    const kind = module.split("/").pop()!;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Model = (require(module) as Record<string, new (o: Record<string, unknown>) => { validate(): void }>)[kind];
    assert.ok(Model, `${module} exports ${kind}`);
    const modelled = /\/(v1beta1)\/[A-Za-z]+$/.exec(module) && !type.includes("/v1beta1:") ? module.split("/").slice(-3, -1).join("/") : undefined;
    // The object keeps its own apiVersion everywhere else; only the model's own constant is swapped in.
    return (object) => new Model(modelled ? { ...object, apiVersion: modelled } : object).validate();
}

let kyverno: Validator | undefined;
function kyvernoValidator(): Validator {
    if (!kyverno) {
        const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test", "support", "kyverno-clusterpolicy.schema.json"), "utf8")) as object;
        const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
        kyverno = (object) => assert.ok(validate(object), JSON.stringify(validate.errors));
    }
    return kyverno;
}

/** The object as the API server would receive it: the captured inputs (apiVersion and kind included). */
function objectOf(r: CapturedResource): Record<string, unknown> {
    const [, apiVersion, kind] = /^kubernetes:(?:core\/)?(.+):([A-Za-z]+)$/.exec(r.type)!;
    return { apiVersion, kind, ...r.inputs };
}

const kubernetesObjects = (g: CapturedGraph) => g.resources.filter((r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release");

describe("Kubernetes objects: schemas", () => {
    it("maps type tokens to the modules that model them", () => {
        assert.equal(schemaModule("kubernetes:core/v1:Namespace"), "kubernetes-models/v1/Namespace");
        assert.equal(schemaModule("kubernetes:apps/v1:Deployment"), "kubernetes-models/apps/v1/Deployment");
        assert.equal(schemaModule("kubernetes:networking.k8s.io/v1:NetworkPolicy"), "kubernetes-models/networking.k8s.io/v1/NetworkPolicy");
        assert.equal(schemaModule("kubernetes:security.istio.io/v1:PeerAuthentication"), "@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication");
        assert.equal(schemaModule("kubernetes:security.istio.io/v1:AuthorizationPolicy"), "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy");
        assert.equal(schemaModule("kubernetes:helm.sh/v3:Release"), undefined);
    });

    it("rejects a broken object, so the walk below can fail", () => {
        const validate = validatorFor("kubernetes:core/v1:Namespace");
        assert.throws(() => validate({ apiVersion: "v1", kind: "Namespace", metadata: { name: 7 } }));
        assert.throws(() => validatorFor("kubernetes:networking.k8s.io/v1:NetworkPolicy")({
            apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x" }, spec: { podSelector: {}, policyTypes: "Ingress" },
        }));
        // The v1 → v1beta1 fallback still judges the spec, and accepts the v1 apiVersion we emit.
        const peer = validatorFor("kubernetes:security.istio.io/v1:PeerAuthentication");
        const strict = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default", namespace: "istio-system" }, spec: { mtls: { mode: "STRICT" } } };
        peer(strict);
        assert.throws(() => peer({ ...strict, spec: { mtls: { mode: "STRICTEST" } } }));
    });

    for (const [label, graph] of [
        ["the baseline fixture (prod)", () => baselineGraph("prod")],
        ["the baseline fixture (dev)", () => baselineGraph("dev")],
        ["aws-prod", () => stackGraph("aws-prod")],
        ["azure-prod", () => stackGraph("azure-prod")],
        ["gcp-prod", () => stackGraph("gcp-prod")],
    ] as const) {
        describe(label, () => {
            let objects: CapturedResource[];
            before(async () => {
                objects = kubernetesObjects(await graph());
            });
            it("declares Kubernetes objects", () => assert.ok(objects.length > 10, `${objects.length} objects`));
            it("emits only objects valid against their schema", () => {
                const failures: string[] = [];
                for (const r of objects) {
                    try {
                        validatorFor(r.type)(objectOf(r));
                    } catch (e) {
                        failures.push(`${r.type}::${r.name}: ${(e as Error).message.slice(0, 300)}`);
                    }
                }
                assert.deepEqual(failures, []);
            });
        });
    }
});
