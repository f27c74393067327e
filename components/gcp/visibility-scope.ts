/**
 * The parts of the visibility pillar that act at the policy scope (project, folder or
 * organization): the audit config that switches data access logging on, the aggregated sink that
 * routes the scope's audit logs into the project's locked bucket, and the Security Command
 * Center notification config that publishes the scope's findings. One scope for all three, so
 * the logs kept, the alerts raised on them and the findings published cover the same resources.
 */
import * as pulumi from "@pulumi/pulumi";
import * as folder from "@pulumi/gcp/folder";
import * as logging from "@pulumi/gcp/logging";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as securitycenter from "@pulumi/gcp/securitycenter";
import type { PolicyScope } from "./identity";
import { AUDIT_LOG_TYPES, FINDINGS_FILTER, auditSinkFilter } from "./visibility-filters";

type Opts = { parent: pulumi.Resource };

/** Every audit log type, none exempted: an exempted member is an identity whose reads leave no trace. */
export function auditLogConfigs(): { logType: string }[] {
    return AUDIT_LOG_TYPES.map((logType) => ({ logType }));
}

/**
 * Declares `${name}-audit-config`: data access logs (admin reads, data reads and writes) for
 * `allServices` at the scope. Admin activity is always logged; this adds the reads an
 * exfiltration leaves. CAUTION: DATA_READ on every service is the biggest log volume (and
 * bill) of the landing zone. Non-authoritative for other services, but it conflicts with any
 * authoritative IAM policy resource at the same scope.
 */
export function auditConfig(name: string, scope: PolicyScope, project: string, organizationId: string, opts: Opts): pulumi.CustomResource {
    const common = { service: "allServices", auditLogConfigs: auditLogConfigs() };
    switch (scope.kind) {
        case "organization":
            return new organizations.IamAuditConfig(`${name}-audit-config`, { orgId: organizationId, ...common }, opts);
        case "folder":
            return new folder.IamAuditConfig(`${name}-audit-config`, { folder: `folders/${scope.folderId}`, ...common }, opts);
        case "project":
            return new projects.IAMAuditConfig(`${name}-audit-config`, { project, ...common }, opts);
    }
}

export interface AuditSinkArgs {
    /** Sink name (unique within its parent). */
    sinkName: string;
    project: string;
    region: string;
    bucketId: string;
    organizationId: string;
    /** `logging.googleapis.com/projects/<p>/locations/<r>/buckets/<b>`, known once the bucket exists. */
    destination: pulumi.Input<string>;
}

/**
 * Declares `${name}-audit-sink`: the scope's audit and network logs into the locked bucket.
 * Folder and organization sinks include every child project (an aggregated sink) but do not
 * intercept: each project's own `_Default` bucket keeps its copy for its team.
 *
 * A project sink into a bucket of its own project needs no grant. An aggregated sink writes as
 * its parent's Logging service agent, which must hold roles/logging.bucketWriter in the bucket's
 * project (Cloud Logging, "Route logs to supported destinations" > "Set destination permissions",
 * https://cloud.google.com/logging/docs/export/configure_export_v2); the grant
 * `${name}-audit-sink-writer` is conditioned to this one bucket, as Cloud Foundation Fabric does.
 * Returns the sink's writer identity (`serviceAccount:…`).
 */
export function auditSink(name: string, scope: PolicyScope, args: AuditSinkArgs, opts: Opts): pulumi.Output<string> {
    const common = {
        name: args.sinkName,
        description: "Audit and network logs of the landing zone, into its locked log bucket.",
        destination: args.destination,
        filter: auditSinkFilter(),
    };
    if (scope.kind === "project") {
        // A unique writer: the shared `cloud-logs@` identity could write to any same-project destination.
        const sink = new logging.ProjectSink(`${name}-audit-sink`, { ...common, project: args.project, uniqueWriterIdentity: true }, opts);
        return sink.writerIdentity;
    }
    const aggregated = { ...common, includeChildren: true, interceptChildren: false };
    const sink =
        scope.kind === "organization"
            ? new logging.OrganizationSink(`${name}-audit-sink`, { ...aggregated, orgId: args.organizationId }, opts)
            : new logging.FolderSink(`${name}-audit-sink`, { ...aggregated, folder: scope.folderId }, opts);
    new projects.IAMMember(`${name}-audit-sink-writer`, {
        project: args.project,
        role: "roles/logging.bucketWriter",
        member: sink.writerIdentity,
        condition: {
            title: "audit-bucket-only",
            description: "The aggregated audit sink writes to the landing zone's audit bucket and nowhere else.",
            expression: `resource.name.endsWith("/locations/${args.region}/buckets/${args.bucketId}")`,
        },
    }, opts);
    return sink.writerIdentity;
}

export interface FindingsNotificationArgs {
    configId: string;
    project: string;
    organizationId: string;
    /** `projects/<p>/topics/<t>`. */
    topicId: pulumi.Input<string>;
}

/**
 * Declares `${name}-findings`: a Security Command Center (v2 API) notification config streaming
 * the scope's active findings to the topic. SCC creates its notification service agent with
 * the config and grants it roles/securitycenter.notificationServiceAgent, which carries
 * pubsub.topics.publish, so no topic grant is declared here (the agent does not exist before the
 * first config, so it could not be granted in advance). Needs SCC activated on the organization
 * or, for a project scope, on the project.
 */
export function findingsNotification(name: string, scope: PolicyScope, args: FindingsNotificationArgs, opts: Opts): pulumi.CustomResource {
    const common = {
        configId: args.configId,
        description: "Active Security Command Center findings of the landing zone, for the responders.",
        // The v2 API's default location; only a data-residency activation uses another.
        location: "global",
        pubsubTopic: args.topicId,
        streamingConfig: { filter: FINDINGS_FILTER },
    };
    switch (scope.kind) {
        case "organization":
            return new securitycenter.V2OrganizationNotificationConfig(`${name}-findings`, { ...common, organization: args.organizationId }, opts);
        case "folder":
            return new securitycenter.V2FolderNotificationConfig(`${name}-findings`, { ...common, folder: scope.folderId }, opts);
        case "project":
            return new securitycenter.V2ProjectNotificationConfig(`${name}-findings`, { ...common, project: args.project }, opts);
    }
}
