import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { isPlainObject, readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-aks-entra-rbac",
    displayName: "AKS access goes through Entra ID and Azure RBAC",
    description:
        "Every AKS cluster sets disableLocalAccounts to true, aadProfile with enableAzureRBAC true, and does not set enableRBAC to false.",
    rationale:
        "The local cluster-admin account is a static certificate in a kubeconfig: it bypasses Entra ID, MFA, Conditional Access and PIM, never expires " +
        "with a session and leaves no identity in the audit log. Zero Trust authenticates every user through the identity provider and authorizes each " +
        "request by policy; with Azure RBAC for Kubernetes, access is granted and reviewed as Azure role assignments (and made eligible through PIM). " +
        "Local accounts are enabled and Entra integration is off unless set.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    remediationSteps:
        "Set disableLocalAccounts: true and aadProfile: { managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [<break-glass group>] } on the " +
        "azure-native containerservice.ManagedCluster, and grant Azure Kubernetes Service RBAC roles to groups. Use kubelogin for interactive access " +
        "and workload identity for automation.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        if (readKnown(args.props, ["disableLocalAccounts"]) !== true) {
            report("The cluster keeps its local admin account (a static kubeconfig outside Entra ID): set disableLocalAccounts to true.");
        }
        if (!isPlainObject(readKnown(args.props, ["aadProfile"]))) {
            report("The cluster is not integrated with Entra ID: set aadProfile to { managed: true, enableAzureRBAC: true }.");
        } else if (readKnown(args.props, ["aadProfile", "enableAzureRBAC"]) !== true) {
            report("The cluster authorizes Kubernetes requests outside Azure RBAC: set aadProfile.enableAzureRBAC to true.");
        }
        if (readKnown(args.props, ["enableRBAC"]) === false) {
            report("Kubernetes RBAC is off, so every authenticated caller is cluster admin: leave enableRBAC out or set it to true.");
        }
    },
});
