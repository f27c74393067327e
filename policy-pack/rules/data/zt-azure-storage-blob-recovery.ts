import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf, isServiceOf } from "../../lib/azure-data";
import { isUnknown, readRaw } from "../../lib/props";

/** Kinds without a blob service: premium file shares. */
const NO_BLOB_KINDS = ["FileStorage"];

/** A flag that is true, or unknown during preview (it will be known at deployment; not evidence of a gap). */
const trueOrUnknown = (v: unknown) => v === true || isUnknown(v);

export default defineRule({
    id: "zt-azure-storage-blob-recovery",
    displayName: "Storage accounts keep blob versions and deleted blobs",
    description:
        "Every Azure storage account with a blob service has an azure-native storage.BlobServiceProperties with isVersioningEnabled true and " +
        "deleteRetentionPolicy.enabled true, and does not set deleteRetentionPolicy.allowPermanentDelete to true.",
    rationale:
        "Ransomware and mistakes overwrite or delete data; an attacker with write access can destroy what it cannot read. Versioning keeps every " +
        "overwritten version and blob soft delete keeps deleted blobs for the retention period, so the data can be restored without a backup system. " +
        "Both are off until a BlobServiceProperties turns them on, and allowPermanentDelete would let a caller purge the soft-deleted copies.",
    severity: "medium",
    pillar: "data",
    nistTenets: [1, 5],
    cisaPillar: "Data",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.10" },
    remediationSteps:
        'Add an azure-native storage.BlobServiceProperties with accountName set to the account\'s name, blobServicesName "default", isVersioningEnabled: ' +
        "true and deleteRetentionPolicy: { enabled: true, days: 30, allowPermanentDelete: false } (containerDeleteRetentionPolicy likewise). Add a " +
        "lifecycle management policy if old versions must expire.",
    validateStack: (args, report) => {
        const accounts = args.resources.filter((r) => r.type === AZURE_TYPES.storageAccount && !isOneOf(readRaw(r.props, ["kind"]), NO_BLOB_KINDS));
        if (accounts.length === 0) {
            return args.notApplicable("the stack has no storage accounts with a blob service");
        }
        for (const account of accounts) {
            const services = args.resources.filter((r) => r.type === AZURE_TYPES.blobService && isServiceOf(r, account));
            if (services.length === 0) {
                report(
                    "This storage account has no blob service settings, so versioning and soft delete are off: add an azure-native storage.BlobServiceProperties " +
                        "for it with isVersioningEnabled true and deleteRetentionPolicy { enabled: true, days }.",
                    account.urn,
                );
                continue;
            }
            if (!services.some((s) => trueOrUnknown(readRaw(s.props, ["isVersioningEnabled"])))) {
                report("The blob service of this storage account keeps no previous versions: set isVersioningEnabled to true on its BlobServiceProperties.", account.urn);
            }
            if (!services.some((s) => trueOrUnknown(readRaw(s.props, ["deleteRetentionPolicy", "enabled"])))) {
                report(
                    "The blob service of this storage account does not keep deleted blobs: set deleteRetentionPolicy.enabled to true (with days) on its BlobServiceProperties.",
                    account.urn,
                );
            }
            if (services.some((s) => readRaw(s.props, ["deleteRetentionPolicy", "allowPermanentDelete"]) === true)) {
                report(
                    "The blob service of this storage account lets callers purge soft-deleted blobs: set deleteRetentionPolicy.allowPermanentDelete to false.",
                    account.urn,
                );
            }
        }
    },
});
