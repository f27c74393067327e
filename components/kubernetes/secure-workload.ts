/** CONTRACT STUB: helper D implements (zt:k8s:SecureWorkload). */
import * as pulumi from "@pulumi/pulumi";

export interface SecureWorkloadArgs {
    /** Namespace (the workload's tier). */
    namespace: string;
    /** Full image reference; pinned by digest in prod. */
    image: pulumi.Input<string>;
    /** Container and Service port. */
    port: number;
    /** Default: 2. */
    replicas?: number;
    /** The workload's ServiceAccount (created by the baseline). Default: the component's name. */
    serviceAccountName?: string;
    /** The tier label value. Default: the namespace. */
    tier?: string;
    /** The landing zone's labels. */
    labels: Record<string, string>;
    /** Extra pod labels (cloud workload identity). Default: none. */
    podLabels?: Record<string, string>;
    /** Default: requests 100m/128Mi, limits 500m/512Mi. */
    resources?: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    /** Mount the ServiceAccount token. Default: false (only workloads that call the Kubernetes API need it). */
    mountServiceAccountToken?: boolean;
}

export class SecureWorkload extends pulumi.ComponentResource {
    constructor(name: string, args: SecureWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:SecureWorkload", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
