/**
 * Pure builders of workloads' ServiceAccounts, Roles and RoleBindings. A workload gets exactly the
 * namespaced rules its config lists, bound to its own ServiceAccount, and never a ClusterRole.
 */
import { WORKLOAD_LABEL, type BaselineWorkload, type Manifest, type WorkloadIdentityWiring } from "./labels";

const RBAC_GROUP = "rbac.authorization.k8s.io";
/** Verbs that let a subject grant itself (or act as) more than it holds; never a workload's. */
export const FORBIDDEN_VERBS = ["escalate", "bind", "impersonate"] as const;

/**
 * The workload's ServiceAccount (named after the workload): no token is mounted by default, so a
 * pod that does not call the Kubernetes API holds no credential for it (the secure workload helper
 * mounts one only for workloads with `apiAccess`). The annotations are the cloud's identity wiring
 * (GKE `iam.gke.io/gcp-service-account`, AKS `azure.workload.identity/client-id`).
 */
export function serviceAccount(name: string, namespace: string, wiring: WorkloadIdentityWiring | undefined, labels: Record<string, string>): Manifest {
    const annotations = wiring?.serviceAccountAnnotations ?? {};
    return {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: {
            name,
            namespace,
            labels: { ...labels, [WORKLOAD_LABEL]: name },
            ...(Object.keys(annotations).length > 0 ? { annotations: { ...annotations } } : {}),
        },
        automountServiceAccountToken: false,
    };
}

/**
 * Every wildcard and privilege-granting verb in `apiAccess`, as messages naming the workload, the
 * field and the fix. The config schema already forbids them; this keeps a caller that skips the
 * schema (a composition, a test) from ever emitting them.
 */
function accessErrors(name: string, apiAccess: BaselineWorkload["apiAccess"]): string[] {
    const errors: string[] = [];
    apiAccess.forEach((rule, i) => {
        const at = `kubernetes.workloads.${name}.apiAccess[${i}]`;
        for (const field of ["apiGroups", "resources", "verbs", "resourceNames"] as const) {
            if ((rule[field] ?? []).includes("*")) {
                errors.push(`${at}.${field} contains "*": a wildcard grants what does not exist yet; list the exact ${field} the workload uses`);
            }
        }
        const forbidden = rule.verbs.filter((v) => (FORBIDDEN_VERBS as readonly string[]).includes(v));
        if (forbidden.length > 0) {
            errors.push(`${at}.verbs contains ${JSON.stringify(forbidden)}: they let the workload grant itself more than it holds; use only get, list, watch, create, update, patch, delete`);
        }
    });
    return errors;
}

/**
 * A namespaced Role with exactly the workload's apiAccess rules and its RoleBinding to the
 * workload's ServiceAccount, both named after the workload; undefined when it needs no API access.
 * Throws, listing every problem, when a rule holds a wildcard or a forbidden verb.
 */
export function workloadRole(name: string, namespace: string, apiAccess: BaselineWorkload["apiAccess"], labels: Record<string, string>): { role: Manifest; binding: Manifest } | undefined {
    if (apiAccess.length === 0) return undefined;
    const errors = accessErrors(name, apiAccess);
    if (errors.length > 0) throw new Error(`workload "${name}" asks for Kubernetes API access it may not have:\n- ${errors.join("\n- ")}`);
    const metadata = { name, namespace, labels: { ...labels, [WORKLOAD_LABEL]: name } };
    return {
        role: {
            apiVersion: `${RBAC_GROUP}/v1`,
            kind: "Role",
            metadata,
            rules: apiAccess.map((r) => ({
                apiGroups: [...r.apiGroups],
                resources: [...r.resources],
                verbs: [...r.verbs],
                ...(r.resourceNames ? { resourceNames: [...r.resourceNames] } : {}),
            })),
        },
        binding: {
            apiVersion: `${RBAC_GROUP}/v1`,
            kind: "RoleBinding",
            metadata: { ...metadata, labels: { ...metadata.labels } },
            roleRef: { apiGroup: RBAC_GROUP, kind: "Role", name },
            subjects: [{ kind: "ServiceAccount", name, namespace }],
        },
    };
}
