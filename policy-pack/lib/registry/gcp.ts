/**
 * GCP types (pulumi-gcp v9). Property names checked against node_modules/@pulumi/gcp/<module>/*.d.ts.
 * Many GCP types carry no labels at all; they are marked `tags: false`.
 */
import { ProtectionFlag, TypeRegistry } from "./types";

// deletionPolicy: "PREVENT" fails any delete; "ABANDON" leaves the cloud resource in place.
const deletionPolicy: ProtectionFlag = {
    path: ["deletionPolicy"],
    protectedValues: ["PREVENT", "ABANDON"],
    hint: 'deletionPolicy: "PREVENT"',
};

export const gcpTypes: TypeRegistry = {
    "gcp:compute/network:Network": { kind: "network", tags: false, label: "VPC network" },
    "gcp:compute/subnetwork:Subnetwork": {
        kind: "network",
        tags: false,
        label: "subnetwork",
        flowLogs: {
            via: "inline",
            property: "logConfig",
            // VPC Flow Logs apply only to ordinary (PRIVATE) subnets, not proxy-only, PSC or NAT ranges.
            exemptWhen: {
                property: "purpose",
                values: ["REGIONAL_MANAGED_PROXY", "GLOBAL_MANAGED_PROXY", "INTERNAL_HTTPS_LOAD_BALANCER", "PRIVATE_SERVICE_CONNECT", "PRIVATE_NAT", "PEER_MIGRATION"],
            },
            hint: 'set logConfig, e.g. { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" }',
        },
    },
    "gcp:storage/bucket:Bucket": { kind: "datastore", tags: true, protection: [deletionPolicy], label: "storage bucket" },
    "gcp:kms/keyRing:KeyRing": { kind: "key", tags: false, label: "key ring", undeletable: "Cloud KMS key rings cannot be deleted" },
    "gcp:kms/cryptoKey:CryptoKey": { kind: "key", tags: true, protection: [deletionPolicy], label: "crypto key" },
    "gcp:sql/databaseInstance:DatabaseInstance": {
        kind: "datastore",
        tags: ["settings", "userLabels"],
        label: "Cloud SQL instance",
        // The provider defaults deletionProtection to true; only an explicit false removes it.
        protection: [{ path: ["deletionProtection"], protectedValues: [true], protectedWhenAbsent: true, hint: "deletionProtection: true" }, deletionPolicy],
    },
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": { kind: "log-archive", tags: false, protection: [deletionPolicy], label: "log bucket" },
};
