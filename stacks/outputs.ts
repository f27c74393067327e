/** The output contract every cloud's composition honours, so consumers read one shape. */
import type * as pulumi from "@pulumi/pulumi";

export interface LandingZoneOutputs {
    cloud: "aws" | "azure" | "gcp";
    environment: string;
    network: {
        /** VPC id, VNet id or VPC network id. */
        id: pulumi.Output<string>;
        /** Tier → CIDR of its block. */
        tierCidrs: Record<string, string>;
        /** Tier → zone (or `regional`) → subnet id. */
        subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    };
    /** The managed cluster the Kubernetes baseline runs on, when the stack builds one. */
    kubernetes?: {
        clusterName: pulumi.Output<string>;
        /** A kubeconfig that authenticates with the cloud's CLI (no embedded credentials); exported as a secret. */
        kubeconfig: pulumi.Output<string>;
    };
}
