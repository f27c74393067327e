/**
 * zt:gcp:StateBackend — where the landing zone's Pulumi state and stack secrets live on GCP,
 * created once by the bootstrap: a Cloud KMS key ring and, per environment, a bucket (CMEK-only,
 * uniform access, public access prevention, versioning, soft delete) encrypted with its own key,
 * and a secrets key for `gcpkms://`. Per environment, not shared: a dev deployer is granted its
 * own bucket and key, so it never needs, and never gets, anything that reads or decrypts prod's.
 *
 * No retention policy (Bucket Lock), unlike the data buckets (data-bucket.ts): it refuses to
 * overwrite or delete any object younger than the period, and Pulumi overwrites its checkpoint on
 * every step and deletes its lock objects, so the first `pulumi up` would fail. Cloud Storage also
 * refuses versioning next to a retention policy. Versioning keeps every overwritten checkpoint,
 * soft delete keeps what is deleted, and `protect` keeps the bucket.
 *
 * Cloud KMS ciphertext names the key version that made it, so `gcpkms://` keeps decrypting after
 * every rotation; the URL names the key, not a version.
 */
import * as pulumi from "@pulumi/pulumi";
import * as kms from "@pulumi/gcp/kms";
import * as projects from "@pulumi/gcp/projects";
import * as storage from "@pulumi/gcp/storage";
import { after } from "../shared/after";
import { SOFT_DELETE_SECONDS } from "./data-bucket";
import { dlpScans } from "./data-dlp";
import { KEY_USER_ROLE, keySettings, type KeyProtectionLevel } from "./data-keys";
import { serviceAgent } from "./names";

/** What a deployer gets on its environment's bucket: objects only (read, write, delete, list), never the bucket's settings or IAM. */
export const STATE_OBJECT_ROLE = "roles/storage.objectUser";

export interface GcpStateBackendArgs {
    /** Physical-name prefix: key ring `<prefix>-state`, buckets `<project>-<prefix>-<env>-state`. CAUTION: changing it replaces everything (key rings are never deleted). */
    namePrefix: string;
    /** One bucket, bucket key (`<env>-state`) and secrets key (`<env>-secrets`) each. CAUTION: renaming one replaces them. */
    environments: string[];
    /** Protect the key ring, keys and buckets from deletion. */
    protect: boolean;
    project: string;
    /** The project number, for the Cloud Storage and DLP service agents' emails. */
    projectNumber: pulumi.Input<string>;
    /** Where buckets and keys live (a bucket's CMEK must share its location). CAUTION: changing it replaces everything. */
    region: string;
    /**
     * Environment → name → IAM member (`serviceAccount:…`, `group:…`) that deploys that environment:
     * object access on its bucket and Encrypter/Decrypter on its secrets key, nothing project-wide.
     * Default: none (grant them later, at the same scopes).
     */
    deployers?: Record<string, Record<string, pulumi.Input<string>>>;
    /**
     * A noncurrent checkpoint is deleted only once it has this many newer versions AND is
     * `noncurrentVersionDays` old. Pulumi writes the checkpoint at every step of an update, so a
     * count alone would keep only the last update's steps. Default: 100.
     */
    noncurrentVersionsKept?: number;
    /** See `noncurrentVersionsKept`. Default: 30 days. */
    noncurrentVersionDays?: number;
    /** Where key material lives. Default: HSM. CAUTION: changing it only affects new key versions. */
    keyProtectionLevel?: KeyProtectionLevel;
    /**
     * A weekly Sensitive Data Protection scan of each bucket (data-dlp.ts), which finds credentials
     * a program exported in plain text instead of as a secret. The DLP agent gets object read on
     * the buckets for it. Default: true.
     */
    scanForSensitiveData?: boolean;
}

export interface StateBackendEndpoint {
    /** What `pulumi login` takes. */
    url: pulumi.Output<string>;
    /** What `pulumi stack init --secrets-provider` takes. */
    secretsProvider: pulumi.Output<string>;
}

/** The physical names, from the prefix (exported for tests and the bootstrap's docs). */
export function gcpStateNames(namePrefix: string, project: string, region: string) {
    const keyRing = `${namePrefix}-state`;
    const keyId = (key: string) => `projects/${project}/locations/${region}/keyRings/${keyRing}/cryptoKeys/${key}`;
    return {
        keyRing,
        keyRingId: `projects/${project}/locations/${region}/keyRings/${keyRing}`,
        bucket: (env: string) => `${project}-${namePrefix}-${env}-state`,
        bucketKey: (env: string) => `${env}-state`,
        secretsKey: (env: string) => `${env}-secrets`,
        keyId,
    };
}

/** The lifecycle rule: noncurrent versions go once both old enough and outnumbered. */
export function noncurrentVersionRule(kept: number, days: number) {
    return { action: { type: "Delete" }, condition: { withState: "ARCHIVED", numNewerVersions: kept, daysSinceNoncurrentTime: days } };
}

/** Every reason Cloud Storage or KMS would refuse these args. */
export function validateGcpStateBackend(args: GcpStateBackendArgs): string[] {
    const n = gcpStateNames(args.namePrefix, args.project, args.region);
    const errors: string[] = [];
    if (!/^[a-zA-Z0-9_-]{1,63}$/.test(n.keyRing)) errors.push(`key ring name "${n.keyRing}" must be 1–63 letters, digits, hyphens and underscores`);
    if (args.environments.length === 0) errors.push("at least one environment is needed");
    for (const env of args.environments) {
        if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(env) || n.bucket(env).length > 63) {
            errors.push(`environment "${env}" must be lowercase letters, digits and hyphens, and bucket "${n.bucket(env)}" at most 63 characters`);
        }
    }
    if (new Set(args.environments).size !== args.environments.length) errors.push("environments must be unique");
    for (const env of Object.keys(args.deployers ?? {})) {
        if (!args.environments.includes(env)) errors.push(`deployers name environment "${env}", which is not in environments`);
    }
    for (const [field, value] of [["noncurrentVersionsKept", args.noncurrentVersionsKept], ["noncurrentVersionDays", args.noncurrentVersionDays]] as const) {
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) errors.push(`${field} must be a whole number ≥ 1 (got ${value})`);
    }
    return errors;
}

export class GcpStateBackend extends pulumi.ComponentResource {
    readonly backends: Record<string, StateBackendEndpoint>;
    readonly keyRingId: pulumi.Output<string>;

    constructor(name: string, args: GcpStateBackendArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:StateBackend", name, {}, opts);
        const errors = validateGcpStateBackend(args);
        if (errors.length > 0) throw new Error(`zt:gcp:StateBackend ${name}: ${errors.join("; ")}.`);
        const child = { parent: this };
        const n = gcpStateNames(args.namePrefix, args.project, args.region);

        const ring = new kms.KeyRing(`${name}-keyring`, { name: n.keyRing, project: args.project, location: args.region }, { ...child, protect: args.protect });
        const ringId = after([ring], pulumi.output(n.keyRingId));
        const settings = keySettings(args.keyProtectionLevel ?? "HSM");
        const cryptoKey = (logical: string, key: string, purpose: string) => new kms.CryptoKey(logical, {
            name: key, keyRing: ringId, ...settings, labels: { purpose },
        }, { ...child, protect: args.protect });
        const grantKey = (logical: string, key: kms.CryptoKey, keyName: string, member: pulumi.Input<string>) => new kms.CryptoKeyIAMMember(logical, {
            cryptoKeyId: after([key], pulumi.output(n.keyId(keyName))), role: KEY_USER_ROLE, member,
        }, child);

        // The lookup creates the Cloud Storage agent if the project has none yet (data-keys.ts), so
        // the grant never names an account that does not exist.
        const lookup = storage.getProjectServiceAccountOutput({ project: args.project }, child);
        const storageAgent = pulumi.all([lookup.emailAddress, serviceAgent(args.projectNumber, "storage")]).apply(([, email]) => `serviceAccount:${email}`);

        const kept = args.noncurrentVersionsKept ?? 100;
        const days = args.noncurrentVersionDays ?? 30;
        this.backends = {};
        const scanned: Record<string, { bucketName: string; bucket: pulumi.Resource }> = {};
        for (const env of args.environments) {
            // The bucket key serves the Cloud Storage agent only; the secrets key only deployers.
            const bucketKey = cryptoKey(`${name}-key-${env}-state`, n.bucketKey(env), "pulumi-state");
            const agentGrant = grantKey(`${name}-key-${env}-state-user`, bucketKey, n.bucketKey(env), storageAgent);
            const secretsKey = cryptoKey(`${name}-key-${env}-secrets`, n.secretsKey(env), "pulumi-secrets");

            const bucketName = n.bucket(env);
            const bucket = new storage.Bucket(`${name}-bucket-${env}`, {
                name: bucketName,
                project: args.project,
                location: args.region,
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                versioning: { enabled: true },
                softDeletePolicy: { retentionDurationSeconds: SOFT_DELETE_SECONDS },
                lifecycleRules: [noncurrentVersionRule(kept, days)],
                encryption: {
                    defaultKmsKeyName: after([bucketKey, agentGrant], pulumi.output(n.keyId(n.bucketKey(env)))),
                    // Only CMEK objects: no client can write around the bucket's key.
                    googleManagedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
                    customerSuppliedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
                },
                forceDestroy: false,
                labels: { "data-classification": "confidential", purpose: "pulumi-state" },
            }, { ...child, protect: args.protect });
            scanned[env] = { bucketName, bucket };

            for (const [who, member] of Object.entries(args.deployers?.[env] ?? {})) {
                new storage.BucketIAMMember(`${name}-bucket-${env}-${who}`, {
                    bucket: after([bucket], pulumi.output(bucketName)), role: STATE_OBJECT_ROLE, member,
                }, child);
                grantKey(`${name}-key-${env}-secrets-${who}`, secretsKey, n.secretsKey(env), member);
            }
            this.backends[env] = {
                url: after([bucket], pulumi.output(`gs://${bucketName}`)),
                secretsProvider: after([secretsKey], pulumi.output(`gcpkms://${n.keyId(n.secretsKey(env))}`)),
            };
        }

        if (args.scanForSensitiveData ?? true) {
            // The DLP agent exists only after the API's first use; creating it lets its read grants name it.
            const dlpAgent = new projects.ServiceIdentity(`${name}-agent-dlp`, { project: args.project, service: "dlp.googleapis.com" }, child);
            dlpScans(name, {
                namePrefix: n.keyRing,
                project: args.project,
                region: args.region,
                buckets: scanned,
                dlpAgent: serviceAgent(args.projectNumber, "dlp"),
                dlpAgentReady: dlpAgent,
            }, this);
        }

        this.keyRingId = ringId;
        this.registerOutputs({ backends: this.backends, keyRingId: ringId });
    }
}
