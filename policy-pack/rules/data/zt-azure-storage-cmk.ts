import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { isPresent } from "../../lib/aws-props";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-azure-storage-cmk",
    displayName: "Storage accounts encrypt with a customer-managed key and a second layer",
    description:
        'Every Azure storage account sets encryption.keySource to "Microsoft.Keyvault" with encryption.keyVaultProperties naming a key, and ' +
        "encryption.requireInfrastructureEncryption to true.",
    rationale:
        "Microsoft-managed keys encrypt the data, but nobody outside Microsoft can revoke them or see them used. A key in the landing zone's vault puts " +
        "access to the data under the organization's own policy: disabling the key or removing the account's grant makes the data unreadable, and every " +
        "unwrap is logged. Infrastructure encryption adds a second, independent AES-256 layer, so one broken algorithm or leaked key does not expose the data. " +
        "Both default to off.",
    severity: "medium",
    pillar: "data",
    nistTenets: [1, 6],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.11" },
    remediationSteps:
        'Set encryption: { keySource: "Microsoft.Keyvault", keyVaultProperties: { keyVaultUri, keyName } (no keyVersion, so rotation is followed), ' +
        "encryptionIdentity: { encryptionUserAssignedIdentity }, requireInfrastructureEncryption: true } on the azure-native storage.StorageAccount, with a " +
        "user-assigned identity holding Key Vault Crypto Service Encryption User on the vault. CAUTION: requireInfrastructureEncryption can only be set when " +
        "the account is created; adding it replaces an existing account.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.storageAccount) {
            return args.notApplicable(`${args.type} is not a storage account`);
        }
        if (!isOneOf(readKnown(args.props, ["encryption", "keySource"]), ["Microsoft.Keyvault"])) {
            report('The storage account encrypts with Microsoft-managed keys: set encryption.keySource to "Microsoft.Keyvault" with keyVaultProperties naming a key in the vault.');
        } else if (!isPresent(readRaw(args.props, ["encryption", "keyVaultProperties", "keyName"]))) {
            report("The storage account's customer-managed key is not named: set encryption.keyVaultProperties.keyName and keyVaultUri.");
        }
        if (readKnown(args.props, ["encryption", "requireInfrastructureEncryption"]) !== true) {
            report("The storage account has one layer of encryption at rest: set encryption.requireInfrastructureEncryption to true (creation-time only: it replaces an existing account).");
        }
    },
});
