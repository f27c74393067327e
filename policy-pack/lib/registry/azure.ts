/**
 * Azure types (pulumi-azure-native v3). Property names checked against
 * node_modules/@pulumi/azure-native/<module>/*.d.ts. Azure has no per-resource deletion flag
 * (resource locks are separate resources), so most stateful types rely on `protect`.
 */
import { TypeRegistry } from "./types";

export const azureTypes: TypeRegistry = {
    "azure-native:resources:ResourceGroup": { kind: "other", tags: true, label: "resource group" },
    "azure-native:network:VirtualNetwork": {
        kind: "network",
        tags: true,
        label: "virtual network",
        flowLogs: {
            via: "resource",
            logType: "azure-native:network:FlowLog",
            refProperty: "targetResourceId",
            enabledProperty: "enabled",
            hint: "add an azure-native network.FlowLog whose targetResourceId is this virtual network's id",
        },
    },
    // Subnets are proxy resources of the VNet and carry no tags.
    "azure-native:network:Subnet": { kind: "network", tags: false, label: "subnet" },
    "azure-native:network:NetworkSecurityGroup": { kind: "network", tags: true, label: "network security group" },
    "azure-native:network:ApplicationSecurityGroup": { kind: "network", tags: true, label: "application security group" },
    "azure-native:network:VirtualNetworkPeering": { kind: "network", tags: false, label: "virtual network peering" },
    "azure-native:network:RouteTable": { kind: "network", tags: true, label: "route table" },
    "azure-native:network:PublicIPAddress": { kind: "network", tags: true, label: "public IP address" },
    "azure-native:network:AzureFirewall": { kind: "network", tags: true, label: "Azure Firewall" },
    "azure-native:network:FirewallPolicy": { kind: "network", tags: true, label: "firewall policy" },
    "azure-native:network:FirewallPolicyRuleCollectionGroup": { kind: "network", tags: false, label: "firewall rule collection group" },
    "azure-native:privatedns:PrivateZone": { kind: "network", tags: true, label: "private DNS zone" },
    "azure-native:privatedns:VirtualNetworkLink": { kind: "network", tags: true, label: "private DNS zone link" },
    "azure-native:storage:StorageAccount": { kind: "datastore", tags: true, label: "storage account" },
    "azure-native:keyvault:Vault": {
        kind: "vault",
        tags: true,
        label: "key vault",
        // Purge protection keeps a deleted vault recoverable for its retention period and cannot be switched off.
        protection: [{ path: ["properties", "enablePurgeProtection"], protectedValues: [true], hint: "properties.enablePurgeProtection: true" }],
    },
    // Deleting a key makes everything it wraps unreadable; a soft-deleted key is recoverable only
    // through its vault's purge protection, so the key itself relies on `protect`.
    "azure-native:keyvault:Key": { kind: "key", tags: true, label: "key vault key" },
    "azure-native:network:PrivateEndpoint": { kind: "network", tags: true, label: "private endpoint" },
    // A proxy resource of the private endpoint: no tags.
    "azure-native:network:PrivateDnsZoneGroup": { kind: "network", tags: false, label: "private DNS zone group" },
    "azure-native:managedidentity:UserAssignedIdentity": { kind: "other", tags: true, label: "user-assigned managed identity" },
    // Azure workload pillar. The registry holds every image the clusters may run (and their
    // signatures): losing it stops every deployment, and ACR has no provider-side deletion flag,
    // so as a datastore it must carry `protect` and a classification.
    "azure-native:containerregistry:Registry": { kind: "datastore", tags: true, label: "container registry" },
    // The cluster's state (etcd) is rebuilt from Git and the registry; the workload protects it anyway.
    "azure-native:containerservice:ManagedCluster": { kind: "other", tags: true, label: "AKS cluster" },
    "azure-native:sql:Server": { kind: "datastore", tags: true, label: "SQL server" },
    "azure-native:operationalinsights:Workspace": { kind: "log-archive", tags: true, label: "Log Analytics workspace" },
    "azure-native:network:FlowLog": { kind: "other", tags: true, label: "flow log" },
    // Azure visibility pillar. Diagnostic settings, Defender pricings, Sentinel objects and the
    // Entra diagnostic setting are proxy resources without tags, so they need no row.
    "azure-native:monitor:ActionGroup": { kind: "other", tags: true, label: "action group" },
    "azure-native:monitor:ActivityLogAlert": { kind: "other", tags: true, label: "activity log alert" },
};
