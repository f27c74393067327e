/**
 * Physical names the Azure pillars share before the resources exist: the registry name feeds the
 * allowed-images policy, the storage names the diagnostic settings. Vault, storage and registry
 * names are global across Azure, so a fork must pick a distinctive `prefix`.
 */
import { createHash } from "crypto";

export function azureNames(namePrefix: string) {
    // Storage accounts and registries take lowercase letters and digits only.
    const compact = namePrefix.replace(/[^a-z0-9]/g, "");
    return {
        resourceGroup: (pillar: string) => `${namePrefix}-${pillar}-rg`,
        /** The CI deploy identity (zt:azure:DeployIdentity), which the landing zone looks up by this name when the bootstrap owns it. */
        deployIdentity: `${namePrefix}-deploy`,
        /** The bootstrap's resource group of the deploy identity: not a pillar's, so the landing zone's stack never owns it. */
        deployResourceGroup: `${namePrefix}-deploy-rg`,
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

/**
 * A GUID derived from a seed, for the resources Azure names by GUID (role definitions, role
 * assignments, eligibility requests): stable across runs, so a re-run never re-creates them, and
 * distinct per seed. Seed with everything that makes the resource unique (scope, role, principal).
 */
export function stableGuid(seed: string): string {
    const h = createHash("sha256").update(seed).digest("hex");
    // Version 5 style layout (name-based), so it is a valid RFC 4122 GUID.
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
