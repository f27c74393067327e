/** The Azure rules of the visibility pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import monitorActivityLog from "./zt-azure-monitor-activity-log";
import monitorDiagnosticSettings from "./zt-azure-monitor-diagnostic-settings";
import monitorWorkspace from "./zt-azure-monitor-workspace";
import defenderPlans from "./zt-azure-defender-plans";
import sentinelDetection from "./zt-azure-sentinel-detection";
import monitorSecurityAlerts from "./zt-azure-monitor-security-alerts";

export const azureVisibilityRules: readonly ZtRule[] = [
    monitorActivityLog,
    monitorDiagnosticSettings,
    monitorWorkspace,
    defenderPlans,
    sentinelDetection,
    monitorSecurityAlerts,
];
