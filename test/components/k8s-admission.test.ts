/**
 * zt:k8s:Admission: the exact ClusterPolicies each builder emits (Audit and Enforce, key and
 * keyless signers), their validity against the JSON Schema of the Kyverno fields we use, the
 * Kyverno chart's values, and the component's children in both variants of the baseline fixture.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import {
    attestorEntry,
    disallowPrivileged,
    registryGlobs,
    requireImageDigest,
    requirePodSecurityContext,
    requireResourceLimits,
    restrictImageRegistries,
    verifyImageSignatures,
    type PolicyOptions,
} from "../../components/kubernetes/kyverno-policies";
import { kyvernoValues } from "../../components/kubernetes/admission";
import { platformNamespace } from "../../components/kubernetes/namespaces";
import { GITHUB_OIDC_ISSUER, repositorySigner, type ImageSignature } from "../../config/kubernetes";
import type { Manifest } from "../../components/kubernetes/labels";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { childrenOf, sortedIds } from "../support/graph-queries";
import { baselineGraph, REPO_ROOT } from "../support/graphs";

const LABELS = { owner: "platform-team", environment: "prod", "managed-by": "pulumi" };
const EXCLUDED = ["kube-system", "kube-public", "kube-node-lease", "istio-system", "kyverno", "falco"];
const REGISTRY = "europe-west1-docker.pkg.dev/zt-landing-zone-prod/zt-prod-images";
const ECR = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
const PEM = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampleexampleexample\n-----END PUBLIC KEY-----\n";
const SIGNER = "https://github.com/example-org/zero-trust-landing-zone/.github/workflows/*";
const KEYLESS: ImageSignature = { keyless: { issuer: GITHUB_OIDC_ISSUER, subject: SIGNER } };
const ENFORCE: PolicyOptions = { labels: LABELS, mode: "Enforce", excludedNamespaces: EXCLUDED };
const AUDIT: PolicyOptions = { ...ENFORCE, mode: "Audit" };

const MATCH = { any: [{ resources: { kinds: ["Pod"] } }] };
const EXCLUDE = { any: [{ resources: { namespaces: EXCLUDED } }] };
const meta = (name: string, description: string) => ({
    name,
    labels: LABELS,
    annotations: { "policies.kyverno.io/subject": "Pod", "policies.kyverno.io/description": description },
});
const policy = (name: string, description: string, spec: Record<string, unknown>) => ({ apiVersion: "kyverno.io/v1", kind: "ClusterPolicy", metadata: meta(name, description), spec: { background: true, ...spec } });
const validate = (name: string, message: string, check: Record<string, unknown>, mode = "Enforce") => ({ name, match: MATCH, exclude: EXCLUDE, validate: { failureAction: mode, message, ...check } });
/** The same object in Audit: every failure action Audit, every webhook ignoring failures. Nothing else may differ. */
function inAudit<T>(o: T): T {
    return JSON.parse(JSON.stringify(o), (k, v) => (k === "failureAction" ? "Audit" : k === "failurePolicy" ? "Ignore" : v)) as T;
}

/** Deep, untyped access to copies the tests break on purpose, and to rules read back from the graph. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let ajv: Ajv;
const schemaErrors = (object: unknown): string[] => {
    const validateFn = ajv.getSchema("clusterpolicy")!;
    return validateFn(object) ? [] : (validateFn.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
};

describe("zt:k8s:Admission", () => {
    before(() => {
        const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "test", "support", "kyverno-clusterpolicy.schema.json"), "utf8")) as object;
        // The same options as the schema walk over whole graphs (k8s-schemas.test.ts).
        ajv = new Ajv({ allErrors: true, strict: false });
        ajv.addSchema(schema, "clusterpolicy");
    });

    describe("zt-verify-image-signatures", () => {
        const KEYLESS_ENTRY = { keyless: { issuer: "https://token.actions.githubusercontent.com", subject: SIGNER, rekor: { url: "https://rekor.sigstore.dev" } } };
        const keylessEnforce = policy("zt-verify-image-signatures", "Images from the trusted registries must be signed (cosign) by the landing zone's signer.", {
            webhookConfiguration: { failurePolicy: "Fail", timeoutSeconds: 30 },
            rules: [{
                name: "verify-signature",
                match: MATCH,
                exclude: EXCLUDE,
                verifyImages: [{
                    failureAction: "Enforce",
                    type: "Cosign",
                    imageReferences: [`${REGISTRY}/*`],
                    attestors: [{ count: 1, entries: [KEYLESS_ENTRY] }],
                    mutateDigest: true,
                    verifyDigest: true,
                    required: true,
                }],
            }],
        });

        it("keyless, Enforce: the repository's workflows sign, tags become the verified digest", () => {
            assert.deepEqual(verifyImageSignatures([REGISTRY], KEYLESS, ENFORCE), keylessEnforce);
        });

        it("public key, Audit: reports only, and leaves images unmutated (Kyverno refuses mutateDigest in Audit)", () => {
            assert.deepEqual(verifyImageSignatures([ECR, REGISTRY], { publicKey: PEM }, AUDIT), policy("zt-verify-image-signatures", "Images from the trusted registries must be signed (cosign) by the landing zone's signer.", {
                webhookConfiguration: { failurePolicy: "Ignore", timeoutSeconds: 30 },
                rules: [{
                    name: "verify-signature",
                    match: MATCH,
                    exclude: EXCLUDE,
                    verifyImages: [{
                        failureAction: "Audit",
                        type: "Cosign",
                        imageReferences: [`${ECR}/*`, `${REGISTRY}/*`],
                        attestors: [{ count: 1, entries: [{ keys: { publicKeys: PEM } }] }],
                        mutateDigest: false,
                        verifyDigest: false,
                        required: true,
                    }],
                }],
            }));
        });

        it("keyless defaults match the repository signer the config resolves", () => {
            assert.deepEqual(attestorEntry(repositorySigner("example-org/zero-trust-landing-zone")), KEYLESS_ENTRY);
        });

        it("needs at least one registry, and globs each one below its path", () => {
            assert.throws(() => verifyImageSignatures([], KEYLESS, ENFORCE), /at least one trusted registry/);
            assert.deepEqual(registryGlobs([`${REGISTRY}/`, ECR]), [`${REGISTRY}/*`, `${ECR}/*`]);
        });
    });

    describe("zt-restrict-image-registries", () => {
        const expected = (registries: string, pattern: string) => policy("zt-restrict-image-registries", "Images may only come from the landing zone's trusted registries.", {
            webhookConfiguration: { failurePolicy: "Fail" },
            rules: [validate("trusted-registries", `Images must come from a trusted registry: ${registries}.`, {
                pattern: { spec: { "=(ephemeralContainers)": [{ image: pattern }], "=(initContainers)": [{ image: pattern }], containers: [{ image: pattern }] } },
            })],
        });

        it("one registry, Enforce", () => {
            assert.deepEqual(restrictImageRegistries([REGISTRY], ENFORCE), expected(REGISTRY, `${REGISTRY}/*`));
        });

        it("two registries, Audit: OR-ed in one pattern, named in the message", () => {
            assert.deepEqual(restrictImageRegistries([ECR, REGISTRY], AUDIT), inAudit(expected(`${ECR}, ${REGISTRY}`, `${ECR}/* | ${REGISTRY}/*`)));
        });
    });

    describe("zt-disallow-privileged", () => {
        const privileged = { "=(securityContext)": { "=(privileged)": false } };
        const expected = policy("zt-disallow-privileged", "Pods may not run privileged containers, mount host paths or share the host's namespaces.", {
            webhookConfiguration: { failurePolicy: "Fail" },
            rules: [
                validate("privileged-containers", "Privileged containers are not allowed: securityContext.privileged must be unset or false.", {
                    pattern: { spec: { "=(ephemeralContainers)": [privileged], "=(initContainers)": [privileged], containers: [privileged] } },
                }),
                validate("host-path", "hostPath volumes are not allowed.", { pattern: { spec: { "=(volumes)": [{ "X(hostPath)": "null" }] } } }),
                validate("host-namespaces", "Sharing the host's network, PID or IPC namespace is not allowed: hostNetwork, hostPID and hostIPC must be unset or false.", {
                    pattern: { spec: { "=(hostNetwork)": false, "=(hostPID)": false, "=(hostIPC)": false } },
                }),
            ],
        });

        it("Enforce", () => assert.deepEqual(disallowPrivileged(ENFORCE), expected));
        it("Audit differs only in failure action and webhook failure policy", () => assert.deepEqual(disallowPrivileged(AUDIT), inAudit(expected)));
    });

    describe("zt-require-pod-security-context", () => {
        const every = (c: Record<string, unknown>) => ({ "=(ephemeralContainers)": [c], "=(initContainers)": [c], containers: [c] });
        const seccomp = "RuntimeDefault | Localhost";
        const expected = policy("zt-require-pod-security-context", "Containers run as non-root, without privilege escalation or capabilities, on a read-only root filesystem, under a RuntimeDefault or Localhost seccomp profile.", {
            webhookConfiguration: { failurePolicy: "Fail" },
            rules: [
                validate("run-as-non-root", "Containers must run as non-root: set runAsNonRoot: true on the pod or on every container.", {
                    anyPattern: [
                        { spec: { securityContext: { runAsNonRoot: true }, ...every({ "=(securityContext)": { "=(runAsNonRoot)": true } }) } },
                        { spec: every({ securityContext: { runAsNonRoot: true } }) },
                    ],
                }),
                validate("no-privilege-escalation", "Every container must set securityContext.allowPrivilegeEscalation: false.", {
                    pattern: { spec: every({ securityContext: { allowPrivilegeEscalation: false } }) },
                }),
                {
                    name: "drop-all-capabilities",
                    match: MATCH,
                    exclude: EXCLUDE,
                    preconditions: { all: [{ key: "{{ request.operation || 'BACKGROUND' }}", operator: "NotEquals", value: "DELETE" }] },
                    validate: {
                        failureAction: "Enforce",
                        message: "Every container must drop ALL capabilities (securityContext.capabilities.drop: [ALL]).",
                        foreach: [{
                            list: "request.object.spec.[ephemeralContainers, initContainers, containers][]",
                            deny: { conditions: { all: [{ key: "ALL", operator: "AnyNotIn", value: "{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}" }] } },
                        }],
                    },
                },
                validate("no-added-capabilities", "Containers may not add capabilities (securityContext.capabilities.add must be unset).", {
                    pattern: { spec: every({ "=(securityContext)": { "=(capabilities)": { "X(add)": "null" } } }) },
                }),
                validate("read-only-root-filesystem", "Every container must set securityContext.readOnlyRootFilesystem: true.", {
                    pattern: { spec: every({ securityContext: { readOnlyRootFilesystem: true } }) },
                }),
                validate("seccomp-profile", "The seccomp profile must be RuntimeDefault or Localhost, on the pod or on every container.", {
                    anyPattern: [
                        { spec: { securityContext: { seccompProfile: { type: seccomp } }, ...every({ "=(securityContext)": { "=(seccompProfile)": { "=(type)": seccomp } } }) } },
                        { spec: every({ securityContext: { seccompProfile: { type: seccomp } } }) },
                    ],
                }),
            ],
        });

        it("Enforce", () => assert.deepEqual(requirePodSecurityContext(ENFORCE), expected));
        it("Audit differs only in failure action and webhook failure policy", () => assert.deepEqual(requirePodSecurityContext(AUDIT), inAudit(expected)));
    });

    describe("zt-require-resource-limits and zt-require-image-digest", () => {
        const limits = { resources: { limits: { cpu: "?*", memory: "?*" } } };
        const limitsPolicy = policy("zt-require-resource-limits", "Containers must declare CPU and memory limits.", {
            webhookConfiguration: { failurePolicy: "Fail" },
            rules: [validate("cpu-memory-limits", "Every container must set resources.limits.cpu and resources.limits.memory.", {
                // Ephemeral containers cannot set resources, so they are not asked to.
                pattern: { spec: { "=(initContainers)": [limits], containers: [limits] } },
            })],
        });
        const digest = { image: "*@sha256:*" };
        const digestPolicy = policy("zt-require-image-digest", "Images must be pinned by digest.", {
            webhookConfiguration: { failurePolicy: "Fail" },
            rules: [validate("image-digest", "Images must be pinned by digest (<image>@sha256:<digest>).", {
                pattern: { spec: { "=(ephemeralContainers)": [digest], "=(initContainers)": [digest], containers: [digest] } },
            })],
        });

        it("limits, Enforce and Audit", () => {
            assert.deepEqual(requireResourceLimits(ENFORCE), limitsPolicy);
            assert.deepEqual(requireResourceLimits(AUDIT), inAudit(limitsPolicy));
        });
        it("digest, Enforce and Audit", () => {
            assert.deepEqual(requireImageDigest(ENFORCE), digestPolicy);
            assert.deepEqual(requireImageDigest(AUDIT), inAudit(digestPolicy));
        });
    });

    describe("JSON Schema of the Kyverno fields used", () => {
        const every: [string, Manifest][] = [];
        for (const [label, o] of [["Enforce", ENFORCE], ["Audit", AUDIT]] as const) {
            every.push(
                [`verify keyless ${label}`, verifyImageSignatures([REGISTRY], KEYLESS, o)],
                [`verify key ${label}`, verifyImageSignatures([ECR, REGISTRY], { publicKey: PEM }, o)],
                [`registries ${label}`, restrictImageRegistries([ECR, REGISTRY], o)],
                [`privileged ${label}`, disallowPrivileged(o)],
                [`security context ${label}`, requirePodSecurityContext(o)],
                [`limits ${label}`, requireResourceLimits(o)],
                [`digest ${label}`, requireImageDigest(o)],
            );
        }

        it("accepts every policy the builders emit", () => {
            assert.deepEqual(every.flatMap(([label, m]) => schemaErrors(m).map((e) => `${label}: ${e}`)), []);
        });

        const broken: [string, (m: Json) => void][] = [
            ["the deprecated spec.validationFailureAction", (m) => { m.spec.validationFailureAction = "Enforce"; }],
            ["the deprecated spec.failurePolicy", (m) => { m.spec.failurePolicy = "Fail"; }],
            ["a lower-case failure action", (m) => { m.spec.rules[0].validate.failureAction = "enforce"; }],
            ["a misspelled validate field", (m) => { m.spec.rules[0].validate.patern = m.spec.rules[0].validate.pattern; delete m.spec.rules[0].validate.pattern; }],
            ["a rule without a message", (m) => { delete m.spec.rules[0].validate.message; }],
            ["an unknown webhook failure policy", (m) => { m.spec.webhookConfiguration.failurePolicy = "Deny"; }],
        ];
        for (const [what, breakIt] of broken) {
            it(`rejects ${what}`, () => {
                const m = structuredClone(disallowPrivileged(ENFORCE)) as Json;
                breakIt(m);
                assert.notDeepEqual(schemaErrors(m), []);
            });
        }

        const brokenVerify: [string, (m: Json) => void][] = [
            ["mutateDigest in Audit (Kyverno refuses it)", (m) => { m.spec.rules[0].verifyImages[0].failureAction = "Audit"; }],
            ["a misspelled imageReferences", (m) => { const v = m.spec.rules[0].verifyImages[0]; v.imageReference = v.imageReferences; delete v.imageReferences; }],
            ["an attestor with both a key and keyless", (m) => { m.spec.rules[0].verifyImages[0].attestors[0].entries[0].keys = { publicKeys: PEM }; }],
            ["an unknown verification type", (m) => { m.spec.rules[0].verifyImages[0].type = "cosign"; }],
            ["a rule with both validate and verifyImages", (m) => { m.spec.rules[0].validate = { failureAction: "Enforce", message: "x", pattern: {} }; }],
        ];
        for (const [what, breakIt] of brokenVerify) {
            it(`rejects ${what}`, () => {
                const m = structuredClone(verifyImageSignatures([REGISTRY], KEYLESS, ENFORCE)) as Json;
                breakIt(m);
                assert.notDeepEqual(schemaErrors(m), []);
            });
        }
    });

    describe("Kyverno chart values", () => {
        const base = {
            admissionController: { replicas: 3, rbac: { serviceAccount: { name: "kyverno-admission-controller" } } },
            backgroundController: { replicas: 2 },
            cleanupController: { replicas: 2 },
            reportsController: { replicas: 2 },
            features: { forceFailurePolicyIgnore: { enabled: false }, policyExceptions: { enabled: false } },
        };

        it("HA replicas, failure policies passed through, no policy exceptions", () => assert.deepEqual(kyvernoValues(), base));

        it("a registry identity goes on the admission controller's ServiceAccount and pods", () => {
            const identity = { serviceAccountAnnotations: { "azure.workload.identity/client-id": "00000000-0000-0000-0000-000000000000" }, podLabels: { "azure.workload.identity/use": "true" } };
            assert.deepEqual(kyvernoValues(identity), {
                ...base,
                admissionController: {
                    replicas: 3,
                    rbac: { serviceAccount: { name: "kyverno-admission-controller", annotations: identity.serviceAccountAnnotations } },
                    podLabels: identity.podLabels,
                },
            });
        });
    });

    for (const variant of ["prod", "dev"] as const) {
        describe(`in the baseline fixture (${variant})`, () => {
            const mode = variant === "prod" ? "Enforce" : "Audit";
            const labels = { ...LABELS, environment: variant };
            const o: PolicyOptions = { labels, mode, excludedNamespaces: EXCLUDED };
            let g: CapturedGraph;
            let children: CapturedResource[];
            const child = (name: string) => {
                const r = children.find((c) => c.name === name);
                assert.ok(r, `${name} is a child of zt:k8s:Admission`);
                return r;
            };
            before(async function () {
                this.timeout(120_000);
                g = await baselineGraph(variant);
                children = childrenOf(g, "zt:k8s:Admission");
            });

            it("declares exactly the namespace, the release and the policies", () => {
                const policies = ["disallow-privileged", "require-pod-security-context", "require-resource-limits", "restrict-image-registries", "verify-image-signatures", ...(variant === "prod" ? ["require-image-digest"] : [])];
                assert.deepEqual(sortedIds(children), [
                    "kubernetes:core/v1:Namespace::kubernetes-admission-ns",
                    "kubernetes:helm.sh/v3:Release::kubernetes-admission-kyverno",
                    ...policies.map((p) => `kubernetes:kyverno.io/v1:ClusterPolicy::kubernetes-admission-${p}`),
                ].sort());
            });

            it("puts Kyverno in its own restricted namespace", () => {
                const ns = child("kubernetes-admission-ns");
                assert.deepEqual(ns.inputs, platformNamespace("kyverno", { labels, podSecurity: "restricted" }));
                assert.equal((ns.inputs as { metadata: { labels: Record<string, string> } }).metadata.labels["pod-security.kubernetes.io/enforce"], "restricted");
            });

            it("installs the pinned chart from Kyverno's repository, after its namespace", () => {
                const release = child("kubernetes-admission-kyverno");
                const { compat: _c, ...inputs } = release.inputs;
                assert.deepEqual(inputs, {
                    name: "kyverno",
                    chart: "kyverno",
                    version: "3.7.2",
                    namespace: "kyverno",
                    repositoryOpts: { repo: "https://kyverno.github.io/kyverno/" },
                    values: kyvernoValues(),
                });
                assert.deepEqual(release.dependencies, [child("kubernetes-admission-ns").urn]);
            });

            it("declares each policy exactly as its builder emits it, after the release", () => {
                const release = child("kubernetes-admission-kyverno");
                const expected: Manifest[] = [
                    verifyImageSignatures([REGISTRY], repositorySigner("example-org/zero-trust-landing-zone"), o),
                    restrictImageRegistries([REGISTRY], o),
                    disallowPrivileged(o),
                    requirePodSecurityContext(o),
                    requireResourceLimits(o),
                    ...(variant === "prod" ? [requireImageDigest(o)] : []),
                ];
                for (const m of expected) {
                    const r = child(`kubernetes-admission-${m.metadata.name.replace(/^zt-/, "")}`);
                    assert.deepEqual(r.inputs, m, m.metadata.name);
                    assert.deepEqual(r.dependencies, [release.urn], `${m.metadata.name} waits for the release`);
                    assert.deepEqual(schemaErrors(r.inputs), [], m.metadata.name);
                }
            });

            it(`sets failure action ${mode} on every rule, and excludes exactly the system and platform namespaces`, () => {
                const rules = children.filter((c) => c.type === "kubernetes:kyverno.io/v1:ClusterPolicy").flatMap((c) => (c.inputs as { spec: { rules: Json[] } }).spec.rules);
                assert.ok(rules.length >= 12, `${rules.length} rules`);
                for (const rule of rules) {
                    const action = rule.validate?.failureAction ?? rule.verifyImages?.map((v: { failureAction: string }) => v.failureAction).join();
                    assert.equal(action, mode, rule.name);
                    assert.deepEqual(rule.exclude, { any: [{ resources: { namespaces: ["kube-system", "kube-public", "kube-node-lease", "istio-system", "kyverno", "falco"] } }] }, rule.name);
                }
            });

            it("keeps every child on the baseline's Kubernetes provider", () => {
                const providers = new Set(children.map((c) => c.provider));
                assert.equal(providers.size, 1);
                assert.match([...providers][0] ?? "", /::pulumi:providers:kubernetes::k8s::/);
            });
        });
    }
});
