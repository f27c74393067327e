/**
 * zt:k8s:SecureWorkload — the secure workload helper: a Deployment and a ClusterIP Service (and a
 * PodDisruptionBudget when there is more than one replica) built by ./secure-workload-manifests,
 * with every pod rule of the baseline satisfied by default: non-root UID 65532, no privilege
 * escalation, every capability dropped, a read-only root filesystem with a small writable /tmp,
 * RuntimeDefault seccomp, resource limits, no ServiceAccount token unless asked, no host
 * namespaces or paths, spread across zones.
 *
 * The caller orders it after the workload's ServiceAccount and the platform components (admission
 * and the mesh) with `dependsOn`: a pod created before Kyverno is never checked, one created before
 * istiod has no sidecar. The children repeat that `dependsOn`, so the order is recorded on the
 * objects themselves (in the state and the plan) rather than only implied by their parent.
 */
import * as pulumi from "@pulumi/pulumi";
import { Deployment } from "@pulumi/kubernetes/apps/v1";
import { Service } from "@pulumi/kubernetes/core/v1";
import { PodDisruptionBudget } from "@pulumi/kubernetes/policy/v1";
import { objectArgs } from "./labels";
import { secureWorkloadManifests, type SecureWorkloadArgs } from "./secure-workload-manifests";

export type { SecureWorkloadArgs };
export { secureWorkloadManifests };

export class SecureWorkload extends pulumi.ComponentResource {
    /** `<namespace>/<name>` of the Deployment, the Service and the PodDisruptionBudget. */
    readonly objectName: string;
    /** The Service's in-cluster host name. */
    readonly serviceHost: string;

    constructor(name: string, args: SecureWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:SecureWorkload", name, {}, opts);
        const m = secureWorkloadManifests(name, args);
        const child = { parent: this, dependsOn: opts?.dependsOn };

        new Deployment(`${name}-deployment`, objectArgs(m.deployment), child);
        new Service(`${name}-service`, objectArgs(m.service), child);
        if (m.disruptionBudget) new PodDisruptionBudget(`${name}-pdb`, objectArgs(m.disruptionBudget), child);

        this.objectName = `${args.namespace}/${name}`;
        this.serviceHost = `${name}.${args.namespace}.svc`;
        this.registerOutputs({ objectName: this.objectName, serviceHost: this.serviceHost });
    }
}
