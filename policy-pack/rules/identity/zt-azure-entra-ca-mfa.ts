import { AZURE_IDENTITY_TYPES, caPolicyOf, coversClientApp, coversEveryone, isSwitchedOn, requiresMfa } from "../../lib/azure-identity";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";

export default defineRule({
    id: "zt-azure-entra-ca-mfa",
    displayName: "Conditional access requires MFA for everyone",
    description:
        'When the stack manages conditional access, one policy that is not disabled requires multifactor authentication for all users ("All"), all ' +
        'cloud apps ("All") and all client app types.',
    rationale:
        "Passwords are phished, sprayed and reused; multifactor authentication stops the great majority of account takeovers, and Zero Trust verifies " +
        "every user explicitly at every sign-in. A policy scoped to some apps or some users leaves the rest on a password alone, and a grant of \"MFA " +
        "or a compliant device\" lets the device stand in for the second factor. Exclusions are allowed (the emergency-access accounts must be " +
        "excluded), so the rule checks the included users and apps. Stacks that do not manage the tenant's conditional access declare no policies " +
        "and the rule does not apply to them.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "2.2.5" },
    remediationSteps:
        'Add an azuread.ConditionalAccessPolicy with conditions.users.includedUsers ["All"] (excluding the emergency-access group), ' +
        'conditions.applications.includedApplications ["All"], conditions.clientAppTypes ["all"] and grantControls { operator: "OR", ' +
        'builtInControls: ["mfa"] } (or an authenticationStrengthPolicyId), with state "enabled".',
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const policies = args.resources.filter((r) => r.type === AZURE_IDENTITY_TYPES.conditionalAccessPolicy).map(caPolicyOf);
        if (policies.length === 0) {
            return args.notApplicable("the stack declares no conditional access policies");
        }
        if (policies.some((p) => isSwitchedOn(p) && coversEveryone(p) && coversClientApp(p, "browser") && coversClientApp(p, "mobileAppsAndDesktopClients") && requiresMfa(p))) {
            return;
        }
        report(
            'The stack declares conditional access policies, but none requires MFA for all users, all cloud apps and all client apps: add one with includedUsers ["All"], ' +
                'includedApplications ["All"], clientAppTypes ["all"] and builtInControls ["mfa"] (or an authentication strength), excluding only the emergency-access accounts.',
        );
    },
});
