import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { listOf } from "../../lib/aws-props";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-keyvault-rbac",
    displayName: "Key vaults authorize data access with Azure RBAC",
    description:
        "Every Azure key vault sets properties.enableRbacAuthorization to true and lists no properties.accessPolicies, and the stack declares no " +
        "azure-native keyvault.AccessPolicy.",
    rationale:
        "Access policies grant broad, vault-wide permission sets to principals, outside Azure RBAC: they cannot be scoped to one key, made eligible " +
        "through PIM, conditioned or reviewed with the rest of the role assignments. RBAC authorization gives per-key, just-in-time, audited access. " +
        "The default is access policies (enableRbacAuthorization false), and access policies left on a vault come back into force if RBAC is ever switched off.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "3.3.6" },
    remediationSteps:
        "Set properties.enableRbacAuthorization: true on the azure-native keyvault.Vault, remove properties.accessPolicies and any keyvault.AccessPolicy " +
        "resources, and grant Key Vault data roles (Key Vault Crypto Service Encryption User, Key Vault Secrets User, ...) with authorization.RoleAssignment " +
        "scoped to the vault or the key.",
    validateResource: (args, report) => {
        if (args.type === AZURE_TYPES.accessPolicy) {
            report("This key vault access policy grants data access outside Azure RBAC: remove it and grant a Key Vault data role on the vault or key instead.");
            return;
        }
        if (args.type !== AZURE_TYPES.vault) {
            return args.notApplicable(`${args.type} is not a key vault or key vault access policy`);
        }
        if (readKnown(args.props, ["properties", "enableRbacAuthorization"]) !== true) {
            report("The key vault authorizes data access with access policies: set properties.enableRbacAuthorization to true (the default is false).");
        }
        const policies = listOf(readKnown(args.props, ["properties", "accessPolicies"]));
        if (policies.length > 0) {
            report(`The key vault lists ${policies.length} access ${policies.length === 1 ? "policy" : "policies"}: remove properties.accessPolicies and grant Key Vault data roles instead.`);
        }
    },
});
