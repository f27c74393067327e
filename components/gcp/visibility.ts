/** zt:gcp:Visibility — STUB: the contract the composition relies on. The visibility helper replaces it. */
import * as pulumi from "@pulumi/pulumi";
import type { PolicyScope } from "./identity";
import { gcpNames } from "./names";

export interface GcpVisibilityArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    organizationId: string;
    /** Where the audit config is set (the same scope as the organization policies). */
    policyScope: PolicyScope;
    /** Log bucket retention, in days. */
    retentionDays: number;
    /** Lock the log bucket's retention (irreversible). */
    lockLogBucket: boolean;
    /** CMEK of the log bucket and of the findings topic. */
    logsKey: pulumi.Input<string>;
    pubsubKey: pulumi.Input<string>;
    /** Email addresses the alert policies notify. */
    alertEmails: string[];
    /** Whether VPC Service Controls is on (the VPC-SC violation alert watches its denials). */
    vpcServiceControls: boolean;
    protect: boolean;
}

export class GcpVisibility extends pulumi.ComponentResource {
    readonly logBucketId: pulumi.Output<string>;
    /** The Pub/Sub topic SCC findings are published to. */
    readonly findingsTopicId: pulumi.Output<string>;

    constructor(name: string, args: GcpVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Visibility", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);
        this.logBucketId = pulumi.output(`projects/${args.project}/locations/${args.region}/buckets/${n.logBucket}`);
        this.findingsTopicId = pulumi.output(`projects/${args.project}/topics/${n.notificationTopic}`);
        this.registerOutputs({});
    }
}
