/**
 * What the Azure data, workload and visibility rules share: the type tokens they judge, enum
 * compares (ARM treats enum values case-insensitively: "Disabled", "disabled"), and whether one
 * resource names another by its ARM id: a private endpoint its storage account, a diagnostic
 * setting the vault it logs.
 *
 * ARM ids are computed outputs: unknown in a preview of a new target, `<logical name>-id` offline.
 * As in ./links.ts, the engine's record of which resource fed the property (propertyDependencies)
 * is the primary evidence. A literal is accepted when it is the target's URN, its `id`, or an ARM
 * id naming the target's type, resource group and physical name, which covers ids composed from
 * names, existing resources and `pulumi stack export` files.
 */
import { PolicyResource } from "@pulumi/policy";
import { isUnknown, raw, readRaw } from "./props";

export const AZURE_TYPES = {
    storageAccount: "azure-native:storage:StorageAccount",
    blobService: "azure-native:storage:BlobServiceProperties",
    vault: "azure-native:keyvault:Vault",
    accessPolicy: "azure-native:keyvault:AccessPolicy",
    key: "azure-native:keyvault:Key",
    privateEndpoint: "azure-native:network:PrivateEndpoint",
    networkSecurityGroup: "azure-native:network:NetworkSecurityGroup",
    registry: "azure-native:containerregistry:Registry",
    cluster: "azure-native:containerservice:ManagedCluster",
    workspace: "azure-native:operationalinsights:Workspace",
} as const;

/** The per-service settings of a storage account, which name the account by `accountName`. */
export const STORAGE_SERVICE_TYPES: readonly string[] = [
    AZURE_TYPES.blobService,
    "azure-native:storage:FileServiceProperties",
    "azure-native:storage:QueueServiceProperties",
    "azure-native:storage:TableServiceProperties",
];

/** How the ARM id of a type names a resource: its provider type and the input holding its physical name. */
export interface ArmType {
    /** e.g. Microsoft.Storage/storageAccounts */
    armType: string;
    /** The input that holds the physical name, e.g. accountName. */
    nameProperty: string;
    /** For messages: "storage account". */
    label: string;
}

export const ARM_TYPES: Readonly<Record<string, ArmType>> = {
    [AZURE_TYPES.storageAccount]: { armType: "Microsoft.Storage/storageAccounts", nameProperty: "accountName", label: "storage account" },
    [AZURE_TYPES.vault]: { armType: "Microsoft.KeyVault/vaults", nameProperty: "vaultName", label: "key vault" },
    [AZURE_TYPES.registry]: { armType: "Microsoft.ContainerRegistry/registries", nameProperty: "registryName", label: "container registry" },
    [AZURE_TYPES.networkSecurityGroup]: {
        armType: "Microsoft.Network/networkSecurityGroups",
        nameProperty: "networkSecurityGroupName",
        label: "network security group",
    },
    [AZURE_TYPES.cluster]: { armType: "Microsoft.ContainerService/managedClusters", nameProperty: "resourceName", label: "AKS cluster" },
    [AZURE_TYPES.workspace]: { armType: "Microsoft.OperationalInsights/workspaces", nameProperty: "workspaceName", label: "Log Analytics workspace" },
};

/** A string equal to one of `expected`, ignoring case (ARM enums and ids are case-insensitive). */
export function isOneOf(value: unknown, expected: readonly string[]): boolean {
    const v = raw(value);
    return typeof v === "string" && expected.some((e) => e.toLowerCase() === v.trim().toLowerCase());
}

/** A known, non-empty string (not the unknown sentinel). */
function knownString(value: unknown): string | undefined {
    const v = raw(value);
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

// /subscriptions/<sub>/resourceGroups/<rg>/providers/<Namespace>/<type>/<name>[/<child path>]
const ARM_ID = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)\/providers\/([^/]+\/[^/]+)\/([^/]+)(\/.*)?$/i;

/**
 * True when the literal `ref` names `target`: its URN, its id, or an ARM id with the target's type,
 * physical name and (when both are known) resource group. With `child`, an id below the target
 * (`<id>/blobServices/default`) counts too.
 */
export function literalNames(ref: unknown, target: PolicyResource, options: { child?: boolean } = {}): boolean {
    const text = knownString(ref);
    if (!text) {
        return false;
    }
    const lower = text.toLowerCase().replace(/\/+$/, "");
    if (text === target.urn) {
        return true;
    }
    const id = knownString(readRaw(target.props, ["id"]))?.toLowerCase();
    if (id && (lower === id || (options.child === true && lower.startsWith(`${id}/`)))) {
        return true;
    }
    const arm = ARM_TYPES[target.type];
    const m = ARM_ID.exec(lower);
    if (!arm || !m) {
        return false;
    }
    const [, group, type, name, rest] = m;
    const ownName = knownString(readRaw(target.props, [arm.nameProperty]))?.toLowerCase();
    const ownGroup = knownString(readRaw(target.props, ["resourceGroupName"]))?.toLowerCase();
    return (
        type === arm.armType.toLowerCase() &&
        ownName === name &&
        (ownGroup === undefined || ownGroup === group) &&
        (rest === undefined || options.child === true)
    );
}

/**
 * True when `from.<property>` names `target`: the engine recorded that the target fed the
 * property, or one of `literals` (the strings read inside the property) names it (see literalNames).
 */
export function namesResource(
    from: PolicyResource,
    property: string,
    literals: readonly unknown[],
    target: PolicyResource,
    options: { child?: boolean } = {},
): boolean {
    if ((from.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    return literals.some((l) => literalNames(l, target, options));
}

/** True when a storage service setting (blob, file, queue, table) belongs to `account`. */
export function isServiceOf(service: PolicyResource, account: PolicyResource): boolean {
    if (!STORAGE_SERVICE_TYPES.includes(service.type)) {
        return false;
    }
    if ((service.propertyDependencies.accountName ?? []).some((d) => d.urn === account.urn)) {
        return true;
    }
    const ref = knownString(readRaw(service.props, ["accountName"]))?.toLowerCase();
    const own = knownString(readRaw(account.props, ["accountName"]))?.toLowerCase();
    return ref !== undefined && ref === own;
}

/** The Azure label of a type for messages ("storage account"), else the type token. */
export function azureLabel(type: string): string {
    return ARM_TYPES[type]?.label ?? type;
}
