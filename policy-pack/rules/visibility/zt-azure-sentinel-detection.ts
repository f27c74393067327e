import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { refersTo } from "../../lib/links";
import { MONITOR_TYPES } from "../../lib/azure-monitor";
import { isUnknown, readRaw } from "../../lib/props";

/** The analytics rule types that run a query on a schedule (NRT: every minute). */
const ANALYTICS_RULES = [MONITOR_TYPES.scheduledAlertRule, "azure-native:securityinsights:NrtAlertRule"];

/** Sentinel resources name their workspace by its name (the workspace's workspaceName input). */
const onWorkspace = (r: PolicyResource, workspace: PolicyResource) => refersTo(r, "workspaceName", workspace, { targetProps: ["workspaceName"] });

export default defineRule({
    id: "zt-azure-sentinel-detection",
    displayName: "Microsoft Sentinel runs detection rules on the workspace",
    description:
        "Every stack with Azure resources has a Log Analytics workspace with an azure-native securityinsights.SentinelOnboardingState and at least one " +
        "enabled securityinsights.ScheduledAlertRule (or NrtAlertRule) on it.",
    rationale:
        "Logs that nobody queries detect nothing. Sentinel turns the workspace into a SIEM: analytics rules correlate the activity log, resource logs, " +
        "sign-ins and Defender alerts and raise incidents, which is where Zero Trust's continuous monitoring becomes a response. Onboarding alone raises " +
        "no incident; at least one enabled analytics rule must run, and the landing zone's own rules (break-glass use, PIM activations outside policy, " +
        "mass secret reads) belong in code with the rest of the stack.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 4],
    cisaPillar: "Visibility and Analytics",
    remediationSteps:
        "Add an azure-native securityinsights.SentinelOnboardingState (sentinelOnboardingStateName \"default\") whose workspaceName is the workspace's " +
        "name, and securityinsights.ScheduledAlertRule resources with enabled: true, a KQL query, queryFrequency/queryPeriod, severity and " +
        "incidentConfiguration.createIncident true, each depending on the onboarding state.",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const workspaces = args.resources.filter((r) => r.type === MONITOR_TYPES.workspace);
        const onboardings = args.resources.filter((r) => r.type === MONITOR_TYPES.sentinelOnboarding);
        const onboarded = workspaces.filter((w) => onboardings.some((o) => onWorkspace(o, w)));
        if (onboarded.length === 0) {
            report(
                workspaces.length === 0
                    ? "This stack has Azure resources but no Log Analytics workspace with Microsoft Sentinel: add an operationalinsights.Workspace, a " +
                          "securityinsights.SentinelOnboardingState for it and at least one enabled ScheduledAlertRule."
                    : "No Log Analytics workspace in this stack is onboarded to Microsoft Sentinel: add an azure-native securityinsights.SentinelOnboardingState " +
                          "whose workspaceName is the workspace's name.",
                workspaces[0]?.urn,
            );
            return;
        }
        const rules = args.resources.filter((r) => ANALYTICS_RULES.includes(r.type));
        const enabled = (r: PolicyResource) => {
            const v = readRaw(r.props, ["enabled"]);
            return v === true || isUnknown(v);
        };
        if (!onboarded.some((w) => rules.some((r) => enabled(r) && onWorkspace(r, w)))) {
            report(
                "Microsoft Sentinel on this workspace has no enabled analytics rule, so nothing raises an incident: add an azure-native " +
                    "securityinsights.ScheduledAlertRule with enabled true whose workspaceName is this workspace's name.",
                onboarded[0].urn,
            );
        }
    },
});
