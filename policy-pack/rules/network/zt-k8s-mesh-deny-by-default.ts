import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, rootNamespaceSetting, entries, isChart, isNamespaceWide, isOfType, knownString, objectNamespace } from "../../lib/k8s-platform";
import { isPlainObject, readRaw } from "../../lib/props";

export interface DenyByDefaultConfig {
    rootNamespace: string;
}

/**
 * A mesh-wide deny-by-default: in the root namespace, no selector or targetRef, and either
 * allow-nothing (ALLOW with no rules: once any ALLOW policy applies to a workload, Istio denies what
 * no ALLOW rule matches) or a DENY with a rule that matches every request (an empty rule).
 */
function isDenyByDefault(policy: PolicyResource, root: string): boolean {
    if (objectNamespace(policy.props) !== root) {
        return false;
    }
    const spec = readRaw(policy.props, ["spec"]);
    const s = isPlainObject(spec) ? spec : {};
    if (!isNamespaceWide(s)) {
        return false;
    }
    const action = s["action"] === undefined ? "ALLOW" : knownString(s["action"]);
    const rules = entries(s["rules"]);
    if (action === "ALLOW") {
        return rules.length === 0;
    }
    return action === "DENY" && rules.some((r) => isPlainObject(r) && Object.keys(r).length === 0);
}

export default defineRule<DenyByDefaultConfig>({
    id: "zt-k8s-mesh-deny-by-default",
    displayName: "The Istio mesh denies requests by default",
    description:
        "When the stack installs Istio (an istiod Helm chart) or declares Istio security policies, it also declares a mesh-wide deny-by-default " +
        "AuthorizationPolicy in the root namespace: allow-nothing (spec {}), or DENY with a rule that matches every request.",
    rationale:
        "Istio allows every request a workload receives until some ALLOW policy selects that workload; mTLS alone authenticates callers but " +
        "authorizes all of them. An allow-nothing policy in the root namespace (no selector, no rules) applies to every workload in the mesh, so a " +
        "request is denied unless a per-flow ALLOW policy names its caller. Without it, every workload nobody wrote a policy for (and every new one) " +
        "is open to the whole mesh.",
    severity: "high",
    pillar: "network",
    nistTenets: [4, 6],
    cisaPillar: "Networks",
    cis: "13.4",
    remediationSteps:
        "Declare an AuthorizationPolicy named allow-nothing in the root namespace (istio-system unless meshConfig.rootNamespace says otherwise) " +
        "with spec: {} (no selector, no action, no rules), then one ALLOW policy per flow in the destination's namespace naming the caller's " +
        "principal, ports and methods.",
    configSchema: {
        properties: {
            rootNamespace: rootNamespaceSetting("a policy"),
        },
    },
    validateStack: (args, report, config) => {
        const istiod = args.resources.filter((r) => isOfType(r.type, K8S_PLATFORM_TYPES.helm) && isChart(readRaw(r.props, ["chart"]), "istiod"));
        const policies = args.resources.filter(
            (r) => isOfType(r.type, K8S_PLATFORM_TYPES.peerAuthentication) || isOfType(r.type, K8S_PLATFORM_TYPES.authorizationPolicy),
        );
        if (istiod.length === 0 && policies.length === 0) {
            return args.notApplicable("the stack has no Istio mesh (no istiod Helm chart, PeerAuthentication or AuthorizationPolicy)");
        }
        const authz = args.resources.filter((r) => isOfType(r.type, K8S_PLATFORM_TYPES.authorizationPolicy));
        if (authz.some((p) => isDenyByDefault(p, config.rootNamespace))) {
            return;
        }
        const evidence = istiod[0] ?? policies[0];
        report(
            `The stack runs an Istio mesh but declares no deny-by-default AuthorizationPolicy in the root namespace ${config.rootNamespace}: add one ` +
                "named allow-nothing there with spec {} (no selector, no rules), so a workload no ALLOW policy names accepts no requests.",
            evidence.urn,
        );
    },
});
