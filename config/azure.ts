/**
 * The Azure section of a stack's config (`zt-landing-zone:azure`). Every optional field states its
 * secure default; defaults that differ per environment are resolved in `resolveAzure`, so the
 * components never look at the environment's name.
 */
import { z } from "zod";
import { cidrField } from "./cidr-field";
import { patterned } from "./patterned";
import type { Environment } from "./schema";

/** Azure public-cloud regions with availability zones or paired-region support for a landing zone. */
export const AZURE_LOCATIONS = [
    "australiacentral", "australiaeast", "australiasoutheast", "brazilsouth", "canadacentral", "canadaeast",
    "centralindia", "centralus", "eastasia", "eastus", "eastus2", "francecentral", "germanywestcentral",
    "israelcentral", "italynorth", "japaneast", "japanwest", "koreacentral", "koreasouth", "mexicocentral",
    "newzealandnorth", "northcentralus", "northeurope", "norwayeast", "polandcentral", "qatarcentral",
    "southafricanorth", "southcentralus", "southeastasia", "southindia", "spaincentral", "swedencentral",
    "switzerlandnorth", "uaenorth", "uksouth", "ukwest", "westcentralus", "westeurope", "westindia",
    "westus", "westus2", "westus3",
] as const;

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (what: string, where: string) =>
    patterned(GUID_PATTERN, `a ${what}`, "a GUID, 8-4-4-4-12 hex digits, e.g. 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", `copy the ${what} from ${where}`);

/** Storage account names are global, 3–24 lowercase letters and digits: `<prefix><env><key>` leaves 10 for the key. */
const STORAGE_KEY = /^[a-z][a-z0-9]{0,9}$/;
/** The log archive's storage account key; data accounts may not take it. */
export const RESERVED_STORAGE_KEYS = ["logs"] as const;
const slug = (max: number) => z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));

const FirewallSchema = z.strictObject({
    /** Azure Firewall in the hub, with spoke egress routed through it. Default: off in dev, on in prod. Required by AKS. */
    enabled: z.boolean().optional(),
    /** FQDNs (leading `*.` for subdomains) spoke workloads may reach over HTTPS. Default: none; AKS adds its own FQDN tag. */
    allowedFqdns: z.array(z.string().regex(/^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/)).optional(),
});

const EntraSchema = z.strictObject({
    /**
     * Whether this stack owns the tenant-wide Entra ID objects: conditional access, the named
     * location, the emergency-access group and the sign-in log export. One stack per tenant should.
     * Default: true in prod, false in dev (dev and prod usually share a tenant).
     */
    manage: z.boolean().optional(),
    /** Public ranges of trusted networks (the named location admins may sign in from without a compliant device). Default: none, so admins need one everywhere. */
    trustedRanges: z.array(cidrField({ requirePrivate: false })).optional(),
    /** `enabled` or `reportOnly` (evaluate and log, never block: for a first rollout). Default: enabled. */
    conditionalAccessState: z.enum(["enabled", "reportOnly"]).optional(),
});

const ManagementGroupsSchema = z.strictObject({
    /** The management group the hierarchy hangs under: the tenant root group's id (the tenant id) or another group's name. */
    parentId: z.string().regex(/^[A-Za-z0-9_().-]{1,90}$/),
    /** Move the stack's subscription into the landing-zones group. Default: true. */
    placeSubscription: z.boolean().optional(),
});

const AksSchema = z.strictObject({
    /** Build the private AKS cluster. Default: off in dev, on in prod. Needs the firewall (its only egress path). */
    enabled: z.boolean().optional(),
    /** Kubernetes minor version. Default: "1.33". */
    version: z.string().regex(/^1\.\d{2}$/).optional(),
    /** Node VM size. Default: Standard_D4ds_v5. */
    vmSize: z.string().regex(/^Standard_[A-Za-z0-9_]+$/).optional(),
    /** Autoscaler bounds of the system pool. Default: min 2, max 5. */
    nodes: z.strictObject({ min: z.number().int().min(1).max(100), max: z.number().int().min(1).max(1000) }).optional(),
    /** Automatic upgrade channel. Default: patch. `none` is not offered: an unpatched cluster is not Zero Trust. */
    upgradeChannel: z.enum(["patch", "stable", "rapid", "node-image"]).optional(),
});

export const AzureSchema = z.strictObject({
    /** Region the landing zone is built in. Required. CAUTION: changing it replaces everything. */
    location: z.enum(AZURE_LOCATIONS),
    /** The subscription the stack deploys into; the provider is pinned to it, so a stale `az login` cannot deploy elsewhere. Required. */
    subscriptionId: guid("subscription id", "the Azure portal (Subscriptions) or `az account show --query id`"),
    /** The Entra ID tenant. Required. */
    tenantId: guid("tenant id", "the Azure portal (Microsoft Entra ID → Overview) or `az account show --query tenantId`"),
    /**
     * The GUID names Azure gave this subscription's PIM role management policies for Owner and
     * Contributor. They cannot be derived and no provider function lists them; docs/azure.md shows
     * the one `az rest` call that reads them. Required.
     */
    pimPolicyNames: z.strictObject({
        owner: guid("role management policy name", "the az rest call in docs/azure.md (Owner's policyId, last segment)"),
        contributor: guid("role management policy name", "the az rest call in docs/azure.md (Contributor's policyId, last segment)"),
    }),
    /** The hub VNet's private range, /16 to /24; must not overlap network.addressSpace or peerRanges. Required. CAUTION: changing it replaces the hub. */
    hubAddressSpace: cidrField({ requirePrivate: true, minPrefix: 16, maxPrefix: 24 }),
    /** Tier slot of the spoke's private-endpoints subnet. Default: the address space's last tier slot. No tier may use it. */
    privateEndpointSlot: z.number().int().min(0).max(255).optional(),
    /** What the Azure Policy assignments do with a non-compliant request: `deny` it or `audit` it. Default: audit in dev, deny in prod. `audit` is refused in prod. */
    policyEnforcement: z.enum(["deny", "audit"]).optional(),
    firewall: FirewallSchema.optional(),
    entra: EntraSchema.optional(),
    /** The platform / landing-zones / sandbox management groups. Default: none (needs tenant-level rights). */
    managementGroups: ManagementGroupsSchema.optional(),
    /** Entra groups whose members approve admin activations in PIM. Default: admin.groups (peers approve; nobody approves themselves). */
    approverGroups: z.array(z.string().min(1).max(256)).min(1).optional(),
    /** Entra groups given the read-only auditor role on the subscription. Default: none. */
    auditorGroups: z.array(z.string().min(1).max(256)).optional(),
    /** User-assigned managed identities by workload name, one per workload. Default: `{ app: {} }`. */
    workloadIdentities: z.record(slug(24), z.strictObject({})).optional(),
    /** Images AKS may run, as a regex over the image reference. Default: only this landing zone's registry, `^<registry>\.azurecr\.io/.+$`. */
    allowedImageRegex: z.string().min(1).max(512).optional(),
    /** Data storage accounts by key (lowercase letters and digits, at most 10), each with an optional classification. Default: `{ data: {} }`. */
    storageAccounts: z.record(z.string().regex(STORAGE_KEY), z.strictObject({ classification: slug(30).optional() })).optional(),
    aks: AksSchema.optional(),
    /**
     * Lock the log archive's immutability policy: afterwards nobody, not even an Owner, can shorten
     * its retention or delete a log before it ends, and the lock cannot be undone. Azure creates
     * policies unlocked only, so set this after the first deploy. Default: false (unlocked: the
     * retention holds, but an Owner could still lower it).
     */
    lockLogArchive: z.boolean().optional(),
    /** Email addresses for the action group and the Defender security contact. Default: none (the subscription owners are notified). */
    alertEmails: z.array(z.email()).optional(),
});

export type AzureInput = z.infer<typeof AzureSchema>;

/** The Azure section with every default applied: what the Azure components consume. */
export interface AzureConfig {
    location: string;
    subscriptionId: string;
    tenantId: string;
    pimPolicyNames: { owner: string; contributor: string };
    hubAddressSpace: string;
    privateEndpointSlot: number;
    policyEnforcement: "deny" | "audit";
    firewall: { enabled: boolean; allowedFqdns: string[] };
    entra: { manage: boolean; trustedRanges: string[]; conditionalAccessState: "enabled" | "reportOnly" };
    managementGroups?: { parentId: string; placeSubscription: boolean };
    approverGroups: string[];
    auditorGroups: string[];
    workloadIdentities: Record<string, Record<string, never>>;
    /** Undefined means "this landing zone's registry", which only the composition can name. */
    allowedImageRegex?: string;
    storageAccounts: Record<string, { classification: string }>;
    aks: { enabled: boolean; version: string; vmSize: string; nodes: { min: number; max: number }; upgradeChannel: "patch" | "stable" | "rapid" | "node-image" };
    lockLogArchive: boolean;
    alertEmails: string[];
}

/** Per-environment defaults: the one place that reads the environment's name for Azure. */
const ENV_DEFAULTS: Record<Environment, { policy: AzureConfig["policyEnforcement"]; firewall: boolean; aks: boolean; manageTenant: boolean }> = {
    dev: { policy: "audit", firewall: false, aks: false, manageTenant: false },
    prod: { policy: "deny", firewall: true, aks: true, manageTenant: true },
};

export function resolveAzure(input: AzureInput, env: Environment, ctx: { defaultClassification: string; tierSlots: number; adminGroups: string[] }): AzureConfig {
    const d = ENV_DEFAULTS[env];
    return {
        location: input.location,
        subscriptionId: input.subscriptionId.toLowerCase(),
        tenantId: input.tenantId.toLowerCase(),
        pimPolicyNames: { owner: input.pimPolicyNames.owner.toLowerCase(), contributor: input.pimPolicyNames.contributor.toLowerCase() },
        hubAddressSpace: input.hubAddressSpace,
        privateEndpointSlot: input.privateEndpointSlot ?? ctx.tierSlots - 1,
        policyEnforcement: input.policyEnforcement ?? d.policy,
        firewall: { enabled: input.firewall?.enabled ?? d.firewall, allowedFqdns: input.firewall?.allowedFqdns ?? [] },
        entra: {
            manage: input.entra?.manage ?? d.manageTenant,
            trustedRanges: input.entra?.trustedRanges ?? [],
            conditionalAccessState: input.entra?.conditionalAccessState ?? "enabled",
        },
        managementGroups: input.managementGroups && { parentId: input.managementGroups.parentId, placeSubscription: input.managementGroups.placeSubscription ?? true },
        approverGroups: input.approverGroups ?? ctx.adminGroups,
        auditorGroups: input.auditorGroups ?? [],
        workloadIdentities: input.workloadIdentities ?? { app: {} },
        allowedImageRegex: input.allowedImageRegex,
        storageAccounts: Object.fromEntries(
            Object.entries(input.storageAccounts ?? { data: {} }).map(([k, v]) => [k, { classification: v.classification ?? ctx.defaultClassification }]),
        ),
        aks: {
            enabled: input.aks?.enabled ?? d.aks,
            version: input.aks?.version ?? "1.33",
            vmSize: input.aks?.vmSize ?? "Standard_D4ds_v5",
            nodes: input.aks?.nodes ?? { min: 2, max: 5 },
            upgradeChannel: input.aks?.upgradeChannel ?? "patch",
        },
        lockLogArchive: input.lockLogArchive ?? false,
        alertEmails: input.alertEmails ?? [],
    };
}
