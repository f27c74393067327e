import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { CompanionRef, companionsOf } from "../../lib/companions";
import { isPlainObject, isUnknown, objectOrJson, readRaw } from "../../lib/props";
import { DETECTOR } from "./zt-aws-guardduty-enabled";

const EVENT_RULE = "aws:cloudwatch/eventRule:EventRule";
const EVENT_TARGET = "aws:cloudwatch/eventTarget:EventTarget";
/** A target names its rule by the rule's name. */
const RULE_REF: CompanionRef = { property: "rule", subjectIds: ["name", "id"] };

/** The literal strings an event pattern field lists (prefix and other matchers are objects and are skipped). */
function patternValues(pattern: Record<string, unknown>, field: string): string[] {
    const v = pattern[field];
    const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
    return list.filter((x): x is string => typeof x === "string");
}

/** Whether the rule's event pattern selects GuardDuty findings (by source or detail-type), or cannot be told during preview. */
export function matchesGuardDuty(rule: PolicyResource): boolean | "unknown" {
    const raw = readRaw(rule.props, ["eventPattern"]);
    if (isUnknown(raw)) {
        return "unknown";
    }
    const pattern = objectOrJson(raw);
    if (!pattern || !isPlainObject(pattern)) {
        return false;
    }
    return patternValues(pattern, "source").includes("aws.guardduty") || patternValues(pattern, "detail-type").includes("GuardDuty Finding");
}

function isEnabled(rule: PolicyResource): boolean {
    return readRaw(rule.props, ["state"]) !== "DISABLED" && readRaw(rule.props, ["isEnabled"]) !== false;
}

export default defineRule({
    id: "zt-aws-guardduty-response",
    displayName: "GuardDuty findings trigger an automated response",
    description:
        "Every stack with a GuardDuty detector has an enabled EventBridge rule whose event pattern matches GuardDuty findings (source aws.guardduty) and at " +
        "least one target on that rule.",
    rationale:
        "Detection without response only documents an intrusion. Zero Trust expects policy to adapt to what monitoring sees: a finding about a compromised " +
        "instance or credential should isolate the instance, revoke the session or at least page someone within minutes, automatically. GuardDuty publishes " +
        "findings only to EventBridge, so a rule with a target is the one wire between threat detection and response.",
    severity: "medium",
    pillar: "visibility",
    nistTenets: [4, 5],
    cisaPillar: "Automation and Orchestration",
    cis: "13.1",
    remediationSteps:
        'Add an aws.cloudwatch.EventRule with eventPattern JSON.stringify({ source: ["aws.guardduty"], "detail-type": ["GuardDuty Finding"] }) (optionally ' +
        "filtered by detail.severity) and an aws.cloudwatch.EventTarget with rule set to that rule's name, pointing at the response: a Lambda function or Step " +
        "Functions state machine that contains the resource, and the KMS-encrypted alerts topic.",
    validateStack: (args, report) => {
        const detectors = args.resources.filter((r) => r.type === DETECTOR);
        if (detectors.length === 0) {
            return args.notApplicable("the stack has no GuardDuty detector (zt-aws-guardduty-enabled reports a missing one)");
        }
        const eventRules = args.resources.filter((r) => r.type === EVENT_RULE);
        const rules = eventRules.filter((r) => matchesGuardDuty(r) === true);
        const wired = (rule: PolicyResource) => companionsOf(args.resources, rule, [EVENT_TARGET], RULE_REF).length > 0;
        if (rules.some((r) => isEnabled(r) && wired(r))) {
            return;
        }
        // A pattern unknown during preview may select GuardDuty findings: a wired rule with one is not evidence of a gap.
        if (rules.length === 0 && eventRules.some((r) => matchesGuardDuty(r) === "unknown" && isEnabled(r) && wired(r))) {
            return;
        }
        if (rules.length === 0) {
            report(
                'GuardDuty findings trigger no automated response: add an aws.cloudwatch.EventRule whose eventPattern matches source "aws.guardduty" and an ' +
                    "aws.cloudwatch.EventTarget on it that contains the threat or alerts someone.",
                detectors[0].urn,
            );
            return;
        }
        for (const rule of rules) {
            if (!isEnabled(rule)) {
                report('This EventRule matches GuardDuty findings but is disabled: set state to "ENABLED".', rule.urn);
            }
            if (!wired(rule)) {
                report("This EventRule matches GuardDuty findings but has no target: add an aws.cloudwatch.EventTarget with rule set to this rule's name.", rule.urn);
            }
        }
    },
});
