/** The Kubernetes rules of the identity pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import rbacNoClusterAdmin from "./zt-k8s-rbac-no-cluster-admin";
import rbacNoWildcards from "./zt-k8s-rbac-no-wildcards";
import serviceAccountTokenAutomount from "./zt-k8s-serviceaccount-token-automount";

export const k8sIdentityRules: readonly ZtRule[] = [
    rbacNoClusterAdmin,
    rbacNoWildcards,
    serviceAccountTokenAutomount,
];
