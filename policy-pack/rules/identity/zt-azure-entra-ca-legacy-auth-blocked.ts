import { AZURE_IDENTITY_TYPES, blocks, caPolicyOf, coversEveryone, isSwitchedOn } from "../../lib/azure-identity";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";

/** The client app types of legacy authentication (Exchange ActiveSync, and POP, IMAP, SMTP AUTH and the other basic-auth protocols). */
const LEGACY = ["exchangeActiveSync", "other"] as const;

export default defineRule({
    id: "zt-azure-entra-ca-legacy-auth-blocked",
    displayName: "Conditional access blocks legacy authentication",
    description:
        "When the stack manages conditional access, one policy that is not disabled blocks the legacy client app types (exchangeActiveSync and other) " +
        'for all users and all cloud apps.',
    rationale:
        "Legacy protocols (POP, IMAP, SMTP AUTH, Exchange ActiveSync with basic authentication, older Office clients) send a password with every " +
        "request and cannot perform multifactor authentication, so an MFA policy does nothing against a password spray over them. Blocking them for " +
        "everyone is the conditional access policy that makes the MFA requirement unavoidable. Stacks that do not manage the tenant's conditional " +
        "access declare no policies and the rule does not apply to them.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 2],
    cisaPillar: "Identity",
    remediationSteps:
        'Add an azuread.ConditionalAccessPolicy with conditions.clientAppTypes ["exchangeActiveSync", "other"], conditions.users.includedUsers ["All"] ' +
        '(excluding the emergency-access group), conditions.applications.includedApplications ["All"] and grantControls { operator: "OR", ' +
        'builtInControls: ["block"] }, with state "enabled".',
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const policies = args.resources.filter((r) => r.type === AZURE_IDENTITY_TYPES.conditionalAccessPolicy).map(caPolicyOf);
        if (policies.length === 0) {
            return args.notApplicable("the stack declares no conditional access policies");
        }
        const legacy = (types: readonly string[]) => LEGACY.every((t) => types.some((v) => v.toLowerCase() === t.toLowerCase()));
        if (policies.some((p) => isSwitchedOn(p) && coversEveryone(p) && legacy(p.clientAppTypes) && blocks(p))) {
            return;
        }
        report(
            'The stack declares conditional access policies, but none blocks legacy authentication: add one with clientAppTypes ["exchangeActiveSync", "other"], ' +
                'includedUsers ["All"], includedApplications ["All"] and builtInControls ["block"], excluding only the emergency-access accounts.',
        );
    },
});
