/**
 * zt:azure:Network — the hub and spoke. The hub holds the Azure Firewall (when on) and the private
 * DNS zones' resolution path; the spoke holds one subnet per tier, carved by the CIDR planner, and
 * the private-endpoint subnet every Azure service is reached through. Azure subnets are regional,
 * so each tier gets its whole block as one subnet.
 *
 * Who may talk to whom is decided by one NSG per subnet with inline rules generated from the
 * intent (see ./network-rules.ts): each tier's NICs join the tier's application security group, and
 * every flow is an ASG-to-ASG allow; everything else east–west is denied. With the firewall on,
 * every tier's default route leads to it, so internet egress is the firewall's allow-list.
 *
 * Subnets are separate resources rather than inline `subnets` on the VNet so that each is keyed by
 * tier name in state, and adding a tier never rewrites the VNet. NSG rules are inline, so an NSG
 * changes as one atomic update and a rule added by hand shows as drift.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as resources from "@pulumi/azure-native/resources";
import type { Flow, Ingress } from "../../config/schema";
import type { PrivateDnsZoneIds } from "./refs";
import { privateDnsZones } from "./network-dns";
import { HubFirewall } from "./network-firewall";
import { assertBuildable, planLayout, PRIVATE_ENDPOINTS, securityRules, toSecurityRule } from "./network-rules";

export interface AzureNetworkArgs {
    location: string;
    /** The spoke VNet's private range. CAUTION: changing it replaces the VNet's address space and every subnet. */
    addressSpace: string;
    tierPrefixLength: number;
    /** Unused on Azure (subnets are regional: one per tier, its whole block); kept for the shared network plan. */
    subnetPrefixLength: number;
    /**
     * Tier name → slot, and whether internet ingress may target it (`edge`, default false). Keyed by
     * name, so adding a tier never moves another's subnet. CAUTION: changing a tier's slot replaces its subnet.
     */
    tiers: Record<string, { slot: number; edge?: boolean }>;
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** The hub VNet's range; its first /26 is the AzureFirewallSubnet. CAUTION: changing it replaces the hub. */
    hubAddressSpace: string;
    /** Tier slot of the spoke's private-endpoints subnet (its whole tier block). CAUTION: changing it replaces every private endpoint. */
    privateEndpointSlot: number;
    /** Allowed tier-to-tier flows (ASG to ASG); everything else east–west is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers. Empty: no NSG admits anything from outside the spoke. */
    ingress: Ingress[];
    /**
     * Azure Firewall in the hub, with every tier's default route through it. Off: no public IP, no
     * route table, and the tiers have no internet egress at all (`defaultOutboundAccess: false`).
     * allowAks adds the AKS FQDN tag and AKS's network rules.
     */
    firewall: { enabled: boolean; allowedFqdns: string[]; allowAks: boolean };
}

export class AzureNetwork extends pulumi.ComponentResource {
    readonly resourceGroupName: pulumi.Output<string>;
    /** The spoke VNet. */
    readonly virtualNetworkId: pulumi.Output<string>;
    readonly virtualNetworkIds: Record<"hub" | "spoke", pulumi.Output<string>>;
    /** Tier → `{ regional: subnet id }`, the same shape as the zonal clouds. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    /** Tier → CIDR of its whole block. */
    readonly tierCidrs: Record<string, string>;
    readonly privateEndpointSubnetId: pulumi.Output<string>;
    readonly privateDnsZoneIds: PrivateDnsZoneIds;
    /** Subnet (tier or `private-endpoints`) → NSG id. */
    readonly networkSecurityGroupIds: Record<string, pulumi.Output<string>> = {};
    /** Tier → application security group id: what a tier's NICs (AKS node pools, VMs) must join for its flows to apply. */
    readonly applicationSecurityGroupIds: Record<string, pulumi.Output<string>> = {};
    /** The firewall's private address, the spoke's next hop and DNS server; undefined when the firewall is off. */
    readonly firewallPrivateIp?: pulumi.Output<string>;
    /** The hub firewall; undefined when it is off. */
    readonly firewallId?: pulumi.Output<string>;
    /** The tiers' route table (default route to the firewall); undefined when the firewall is off. AKS with `userDefinedRouting` needs to read it. */
    readonly routeTableId?: pulumi.Output<string>;

    constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Network", name, {}, opts);
        const child = { parent: this };
        const prefix = args.namePrefix;
        assertBuildable(args.tiers, args.flows, args.ingress);
        const layout = planLayout(args);
        const firewallOn = args.firewall.enabled;

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: `${prefix}-network-rg`,
            location: args.location,
        }, child);
        const common = { resourceGroupName: group.name, location: args.location };

        const hub = new network.VirtualNetwork(`${name}-hub-vnet`, {
            ...common,
            virtualNetworkName: `${prefix}-hub-vnet`,
            addressSpace: { addressPrefixes: [args.hubAddressSpace] },
        }, child);
        // Kept when the firewall is off, so turning it on adds the firewall without reshaping the hub.
        const firewallSubnet = new network.Subnet(`${name}-hub-firewall`, {
            resourceGroupName: group.name,
            virtualNetworkName: hub.name,
            subnetName: "AzureFirewallSubnet",
            addressPrefix: layout.firewallSubnetCidr,
            defaultOutboundAccess: false,
        }, child);

        const spoke = new network.VirtualNetwork(`${name}-vnet`, {
            ...common,
            virtualNetworkName: `${prefix}-vnet`,
            addressSpace: { addressPrefixes: [args.addressSpace] },
            // With the firewall, the spoke resolves through its DNS proxy (which resolves the private
            // zones from the hub), so FQDN rules match the addresses clients actually connect to.
            ...(firewallOn ? { dhcpOptions: { dnsServers: [layout.firewallPrivateIp] } } : {}),
        }, child);

        for (const tier of Object.keys(args.tiers)) {
            const asg = new network.ApplicationSecurityGroup(`${name}-${tier}-asg`, {
                ...common,
                applicationSecurityGroupName: `${prefix}-${tier}-asg`,
            }, child);
            this.applicationSecurityGroupIds[tier] = asg.id;
        }

        const specs = securityRules({
            tierCidrs: layout.tierCidrs,
            privateEndpointCidr: layout.privateEndpointCidr,
            flows: args.flows,
            ingress: args.ingress,
            dnsServer: firewallOn ? layout.firewallPrivateIp : undefined,
        });
        const nsgs: Record<string, network.NetworkSecurityGroup> = {};
        for (const [subnet, rules] of Object.entries(specs)) {
            nsgs[subnet] = new network.NetworkSecurityGroup(`${name}-${subnet}-nsg`, {
                ...common,
                networkSecurityGroupName: `${prefix}-${subnet}-nsg`,
                securityRules: rules.map((r) => toSecurityRule(r, this.applicationSecurityGroupIds)),
            }, child);
            this.networkSecurityGroupIds[subnet] = nsgs[subnet].id;
        }

        let routeTable: network.RouteTable | undefined;
        if (firewallOn) {
            const firewall = new HubFirewall(`${name}-firewall`, {
                namePrefix: prefix,
                location: args.location,
                resourceGroupName: group.name,
                subnetId: firewallSubnet.id,
                sourceRanges: [args.addressSpace],
                allowedFqdns: args.firewall.allowedFqdns,
                allowAks: args.firewall.allowAks,
            }, child);
            // Waits for the firewall, so no tier's default route ever points at an address nothing answers on.
            routeTable = new network.RouteTable(`${name}-egress-rt`, {
                ...common,
                routeTableName: `${prefix}-egress-rt`,
                // Only this table decides the way out; no learned route can bypass the firewall.
                disableBgpRoutePropagation: true,
                routes: [{ name: "default-via-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: layout.firewallPrivateIp }],
            }, { ...child, dependsOn: [firewall] });
            this.firewallPrivateIp = pulumi.output(layout.firewallPrivateIp);
            this.firewallId = firewall.id;
            this.routeTableId = routeTable.id;
        }

        const subnet = (key: string, cidr: string, withRoutes: boolean) => new network.Subnet(`${name}-${key}`, {
            resourceGroupName: group.name,
            virtualNetworkName: spoke.name,
            subnetName: key,
            addressPrefix: cidr,
            // No implicit internet egress: outbound goes through the firewall or nowhere.
            defaultOutboundAccess: false,
            // NSGs apply to private endpoints too, so microsegmentation holds for them.
            privateEndpointNetworkPolicies: network.VirtualNetworkPrivateEndpointNetworkPolicies.Enabled,
            networkSecurityGroup: { id: nsgs[key].id },
            ...(withRoutes && routeTable ? { routeTable: { id: routeTable.id } } : {}),
        }, child);
        this.tierCidrs = layout.tierCidrs;
        this.subnetIds = {};
        const spokeSubnets: network.Subnet[] = [];
        for (const [tier, cidr] of Object.entries(layout.tierCidrs)) {
            const s = subnet(tier, cidr, true);
            spokeSubnets.push(s);
            this.subnetIds[tier] = { regional: s.id };
        }
        const peSubnet = subnet(PRIVATE_ENDPOINTS, layout.privateEndpointCidr, false);

        // Both directions, or no traffic flows. Forwarded traffic is what the firewall sends on;
        // there is no gateway to share. Peering waits for the subnets: Azure serialises changes to a VNet.
        const peering = (key: string, local: network.VirtualNetwork, remote: network.VirtualNetwork) =>
            new network.VirtualNetworkPeering(`${name}-${key}`, {
                resourceGroupName: group.name,
                virtualNetworkName: local.name,
                virtualNetworkPeeringName: key,
                remoteVirtualNetwork: { id: remote.id },
                allowVirtualNetworkAccess: true,
                allowForwardedTraffic: true,
                allowGatewayTransit: false,
                useRemoteGateways: false,
            }, { ...child, dependsOn: [firewallSubnet, ...spokeSubnets, peSubnet] });
        peering("hub-to-spoke", hub, spoke);
        peering("spoke-to-hub", spoke, hub);

        this.privateDnsZoneIds = privateDnsZones(name, {
            namePrefix: prefix,
            location: args.location,
            resourceGroupName: group.name,
            virtualNetworkIds: { hub: hub.id, spoke: spoke.id },
        }, this);

        this.resourceGroupName = group.name;
        this.virtualNetworkId = spoke.id;
        this.virtualNetworkIds = { hub: hub.id, spoke: spoke.id };
        this.privateEndpointSubnetId = peSubnet.id;
        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            virtualNetworkId: this.virtualNetworkId,
            virtualNetworkIds: this.virtualNetworkIds,
            subnetIds: this.subnetIds,
            tierCidrs: this.tierCidrs,
            privateEndpointSubnetId: this.privateEndpointSubnetId,
            privateDnsZoneIds: this.privateDnsZoneIds,
            networkSecurityGroupIds: this.networkSecurityGroupIds,
            applicationSecurityGroupIds: this.applicationSecurityGroupIds,
            firewallPrivateIp: this.firewallPrivateIp,
            firewallId: this.firewallId,
            routeTableId: this.routeTableId,
        });
    }
}
