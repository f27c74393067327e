import { asNumber, isPresent } from "../../lib/aws-props";
import { AZURE_NETWORK_TYPES } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface FlowLogAnalyticsConfig {
    /** Fewest days a flow log's retention policy may keep records (0, keep forever, always passes). */
    minRetentionDays: number;
}

const ANALYTICS = ["flowAnalyticsConfiguration", "networkWatcherFlowAnalyticsConfiguration"] as const;

export default defineRule<FlowLogAnalyticsConfig>({
    id: "zt-azure-network-flow-log-analytics",
    displayName: "Flow logs are on, analysed and retained",
    description:
        "Every network flow log is enabled, sends traffic analytics to a Log Analytics workspace, and has a retention policy keeping records for " +
        "at least 90 days (or 0, forever).",
    rationale:
        "Flow logs are the record of who talked to whom: without them an intrusion's lateral movement and exfiltration leave no trace in the network. " +
        "Raw flow logs in a storage account are rarely read, so traffic analytics sends them to the workspace, where Sentinel's rules and hunting " +
        "queries see them alongside sign-ins and activity logs. Investigations start weeks after the fact, so records are kept at least 90 days " +
        "(CIS Azure 7.5); a retention of 0 keeps them forever.",
    severity: "medium",
    pillar: "network",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "7.5" },
    remediationSteps:
        "On the azure-native network.FlowLog set enabled: true, flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: " +
        "true, workspaceResourceId: <workspace id>, trafficAnalyticsInterval: 10 } } and retentionPolicy: { enabled: true, days: <at least the " +
        "configured minimum, default 90> }.",
    configSchema: {
        properties: {
            minRetentionDays: {
                type: "integer",
                minimum: 1,
                maximum: 365,
                default: 90,
                description: "Fewest days the flow log's retention policy may keep records (0, forever, always passes).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== AZURE_NETWORK_TYPES.flowLog) {
            return args.notApplicable(`${args.type} is not a flow log`);
        }
        const enabled = readKnown(args.props, ["enabled"]);
        if (enabled !== true) {
            report(`This flow log ${enabled === undefined ? "leaves enabled out" : `sets enabled to ${String(enabled)}`}: set enabled to true so the network's traffic is recorded.`);
        }
        const analytics = readKnown(args.props, [...ANALYTICS]) as Record<string, unknown> | undefined | null;
        if (readKnown(args.props, [...ANALYTICS, "enabled"]) !== true || !isPresent(analytics?.workspaceResourceId)) {
            report(
                "This flow log does not send traffic analytics to a workspace: set flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration " +
                    "to { enabled: true, workspaceResourceId: <Log Analytics workspace id> } so the flows reach detection and hunting.",
            );
        }
        const retentionOn = readKnown(args.props, ["retentionPolicy", "enabled"]);
        const days = asNumber(readKnown(args.props, ["retentionPolicy", "days"]));
        if (retentionOn !== true || days === undefined || (days !== 0 && days < config.minRetentionDays)) {
            const given = retentionOn !== true ? "has no enabled retention policy" : `keeps records for ${days === undefined ? "an unset number of" : days} days`;
            report(`This flow log ${given}: set retentionPolicy to { enabled: true, days: ${config.minRetentionDays} } or more so investigations can reach back far enough.`);
        }
    },
});
