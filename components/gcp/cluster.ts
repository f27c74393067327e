/**
 * zt:gcp:Cluster — a private, regional GKE Standard cluster: nodes without public addresses, the
 * API server on a private endpoint only and reachable from the authorized private ranges only,
 * Dataplane V2 enforcing network policies, Workload Identity instead of node credentials, shielded
 * COS nodes with CMEK boot disks, Secrets encrypted with the landing zone's key, Binary
 * Authorization enforced, patched by a release channel, and control-plane logs in Cloud Logging.
 *
 * The node service account gets exactly Google's least-privilege node role and pull rights on the
 * landing zone's repository, before the cluster is created, so nodes log and pull from birth.
 * Workloads' Workload Identity bindings live with the Kubernetes baseline (zt:gcp:ClusterWorkloads).
 */
import * as pulumi from "@pulumi/pulumi";
import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import * as container from "@pulumi/gcp/container";
import * as projects from "@pulumi/gcp/projects";
import { after } from "../shared/after";
import {
    NODE_PROJECT_ROLES,
    NODE_REGISTRY_ROLE,
    clusterKubeconfig,
    clusterSecurity,
    masterAuthorizedNetworks,
    nodeConfig,
    privateClusterConfig,
} from "./workload-gke";

export interface GcpClusterArgs {
    project: string;
    region: string;
    /** Physical name (`<prefix>-<env>-gke`). CAUTION: changing it replaces the cluster. */
    clusterName: string;
    /** CAUTION: network, subnetwork, secondary ranges and control-plane range are fixed at creation; changing one replaces the cluster. */
    networkId: pulumi.Input<string>;
    subnetId: pulumi.Input<string>;
    clusterRangeNames: { pods: string; services: string };
    /** The /28 of the control plane's private endpoint. */
    controlPlaneCidr: string;
    /** Private ranges that may reach the control plane, by name. */
    authorizedRanges: Record<string, string>;
    releaseChannel: "RAPID" | "REGULAR" | "STABLE";
    machineType: string;
    /** Autoscaler bounds per zone. */
    nodes: { min: number; max: number };
    nodeServiceAccount: pulumi.Input<string>;
    /** Network tags of the nodes: the NAT route's tag gives them their only path to the internet. */
    nodeNetworkTags: string[];
    clusterKey: pulumi.Input<string>;
    disksKey: pulumi.Input<string>;
    /** The repository the nodes may pull from: its id (`repositoryId`) and location. */
    registry: { repositoryId: string; location: string; dependsOn: pulumi.Resource };
    /** Deletion protection, in GKE and in Pulumi: etcd holds every workload's state and secrets. */
    protect: boolean;
}

export class GcpCluster extends pulumi.ComponentResource {
    /** The cluster's name, delivered once it exists. */
    readonly name: pulumi.Output<string>;
    /** Secret kubeconfig: private endpoint, cluster CA, `gke-gcloud-auth-plugin` exec; no credential inside. */
    readonly kubeconfig: pulumi.Output<string>;

    constructor(name: string, args: GcpClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Cluster", name, {}, opts);
        const child = { parent: this };
        const nodeMember = pulumi.interpolate`serviceAccount:${args.nodeServiceAccount}`;

        const nodeRoles: pulumi.Resource[] = Object.entries(NODE_PROJECT_ROLES).map(([key, role]) =>
            new projects.IAMMember(`${name}-node-${key}`, { project: args.project, role, member: nodeMember }, child),
        );
        nodeRoles.push(new artifactregistry.RepositoryIamMember(`${name}-node-registry-reader`, {
            project: args.project,
            location: args.registry.location,
            repository: args.registry.repositoryId,
            role: NODE_REGISTRY_ROLE,
            member: nodeMember,
        }, { ...child, dependsOn: [args.registry.dependsOn] }));

        const nodes = nodeConfig({ machineType: args.machineType, serviceAccount: args.nodeServiceAccount, bootDiskKmsKey: args.disksKey, networkTags: args.nodeNetworkTags });
        const cluster = new container.Cluster(`${name}-cluster`, {
            project: args.project,
            name: args.clusterName,
            description: "Private GKE cluster of the Zero Trust landing zone.",
            // Regional: the control plane and nodes span the region's zones.
            location: args.region,
            network: args.networkId,
            subnetwork: args.subnetId,
            networkingMode: "VPC_NATIVE",
            ipAllocationPolicy: {
                clusterSecondaryRangeName: args.clusterRangeNames.pods,
                servicesSecondaryRangeName: args.clusterRangeNames.services,
                stackType: "IPV4",
            },
            privateClusterConfig: privateClusterConfig(args.controlPlaneCidr),
            masterAuthorizedNetworksConfig: masterAuthorizedNetworks(args.authorizedRanges),
            // Dataplane V2 (eBPF): Kubernetes NetworkPolicy is enforced without the Calico add-on.
            datapathProvider: "ADVANCED_DATAPATH",
            ...clusterSecurity({ project: args.project, releaseChannel: args.releaseChannel, clusterKey: args.clusterKey }),
            // GKE always creates a default pool first. It is removed once the cluster exists, but while
            // it lives it runs as the node account with the same hardening, never as the Compute Engine
            // default account (which the organization policies leave without roles).
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            nodeConfig: nodes,
            deletionProtection: args.protect,
        }, {
            ...child,
            protect: args.protect,
            dependsOn: nodeRoles,
            // The default pool's config describes a pool that no longer exists; a later edit must not replace the cluster.
            ignoreChanges: ["nodeConfig"],
        });

        new container.NodePool(`${name}-nodes`, {
            project: args.project,
            location: args.region,
            cluster: cluster.name,
            name: "primary",
            initialNodeCount: Math.max(args.nodes.min, 1),
            autoscaling: { minNodeCount: args.nodes.min, maxNodeCount: args.nodes.max, locationPolicy: "BALANCED" },
            management: { autoRepair: true, autoUpgrade: true },
            // One extra node at a time, none taken away before its replacement is ready.
            upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: nodes,
        }, child);

        this.name = after([cluster], pulumi.output(args.clusterName));
        this.kubeconfig = clusterKubeconfig(
            pulumi.all([cluster.privateClusterConfig, cluster.masterAuth]).apply(([p, auth]) => ({
                name: args.clusterName,
                endpoint: p?.privateEndpoint ?? "",
                caCertificate: auth?.clusterCaCertificate ?? "",
            })),
        );
        this.registerOutputs({ name: this.name, kubeconfig: this.kubeconfig });
    }
}
