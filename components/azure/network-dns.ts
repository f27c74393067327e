/**
 * The private DNS zones of the hub: the names Azure services answer on through their private
 * endpoints. Each zone is linked to the hub (where the firewall's DNS proxy resolves) and to the
 * spoke (which resolves itself when there is no firewall), without auto-registration: only private
 * endpoints' DNS zone groups write records here.
 */
import * as pulumi from "@pulumi/pulumi";
import * as privatedns from "@pulumi/azure-native/privatedns";
import type { PrivateDnsZoneIds } from "./refs";

/**
 * Service → private-link zone name (https://learn.microsoft.com/azure/private-link/private-endpoint-dns).
 * AKS's zone is regional: a private cluster's API server answers on `<guid>.privatelink.<region>.azmk8s.io`.
 */
export function privateDnsZoneNames(location: string): Record<keyof PrivateDnsZoneIds, string> {
    return {
        blob: "privatelink.blob.core.windows.net",
        vault: "privatelink.vaultcore.azure.net",
        registry: "privatelink.azurecr.io",
        aks: `privatelink.${location}.azmk8s.io`,
    };
}

export interface PrivateDnsArgs {
    namePrefix: string;
    location: string;
    resourceGroupName: pulumi.Input<string>;
    /** The VNets that resolve the zones. */
    virtualNetworkIds: Record<"hub" | "spoke", pulumi.Input<string>>;
}

/** Declares the zones and their links under `parent` (children `<name>-dns-<service>` and `<name>-dns-<service>-<vnet>`). */
export function privateDnsZones(name: string, args: PrivateDnsArgs, parent: pulumi.Resource): PrivateDnsZoneIds {
    const names = privateDnsZoneNames(args.location);
    const ids = {} as PrivateDnsZoneIds;
    for (const service of Object.keys(names) as (keyof PrivateDnsZoneIds)[]) {
        const zone = new privatedns.PrivateZone(`${name}-dns-${service}`, {
            resourceGroupName: args.resourceGroupName,
            privateZoneName: names[service],
            // Private DNS zones are global resources.
            location: "global",
        }, { parent });
        for (const vnet of ["hub", "spoke"] as const) {
            new privatedns.VirtualNetworkLink(`${name}-dns-${service}-${vnet}`, {
                resourceGroupName: args.resourceGroupName,
                privateZoneName: zone.name,
                virtualNetworkLinkName: `${args.namePrefix}-${vnet}`,
                location: "global",
                virtualNetwork: { id: args.virtualNetworkIds[vnet] },
                registrationEnabled: false,
            }, { parent });
        }
        ids[service] = zone.id;
    }
    return ids;
}
