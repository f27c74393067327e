/**
 * The text behind the GCP visibility pillar: which audit log types are recorded, which logs the
 * audit sink keeps, which SCC findings are published, and the Logging query of each security
 * alert. Kept apart from the resources so each filter can be read, reviewed and unit-tested.
 *
 * Filters use the Logging query language. `log_id("…")` matches a log by its id whatever the
 * parent (project, folder or organization) and without the URL-encoding `logName` needs.
 */

/** Every audit log type an audit config can switch on: reads of configuration and of data, and writes of data. */
export const AUDIT_LOG_TYPES = ["ADMIN_READ", "DATA_READ", "DATA_WRITE"] as const;

/**
 * Cloud Audit Logs, all five: admin activity and system events (always written), data access
 * (written once the audit config above switches it on), policy denials (VPC Service Controls,
 * organization policy) and Access Transparency (Google staff touching the project's data).
 */
export const AUDIT_LOG_IDS = [
    "cloudaudit.googleapis.com/activity",
    "cloudaudit.googleapis.com/data_access",
    "cloudaudit.googleapis.com/system_event",
    "cloudaudit.googleapis.com/policy",
    "cloudaudit.googleapis.com/access_transparency",
] as const;

/**
 * The network evidence an investigation needs next to the audit trail: firewall rule logs (the
 * network pillar logs every rule), VPC flow logs and Cloud DNS queries. In the `_Default` bucket
 * they would be gone after 30 days; here they are kept, and locked, as long as the audit logs.
 * Flow logs are the bulk of the volume: their sampling is set on the subnetworks.
 */
export const NETWORK_LOG_IDS = [
    "compute.googleapis.com/firewall",
    "compute.googleapis.com/vpc_flows",
    "dns.googleapis.com/dns_queries",
] as const;

/** The audit sink's filter: every audit log and the network logs, nothing else. */
export function auditSinkFilter(): string {
    return [...AUDIT_LOG_IDS, ...NETWORK_LOG_IDS].map((id) => `log_id("${id}")`).join(" OR ");
}

/** Longest retention a log bucket accepts (the config allows up to 3653 days, ten years with leap days). */
export const MAX_LOG_BUCKET_RETENTION_DAYS = 3650;

/** The log bucket's retention: the audit period, capped at what Cloud Logging accepts. */
export function logBucketRetentionDays(retentionDays: number): number {
    return Math.min(retentionDays, MAX_LOG_BUCKET_RETENTION_DAYS);
}

/**
 * SCC findings published to the responders: every active finding. Muted ones are kept in: a
 * mute rule is configuration an intruder with SCC rights can add to silence a finding, and the
 * responders, not the mute rule, decide what is noise. Inactive (resolved) findings are left out.
 * Syntax: https://cloud.google.com/security-command-center/docs/how-to-api-filter-notifications
 */
export const FINDINGS_FILTER = 'state = "ACTIVE"';

const ACTIVITY = 'log_id("cloudaudit.googleapis.com/activity")';
const anyMethod = (...parts: string[]) => `(${parts.map((p) => `protoPayload.methodName:"${p}"`).join(" OR ")})`;

export type AlertSeverity = "CRITICAL" | "ERROR" | "WARNING";

export interface SecurityAlert {
    /** The alert policy's display name (after the name prefix). */
    title: string;
    /** Shown to the person notified: what happened and what to check. */
    description: string;
    /** Logging query of the log-based metric. */
    filter: string;
    severity: AlertSeverity;
    /** The CIS Google Cloud Platform Foundation Benchmark (2.x) recommendation it implements, if any. */
    cis?: string;
    /** Only declared when VPC Service Controls is on. */
    needsVpcServiceControls?: boolean;
}

/**
 * The log-based metrics and their alert policies, keyed by the stable slug of their child names
 * (`<name>-metric-<key>`, `<name>-alert-<key>`): changes to who holds power, to the audit trail,
 * and to the network's boundaries, plus the denials of the VPC Service Controls perimeter.
 * Every filter reads the admin activity log (or, for VPC-SC, the policy log), which Google writes
 * whatever the audit config says, so none of them depends on data access logging.
 */
export const SECURITY_ALERTS: Readonly<Record<string, SecurityAlert>> = {
    // Broad on purpose: any SetIamPolicy, on any resource. Ownership and audit-config changes match
    // too, and also raise their own, more severe alerts below.
    "iam-policy": {
        title: "IAM policy changed",
        description: "An IAM policy was set on a project, folder, organization or resource. Check who was granted what and that the change went through the pipeline.",
        filter: `${ACTIVITY} AND protoPayload.methodName:"SetIamPolicy"`,
        severity: "WARNING",
    },
    "project-ownership": {
        title: "Ownership assigned or removed",
        description: "roles/owner was granted, removed or offered: the landing zone grants no primitive roles, so this is either a break-glass action or an intrusion.",
        filter:
            `${ACTIVITY} AND protoPayload.serviceName="cloudresourcemanager.googleapis.com" AND (ProjectOwnership OR projectOwnerInvitee` +
            ' OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="REMOVE" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner")' +
            ' OR (protoPayload.serviceData.policyDelta.bindingDeltas.action="ADD" AND protoPayload.serviceData.policyDelta.bindingDeltas.role="roles/owner"))',
        severity: "CRITICAL",
        cis: "2.4",
    },
    "audit-config": {
        title: "Audit logging configuration changed",
        description: "An audit config was changed: data access logging may have been switched off or members exempted from it.",
        filter: `${ACTIVITY} AND protoPayload.methodName="SetIamPolicy" AND protoPayload.serviceData.policyDelta.auditConfigDeltas:*`,
        severity: "CRITICAL",
        cis: "2.5",
    },
    "custom-role": {
        title: "Custom IAM role changed",
        description: "A custom role was created, changed, deleted or restored: a role bound elsewhere may now carry more permissions than reviewed.",
        filter: `${ACTIVITY} AND resource.type="iam_role" AND ${anyMethod("google.iam.admin.v1.CreateRole", "google.iam.admin.v1.UpdateRole", "google.iam.admin.v1.DeleteRole", "google.iam.admin.v1.UndeleteRole")}`,
        severity: "WARNING",
        cis: "2.6",
    },
    firewall: {
        title: "Firewall rule or policy changed",
        description: "A VPC firewall rule or firewall policy was created, changed or deleted: check it opens no path the tier flows do not allow.",
        filter:
            `${ACTIVITY} AND ((resource.type="gce_firewall_rule" AND protoPayload.methodName:"compute.firewalls.")` +
            ` OR ${anyMethod("compute.networkFirewallPolicies.", "compute.regionNetworkFirewallPolicies.", "compute.firewallPolicies.")})`,
        severity: "WARNING",
        cis: "2.7",
    },
    route: {
        title: "VPC route changed",
        description: "A route was created or deleted: traffic may now leave through a path other than Cloud NAT or the Private Service Connect endpoint.",
        filter: `${ACTIVITY} AND resource.type="gce_route" AND ${anyMethod("compute.routes.insert", "compute.routes.delete")}`,
        severity: "WARNING",
        cis: "2.8",
    },
    network: {
        title: "VPC network changed",
        description: "A VPC network was created, changed or deleted, or a peering was added or removed: a peering joins another network's trust to this one.",
        filter:
            `${ACTIVITY} AND resource.type="gce_network" AND ` +
            anyMethod("compute.networks.insert", "compute.networks.patch", "compute.networks.delete", "compute.networks.addPeering", "compute.networks.removePeering"),
        severity: "WARNING",
        cis: "2.9",
    },
    "bucket-iam": {
        title: "Cloud Storage bucket IAM changed",
        description: "A bucket's IAM policy was changed: check no principal outside the workload's service accounts can now read the data.",
        filter: `${ACTIVITY} AND resource.type="gcs_bucket" AND protoPayload.methodName="storage.setIamPermissions"`,
        severity: "WARNING",
        cis: "2.10",
    },
    "logging-config": {
        title: "Log routing changed",
        description: "A log sink, bucket, exclusion or Logging setting was changed or deleted: the audit trail may no longer reach the locked bucket.",
        filter:
            `${ACTIVITY} AND protoPayload.serviceName="logging.googleapis.com" AND ` +
            anyMethod("UpdateSink", "DeleteSink", "UpdateBucket", "DeleteBucket", "CreateExclusion", "UpdateExclusion", "UpdateCmekSettings", "UpdateSettings"),
        severity: "CRITICAL",
    },
    "kms-key-destroy": {
        title: "Key version scheduled for destruction",
        description: "A Cloud KMS key version was scheduled for destruction: everything it encrypts becomes unreadable when the delay ends. Restore it within the delay if this was not planned.",
        filter: `${ACTIVITY} AND protoPayload.serviceName="cloudkms.googleapis.com" AND protoPayload.methodName="DestroyCryptoKeyVersion"`,
        severity: "CRITICAL",
    },
    "vpc-sc-violation": {
        title: "VPC Service Controls denial",
        description:
            "A request crossed the service perimeter. In dry-run mode (protoPayload.metadata.dryRun) it was only recorded; enforced, it was denied. " +
            "Either an exfiltration attempt or a legitimate path the perimeter must admit.",
        filter: 'log_id("cloudaudit.googleapis.com/policy") AND protoPayload.metadata.@type="type.googleapis.com/google.cloud.audit.VpcServiceControlAuditMetadata"',
        severity: "ERROR",
        needsVpcServiceControls: true,
    },
};

/** The alerts a landing zone declares: all of them, less the VPC-SC one when there is no perimeter. */
export function securityAlerts(vpcServiceControls: boolean): [string, SecurityAlert][] {
    return Object.entries(SECURITY_ALERTS).filter(([, a]) => vpcServiceControls || !a.needsVpcServiceControls);
}

/** The Monitoring metric type Cloud Logging writes a user-defined log-based metric to. */
export function logMetricType(metricName: string): string {
    return `logging.googleapis.com/user/${metricName}`;
}

/**
 * The alert condition's filter: the metric type alone. The series carry the monitored resource of
 * the log entry (a project, a firewall rule, a bucket, ...), so no `resource.type` restriction
 * would match all of them; the API takes a filter without one.
 */
export function alertConditionFilter(metricName: string): string {
    return `metric.type="${logMetricType(metricName)}"`;
}

/** The stable key of an alert email's notification channel: the address, lower-cased, non-alphanumerics as hyphens. */
export function channelKey(email: string): string {
    return email.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/**
 * Alert addresses keyed by {@link channelKey}, duplicates dropped. Two different addresses with
 * the same key (`a.b@x.com`, `a-b@x.com`) would share a child name, so they are refused.
 */
export function channelKeys(emails: readonly string[]): Record<string, string> {
    const keyed: Record<string, string> = {};
    for (const email of emails) {
        const key = channelKey(email);
        const seen = keyed[key];
        if (seen !== undefined && seen.toLowerCase() !== email.toLowerCase()) {
            throw new Error(`gcp.alertEmails: "${seen}" and "${email}" map to the same notification channel key "${key}"; keep one of them.`);
        }
        keyed[key] ??= email;
    }
    return keyed;
}
