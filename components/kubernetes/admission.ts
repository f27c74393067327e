/** CONTRACT STUB: helper C implements (zt:k8s:Admission). */
import * as pulumi from "@pulumi/pulumi";
import type { ImageSignature } from "../../config/kubernetes";

export interface AdmissionArgs {
    labels: Record<string, string>;
    /** kyverno/kyverno chart version. */
    chartVersion: string;
    /** Kyverno's failureAction for every ClusterPolicy: Audit reports, Enforce rejects. */
    mode: "Audit" | "Enforce";
    /** Registry prefixes (host and optional path) images may come from; the landing zone's own registry first. */
    trustedRegistries: pulumi.Input<string>[];
    /** Who must have signed every image (cosign public key or keyless identity). */
    signature: ImageSignature;
    /** Require images pinned by digest. */
    requireDigest: boolean;
    /** Namespaces the tenant policies skip: the platform's charts and Kubernetes' own. */
    excludedNamespaces: string[];
}

export class Admission extends pulumi.ComponentResource {
    constructor(name: string, args: AdmissionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:Admission", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
