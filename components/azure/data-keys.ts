/**
 * The landing zone's Key Vault keys: one per purpose, HSM-backed, rotating on a schedule, and the
 * {@link KeyRef} each consumer receives. The pure builders are exported for unit tests.
 */
import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { after } from "../shared/after";
import type { KeyRef } from "./refs";

/** When keys rotate, expire and warn. Durations in days; Key Vault wants ISO 8601 durations. */
export interface KeyRotation {
    /** A new key version is created this long after the current one. */
    rotateAfterDays: number;
    /** Each new version expires this long after it is created (the initial version has no expiry; see vaultKey). */
    expireAfterDays: number;
    /** A `KeyNearExpiry` event is raised this long before a version expires. */
    notifyBeforeExpiryDays: number;
}

/**
 * 90-day rotation bounds how much data one key version wraps; the one-year expiry leaves nine
 * months for consumers pinned to a version (AKS KMS) to move on before wrapping with it stops.
 * Expired versions still unwrap, so expiry never makes data unreadable.
 */
export const DEFAULT_KEY_ROTATION: KeyRotation = { rotateAfterDays: 90, expireAfterDays: 365, notifyBeforeExpiryDays: 30 };

/** Key Vault's bounds: expiry at least 28 days, rotation at least 7 days after creation and 7 days before expiry. */
export function validateKeyRotation(r: KeyRotation): string[] {
    const errors: string[] = [];
    const int = (v: number) => Number.isInteger(v) && v > 0;
    if (![r.rotateAfterDays, r.expireAfterDays, r.notifyBeforeExpiryDays].every(int)) errors.push("key rotation durations must be positive whole days");
    if (r.expireAfterDays < 28) errors.push(`key expiry must be at least 28 days (got ${r.expireAfterDays})`);
    if (r.rotateAfterDays < 7) errors.push(`key rotation must be at least 7 days after creation (got ${r.rotateAfterDays})`);
    if (r.rotateAfterDays > r.expireAfterDays - 7) errors.push(`key rotation (${r.rotateAfterDays} days) must come at least 7 days before expiry (${r.expireAfterDays} days)`);
    if (r.notifyBeforeExpiryDays >= r.expireAfterDays) errors.push(`expiry notice (${r.notifyBeforeExpiryDays} days) must come after creation (expiry ${r.expireAfterDays} days)`);
    return errors;
}

/** The rotation policy: rotate after creation, expire each new version, notify before expiry. */
export function keyRotationPolicy(r: KeyRotation) {
    const errors = validateKeyRotation(r);
    if (errors.length > 0) throw new Error(`Invalid key rotation: ${errors.join("; ")}.`);
    return {
        attributes: { expiryTime: `P${r.expireAfterDays}D` },
        lifetimeActions: [
            { trigger: { timeAfterCreate: `P${r.rotateAfterDays}D` }, action: { type: keyvault.KeyRotationPolicyActionType.Rotate } },
            { trigger: { timeBeforeExpiry: `P${r.notifyBeforeExpiryDays}D` }, action: { type: keyvault.KeyRotationPolicyActionType.Notify } },
        ],
    };
}

/**
 * The operations a purpose's key allows. Storage, the log archive and ACR only wrap data keys;
 * the AKS KMS plugin encrypts and decrypts its data keys with the key itself. Anything else (sign,
 * verify, import) stays impossible even for a principal with a broad role.
 */
export function keyOperations(purpose: string): string[] {
    return purpose === "cluster" ? ["encrypt", "decrypt", "wrapKey", "unwrapKey"] : ["wrapKey", "unwrapKey"];
}

export interface VaultKeyArgs {
    /** The key's name in the vault. CAUTION: changing it replaces the key (and everything it encrypts must be re-keyed). */
    keyName: string;
    /** The vault's physical name. */
    vaultName: string;
    /** The vault resource: the key is created in it once it exists. */
    vault: pulumi.Resource;
    resourceGroupName: pulumi.Input<string>;
    /** The vault's ARM id, composed from names. */
    vaultId: pulumi.Input<string>;
    operations: string[];
    rotation: KeyRotation;
    protect: boolean;
    dependsOn: pulumi.Resource[];
}

/**
 * Declares one key as `name`. RSA-HSM 3072: the key material is generated in and never leaves the
 * premium vault's FIPS 140 validated HSMs, and 3072 bits is what current guidance (NIST SP 800-57)
 * wants for keys protecting data beyond 2030 (RSA 2048 is only rated up to then).
 *
 * The initial version gets no `expires` attribute: it would be a timestamp computed at deploy time,
 * which changes on every run. The rotation policy gives every later version its expiry.
 */
export function vaultKey(name: string, args: VaultKeyArgs, opts: { parent: pulumi.Resource }): { key: keyvault.Key; ref: KeyRef } {
    const key = new keyvault.Key(name, {
        keyName: args.keyName,
        vaultName: after([args.vault], pulumi.output(args.vaultName)),
        resourceGroupName: args.resourceGroupName,
        properties: {
            kty: keyvault.JsonWebKeyType.RSA_HSM,
            keySize: 3072,
            keyOps: args.operations,
            attributes: { enabled: true },
            rotationPolicy: keyRotationPolicy(args.rotation),
        },
    }, { parent: opts.parent, protect: args.protect, dependsOn: args.dependsOn });
    // Public-cloud DNS suffix: config/azure.ts only admits public-cloud regions.
    const vaultUri = `https://${args.vaultName}.vault.azure.net/`;
    const ref: KeyRef = {
        id: after([key], pulumi.interpolate`${args.vaultId}/keys/${args.keyName}`),
        name: after([key], pulumi.output(args.keyName)),
        vaultUri: after([key], pulumi.output(vaultUri)),
        uri: after([key], pulumi.output(`${vaultUri}keys/${args.keyName}`)),
        uriWithVersion: key.keyUriWithVersion,
    };
    return { key, ref };
}
