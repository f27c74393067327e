import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, azureLabel } from "../../lib/azure-data";
import { enabledLogs, MONITOR_TYPES, settingCovers } from "../../lib/azure-monitor";

/** The resources whose logs an investigation needs, with where a remediation puts the setting. */
const SUBJECTS: Readonly<Record<string, string>> = {
    [AZURE_TYPES.vault]: "its id",
    [AZURE_TYPES.storageAccount]: "`${id}/blobServices/default` (the account itself has metrics only)",
    [AZURE_TYPES.networkSecurityGroup]: "its id",
    [AZURE_TYPES.cluster]: "its id",
};

function sendsLogs(setting: PolicyResource): boolean {
    const logs = enabledLogs(setting);
    return logs === "unknown" || logs.size > 0;
}

export default defineRule({
    id: "zt-azure-monitor-diagnostic-settings",
    displayName: "Vaults, storage, NSGs and AKS clusters send their logs",
    description:
        "Every Azure key vault, storage account, network security group and AKS cluster has an azure-native monitor.DiagnosticSetting whose resourceUri " +
        "is the resource or a path below it (a storage account's blobServices/default) and that enables at least one log category or category group.",
    rationale:
        "Resource logs are the data-plane record: who read which secret, which blob was deleted, which NSG rule matched, who called the Kubernetes API. " +
        "Azure keeps none of them unless a diagnostic setting sends them somewhere, so without one an intrusion into the landing zone's most sensitive " +
        "resources leaves no trace to detect or investigate. A setting with metrics only records load, not actions. The storage account's own resource " +
        "has metrics only; its blob service carries the read, write and delete logs.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "6.1.4" },
    remediationSteps:
        "Add an azure-native monitor.DiagnosticSetting with resourceUri set to the resource's id (for a storage account, `${account.id}/blobServices/default`), " +
        'workspaceId set to the landing zone\'s workspace and logs [{ categoryGroup: "allLogs", enabled: true }] (NSGs: the NetworkSecurityGroupEvent and ' +
        "NetworkSecurityGroupRuleCounter categories). In this project, use diagnosticSetting() from components/azure/diagnostics.ts.",
    validateStack: (args, report) => {
        const subjects = args.resources.filter((r) => r.type in SUBJECTS);
        if (subjects.length === 0) {
            return args.notApplicable("the stack has no key vaults, storage accounts, network security groups or AKS clusters");
        }
        const settings = args.resources.filter((r) => r.type === MONITOR_TYPES.diagnosticSetting);
        for (const subject of subjects) {
            const own = settings.filter((s) => settingCovers(s, subject));
            if (own.length === 0) {
                report(
                    `This ${azureLabel(subject.type)} has no diagnostic setting, so its logs are not kept: add an azure-native monitor.DiagnosticSetting with ` +
                        `resourceUri ${SUBJECTS[subject.type]} that sends the allLogs category group to the Log Analytics workspace.`,
                    subject.urn,
                );
            } else if (!own.some(sendsLogs)) {
                report(
                    `The diagnostic settings of this ${azureLabel(subject.type)} send no logs (metrics only, or every category disabled): enable the allLogs category group.`,
                    subject.urn,
                );
            }
        }
    },
});
