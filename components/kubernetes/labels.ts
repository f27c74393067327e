/**
 * Label keys and the shapes every Kubernetes builder of the baseline shares. Builders return plain
 * manifests (JSON-ready objects), so tests validate the exact objects against the Kubernetes and
 * Istio schemas, and components hand the same objects to the typed `@pulumi/kubernetes` classes.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The tier a namespace or pod belongs to; network policies select on it. */
export const TIER_LABEL = "zt.pulumi.com/tier";
/** The workload a pod belongs to (recommended Kubernetes label). */
export const WORKLOAD_LABEL = "app.kubernetes.io/name";
/** Set on pods that wear a cloud identity; only they may reach the cloud's token endpoints. */
export const CLOUD_IDENTITY_LABEL = "zt.pulumi.com/cloud-identity";
/** The well-known label Kubernetes sets on every namespace to its name (since 1.21). */
export const NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";
/** Pod Security Admission's namespace labels. */
export const PSA_LABELS = ["enforce", "audit", "warn"].map((mode) => `pod-security.kubernetes.io/${mode}`);

/** Namespaces the platform's charts own; tenant policies (Kyverno, default-deny checks) leave them to the charts. */
export const PLATFORM_NAMESPACES = {
    mesh: "istio-system",
    admission: "kyverno",
    runtime: "falco",
} as const;
/** Namespaces Kubernetes and the managed control planes own. */
export const SYSTEM_NAMESPACES = ["kube-system", "kube-public", "kube-node-lease"] as const;

export interface ObjectMeta {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, pulumi.Input<string>>;
}

/** A Kubernetes object as the builders return it: apiVersion and kind, metadata, and the rest. */
export interface Manifest {
    apiVersion: string;
    kind: string;
    metadata: ObjectMeta;
    [field: string]: unknown;
}

/** A workload of the baseline after the composition resolved its image and identity. */
export interface BaselineWorkload {
    /** The tier, which is also its namespace. */
    tier: string;
    port: number;
    /** Full image reference (registry host included); absent when the team deploys the workload itself. */
    image?: pulumi.Input<string>;
    replicas: number;
    /** HTTP methods callers may use (mesh ALLOW rules); absent for non-HTTP workloads. */
    methods?: string[];
    apiAccess: { apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[] }[];
}

/** How a workload's pods authenticate to their cloud: set by the cloud's composition. */
export interface WorkloadIdentityWiring {
    /** Annotations of the workload's ServiceAccount (GKE `iam.gke.io/gcp-service-account`, AKS `azure.workload.identity/client-id`). */
    serviceAccountAnnotations: Record<string, pulumi.Input<string>>;
    /** Labels its pods need (AKS `azure.workload.identity/use: "true"`). */
    podLabels: Record<string, string>;
}

/** An egress destination outside the cluster: a range, optional exceptions, and ports (TCP). */
export interface EgressPeer {
    /** Stable key, part of the policy's name. */
    key: string;
    cidr: string;
    except?: string[];
    ports: number[];
}

/**
 * The typed `@pulumi/kubernetes` classes set apiVersion and kind themselves and take the rest. The
 * cast is safe because tests validate every builder's manifest against the Kubernetes schemas
 * (kubernetes-models), which are stricter than the SDK's input types.
 */
export function objectArgs<T>(m: Manifest): T {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { apiVersion, kind, ...rest } = m;
    return rest as T;
}
