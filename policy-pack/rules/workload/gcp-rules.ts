/** The GCP rules of the workload pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import gkePrivateCluster from "./zt-gcp-gke-private-cluster";
import gkeLegacyAuth from "./zt-gcp-gke-legacy-auth";
import gkeWorkloadIdentity from "./zt-gcp-gke-workload-identity";
import gkeShieldedNodes from "./zt-gcp-gke-shielded-nodes";
import gkeBinaryAuthorization from "./zt-gcp-gke-binary-authorization";
import gkeSecretsEncryption from "./zt-gcp-gke-secrets-encryption";
import gkeReleaseChannel from "./zt-gcp-gke-release-channel";
import gkeNetworkPolicy from "./zt-gcp-gke-network-policy";
import gkeNodeServiceAccount from "./zt-gcp-gke-node-service-account";
import artifactRegistryCmek from "./zt-gcp-artifactregistry-cmek";
import artifactRegistryScanning from "./zt-gcp-artifactregistry-scanning";

export const gcpWorkloadRules: readonly ZtRule[] = [
    gkePrivateCluster,
    gkeLegacyAuth,
    gkeWorkloadIdentity,
    gkeShieldedNodes,
    gkeBinaryAuthorization,
    gkeSecretsEncryption,
    gkeReleaseChannel,
    gkeNetworkPolicy,
    gkeNodeServiceAccount,
    artifactRegistryCmek,
    artifactRegistryScanning,
];
