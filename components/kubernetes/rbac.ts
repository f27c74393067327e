/** CONTRACT STUB: helper A implements. Pure builders of workloads' ServiceAccounts, Roles and RoleBindings. */
import type { BaselineWorkload, Manifest, WorkloadIdentityWiring } from "./labels";

/** The workload's ServiceAccount (named after the workload): automountServiceAccountToken false, cloud identity annotations. */
export function serviceAccount(name: string, namespace: string, wiring: WorkloadIdentityWiring | undefined, labels: Record<string, string>): Manifest {
    throw new Error(`not implemented ${name} ${namespace} ${JSON.stringify({ wiring, labels })}`);
}

/** A namespaced Role with exactly the workload's apiAccess rules and its RoleBinding; undefined when it needs no API access. */
export function workloadRole(name: string, namespace: string, apiAccess: BaselineWorkload["apiAccess"], labels: Record<string, string>): { role: Manifest; binding: Manifest } | undefined {
    throw new Error(`not implemented ${name} ${namespace} ${JSON.stringify({ apiAccess, labels })}`);
}
