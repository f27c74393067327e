/**
 * One data bucket: private (uniform access, public access prevention enforced), CMEK-only,
 * write-once for its retention period, and recoverable after it. The pure settings are exported
 * for tests and shared with any other pillar that stores data in Cloud Storage.
 */
import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/gcp/storage";
import { after } from "../shared/after";

const DAY_SECONDS = 86_400;

/**
 * How long deleted or overwritten objects stay recoverable once the retention policy no longer
 * holds them: 30 days (Cloud Storage allows 7 to 90; soft-deleted bytes are billed as stored).
 */
export const SOFT_DELETE_SECONDS = 30 * DAY_SECONDS;

export function retentionSeconds(days: number): string {
    if (!Number.isInteger(days) || days < 1) throw new Error(`Bucket retention must be a whole number of days ≥ 1 (got ${days}).`);
    return String(days * DAY_SECONDS);
}

/**
 * The security settings of every data bucket.
 *
 * Versioning is off on purpose: Cloud Storage refuses a retention policy (Bucket Lock) on a bucket
 * with Object Versioning, and the other way round ("Retention policy and versioning are mutually
 * exclusive", google/exposure-notifications-verification-server#877; the same note in
 * terraform-example-foundation#898). The retention policy is the stronger control: no object can
 * be deleted or overwritten at all until it is `retentionDays` old, where versioning only keeps
 * the old copy. Soft delete then keeps deleted and overwritten objects for 30 more days.
 * The policy is not locked: locking is irreversible and is a compliance decision per bucket.
 *
 * Only CMEK objects: Google-managed and customer-supplied encryption are refused for new objects,
 * so no client can write around the bucket's key.
 */
export function bucketSecurity(kmsKeyName: pulumi.Input<string>, retentionDays: number) {
    return {
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: false },
        retentionPolicy: { retentionPeriod: retentionSeconds(retentionDays), isLocked: false },
        softDeletePolicy: { retentionDurationSeconds: SOFT_DELETE_SECONDS },
        encryption: {
            defaultKmsKeyName: kmsKeyName,
            googleManagedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
            customerSuppliedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
        },
        forceDestroy: false,
    };
}

export interface DataBucketArgs {
    /** Globally unique bucket name (names.ts). CAUTION: changing it replaces the bucket. */
    bucketName: string;
    project: string;
    /** CAUTION: changing it replaces the bucket. */
    location: string;
    /** The storage key's full name; resolves once the Cloud Storage agent may use it. */
    kmsKeyName: pulumi.Input<string>;
    classification: string;
    retentionDays: number;
    protect: boolean;
}

/** Declares the bucket as `name`; returns it and its name, resolved once it exists. */
export function dataBucket(name: string, args: DataBucketArgs, parent: pulumi.Resource): { bucket: storage.Bucket; name: pulumi.Output<string> } {
    const bucket = new storage.Bucket(name, {
        name: args.bucketName,
        project: args.project,
        location: args.location,
        ...bucketSecurity(args.kmsKeyName, args.retentionDays),
        labels: { "data-classification": args.classification },
    }, { parent, protect: args.protect });
    return { bucket, name: after([bucket], pulumi.output(args.bucketName)) };
}
