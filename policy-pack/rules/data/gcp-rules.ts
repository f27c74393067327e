/** The GCP rules of the data pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import kmsRotation from "./zt-gcp-kms-rotation";
import kmsDestroyDelay from "./zt-gcp-kms-destroy-delay";
import storageUniformAccess from "./zt-gcp-storage-uniform-access";
import storagePublicAccessPrevention from "./zt-gcp-storage-public-access-prevention";
import storageCmek from "./zt-gcp-storage-cmek";
import storageVersioning from "./zt-gcp-storage-versioning";
import storageRetention from "./zt-gcp-storage-retention";
import secretmanagerCmek from "./zt-gcp-secretmanager-cmek";
import dlpBucketScan from "./zt-gcp-dlp-bucket-scan";
import sqlPrivate from "./zt-gcp-sql-private";
import pubsubCmek from "./zt-gcp-pubsub-cmek";

export const gcpDataRules: readonly ZtRule[] = [
    kmsRotation,
    kmsDestroyDelay,
    storageUniformAccess,
    storagePublicAccessPrevention,
    storageCmek,
    storageVersioning,
    storageRetention,
    secretmanagerCmek,
    dlpBucketScan,
    sqlPrivate,
    pubsubCmek,
];
