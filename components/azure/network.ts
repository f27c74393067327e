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
import type { Flow, Ingress } from "../../config/schema";
import type { PrivateDnsZoneIds } from "./refs";

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
    /** The hub VNet's range. */
    hubAddressSpace: string;
    /** Tier slot of the spoke's private-endpoints subnet. */
    privateEndpointSlot: number;
    /** Allowed tier-to-tier flows (ASG to ASG); everything else is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers. */
    ingress: Ingress[];
    /** Azure Firewall in the hub; allowAks adds the AKS FQDN tag rule. */
    firewall: { enabled: boolean; allowedFqdns: string[]; allowAks: boolean };
}

export class AzureNetwork extends pulumi.ComponentResource {
    readonly resourceGroupName: pulumi.Output<string>;
    readonly virtualNetworkId: pulumi.Output<string>;
    /** Tier → `{ regional: subnet id }`, the same shape as the zonal clouds. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    readonly tierCidrs: Record<string, string>;
    /** STUB outputs until the network pillar lands. */
    readonly virtualNetworkIds: Record<"hub" | "spoke", pulumi.Output<string>>;
    readonly privateEndpointSubnetId: pulumi.Output<string>;
    readonly privateDnsZoneIds: PrivateDnsZoneIds;
    /** Subnet (tier or private-endpoints) → NSG id. */
    readonly networkSecurityGroupIds: Record<string, pulumi.Output<string>>;
    /** Tier → application security group id. */
    readonly applicationSecurityGroupIds: Record<string, pulumi.Output<string>>;

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
        const o = (v: string) => pulumi.output(v);
        this.virtualNetworkIds = { hub: o("/stub/hub"), spoke: vnet.id };
        this.privateEndpointSubnetId = o("/stub/pe");
        this.privateDnsZoneIds = { blob: o("/stub/blob"), vault: o("/stub/vault"), registry: o("/stub/acr"), aks: o("/stub/aks") };
        this.networkSecurityGroupIds = {};
        this.applicationSecurityGroupIds = Object.fromEntries(Object.keys(plan).map((t) => [t, o(`/stub/asg/${t}`)]));
        this.resourceGroupName = group.name;
        this.virtualNetworkId = vnet.id;
        this.registerOutputs({ resourceGroupName: this.resourceGroupName, virtualNetworkId: this.virtualNetworkId, subnetIds: this.subnetIds, tierCidrs: this.tierCidrs });
    }
}
