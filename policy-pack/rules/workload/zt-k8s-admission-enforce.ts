import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, entries, isOfType, knownString, objectLabel } from "../../lib/k8s-platform";
import { isPlainObject, isUnknown, readKnown } from "../../lib/props";

export interface AdmissionEnforceConfig {
    allowAudit: boolean;
}

/**
 * Kyverno's failure actions. The per-rule fields (Kyverno 1.13+) take Audit or Enforce; the deprecated
 * spec.validationFailureAction also took lower case, so the rule compares without case.
 */
const isEnforce = (action: string | undefined) => action?.toLowerCase() === "enforce";

/** A failure action as written, "unknown" when it is unknown during preview, undefined when left out. */
function actionOf(value: unknown): string | undefined {
    if (isUnknown(value)) {
        return "unknown";
    }
    return knownString(value);
}

/** Overrides that downgrade some namespaces to Audit: `[<index>, <namespaces>]`. */
function auditOverrides(list: unknown): [number, string][] {
    const out: [number, string][] = [];
    entries(list).forEach((o, k) => {
        if (isPlainObject(o) && !isEnforce(actionOf(o["action"])) && actionOf(o["action"]) !== "unknown") {
            out.push([k, entries(o["namespaces"]).filter((n) => typeof n === "string").join(", ")]);
        }
    });
    return out;
}

export default defineRule<AdmissionEnforceConfig>({
    id: "zt-k8s-admission-enforce",
    displayName: "Kyverno policies block, not only report",
    description:
        "Every validate and verifyImages rule of a Kyverno ClusterPolicy or Policy fails with Enforce (its own failureAction, else the deprecated " +
        "spec.validationFailureAction, else Kyverno's default Audit), no override downgrades a namespace to Audit, and the policy runs at admission. " +
        "The pack config can allow Audit (for dev).",
    rationale:
        "A Kyverno rule in Audit mode admits the violating resource and only writes a policy report: a privileged pod, an unsigned image or an image " +
        "from an unknown registry still runs. Admission control is the cluster's policy enforcement point, and Zero Trust needs it to decide, not to " +
        "observe. Kyverno's default action is Audit, so a rule that names no action does not block. A failureActionOverride to Audit exempts whole " +
        "namespaces, and spec.admission false turns the policy into a background scan. Dev stacks may run in Audit to surface violations without " +
        "blocking (allowAudit), prod blocks.",
    severity: "high",
    pillar: "workload",
    nistTenets: [4, 5],
    cisaPillar: "Applications and Workloads",
    cis: "2.5",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.1" },
    remediationSteps:
        "Set failureAction: Enforce on every rule's validate block and every verifyImages entry (Kyverno 1.13+), and remove the deprecated " +
        "spec.validationFailureAction or set it to Enforce. Remove failureActionOverrides / validationFailureActionOverrides that downgrade " +
        "namespaces to Audit (exclude platform namespaces in the rule's match/exclude instead), and leave spec.admission unset (true). Roll out " +
        "in Audit in dev first (allowAudit: true in its pack config).",
    configSchema: {
        properties: {
            allowAudit: {
                type: "boolean",
                default: false,
                description: "Accept Audit failure actions (dev stacks that surface violations without blocking).",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (!isOfType(args.type, K8S_PLATFORM_TYPES.kyvernoPolicy)) {
            return args.notApplicable(`${args.type} is not a Kyverno ClusterPolicy or Policy`);
        }
        if (config.allowAudit) {
            return;
        }
        const label = objectLabel(args.type, args.props, args.name);
        const spec = readKnown(args.props, ["spec"]);
        const s = isPlainObject(spec) ? spec : {};
        const policyAction = actionOf(s["validationFailureAction"]);
        if (policyAction !== undefined && policyAction !== "unknown" && !isEnforce(policyAction)) {
            report(`${label} sets spec.validationFailureAction ${policyAction}: set it to Enforce or remove it, so a rule that names no failureAction blocks.`);
        }
        for (const [k, namespaces] of auditOverrides(s["validationFailureActionOverrides"])) {
            report(`${label} spec.validationFailureActionOverrides[${k}] downgrades ${namespaces || "namespaces"} to Audit: remove it, and exclude namespaces in the rules' match instead.`);
        }
        if (s["admission"] === false) {
            report(`${label} sets spec.admission false, so it never runs at admission and blocks nothing: remove it.`);
        }
        const inherited = policyAction === undefined ? "Audit (Kyverno's default)" : `${policyAction} (spec.validationFailureAction)`;
        entries(s["rules"]).forEach((rule, i) => {
            if (!isPlainObject(rule)) {
                return;
            }
            const where = `rule "${knownString(rule["name"]) ?? `#${i}`}"`;
            const judge = (path: string, block: Record<string, unknown>) => {
                const own = actionOf(block["failureAction"]);
                if (own === "unknown" || (own === undefined && policyAction === "unknown")) {
                    return;
                }
                if (own !== undefined && !isEnforce(own)) {
                    report(`${label} ${where} sets ${path}.failureAction ${own}: set it to Enforce, so violating resources are rejected, not only reported.`);
                } else if (own === undefined && !isEnforce(policyAction)) {
                    report(`${label} ${where} sets no ${path}.failureAction and inherits ${inherited}: set ${path}.failureAction Enforce.`);
                }
            };
            if (isPlainObject(rule["validate"])) {
                const validate = rule["validate"];
                judge("validate", validate);
                for (const [k, namespaces] of auditOverrides(validate["failureActionOverrides"])) {
                    report(`${label} ${where} validate.failureActionOverrides[${k}] downgrades ${namespaces || "namespaces"} to Audit: remove it, and exclude namespaces in the rule's match instead.`);
                }
            }
            entries(rule["verifyImages"]).forEach((v, j) => {
                if (isPlainObject(v)) {
                    judge(`verifyImages[${j}]`, v);
                }
            });
        });
    },
});
