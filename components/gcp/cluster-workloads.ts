/**
 * zt:gcp:ClusterWorkloads — the cloud side of the Kubernetes baseline on GKE: each workload's
 * ServiceAccount (`<namespace>/<workload>`) may impersonate its own GCP service account through
 * Workload Identity Federation for GKE, and nothing else may. No key exists; the GKE metadata
 * server on the pod's node exchanges the ServiceAccount's token.
 *
 * With `registryReader`, Kyverno's admission controller gets the same treatment: its own GCP
 * service account, which may read the landing zone's repository and nothing else, so it can fetch
 * image signatures and attestations to verify them.
 *
 * Construct it with `dependsOn` the cluster: the pool `<project>.svc.id.goog` exists only once a
 * cluster of the project has Workload Identity, and the bindings inherit that `dependsOn`.
 */
import * as pulumi from "@pulumi/pulumi";
import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import { KYVERNO_ADMISSION_SERVICE_ACCOUNT, KYVERNO_NAMESPACE, type RegistryIdentity } from "../kubernetes/admission";
import type { EgressPeer } from "../kubernetes/labels";
import { after } from "../shared/after";
import { NODE_REGISTRY_ROLE, workloadIdentityMember } from "./workload-gke";

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
    /**
     * Give Kyverno's admission controller a service account `accountId` with
     * `roles/artifactregistry.reader` on this one repository, bound through Workload Identity, to
     * verify image signatures. Default: none, so Kyverno has no registry identity and
     * signature checks on private images fail closed.
     */
    registryReader?: {
        /** The service account id (6–30 characters), e.g. `<prefix>-<env>-kyverno`. */
        accountId: string;
        /** The repository's region, e.g. `europe-west1`. */
        location: string;
        /** The repository's id (its short name). */
        repository: pulumi.Input<string>;
    };
}

export class GcpClusterWorkloads extends pulumi.ComponentResource {
    /**
     * Each workload's ServiceAccount annotations (`iam.gke.io/gcp-service-account` → email),
     * delivered once its binding exists, so no pod asks for a token it may not have yet.
     */
    readonly annotations: Record<string, Record<string, pulumi.Output<string>>>;
    /** Kyverno's registry identity, when `registryReader` is set: its annotation, released once its binding and grant exist. */
    readonly registryIdentity?: RegistryIdentity;

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

        if (args.registryReader) {
            const { accountId, location, repository } = args.registryReader;
            const email = `${accountId}@${args.project}.iam.gserviceaccount.com`;
            const account = new serviceaccount.Account(`${name}-kyverno-sa`, {
                project: args.project,
                accountId,
                displayName: accountId,
                description: "Kyverno's admission controller reads image signatures from the landing zone's repository through Workload Identity. No keys.",
            }, child);
            const member = pulumi.interpolate`serviceAccount:${after([account], pulumi.output(email))}`;
            // On the repository, never the project: Kyverno reads this one repository's images and signatures.
            const grant = new artifactregistry.RepositoryIamMember(`${name}-kyverno-registry-reader`, {
                project: args.project,
                location,
                repository,
                role: NODE_REGISTRY_ROLE,
                member,
            }, child);
            const binding = new serviceaccount.IAMMember(`${name}-wi-kyverno`, {
                serviceAccountId: after([account], pulumi.output(`projects/${args.project}/serviceAccounts/${email}`)),
                role: "roles/iam.workloadIdentityUser",
                member: workloadIdentityMember(args.project, KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT),
            }, child);
            this.registryIdentity = { serviceAccountAnnotations: { [GKE_SERVICE_ACCOUNT_ANNOTATION]: after([grant, binding], pulumi.output(email)) } };
        }

        this.registerOutputs({ annotations: this.annotations, ...(this.registryIdentity ? { registryIdentity: this.registryIdentity } : {}) });
    }
}
