import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-aks-workload-identity",
    displayName: "AKS workloads use workload identity",
    description: "Every AKS cluster sets oidcIssuerProfile.enabled and securityProfile.workloadIdentity.enabled to true.",
    rationale:
        "Pods that call Azure need an identity. Without workload identity they fall back to secrets in the cluster (client secrets, connection " +
        "strings) or to the node's kubelet identity, which every pod on the node shares. Workload identity federates a Kubernetes service account with " +
        "an Entra ID managed identity through the cluster's OIDC issuer: short-lived tokens, one identity per workload, no secret to leak. Both settings " +
        "are off by default.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [6, 3],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        "Set oidcIssuerProfile: { enabled: true } and securityProfile: { workloadIdentity: { enabled: true } } on the azure-native " +
        "containerservice.ManagedCluster, then give each workload a user-assigned identity with a managedidentity.FederatedIdentityCredential whose " +
        "issuer is the cluster's oidcIssuerProfile.issuerURL and subject system:serviceaccount:<namespace>:<name>.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        if (readKnown(args.props, ["oidcIssuerProfile", "enabled"]) !== true) {
            report("The cluster has no OIDC issuer, so workloads cannot federate with Entra ID: set oidcIssuerProfile.enabled to true.");
        }
        if (readKnown(args.props, ["securityProfile", "workloadIdentity", "enabled"]) !== true) {
            report("The cluster's workloads cannot use workload identity: set securityProfile.workloadIdentity.enabled to true.");
        }
    },
});
