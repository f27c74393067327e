import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, entries, isOfType, objectLabel, strings } from "../../lib/k8s-platform";
import { isPlainObject, readKnown } from "../../lib/props";

/** The fields of a PolicyRule that take `*` (nonResourceURLs also as a trailing path wildcard). */
const FIELDS = ["apiGroups", "resources", "verbs", "nonResourceURLs"] as const;
/** Verbs that let a subject exceed its own permissions: grant roles it lacks, bind them, or act as someone else. */
const ESCALATING_VERBS = ["escalate", "bind", "impersonate"];

export default defineRule({
    id: "zt-k8s-rbac-no-wildcards",
    displayName: "No wildcard or escalating RBAC rules",
    description:
        "No Role or ClusterRole rule uses `*` in apiGroups, resources, verbs or nonResourceURLs, or grants the escalate, bind or impersonate verbs.",
    rationale:
        "A wildcard grants more than anyone reviewed: `*` in verbs includes delete and escalate, `*` in resources includes Secrets and every custom " +
        "resource installed later, and `*` in apiGroups reaches APIs that do not exist yet. escalate and bind let a subject create or bind roles with " +
        "permissions it does not hold, and impersonate lets it act as any user, group or service account, so each is cluster-admin in disguise. Least " +
        "privilege needs each rule to name exactly what the workload calls. Aggregated ClusterRoles are not exempt: the controller replaces their rules " +
        "with the union of the ClusterRoles they select, each of which this rule judges when the stack declares it.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cis: "6.8",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.1.3" },
    remediationSteps:
        'Replace each wildcard with the exact values the workload needs, e.g. apiGroups [""], resources ["configmaps"], verbs ["get", "watch"], and ' +
        "resourceNames where the objects are known. Remove escalate, bind and impersonate; an operator that must manage RBAC gets a reviewed " +
        "exception in the register instead.",
    validateResource: (args, report) => {
        if (!isOfType(args.type, K8S_PLATFORM_TYPES.roles)) {
            return args.notApplicable(`${args.type} is not a Role or ClusterRole`);
        }
        const label = objectLabel(args.type, args.props, args.name);
        entries(readKnown(args.props, ["rules"])).forEach((rule, i) => {
            if (!isPlainObject(rule)) {
                return;
            }
            const wild = FIELDS.filter((f) => strings(rule[f]).some((v) => v.includes("*")));
            if (wild.length > 0) {
                report(`${label} rules[${i}] uses "*" in ${wild.join(", ")}: name the exact API groups, resources and verbs the role needs.`);
            }
            const escalating = strings(rule["verbs"]).filter((v) => ESCALATING_VERBS.includes(v.toLowerCase()));
            if (escalating.length > 0) {
                const them = escalating.length === 1 ? "it" : "them";
                report(
                    `${label} rules[${i}] grants ${escalating.map((v) => `"${v}"`).join(", ")}: remove ${them}; escalate, bind and impersonate let a subject ` +
                        "grant, bind or use permissions it does not hold.",
                );
            }
        });
    },
});
