import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-storage-no-shared-key",
    displayName: "Storage accounts authorize every request with Entra ID",
    description: "Every Azure storage account sets allowSharedKeyAccess to false.",
    rationale:
        "An account key grants full control of every blob, file, queue and table, never expires until someone rotates it, and signs SAS tokens that " +
        "cannot be revoked individually: it is a standing, anonymous, all-powerful credential. Zero Trust authorizes every request per identity and " +
        "session, which Entra ID does and Shared Key cannot. The service treats an unset allowSharedKeyAccess as true, so it must be set to false.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    remediationSteps:
        "Set allowSharedKeyAccess: false (and defaultToOAuthAuthentication: true) on the azure-native storage.StorageAccount. Grant workloads Storage " +
        "Blob Data roles on their managed identity, and replace account-key SAS tokens with user delegation SAS.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.storageAccount) {
            return args.notApplicable(`${args.type} is not a storage account`);
        }
        const allow = readKnown(args.props, ["allowSharedKeyAccess"]);
        if (allow === true) {
            report("The storage account accepts its account keys and key-signed SAS tokens: set allowSharedKeyAccess to false.");
        } else if (allow !== false) {
            report("The storage account accepts its account keys (allowSharedKeyAccess is not set, which the service treats as true): set it to false.");
        }
    },
});
