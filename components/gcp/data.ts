/**
 * zt:gcp:Data — the landing zone's Cloud KMS key ring with one rotating HSM key per purpose (each
 * usable by one Google service agent only), the data buckets (private, CMEK-only, write-once for
 * their retention period), the Secret Manager secrets (CMEK, pinned to the region, readable by the
 * named workloads only) and the Sensitive Data Protection scans of every bucket.
 *
 * Every other pillar encrypts with these keys; each `keys` output resolves only once the key
 * exists and its service agent may use it, so no consumer is created before it can encrypt.
 */
import * as pulumi from "@pulumi/pulumi";
import * as secretmanager from "@pulumi/gcp/secretmanager";
import { after } from "../shared/after";
import { dataBucket } from "./data-bucket";
import { dlpScans } from "./data-dlp";
import { keyRing, type KeyProtectionLevel } from "./data-keys";
import { gcpNames, serviceAgent, type KeyPurpose } from "./names";

/** The only role a workload gets on a secret: read its versions, never change or delete them. */
export const SECRET_READER_ROLE = "roles/secretmanager.secretAccessor";
/**
 * A destroyed secret version is first disabled and only destroyed 30 days later, so a mistaken or
 * malicious destroy can be undone by re-enabling it.
 */
export const SECRET_VERSION_DESTROY_DELAY = "2592000s";

/**
 * One user-managed replica in the landing zone's region, encrypted with the secrets key: secret
 * material never leaves the region the organization policy allows, and revoking the key makes
 * every secret unreadable at once. (Automatic replication would copy it to any region.)
 */
export function secretReplication(region: string, kmsKeyName: pulumi.Input<string>) {
    return { userManaged: { replicas: [{ location: region, customerManagedEncryption: { kmsKeyName } }] } };
}

/** `<secret>: <workload>` for every accessor that names no known workload (config checks it too; this guards other callers). */
export function unknownAccessors(secrets: Record<string, { accessors: string[] }>, workloads: string[]): string[] {
    return Object.entries(secrets).flatMap(([k, s]) => s.accessors.filter((a) => !workloads.includes(a)).map((a) => `${k}: ${a}`));
}

export interface GcpDataArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    /** Data buckets by key. CAUTION: renaming a key replaces its bucket. */
    buckets: Record<string, { classification: string; retentionDays: number }>;
    /** Secrets by key, with the workload names that may read them. CAUTION: renaming a key replaces its secret. */
    secrets: Record<string, { accessors: string[] }>;
    /** Workload name → service account email (secret accessors). */
    workloadServiceAccounts: Record<string, pulumi.Input<string>>;
    /** Protect the key ring, keys, buckets and secrets from deletion (prod). */
    protect: boolean;
    /**
     * Where key material lives. Default: HSM (FIPS 140-2 Level 3). SOFTWARE costs about 6% as much
     * per key version. CAUTION: changing it only affects new key versions, never existing ones.
     */
    keyProtectionLevel?: KeyProtectionLevel;
    /**
     * The account Cloud Logging encrypts log buckets with. Default: the one Logging's
     * `GetCmekSettings` reports for the project at deploy time (`service-<number>@gcp-sa-logging`
     * on current projects); set it only where that lookup is not allowed.
     */
    loggingServiceAgent?: pulumi.Input<string>;
    /** `data-classification` label of the secrets. Default: "confidential". */
    secretClassification?: string;
}

export class GcpData extends pulumi.ComponentResource {
    /** Purpose → full key resource name, available once the service agents may use it. */
    readonly keys: Record<KeyPurpose, pulumi.Output<string>>;
    readonly keyRingId: pulumi.Output<string>;
    /** Bucket key → bucket name. */
    readonly bucketNames: Record<string, pulumi.Output<string>>;
    /** Secret key → secret id. */
    readonly secretIds: Record<string, pulumi.Output<string>>;
    /** Full name of the DLP inspect template the bucket scans use. */
    readonly inspectTemplateName: pulumi.Output<string>;

    constructor(name: string, args: GcpDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Data", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);
        const missing = unknownAccessors(args.secrets, Object.keys(args.workloadServiceAccounts));
        if (missing.length > 0) {
            throw new Error(`zt:gcp:Data: secret accessors without a workload service account (${missing.join(", ")}); known workloads: ${Object.keys(args.workloadServiceAccounts).join(", ") || "none"}.`);
        }

        const ring = keyRing(name, {
            namePrefix: args.namePrefix,
            project: args.project,
            projectNumber: args.projectNumber,
            region: args.region,
            protectionLevel: args.keyProtectionLevel ?? "HSM",
            loggingAgent: args.loggingServiceAgent,
            protect: args.protect,
        }, this);
        this.keys = ring.keys;
        this.keyRingId = ring.keyRingId;

        this.bucketNames = {};
        const scanned: Record<string, { bucketName: string; bucket: pulumi.Resource }> = {};
        for (const [key, b] of Object.entries(args.buckets)) {
            const bucketName = n.bucket(key);
            const made = dataBucket(`${name}-bucket-${key}`, {
                bucketName,
                project: args.project,
                location: args.region,
                kmsKeyName: this.keys.storage,
                classification: b.classification,
                retentionDays: b.retentionDays,
                protect: args.protect,
            }, this);
            this.bucketNames[key] = made.name;
            scanned[key] = { bucketName, bucket: made.bucket };
        }

        this.secretIds = {};
        for (const [key, s] of Object.entries(args.secrets)) {
            const secretName = `projects/${args.project}/secrets/${args.namePrefix}-${key}`;
            const secret = new secretmanager.Secret(`${name}-secret-${key}`, {
                secretId: `${args.namePrefix}-${key}`,
                project: args.project,
                replication: secretReplication(args.region, this.keys.secrets),
                versionDestroyTtl: SECRET_VERSION_DESTROY_DELAY,
                labels: { "data-classification": args.secretClassification ?? "confidential" },
            }, { parent: this, protect: args.protect });
            const secretId = after([secret], pulumi.output(secretName));
            for (const accessor of s.accessors) {
                new secretmanager.SecretIamMember(`${name}-secret-${key}-${accessor}`, {
                    project: args.project,
                    secretId,
                    role: SECRET_READER_ROLE,
                    member: pulumi.interpolate`serviceAccount:${args.workloadServiceAccounts[accessor]}`,
                }, { parent: this });
            }
            this.secretIds[key] = secretId;
        }

        this.inspectTemplateName = dlpScans(name, {
            namePrefix: args.namePrefix,
            project: args.project,
            region: args.region,
            buckets: scanned,
            dlpAgent: serviceAgent(args.projectNumber, "dlp"),
            dlpAgentReady: ring.agents.dlp,
        }, this).templateName;

        this.registerOutputs({
            keys: this.keys,
            keyRingId: this.keyRingId,
            bucketNames: this.bucketNames,
            secretIds: this.secretIds,
            inspectTemplateName: this.inspectTemplateName,
        });
    }
}
