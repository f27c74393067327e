/**
 * zt:gcp:Workload — the landing zone's Artifact Registry repository, the project's Binary
 * Authorization policy with its attestor, and (optionally) a private GKE cluster on the app tier.
 *
 * The repository is encrypted with Data's registry key, its tags are immutable and every push is
 * scanned. Binary Authorization is a project singleton that also governs Cloud Run, so it exists
 * in every stack: only images signed by the attestor (issue #8 signs in the pipeline, see
 * `workload-binauthz.ts` and the `attestor` output) are admitted. The cluster (a `zt:gcp:Cluster`
 * child) runs as the app tier's service account, so the network's tier firewall applies to its nodes.
 */
import * as pulumi from "@pulumi/pulumi";
import { GcpCluster } from "./cluster";
import { gcpNames } from "./names";
import { binaryAuthorization } from "./workload-binauthz";
import { KEEP_RECENT_VERSIONS, UNTAGGED_RETENTION_DAYS, secureRegistry } from "./workload-registry";

export interface GcpWorkloadArgs {
    /** Physical-name prefix, `<prefix>-<env>`: the repository is `<prefix>-images`, the cluster `<prefix>-gke`, the attestor `<prefix>-attestor`. */
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    /** CMEK of the registry, of the cluster's application-layer secrets, and of the node boot disks. CAUTION: the registry's is fixed at creation. */
    registryKey: pulumi.Input<string>;
    clusterKey: pulumi.Input<string>;
    disksKey: pulumi.Input<string>;
    /** The VPC network and the app tier's subnetwork the nodes live in. */
    networkId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    /** Names of the app subnet's secondary ranges for pods and services. */
    clusterRangeNames: { pods: string; services: string };
    /** The /28 the control plane's private endpoint takes. */
    controlPlaneCidr: string;
    /** Private ranges that may reach the control plane, by name (the app tier always). */
    authorizedRanges: Record<string, string>;
    /** Data's key ring: the Binary Authorization attestor's signing key lives there too. */
    keyRingId: pulumi.Input<string>;
    /** The service account the nodes run as (the app tier's, so the firewall's rules apply to them). */
    nodeServiceAccount: pulumi.Input<string>;
    gke: { enabled: boolean; releaseChannel: "RAPID" | "REGULAR" | "STABLE"; machineType: string; nodes: { min: number; max: number } };
    /**
     * `data-classification` label of the repository. Default: "internal": it holds the
     * organisation's built code, not customer data (images must never carry secrets).
     */
    registryClassification?: string;
    /** Days before cleanup deletes an untagged image. Default: {@link UNTAGGED_RETENTION_DAYS} (7). */
    untaggedRetentionDays?: number;
    /** Versions per image cleanup always keeps (the rollback window). Default: {@link KEEP_RECENT_VERSIONS} (10). */
    keepRecentVersions?: number;
    /**
     * Network tags of the GKE nodes. Default: the network's internet-egress tag
     * (`<prefix>-internet-egress`), the only tag its Cloud NAT route matches (config requires NAT
     * wherever GKE is on), so nodes reach the internet only through Cloud NAT and only where the
     * firewall allows it (HTTPS). Pass `[]` to leave nodes with Google APIs and Artifact Registry only.
     */
    nodeNetworkTags?: string[];
    /** Protect the repository, the attestor key and the cluster from deletion (prod). */
    protect: boolean;
}

export class GcpWorkload extends pulumi.ComponentResource {
    /** Artifact Registry repository id (`projects/<project>/locations/<region>/repositories/<repo>`). */
    readonly registryId: pulumi.Output<string>;
    /** `<region>-docker.pkg.dev/<project>/<repo>`: where images are pushed. */
    readonly registryUrl: pulumi.Output<string>;
    /** What the release pipeline signs with: the attestor's id and the signing key version's id. */
    readonly attestor: { id: pulumi.Output<string>; keyVersion: pulumi.Output<string> };
    /** Set when GKE is enabled: its name and a secret kubeconfig (exec plugin, no credential). */
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string> };

    constructor(name: string, args: GcpWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Workload", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);

        const registry = secureRegistry(`${name}-registry`, {
            project: args.project,
            region: args.region,
            repositoryId: n.registry,
            kmsKeyName: args.registryKey,
            classification: args.registryClassification ?? "internal",
            untaggedDays: args.untaggedRetentionDays ?? UNTAGGED_RETENTION_DAYS,
            keepVersions: args.keepRecentVersions ?? KEEP_RECENT_VERSIONS,
            protect: args.protect,
        }, { parent: this });

        const binauthz = binaryAuthorization(`${name}-binauthz`, {
            namePrefix: args.namePrefix,
            project: args.project,
            projectNumber: args.projectNumber,
            region: args.region,
            keyRingId: args.keyRingId,
            protect: args.protect,
        }, { parent: this });

        if (args.gke.enabled) {
            const cluster = new GcpCluster(`${name}-gke`, {
                project: args.project,
                region: args.region,
                clusterName: n.cluster,
                networkId: args.networkId,
                subnetId: args.subnetId,
                clusterRangeNames: args.clusterRangeNames,
                controlPlaneCidr: args.controlPlaneCidr,
                authorizedRanges: args.authorizedRanges,
                releaseChannel: args.gke.releaseChannel,
                machineType: args.gke.machineType,
                nodes: args.gke.nodes,
                nodeServiceAccount: args.nodeServiceAccount,
                nodeNetworkTags: args.nodeNetworkTags ?? [n.internetEgressTag],
                clusterKey: args.clusterKey,
                disksKey: args.disksKey,
                registry: { repositoryId: n.registry, location: args.region, dependsOn: registry.repository },
                protect: args.protect,
            }, { parent: this });
            this.cluster = { name: cluster.name, kubeconfig: cluster.kubeconfig };
        }

        this.registryId = registry.id;
        this.registryUrl = registry.url;
        this.attestor = { id: binauthz.attestorId, keyVersion: binauthz.keyVersion };
        this.registerOutputs({
            registryId: this.registryId,
            registryUrl: this.registryUrl,
            attestor: this.attestor,
            ...(this.cluster ? { cluster: this.cluster } : {}),
        });
    }
}
