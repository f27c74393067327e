/**
 * Microsoft Defender for Cloud on the subscription: the Standard plans for every resource type the
 * landing zone runs, and the security contact its alerts go to.
 */
import * as pulumi from "@pulumi/pulumi";
import * as security from "@pulumi/azure-native/security";

export interface DefenderPlan {
    /** The plan's name in Microsoft.Security/pricings. */
    pricingName: string;
    /** The sub-plan; omitted where the plan has only one. */
    subPlan?: string;
    extensions?: { name: string; isEnabled: "True"; additionalExtensionProperties?: Record<string, string> }[];
}

/**
 * The Standard plans, keyed by the slug of their child's logical name. Plan and sub-plan names from
 * the Microsoft.Security/pricings API (2024-01-01) and the Defender for Cloud IaC guidance.
 */
export const DEFENDER_PLANS: Record<string, DefenderPlan> = {
    // P2: P1's protection plus file-integrity monitoring, agentless scanning and (since the DNS
    // plan's deprecation) DNS threat detection.
    "virtual-machines": { pricingName: "VirtualMachines", subPlan: "P2" },
    // AKS control plane and runtime, plus registry image vulnerability scanning.
    containers: { pricingName: "Containers" },
    // The per-vault model: the price does not grow with key operations.
    "key-vaults": { pricingName: "KeyVaults", subPlan: "PerKeyVault" },
    // The v2 plan: activity monitoring, on-upload malware scanning and sensitive data threat detection.
    "storage-accounts": {
        pricingName: "StorageAccounts",
        subPlan: "DefenderForStorageV2",
        extensions: [
            // The cap bounds the cost of a flood of uploads (5,000 GB per account is the documented default).
            { name: "OnUploadMalwareScanning", isEnabled: "True", additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: "5000" } },
            { name: "SensitiveDataDiscovery", isEnabled: "True" },
        ],
    },
    // Resource Manager operations: suspicious deployments and permission changes, from any tool.
    arm: { pricingName: "Arm", subPlan: "PerSubscription" },
};

/**
 * The stand-alone DNS plan. Since 1 August 2023 new subscribers cannot buy it: their DNS alerts
 * come with Servers Plan 2 (above), which the pack's plan rule accepts for Dns. Only a
 * subscription that had the plan before then opts in to keep it on.
 */
export const LEGACY_DNS_PLAN: Record<string, DefenderPlan> = { dns: { pricingName: "Dns" } };

export interface DefenderArgs {
    subscriptionId: string;
    /** Addresses that receive Defender alerts. Default (empty): only the subscription owners. */
    alertEmails: string[];
    /** Also keep the stand-alone DNS plan ({@link LEGACY_DNS_PLAN}). Default: false. */
    legacyDnsPlan?: boolean;
}

/** Declares `${name}-defender-<slug>` per plan and `${name}-security-contact`. */
export function defender(name: string, args: DefenderArgs, opts: { parent: pulumi.Resource }): security.Pricing[] {
    const scopeId = `/subscriptions/${args.subscriptionId}`;
    const plans: security.Pricing[] = [];
    for (const [slug, plan] of Object.entries({ ...DEFENDER_PLANS, ...(args.legacyDnsPlan ? LEGACY_DNS_PLAN : {}) })) {
        plans.push(new security.Pricing(`${name}-defender-${slug}`, {
            scopeId,
            pricingName: plan.pricingName,
            pricingTier: "Standard",
            ...(plan.subPlan ? { subPlan: plan.subPlan } : {}),
            ...(plan.extensions ? { extensions: plan.extensions } : {}),
            // One plan at a time: concurrent writes to the subscription's pricings conflict.
        }, { parent: opts.parent, dependsOn: plans.slice(-1) }));
    }

    new security.SecurityContact(`${name}-security-contact`, {
        // The only name the API accepts.
        securityContactName: "default",
        isEnabled: true,
        ...(args.alertEmails.length > 0 ? { emails: args.alertEmails.join(";") } : {}),
        // Owners hear about alerts even when no address is configured.
        notificationsByRole: { state: "On", roles: ["Owner"] },
        notificationsSources: [{ sourceType: "Alert", minimalSeverity: "Medium" }],
    }, { parent: opts.parent });

    return plans;
}
