import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, entries, isOfType, knownString, objectLabel, strings } from "../../lib/k8s-platform";
import { isPlainObject, readKnown } from "../../lib/props";

const SPIFFE = "cluster.local/ns/<namespace>/sa/<service account>";

/**
 * A principal that matches every workload, or every workload of the trust domain: `*`, or a prefix
 * pattern that stops before a namespace (`cluster.local/*`, `cluster.local/ns/*`). A pattern that pins
 * the namespace (`cluster.local/ns/web/sa/*`) still names a caller.
 */
function isCatchAll(principal: string): boolean {
    return principal === "*" || (principal.endsWith("*") && !/\/ns\/[^/*]+\//.test(principal));
}

export default defineRule({
    id: "zt-k8s-mesh-authz-principals",
    displayName: "Istio ALLOW policies name their callers",
    description:
        "In every Istio AuthorizationPolicy that allows (action ALLOW or unset), every rule has `from` sources, and each source lists principals " +
        "(SPIFFE identities of the calling service accounts), none of them a catch-all such as `*`.",
    rationale:
        "An ALLOW rule without `from` admits any caller, even one without a mesh identity, and a source with only namespaces, IP blocks or " +
        "not-fields admits every workload that matches or merely is not excluded. Zero Trust decides per caller: with STRICT mTLS every request " +
        "carries the caller's verified service-account identity, so each allowed flow should name it, e.g. cluster.local/ns/web/sa/web. A principal " +
        "`*` (any authenticated workload) or a prefix that stops before the namespace is the same as naming nobody. `spec: {}` (allow-nothing) " +
        "has no rules and passes; DENY, AUDIT and CUSTOM policies grant nothing and are out of scope.",
    severity: "high",
    pillar: "network",
    nistTenets: [6, 2],
    cisaPillar: "Networks",
    cis: "6.8",
    remediationSteps:
        `Give every rule a from entry whose source.principals lists the callers' service accounts (${SPIFFE}), and narrow it with to.operation ` +
        "ports and methods. Replace `*`, namespace-only and IP-only sources with the principals of the workloads that actually call.",
    validateResource: (args, report) => {
        if (!isOfType(args.type, K8S_PLATFORM_TYPES.authorizationPolicy)) {
            return args.notApplicable(`${args.type} is not an Istio AuthorizationPolicy`);
        }
        const action = knownString(readKnown(args.props, ["spec", "action"])) ?? "ALLOW";
        if (action !== "ALLOW") {
            return args.notApplicable(`this AuthorizationPolicy's action is ${action}: only ALLOW policies grant access`);
        }
        const label = objectLabel(args.type, args.props, args.name);
        entries(readKnown(args.props, ["spec", "rules"])).forEach((rule, i) => {
            const from = isPlainObject(rule) ? entries(rule["from"]) : [];
            if (from.length === 0) {
                report(`${label} rules[${i}] has no from, so it allows any caller, even one without a mesh identity: add from[].source.principals naming each caller (${SPIFFE}).`);
                return;
            }
            from.forEach((entry, j) => {
                const source = isPlainObject(entry) && isPlainObject(entry["source"]) ? entry["source"] : {};
                const principals = strings(source["principals"]);
                if (principals.length === 0) {
                    report(
                        `${label} rules[${i}].from[${j}] names no principals: list the callers in source.principals (${SPIFFE}); namespaces, IP blocks and ` +
                            "not-fields alone do not identify a workload.",
                    );
                    return;
                }
                for (const p of principals.filter(isCatchAll)) {
                    report(`${label} rules[${i}].from[${j}] allows the principal "${p}", which matches every workload in the mesh: name each caller (${SPIFFE}).`);
                }
            });
        });
    },
});
