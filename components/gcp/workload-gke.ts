/**
 * Pure builders for the GKE cluster's security-relevant settings, its nodes' configuration, the
 * roles the node service account needs, and the kubeconfig handed to the Kubernetes baseline.
 * Kept apart from the component so each can be tested without a deployment.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as container from "@pulumi/gcp/container";
import type * as gcpInputs from "@pulumi/gcp/types/input";

/**
 * The node service account's project roles, by a word for the child's name. One: Google's predefined least-privilege role for GKE
 * nodes (log writing, metric writing, metadata and autoscaler metrics), which replaces the older
 * list logging.logWriter + monitoring.metricWriter + monitoring.viewer +
 * stackdriver.resourceMetadata.writer + autoscaling.metricsWriter
 * (https://cloud.google.com/kubernetes-engine/security/configure-node-service-accounts).
 * Image pulls are granted on the landing zone's repository only, not here.
 */
export const NODE_PROJECT_ROLES: Readonly<Record<string, string>> = { "default-role": "roles/container.defaultNodeServiceAccount" };
/** Pull, nothing more, on the one repository. */
export const NODE_REGISTRY_ROLE = "roles/artifactregistry.reader";

/** Control-plane and node logs into Cloud Logging: the API server's, scheduler's and controller manager's too. */
export const LOGGED_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"];
export const MONITORED_COMPONENTS = ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER", "STORAGE", "POD", "DEPLOYMENT"];

/** `<project>.svc.id.goog`: the Workload Identity pool every GKE cluster of the project shares. */
export function workloadPool(project: string): string {
    return `${project}.svc.id.goog`;
}

/** The Kubernetes service account `<namespace>/<name>` as a Workload Identity member. */
export function workloadIdentityMember(project: string, namespace: string, serviceAccount: string): string {
    return `serviceAccount:${workloadPool(project)}[${namespace}/${serviceAccount}]`;
}

/**
 * Private nodes and a private endpoint only: the API server has no public address, and is
 * reachable from the authorized private ranges of this region (global access stays off, so a
 * peered network in another region cannot reach it either).
 */
export function privateClusterConfig(controlPlaneCidr: string): gcpInputs.container.ClusterPrivateClusterConfig {
    return {
        enablePrivateNodes: true,
        enablePrivateEndpoint: true,
        masterIpv4CidrBlock: controlPlaneCidr,
        masterGlobalAccessConfig: { enabled: false },
    };
}

/**
 * Only the named private ranges reach the control plane, enforced on the private endpoint too (a
 * VM elsewhere in the network is refused), and never Google Cloud's public ranges.
 */
export function masterAuthorizedNetworks(ranges: Record<string, string>): gcpInputs.container.ClusterMasterAuthorizedNetworksConfig {
    return {
        cidrBlocks: Object.entries(ranges).map(([displayName, cidrBlock]) => ({ cidrBlock, displayName })),
        gcpPublicCidrsAccessEnabled: false,
        privateEndpointEnforcementEnabled: true,
    };
}

export interface ClusterSecurityArgs {
    project: string;
    releaseChannel: string;
    /** Data's cluster key: Kubernetes Secrets are envelope-encrypted with it in etcd. */
    clusterKey: pulumi.Input<string>;
}

/**
 * Every security-relevant cluster setting that is not networking: identities, authentication,
 * admission, encryption, patching, posture and telemetry.
 */
export function clusterSecurity(args: ClusterSecurityArgs): Partial<container.ClusterArgs> {
    return {
        workloadIdentityConfig: { workloadPool: workloadPool(args.project) },
        // Secure boot and integrity monitoring are then required of every node (shielded node identity).
        enableShieldedNodes: true,
        // The project's Binary Authorization policy (attested images only) is enforced at admission.
        binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
        releaseChannel: { channel: args.releaseChannel },
        databaseEncryption: { state: "ENCRYPTED", keyName: args.clusterKey },
        // Kubernetes RBAC only, and no static client certificate that would outlive any IAM revocation.
        enableLegacyAbac: false,
        masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
        // Anonymous requests reach only the health endpoints, never an API a misbinding could open (GKE ≥ 1.32).
        anonymousAuthenticationConfig: { mode: "LIMITED" },
        // Service.spec.externalIPs lets any namespace intercept traffic to an arbitrary IP (CVE-2020-8554).
        serviceExternalIpsConfig: { enabled: false },
        // The DNS-based control-plane endpoint exists on every cluster; it must not take traffic from outside Google's network.
        controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: false } },
        // Configuration auditing of workloads (posture dashboard). Workload vulnerability scanning is off
        // because GKE Standard no longer offers it (removed 31 July 2025:
        // https://cloud.google.com/kubernetes-engine/docs/deprecations/vulnerability-scanning-gkee);
        // images are scanned in Artifact Registry and only attested ones are admitted.
        securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_DISABLED" },
        loggingConfig: { enableComponents: LOGGED_COMPONENTS },
        monitoringConfig: { enableComponents: MONITORED_COMPONENTS, managedPrometheus: { enabled: true } },
    };
}

export interface NodeConfigArgs {
    machineType: string;
    /** The service account the nodes run as (never the Compute Engine default one). */
    serviceAccount: pulumi.Input<string>;
    /** Data's disks key: node boot disks are CMEK-encrypted. */
    bootDiskKmsKey: pulumi.Input<string>;
    /** Network tags; routes (not firewall rules, which match by service account) select nodes by them. */
    networkTags: string[];
}

/**
 * Hardened nodes: Container-Optimized OS, shielded VM (secure boot, integrity monitoring), the GKE
 * metadata server (pods see only their own Workload Identity, never the node's credentials or
 * the instance metadata), no legacy metadata endpoints, CMEK boot disks. The cloud-platform scope
 * leaves authorization to IAM, where the node account holds only the roles above.
 */
export function nodeConfig(args: NodeConfigArgs): gcpInputs.container.NodePoolNodeConfig {
    return {
        machineType: args.machineType,
        imageType: "COS_CONTAINERD",
        diskType: "pd-balanced",
        bootDiskKmsKey: args.bootDiskKmsKey,
        serviceAccount: args.serviceAccount,
        oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
        ...(args.networkTags.length > 0 ? { tags: args.networkTags } : {}),
    };
}

export interface ClusterEndpoint {
    name: string;
    /** The control plane's private IP. */
    endpoint: string;
    /** Base64 PEM of the cluster CA. */
    caCertificate: string;
}

/**
 * A kubeconfig (JSON, which kubectl reads as YAML) for the private endpoint that authenticates
 * with `gke-gcloud-auth-plugin`: every token is minted on demand from the caller's own Google
 * identity, none is embedded.
 */
export function gkeKubeconfig(c: ClusterEndpoint): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: c.name, cluster: { server: `https://${c.endpoint}`, "certificate-authority-data": c.caCertificate } }],
        contexts: [{ name: c.name, context: { cluster: c.name, user: c.name } }],
        "current-context": c.name,
        preferences: {},
        users: [{
            name: c.name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "gke-gcloud-auth-plugin",
                    installHint: "Install gke-gcloud-auth-plugin: https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin",
                    provideClusterInfo: true,
                    interactiveMode: "Never",
                },
            },
        }],
    });
}

/**
 * The kubeconfig as a secret. It carries no credential, but it maps the private API server's
 * address and CA, which the stack's outputs should not show in clear.
 */
export function clusterKubeconfig(c: pulumi.Output<ClusterEndpoint>): pulumi.Output<string> {
    return pulumi.secret(c.apply(gkeKubeconfig));
}
