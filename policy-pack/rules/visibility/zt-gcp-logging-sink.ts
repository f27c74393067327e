import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { GCP_LOGGING_TYPES, sinkDestination, sinkKeepsAuditLogs, SINK_TYPES } from "../../lib/gcp-logging";
import { isUnknown, readRaw } from "../../lib/props";

/** Folder and organization sinks route only their own entries unless they include their children. */
function coversChildren(sink: PolicyResource): boolean {
    if (sink.type === GCP_LOGGING_TYPES.projectSink) {
        return true;
    }
    const include = readRaw(sink.props, ["includeChildren"]);
    return include === true || isUnknown(include);
}

const enabled = (sink: PolicyResource) => readRaw(sink.props, ["disabled"]) !== true;

export default defineRule({
    id: "zt-gcp-logging-sink",
    displayName: "Audit logs are routed into a dedicated log bucket",
    description:
        "Every stack with GCP resources has an enabled logging.ProjectSink (or a FolderSink/OrganizationSink with includeChildren) whose destination is a " +
        "log bucket other than _Default (logging.googleapis.com/.../buckets/<id>) and whose filter keeps audit logs: empty, or selecting " +
        'logName "cloudaudit.googleapis.com" without negating it, with no exclusion that drops them.',
    rationale:
        "Only the Admin Activity and System Event audit logs are kept by default (400 days in _Required); Data Access and Policy Denied logs go to _Default, " +
        "which anyone with logging admin can shorten to a day, and which shares its retention with every application log. A sink into a dedicated, locked, " +
        "CMEK-encrypted bucket keeps every audit log for the required period out of the reach of the identities it records. The filter is read, not " +
        "evaluated: a term naming cloudaudit.googleapis.com or the AuditLog payload type that is not negated with NOT or - counts.",
    severity: "high",
    pillar: "visibility",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.9",
    remediationSteps:
        "Add a gcp.logging.ProjectSink with destination logging.googleapis.com/projects/<project>/locations/<region>/buckets/<audit bucket> (the " +
        'ProjectBucketConfig\'s id) and filter logName:"cloudaudit.googleapis.com" (or no filter), without exclusions on audit logs. At folder or ' +
        "organization scope use a FolderSink/OrganizationSink with includeChildren: true.",
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const sinks = args.resources.filter((r) => SINK_TYPES.includes(r.type));
        if (sinks.length === 0) {
            report(
                "This stack has GCP resources but no log sink routes its audit logs: add a gcp.logging.ProjectSink into a dedicated log bucket " +
                    '(destination logging.googleapis.com/projects/<project>/locations/<region>/buckets/<bucket>) with filter logName:"cloudaudit.googleapis.com".',
            );
            return;
        }
        const active = sinks.filter(enabled);
        if (active.length === 0) {
            report("Every log sink in this stack is disabled: set disabled to false on the audit log sink.", sinks[0].urn);
            return;
        }
        const toBucket = active.filter((s) => ["log bucket", "unknown"].includes(sinkDestination(s, args.resources)));
        if (toBucket.length === 0) {
            const builtIn = active.find((s) => sinkDestination(s, args.resources) === "built-in bucket");
            report(
                builtIn
                    ? "The log sink routes into the built-in _Default bucket, whose retention any logging admin can shorten: route audit logs into a dedicated log bucket."
                    : "No log sink routes into a log bucket: set destination to logging.googleapis.com/projects/<project>/locations/<region>/buckets/<bucket>.",
                (builtIn ?? active[0]).urn,
            );
            return;
        }
        const wide = toBucket.filter(coversChildren);
        if (wide.length === 0) {
            report("The folder or organization log sink routes only the entries of the folder or organization itself: set includeChildren to true.", toBucket[0].urn);
            return;
        }
        if (!wide.some(sinkKeepsAuditLogs)) {
            report(
                'The log sink into the log bucket drops audit logs: use filter logName:"cloudaudit.googleapis.com" (or no filter) and remove exclusions that match them.',
                wide[0].urn,
            );
        }
    },
});
