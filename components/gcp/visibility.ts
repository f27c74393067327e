/**
 * zt:gcp:Visibility — the audit trail and the detection of the GCP landing zone: data access
 * logging for every service at the policy scope, a CMEK-encrypted log bucket whose retention is
 * locked in prod, the sink that routes every audit log (and the network logs) into it, Security
 * Command Center's active findings published to a Pub/Sub topic for the responders, and alerts on
 * the changes that weaken the landing zone (CIS GCP Foundation 2.4–2.10, log routing, key
 * destruction, VPC Service Controls denials).
 *
 * Data flow order: the destinations first (bucket, topic), then what writes to them (audit
 * config, sink, SCC), then what reads them (metrics and alerts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as logging from "@pulumi/gcp/logging";
import * as pubsub from "@pulumi/gcp/pubsub";
import { after } from "../shared/after";
import type { PolicyScope } from "./identity";
import { gcpNames } from "./names";
import { securityAlertPolicies } from "./visibility-alerts";
import { logBucketRetentionDays } from "./visibility-filters";
import { auditConfig, auditSink, findingsNotification } from "./visibility-scope";

/** How long the topic keeps findings, acknowledged or not: a responder that starts late can seek back a week. */
export const FINDINGS_RETENTION = "604800s";

export interface GcpVisibilityArgs {
    /** `<prefix>-<env>`: metric, sink, topic and bucket names. */
    namePrefix: string;
    /** The project that holds the log bucket, the topic, the metrics and the alert policies. */
    project: string;
    /** Passed to every pillar; this one names no service agent by number (SCC and the sinks report their own identities). */
    projectNumber: pulumi.Input<string>;
    /** Region of the log bucket (its CMEK key must be in the same region) and of the findings' storage. */
    region: string;
    organizationId: string;
    /**
     * Where the audit config, the sink and the SCC notification config are set (the same scope as
     * the organization policies). A folder or organization scope routes, alerts on and publishes
     * the findings of every project below it.
     */
    policyScope: PolicyScope;
    /** Log bucket retention, in days (capped at Cloud Logging's 3650). */
    retentionDays: number;
    /**
     * Lock the log bucket's retention: nobody can shorten it, nor delete the bucket while it holds
     * logs. CAUTION: irreversible.
     */
    lockLogBucket: boolean;
    /**
     * CMEK of the log bucket. Must be in `region`, and the project's Logging service agent must
     * hold roles/cloudkms.cryptoKeyEncrypterDecrypter on it: the data pillar grants it and hands
     * the key out only after the grant.
     */
    logsKey: pulumi.Input<string>;
    /** CMEK of the findings topic (the Pub/Sub service agent's grant is the data pillar's). */
    pubsubKey: pulumi.Input<string>;
    /** Email addresses the alert policies notify. Empty: incidents open in the console only. */
    alertEmails: string[];
    /** Whether VPC Service Controls is on (the VPC-SC violation alert watches its denials). */
    vpcServiceControls: boolean;
    /** Protect the log bucket from deletion (prod). */
    protect: boolean;
}

export class GcpVisibility extends pulumi.ComponentResource {
    /** `projects/<p>/locations/<r>/buckets/<b>` of the audit log bucket. */
    readonly logBucketId: pulumi.Output<string>;
    /** The Pub/Sub topic SCC findings are published to (`projects/<p>/topics/<t>`). */
    readonly findingsTopicId: pulumi.Output<string>;
    /** The pull subscription the responders read the findings from. */
    readonly findingsSubscriptionId: pulumi.Output<string>;
    /** The identity the audit sink writes as (`serviceAccount:…`; known after deployment). */
    readonly auditSinkWriterIdentity: pulumi.Output<string>;
    /** Notification channel resource names, keyed by the sanitised address. */
    readonly notificationChannelIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GcpVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Visibility", name, {}, opts);
        const parent = { parent: this };
        const n = gcpNames(args.namePrefix, args.project, args.region);
        const bucketPath = `projects/${args.project}/locations/${args.region}/buckets/${n.logBucket}`;

        const bucket = new logging.ProjectBucketConfig(`${name}-log-bucket`, {
            project: args.project,
            bucketId: n.logBucket,
            location: args.region,
            description: "Audit and network logs of the landing zone.",
            retentionDays: logBucketRetentionDays(args.retentionDays),
            locked: args.lockLogBucket,
            // CMEK cannot be removed from a bucket later, only rotated to another key.
            cmekSettings: { kmsKeyName: args.logsKey },
        }, { ...parent, protect: args.protect });
        const logBucketId = after([bucket], pulumi.output(bucketPath));

        const topicId = `projects/${args.project}/topics/${n.notificationTopic}`;
        const topic = new pubsub.Topic(`${name}-findings-topic`, {
            project: args.project,
            name: n.notificationTopic,
            kmsKeyName: args.pubsubKey,
            messageRetentionDuration: FINDINGS_RETENTION,
            // Findings name resources and principals: they stay in the landing zone's region.
            messageStoragePolicy: { allowedPersistenceRegions: [args.region] },
        }, parent);
        const findingsTopicId = after([topic], pulumi.output(topicId));
        // Without a subscription Pub/Sub drops what SCC publishes. This one never expires (the
        // default expiry is 31 idle days, after which findings would vanish unnoticed) and holds
        // unacknowledged findings for the topic's week.
        const subscriptionName = `${n.notificationTopic}-responders`;
        const subscription = new pubsub.Subscription(`${name}-findings-responders`, {
            project: args.project,
            name: subscriptionName,
            topic: findingsTopicId,
            ackDeadlineSeconds: 60,
            messageRetentionDuration: FINDINGS_RETENTION,
            expirationPolicy: { ttl: "" },
        }, parent);

        auditConfig(name, args.policyScope, args.project, args.organizationId, parent);
        const writerIdentity = auditSink(name, args.policyScope, {
            sinkName: n.logSink,
            project: args.project,
            region: args.region,
            bucketId: n.logBucket,
            organizationId: args.organizationId,
            destination: pulumi.interpolate`logging.googleapis.com/${logBucketId}`,
        }, parent);
        findingsNotification(name, args.policyScope, {
            configId: n.notificationTopic,
            project: args.project,
            organizationId: args.organizationId,
            topicId: findingsTopicId,
        }, parent);

        const channelIds = securityAlertPolicies(name, {
            namePrefix: args.namePrefix,
            project: args.project,
            alertEmails: args.alertEmails,
            vpcServiceControls: args.vpcServiceControls,
            bucketName: args.policyScope.kind === "project" ? undefined : logBucketId,
        }, parent);

        this.logBucketId = logBucketId;
        this.findingsTopicId = findingsTopicId;
        this.findingsSubscriptionId = after([subscription], pulumi.output(`projects/${args.project}/subscriptions/${subscriptionName}`));
        this.auditSinkWriterIdentity = writerIdentity;
        this.notificationChannelIds = channelIds;
        this.registerOutputs({
            logBucketId: this.logBucketId,
            findingsTopicId: this.findingsTopicId,
            findingsSubscriptionId: this.findingsSubscriptionId,
            auditSinkWriterIdentity: this.auditSinkWriterIdentity,
            notificationChannelIds: this.notificationChannelIds,
        });
    }
}
