/** The Azure rules of the workload pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import aksPrivateCluster from "./zt-azure-aks-private-cluster";
import aksEntraRbac from "./zt-azure-aks-entra-rbac";
import aksWorkloadIdentity from "./zt-azure-aks-workload-identity";
import aksDefenderPolicy from "./zt-azure-aks-defender-policy";
import aksNetworkPolicy from "./zt-azure-aks-network-policy";
import aksAutoUpgrade from "./zt-azure-aks-auto-upgrade";
import acrAdminUser from "./zt-azure-acr-admin-user";
import acrPublicNetwork from "./zt-azure-acr-public-network";
import acrQuarantine from "./zt-azure-acr-quarantine";

export const azureWorkloadRules: readonly ZtRule[] = [
    aksPrivateCluster,
    aksEntraRbac,
    aksWorkloadIdentity,
    aksDefenderPolicy,
    aksNetworkPolicy,
    aksAutoUpgrade,
    acrAdminUser,
    acrPublicNetwork,
    acrQuarantine,
];
