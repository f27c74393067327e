import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-keyvault-purge-protection",
    displayName: "Key vaults are recoverable",
    description: "Every Azure key vault sets properties.enablePurgeProtection to true and does not set properties.enableSoftDelete to false.",
    rationale:
        "The vault holds the keys that encrypt the landing zone's data: deleting or purging it, or one key, makes that data unreadable for good. Soft " +
        "delete keeps a deleted vault and its objects for the retention period, and purge protection stops anyone, an attacker with a stolen admin " +
        "session included, from purging them early. Soft delete is on unless switched off; purge protection is off unless switched on, and cannot be " +
        "switched off again.",
    severity: "high",
    pillar: "data",
    nistTenets: [1, 5],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "3.3.5" },
    remediationSteps:
        "Set properties: { enablePurgeProtection: true, softDeleteRetentionInDays: 90 } on the azure-native keyvault.Vault and leave enableSoftDelete out " +
        "or true. The vault's name stays reserved for the retention period after deletion, so pick physical names that are not reused.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.vault) {
            return args.notApplicable(`${args.type} is not a key vault`);
        }
        if (readKnown(args.props, ["properties", "enablePurgeProtection"]) !== true) {
            report("The key vault can be purged before its retention ends: set properties.enablePurgeProtection to true (it cannot be switched off again).");
        }
        if (readKnown(args.props, ["properties", "enableSoftDelete"]) === false) {
            report("The key vault's soft delete is off, so a deleted vault is gone at once: leave properties.enableSoftDelete out or set it to true.");
        }
    },
});
