/** The Kubernetes rules of the network pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import networkDefaultDeny from "./zt-k8s-network-default-deny";
import meshMtlsStrict from "./zt-k8s-mesh-mtls-strict";
import meshAuthzPrincipals from "./zt-k8s-mesh-authz-principals";
import meshDenyByDefault from "./zt-k8s-mesh-deny-by-default";

export const k8sNetworkRules: readonly ZtRule[] = [
    networkDefaultDeny,
    meshMtlsStrict,
    meshAuthzPrincipals,
    meshDenyByDefault,
];
