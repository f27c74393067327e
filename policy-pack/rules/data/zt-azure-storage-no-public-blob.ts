import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-storage-no-public-blob",
    displayName: "Storage accounts forbid anonymous blob access",
    description: "Every Azure storage account sets allowBlobPublicAccess to false.",
    rationale:
        "With allowBlobPublicAccess on, one container set to Blob or Container access publishes its data to anyone who knows the URL, with no " +
        "identity, no log of who read it and no way to revoke it. Zero Trust allows no anonymous reads. The service's default has changed over API " +
        "versions (accounts created before 2023 default to true), so only an explicit false proves the account forbids it.",
    severity: "critical",
    pillar: "data",
    nistTenets: [6, 3],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.17" },
    remediationSteps:
        "Set allowBlobPublicAccess: false on the azure-native storage.StorageAccount. Share data with identities through Azure RBAC (Storage Blob Data " +
        "Reader) or user delegation SAS tokens, never anonymously.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.storageAccount) {
            return args.notApplicable(`${args.type} is not a storage account`);
        }
        const allow = readKnown(args.props, ["allowBlobPublicAccess"]);
        if (allow === true) {
            report("The storage account lets containers allow anonymous reads: set allowBlobPublicAccess to false.");
        } else if (allow !== false) {
            report("The storage account does not forbid anonymous blob access (allowBlobPublicAccess is not set, and older API versions default it to true): set it to false.");
        }
    },
});
