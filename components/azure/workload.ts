/**
 * zt:azure:Workload — the landing zone's container registry and (optionally) a private AKS
 * cluster, in the workload resource group.
 *
 * The registry is reachable only through its private endpoint, by Entra ID identities only,
 * encrypted with Data's registry key; it is the only image source the allowed-images policy admits.
 * The cluster (a `zt:azure:Cluster` child) pulls from it with its own kubelet identity.
 */
import * as pulumi from "@pulumi/pulumi";
import * as resources from "@pulumi/azure-native/resources";
import { after } from "../shared/after";
import { AzureCluster } from "./cluster";
import { azureNames } from "./names";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";
import { secureRegistry } from "./workload-registry";

export interface AzureWorkloadArgs {
    /** Physical-name prefix, `<prefix>-<env>`; the registry is `<prefix without dashes>acr`. */
    namePrefix: string;
    location: string;
    tenantId: string;
    /** The subscription, to compose ARM ids (registry, role definitions) from names so the pack reads them at preview. */
    subscriptionId: string;
    /** CMK of the registry. CAUTION: ACR takes a CMK only at creation. */
    registryKey: KeyRef;
    /** KMS etcd encryption key of AKS. */
    clusterKey: KeyRef;
    keyVaultId: pulumi.Input<string>;
    /** The identity the registry unwraps its key with. */
    encryptionIdentity: IdentityRef;
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** The app tier subnet the AKS nodes live in. */
    nodeSubnetId: pulumi.Input<string>;
    /** The app tier's application security group the nodes join. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /**
     * Delegated subnet (to Microsoft.ContainerService/managedClusters, /28 or larger, in the spoke)
     * the API server is projected into: API Server VNet Integration, which AKS requires for KMS with
     * a private key vault on subscriptions that have not used the older Private Link tunnel.
     * Default: none, so the API server is reached over Private Link only; such a cluster with
     * private-vault KMS is refused by AKS on new subscriptions. Pass it wherever AKS is enabled.
     */
    apiServerSubnetId?: pulumi.Input<string>;
    /** True when the spoke routes egress through the hub firewall (AKS outboundType userDefinedRouting). */
    egressViaFirewall: boolean;
    workspaceId: pulumi.Input<string>;
    aks: { enabled: boolean; version: string; vmSize: string; nodes: { min: number; max: number }; upgradeChannel: string; adminGroupIds: pulumi.Input<string>[] };
    /**
     * `data-classification` of the registry. Default: "internal": it holds the organisation's
     * built code, not customer data (images must never carry secrets; the pipeline's scan checks).
     */
    registryClassification?: string;
    /** Protect the registry and the cluster from deletion (prod). */
    protect: boolean;
}

export class AzureWorkload extends pulumi.ComponentResource {
    readonly resourceGroupName: pulumi.Output<string>;
    /** ARM id of the registry, known at preview. */
    readonly registryId: pulumi.Output<string>;
    /** `<registry>.azurecr.io`. */
    readonly registryLoginServer: pulumi.Output<string>;
    /**
     * Set when AKS is enabled: its name, a secret kubeconfig (exec/kubelogin, no credential) and
     * its OIDC issuer URL (workloads' federated credentials) for the Kubernetes baseline.
     */
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string>; oidcIssuerUrl: pulumi.Output<string> };

    constructor(name: string, args: AzureWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Workload", name, {}, opts);
        const names = azureNames(args.namePrefix);
        const subscriptionId = args.subscriptionId;

        const groupName = names.resourceGroup("workload");
        const group = new resources.ResourceGroup(`${name}-rg`, { resourceGroupName: groupName, location: args.location }, { parent: this });
        // Known at preview, so ids composed from it are readable by the pack; delivered after the group exists.
        const resourceGroupName = after([group], pulumi.output(groupName));

        const registry = secureRegistry(`${name}-registry`, {
            registryName: names.registry,
            resourceGroupName,
            subscriptionId,
            location: args.location,
            key: args.registryKey,
            encryptionIdentity: args.encryptionIdentity,
            privateEndpointSubnetId: args.privateEndpointSubnetId,
            dnsZoneId: args.privateDnsZoneIds.registry,
            workspaceId: args.workspaceId,
            classification: args.registryClassification ?? "internal",
            protect: args.protect,
        }, { parent: this });

        if (args.aks.enabled) {
            const cluster = new AzureCluster(`${name}-aks`, {
                namePrefix: args.namePrefix,
                location: args.location,
                tenantId: args.tenantId,
                subscriptionId,
                resourceGroupName,
                version: args.aks.version,
                vmSize: args.aks.vmSize,
                nodes: args.aks.nodes,
                upgradeChannel: args.aks.upgradeChannel,
                adminGroupIds: args.aks.adminGroupIds,
                clusterKey: args.clusterKey,
                keyVaultId: args.keyVaultId,
                privateDnsZoneId: args.privateDnsZoneIds.aks,
                nodeSubnetId: args.nodeSubnetId,
                nodeSecurityGroupId: args.nodeSecurityGroupId,
                apiServerSubnetId: args.apiServerSubnetId,
                egressViaFirewall: args.egressViaFirewall,
                registryId: registry.id,
                workspaceId: args.workspaceId,
                protect: args.protect,
            }, { parent: this });
            this.cluster = { name: cluster.name, kubeconfig: cluster.kubeconfig, oidcIssuerUrl: cluster.oidcIssuerUrl };
        }

        this.resourceGroupName = resourceGroupName;
        this.registryId = registry.id;
        this.registryLoginServer = registry.loginServer;
        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            registryId: this.registryId,
            registryLoginServer: this.registryLoginServer,
            ...(this.cluster ? { cluster: this.cluster } : {}),
        });
    }
}
