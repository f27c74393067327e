import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { knownString } from "../../lib/gcp-data";
import {
    alertEnabled,
    alertMatchesLog,
    alertWatchesMetric,
    filterSelects,
    GCP_LOGGING_TYPES,
    PERIMETER_TYPES,
    WATCHED_CHANGES,
    WatchedChange,
} from "../../lib/gcp-logging";
import { readRaw } from "../../lib/props";

const metricName = (metric: PolicyResource) => knownString(readRaw(metric.props, ["name"])) ?? metric.name;

export default defineRule({
    id: "zt-gcp-monitoring-security-alerts",
    displayName: "IAM, firewall and VPC Service Controls changes raise alerts",
    description:
        "Every stack with GCP resources has enabled monitoring.AlertPolicy resources on log-based metrics (logging.Metric) or log matches whose filters " +
        'select IAM policy changes (SetIamPolicy), firewall rule changes (resource.type "gce_firewall_rule" or compute.firewalls.*) and, when the stack ' +
        "declares a VPC Service Controls perimeter, its violations (VpcServiceControlAuditMetadata).",
    rationale:
        "A new IAM binding is how a stolen identity makes itself permanent, a firewall change is how a path into a tier is opened, and a VPC Service " +
        "Controls denial is what an exfiltration attempt looks like from the outside. All three are legitimate only through the pipeline. A log-based " +
        "metric counts them from the audit logs and an alert policy on it notifies within minutes, instead of a log line someone may read later. " +
        "Filters are read, not evaluated: a term naming the method or payload type that is not negated counts.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [5, 4],
    cisaPillar: "Automation and Orchestration",
    cis: "8.11",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "2.7" },
    remediationSteps:
        `Add a gcp.logging.Metric per change, e.g. filter ${WATCHED_CHANGES.firewall.example}, with metricDescriptor { metricKind: "DELTA", valueType: ` +
        '"INT64" }, and a gcp.monitoring.AlertPolicy with a conditionThreshold on filter \'metric.type="logging.googleapis.com/user/<metric name>"\', ' +
        'comparison "COMPARISON_GT", thresholdValue 0, duration "0s", and notificationChannels for the security team. For ' +
        `IAM use ${WATCHED_CHANGES.iam.example}; for VPC Service Controls ${WATCHED_CHANGES.vpcsc.example}.`,
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const metrics = args.resources.filter((r) => r.type === GCP_LOGGING_TYPES.metric && readRaw(r.props, ["disabled"]) !== true);
        const alerts = args.resources.filter((r) => r.type === GCP_LOGGING_TYPES.alertPolicy);
        const hasPerimeter = args.resources.some((r) => PERIMETER_TYPES.includes(r.type));
        const changes: WatchedChange[] = [WATCHED_CHANGES.iam, WATCHED_CHANGES.firewall, ...(hasPerimeter ? [WATCHED_CHANGES.vpcsc] : [])];
        for (const change of changes) {
            const logMatches = alerts.filter((a) => alertMatchesLog(a, change) === true);
            const counting = metrics.filter((m) => filterSelects(readRaw(m.props, ["filter"]), change) === true);
            const watching = alerts.filter((a) => counting.some((m) => alertWatchesMetric(a, m) === true));
            const firing = [...logMatches, ...watching];
            if (firing.some(alertEnabled)) {
                continue;
            }
            // Filters or conditions unknown during preview may select the change: not evidence of a gap.
            const maybe =
                alerts.some((a) => alertEnabled(a) && alertMatchesLog(a, change) === "unknown") ||
                metrics.some((m) => filterSelects(readRaw(m.props, ["filter"]), change) === "unknown") ||
                alerts.some((a) => alertEnabled(a) && counting.some((m) => alertWatchesMetric(a, m) === "unknown"));
            if (maybe) {
                continue;
            }
            if (firing.length > 0) {
                report(`The alert policy on ${change.label} is disabled: set enabled to true.`, firing[0].urn);
            } else if (counting.length > 0) {
                const name = metricName(counting[0]);
                report(
                    `The log-based metric ${name} counts ${change.label} but no alert policy watches it: add a gcp.monitoring.AlertPolicy with a ` +
                        `conditionThreshold on metric.type="logging.googleapis.com/user/${name}".`,
                    counting[0].urn,
                );
            } else {
                report(
                    `No log-based metric and alert policy watch ${change.label}: add a gcp.logging.Metric with filter ${change.example} and a ` +
                        "gcp.monitoring.AlertPolicy on it (or an alert policy whose conditionMatchedLog uses that filter).",
                );
            }
        }
    },
});
