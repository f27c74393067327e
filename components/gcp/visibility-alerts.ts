/**
 * The security alerts: an email notification channel per address, and for every entry of
 * {@link SECURITY_ALERTS} a log-based metric counting the matching audit log entries and an alert
 * policy that notifies every channel as soon as one is counted.
 */
import * as pulumi from "@pulumi/pulumi";
import * as logging from "@pulumi/gcp/logging";
import * as monitoring from "@pulumi/gcp/monitoring";
import { alertConditionFilter, channelKeys, securityAlerts } from "./visibility-filters";

/** Incidents close on their own this long after the count drops back to zero (the API's minimum). */
export const ALERT_AUTO_CLOSE = "1800s";

export interface AlertsArgs {
    namePrefix: string;
    project: string;
    /** Addresses notified. Empty: the alerts still open incidents in the console, nobody is emailed. */
    alertEmails: string[];
    /** Declare the VPC Service Controls denial alert. */
    vpcServiceControls: boolean;
    /**
     * Count only the entries routed to this log bucket (a bucket-scoped metric). Set for folder and
     * organization scopes, where the child projects' logs reach this project only through the
     * aggregated sink. Unset: the project's own logs, before any sink or exclusion applies, so a
     * tampered sink cannot silence them.
     */
    bucketName?: pulumi.Input<string>;
}

/**
 * Declares `${name}-channel-<address key>` per address, and `${name}-metric-<key>` with
 * `${name}-alert-<key>` per security alert. Returns the channels' ids by key.
 */
export function securityAlertPolicies(name: string, args: AlertsArgs, opts: { parent: pulumi.Resource }): Record<string, pulumi.Output<string>> {
    const channels = Object.entries(channelKeys(args.alertEmails)).map(([key, email]) =>
        // Not in TAGGABLE_TYPES: a channel's `labels` are its settings (email_address), not resource labels.
        [key, new monitoring.NotificationChannel(`${name}-channel-${key}`, {
            project: args.project,
            type: "email",
            displayName: `${args.namePrefix} security: ${email}`,
            description: "Receives the landing zone's security alerts.",
            labels: { email_address: email },
            enabled: true,
        }, opts)] as const,
    );
    // The id of a channel is its resource name, `projects/<p>/notificationChannels/<n>`, as the policy wants it.
    const channelIds = channels.map(([, c]) => c.id);

    for (const [key, alert] of securityAlerts(args.vpcServiceControls)) {
        const metric = new logging.Metric(`${name}-metric-${key}`, {
            project: args.project,
            name: `${args.namePrefix}-${key}`,
            description: alert.description,
            filter: alert.filter,
            bucketName: args.bucketName,
            metricDescriptor: { metricKind: "DELTA", valueType: "INT64", unit: "1", displayName: `${args.namePrefix}: ${alert.title}` },
        }, opts);
        new monitoring.AlertPolicy(`${name}-alert-${key}`, {
            project: args.project,
            displayName: `${args.namePrefix}: ${alert.title}`,
            severity: alert.severity,
            enabled: true,
            combiner: "OR",
            conditions: [{
                displayName: `${alert.title} (any entry)`,
                conditionThreshold: {
                    // Built from the metric's name output, so the policy waits for the metric to exist.
                    filter: metric.name.apply(alertConditionFilter),
                    comparison: "COMPARISON_GT",
                    thresholdValue: 0,
                    duration: "0s",
                    aggregations: [{ alignmentPeriod: "60s", perSeriesAligner: "ALIGN_DELTA", crossSeriesReducer: "REDUCE_SUM" }],
                    trigger: { count: 1 },
                    // No entry in a minute is the normal state, not an outage of the metric.
                    evaluationMissingData: "EVALUATION_MISSING_DATA_INACTIVE",
                },
            }],
            alertStrategy: { autoClose: ALERT_AUTO_CLOSE },
            documentation: {
                subject: `[${alert.severity}] ${args.namePrefix}: ${alert.title}`,
                content: alert.cis ? `${alert.description}\n\nCIS Google Cloud Platform Foundation Benchmark ${alert.cis}.` : alert.description,
                mimeType: "text/markdown",
            },
            notificationChannels: channelIds,
        }, opts);
    }
    return Object.fromEntries(channels.map(([key, c]) => [key, c.id]));
}
