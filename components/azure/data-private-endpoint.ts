/**
 * A private endpoint and its DNS zone group: the only network path to a vault or storage account
 * whose public endpoint is disabled. The zone group makes Azure keep the endpoint's A record in the
 * hub's private DNS zone for as long as the endpoint lives, so names resolve to the private address
 * from every peered network without anyone maintaining records by hand.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import { after } from "../shared/after";

export interface PrivateEndpointArgs {
    /** Physical name of the endpoint; its network interface is `<endpointName>-nic`. CAUTION: changing it replaces the endpoint. */
    endpointName: string;
    resourceGroupName: pulumi.Input<string>;
    location: string;
    subnetId: pulumi.Input<string>;
    /** ARM id of the resource the endpoint reaches. */
    targetId: pulumi.Input<string>;
    /** The target's sub-resource (`vault`, `blob`, `registry`). */
    groupId: string;
    /** The `privatelink.*` zone that gets the endpoint's record. */
    dnsZoneId: pulumi.Input<string>;
}

/** Declares `name` (the endpoint) and `${name}-dns` (its zone group) under `opts.parent`. */
export function privateEndpoint(name: string, args: PrivateEndpointArgs, opts: { parent: pulumi.Resource }): { endpoint: network.PrivateEndpoint; dnsZoneGroup: network.PrivateDnsZoneGroup } {
    const endpoint = new network.PrivateEndpoint(name, {
        privateEndpointName: args.endpointName,
        customNetworkInterfaceName: `${args.endpointName}-nic`,
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        subnet: { id: args.subnetId },
        // An automatic (not manual) connection: the deploying principal owns both ends, so no approval step.
        privateLinkServiceConnections: [{ name: args.endpointName, privateLinkServiceId: args.targetId, groupIds: [args.groupId] }],
    }, { parent: opts.parent });
    const dnsZoneGroup = new network.PrivateDnsZoneGroup(`${name}-dns`, {
        privateDnsZoneGroupName: "default",
        // The name, not `endpoint.name`: readable at preview, and still only once the endpoint exists.
        privateEndpointName: after([endpoint], pulumi.output(args.endpointName)),
        resourceGroupName: args.resourceGroupName,
        privateDnsZoneConfigs: [{ name: args.groupId, privateDnsZoneId: args.dnsZoneId }],
    }, { parent: opts.parent });
    return { endpoint, dnsZoneGroup };
}
