/**
 * zt:azure:ClusterWorkloads — the cloud side of the Kubernetes baseline on AKS: each workload's
 * ServiceAccount (`<namespace>/<workload>`) wears its user-assigned managed identity through
 * Microsoft Entra Workload ID. One federated identity credential per workload trusts exactly that
 * ServiceAccount's tokens from exactly this cluster's OIDC issuer: no secret exists to leak, and no
 * other pod, namespace or cluster can present a matching token.
 *
 * With `registryReader`, Kyverno's admission controller gets its own identity the same way, with
 * AcrPull on the landing zone's registry and nothing else, so it can fetch image signatures and
 * attestations to verify them.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { KYVERNO_ADMISSION_SERVICE_ACCOUNT, KYVERNO_NAMESPACE, type RegistryIdentity } from "../kubernetes/admission";
import type { EgressPeer } from "../kubernetes/labels";
import { after } from "../shared/after";
import { ENTRA_TOKEN_AUDIENCE } from "./identity";
import { stableGuid } from "./names";
import { AKS_ROLES, roleDefinitionId } from "./workload-aks";

/** The ServiceAccount annotation naming the identity its pods wear. */
export const AZURE_CLIENT_ID_ANNOTATION = "azure.workload.identity/client-id";
/** The AKS workload identity webhook injects the token only into pods with this label set to "true". */
export const AZURE_USE_LABEL = "azure.workload.identity/use";

/** The private ranges (RFC 1918) a public identity endpoint is never in. */
const RFC1918 = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * Where pods exchange their ServiceAccount token for an Entra ID token: HTTPS to
 * `login.microsoftonline.com`, whose addresses are Microsoft's and change, so the NetworkPolicy
 * can only say "the internet on 443"; the hub firewall's FQDN rules then decide which hosts that is.
 */
export const AZURE_IDENTITY_EGRESS: EgressPeer[] = [
    { key: "entra-id", cidr: "0.0.0.0/0", except: RFC1918, ports: [443] },
];

/** The ServiceAccount a workload's pods run as, as Kubernetes names it in the token's `sub`. */
export function serviceAccountSubject(namespace: string, workload: string): string {
    return `system:serviceaccount:${namespace}:${workload}`;
}

/** The credential's name on its identity: unique per ServiceAccount, so identities may be shared. */
export function federatedCredentialName(namespace: string, workload: string): string {
    return `fic-${namespace}-${workload}`;
}

export interface AzureClusterWorkloadsArgs {
    /** The resource group of the workload identities. */
    resourceGroupName: pulumi.Input<string>;
    /** Workload → its user-assigned identity's resource name and client id (from zt:azure:Identity). */
    identities: Record<string, { name: pulumi.Input<string>; clientId: pulumi.Input<string> }>;
    /** Workload → the namespace its ServiceAccount (named after the workload) lives in. Each needs an entry in `identities`. */
    workloads: Record<string, { namespace: string }>;
    /** The AKS cluster's OIDC issuer URL. CAUTION: a new cluster has a new issuer; every credential is replaced. */
    oidcIssuerUrl: pulumi.Input<string>;
    /**
     * Give Kyverno's admission controller a user-assigned identity `identityName` (in
     * `resourceGroupName`) with AcrPull on this one registry, federated to its ServiceAccount, to
     * verify image signatures. Default: none, so Kyverno has no registry identity and signature
     * checks on private images fail closed.
     */
    registryReader?: {
        identityName: string;
        location: pulumi.Input<string>;
        subscriptionId: pulumi.Input<string>;
        /** The registry's ARM id: the grant's scope. */
        registryId: pulumi.Input<string>;
    };
}

export class AzureClusterWorkloads extends pulumi.ComponentResource {
    /**
     * Each workload's client id, delivered once its credential exists: the ServiceAccount's
     * `azure.workload.identity/client-id` annotation, so no pod starts before its token exchange works.
     */
    readonly clientIds: Record<string, pulumi.Output<string>>;
    /** Kyverno's registry identity, when `registryReader` is set: released once its credential and grant exist. */
    readonly registryIdentity?: RegistryIdentity;

    constructor(name: string, args: AzureClusterWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:ClusterWorkloads", name, {}, opts);
        const workloads = Object.keys(args.workloads).sort();
        const missing = workloads.filter((w) => args.identities[w] === undefined);
        if (missing.length > 0) {
            throw new Error(
                `zt:azure:ClusterWorkloads ${name}: workloads ${missing.map((w) => `"${w}"`).join(", ")} have no managed identity ` +
                    `(identities has ${Object.keys(args.identities).map((w) => `"${w}"`).join(", ") || "none"}): ` +
                    "give each Kubernetes workload an identity (azure.workloadIdentities) or map it to one",
            );
        }

        this.clientIds = {};
        // One at a time: Azure refuses concurrent credential writes on one identity
        // (ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity,
        // https://github.com/pulumi/pulumi-azure-native/issues/4343), and identities may be shared.
        let previous: pulumi.Resource | undefined;
        for (const workload of workloads) {
            const { namespace } = args.workloads[workload];
            const identity = args.identities[workload];
            const credential: pulumi.Resource = new managedidentity.FederatedIdentityCredential(`${name}-fic-${workload}`, {
                federatedIdentityCredentialResourceName: federatedCredentialName(namespace, workload),
                resourceGroupName: args.resourceGroupName,
                resourceName: identity.name,
                issuer: args.oidcIssuerUrl,
                subject: serviceAccountSubject(namespace, workload),
                audiences: [ENTRA_TOKEN_AUDIENCE],
            }, { parent: this, dependsOn: previous ? [previous] : [] });
            previous = credential;
            this.clientIds[workload] = after([credential], pulumi.output(identity.clientId));
        }

        if (args.registryReader) {
            const reader = args.registryReader;
            const kyverno = new managedidentity.UserAssignedIdentity(`${name}-id-kyverno`, {
                resourceName: reader.identityName,
                resourceGroupName: args.resourceGroupName,
                location: reader.location,
            }, { parent: this });
            // Its own identity, so no chaining with the workloads' credentials is needed.
            const credential = new managedidentity.FederatedIdentityCredential(`${name}-fic-kyverno`, {
                federatedIdentityCredentialResourceName: federatedCredentialName(KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT),
                resourceGroupName: args.resourceGroupName,
                resourceName: after([kyverno], pulumi.output(reader.identityName)),
                issuer: args.oidcIssuerUrl,
                subject: serviceAccountSubject(KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT),
                audiences: [ENTRA_TOKEN_AUDIENCE],
            }, { parent: this });
            // On the registry, never the resource group or subscription: Kyverno pulls from this one registry.
            const pull = new authorization.RoleAssignment(`${name}-role-kyverno-acr-pull`, {
                // Seeded with the identity's name and the role: stable across runs, unique per grant.
                roleAssignmentName: stableGuid(`${reader.identityName}|acr-pull|${AKS_ROLES.acrPull}`),
                principalId: kyverno.principalId,
                // Set, so ARM does not look the new identity up in Entra ID before it has replicated.
                principalType: "ServicePrincipal",
                roleDefinitionId: roleDefinitionId(reader.subscriptionId, AKS_ROLES.acrPull),
                scope: reader.registryId,
            }, { parent: this });
            this.registryIdentity = {
                serviceAccountAnnotations: { [AZURE_CLIENT_ID_ANNOTATION]: after([credential, pull], kyverno.clientId) },
                podLabels: { [AZURE_USE_LABEL]: "true" },
            };
        }

        this.registerOutputs({ clientIds: this.clientIds, ...(this.registryIdentity ? { registryIdentity: this.registryIdentity } : {}) });
    }
}
