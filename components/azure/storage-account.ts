/**
 * One Zero Trust storage account and what belongs with it (STYLE §10): the account (no public
 * endpoint, no shared keys, TLS 1.2, CMK + infrastructure encryption), its blob service settings
 * (versioning, soft delete), the blob private endpoint with its DNS zone group and the account's
 * Defender for Storage setting. Data declares its data accounts with it, Visibility the log archive,
 * so both are hardened identically and the pack's storage rules hold for either.
 *
 * The diagnostic setting is not declared here: it needs the workspace, which only Visibility has.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as network from "@pulumi/azure-native/network";
import * as security from "@pulumi/azure-native/security";
import * as storage from "@pulumi/azure-native/storage";
import { after } from "../shared/after";
import { privateEndpoint as privateEndpointWith } from "./data-private-endpoint";
import type { IdentityRef, KeyRef } from "./refs";

export interface SecureStorageAccountArgs {
    /** Physical name (3–24 lowercase letters and digits, global). CAUTION: changing it replaces the account. */
    accountName: string;
    /**
     * Resource group the account and its private endpoint go in. Pass a value known at preview that
     * still depends on the group (e.g. `after([rg], pulumi.output(name))`), so `id` stays readable.
     */
    resourceGroupName: pulumi.Input<string>;
    /** The subscription, to compose the account's ARM id from names (readable at preview, unlike `account.id`). */
    subscriptionId: pulumi.Input<string>;
    location: string;
    /** The customer-managed key. Only its vault URI and name are used: the versionless reference follows rotation. */
    key: KeyRef;
    /** The user-assigned identity that unwraps the key (needs Key Vault Crypto Service Encryption User on the vault). */
    encryptionIdentity: IdentityRef;
    /** Subnet of the blob private endpoint. */
    privateEndpointSubnetId: pulumi.Input<string>;
    /** The `privatelink.blob.core.windows.net` zone the endpoint registers its record in. */
    blobDnsZoneId: pulumi.Input<string>;
    /** The `data-classification` tag. */
    classification: string;
    /** Tags besides `data-classification`, e.g. `purpose: log-archive` (the pack treats such an account as a log archive). Default: none. */
    extraTags?: Record<string, string>;
    /** `protect` on the account (prod). */
    protect: boolean;
    /**
     * Account-level immutable storage with versioning (WORM), e.g. for a log archive. Default: none.
     * CAUTION: it can only be switched on when the account is created (adding it replaces the account),
     * and a `Locked` policy can never be shortened or removed.
     */
    immutability?: {
        /** Days every blob version stays undeletable and unmodifiable after it is written. */
        periodDays: number;
        /** `Unlocked` lets the period still be changed (for a first rollout); `Locked` is final. */
        state: "Unlocked" | "Locked";
        /** Let append blobs grow under the policy (Azure Monitor appends to its hourly log blobs). Default: false. */
        allowProtectedAppendWrites?: boolean;
    };
    /** Days deleted blobs and containers stay recoverable (1–365). Default: 30. */
    deleteRetentionDays?: number;
    /**
     * Let Azure's trusted services (Azure Monitor among them) through the firewall. They still need an
     * Entra ID grant, since shared keys are off. Default: false, so only the private endpoint reaches the data.
     */
    allowTrustedServices?: boolean;
    /** Defender for Storage on-upload malware scanning. Default: on, capped at 5,000 GB a month. */
    malwareScanning?: { enabled: boolean; capGBPerMonth?: number };
    /** Defender for Storage sensitive-data discovery (raises the severity of alerts on sensitive data). Default: true. */
    sensitiveDataDiscovery?: boolean;
}

/**
 * The settings every storage account of the landing zone shares (the data accounts, the log
 * archive, the state backend): no shared keys or SAS, TLS 1.2, HTTPS only, no anonymous blobs,
 * copies only within the tenant, and the customer-managed key with infrastructure encryption. The
 * public endpoint is closed unless `publicNetworkAccess` says otherwise.
 */
export function hardenedAccountArgs(a: {
    accountName: string;
    resourceGroupName: pulumi.Input<string>;
    location: pulumi.Input<string>;
    key: { vaultUri: pulumi.Input<string>; name: pulumi.Input<string> };
    encryptionIdentityId: pulumi.Input<string>;
    publicNetworkAccess: boolean;
    trustedServices: boolean;
}): storage.StorageAccountArgs {
    return {
        accountName: a.accountName,
        resourceGroupName: a.resourceGroupName,
        location: a.location,
        kind: "StorageV2",
        // Zone-redundant: survives the loss of a zone without a second copy outside the region.
        sku: { name: "Standard_ZRS" },
        accessTier: "Hot",
        minimumTlsVersion: "TLS1_2",
        enableHttpsTrafficOnly: true,
        allowBlobPublicAccess: false,
        // Every request is authorized by Entra ID: no account keys, no key-signed SAS to leak.
        allowSharedKeyAccess: false,
        defaultToOAuthAuthentication: true,
        allowCrossTenantReplication: false,
        // Copies in or out only with accounts of this tenant.
        allowedCopyScope: "AAD",
        isLocalUserEnabled: false,
        isSftpEnabled: false,
        publicNetworkAccess: a.publicNetworkAccess ? "Enabled" : "Disabled",
        networkRuleSet: { defaultAction: a.publicNetworkAccess ? "Allow" : "Deny", bypass: a.trustedServices ? "AzureServices" : "None", ipRules: [], virtualNetworkRules: [] },
        identity: { type: "UserAssigned", userAssignedIdentities: [a.encryptionIdentityId] },
        encryption: {
            keySource: "Microsoft.Keyvault",
            // No keyVersion: the account follows the key's rotation by itself.
            keyVaultProperties: { keyVaultUri: a.key.vaultUri, keyName: a.key.name },
            encryptionIdentity: { encryptionUserAssignedIdentity: a.encryptionIdentityId },
            // A second, platform-managed layer below the CMK one. CAUTION: creation-time only; changing it replaces the account.
            requireInfrastructureEncryption: true,
            // Queues and tables default to service-managed keys; "Account" puts them under the CMK too (creation-time only).
            services: {
                blob: { enabled: true, keyType: "Account" },
                file: { enabled: true, keyType: "Account" },
                queue: { enabled: true, keyType: "Account" },
                table: { enabled: true, keyType: "Account" },
            },
        },
    };
}

/** Blob versioning and soft delete: an overwrite keeps the previous version, a delete stays undoable for `retentionDays`. */
export function recoverableBlobs(accountName: pulumi.Input<string>, resourceGroupName: pulumi.Input<string>, retentionDays: number): storage.BlobServicePropertiesArgs {
    return {
        accountName,
        resourceGroupName,
        blobServicesName: "default",
        isVersioningEnabled: true,
        deleteRetentionPolicy: { enabled: true, days: retentionDays, allowPermanentDelete: false },
        containerDeleteRetentionPolicy: { enabled: true, days: retentionDays },
    };
}

export interface SecureStorageAccount {
    account: storage.StorageAccount;
    /** The account's ARM id, composed from names (known at preview), delivered once the account exists. */
    id: pulumi.Output<string>;
    blobService: storage.BlobServiceProperties;
    privateEndpoint: network.PrivateEndpoint;
    dnsZoneGroup: network.PrivateDnsZoneGroup;
    defender: security.DefenderForStorage;
}

/**
 * Declares the account as `name` and its companions as `${name}-blob`, `${name}-pe`,
 * `${name}-pe-dns` and `${name}-defender`, all under `opts.parent`.
 */
export function secureStorageAccount(name: string, args: SecureStorageAccountArgs, opts: { parent: pulumi.Resource }): SecureStorageAccount {
    const child = { parent: opts.parent };
    const retention = args.deleteRetentionDays ?? 30;
    const account = new storage.StorageAccount(name, {
        ...hardenedAccountArgs({
            accountName: args.accountName,
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            key: args.key,
            encryptionIdentityId: args.encryptionIdentity.id,
            publicNetworkAccess: false,
            trustedServices: args.allowTrustedServices ?? false,
        }),
        ...(args.immutability
            ? {
                  immutableStorageWithVersioning: {
                      enabled: true,
                      immutabilityPolicy: {
                          immutabilityPeriodSinceCreationInDays: args.immutability.periodDays,
                          state: args.immutability.state,
                          allowProtectedAppendWrites: args.immutability.allowProtectedAppendWrites ?? false,
                      },
                  },
              }
            : {}),
        tags: { ...args.extraTags, "data-classification": args.classification },
    }, { ...child, protect: args.protect });

    const id = after(
        [account],
        pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${args.accountName}`,
    );

    const blobService = new storage.BlobServiceProperties(`${name}-blob`, recoverableBlobs(after([account], pulumi.output(args.accountName)), args.resourceGroupName, retention), child);

    const { endpoint: privateEndpoint, dnsZoneGroup } = privateEndpointWith(`${name}-pe`, {
        endpointName: `${args.accountName}-blob-pe`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnetId: args.privateEndpointSubnetId,
        targetId: id,
        groupId: "blob",
        dnsZoneId: args.blobDnsZoneId,
    }, child);

    const malware = args.malwareScanning ?? { enabled: true };
    const defender = new security.DefenderForStorage(`${name}-defender`, {
        resourceId: id,
        // The only setting name the API accepts.
        settingName: "current",
        properties: {
            isEnabled: true,
            // This account's settings win over the subscription plan's, so scanning cannot be switched off there.
            overrideSubscriptionLevelSettings: true,
            // The cap bounds the cost of a flood of uploads; scanning stops for the month once it is reached.
            malwareScanning: { onUpload: { isEnabled: malware.enabled, capGBPerMonth: malware.capGBPerMonth ?? 5000 } },
            sensitiveDataDiscovery: { isEnabled: args.sensitiveDataDiscovery ?? true },
        },
    }, child);

    return { account, id, blobService, privateEndpoint, dnsZoneGroup, defender };
}
