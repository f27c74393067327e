/**
 * The landing zone's container registry and what belongs with it (STYLE §10): the registry
 * (Premium, private endpoint only, Entra ID only, CMK), its private endpoint with the DNS zone
 * group, and its diagnostic setting.
 *
 * Images: the registry is the only source AKS may pull from (Identity's allowed-images policy names
 * it), so a pushed image is quarantined until the pipeline's scanner releases it, untagged
 * manifests are purged, and nothing can be exported out of it. Signatures are Notation ones,
 * verified at admission, not the registry's retired Docker Content Trust.
 */
import * as pulumi from "@pulumi/pulumi";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as network from "@pulumi/azure-native/network";
import { after } from "../shared/after";
import { diagnosticSetting } from "./diagnostics";
import type { IdentityRef, KeyRef } from "./refs";

/** Days an untagged manifest (an overwritten tag's old image) is kept before it is purged. */
export const UNTAGGED_RETENTION_DAYS = 7;

/**
 * The registry's policies. Quarantine is what the pack's ACR rule checks; export off and
 * ARM-audience tokens off close the two ways images leave or get pulled that the network rules
 * do not cover.
 */
export function registryPolicies(): containerregistry.RegistryArgs["policies"] {
    return {
        // A pushed image is not pullable until a scanner (the pipeline, with the AcrQuarantineWriter
        // role) marks it Passed: an image nobody scanned can never reach a node.
        quarantinePolicy: { status: containerregistry.PolicyStatus.Enabled },
        // Docker Content Trust (Notary v1) stays off, deliberately: Azure stopped enabling it on new
        // registries on 31 May 2026 (it can no longer be turned on) and removes it on 31 March 2028. Its
        // replacement is Notation (Notary Project) signatures, stored next to each image as OCI
        // artifacts and verified at admission by the Kubernetes baseline, which needs no registry setting.
        trustPolicy: { type: containerregistry.TrustPolicyType.Notary, status: containerregistry.PolicyStatus.Disabled },
        retentionPolicy: { status: containerregistry.PolicyStatus.Enabled, days: UNTAGGED_RETENTION_DAYS },
        // `az acr import`/export pipelines would copy images out of the private network; Azure only
        // allows disabling export on a registry whose public network access is disabled.
        exportPolicy: { status: containerregistry.ExportPolicyStatus.Disabled },
        // Only tokens minted for ACR itself are accepted, not any ARM token of the tenant
        // (built-in policy 42781ec6-6127-4c30-bdfa-fb423a0047d3, in ALZ's ACR guardrails).
        azureADAuthenticationAsArmPolicy: { status: containerregistry.AzureADAuthenticationAsArmPolicyStatus.Disabled },
    };
}

export interface SecureRegistryArgs {
    /** Physical name (5–50 letters and digits, global). CAUTION: changing it replaces the registry. */
    registryName: string;
    /** Resource group, known at preview but delivered after the group exists (see `after`). */
    resourceGroupName: pulumi.Input<string>;
    /** To compose the registry's ARM id from names, so the pack reads it at preview. */
    subscriptionId: pulumi.Input<string>;
    location: string;
    /** The CMK. CAUTION: ACR takes a CMK only at creation; changing it later needs a new registry. */
    key: KeyRef;
    /** The identity that unwraps the key (Data grants it Key Vault Crypto Service Encryption User). */
    encryptionIdentity: IdentityRef;
    privateEndpointSubnetId: pulumi.Input<string>;
    /** The `privatelink.azurecr.io` zone; it holds the registry's and its data endpoint's records. */
    dnsZoneId: pulumi.Input<string>;
    workspaceId: pulumi.Input<string>;
    /** `data-classification` tag. */
    classification: string;
    protect: boolean;
}

export interface SecureRegistry {
    registry: containerregistry.Registry;
    /** ARM id composed from names (known at preview), delivered once the registry exists. */
    id: pulumi.Output<string>;
    /** `<name>.azurecr.io`, likewise known at preview. */
    loginServer: pulumi.Output<string>;
}

/** Declares the registry as `name` and its companions as `${name}-pe`, `${name}-pe-dns` and `${name}-diagnostics`. */
export function secureRegistry(name: string, args: SecureRegistryArgs, opts: { parent: pulumi.Resource }): SecureRegistry {
    const child = { parent: opts.parent };
    // ACR's user-assigned identities are a map keyed by ARM id; building the key is a pure string operation.
    const identities = pulumi.output(args.encryptionIdentity.id).apply((id) => ({ [id]: {} }));
    const registry = new containerregistry.Registry(name, {
        registryName: args.registryName,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        // Premium is the only tier with private endpoints, CMK, quarantine and retention policies.
        sku: { name: containerregistry.SkuName.Premium },
        // Every pull and push is an Entra ID identity with an ACR role: no shared admin password, no anonymous pulls.
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        publicNetworkAccess: containerregistry.PublicNetworkAccess.Disabled,
        networkRuleSet: { defaultAction: containerregistry.DefaultAction.Deny, ipRules: [] },
        // Trusted services (Defender for Containers' registry scanning among them) run outside any
        // VNet; without the bypass a private registry's images go unscanned. The bypass is network
        // only: each service still needs an Entra ID role on the registry, and none is granted here.
        networkRuleBypassOptions: containerregistry.NetworkRuleBypassOptions.AzureServices,
        zoneRedundancy: containerregistry.ZoneRedundancy.Enabled,
        // Layers are served from <name>.<region>.data.azurecr.io, which the private endpoint also
        // covers, instead of the shared *.blob.core.windows.net storage a firewall would have to allow.
        dataEndpointEnabled: true,
        policies: registryPolicies(),
        identity: { type: containerregistry.ResourceIdentityType.UserAssigned, userAssignedIdentities: identities },
        encryption: {
            status: containerregistry.EncryptionStatus.Enabled,
            // Versionless key URI: the registry follows the key's rotation by itself.
            keyVaultProperties: { keyIdentifier: args.key.uri, identity: args.encryptionIdentity.clientId },
        },
        tags: { "data-classification": args.classification },
    }, { ...child, protect: args.protect });

    const id = after(
        [registry],
        pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${args.resourceGroupName}/providers/Microsoft.ContainerRegistry/registries/${args.registryName}`,
    );

    const endpoint = new network.PrivateEndpoint(`${name}-pe`, {
        privateEndpointName: `${args.registryName}-pe`,
        customNetworkInterfaceName: `${args.registryName}-pe-nic`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnet: { id: args.privateEndpointSubnetId },
        privateLinkServiceConnections: [{ name: args.registryName, privateLinkServiceId: id, groupIds: ["registry"] }],
    }, child);

    // The zone group keeps the registry's and the data endpoint's A records for as long as the endpoint lives.
    new network.PrivateDnsZoneGroup(`${name}-pe-dns`, {
        privateDnsZoneGroupName: "default",
        // The endpoint's name as a value known at preview, delivered once the endpoint exists.
        privateEndpointName: after([endpoint], pulumi.output(`${args.registryName}-pe`)),
        resourceGroupName: args.resourceGroupName,
        privateDnsZoneConfigs: [{ name: "registry", privateDnsZoneId: args.dnsZoneId }],
    }, child);

    // Every login, push, pull and delete, with the identity that did it.
    diagnosticSetting(`${name}-diagnostics`, id, args.workspaceId, child);

    return { registry, id, loginServer: after([registry], pulumi.output(`${args.registryName}.azurecr.io`)) };
}
