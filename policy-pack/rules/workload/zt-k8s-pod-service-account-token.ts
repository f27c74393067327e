import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";
import { readRaw, isUnknown } from "../../lib/props";

export interface ServiceAccountTokenConfig {
    apiClients: string[];
}

export default defineRule<ServiceAccountTokenConfig>({
    id: "zt-k8s-pod-service-account-token",
    displayName: "Pods do not mount a ServiceAccount token unless they call the API",
    description:
        "Every pod spec sets automountServiceAccountToken false, unless its ServiceAccount is listed as `<namespace>/<serviceAccountName>` " +
        "in the rule's apiClients setting (default: none).",
    rationale:
        "Kubernetes mounts the pod's ServiceAccount token into every container unless told not to. Most services never call the Kubernetes " +
        "API, yet the token lets whoever gets code execution in the pod act with the account's RBAC permissions and probe the API server. " +
        "The pod spec's setting wins over the ServiceAccount's, so the pack asks for it explicitly on the pod, where a review sees it; " +
        "zt-k8s-serviceaccount-token-automount turns the default off on the accounts as well. A workload that does call the API is " +
        "declared in apiClients, so its exception is written down in one place.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [6, 3],
    cisaPillar: "Applications and Workloads",
    cis: "6.8",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.1.6" },
    remediationSteps:
        "Set automountServiceAccountToken: false in the pod spec (zt:k8s:SecureWorkload does unless the workload has apiAccess rules). For a " +
        "workload that calls the Kubernetes API, give it its own ServiceAccount with a least-privilege Role, set automountServiceAccountToken: " +
        'true, and add "<namespace>/<serviceAccountName>" to apiClients in the pack config of each environment.',
    configSchema: {
        properties: {
            apiClients: {
                type: "array",
                items: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$" },
                uniqueItems: true,
                default: [],
                description:
                    "ServiceAccounts (<namespace>/<serviceAccountName>) whose pods call the Kubernetes API and may mount a token. An object " +
                    "without metadata.namespace never matches.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const pod = podOf(args);
        const automount = pod.read(["automountServiceAccountToken"]);
        if (automount === false) {
            return;
        }
        // Which account the pod runs as decides whether it is listed, so it is read through the proxy.
        const account = pod.read(["serviceAccountName"]) ?? pod.read(["serviceAccount"]) ?? "default";
        const namespace = readRaw(args.props, ["metadata", "namespace"]);
        const known = typeof namespace === "string" && namespace !== "" && !isUnknown(namespace);
        const key = known ? `${namespace}/${String(account)}` : String(account);
        if (known && config.apiClients.includes(key)) {
            return;
        }
        const tail = `set it false, or list "${known ? key : "<namespace>/" + key}" in the rule's apiClients if the workload calls the Kubernetes API.`;
        if (automount === true) {
            report(`${pod.where} sets automountServiceAccountToken true for ServiceAccount "${key}", which is not an API client: ${tail}`);
        } else {
            report(
                `${pod.where} does not set automountServiceAccountToken, so the pod gets ServiceAccount "${key}"'s API token unless the account ` +
                    `turns it off: ${tail}`,
            );
        }
    },
});
