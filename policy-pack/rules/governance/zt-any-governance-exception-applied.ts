import { drainResourceWaivers, drainStackWaivers, waiverNote } from "../../lib/active-register";
import { defineRule } from "../../lib/define-rule";

/**
 * Reports, as advisory notes, the violations other rules left out of their own reports because an
 * active exception covers them (see lib/active-register.ts for why this is a separate policy).
 * It must come after every other rule in the pack's list; rules/index.ts keeps it last.
 */
export default defineRule({
    id: "zt-any-governance-exception-applied",
    displayName: "Violations waived by an exception",
    description: "Lists each violation that an active exception in policy-pack/exceptions.yaml waives, with the exception's owner, ticket and days left.",
    rationale:
        "A waived violation is still a risk that someone accepted. Showing it on every preview, with who accepted it and until when, keeps the exception visible " +
        "instead of silent. The note never blocks: its level is advisory in every environment.",
    severity: "low",
    pillar: "governance",
    nistTenets: [4],
    cisaPillar: "Governance",
    remediationSteps: "Fix the underlying violation before the exception expires, then delete the entry from policy-pack/exceptions.yaml.",
    enforcementLevel: "advisory",
    waivable: false,
    validateResource: (args, report) => {
        for (const w of drainResourceWaivers(args.urn)) {
            report(waiverNote(w));
        }
    },
    validateStack: (_args, report) => {
        for (const w of drainStackWaivers()) {
            report(waiverNote(w), w.urn);
        }
    },
});
