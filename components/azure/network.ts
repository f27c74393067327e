/**
 * zt:azure:Network — a resource group, the virtual network and one subnet per tier, carved by the
 * CIDR planner. Azure subnets are regional, so each tier gets its whole block as one subnet.
 *
 * Subnets are separate resources rather than inline `subnets` on the VNet so that each is keyed by
 * tier name in state, and adding a tier never rewrites the VNet.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import { planSubnets } from "../shared/cidr";

export interface AzureNetworkArgs {
    location: string;
    /** The VNet's private range. CAUTION: changing it replaces the VNet's address space and every subnet. */
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /** Tier name → slot. Keyed by name, so adding a tier never moves another's subnet. */
    tiers: Record<string, { slot: number }>;
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
}

export class AzureNetwork extends pulumi.ComponentResource {
    readonly resourceGroupName: pulumi.Output<string>;
    readonly virtualNetworkId: pulumi.Output<string>;
    /** Tier → `{ regional: subnet id }`, the same shape as the zonal clouds. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    readonly tierCidrs: Record<string, string>;

    constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Network", name, {}, opts);

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: `${args.namePrefix}-network-rg`,
            location: args.location,
        }, { parent: this });

        const vnet = new network.VirtualNetwork(`${name}-vnet`, {
            virtualNetworkName: `${args.namePrefix}-vnet`,
            resourceGroupName: group.name,
            location: args.location,
            addressSpace: { addressPrefixes: [args.addressSpace] },
        }, { parent: this });

        const plan = planSubnets(args);
        this.tierCidrs = {};
        this.subnetIds = {};
        for (const [tier, tierPlan] of Object.entries(plan)) {
            this.tierCidrs[tier] = tierPlan.cidr;
            const subnet = new network.Subnet(`${name}-${tier}`, {
                subnetName: tier,
                resourceGroupName: group.name,
                virtualNetworkName: vnet.name,
                addressPrefix: tierPlan.subnets.regional,
                // No implicit internet egress: outbound goes through an explicit NAT or firewall.
                defaultOutboundAccess: false,
                // NSGs and route tables apply to private endpoints too, so microsegmentation holds for them.
                privateEndpointNetworkPolicies: network.VirtualNetworkPrivateEndpointNetworkPolicies.Enabled,
            }, { parent: this });
            this.subnetIds[tier] = { regional: subnet.id };
        }
        this.resourceGroupName = group.name;
        this.virtualNetworkId = vnet.id;
        this.registerOutputs({ resourceGroupName: this.resourceGroupName, virtualNetworkId: this.virtualNetworkId, subnetIds: this.subnetIds, tierCidrs: this.tierCidrs });
    }
}
