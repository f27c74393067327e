/**
 * zt:k8s:Admission — Kyverno as the cluster's admission controller: its namespace, its Helm
 * release (highly available, failing closed in Enforce), and the baseline's ClusterPolicies
 * (signed images from trusted registries only, no privilege, the restricted security context,
 * resource limits, and digest pinning when asked). The policies are built by the pure functions
 * of ./kyverno-policies, so tests compare the exact objects.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import type { ImageSignature } from "../../config/kubernetes";
import { objectArgs, PLATFORM_NAMESPACES } from "./labels";
import {
    disallowPrivileged,
    KYVERNO_API_VERSION,
    policyMetadata,
    POLICY_NAMES,
    requireImageDigest,
    requirePodSecurityContext,
    requireResourceLimits,
    restrictImageRegistries,
    verifyImageSignatures,
    type PolicyName,
    type PolicyOptions,
} from "./kyverno-policies";
import { platformNamespace } from "./namespaces";

export const KYVERNO_NAMESPACE = PLATFORM_NAMESPACES.admission;
export const KYVERNO_CHART_REPO = "https://kyverno.github.io/kyverno/";
/** The admission controller's ServiceAccount, named explicitly so a cloud identity binding can name it. */
export const KYVERNO_ADMISSION_SERVICE_ACCOUNT = "kyverno-admission-controller";

/** How Kyverno's admission controller authenticates to the registries it reads signatures from. */
export interface RegistryIdentity {
    /** Annotations of its ServiceAccount (GKE `iam.gke.io/gcp-service-account`, AKS `azure.workload.identity/client-id`, EKS IRSA `eks.amazonaws.com/role-arn`). */
    serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
    /** Labels its pods need (AKS `azure.workload.identity/use: "true"`). Default: none. */
    podLabels?: Record<string, string>;
}

export interface AdmissionArgs {
    labels: Record<string, string>;
    /** kyverno/kyverno chart version. */
    chartVersion: string;
    /** Kyverno's failureAction for every ClusterPolicy: Audit reports, Enforce rejects. */
    mode: "Audit" | "Enforce";
    /** Registry prefixes (host and optional path) images may come from; the landing zone's own registry first. At least one. */
    trustedRegistries: pulumi.Input<string>[];
    /** Who must have signed every image (cosign public key or keyless identity). */
    signature: ImageSignature;
    /** Require images pinned by digest. */
    requireDigest: boolean;
    /** Namespaces the tenant policies skip: the platform's charts and Kubernetes' own. */
    excludedNamespaces: string[];
    /**
     * The cloud identity Kyverno reads private registries with. Default: none, so Kyverno uses the
     * node's credentials (or none): on a cluster with workload identity, signatures in a private
     * registry are then unreadable and every image fails verification, which fails closed.
     */
    registryIdentity?: RegistryIdentity;
}

/**
 * The chart's values (chart 3.7, whose keys are documented in charts/kyverno/README.md):
 * - replicas: the admission controller needs three for HA, the other controllers two
 *   (https://kyverno.io/docs/high-availability/, "the minimum supported replica count for a
 *   highly-available admission controller deployment is three"); the chart adds a
 *   PodDisruptionBudget itself whenever replicas > 1;
 * - `features.forceFailurePolicyIgnore` stays off, so each policy's failurePolicy (Fail in
 *   Enforce) reaches the webhooks;
 * - `features.policyExceptions` stays off: no PolicyException can waive a policy from inside the cluster.
 * Left at their defaults because they are already safe: `config.webhooks` skips kube-system and
 * `config.excludeKyvernoNamespace` skips Kyverno's own namespace at the webhook, so the API
 * server never waits on Kyverno for the objects Kyverno itself needs to start.
 */
export function kyvernoValues(identity?: RegistryIdentity): Record<string, unknown> {
    return {
        admissionController: {
            replicas: 3,
            rbac: { serviceAccount: { name: KYVERNO_ADMISSION_SERVICE_ACCOUNT, ...(identity ? { annotations: identity.serviceAccountAnnotations } : {}) } },
            ...(identity?.podLabels ? { podLabels: identity.podLabels } : {}),
        },
        backgroundController: { replicas: 2 },
        cleanupController: { replicas: 2 },
        reportsController: { replicas: 2 },
        features: {
            forceFailurePolicyIgnore: { enabled: false },
            policyExceptions: { enabled: false },
        },
    };
}

export class Admission extends pulumi.ComponentResource {
    /** The ClusterPolicies declared, by name. */
    readonly policies: string[];

    constructor(name: string, args: AdmissionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:Admission", name, {}, opts);
        if (args.trustedRegistries.length === 0) {
            throw new Error(`zt:k8s:Admission ${name}: trustedRegistries is empty; pass the landing zone's own registry first, or no image could ever be admitted`);
        }
        const labels = args.labels;

        const namespace = new Namespace(`${name}-ns`, objectArgs(platformNamespace(KYVERNO_NAMESPACE, { labels, podSecurity: "restricted" })), { parent: this });
        const release = new Release(`${name}-kyverno`, {
            // An explicit release name: Pulumi would otherwise suffix it, and the chart names every object after it.
            name: "kyverno",
            chart: "kyverno",
            version: args.chartVersion,
            namespace: KYVERNO_NAMESPACE,
            repositoryOpts: { repo: KYVERNO_CHART_REPO },
            values: kyvernoValues(args.registryIdentity),
        }, { parent: this, dependsOn: [namespace] });

        const o: PolicyOptions = { labels, mode: args.mode, excludedNamespaces: args.excludedNamespaces };
        // The first registry may be an Output (e.g. the ECR host): only the specs of the two
        // policies that name registries wait for it (a transformation, never a resource in apply).
        const registries = pulumi.all(args.trustedRegistries);
        const specs: Partial<Record<PolicyName, pulumi.Input<unknown>>> = {
            [POLICY_NAMES.verifyImageSignatures]: registries.apply((rs) => verifyImageSignatures(rs, args.signature, o).spec),
            [POLICY_NAMES.restrictImageRegistries]: registries.apply((rs) => restrictImageRegistries(rs, o).spec),
            [POLICY_NAMES.disallowPrivileged]: disallowPrivileged(o).spec,
            [POLICY_NAMES.requirePodSecurityContext]: requirePodSecurityContext(o).spec,
            [POLICY_NAMES.requireResourceLimits]: requireResourceLimits(o).spec,
        };
        if (args.requireDigest) specs[POLICY_NAMES.requireImageDigest] = requireImageDigest(o).spec;

        for (const [policy, spec] of Object.entries(specs) as [PolicyName, pulumi.Input<unknown>][]) {
            // CRDs and webhooks come with the release: a policy applied before them fails, or admits unchecked pods.
            new CustomResource(`${name}-${policy.replace(/^zt-/, "")}`, {
                apiVersion: KYVERNO_API_VERSION,
                kind: "ClusterPolicy",
                metadata: policyMetadata(policy, labels),
                spec,
            }, { parent: this, dependsOn: [release] });
        }

        this.policies = Object.keys(specs);
        this.registerOutputs({ policies: this.policies });
    }
}
