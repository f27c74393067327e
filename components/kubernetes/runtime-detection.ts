/** CONTRACT STUB: helper D implements (zt:k8s:RuntimeDetection). */
import * as pulumi from "@pulumi/pulumi";

/** Falcosidekick's service account, which the AWS composition gives a Pod Identity to write CloudWatch Logs. */
export const FALCOSIDEKICK_SERVICE_ACCOUNT = { namespace: "falco", name: "falco-falcosidekick" } as const;

/** Where Falco's alerts go. */
export type FalcoOutput =
    /** JSON on stdout, shipped by the cluster's own log agent (GKE Cloud Logging, AKS Container Insights). */
    | { kind: "stdout"; collector: string }
    /** Falcosidekick writes to a CloudWatch Logs group with its Pod Identity (EKS). */
    | { kind: "cloudwatch"; region: string; logGroupName: pulumi.Input<string> };

export interface RuntimeDetectionArgs {
    labels: Record<string, string>;
    /** falcosecurity/falco chart version. */
    chartVersion: string;
    output: FalcoOutput;
}

export class RuntimeDetection extends pulumi.ComponentResource {
    constructor(name: string, args: RuntimeDetectionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:RuntimeDetection", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
