import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { asNumber } from "../../lib/aws-props";
import { readKnown } from "../../lib/props";

export interface WorkspaceConfig {
    /** The shortest interactive retention allowed, in days. */
    minRetentionDays: number;
}

/** What the service keeps when retentionInDays is left out (PerGB2018). */
const DEFAULT_RETENTION_DAYS = 30;

export default defineRule<WorkspaceConfig>({
    id: "zt-azure-monitor-workspace",
    displayName: "Log Analytics workspaces keep logs long enough and accept only Entra ID",
    description:
        "Every Log Analytics workspace sets retentionInDays to at least the configured minimum (default 365; left out means 30) and " +
        "features.disableLocalAuth to true.",
    rationale:
        "The workspace holds the evidence: activity and resource logs, flow logs, Sentinel incidents. Intrusions go unnoticed for months, so logs kept " +
        "for the default 30 days are gone when the investigation starts. Local authentication means the workspace's shared keys, which let any holder " +
        "write forged records into the evidence or read it, outside Entra ID and RBAC; with it disabled, every agent and reader authenticates as an identity.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [7, 6],
    cisaPillar: "Visibility and Analytics",
    remediationSteps:
        "Set retentionInDays (30–730) at or above the minimum and features: { disableLocalAuth: true } on the azure-native operationalinsights.Workspace. " +
        "Keep longer audit copies in the immutable log archive, or extend chosen tables with operationalinsights.Table totalRetentionInDays. Agents must " +
        "use the Azure Monitor Agent with a managed identity once local auth is off.",
    configSchema: {
        properties: {
            minRetentionDays: { type: "integer", minimum: 30, maximum: 730, default: 365, description: "Shortest allowed retentionInDays of a Log Analytics workspace." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== AZURE_TYPES.workspace) {
            return args.notApplicable(`${args.type} is not a Log Analytics workspace`);
        }
        const value = readKnown(args.props, ["retentionInDays"]);
        const days = value === undefined || value === null ? DEFAULT_RETENTION_DAYS : asNumber(value);
        if (days !== undefined && days < config.minRetentionDays) {
            const given = value === undefined || value === null ? `${DEFAULT_RETENTION_DAYS} days (retentionInDays is not set)` : `${days} days`;
            report(`The workspace keeps its logs for ${given}, less than the required ${config.minRetentionDays}: set retentionInDays to at least ${config.minRetentionDays}.`);
        }
        if (readKnown(args.props, ["features", "disableLocalAuth"]) !== true) {
            report("The workspace accepts its shared keys (local authentication): set features.disableLocalAuth to true.");
        }
    },
});
