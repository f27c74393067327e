/**
 * Finding the companion resources of a resource in a stack rule: the separate resources that
 * configure it, such as the public access block or the versioning of an S3 bucket (aws v7 keeps
 * every bucket setting in its own resource), the status of a Config recorder, the target of an
 * EventBridge rule.
 *
 * A companion names its subject by a property (`bucket`, `name`, `rule`). That value is a cloud
 * name or id: unknown in a preview of a new subject, a mock id offline. So the engine's record of
 * which resource fed the property (propertyDependencies) is the primary evidence. A literal is
 * accepted when it equals one of the subject's identifying properties or its URN, which covers
 * existing resources, literal names and `pulumi stack export` files.
 */
import { PolicyResource } from "@pulumi/policy";
import { refersTo } from "./links";

/** Type tokens that are one thing under a current and a deprecated name (aws v7 aliases). */
export const S3_TYPES = {
    bucket: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
    objectLock: ["aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration", "aws:s3/bucketObjectLockConfigurationV2:BucketObjectLockConfigurationV2"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
} as const satisfies Record<string, readonly string[]>;

export function isS3Bucket(r: { type: string }): boolean {
    return (S3_TYPES.bucket as readonly string[]).includes(r.type);
}

/** How a companion refers to its subject. */
export interface CompanionRef {
    /** The companion's property that names the subject, e.g. "bucket". */
    property: string;
    /** The subject's properties a literal reference may equal, e.g. ["bucket", "id"]. */
    subjectIds: readonly string[];
    /** The subject's name when the property that would hold it is absent (aws cfg Recorder: "default"). */
    defaultId?: string;
}

/** S3 bucket settings name the bucket by its name (the bucket's `bucket` input, which is also its id). */
export const BUCKET_REF: CompanionRef = { property: "bucket", subjectIds: ["bucket", "id"] };

/** True when `companion` refers to `subject` through `ref`. Names compare exactly (S3 bucket names are case-sensitive). */
export function companionRefersTo(companion: PolicyResource, subject: PolicyResource, ref: CompanionRef): boolean {
    return refersTo(companion, ref.property, subject, { targetProps: ref.subjectIds, defaultValue: ref.defaultId, exact: true });
}

/** The resources of the given types in the stack that refer to `subject`. */
export function companionsOf(resources: readonly PolicyResource[], subject: PolicyResource, types: readonly string[], ref: CompanionRef = BUCKET_REF): PolicyResource[] {
    return resources.filter((r) => types.includes(r.type) && companionRefersTo(r, subject, ref));
}

/** Resources of any AWS type (providers excluded): the stack-wide AWS rules apply only when there is one. */
export function awsResources(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type.startsWith("aws:"));
}

export const NO_AWS_RESOURCES = "the stack has no AWS resources";

/** Resources of any Azure or Entra ID type (providers excluded): the stack-wide Azure rules apply only when there is one. */
export function azureResources(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type.startsWith("azure-native:") || r.type.startsWith("azuread:"));
}

export const NO_AZURE_RESOURCES = "the stack has no Azure resources";

/** Resources of any GCP type (providers excluded): the stack-wide GCP rules apply only when there is one. */
export function gcpResources(resources: readonly PolicyResource[]): PolicyResource[] {
    return resources.filter((r) => r.type.startsWith("gcp:"));
}

export const NO_GCP_RESOURCES = "the stack has no GCP resources";
