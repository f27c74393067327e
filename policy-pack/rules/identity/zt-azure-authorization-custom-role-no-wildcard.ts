import { listOf } from "../../lib/aws-props";
import { AZURE_IDENTITY_TYPES } from "../../lib/azure-identity";
import { defineRule } from "../../lib/define-rule";
import { formatPath, isUnknown, readKnown } from "../../lib/props";

/**
 * An action that grants every operation of every provider, or any write over authorization:
 * "*", "*\/write" (and other non-read operations on every provider), "Microsoft.Authorization/*",
 * "Microsoft.Authorization/*\/write". Read-only wildcards ("*\/read", as the Reader role has) are fine.
 */
export function isAdminWildcard(action: string): boolean {
    const a = action.trim().toLowerCase();
    if (!a.includes("*") || a.endsWith("/read")) {
        return false;
    }
    return a === "*" || a.startsWith("*/") || a.startsWith("microsoft.authorization/");
}

export default defineRule({
    id: "zt-azure-authorization-custom-role-no-wildcard",
    displayName: "Custom roles grant no wildcard administration",
    description:
        'No custom role definition allows "*" (or every provider\'s write, delete or action operations) or a wildcard over Microsoft.Authorization in its actions or dataActions.',
    rationale:
        'A custom role with "*" is a second Owner that PIM, access reviews and the standing-privilege rule do not recognise, and a wildcard over ' +
        "Microsoft.Authorization lets its holder grant itself any role. Least privilege means a custom role lists the operations it needs; notActions " +
        "carved out of a wildcard do not help, because every operation a provider adds later is granted automatically. Read-only wildcards " +
        '("*/read") are accepted.',
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "2.23" },
    remediationSteps:
        'Replace the wildcard with the exact operations the role needs (e.g. "Microsoft.Storage/storageAccounts/read"); find them with ' +
        "`az provider operation show --namespace <provider>`. If the holder must assign roles, use the built-in Role Based Access Control Administrator " +
        "with a condition instead of a custom role.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_IDENTITY_TYPES.roleDefinition) {
            return args.notApplicable(`${args.type} is not a role definition`);
        }
        const permissions = listOf(readKnown(args.props, ["permissions"]));
        permissions.forEach((_, i) => {
            for (const field of ["actions", "dataActions"] as const) {
                const values = listOf(readKnown(args.props, ["permissions", String(i), field]));
                const wild = values.filter((v): v is string => typeof v === "string" && !isUnknown(v) && isAdminWildcard(v));
                if (wild.length > 0) {
                    report(
                        `${formatPath(["permissions", i, field])} allows ${wild.map((w) => `"${w}"`).join(", ")}: list the exact operations the role needs, ` +
                            "so it cannot act as an unrecognised Owner or grant itself more access.",
                    );
                }
            }
        });
    },
});
