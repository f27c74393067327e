/** The Azure rules of the data pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import storageTls from "./zt-azure-storage-tls";
import storagePublicNetwork from "./zt-azure-storage-public-network";
import storageNoPublicBlob from "./zt-azure-storage-no-public-blob";
import storageNoSharedKey from "./zt-azure-storage-no-shared-key";
import storageCmk from "./zt-azure-storage-cmk";
import storageBlobRecovery from "./zt-azure-storage-blob-recovery";
import keyvaultPurgeProtection from "./zt-azure-keyvault-purge-protection";
import keyvaultRbac from "./zt-azure-keyvault-rbac";
import keyvaultPublicNetwork from "./zt-azure-keyvault-public-network";
import keyvaultKeyRotation from "./zt-azure-keyvault-key-rotation";
import dataPrivateEndpoint from "./zt-azure-data-private-endpoint";

export const azureDataRules: readonly ZtRule[] = [
    storageTls,
    storagePublicNetwork,
    storageNoPublicBlob,
    storageNoSharedKey,
    storageCmk,
    storageBlobRecovery,
    keyvaultPurgeProtection,
    keyvaultRbac,
    keyvaultPublicNetwork,
    keyvaultKeyRotation,
    dataPrivateEndpoint,
];
