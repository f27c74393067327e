/**
 * zt:azure:Cluster — a private AKS cluster: API server reachable only inside the network (no
 * public FQDN), Entra ID the only way in (local accounts off, Azure RBAC), etcd secrets encrypted
 * with the landing zone's key in a private vault, workload identity instead of secrets, Defender
 * and Azure Policy on, Cilium network policies, egress only through the hub firewall, patched
 * automatically, and every control-plane log in the workspace.
 *
 * Two user-assigned identities: the control plane's (`<prefix>-aks`), which gets exactly the roles
 * AKS documents for a BYO network, private DNS zone and private KMS vault; and the kubelet's
 * (`<prefix>-aks-kubelet`), which may only pull from the landing zone's registry. Created here,
 * before the cluster, so the roles exist when AKS first uses them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { after } from "../shared/after";
import { diagnosticSetting } from "./diagnostics";
import { azureNames, stableGuid } from "./names";
import type { KeyRef } from "./refs";
import {
    AKS_ROLES,
    aadProfile,
    addonProfiles,
    apiServerAccessProfile,
    clusterKubeconfig,
    networkProfile,
    roleDefinitionId,
    securityProfile,
    systemPool,
    vnetIdOfSubnet,
} from "./workload-aks";

export interface AzureClusterArgs {
    /** Physical-name prefix; the cluster is `<prefix>-aks`. */
    namePrefix: string;
    location: string;
    tenantId: string;
    subscriptionId: pulumi.Input<string>;
    /** Resource group, known at preview but delivered after the group exists. */
    resourceGroupName: pulumi.Input<string>;
    /** Kubernetes minor version; the upgrade channel keeps the patch current. */
    version: string;
    /**
     * Node VM size and autoscaler bounds of the system pool. CAUTION: AKS does not update an inline
     * pool, so these apply at creation; later changes need `az aks nodepool update` and a refresh.
     */
    vmSize: string;
    nodes: { min: number; max: number };
    /** `patch`, `stable`, `rapid` or `node-image`; never `none`. */
    upgradeChannel: string;
    /** Entra groups given cluster admin through Azure RBAC. */
    adminGroupIds: pulumi.Input<string>[];
    /** KMS key; its versioned URI is used. CAUTION: disabling KMS later is one-way; never delete or expire the key version in use. */
    clusterKey: KeyRef;
    keyVaultId: pulumi.Input<string>;
    /** The hub's `privatelink.<region>.azmk8s.io` zone. */
    privateDnsZoneId: pulumi.Input<string>;
    /** Node subnet. CAUTION: changing it replaces the cluster. */
    nodeSubnetId: pulumi.Input<string>;
    nodeSecurityGroupId: pulumi.Input<string>;
    /** Delegated API server subnet (API Server VNet Integration). Default: none (Private Link); see AzureWorkloadArgs. */
    apiServerSubnetId?: pulumi.Input<string>;
    /** Must be true: the cluster's only egress is the hub firewall. */
    egressViaFirewall: boolean;
    /** The registry nodes pull from (AcrPull for the kubelet identity). */
    registryId: pulumi.Input<string>;
    workspaceId: pulumi.Input<string>;
    /** Protect the cluster from deletion (its etcd holds every workload's state and secrets). */
    protect: boolean;
}

export class AzureCluster extends pulumi.ComponentResource {
    /** `<prefix>-aks`, delivered once the cluster exists. */
    readonly name: pulumi.Output<string>;
    readonly id: pulumi.Output<string>;
    /** Secret kubeconfig in `exec` format (kubelogin + Entra ID): no credential inside. */
    readonly kubeconfig: pulumi.Output<string>;
    /** Object id of the kubelet identity, for further pull grants. */
    readonly kubeletPrincipalId: pulumi.Output<string>;
    /** The cluster's OIDC issuer URL, which workloads' federated credentials trust. Computed by AKS: unknown until the cluster exists. */
    readonly oidcIssuerUrl: pulumi.Output<string>;

    constructor(name: string, args: AzureClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Cluster", name, {}, opts);
        const child = { parent: this };
        const clusterName = azureNames(args.namePrefix).cluster;
        const kubeletName = `${clusterName}-kubelet`;
        // Checked before anything is declared, so a misconfigured stack fails with one clear message.
        const network = networkProfile(args.egressViaFirewall);

        const identity = new managedidentity.UserAssignedIdentity(`${name}-identity`, {
            resourceName: clusterName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
        }, child);
        const kubelet = new managedidentity.UserAssignedIdentity(`${name}-kubelet-identity`, {
            resourceName: kubeletName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
        }, child);
        const kubeletId = after(
            [kubelet],
            pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${kubeletName}`,
        );

        const grant = (key: string, principal: managedidentity.UserAssignedIdentity, role: keyof typeof AKS_ROLES, scope: pulumi.Input<string>) =>
            new authorization.RoleAssignment(`${name}-role-${key}`, {
                // Seeded with the cluster and the grant's word: stable across runs, unique per grant.
                roleAssignmentName: stableGuid(`${clusterName}|${key}|${AKS_ROLES[role]}`),
                principalId: principal.principalId,
                // Set, so ARM does not look the new identity up in Entra ID before it has replicated.
                principalType: "ServicePrincipal",
                roleDefinitionId: roleDefinitionId(args.subscriptionId, AKS_ROLES[role]),
                scope,
            }, child);

        const controlPlaneRoles = [
            grant("dns-zone", identity, "privateDnsZoneContributor", args.privateDnsZoneId),
            // The spoke VNet, not only the node subnet: AKS links the custom DNS zone to it (and, with
            // VNet integration, projects the API server into a second subnet of it).
            grant("network", identity, "networkContributor", pulumi.output(args.nodeSubnetId).apply(vnetIdOfSubnet)),
            // Joining the nodes' NICs to the tier's ASG is an action on the ASG, which lives outside the VNet.
            grant("node-asg", identity, "networkContributor", args.nodeSecurityGroupId),
            grant("kms-key", identity, "keyVaultCryptoUser", args.clusterKey.id),
            grant("kms-vault", identity, "keyVaultContributor", args.keyVaultId),
            grant("kubelet-operator", identity, "managedIdentityOperator", kubeletId),
        ];
        const pull = grant("kubelet-acr-pull", kubelet, "acrPull", args.registryId);

        const cluster = new containerservice.ManagedCluster(`${name}-cluster`, {
            resourceName: clusterName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            dnsPrefix: clusterName,
            kubernetesVersion: args.version,
            sku: { name: "Base", tier: "Standard" },
            identity: { type: "UserAssigned", userAssignedIdentities: [identity.id] },
            identityProfile: { kubeletidentity: { resourceId: kubeletId, clientId: kubelet.clientId, objectId: kubelet.principalId } },
            nodeResourceGroup: azureNames(args.namePrefix).resourceGroup("aks-nodes"),
            // Nobody edits the node resource group's VMs, disks or NICs behind AKS's back.
            nodeResourceGroupProfile: { restrictionLevel: "ReadOnly" },
            apiServerAccessProfile: apiServerAccessProfile(args.privateDnsZoneId, args.apiServerSubnetId),
            publicNetworkAccess: "Disabled",
            enableRBAC: true,
            disableLocalAccounts: true,
            aadProfile: aadProfile(args.tenantId, args.adminGroupIds),
            oidcIssuerProfile: { enabled: true },
            securityProfile: securityProfile({ workspaceId: args.workspaceId, kmsKeyId: args.clusterKey.uriWithVersion, keyVaultId: args.keyVaultId }),
            addonProfiles: addonProfiles(args.workspaceId),
            networkProfile: network,
            autoUpgradeProfile: { upgradeChannel: args.upgradeChannel, nodeOSUpgradeChannel: "NodeImage" },
            agentPoolProfiles: [systemPool({
                vmSize: args.vmSize,
                nodes: args.nodes,
                kubernetesVersion: args.version,
                subnetId: args.nodeSubnetId,
                securityGroupId: args.nodeSecurityGroupId,
            })],
        }, { ...child, protect: args.protect, dependsOn: [...controlPlaneRoles, pull] });

        this.name = after([cluster], pulumi.output(clusterName));
        this.id = after(
            [cluster],
            pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.ContainerService/managedClusters/${clusterName}`,
        );

        // allLogs includes kube-audit with every read (who read which secret), not only kube-audit-admin.
        diagnosticSetting(`${name}-diagnostics`, this.id, args.workspaceId, child);

        this.kubeconfig = clusterKubeconfig(containerservice.listManagedClusterUserCredentialsOutput(
            { resourceGroupName: args.resourceGroupName, resourceName: this.name, format: "exec" },
            child,
        ));
        this.kubeletPrincipalId = kubelet.principalId;
        // An absent URL stays unknown rather than becoming "": a preview then shows it as computed,
        // never as an empty issuer a credential would trust.
        this.oidcIssuerUrl = cluster.oidcIssuerProfile.apply((p) => p?.issuerURL ?? (pulumi.unknown as unknown as string));
        this.registerOutputs({ name: this.name, id: this.id, kubeconfig: this.kubeconfig, kubeletPrincipalId: this.kubeletPrincipalId, oidcIssuerUrl: this.oidcIssuerUrl });
    }
}
