/**
 * One diagnostic setting: every log category group and every metric of a resource, into the
 * landing zone's Log Analytics workspace. Each pillar calls it for the resources it owns (the
 * vault and storage accounts get theirs from Visibility, which is built after Data), so the
 * settings are alike everywhere and the pack's diagnostic rule can match them by `resourceUri`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

export interface DiagnosticsOptions {
    /**
     * Log category groups to send. Default: ["allLogs"]. `audit` alone is cheaper, but the
     * landing zone keeps everything because an investigation cannot query what was never kept.
     */
    categoryGroups?: string[];
    /** Explicit categories instead of groups, for resources without category groups (e.g. NSGs). Default: none. */
    categories?: string[];
    /** Send AllMetrics too. Default: true. Resources without metrics (NSGs) pass false. */
    metrics?: boolean;
}

export function diagnosticSetting(
    name: string,
    resourceUri: pulumi.Input<string>,
    workspaceId: pulumi.Input<string>,
    opts: pulumi.CustomResourceOptions,
    options: DiagnosticsOptions = {},
): monitor.DiagnosticSetting {
    const logs = options.categories
        ? options.categories.map((category) => ({ category, enabled: true }))
        : (options.categoryGroups ?? ["allLogs"]).map((categoryGroup) => ({ categoryGroup, enabled: true }));
    return new monitor.DiagnosticSetting(name, {
        name: "zt-to-workspace",
        resourceUri,
        workspaceId,
        // Resource-specific tables are typed and cheaper to query than the legacy AzureDiagnostics table.
        logAnalyticsDestinationType: "Dedicated",
        logs,
        metrics: options.metrics === false ? [] : [{ category: "AllMetrics", enabled: true }],
    }, opts);
}
