/**
 * Pure builders of the baseline's namespaces, quotas and limit ranges. Each returns the exact
 * object the API server receives; the tests validate it against the Kubernetes schema.
 */
import { PSA_LABELS, TIER_LABEL, type Manifest } from "./labels";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/**
 * The Pod Security Standards version every namespace pins. Pinning (rather than `latest`) means a
 * cluster upgrade never changes what admission accepts without a reviewed commit here; v1.33 is
 * the oldest minor our clusters run (EKS and AKS default to 1.33, GKE's REGULAR channel is at or
 * past it), and the `restricted` checks have not changed since v1.25 anyway. A version newer than
 * the cluster would be evaluated as `latest`, so bump this only together with the clusters.
 * https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/
 */
export const PSA_VERSION = "v1.33";

/**
 * Istio's namespace label for automatic sidecar injection (the default revision).
 * https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
export const ISTIO_INJECTION_LABEL = "istio-injection";

/** Name of the ResourceQuota in every tenant namespace. */
export const QUOTA_NAME = "tenant-quota";
/** Name of the LimitRange in every tenant namespace. */
export const LIMIT_RANGE_NAME = "container-defaults";

/** `pod-security.kubernetes.io/{enforce,audit,warn}` = level, each with its `-version` pinned. */
function podSecurityLabels(level: PodSecurityLevel): Record<string, string> {
    return Object.fromEntries(PSA_LABELS.flatMap((key) => [[key, level], [`${key}-version`, PSA_VERSION]]));
}

/**
 * A tier's namespace (named after the tier): PSA enforce/audit/warn `restricted`, tier label, the
 * landing zone's labels, Istio injection when meshed. The security labels are written last, so a
 * caller's label of the same key can never weaken them. `restricted` forbids the NET_ADMIN that
 * istio-init needs, which is why the mesh redirects traffic with the Istio CNI plugin instead.
 */
export function tenantNamespace(tier: string, o: { labels: Record<string, string>; meshInjection: boolean }): Manifest {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: {
            name: tier,
            labels: {
                ...o.labels,
                [TIER_LABEL]: tier,
                ...podSecurityLabels("restricted"),
                ...(o.meshInjection ? { [ISTIO_INJECTION_LABEL]: "enabled" } : {}),
            },
        },
    };
}

/**
 * A namespace a platform chart runs in, with its PSA level stated explicitly (istio-system and
 * kyverno run `restricted`; falco needs `privileged` for its kernel driver). An explicit
 * `privileged` is deliberate: it is visible in review and in the policy report, where a missing
 * label would silently mean the same.
 */
export function platformNamespace(name: string, o: { labels: Record<string, string>; podSecurity: PodSecurityLevel }): Manifest {
    return {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name, labels: { ...o.labels, ...podSecurityLabels(o.podSecurity) } },
    };
}

/**
 * The namespace's ResourceQuota (`tenant-quota`). `limits.*` carry the quota: they bound what the
 * namespace can ever consume, bursts included, and every container has limits (the LimitRange
 * fills them in, admission requires them). `requests.*` carry the same value: while every
 * container's requests are at most its limits it never binds first, but it keeps the scheduler's
 * reservation for the namespace under the same ceiling if a limit is ever missing.
 */
export function resourceQuota(namespace: string, quota: { cpu: string; memory: string; pods: number }, labels: Record<string, string>): Manifest {
    return {
        apiVersion: "v1",
        kind: "ResourceQuota",
        metadata: { name: QUOTA_NAME, namespace, labels: { ...labels } },
        spec: {
            hard: {
                "requests.cpu": quota.cpu,
                "limits.cpu": quota.cpu,
                "requests.memory": quota.memory,
                "limits.memory": quota.memory,
                pods: String(quota.pods),
            },
        },
    };
}

/**
 * The namespace's LimitRange (`container-defaults`): limits (`default`) and requests
 * (`defaultRequest`) for containers that state none, so the quota can admit them and no
 * container runs unbounded.
 */
export function limitRange(
    namespace: string,
    defaults: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } },
    labels: Record<string, string>,
): Manifest {
    return {
        apiVersion: "v1",
        kind: "LimitRange",
        metadata: { name: LIMIT_RANGE_NAME, namespace, labels: { ...labels } },
        spec: {
            limits: [
                {
                    type: "Container",
                    default: { cpu: defaults.limits.cpu, memory: defaults.limits.memory },
                    defaultRequest: { cpu: defaults.requests.cpu, memory: defaults.requests.memory },
                },
            ],
        },
    };
}
