/**
 * What the zt-k8s rules on the cluster's platform objects share (namespaces, RBAC, network policies,
 * Istio and Kyverno policies): their type tokens, how a rule names an object in a message, and the
 * small readings of Kubernetes objects several rules make (labels, an empty selector, an Istio
 * policy's scope).
 *
 * Type tokens include the deprecated API versions and the server-side-apply `*Patch` kinds that
 * pulumi-kubernetes still serves, so a rule cannot be stepped around by declaring the same object
 * under another token.
 */
import { isPlainObject, isUnknown, raw, readRaw } from "./props";

const RBAC_VERSIONS = ["v1", "v1beta1", "v1alpha1"] as const;
const rbac = (kinds: readonly string[]) => RBAC_VERSIONS.flatMap((v) => kinds.map((k) => `kubernetes:rbac.authorization.k8s.io/${v}:${k}`));

export const K8S_PLATFORM_TYPES = {
    namespace: "kubernetes:core/v1:Namespace",
    serviceAccount: "kubernetes:core/v1:ServiceAccount",
    serviceAccountPatch: "kubernetes:core/v1:ServiceAccountPatch",
    networkPolicy: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    roles: rbac(["Role", "ClusterRole", "RolePatch", "ClusterRolePatch"]),
    bindings: rbac(["RoleBinding", "ClusterRoleBinding", "RoleBindingPatch", "ClusterRoleBindingPatch"]),
    /** Helm charts: a Release installs through Helm, a v4 Chart renders into child resources. */
    helm: ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"],
    /** Istio's security API is served at v1 since Istio 1.22; v1beta1 remains for older clusters. */
    peerAuthentication: ["kubernetes:security.istio.io/v1:PeerAuthentication", "kubernetes:security.istio.io/v1beta1:PeerAuthentication"],
    authorizationPolicy: ["kubernetes:security.istio.io/v1:AuthorizationPolicy", "kubernetes:security.istio.io/v1beta1:AuthorizationPolicy"],
    /** Kyverno's rule-based policies (the same spec at both versions; v2beta1 is served by older Kyverno releases). */
    kyvernoPolicy: ["kubernetes:kyverno.io/v1:ClusterPolicy", "kubernetes:kyverno.io/v1:Policy", "kubernetes:kyverno.io/v2beta1:ClusterPolicy", "kubernetes:kyverno.io/v2beta1:Policy"],
} as const;

/** The namespace Istio reads mesh-wide policies from, unless meshConfig.rootNamespace says otherwise. */
export const ISTIO_ROOT_NAMESPACE = "istio-system";

/** The `rootNamespace` setting of the mesh rules; `what` names the object that, without a selector, applies to the whole mesh. */
export function rootNamespaceSetting(what: string) {
    return {
        type: "string" as const,
        minLength: 1,
        default: ISTIO_ROOT_NAMESPACE,
        description: `Istio's root namespace (meshConfig.rootNamespace), where ${what} without selector applies to the whole mesh.`,
    };
}

export function isOfType(type: string, types: readonly string[]): boolean {
    return types.includes(type);
}

/** The Kind of a type token: `kubernetes:rbac.authorization.k8s.io/v1:ClusterRole` → `ClusterRole`. */
export function kindOf(type: string): string {
    return type.slice(type.lastIndexOf(":") + 1);
}

/** A known, non-empty string, or undefined (absent, unknown during preview, or not a string). */
export function knownString(value: unknown): string | undefined {
    return typeof value === "string" && value !== "" && !isUnknown(value) ? value : undefined;
}

/** metadata.name, when the program set it (the baseline always does; Pulumi autonames otherwise). */
export function objectName(props: unknown): string | undefined {
    return knownString(readRaw(props, ["metadata", "name"]));
}

export function objectNamespace(props: unknown): string | undefined {
    return knownString(readRaw(props, ["metadata", "namespace"]));
}

/**
 * How messages name an object: its kind, then `"<namespace>/<name>"` (or `"<name>"` when it has no
 * namespace). An object without metadata.name is named by its Pulumi resource name.
 */
export function objectLabel(type: string, props: unknown, resourceName: string): string {
    const name = objectName(props);
    if (name === undefined) {
        return `${kindOf(type)} ${resourceName} (no metadata.name)`;
    }
    const ns = objectNamespace(props);
    return `${kindOf(type)} "${ns ? `${ns}/` : ""}${name}"`;
}

/** The entries of a list field, or [] when it is absent or not a list. */
export function entries(value: unknown): unknown[] {
    const v = raw(value);
    return Array.isArray(v) ? v.map((x) => raw(x)) : [];
}

/** The string entries of a list field (unknowns and other values left out). */
export function strings(value: unknown): string[] {
    return entries(value).filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

/** A label selector that selects everything: absent, or neither matchLabels nor matchExpressions holds anything. */
export function isEmptySelector(selector: unknown): boolean {
    if (selector === undefined || selector === null) {
        return true;
    }
    if (!isPlainObject(selector)) {
        return false;
    }
    const labels = selector["matchLabels"];
    const hasLabels = labels !== undefined && labels !== null && !(isPlainObject(labels) && Object.keys(labels).length === 0);
    return !hasLabels && entries(selector["matchExpressions"]).length === 0;
}

/**
 * Whether an Istio policy applies to every workload of its namespace: no workload selector and no
 * targetRef(s) (the Gateway API attachment of Istio 1.22+).
 */
export function isNamespaceWide(spec: Record<string, unknown>): boolean {
    const selector = spec["selector"];
    const noSelector = selector === undefined || selector === null || (isPlainObject(selector) && isEmptySelector(selector));
    return noSelector && spec["targetRef"] === undefined && entries(spec["targetRefs"]).length === 0;
}

/** Whether a Helm chart reference names the chart `name`: `name`, `repo/name`, `oci://…/name`, `…/name-1.2.3.tgz`. */
export function isChart(chart: unknown, name: string): boolean {
    const ref = knownString(chart);
    if (ref === undefined) {
        return false;
    }
    const last = ref.replace(/\/+$/, "").split("/").pop() ?? "";
    const base = last.replace(/\.tgz$/, "");
    return base === name || new RegExp(`^${name}-\\d[\\w.+-]*$`).test(base);
}
