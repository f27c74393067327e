/**
 * zt:gcp:ClusterWorkloads — the cloud side of the Kubernetes baseline on GKE: each workload's
 * ServiceAccount (`<namespace>/<workload>`) may impersonate its own GCP service account through
 * Workload Identity Federation for GKE, and nothing else may. No key exists; the GKE metadata
 * server on the pod's node exchanges the ServiceAccount's token.
 *
 * Construct it with `dependsOn` the cluster: the pool `<project>.svc.id.goog` exists only once a
 * cluster of the project has Workload Identity, and the bindings inherit that `dependsOn`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type { EgressPeer } from "../kubernetes/labels";
import { after } from "../shared/after";
import { workloadIdentityMember } from "./workload-gke";

/** The ServiceAccount annotation naming the GCP service account its pods impersonate. */
export const GKE_SERVICE_ACCOUNT_ANNOTATION = "iam.gke.io/gcp-service-account";

/**
 * Where pods reach the GKE metadata server for tokens. Google: "If you have a strict cluster
 * network policy in place, you must allow egress to [...] 169.254.169.252/32 on port 988. For
 * clusters running GKE Dataplane V2, ensure that you allowed egress to 169.254.169.254/32 on port
 * 80" (https://cloud.google.com/kubernetes-engine/docs/concepts/workload-identity, "GKE metadata
 * server"). The landing zone's clusters run Dataplane V2, so both.
 */
export const GKE_METADATA_EGRESS: EgressPeer[] = [
    { key: "gke-metadata", cidr: "169.254.169.254/32", ports: [80] },
    { key: "gke-metadata-server", cidr: "169.254.169.252/32", ports: [988] },
];

export interface GcpClusterWorkloadsArgs {
    project: string;
    /** Workload → its namespace and the GCP service account (email) it wears. */
    workloads: Record<string, { namespace: string; serviceAccount: pulumi.Input<string> }>;
}

export class GcpClusterWorkloads extends pulumi.ComponentResource {
    /**
     * Each workload's ServiceAccount annotations (`iam.gke.io/gcp-service-account` → email),
     * delivered once its binding exists, so no pod asks for a token it may not have yet.
     */
    readonly annotations: Record<string, Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: GcpClusterWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:ClusterWorkloads", name, {}, opts);
        // A component's dependsOn does not order its children; passing it on does.
        const child = { parent: this, dependsOn: opts?.dependsOn };

        this.annotations = {};
        for (const workload of Object.keys(args.workloads).sort()) {
            const { namespace, serviceAccount } = args.workloads[workload];
            // On the service account itself, never the project: the member may impersonate this one account only.
            const binding = new serviceaccount.IAMMember(`${name}-wi-${workload}`, {
                serviceAccountId: pulumi.interpolate`projects/${args.project}/serviceAccounts/${serviceAccount}`,
                role: "roles/iam.workloadIdentityUser",
                member: workloadIdentityMember(args.project, namespace, workload),
            }, child);
            this.annotations[workload] = { [GKE_SERVICE_ACCOUNT_ANNOTATION]: after([binding], pulumi.output(serviceAccount)) };
        }

        this.registerOutputs({ annotations: this.annotations });
    }
}
