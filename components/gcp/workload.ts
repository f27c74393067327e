/** zt:gcp:Workload — STUB: the contract the composition relies on. The workload helper replaces it. */
import * as pulumi from "@pulumi/pulumi";
import { gcpNames } from "./names";

export interface GcpWorkloadArgs {
    namePrefix: string;
    project: string;
    projectNumber: pulumi.Input<string>;
    region: string;
    /** CMEK of the registry, of the cluster's application-layer secrets, and of the node boot disks. */
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
    /** Workload name → service account email: each is bound to the Kubernetes service account `<name>/<name>` through Workload Identity when GKE is on. */
    workloadServiceAccounts: Record<string, pulumi.Input<string>>;
    /** Data's key ring: the Binary Authorization attestor's signing key lives there too. */
    keyRingId: pulumi.Input<string>;
    /** The service account the nodes run as (the app tier's, so the firewall's rules apply to them). */
    nodeServiceAccount: pulumi.Input<string>;
    gke: { enabled: boolean; releaseChannel: "RAPID" | "REGULAR" | "STABLE"; machineType: string; nodes: { min: number; max: number } };
    protect: boolean;
}

export class GcpWorkload extends pulumi.ComponentResource {
    /** Artifact Registry repository id. */
    readonly registryId: pulumi.Output<string>;
    /** `<region>-docker.pkg.dev/<project>/<repo>`: where images are pushed. */
    readonly registryUrl: pulumi.Output<string>;
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string> };

    constructor(name: string, args: GcpWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Workload", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);
        this.registryId = pulumi.output(`projects/${args.project}/locations/${args.region}/repositories/${n.registry}`);
        this.registryUrl = pulumi.output(`${args.region}-docker.pkg.dev/${args.project}/${n.registry}`);
        this.registerOutputs({});
    }
}
