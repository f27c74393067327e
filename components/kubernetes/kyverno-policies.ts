/**
 * Pure builders of the baseline's Kyverno ClusterPolicies (kyverno.io/v1, Kyverno 1.17 as chart
 * 3.7.2 ships it). Each returns the exact object the cluster receives, so tests compare whole
 * objects and validate them against test/support/kyverno-clusterpolicy.schema.json.
 *
 * Choices a reader would question:
 * - The failure action is set per rule (`validate.failureAction`, `verifyImages[].failureAction`):
 *   Kyverno 1.13 deprecated `spec.validationFailureAction` in favour of it (api/kyverno/v1
 *   spec_types.go: "Deprecated, use validationFailureAction under the validate rule instead"), and
 *   `spec.failurePolicy` in favour of `spec.webhookConfiguration.failurePolicy`.
 * - Rules match Pods only, so Kyverno's auto-gen writes the same rule for Deployments, DaemonSets,
 *   StatefulSets, Jobs and CronJobs (https://kyverno.io/docs/policy-types/cluster-policy/autogen):
 *   a bad pod template is refused when the controller is applied, not when its pods fail later.
 *   Auto-gen stays on because the rules use no names, selectors or mixed kinds.
 * - Patterns follow Kyverno's own pod-security samples (github.com/kyverno/policies,
 *   pod-security/restricted/*), one rule per concern so a report names the exact concern.
 */
import type { ImageSignature } from "../../config/kubernetes";
import type { Manifest } from "./labels";

export const KYVERNO_API_VERSION = "kyverno.io/v1";
/** The public Rekor log: where cosign records keyless signatures (and key signatures by default). */
export const PUBLIC_REKOR_URL = "https://rekor.sigstore.dev";
/** A webhook call may take up to 30 s (Kyverno's maximum): verification fetches signatures from the registry and Rekor. */
export const VERIFY_IMAGES_TIMEOUT_SECONDS = 30;

export type FailureAction = "Audit" | "Enforce";

/** What every builder needs: the landing zone's labels, the failure action, and the namespaces left to their charts. */
export interface PolicyOptions {
    labels: Record<string, string>;
    mode: FailureAction;
    excludedNamespaces: string[];
}

/** The ClusterPolicies' names; the Pulumi child is `<component>-<name without zt->`. CAUTION: renaming one replaces the policy. */
export const POLICY_NAMES = {
    verifyImageSignatures: "zt-verify-image-signatures",
    restrictImageRegistries: "zt-restrict-image-registries",
    disallowPrivileged: "zt-disallow-privileged",
    requirePodSecurityContext: "zt-require-pod-security-context",
    requireResourceLimits: "zt-require-resource-limits",
    requireImageDigest: "zt-require-image-digest",
} as const;

export type PolicyName = (typeof POLICY_NAMES)[keyof typeof POLICY_NAMES];

/** What each policy is for, as policy reports show it. */
const DESCRIPTIONS: Record<PolicyName, string> = {
    "zt-verify-image-signatures": "Images from the trusted registries must be signed (cosign) by the landing zone's signer.",
    "zt-restrict-image-registries": "Images may only come from the landing zone's trusted registries.",
    "zt-disallow-privileged": "Pods may not run privileged containers, mount host paths or share the host's namespaces.",
    "zt-require-pod-security-context": "Containers run as non-root, without privilege escalation or capabilities, on a read-only root filesystem, under a RuntimeDefault or Localhost seccomp profile.",
    "zt-require-resource-limits": "Containers must declare CPU and memory limits.",
    "zt-require-image-digest": "Images must be pinned by digest.",
};

/** A policy's metadata, which never depends on an Output (the component declares it before the registries resolve). */
export function policyMetadata(name: PolicyName, labels: Record<string, string>): Manifest["metadata"] {
    return {
        name,
        labels: { ...labels },
        annotations: { "policies.kyverno.io/subject": "Pod", "policies.kyverno.io/description": DESCRIPTIONS[name] },
    };
}

type Pattern = Record<string, unknown>;

/**
 * A pattern applied to every container list: `containers` must match, init and ephemeral
 * containers only when present (`=()` is Kyverno's equality anchor: "if the field exists").
 */
function everyContainer(container: Pattern, o: { ephemeral?: boolean } = {}): Pattern {
    return {
        ...(o.ephemeral === false ? {} : { "=(ephemeralContainers)": [container] }),
        "=(initContainers)": [container],
        containers: [container],
    };
}

/** Enforce blocks, Audit reports. In Audit a Kyverno outage must not block deployments either, so its webhook ignores failures. */
function webhookFailurePolicy(mode: FailureAction): "Fail" | "Ignore" {
    return mode === "Enforce" ? "Fail" : "Ignore";
}

function podRule(name: string, o: PolicyOptions, body: Record<string, unknown>): Record<string, unknown> {
    return {
        name,
        match: { any: [{ resources: { kinds: ["Pod"] } }] },
        exclude: { any: [{ resources: { namespaces: [...o.excludedNamespaces] } }] },
        ...body,
    };
}

function validateRule(name: string, o: PolicyOptions, message: string, check: Record<string, unknown>): Record<string, unknown> {
    return podRule(name, o, { validate: { failureAction: o.mode, message, ...check } });
}

function clusterPolicy(name: PolicyName, o: PolicyOptions, spec: Record<string, unknown>): Manifest {
    return { apiVersion: KYVERNO_API_VERSION, kind: "ClusterPolicy", metadata: policyMetadata(name, o.labels), spec: { background: true, ...spec } };
}

/** `host[/path]` → `host[/path]/*`: the glob Kyverno matches image references with (`*` spans `/`). */
export function registryGlobs(registries: string[]): string[] {
    if (registries.length === 0) throw new Error("Kyverno policies need at least one trusted registry: the landing zone's own registry comes first");
    return registries.map((r) => `${r.replace(/\/+$/, "")}/*`);
}

/** One cosign attestor entry for the configured signer. */
export function attestorEntry(signature: ImageSignature): Record<string, unknown> {
    if ("publicKey" in signature) {
        // No `rekor`: Kyverno then checks the public Rekor log, which is where `cosign sign --key` records signatures by default.
        return { keys: { publicKeys: signature.publicKey } };
    }
    // `subject` is matched as a wildcard (Kyverno pkg/cosign matchCertificateData: wildcard.Match), so `.../workflows/*` admits every workflow of the repository and nothing else.
    return { keyless: { issuer: signature.keyless.issuer, subject: signature.keyless.subject, rekor: { url: PUBLIC_REKOR_URL } } };
}

/**
 * Every image from a trusted registry must carry a cosign signature by the configured signer.
 * Images from elsewhere are refused by {@link restrictImageRegistries}, so nothing runs unsigned.
 *
 * `mutateDigest` (tag → the digest that was verified, so the node pulls exactly the signed
 * image) and `verifyDigest` are on in Enforce only: Kyverno rejects an Audit policy with
 * `mutateDigest: true` ("mutateDigest must be set to false for 'Audit' failure action", since
 * 1.10, kyverno/kyverno#6757), and `verifyDigest` without the mutation would report every tag as a
 * violation (kyverno/kyverno#16344). Digest pinning itself is {@link requireImageDigest}'s job.
 */
export function verifyImageSignatures(registries: string[], signature: ImageSignature, o: PolicyOptions): Manifest {
    const enforce = o.mode === "Enforce";
    return clusterPolicy(POLICY_NAMES.verifyImageSignatures, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode), timeoutSeconds: VERIFY_IMAGES_TIMEOUT_SECONDS },
        rules: [
            podRule("verify-signature", o, {
                verifyImages: [
                    {
                        failureAction: o.mode,
                        type: "Cosign",
                        imageReferences: registryGlobs(registries),
                        attestors: [{ count: 1, entries: [attestorEntry(signature)] }],
                        mutateDigest: enforce,
                        verifyDigest: enforce,
                        required: true,
                    },
                ],
            }),
        ],
    });
}

/** Every container, init and ephemeral container image comes from one of the trusted registries. */
export function restrictImageRegistries(registries: string[], o: PolicyOptions): Manifest {
    const globs = registryGlobs(registries);
    return clusterPolicy(POLICY_NAMES.restrictImageRegistries, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode) },
        rules: [
            validateRule("trusted-registries", o, `Images must come from a trusted registry: ${registries.join(", ")}.`, {
                // `|` is Kyverno's OR between pattern values.
                pattern: { spec: everyContainer({ image: globs.join(" | ") }) },
            }),
        ],
    });
}

/** No privileged container, no hostPath volume, no host network, PID or IPC namespace. */
export function disallowPrivileged(o: PolicyOptions): Manifest {
    return clusterPolicy(POLICY_NAMES.disallowPrivileged, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode) },
        rules: [
            validateRule("privileged-containers", o, "Privileged containers are not allowed: securityContext.privileged must be unset or false.", {
                pattern: { spec: everyContainer({ "=(securityContext)": { "=(privileged)": false } }) },
            }),
            validateRule("host-path", o, "hostPath volumes are not allowed.", {
                // `X()` is the negation anchor: the key must be absent.
                pattern: { spec: { "=(volumes)": [{ "X(hostPath)": "null" }] } },
            }),
            validateRule("host-namespaces", o, "Sharing the host's network, PID or IPC namespace is not allowed: hostNetwork, hostPID and hostIPC must be unset or false.", {
                pattern: { spec: { "=(hostNetwork)": false, "=(hostPID)": false, "=(hostIPC)": false } },
            }),
        ],
    });
}

/** The restricted Pod Security Standard's container settings, plus a read-only root filesystem. */
export function requirePodSecurityContext(o: PolicyOptions): Manifest {
    const podOrEveryContainer = (podLevel: Pattern, containerLevel: Pattern) => [
        { spec: { securityContext: podLevel, ...everyContainer({ "=(securityContext)": withEqualityAnchors(containerLevel) }) } },
        { spec: everyContainer({ securityContext: containerLevel }) },
    ];
    return clusterPolicy(POLICY_NAMES.requirePodSecurityContext, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode) },
        rules: [
            validateRule("run-as-non-root", o, "Containers must run as non-root: set runAsNonRoot: true on the pod or on every container.", {
                anyPattern: podOrEveryContainer({ runAsNonRoot: true }, { runAsNonRoot: true }),
            }),
            validateRule("no-privilege-escalation", o, "Every container must set securityContext.allowPrivilegeEscalation: false.", {
                pattern: { spec: everyContainer({ securityContext: { allowPrivilegeEscalation: false } }) },
            }),
            podRule("drop-all-capabilities", o, {
                // Background scans have no request; without the default every scan would skip the rule.
                preconditions: { all: [{ key: "{{ request.operation || 'BACKGROUND' }}", operator: "NotEquals", value: "DELETE" }] },
                validate: {
                    failureAction: o.mode,
                    message: "Every container must drop ALL capabilities (securityContext.capabilities.drop: [ALL]).",
                    foreach: [
                        {
                            list: "request.object.spec.[ephemeralContainers, initContainers, containers][]",
                            deny: { conditions: { all: [{ key: "ALL", operator: "AnyNotIn", value: "{{ element.securityContext.capabilities.drop[].to_upper(@) || `[]` }}" }] } },
                        },
                    ],
                },
            }),
            validateRule("no-added-capabilities", o, "Containers may not add capabilities (securityContext.capabilities.add must be unset).", {
                pattern: { spec: everyContainer({ "=(securityContext)": { "=(capabilities)": { "X(add)": "null" } } }) },
            }),
            validateRule("read-only-root-filesystem", o, "Every container must set securityContext.readOnlyRootFilesystem: true.", {
                pattern: { spec: everyContainer({ securityContext: { readOnlyRootFilesystem: true } }) },
            }),
            validateRule("seccomp-profile", o, "The seccomp profile must be RuntimeDefault or Localhost, on the pod or on every container.", {
                anyPattern: podOrEveryContainer({ seccompProfile: { type: "RuntimeDefault | Localhost" } }, { seccompProfile: { type: "RuntimeDefault | Localhost" } }),
            }),
        ],
    });
}

/** Container-level settings that may be absent when the pod sets them, but must agree when present. */
function withEqualityAnchors(p: Pattern): Pattern {
    return Object.fromEntries(Object.entries(p).map(([k, v]) => [`=(${k})`, typeof v === "object" && v !== null ? withEqualityAnchors(v as Pattern) : v]));
}

/**
 * CPU and memory limits on every container and init container (ephemeral containers cannot set
 * resources). A LimitRange default satisfies a bare Pod, but not a Deployment's template, which
 * auto-gen checks before the LimitRange ever applies: controllers must state limits.
 */
export function requireResourceLimits(o: PolicyOptions): Manifest {
    return clusterPolicy(POLICY_NAMES.requireResourceLimits, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode) },
        rules: [
            validateRule("cpu-memory-limits", o, "Every container must set resources.limits.cpu and resources.limits.memory.", {
                // `?*` is a non-empty value.
                pattern: { spec: everyContainer({ resources: { limits: { cpu: "?*", memory: "?*" } } }, { ephemeral: false }) },
            }),
        ],
    });
}

/** Every image is pinned by digest, so what runs is exactly what was scanned and signed. */
export function requireImageDigest(o: PolicyOptions): Manifest {
    return clusterPolicy(POLICY_NAMES.requireImageDigest, o, {
        webhookConfiguration: { failurePolicy: webhookFailurePolicy(o.mode) },
        rules: [
            validateRule("image-digest", o, "Images must be pinned by digest (<image>@sha256:<digest>).", {
                pattern: { spec: everyContainer({ image: "*@sha256:*" }) },
            }),
        ],
    });
}
