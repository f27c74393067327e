/**
 * Where the landing zone's control-plane and resource logs go: the subscription's activity log,
 * and a diagnostic setting per resource the other pillars own (declared here because the
 * workspace exists only from this pillar on).
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import { diagnosticSetting } from "./diagnostics";

/**
 * Every activity-log category. Administrative, Security and Policy are the audit trail proper;
 * the others (service and resource health, autoscale, alert firings, Advisor recommendations)
 * are small and explain what the platform did around an incident.
 */
export const ACTIVITY_LOG_CATEGORIES = [
    "Administrative",
    "Security",
    "Policy",
    "ServiceHealth",
    "ResourceHealth",
    "Alert",
    "Recommendation",
    "Autoscale",
] as const;

/** The NSG log categories (NSGs have no category groups and no metrics). */
export const NSG_LOG_CATEGORIES = ["NetworkSecurityGroupEvent", "NetworkSecurityGroupRuleCounter"];

export type DiagnosticKind = "nsg" | "keyvault" | "storage";

export interface ActivityLogArgs {
    namePrefix: string;
    workspaceId: pulumi.Input<string>;
    archiveId: pulumi.Input<string>;
}

/**
 * Declares `${name}-activity-log`: the activity log of the provider's subscription (a subscription
 * diagnostic setting has no scope argument) into the workspace, for queries and Sentinel, and the
 * archive, for the full retention period under immutability.
 */
export function activityLog(name: string, args: ActivityLogArgs, opts: pulumi.CustomResourceOptions): monitor.SubscriptionDiagnosticSetting {
    return new monitor.SubscriptionDiagnosticSetting(`${name}-activity-log`, {
        name: `${args.namePrefix}-activity-log`,
        workspaceId: args.workspaceId,
        storageAccountId: args.archiveId,
        logs: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
    }, opts);
}

/**
 * Declares the diagnostic settings of one resource, named `${name}-${key}-diagnostics` (plus
 * `${name}-${key}-blob-diagnostics` for storage).
 *
 * Storage accounts log per service: the account resource itself only emits metrics, and the
 * blob reads, writes and deletes are logged by `<account>/blobServices/default`. The landing zone
 * uses blobs only, so the blob service gets every log and its metrics, the account its metrics.
 */
export function resourceDiagnostics(
    name: string,
    key: string,
    target: { resourceId: pulumi.Input<string>; kind: DiagnosticKind },
    workspaceId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
): monitor.DiagnosticSetting[] {
    switch (target.kind) {
        case "nsg":
            return [diagnosticSetting(`${name}-${key}-diagnostics`, target.resourceId, workspaceId, opts, { categories: NSG_LOG_CATEGORIES, metrics: false })];
        case "keyvault":
            return [diagnosticSetting(`${name}-${key}-diagnostics`, target.resourceId, workspaceId, opts)];
        case "storage":
            return [
                diagnosticSetting(`${name}-${key}-diagnostics`, target.resourceId, workspaceId, opts, { categoryGroups: [] }),
                diagnosticSetting(`${name}-${key}-blob-diagnostics`, pulumi.interpolate`${target.resourceId}/blobServices/default`, workspaceId, opts),
            ];
    }
}
