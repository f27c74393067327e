import { AZURE_IDENTITY_TYPES } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-policy-assignment-enforced",
    displayName: "Azure Policy assignments are enforced",
    description: 'Every Azure Policy assignment has enforcementMode "Default" (or leaves it out); "DoNotEnforce" and "Enroll" do not apply the policy\'s effect.',
    rationale:
        "Azure Policy is the landing zone's dynamic policy: it refuses a public storage account or an unapproved image before the resource exists. " +
        'With enforcementMode "DoNotEnforce" the assignment evaluates and reports but never denies, modifies or deploys; "Enroll" enforces nothing ' +
        "until each scope is enrolled. Either is right for trying a new assignment out, and is a silent gap once it is forgotten. Audit-only " +
        "environments should express it through the definitions' effect parameter, which keeps the intent visible in each definition.",
    severity: "high",
    pillar: "identity",
    nistTenets: [4, 5],
    cisaPillar: "Governance",
    remediationSteps:
        'Remove enforcementMode or set it to "Default". To audit without denying (e.g. a dev subscription), set the assigned definitions\' effect ' +
        'parameter to "Audit" instead, or record a time-boxed exception in policy-pack/exceptions.yaml while the assignment is being tried out.',
    validateResource: (args, report) => {
        if (args.type !== AZURE_IDENTITY_TYPES.policyAssignment) {
            return args.notApplicable(`${args.type} is not a policy assignment`);
        }
        const mode = readKnown(args.props, ["enforcementMode"]);
        if (mode === undefined || mode === null || (typeof mode === "string" && mode.toLowerCase() === "default")) {
            return;
        }
        report(`This policy assignment has enforcementMode "${String(mode)}": its policies report but do not take effect. Set enforcementMode to "Default".`);
    },
});
