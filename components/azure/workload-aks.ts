/**
 * Pure builders for the AKS cluster's security-relevant profiles, the built-in roles its
 * identities need, and the kubeconfig it hands to the Kubernetes baseline. Kept apart from the
 * component so each can be tested without a deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as containerservice from "@pulumi/azure-native/containerservice";
import type * as inputs from "@pulumi/azure-native/types/input";

/**
 * Built-in role definition GUIDs (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles),
 * each checked against public templates that grant the same role.
 */
export const AKS_ROLES = {
    /** Write the API server's A record into the hub's `privatelink.<region>.azmk8s.io` zone. */
    privateDnsZoneContributor: "b12aa53e-6015-4669-85d0-8515ebb3ae7f",
    /** Join nodes to the subnet and the ASG, link the DNS zone to the spoke (private-clusters docs). */
    networkContributor: "4d97b98b-1d4f-4787-a291-c67834d212e7",
    /** Wrap and unwrap the KMS data-encryption keys (encrypt/decrypt only, no key management). */
    keyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    /** AKS creates the private link from the KMS plugin to a private vault (use-kms-etcd-encryption docs). */
    keyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    /** The control plane assigns the pre-created kubelet identity to the node scale sets. */
    managedIdentityOperator: "f1a07417-d97a-45cb-824c-7a7467783830",
    /** Nodes pull images from the landing zone's registry, and nothing more. */
    acrPull: "7f951dda-4ed3-4680-a7ca-43fe172d538d",
} as const;

/** A built-in role's ARM id in the subscription, composed from names so the pack reads it at preview. */
export function roleDefinitionId(subscriptionId: pulumi.Input<string>, roleGuid: string): pulumi.Output<string> {
    return pulumi.interpolate`/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

/** The virtual network a subnet belongs to: a subnet's ARM id is `<vnet id>/subnets/<name>`. */
export function vnetIdOfSubnet(subnetId: string): string {
    return subnetId.replace(/\/subnets\/[^/]+$/i, "");
}

/**
 * The cluster's only outbound type: through the hub firewall. A cluster with its own load balancer
 * or NAT egress would bypass the FQDN allow-list, so anything else is refused.
 */
export function clusterOutboundType(egressViaFirewall: boolean): "userDefinedRouting" {
    if (!egressViaFirewall) {
        throw new Error(
            "zt:azure:Cluster: AKS egresses only through the hub firewall (outboundType userDefinedRouting), but the spoke does not route through one. " +
                "Set zt-landing-zone:azure.firewall.enabled to true, or azure.aks.enabled to false.",
        );
    }
    return "userDefinedRouting";
}

/**
 * Private API server: no public FQDN, its record in the hub's zone. With `subnetId` the API server
 * is projected into that delegated subnet (API Server VNet Integration), which KMS with a private
 * key vault requires; without it the nodes reach it through Private Link.
 */
export function apiServerAccessProfile(privateDnsZoneId: pulumi.Input<string>, subnetId?: pulumi.Input<string>): containerservice.ManagedClusterArgs["apiServerAccessProfile"] {
    return {
        enablePrivateCluster: true,
        enablePrivateClusterPublicFQDN: false,
        privateDNSZone: privateDnsZoneId,
        // `az aks command invoke` would be a second way in, through ARM instead of the private network.
        disableRunCommand: true,
        ...(subnetId !== undefined ? { enableVnetIntegration: true, subnetId } : {}),
    };
}

/** Entra ID is the only way in: managed AAD with Azure RBAC for Kubernetes authorization. */
export function aadProfile(tenantId: string, adminGroupIds: pulumi.Input<string>[]): containerservice.ManagedClusterArgs["aadProfile"] {
    return { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: adminGroupIds, tenantID: tenantId };
}

export interface SecurityProfileArgs {
    workspaceId: pulumi.Input<string>;
    /** The KMS key's versioned URI (AKS KMS takes no versionless key). */
    kmsKeyId: pulumi.Input<string>;
    keyVaultId: pulumi.Input<string>;
}

/** Hours between Image Cleaner runs: unused, vulnerable images leave the nodes within a day. */
export const IMAGE_CLEANER_INTERVAL_HOURS = 24;

export function securityProfile(args: SecurityProfileArgs): containerservice.ManagedClusterArgs["securityProfile"] {
    return {
        workloadIdentity: { enabled: true },
        defender: { logAnalyticsWorkspaceResourceId: args.workspaceId, securityMonitoring: { enabled: true } },
        imageCleaner: { enabled: true, intervalHours: IMAGE_CLEANER_INTERVAL_HOURS },
        // Secrets in etcd are envelope-encrypted with the landing zone's key, reached over the vault's private endpoint.
        azureKeyVaultKms: { enabled: true, keyId: args.kmsKeyId, keyVaultNetworkAccess: "Private", keyVaultResourceId: args.keyVaultId },
    };
}

/** Azure Policy enforces the pod baseline and allowed images; Container Insights logs with Entra ID, not a workspace key. */
export function addonProfiles(workspaceId: pulumi.Input<string>): containerservice.ManagedClusterArgs["addonProfiles"] {
    return {
        azurepolicy: { enabled: true },
        omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } },
    };
}

/**
 * Azure CNI Overlay with the Cilium dataplane: pods get addresses outside the VNet (no subnet
 * exhaustion), and Cilium enforces Kubernetes network policies (default deny is the Kubernetes
 * baseline's job). Pod and service ranges stay at AKS's defaults (10.244.0.0/16, 10.0.0.0/16).
 * CAUTION: every field here is fixed at creation; changing one replaces the cluster.
 */
export function networkProfile(egressViaFirewall: boolean): containerservice.ManagedClusterArgs["networkProfile"] {
    return {
        networkPlugin: "azure",
        networkPluginMode: "overlay",
        networkDataplane: "cilium",
        networkPolicy: "cilium",
        loadBalancerSku: "standard",
        outboundType: clusterOutboundType(egressViaFirewall),
    };
}

export interface SystemPoolArgs {
    vmSize: string;
    nodes: { min: number; max: number };
    kubernetesVersion: string;
    subnetId: pulumi.Input<string>;
    /** The tier's application security group, so the network's flows reach the nodes as they reach the tier. */
    securityGroupId: pulumi.Input<string>;
}

/**
 * The one (system) pool. It is not tainted CriticalAddonsOnly: with a single pool, workloads must
 * run somewhere; a user pool added later should take them and the taint then goes on here.
 */
export function systemPool(args: SystemPoolArgs): inputs.containerservice.ManagedClusterAgentPoolProfileArgs {
    return {
        name: "system",
        mode: "System",
        type: "VirtualMachineScaleSets",
        vmSize: args.vmSize,
        orchestratorVersion: args.kubernetesVersion,
        enableAutoScaling: true,
        count: args.nodes.min,
        minCount: args.nodes.min,
        maxCount: args.nodes.max,
        availabilityZones: ["1", "2", "3"],
        osType: "Linux",
        // Azure Linux: a smaller, Microsoft-maintained image built for AKS nodes.
        osSKU: "AzureLinux",
        // The OS disk lives on the VM's local storage: nothing persists past a reimage, reimages are fast.
        osDiskType: "Ephemeral",
        // Temp disks and caches are encrypted on the host too, not only managed disks at rest.
        enableEncryptionAtHost: true,
        enableNodePublicIP: false,
        vnetSubnetID: args.subnetId,
        networkProfile: { applicationSecurityGroups: [args.securityGroupId] },
        // No SSH daemon access at all, and Trusted Launch (secure boot, vTPM) against boot-kit tampering.
        securityProfile: { sshAccess: "Disabled", enableSecureBoot: true, enableVTPM: true },
    };
}

/** The invoke's result shape (`listManagedClusterUserCredentials`). */
export interface UserCredentials {
    kubeconfigs: { name: string; value: string }[];
}

/** The first kubeconfig AKS returns, decoded from base64. */
export function kubeconfigFrom(credentials: UserCredentials): string {
    const first = credentials.kubeconfigs?.[0];
    if (!first) throw new Error("zt:azure:Cluster: AKS returned no user kubeconfig");
    return Buffer.from(first.value, "base64").toString("utf8");
}

/**
 * The kubeconfig the Kubernetes baseline uses, as a secret. It carries no credential: local
 * accounts are disabled, and the `exec` format runs kubelogin to get an Entra ID token for whoever
 * (or whichever workload identity) runs it, so Azure RBAC decides what that caller may do. It is a
 * secret anyway because it maps the private API server's address.
 */
export function clusterKubeconfig(credentials: pulumi.Output<UserCredentials>): pulumi.Output<string> {
    return pulumi.secret(credentials.apply(kubeconfigFrom));
}
