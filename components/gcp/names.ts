/**
 * Physical names the GCP pillars share before the resources exist: the firewall targets the
 * tiers' service accounts by email, the pack reads key ids in every CMEK setting, the data pillar
 * grants service agents on keys. Building them from names keeps them readable at preview.
 *
 * Bucket names are global across GCP; the project id (itself globally unique) keeps them apart.
 * Key rings and keys can never be deleted, so their names stay taken after a destroy.
 */
import * as pulumi from "@pulumi/pulumi";

/** What each customer-managed key encrypts. One key per purpose, so revoking one never takes down another. */
export const KEY_PURPOSES = ["storage", "secrets", "logs", "pubsub", "registry", "cluster", "disks"] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];

/** Google-managed service agents, by the service that acts (`service-<project number>@<domain>`). */
export const SERVICE_AGENT_DOMAINS = {
    storage: "gs-project-accounts.iam.gserviceaccount.com",
    secretmanager: "gcp-sa-secretmanager.iam.gserviceaccount.com",
    logging: "gcp-sa-logging.iam.gserviceaccount.com",
    pubsub: "gcp-sa-pubsub.iam.gserviceaccount.com",
    artifactregistry: "gcp-sa-artifactregistry.iam.gserviceaccount.com",
    container: "container-engine-robot.iam.gserviceaccount.com",
    compute: "compute-system.iam.gserviceaccount.com",
    dlp: "dlp-api.iam.gserviceaccount.com",
    binaryauthorization: "gcp-sa-binaryauthorization.iam.gserviceaccount.com",
} as const;
export type ServiceAgent = keyof typeof SERVICE_AGENT_DOMAINS;

export function serviceAgent(projectNumber: pulumi.Input<string>, agent: ServiceAgent): pulumi.Output<string> {
    return pulumi.interpolate`service-${projectNumber}@${SERVICE_AGENT_DOMAINS[agent]}`;
}

export function gcpNames(namePrefix: string, project: string, region: string) {
    const keyRing = `${namePrefix}-keys`;
    const accountEmail = (id: string) => `${id}@${project}.iam.gserviceaccount.com`;
    return {
        /** The VPC network's name. */
        network: `${namePrefix}-vpc`,
        /** Service account id of a tier's VMs (≤ 30 characters, checked in config). */
        tierAccountId: (tier: string) => `${namePrefix}-t-${tier}`,
        tierAccountEmail: (tier: string) => accountEmail(`${namePrefix}-t-${tier}`),
        /** Service account id of a workload (GKE pods impersonate it through Workload Identity). */
        workloadAccountId: (name: string) => `${namePrefix}-w-${name}`,
        workloadAccountEmail: (name: string) => accountEmail(`${namePrefix}-w-${name}`),
        /** The service account GitHub Actions impersonates through Workload Identity Federation. */
        deployAccountId: `${namePrefix}-deploy`,
        deployAccountEmail: accountEmail(`${namePrefix}-deploy`),
        /** Workload Identity pool (4–32 characters) and its GitHub provider. */
        identityPool: `${namePrefix}-github`,
        identityPoolProvider: "github-actions",
        keyRing,
        keyRingId: `projects/${project}/locations/${region}/keyRings/${keyRing}`,
        /** Full resource name of a key: what every CMEK setting takes. */
        keyId: (purpose: KeyPurpose) => `projects/${project}/locations/${region}/keyRings/${keyRing}/cryptoKeys/${purpose}`,
        bucket: (key: string) => `${project}-${key}`,
        logBucket: `${namePrefix}-audit`,
        logSink: `${namePrefix}-audit`,
        registry: `${namePrefix}-images`,
        cluster: `${namePrefix}-gke`,
        /** Network tag the default internet route (Cloud NAT) is scoped to: GKE node pools put it in nodeConfig.tags. */
        internetEgressTag: `${namePrefix}-internet-egress`,
        notificationTopic: `${namePrefix}-scc-findings`,
    };
}
