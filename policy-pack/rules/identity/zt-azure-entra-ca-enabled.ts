import { AZURE_IDENTITY_TYPES } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

const REPORT_ONLY = "enabledForReportingButNotEnforced";

export default defineRule({
    id: "zt-azure-entra-ca-enabled",
    displayName: "Conditional access policies are enforced",
    description: `Every conditional access policy has state "enabled": neither "disabled" nor report-only ("${REPORT_ONLY}").`,
    rationale:
        "Conditional access is where Entra ID decides, per sign-in, whether the user, device, location and risk justify access: the policy decision " +
        "point of NIST SP 800-207. A disabled policy decides nothing, and a report-only one only logs what it would have done. Report-only is the right " +
        "first step of a rollout (the sign-in logs show who would have been blocked); this rule keeps that step visible until the policy is enforced.",
    severity: "high",
    pillar: "identity",
    nistTenets: [4, 6],
    cisaPillar: "Identity",
    remediationSteps:
        `Set state to "enabled". During a rollout, keep "${REPORT_ONLY}" (this project: azure.entra.conditionalAccessState: reportOnly) and record a ` +
        "time-boxed exception in policy-pack/exceptions.yaml until the sign-in logs show no unintended blocks; always exclude the emergency-access group.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_IDENTITY_TYPES.conditionalAccessPolicy) {
            return args.notApplicable(`${args.type} is not a conditional access policy`);
        }
        const state = readKnown(args.props, ["state"]);
        if (state === "enabled") {
            return;
        }
        if (state === REPORT_ONLY) {
            report(`This conditional access policy is report-only (state "${REPORT_ONLY}"): it logs what it would do and enforces nothing. Set state to "enabled".`);
            return;
        }
        report(`This conditional access policy has state "${String(state)}": set it to "enabled" so its conditions are enforced at sign-in.`);
    },
});
