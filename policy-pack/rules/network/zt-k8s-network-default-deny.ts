import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, entries, isEmptySelector, objectLabel, objectName, objectNamespace, strings } from "../../lib/k8s-platform";
import { readRaw } from "../../lib/props";

export interface DefaultDenyConfig {
    exemptNamespaces: string[];
}

type Direction = "ingress" | "egress";

/**
 * The directions a NetworkPolicy denies for every pod of its namespace: it selects all pods, and
 * lists the direction in policyTypes with no rules for it. Without policyTypes Kubernetes takes
 * Ingress, plus Egress only when egress rules exist, so such a policy can only deny ingress.
 */
function deniedDirections(policy: PolicyResource): Direction[] {
    const spec = readRaw(policy.props, ["spec"]) as Record<string, unknown> | undefined;
    if (spec === undefined || spec === null || typeof spec !== "object" || !isEmptySelector(spec["podSelector"])) {
        return [];
    }
    const declared = spec["policyTypes"] === undefined ? undefined : strings(spec["policyTypes"]);
    const types = declared ?? ["Ingress"];
    const out: Direction[] = [];
    if (types.includes("Ingress") && entries(spec["ingress"]).length === 0) {
        out.push("ingress");
    }
    if (types.includes("Egress") && entries(spec["egress"]).length === 0) {
        out.push("egress");
    }
    return out;
}

/** The policy lives in the namespace: by its metadata.namespace, or (a namespace Pulumi names) by the engine's record that the namespace fed its metadata. */
function isIn(policy: PolicyResource, namespace: PolicyResource, name: string | undefined): boolean {
    const own = objectNamespace(policy.props) ?? (readRaw(policy.props, ["metadata", "namespace"]) === undefined ? "default" : undefined);
    if (name !== undefined && own === name) {
        return true;
    }
    return (policy.propertyDependencies["metadata"] ?? []).some((d) => d.urn === namespace.urn);
}

const FIX = 'add a NetworkPolicy in it with podSelector {}, policyTypes ["Ingress", "Egress"] and no ingress or egress rules, then allow each needed flow.';

export default defineRule<DefaultDenyConfig>({
    id: "zt-k8s-network-default-deny",
    displayName: "Every namespace denies all traffic by default",
    description:
        "Every Namespace in the stack (but the exempt platform ones) holds a NetworkPolicy that selects all its pods and denies all ingress and " +
        "all egress (podSelector {}, both policyTypes, no rules), or one such policy per direction.",
    rationale:
        "Kubernetes lets every pod reach every other pod, in every namespace, and the internet, until a NetworkPolicy selects it. A namespace " +
        "without a default-deny is flat: one compromised pod can scan the cluster, reach databases in other tiers and send data anywhere. With " +
        "default-deny in both directions, each flow a workload needs (DNS, its callers, its database) is an explicit, reviewed allow. The namespaces " +
        "of Kubernetes itself and of the platform's charts (mesh, admission, runtime detection) are exempt by default: their charts define their own " +
        "traffic, and a deny there can cut the control plane off.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "13.4",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.3.2" },
    remediationSteps:
        'Add a NetworkPolicy named default-deny to the namespace with podSelector {}, policyTypes ["Ingress", "Egress"] and no ingress or egress ' +
        "rules, then add one NetworkPolicy per needed flow (DNS egress to kube-dns, ingress from each calling tier on its port). The cluster's CNI must " +
        "enforce NetworkPolicy (Calico, Cilium, Azure NPM, GKE Dataplane V2).",
    configSchema: {
        properties: {
            exemptNamespaces: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["kube-system", "kube-public", "kube-node-lease", "istio-system", "kyverno", "falco"],
                description: "Namespaces that need no default-deny: those of Kubernetes itself and of the platform's charts.",
            },
        },
    },
    validateStack: (args, report, config) => {
        const namespaces = args.resources.filter((r) => r.type === K8S_PLATFORM_TYPES.namespace);
        if (namespaces.length === 0) {
            return args.notApplicable("the stack declares no Kubernetes Namespace");
        }
        const policies = args.resources.filter((r) => r.type === K8S_PLATFORM_TYPES.networkPolicy);
        for (const ns of namespaces) {
            const name = objectName(ns.props);
            if (name !== undefined && config.exemptNamespaces.includes(name)) {
                continue;
            }
            const denied = new Set(policies.filter((p) => isIn(p, ns, name)).flatMap(deniedDirections));
            const missing = (["ingress", "egress"] as const).filter((d) => !denied.has(d));
            if (missing.length > 0) {
                report(`${objectLabel(ns.type, ns.props, ns.name)} has no default-deny NetworkPolicy for ${missing.join(" and ")}: ${FIX}`, ns.urn);
            }
        }
    },
});
