/**
 * The landing zone's Key Vault and its private endpoint. The vault's diagnostic setting is declared
 * by Visibility, which owns the workspace.
 */
import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import type * as network from "@pulumi/azure-native/network";
import { after } from "../shared/after";
import { privateEndpoint } from "./data-private-endpoint";

export interface KeyVaultArgs {
    /** Physical name (3–24 characters, global). CAUTION: changing it replaces the vault, and purge protection keeps the old name reserved for 90 days. */
    vaultName: string;
    resourceGroupName: pulumi.Input<string>;
    subscriptionId: pulumi.Input<string>;
    location: string;
    tenantId: string;
    classification: string;
    privateEndpointSubnetId: pulumi.Input<string>;
    vaultDnsZoneId: pulumi.Input<string>;
    protect: boolean;
}

/** Soft-delete retention: the maximum, so a deleted vault or key stays recoverable as long as Azure allows. */
export const SOFT_DELETE_DAYS = 90;

/**
 * The properties every vault of the landing zone shares (the data vault, the state backend's):
 * HSM-backed keys, RBAC, purge protection. The public endpoint is closed unless
 * `publicNetworkAccess` says otherwise.
 */
export function hardenedVaultProperties(tenantId: pulumi.Input<string>, publicNetworkAccess: boolean): keyvault.VaultArgs["properties"] {
    return {
        tenantId,
        // Premium for HSM-backed keys (RSA-HSM): key material never exists outside an HSM.
        sku: { family: keyvault.SkuFamily.A, name: keyvault.SkuName.Premium },
        // Azure RBAC, not access policies: grants are ARM role assignments (auditable, PIM-able,
        // scoped to one key if need be), and vault contributors cannot grant themselves data access.
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: SOFT_DELETE_DAYS,
        // Irreversible by design: nobody, not even an owner, can purge a deleted vault or key before retention ends.
        enablePurgeProtection: true,
        publicNetworkAccess: publicNetworkAccess ? "Enabled" : "Disabled",
        networkAcls: {
            defaultAction: publicNetworkAccess ? keyvault.NetworkRuleAction.Allow : keyvault.NetworkRuleAction.Deny,
            // Storage and ACR reach their customer-managed keys from the Azure platform, not from
            // the private endpoint's network: as trusted services, and still only with the
            // encryption identity's role assignment. Without the bypass, CMK unwrap fails.
            bypass: keyvault.NetworkRuleBypassOptions.AzureServices,
            ipRules: [],
            virtualNetworkRules: [],
        },
        // The vault holds keys only; no VM, ARM template or disk-encryption path may read secrets from it.
        enabledForDeployment: false,
        enabledForTemplateDeployment: false,
        enabledForDiskEncryption: false,
    };
}

/** Declares `name` (the vault), `${name}-pe` and `${name}-pe-dns` under `opts.parent`. */
export function keyVault(name: string, args: KeyVaultArgs, opts: { parent: pulumi.Resource }): {
    vault: keyvault.Vault;
    id: pulumi.Output<string>;
    endpoint: network.PrivateEndpoint;
    dnsZoneGroup: network.PrivateDnsZoneGroup;
} {
    const vault = new keyvault.Vault(name, {
        vaultName: args.vaultName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        properties: hardenedVaultProperties(args.tenantId, false),
        tags: { "data-classification": args.classification },
    }, { parent: opts.parent, protect: args.protect });

    const id = after([vault], pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.KeyVault/vaults/${args.vaultName}`);

    const { endpoint, dnsZoneGroup } = privateEndpoint(`${name}-pe`, {
        endpointName: `${args.vaultName}-pe`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnetId: args.privateEndpointSubnetId,
        targetId: id,
        groupId: "vault",
        dnsZoneId: args.vaultDnsZoneId,
    }, opts);

    return { vault, id, endpoint, dnsZoneGroup };
}
