import { defineRule } from "../../lib/define-rule";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { isPresent } from "../../lib/aws-props";
import { enabledLogs, MONITOR_TYPES } from "../../lib/azure-monitor";
import { readRaw } from "../../lib/props";

/** The activity log categories that record who changed what, security alerts and policy decisions. */
export const ACTIVITY_CATEGORIES = ["Administrative", "Security", "Policy"] as const;

export default defineRule({
    id: "zt-azure-monitor-activity-log",
    displayName: "The subscription's activity log goes to a workspace",
    description:
        "Every stack with Azure resources has an azure-native monitor.SubscriptionDiagnosticSetting with workspaceId set that enables the Administrative, " +
        "Security and Policy categories (or the allLogs category group).",
    rationale:
        "The activity log records every control-plane operation in the subscription: role assignments, policy changes, NSG edits, key vault deletions. " +
        "Azure keeps it for 90 days and it cannot be queried with the resource logs or alerted on by Sentinel unless it is exported. Zero Trust collects " +
        "everything it can about the state of its assets, so the administrative, security and policy categories go to the Log Analytics workspace where " +
        "detection rules run.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "6.1.2" },
    remediationSteps:
        "Add an azure-native monitor.SubscriptionDiagnosticSetting with workspaceId set to the landing zone's Log Analytics workspace and logs " +
        "[{ category: \"Administrative\", enabled: true }, { category: \"Security\", enabled: true }, { category: \"Policy\", enabled: true }] (plus Alert, " +
        "Recommendation, ServiceHealth, ResourceHealth and Autoscale, or the allLogs category group).",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const settings = args.resources.filter((r) => r.type === MONITOR_TYPES.subscriptionDiagnosticSetting);
        if (settings.length === 0) {
            report(
                "This stack has Azure resources but the subscription's activity log is not exported: add an azure-native monitor.SubscriptionDiagnosticSetting " +
                    "with workspaceId set to the Log Analytics workspace and the Administrative, Security and Policy categories enabled.",
            );
            return;
        }
        const toWorkspace = settings.filter((s) => isPresent(readRaw(s.props, ["workspaceId"])));
        if (toWorkspace.length === 0) {
            report("No subscription diagnostic setting sends the activity log to a Log Analytics workspace: set workspaceId on it.", settings[0].urn);
            return;
        }
        const sent = toWorkspace.map(enabledLogs);
        if (sent.includes("unknown")) {
            return;
        }
        const covered = (category: string) => sent.some((s) => s !== "unknown" && (s.has(category.toLowerCase()) || s.has("alllogs")));
        const missing = ACTIVITY_CATEGORIES.filter((c) => !covered(c));
        if (missing.length > 0) {
            report(`The subscription's activity log export leaves out the ${missing.join(", ")} ${missing.length === 1 ? "category" : "categories"}: enable them in logs.`, toWorkspace[0].urn);
        }
    },
});
