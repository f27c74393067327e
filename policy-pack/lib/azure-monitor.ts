/**
 * Readers the Azure visibility rules share: diagnostic settings (which logs a setting sends, and
 * to which resource it belongs) and activity log alerts (which operations they fire on).
 *
 * Stack rules judge many resources at once, so a value unknown during preview is read leniently:
 * it will be set, and is not evidence of a gap (the same convention as the AWS stack rules).
 */
import { PolicyResource } from "@pulumi/policy";
import { AZURE_TYPES, isServiceOf, namesResource } from "./azure-data";
import { isPlainObject, isUnknown, raw, readRaw } from "./props";

export const MONITOR_TYPES = {
    diagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    subscriptionDiagnosticSetting: "azure-native:monitor:SubscriptionDiagnosticSetting",
    activityLogAlert: "azure-native:monitor:ActivityLogAlert",
    actionGroup: "azure-native:monitor:ActionGroup",
    pricing: "azure-native:security:Pricing",
    sentinelOnboarding: "azure-native:securityinsights:SentinelOnboardingState",
    scheduledAlertRule: "azure-native:securityinsights:ScheduledAlertRule",
    workspace: AZURE_TYPES.workspace,
} as const;

/** The elements of a list property, raw; "unknown" when the list itself is unknown during preview. */
export function elements(value: unknown): unknown[] | "unknown" {
    const v = raw(value);
    if (isUnknown(v)) {
        return "unknown";
    }
    return Array.isArray(v) ? v.map((x) => raw(x)) : [];
}

/**
 * The log categories and category groups a diagnostic setting sends (entries with enabled true,
 * or unknown), in lower case; "unknown" when the whole list is unknown during preview.
 */
export function enabledLogs(setting: PolicyResource): Set<string> | "unknown" {
    const logs = elements(readRaw(setting.props, ["logs"]));
    if (logs === "unknown") {
        return "unknown";
    }
    const out = new Set<string>();
    for (const entry of logs) {
        if (!isPlainObject(entry)) {
            continue;
        }
        const enabled = raw(entry.enabled);
        if (enabled !== true && !isUnknown(enabled)) {
            continue;
        }
        for (const key of ["category", "categoryGroup"]) {
            const name = raw(entry[key]);
            if (typeof name === "string" && name !== "") {
                // An unknown name is some category: it counts as one, matching none by name.
                out.add(isUnknown(name) ? "<unknown>" : name.toLowerCase());
            }
        }
    }
    return out;
}

/**
 * True when the diagnostic setting belongs to `subject`: its resourceUri is the subject, a path
 * below it (`<account id>/blobServices/default`), or a storage service setting of the subject.
 */
export function settingCovers(setting: PolicyResource, subject: PolicyResource): boolean {
    const uri = readRaw(setting.props, ["resourceUri"]);
    if (namesResource(setting, "resourceUri", [uri], subject, { child: true })) {
        return true;
    }
    // A setting on `blobService.id` is fed by the service, which names the account.
    return (setting.propertyDependencies.resourceUri ?? []).some((service) => isServiceOf(service, subject));
}

/** The operation names an activity log alert's condition matches, lower case; "unknown" when they cannot be read. */
export function alertOperations(alert: PolicyResource): Set<string> | "unknown" {
    if (isUnknown(readRaw(alert.props, ["condition"]))) {
        return "unknown";
    }
    const allOf = elements(readRaw(alert.props, ["condition", "allOf"]));
    if (allOf === "unknown") {
        return "unknown";
    }
    const out = new Set<string>();
    let unknown = false;
    const collect = (leaf: unknown) => {
        if (!isPlainObject(leaf) || typeof raw(leaf.field) !== "string" || String(raw(leaf.field)).toLowerCase() !== "operationname") {
            return;
        }
        const containsAny = elements(leaf.containsAny);
        if (containsAny === "unknown") {
            unknown = true;
        }
        for (const v of [raw(leaf.equals), ...(containsAny === "unknown" ? [] : containsAny)]) {
            if (isUnknown(v)) {
                unknown = true;
            } else if (typeof v === "string" && v !== "") {
                out.add(v.toLowerCase());
            }
        }
    };
    for (const condition of allOf) {
        collect(condition);
        if (isPlainObject(condition)) {
            const anyOf = elements(condition.anyOf);
            if (anyOf === "unknown") {
                unknown = true;
            } else {
                anyOf.forEach(collect);
            }
        }
    }
    return unknown && out.size === 0 ? "unknown" : out;
}

/** True when the alert notifies an action group (an actionGroupId that is set, or unknown). */
export function alertHasActionGroup(alert: PolicyResource): boolean {
    const groups = elements(readRaw(alert.props, ["actions", "actionGroups"]));
    if (groups === "unknown") {
        return true;
    }
    return groups.some((g) => {
        const id = isPlainObject(g) ? raw(g.actionGroupId) : undefined;
        return isUnknown(id) || (typeof id === "string" && id.trim() !== "");
    });
}
