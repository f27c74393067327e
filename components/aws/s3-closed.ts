/**
 * The two resources that close every bucket the landing zone creates: all four public-access
 * blocks, and ACLs disabled (BucketOwnerEnforced: the bucket owner owns every object, so no writer
 * can hand an object to another account or make it public through an ACL).
 */
import * as pulumi from "@pulumi/pulumi";
import * as s3 from "@pulumi/aws/s3";

export interface ClosedBucket {
    publicAccess: s3.BucketPublicAccessBlock;
    ownership: s3.BucketOwnershipControls;
}

/** Declares both for `bucket`, under the given logical names (kept as each component first named them). */
export function closeBucket(names: { publicAccess: string; ownership: string }, bucket: pulumi.Input<string>, opts: pulumi.CustomResourceOptions): ClosedBucket {
    return {
        publicAccess: new s3.BucketPublicAccessBlock(names.publicAccess, {
            bucket,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, opts),
        ownership: new s3.BucketOwnershipControls(names.ownership, { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, opts),
    };
}
