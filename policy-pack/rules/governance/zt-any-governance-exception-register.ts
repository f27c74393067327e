import { exceptionsFile, readRegister, runDate } from "../../lib/active-register";
import { defineRule, definedRuleIds } from "../../lib/define-rule";
import { MAX_EXCEPTION_DAYS } from "../../lib/register";

export default defineRule({
    id: "zt-any-governance-exception-register",
    displayName: "The exception register is valid and current",
    description: `Every exception in policy-pack/exceptions.yaml is complete, names a real policy, expires within ${MAX_EXCEPTION_DAYS} days, and has not expired.`,
    rationale:
        "Exceptions are how a team ships while a fix is pending, and the register is the audit trail for them. An exception without an owner or ticket, " +
        "one that never really expires, or one that quietly outlives its date turns a temporary risk into a permanent one. This rule is mandatory in every " +
        "environment and cannot itself be waived.",
    severity: "high",
    pillar: "governance",
    nistTenets: [4],
    cisaPillar: "Governance",
    remediationSteps:
        `Fix the entry the message names: fill in every field (id, policy, resource, reason, owner, ticket, expires), use a policy id from this page, and set expires ` +
        `to an ISO date at most ${MAX_EXCEPTION_DAYS} days away. For an expired entry, fix the resource and delete the entry, or renew it with a new ticket. ` +
        "See policy-pack/README.md for the format.",
    enforcementLevel: "mandatory",
    waivable: false,
    validateStack: (_args, report) => {
        // Validated here with the full policy list; the rules themselves only ever see active entries.
        const register = readRegister(exceptionsFile(), runDate(), definedRuleIds());
        for (const problem of register.problems) {
            report(problem.message);
        }
    },
});
