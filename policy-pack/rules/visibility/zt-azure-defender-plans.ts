import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { isOneOf } from "../../lib/azure-data";
import { MONITOR_TYPES } from "../../lib/azure-monitor";
import { isUnknown, readRaw } from "../../lib/props";

export interface DefenderPlansConfig {
    /** Defender for Cloud plan names (security.Pricing pricingName) that must be on Standard. */
    requiredPlans: string[];
}

const SUBSCRIPTION_SCOPE = /^\/?subscriptions\/[^/]+\/?$/i;

/** On Standard at subscription scope (values unknown during preview count: they will be set). */
function onStandard(pricing: PolicyResource): boolean {
    const tier = readRaw(pricing.props, ["pricingTier"]);
    const scope = readRaw(pricing.props, ["scopeId"]);
    return (isUnknown(tier) || isOneOf(tier, ["Standard"])) && (isUnknown(scope) || (typeof scope === "string" && SUBSCRIPTION_SCOPE.test(scope)));
}

/** Defender for Servers Plan 2 carries the DNS alerts for subscriptions onboarded after 1 August 2023; no sub-plan means the full plan. */
function serversPlan2(pricing: PolicyResource): boolean {
    const subPlan = readRaw(pricing.props, ["subPlan"]);
    return isOneOf(readRaw(pricing.props, ["pricingName"]), ["VirtualMachines"]) && (subPlan === undefined || isUnknown(subPlan) || isOneOf(subPlan, ["P2"]));
}

export default defineRule<DefenderPlansConfig>({
    id: "zt-azure-defender-plans",
    displayName: "Defender for Cloud protects servers, containers, vaults, storage, ARM and DNS",
    description:
        "Every stack with Azure resources has an azure-native security.Pricing on pricingTier Standard at subscription scope for each required plan " +
        "(default VirtualMachines, Containers, KeyVaults, StorageAccounts, Arm, Dns; Dns is also met by VirtualMachines on sub-plan P2).",
    rationale:
        "Zero Trust assumes breach and watches every asset for it. The Defender plans are the subscription's threat detection: malware and exploitation " +
        "on servers, runtime threats and vulnerable images in containers, unusual secret access in key vaults, malware uploads and exfiltration in storage, " +
        "suspicious control-plane operations through Resource Manager, and DNS tunnelling and command-and-control lookups. The Free tier runs none of them. " +
        "Defender for DNS cannot be bought on its own by subscriptions onboarded after August 2023, where Servers Plan 2 includes it.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [5, 7],
    cisaPillar: "Visibility and Analytics",
    remediationSteps:
        'Add an azure-native security.Pricing per plan with pricingName (e.g. "Containers"), pricingTier "Standard" and scopeId ' +
        '"/subscriptions/<subscription id>" (VirtualMachines: subPlan "P2"). A subscription managed elsewhere may list fewer plans in this rule\'s ' +
        "requiredPlans config.",
    configSchema: {
        properties: {
            requiredPlans: {
                type: "array",
                items: { type: "string" },
                default: ["VirtualMachines", "Containers", "KeyVaults", "StorageAccounts", "Arm", "Dns"],
                description: "Defender for Cloud plan names (security.Pricing pricingName) that must be on Standard at subscription scope.",
            },
        },
    },
    validateStack: (args, report, config) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const standard = args.resources.filter((r) => r.type === MONITOR_TYPES.pricing && onStandard(r));
        const covered = (plan: string) =>
            standard.some((p) => isUnknown(readRaw(p.props, ["pricingName"])) || isOneOf(readRaw(p.props, ["pricingName"]), [plan])) ||
            (plan.toLowerCase() === "dns" && standard.some(serversPlan2));
        const missing = config.requiredPlans.filter((p) => !covered(p));
        if (missing.length > 0) {
            const dns = missing.some((p) => p.toLowerCase() === "dns") ? ' (Dns is also met by VirtualMachines on subPlan "P2")' : "";
            report(
                `The Defender for Cloud ${missing.length === 1 ? "plan" : "plans"} ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not on Standard for the subscription${dns}: ` +
                    'add an azure-native security.Pricing for each with pricingTier "Standard" and scopeId "/subscriptions/<subscription id>".',
            );
        }
    },
});
