import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, objectLabel } from "../../lib/k8s-platform";
import { readKnown } from "../../lib/props";

const TAIL =
    "set automountServiceAccountToken false on the ServiceAccount, and true only in the pod spec of a workload that calls the Kubernetes API.";

export default defineRule({
    id: "zt-k8s-serviceaccount-token-automount",
    displayName: "ServiceAccounts do not mount API tokens by default",
    description:
        "Every ServiceAccount sets automountServiceAccountToken false (a ServiceAccountPatch may leave it out, but not set it true).",
    rationale:
        "Kubernetes mounts a token for the pod's ServiceAccount into every container unless told not to. Most workloads never call the Kubernetes API, " +
        "yet the token lets anyone who gets code execution in the pod act with the account's RBAC permissions, and probe the API server for " +
        "misconfigurations. Turning the default off on the account makes the token opt-in: a pod that needs the API sets " +
        "automountServiceAccountToken true in its own spec, where the review sees it (zt-k8s pod rules check that side).",
    severity: "medium",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "6.8",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.1.6" },
    remediationSteps:
        "Set automountServiceAccountToken: false on the ServiceAccount. For a workload that calls the Kubernetes API, set automountServiceAccountToken: " +
        "true in its pod template and give its ServiceAccount a Role with exactly the calls it makes; prefer a projected token with a short " +
        "expirationSeconds and an audience.",
    validateResource: (args, report) => {
        const patch = args.type === K8S_PLATFORM_TYPES.serviceAccountPatch;
        if (args.type !== K8S_PLATFORM_TYPES.serviceAccount && !patch) {
            return args.notApplicable(`${args.type} is not a ServiceAccount`);
        }
        const automount = readKnown(args.props, ["automountServiceAccountToken"]);
        const label = objectLabel(args.type, args.props, args.name);
        if (automount === true) {
            report(`${label} sets automountServiceAccountToken true, so every pod that uses it gets an API token: ${TAIL}`);
        } else if (automount !== false && !patch) {
            report(`${label} does not set automountServiceAccountToken, and Kubernetes mounts an API token into every pod that uses it: ${TAIL}`);
        }
    },
});
