/** CONTRACT STUB: helper A implements. Pure builders of the baseline's namespaces, quotas and limit ranges. */
import type { Manifest } from "./labels";

export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** A tier's namespace (named after the tier): PSA enforce/audit/warn `restricted`, tier label, the landing zone's labels, Istio injection when meshed. */
export function tenantNamespace(tier: string, o: { labels: Record<string, string>; meshInjection: boolean }): Manifest {
    throw new Error(`not implemented ${tier} ${JSON.stringify(o)}`);
}

/** A namespace a platform chart runs in, with its PSA level stated explicitly. */
export function platformNamespace(name: string, o: { labels: Record<string, string>; podSecurity: PodSecurityLevel }): Manifest {
    throw new Error(`not implemented ${name} ${JSON.stringify(o)}`);
}

export function resourceQuota(namespace: string, quota: { cpu: string; memory: string; pods: number }, labels: Record<string, string>): Manifest {
    throw new Error(`not implemented ${namespace} ${JSON.stringify({ quota, labels })}`);
}

export function limitRange(
    namespace: string,
    defaults: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } },
    labels: Record<string, string>,
): Manifest {
    throw new Error(`not implemented ${namespace} ${JSON.stringify({ defaults, labels })}`);
}
