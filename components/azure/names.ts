/**
 * Physical names the Azure pillars share before the resources exist: the registry name feeds the
 * allowed-images policy, the storage names the diagnostic settings. Vault, storage and registry
 * names are global across Azure, so a fork must pick a distinctive `prefix`.
 */
export function azureNames(namePrefix: string) {
    // Storage accounts and registries take lowercase letters and digits only.
    const compact = namePrefix.replace(/[^a-z0-9]/g, "");
    return {
        resourceGroup: (pillar: string) => `${namePrefix}-${pillar}-rg`,
        /** 3–24 characters; a purge-protected vault's name stays reserved for its retention after deletion. */
        keyVault: `${namePrefix}-kv`,
        /** 3–24 characters: prefix (≤ 8) + environment (≤ 4) + key (≤ 10). */
        storageAccount: (key: string) => `${compact}${key}`,
        logArchive: `${compact}logs`,
        registry: `${compact}acr`,
        workspace: `${namePrefix}-law`,
        cluster: `${namePrefix}-aks`,
    };
}

/** The regex the allowed-images policy uses when config names none: this landing zone's registry only. */
export function defaultImageRegex(namePrefix: string): string {
    return `^${azureNames(namePrefix).registry}\\.azurecr\\.io/.+$`;
}
