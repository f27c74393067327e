/** CONTRACT STUB: helper B implements (zt:k8s:Mesh). */
import * as pulumi from "@pulumi/pulumi";
import type { Flow } from "../../config/schema";
import type { BaselineWorkload } from "./labels";

export interface MeshArgs {
    /** The landing zone's labels (owner, environment, managed-by), on every object. */
    labels: Record<string, string>;
    /** istio/base, istio/cni and istio/istiod chart version. */
    chartVersion: string;
    /** Node directory the CNI plugin installs into. Default: `/opt/cni/bin`; GKE needs `/home/kubernetes/bin`. */
    cniBinDir?: string;
    /** The tenant tiers (namespaces) inside the mesh. */
    tiers: string[];
    /** Tier-to-tier flows: one ALLOW AuthorizationPolicy each, in the destination's namespace. */
    flows: Flow[];
    /** Workloads by name: their service accounts are the callers' SPIFFE principals, their methods narrow the rules. */
    workloads: Record<string, BaselineWorkload>;
    /** The tenant namespaces, which the namespaced policies wait for. */
    namespaces: Record<string, pulumi.Resource>;
}

export class Mesh extends pulumi.ComponentResource {
    constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:Mesh", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
