import { PolicyResource } from "@pulumi/policy";
import { listOf } from "../../lib/aws-props";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { GCP_IAM_TYPES } from "../../lib/gcp-iam";
import { isUnknown, raw, readKnown, readRaw } from "../../lib/props";

export interface OrgPolicyBaselineConfig {
    /** Boolean constraints that must be enforced. */
    enforcedConstraints: string[];
    /** List constraints that must deny every value. */
    denyAllConstraints: string[];
    /** List constraints that must allow only listed values. */
    allowListConstraints: string[];
}

/**
 * The baseline zt:gcp:Identity sets (components/gcp/identity-policies.ts), constraint names as
 * Google lists them (cloud.google.com/resource-manager/docs/organization-policy/org-policy-constraints).
 */
const ENFORCED = [
    "iam.disableServiceAccountKeyCreation",
    "compute.requireOsLogin",
    "compute.skipDefaultNetworkCreation",
    "storage.uniformBucketLevelAccess",
    "storage.publicAccessPrevention",
    "sql.restrictPublicIp",
];
const DENY_ALL = ["compute.vmExternalIpAccess"];
const ALLOW_LIST = ["iam.allowedPolicyMemberDomains", "gcp.resourceLocations"];

type Expectation = "enforced" | "denyAll" | "allowList";
const HOW: Readonly<Record<Expectation, string>> = {
    enforced: 'spec.rules [{ enforce: "TRUE" }]',
    denyAll: 'spec.rules [{ denyAll: "TRUE" }]',
    allowList: "spec.rules [{ values: { allowedValues: [...] } }] and inheritFromParent: false",
};

const isTrue = (v: unknown) => typeof v === "string" && v.trim().toUpperCase() === "TRUE";

/** The constraint a policy configures, from its name `<parent>/policies/<constraint>`; undefined when the name is not one. */
function constraintOf(r: PolicyResource): string | undefined {
    const name = readKnown(r.props, ["name"]);
    const m = typeof name === "string" ? /\/policies\/([^/]+)$/.exec(name.trim()) : null;
    return m ? m[1] : undefined;
}

const allowedValuesOf = (rule: Record<string, unknown>) => listOf(readRaw(rule, ["values", "allowedValues"]));

/** Why the policy's enforced spec does not meet the expectation, or undefined when it does. Dry-run specs enforce nothing and are not read. */
function shortfall(r: PolicyResource, want: Expectation): string | undefined {
    const spec = raw(readKnown(r.props, ["spec"])) as Record<string, unknown> | undefined;
    if (!spec || typeof spec !== "object") {
        return "has no enforced spec (a dryRunSpec blocks nothing)";
    }
    if (isTrue(raw(spec.reset)) || raw(spec.reset) === true) {
        return "resets the constraint to Google's default";
    }
    const rules = listOf(spec.rules).map((x) => (x ?? {}) as Record<string, unknown>);
    const unconditional = rules.filter((x) => raw(x.condition) === undefined);
    if (want === "enforced") {
        if (!unconditional.some((x) => isTrue(raw(x.enforce)))) {
            return "does not enforce the constraint unconditionally";
        }
        if (rules.some((x) => typeof raw(x.enforce) === "string" && !isTrue(raw(x.enforce)))) {
            return 'has a rule with enforce "FALSE", which exempts what it matches';
        }
        return undefined;
    }
    if (rules.some((x) => isTrue(raw(x.allowAll)))) {
        return "allows every value (allowAll)";
    }
    if (want === "denyAll") {
        if (!unconditional.some((x) => isTrue(raw(x.denyAll)))) {
            return "does not deny every value unconditionally";
        }
        if (rules.some((x) => allowedValuesOf(x).length > 0)) {
            return "allows some values despite denyAll";
        }
        return undefined;
    }
    const allowed = unconditional.flatMap(allowedValuesOf);
    if (allowed.length === 0 || allowed.some((v) => typeof v !== "string" || (!isUnknown(v) && v.trim() === ""))) {
        return "lists no allowed values";
    }
    if (raw(spec.inheritFromParent) === true) {
        return "merges its allowed values with the parent's (inheritFromParent), which can widen them";
    }
    return undefined;
}

export default defineRule<OrgPolicyBaselineConfig>({
    id: "zt-gcp-orgpolicy-baseline",
    displayName: "The organization policy baseline is set",
    description:
        "A GCP stack sets an organization policy (orgpolicy.Policy) for each baseline constraint: the boolean ones enforced, compute.vmExternalIpAccess " +
        "denying all, iam.allowedPolicyMemberDomains and gcp.resourceLocations allowing only listed values.",
    rationale:
        "The pack checks what this stack declares; organization policies make Google refuse the same mistakes whoever makes them, from the console, " +
        "gcloud or another pipeline: no service account keys, no external VM addresses, no identities from foreign domains, no public buckets or " +
        "Cloud SQL addresses, no default network, SSH only through OS Login, and resources only in the allowed locations. A dry-run spec only " +
        "logs, an enforce \"FALSE\" or allowAll rule exempts, and inheriting a parent's allow list can widen it, so none of these count. The " +
        "constraints are settings, so a fork can extend the list.",
    severity: "high",
    pillar: "identity",
    nistTenets: [4, 5],
    cisaPillar: "Governance",
    cis: "4.1",
    remediationSteps:
        "Add an orgpolicy.Policy per constraint at the project (or the folder or organization the landing zone is scoped to), named " +
        "<parent>/policies/<constraint>: boolean constraints with spec.rules [{ enforce: \"TRUE\" }], compute.vmExternalIpAccess with " +
        "[{ denyAll: \"TRUE\" }], iam.allowedPolicyMemberDomains with the Cloud Identity customer id and gcp.resourceLocations with the allowed " +
        "locations (e.g. in:europe-west1-locations) as values.allowedValues, and inheritFromParent: false.",
    configSchema: {
        properties: {
            enforcedConstraints: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ENFORCED,
                description: "Boolean constraints that must be enforced unconditionally.",
            },
            denyAllConstraints: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: DENY_ALL,
                description: "List constraints that must deny every value.",
            },
            allowListConstraints: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ALLOW_LIST,
                description: "List constraints that must allow only listed values (and not inherit the parent's).",
            },
        },
    },
    validateStack: (args, report, config) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const wanted = new Map<string, Expectation>([
            ...config.enforcedConstraints.map((c) => [c, "enforced"] as const),
            ...config.denyAllConstraints.map((c) => [c, "denyAll"] as const),
            ...config.allowListConstraints.map((c) => [c, "allowList"] as const),
        ]);
        const policies = args.resources.filter((r) => r.type === GCP_IAM_TYPES.orgPolicy);
        const byConstraint = new Map<string, PolicyResource[]>();
        for (const p of policies) {
            const c = constraintOf(p);
            if (c !== undefined) {
                byConstraint.set(c, [...(byConstraint.get(c) ?? []), p]);
            }
        }
        const missing: string[] = [];
        for (const [constraint, want] of wanted) {
            const set = byConstraint.get(constraint) ?? [];
            if (set.length === 0) {
                missing.push(constraint);
                continue;
            }
            for (const p of set) {
                const problem = shortfall(p, want);
                if (problem) {
                    report(`The organization policy for ${constraint} (${readRaw(p.props, ["name"])}) ${problem}: set ${HOW[want]}.`, p.urn);
                }
            }
        }
        if (missing.length > 0) {
            report(
                `The stack sets no organization policy for ${missing.join(", ")}: add an orgpolicy.Policy for each (boolean constraints enforced, ` +
                    "vmExternalIpAccess denyAll, the member-domain and location constraints with allowed values).",
            );
        }
    },
});
