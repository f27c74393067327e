/**
 * The Kubernetes section of a stack's config (`zt-landing-zone:kubernetes`): the workload baseline
 * that runs inside the cluster (namespaces per tier, network policies, service accounts, mesh,
 * admission control, runtime detection). Cloud-neutral: the same section means the same baseline
 * on EKS, AKS and GKE. Every optional field states its secure default; the defaults that differ per
 * environment are resolved in `resolveKubernetes`, so the components never read the environment.
 */
import { z } from "zod";
import { patterned } from "./patterned";
import type { Environment } from "./schema";

/**
 * Workload names double as Kubernetes service-account names and as cloud identity names (a GCP
 * service account id `<prefix>-<env>-w-<name>` may have 30 characters), hence 2–14 characters.
 */
export const WORKLOAD_NAME = /^[a-z][a-z0-9-]{0,12}[a-z0-9]$/;
/** Istio's sidecar owns 15000–15090 (admin, inbound/outbound capture, health, telemetry). */
export const MESH_RESERVED_PORTS = { from: 15000, to: 15090 } as const;
/** `<digest algorithm>:<hex>`, as an image reference ends after `@`. */
export const IMAGE_DIGEST = /@sha256:[a-f0-9]{64}$/;

/** Chart versions the baseline installs, pinned so a preview never pulls an unreviewed release. */
export const DEFAULT_CHART_VERSIONS = {
    /** istio/base, istio/cni and istio/istiod share one version. 1.30.x: https://istio.io/news/releases/1.30.x/ */
    istio: "1.30.4",
    /** kyverno/kyverno 3.7.2 ships Kyverno 1.17.2 (Kubernetes 1.32–1.35). */
    kyverno: "3.7.2",
    /** falcosecurity/falco 9.2.0 ships Falco 0.45.0. */
    falco: "9.2.0",
} as const;

const slug = (max: number) => z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));
const quantity = patterned(/^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti)?$/, "a Kubernetes quantity", "e.g. 500m, 2, 512Mi, 4Gi", "write it as Kubernetes does");
const chartVersion = patterned(/^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/, "an exact chart version", "e.g. 1.30.4 (no ranges: a range pulls unreviewed releases)", "pin one released version");
const VERB = z.enum(["get", "list", "watch", "create", "update", "patch", "delete"]);

const ApiAccessSchema = z.strictObject({
    /** API groups, `""` for the core group. No `*`: a wildcard grants resources that do not exist yet. */
    apiGroups: z.array(z.string().regex(/^[a-z0-9.-]*$/)).min(1),
    /** Resources, e.g. `configmaps`. No `*`. */
    resources: z.array(z.string().regex(/^[a-z][a-z0-9/-]*$/)).min(1),
    /** Verbs; `escalate`, `bind`, `impersonate` and `*` are never granted to a workload. */
    verbs: z.array(VERB).min(1),
    /** Restrict to named objects. Default: every object of the resources in the workload's namespace. */
    resourceNames: z.array(z.string().min(1)).optional(),
});

const WorkloadSchema = z.strictObject({
    /** The tier whose namespace the workload runs in. Required. */
    tier: slug(15),
    /** The port the workload serves on (container and Service). Default: 8080. */
    port: z.number().int().min(1024).max(65535).optional(),
    /**
     * The image to deploy with the secure workload helper. A reference without a registry host is
     * resolved against the landing zone's own registry (ECR, ACR, Artifact Registry). Default: none
     * (the baseline creates the workload's identity, RBAC and network policy; a team deploys it).
     */
    image: z.string().regex(/^[a-z0-9][a-z0-9._\-/:]*(@sha256:[a-f0-9]{64})?$/).optional(),
    /** Replicas of the Deployment. Default: 2 (one node's loss keeps the workload up). */
    replicas: z.number().int().min(1).max(50).optional(),
    /** HTTP methods callers may use; they narrow the mesh's ALLOW policies. Default: none (the rule allows the port at L4, for non-HTTP workloads). */
    methods: z.array(z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])).min(1).optional(),
    /** Kubernetes API access the workload needs in its own namespace. Default: none (and no token mounted). */
    apiAccess: z.array(ApiAccessSchema).optional(),
});

const ExistingClusterSchema = z.strictObject({
    /** Path to a kubeconfig whose user authenticates through the cloud's CLI (exec plugin): no static token. Required. */
    kubeconfig: z.string().min(1),
    /** The context in that kubeconfig. Required: ambient `current-context` never chooses a cluster. */
    context: z.string().min(1),
    /** The cluster's name in its cloud (EKS Pod Identity associations name it). Required. */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/),
    /** AKS only: the cluster's OIDC issuer URL, which each workload's federated credential trusts. Required on Azure. */
    oidcIssuerUrl: z.string().url().startsWith("https://").optional(),
});

const SignatureSchema = z.union([
    z.strictObject({
        /** PEM-encoded cosign public key images must be signed with. */
        publicKey: z.string().regex(/^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----\s*$/),
    }),
    z.strictObject({
        /** Keyless (Fulcio) signing: the OIDC issuer and the certificate subject (glob) of the signer. */
        keyless: z.strictObject({ issuer: z.string().url(), subject: z.string().min(1) }),
    }),
]);

export const KubernetesSchema = z.strictObject({
    /** Build the baseline. Default: whenever the stack has a cluster (its own, or `existingCluster`). */
    enabled: z.boolean().optional(),
    /** Run the baseline on a cluster this stack does not build. Default: none (the cloud section's own cluster). */
    existingCluster: ExistingClusterSchema.optional(),
    /** Workloads by name (2–14 lowercase letters, digits, hyphens). Default: `{ app: { tier: app } }`. */
    workloads: z.record(z.string().regex(WORKLOAD_NAME), WorkloadSchema).optional(),
    /** Per-namespace ResourceQuota. Default: 8 CPU, 16Gi memory, 50 pods. */
    quota: z.strictObject({ cpu: quantity, memory: quantity, pods: z.number().int().min(1).max(5000) }).optional(),
    /** LimitRange defaults for containers that state none. Default: requests 100m/128Mi, limits 500m/512Mi. */
    containerDefaults: z.strictObject({
        requests: z.strictObject({ cpu: quantity, memory: quantity }),
        limits: z.strictObject({ cpu: quantity, memory: quantity }),
    }).optional(),
    mesh: z.strictObject({
        /** Istio with STRICT mTLS and deny-by-default authorization. Default: off in dev, on in prod. */
        enabled: z.boolean().optional(),
    }).optional(),
    admission: z.strictObject({
        /** Kyverno's failure action. Default: `Audit` in dev, `Enforce` in prod. */
        mode: z.enum(["Audit", "Enforce"]).optional(),
        /**
         * Registries (host and optional path prefix) images may come from, besides the landing
         * zone's own registry. Default: none.
         */
        trustedRegistries: z.array(z.string().regex(/^[a-z0-9][a-z0-9.-]*(:[0-9]+)?(\/[a-z0-9._-]+)*$/)).optional(),
        /**
         * Who must have signed every image. Default: keyless, by this repository's GitHub Actions
         * workflows (`https://github.com/<ci.repository>/.github/workflows/*`).
         */
        signature: SignatureSchema.optional(),
        /** Require images pinned by digest. Default: false in dev, true in prod. */
        requireDigest: z.boolean().optional(),
    }).optional(),
    runtimeDetection: z.strictObject({
        /** Falco on every node, its alerts in the cloud's log destination. Default: on. */
        enabled: z.boolean().optional(),
    }).optional(),
    /** Helm chart versions. Default: the versions in docs/kubernetes.md (`DEFAULT_CHART_VERSIONS`). */
    charts: z.strictObject({ istio: chartVersion.optional(), kyverno: chartVersion.optional(), falco: chartVersion.optional() }).optional(),
});

export type KubernetesInput = z.infer<typeof KubernetesSchema>;
export type ApiAccess = z.infer<typeof ApiAccessSchema>;
export type ImageSignature = { publicKey: string } | { keyless: { issuer: string; subject: string } };

export interface KubernetesWorkload {
    tier: string;
    port: number;
    /** As given; the composition resolves a host-less reference against the landing zone's registry. */
    image?: string;
    replicas: number;
    methods?: string[];
    apiAccess: ApiAccess[];
}

/** The Kubernetes section with every default applied: what the baseline consumes. */
export interface KubernetesConfig {
    /** Whether the baseline is built (the semantic checks guarantee a cluster exists when it is). */
    enabled: boolean;
    existingCluster?: { kubeconfig: string; context: string; name: string; oidcIssuerUrl?: string };
    workloads: Record<string, KubernetesWorkload>;
    quota: { cpu: string; memory: string; pods: number };
    containerDefaults: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    mesh: { enabled: boolean };
    admission: { mode: "Audit" | "Enforce"; trustedRegistries: string[]; signature: ImageSignature; requireDigest: boolean };
    runtimeDetection: { enabled: boolean };
    charts: { istio: string; kyverno: string; falco: string };
}

const ENV_DEFAULTS: Record<Environment, { mesh: boolean; mode: "Audit" | "Enforce"; digest: boolean }> = {
    dev: { mesh: false, mode: "Audit", digest: false },
    prod: { mesh: true, mode: "Enforce", digest: true },
};

export const DEFAULT_WORKLOADS = { app: { tier: "app" } } as const;
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/** The keyless identity of this repository's workflows: the default signer of every image. */
export function repositorySigner(repository: string): ImageSignature {
    return { keyless: { issuer: GITHUB_OIDC_ISSUER, subject: `https://github.com/${repository}/.github/workflows/*` } };
}

/**
 * @param clusterBuilt whether the cloud section builds a cluster (EKS, AKS or GKE enabled).
 */
export function resolveKubernetes(input: KubernetesInput | undefined, env: Environment, ctx: { clusterBuilt: boolean; repository: string }): KubernetesConfig {
    const d = ENV_DEFAULTS[env];
    const k = input ?? {};
    return {
        enabled: k.enabled ?? (ctx.clusterBuilt || k.existingCluster !== undefined),
        existingCluster: k.existingCluster,
        workloads: Object.fromEntries(Object.entries(k.workloads ?? DEFAULT_WORKLOADS).map(([name, w]) => [name, {
            tier: w.tier,
            port: ("port" in w ? w.port : undefined) ?? 8080,
            image: "image" in w ? w.image : undefined,
            replicas: ("replicas" in w ? w.replicas : undefined) ?? 2,
            methods: "methods" in w ? w.methods : undefined,
            apiAccess: ("apiAccess" in w ? w.apiAccess : undefined) ?? [],
        }])),
        quota: k.quota ?? { cpu: "8", memory: "16Gi", pods: 50 },
        containerDefaults: k.containerDefaults ?? { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
        mesh: { enabled: k.mesh?.enabled ?? d.mesh },
        admission: {
            mode: k.admission?.mode ?? d.mode,
            trustedRegistries: k.admission?.trustedRegistries ?? [],
            signature: k.admission?.signature ?? repositorySigner(ctx.repository),
            requireDigest: k.admission?.requireDigest ?? d.digest,
        },
        runtimeDetection: { enabled: k.runtimeDetection?.enabled ?? true },
        charts: { ...DEFAULT_CHART_VERSIONS, ...k.charts },
    };
}
