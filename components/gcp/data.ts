/** zt:gcp:Data — STUB: the contract the composition relies on. The data helper replaces it. */
import * as pulumi from "@pulumi/pulumi";
import { gcpNames, KEY_PURPOSES, type KeyPurpose } from "./names";

export interface GcpDataArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    /** Data buckets by key. */
    buckets: Record<string, { classification: string; retentionDays: number }>;
    /** Secrets by key, with the workload names that may read them. */
    secrets: Record<string, { accessors: string[] }>;
    /** Workload name → service account email (secret accessors). */
    workloadServiceAccounts: Record<string, pulumi.Input<string>>;
    /** Protect keys and buckets from deletion (prod). */
    protect: boolean;
}

export class GcpData extends pulumi.ComponentResource {
    /** Purpose → full key resource name, available once the service agents may use it. */
    readonly keys: Record<KeyPurpose, pulumi.Output<string>>;
    readonly keyRingId: pulumi.Output<string>;
    /** Bucket key → bucket name. */
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    /** Secret key → secret id. */
    readonly secretIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: GcpDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Data", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);
        this.keys = Object.fromEntries(KEY_PURPOSES.map((p) => [p, pulumi.output(n.keyId(p))])) as Record<KeyPurpose, pulumi.Output<string>>;
        this.keyRingId = pulumi.output(n.keyRingId);
        this.bucketNames = Object.fromEntries(Object.keys(args.buckets).map((k) => [k, pulumi.output(n.bucket(k))]));
        this.secretIds = Object.fromEntries(Object.keys(args.secrets).map((k) => [k, pulumi.output(`projects/${args.project}/secrets/${args.namePrefix}-${k}`)]));
        this.registerOutputs({});
    }
}
