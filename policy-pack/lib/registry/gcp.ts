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
    // Network pillar: firewall, NAT, the PSC endpoint for Google APIs and its private DNS, VPC-SC.
    "gcp:compute/firewall:Firewall": { kind: "network", tags: false, label: "VPC firewall rule" },
    "gcp:compute/route:Route": { kind: "network", tags: false, label: "route" },
    "gcp:compute/router:Router": { kind: "network", tags: false, label: "Cloud Router" },
    "gcp:compute/routerNat:RouterNat": { kind: "network", tags: false, label: "Cloud NAT" },
    // Labels on a PSC forwarding rule are set after creation by the provider (magic-modules #12737).
    "gcp:compute/globalAddress:GlobalAddress": { kind: "network", tags: true, label: "global address" },
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": { kind: "network", tags: true, label: "global forwarding rule" },
    "gcp:dns/managedZone:ManagedZone": { kind: "network", tags: true, label: "Cloud DNS zone" },
    "gcp:dns/recordSet:RecordSet": { kind: "network", tags: false, label: "DNS record set" },
    "gcp:accesscontextmanager/accessLevel:AccessLevel": { kind: "other", tags: false, label: "access level" },
    "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter": { kind: "other", tags: false, label: "service perimeter" },
    "gcp:storage/bucket:Bucket": { kind: "datastore", tags: true, protection: [deletionPolicy], label: "storage bucket" },
    "gcp:kms/keyRing:KeyRing": { kind: "key", tags: false, label: "key ring", undeletable: "Cloud KMS key rings cannot be deleted" },
    // Not `undeletable`: the key itself stays in the project, but destroying the resource destroys
    // every key version (kms/cryptoKey.d.ts), so the data it encrypted is lost. deletionPolicy guards it.
    "gcp:kms/cryptoKey:CryptoKey": { kind: "key", tags: true, protection: [deletionPolicy], label: "crypto key" },
    // A secret is a data store (its versions are the data), labelled, with two provider-side guards.
    "gcp:secretmanager/secret:Secret": {
        kind: "datastore",
        tags: true,
        label: "Secret Manager secret",
        protection: [{ path: ["deletionProtection"], protectedValues: [true], hint: "deletionProtection: true" }, deletionPolicy],
    },
    "gcp:sql/databaseInstance:DatabaseInstance": {
        kind: "datastore",
        tags: ["settings", "userLabels"],
        label: "Cloud SQL instance",
        // The provider defaults deletionProtection to true; only an explicit false removes it.
        protection: [{ path: ["deletionProtection"], protectedValues: [true], protectedWhenAbsent: true, hint: "deletionProtection: true" }, deletionPolicy],
    },
    "gcp:logging/projectBucketConfig:ProjectBucketConfig": { kind: "log-archive", tags: false, protection: [deletionPolicy], label: "log bucket" },
    // Workload pillar. The repository holds every built image (the datastore of the supply chain).
    "gcp:artifactregistry/repository:Repository": { kind: "datastore", tags: true, protection: [deletionPolicy], label: "Artifact Registry repository" },
    // The cluster's state (etcd) is rebuilt from Git and the registry; the workload protects it anyway.
    // The provider defaults deletionProtection to true; only an explicit false removes it.
    "gcp:container/cluster:Cluster": {
        kind: "other",
        tags: ["resourceLabels"],
        label: "GKE cluster",
        protection: [{ path: ["deletionProtection"], protectedValues: [true], protectedWhenAbsent: true, hint: "deletionProtection: true" }, deletionPolicy],
    },
    "gcp:container/nodePool:NodePool": { kind: "other", tags: false, label: "GKE node pool" },
    "gcp:binaryauthorization/policy:Policy": { kind: "other", tags: false, label: "Binary Authorization policy" },
    "gcp:binaryauthorization/attestor:Attestor": { kind: "other", tags: false, label: "Binary Authorization attestor" },
    "gcp:containeranalysis/note:Note": { kind: "other", tags: false, label: "Container Analysis note" },
    // Visibility pillar (the log bucket's row is above). The findings topic and its subscription
    // hold messages for a week at most: transport, not a data store.
    "gcp:pubsub/topic:Topic": { kind: "other", tags: true, label: "Pub/Sub topic" },
    "gcp:pubsub/subscription:Subscription": { kind: "other", tags: true, label: "Pub/Sub subscription" },
    // Its `labels` are the channel's settings (email_address), not resource labels: it carries none.
    "gcp:monitoring/notificationChannel:NotificationChannel": { kind: "other", tags: false, label: "notification channel" },
};
