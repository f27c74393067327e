import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { alertHasActionGroup, alertOperations, MONITOR_TYPES } from "../../lib/azure-monitor";
import { readRaw } from "../../lib/props";

/** The control-plane operations that weaken the landing zone's guardrails; any one listed operation covers its change. */
export const WATCHED_CHANGES: readonly { label: string; operations: readonly string[] }[] = [
    { label: "policy assignment deletion", operations: ["Microsoft.Authorization/policyAssignments/delete"] },
    {
        label: "network security group changes",
        operations: ["Microsoft.Network/networkSecurityGroups/write", "Microsoft.Network/networkSecurityGroups/securityRules/write"],
    },
];

function matches(alert: PolicyResource, operations: readonly string[]): boolean | "unknown" {
    const ops = alertOperations(alert);
    if (ops === "unknown") {
        return "unknown";
    }
    return operations.some((o) => ops.has(o.toLowerCase()));
}

const isEnabled = (alert: PolicyResource) => readRaw(alert.props, ["enabled"]) !== false;

export default defineRule({
    id: "zt-azure-monitor-security-alerts",
    displayName: "Guardrail changes alert an action group",
    description:
        "Every stack with Azure resources has enabled azure-native monitor.ActivityLogAlert resources, each with an action group, whose conditions match " +
        "Microsoft.Authorization/policyAssignments/delete and Microsoft.Network/networkSecurityGroups/write (or .../securityRules/write).",
    rationale:
        "Deleting a policy assignment switches off a guardrail for the whole scope; editing an NSG opens a path into a tier. Both are what an attacker with " +
        "a stolen privileged session does first, and both are legitimate only through the pipeline. Zero Trust wires detection to response: an activity " +
        "log alert with an action group pages the security team (and can start automation) within minutes of the change, instead of a log line someone " +
        "may read later. An alert without an action group notifies no one.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 4],
    cisaPillar: "Automation and Orchestration",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "6.2.2" },
    remediationSteps:
        "Add an azure-native monitor.ActivityLogAlert per change, scoped to \"/subscriptions/<id>\", with condition.allOf [{ field: \"category\", equals: " +
        "\"Administrative\" }, { field: \"operationName\", equals: \"Microsoft.Authorization/policyAssignments/delete\" }] (no filter on level, status or " +
        "caller) and actions.actionGroups [{ actionGroupId: <the security action group id> }], and a monitor.ActionGroup that emails or pages the security team.",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const alerts = args.resources.filter((r) => r.type === MONITOR_TYPES.activityLogAlert);
        for (const change of WATCHED_CHANGES) {
            const matching = alerts.filter((a) => matches(a, change.operations) === true);
            const wired = (a: PolicyResource) => isEnabled(a) && alertHasActionGroup(a);
            if (matching.some(wired)) {
                continue;
            }
            // A condition unknown during preview may match: a wired alert with one is not evidence of a gap.
            if (matching.length === 0 && alerts.some((a) => matches(a, change.operations) === "unknown" && wired(a))) {
                continue;
            }
            if (matching.length === 0) {
                report(
                    `No activity log alert fires on ${change.label}: add an azure-native monitor.ActivityLogAlert scoped to the subscription whose condition ` +
                        `matches operationName "${change.operations[0]}", with an action group.`,
                );
                continue;
            }
            for (const alert of matching) {
                if (!isEnabled(alert)) {
                    report(`This activity log alert on ${change.label} is disabled: set enabled to true.`, alert.urn);
                }
                if (!alertHasActionGroup(alert)) {
                    report(`This activity log alert on ${change.label} notifies no one: add an action group to actions.actionGroups.`, alert.urn);
                }
            }
        }
    },
});
