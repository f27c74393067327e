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
    "azure-native:storage:StorageAccount": { kind: "datastore", tags: true, label: "storage account" },
    "azure-native:keyvault:Vault": {
        kind: "vault",
        tags: true,
        label: "key vault",
        // Purge protection keeps a deleted vault recoverable for its retention period and cannot be switched off.
        protection: [{ path: ["properties", "enablePurgeProtection"], protectedValues: [true], hint: "properties.enablePurgeProtection: true" }],
    },
    "azure-native:sql:Server": { kind: "datastore", tags: true, label: "SQL server" },
    "azure-native:operationalinsights:Workspace": { kind: "log-archive", tags: true, label: "Log Analytics workspace" },
    "azure-native:network:FlowLog": { kind: "other", tags: true, label: "flow log" },
};
