/** STUB — replaced by the workload pillar. The Args and public outputs are the contract stacks/azure.ts uses. */
import * as pulumi from "@pulumi/pulumi";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";

export interface AzureWorkloadArgs {
    namePrefix: string;
    location: string;
    tenantId: string;
    registryKey: KeyRef;
    /** KMS etcd encryption key of AKS. */
    clusterKey: KeyRef;
    keyVaultId: pulumi.Input<string>;
    encryptionIdentity: IdentityRef;
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** The app tier subnet the AKS nodes live in. */
    nodeSubnetId: pulumi.Input<string>;
    /** The app tier's application security group the nodes join. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** True when the spoke routes egress through the hub firewall (AKS outboundType userDefinedRouting). */
    egressViaFirewall: boolean;
    workspaceId: pulumi.Input<string>;
    aks: { enabled: boolean; version: string; vmSize: string; nodes: { min: number; max: number }; upgradeChannel: string; adminGroupIds: pulumi.Input<string>[] };
    protect: boolean;
}

export class AzureWorkload extends pulumi.ComponentResource {
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string> };

    constructor(name: string, args: AzureWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Workload", name, {}, opts);
        void args;
        this.registerOutputs({});
    }
}
