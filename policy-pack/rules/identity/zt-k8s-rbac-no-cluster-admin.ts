import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, isOfType, knownString, objectLabel } from "../../lib/k8s-platform";
import { readKnown } from "../../lib/props";

const TAIL =
    "bind a Role (or ClusterRole) that lists only the verbs and resources its subjects need; platform administrators reach the cluster through the " +
    "cloud's access control (EKS access entries, AKS Entra ID groups, GKE IAM), never through a binding the stack declares.";

export default defineRule({
    id: "zt-k8s-rbac-no-cluster-admin",
    displayName: "No binding to cluster-admin",
    description: "No ClusterRoleBinding or RoleBinding in the stack has roleRef ClusterRole cluster-admin.",
    rationale:
        "cluster-admin allows every verb on every resource: whoever holds it can read every Secret, run privileged pods on any node and rewrite RBAC " +
        "itself, so one stolen token or compromised pod becomes the whole cluster. A RoleBinding to it is no safer than it looks: it grants full control " +
        "of the namespace, Secrets and RoleBindings included. The landing zone's own administrators get cluster access from the cloud (EKS access " +
        "entries, AKS Entra ID groups, GKE IAM), which is audited, time-bound where the cloud supports it, and revoked with the person's identity; so " +
        "there is no exception list. Bindings that Helm charts create inside a release are not visible to the pack; the charts' own RBAC is reviewed " +
        "with the chart version.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "5.4",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.1.1" },
    remediationSteps:
        "Delete the binding. Give workloads a namespaced Role with the exact apiGroups, resources, verbs (and resourceNames) they call, bound to their " +
        "own ServiceAccount. Give people cluster access through the cloud: EKS access entries with an access policy, AKS Entra ID groups with Azure " +
        "RBAC roles, or GKE IAM roles, ideally elevated just in time.",
    validateResource: (args, report) => {
        if (!isOfType(args.type, K8S_PLATFORM_TYPES.bindings)) {
            return args.notApplicable(`${args.type} is not a RoleBinding or ClusterRoleBinding`);
        }
        // Read through the proxy: a role unknown during preview cannot be judged.
        const kind = readKnown(args.props, ["roleRef", "kind"]);
        const name = readKnown(args.props, ["roleRef", "name"]);
        if (knownString(kind) === "ClusterRole" && knownString(name) === "cluster-admin") {
            report(`${objectLabel(args.type, args.props, args.name)} grants ClusterRole cluster-admin: ${TAIL}`);
        }
    },
});
