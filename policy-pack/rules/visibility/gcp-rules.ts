/** The GCP rules of the visibility pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import loggingAuditConfig from "./zt-gcp-logging-audit-config";
import loggingBucketLocked from "./zt-gcp-logging-bucket-locked";
import loggingBucketCmek from "./zt-gcp-logging-bucket-cmek";
import loggingSink from "./zt-gcp-logging-sink";
import sccNotification from "./zt-gcp-scc-notification";
import monitoringSecurityAlerts from "./zt-gcp-monitoring-security-alerts";

export const gcpVisibilityRules: readonly ZtRule[] = [
    loggingAuditConfig,
    loggingBucketLocked,
    loggingBucketCmek,
    loggingSink,
    sccNotification,
    monitoringSecurityAlerts,
];
