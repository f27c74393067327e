/**
 * What the zt-k8s rules share: the type tokens of workload objects (pulumi-kubernetes v4 names them
 * `kubernetes:<group>/<version>:<Kind>`), where each keeps its pod template, and the containers of
 * a pod spec. Pod-level rules judge every kind that creates pods, so a privileged container cannot
 * slip in through a CronJob where a Deployment would be caught.
 */
import { readKnown } from "./props";

/** Kinds that create pods, and the path of their pod spec. */
export const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
    "kubernetes:core/v1:Pod": ["spec"],
    "kubernetes:apps/v1:Deployment": ["spec", "template", "spec"],
    "kubernetes:apps/v1:StatefulSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:DaemonSet": ["spec", "template", "spec"],
    "kubernetes:apps/v1:ReplicaSet": ["spec", "template", "spec"],
    "kubernetes:core/v1:ReplicationController": ["spec", "template", "spec"],
    "kubernetes:batch/v1:Job": ["spec", "template", "spec"],
    "kubernetes:batch/v1:CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

export const K8S_TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    role: "kubernetes:rbac.authorization.k8s.io/v1:Role",
    clusterRole: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
    roleBinding: "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding",
    clusterRoleBinding: "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
    helmRelease: "kubernetes:helm.sh/v3:Release",
    /** Istio's security API is served at v1 since Istio 1.22 (v1beta1 remains for older clusters). */
    peerAuthentication: ["kubernetes:security.istio.io/v1:PeerAuthentication", "kubernetes:security.istio.io/v1beta1:PeerAuthentication"],
    authorizationPolicy: ["kubernetes:security.istio.io/v1:AuthorizationPolicy", "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy"],
    clusterPolicy: ["kubernetes:kyverno.io/v1:ClusterPolicy"],
} as const;

/** The notApplicable reason of the pod-level rules. */
export function notPodOwner(type: string): string {
    return `${type} does not create pods`;
}

/** The path of the pod spec a resource of this type carries, or undefined when it creates no pods. */
export function podSpecPath(type: string): readonly string[] | undefined {
    return Object.prototype.hasOwnProperty.call(POD_SPEC_PATHS, type) ? POD_SPEC_PATHS[type] : undefined;
}

export interface ContainerRef {
    /** `containers[0]`, `initContainers[1]` or `ephemeralContainers[0]`, as messages print it. */
    where: string;
    name: string;
    container: Record<string, unknown>;
}

/** Every container of a pod spec (init and ephemeral ones too: they run with the same privileges). */
export function containersOf(podSpec: unknown): ContainerRef[] {
    const spec = (podSpec ?? {}) as Record<string, unknown>;
    const out: ContainerRef[] = [];
    for (const field of ["containers", "initContainers", "ephemeralContainers"]) {
        const list = spec[field];
        if (!Array.isArray(list)) continue;
        list.forEach((c, i) => {
            const container = (c ?? {}) as Record<string, unknown>;
            out.push({ where: `${field}[${i}]`, name: typeof container["name"] === "string" ? container["name"] : `#${i}`, container });
        });
    }
    return out;
}

/**
 * The pod spec of a resource's properties, read through the proxy (an unknown spec makes the rule
 * report "can't run during preview"); leaves inside are raw. Undefined when the type creates no pods.
 */
export function podSpecOf(type: string, props: Record<string, unknown>): Record<string, unknown> | undefined {
    const path = podSpecPath(type);
    if (!path) return undefined;
    const spec = readKnown(props, path);
    return typeof spec === "object" && spec !== null ? (spec as Record<string, unknown>) : {};
}
