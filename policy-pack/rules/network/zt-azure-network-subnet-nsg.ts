import { isPresent } from "../../lib/aws-props";
import { isNamed, PLATFORM_SUBNETS, subnetsOf } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface SubnetNsgConfig {
    /** Subnet names exempt from the rule (Azure's platform subnets). */
    exemptSubnets: string[];
}

export default defineRule<SubnetNsgConfig>({
    id: "zt-azure-network-subnet-nsg",
    displayName: "Every subnet has a network security group",
    description:
        "Every subnet is associated with a network security group (networkSecurityGroup.id), except Azure's platform subnets: AzureFirewallSubnet, " +
        "AzureFirewallManagementSubnet, GatewaySubnet, AzureBastionSubnet and RouteServerSubnet.",
    rationale:
        "A subnet without an NSG has no inbound or outbound filter of its own: everything in the virtual network and its peers reaches it on every port, " +
        "and no deny-all or tier flow applies. Zero Trust segments every workload, so each subnet carries a group that admits only its declared " +
        "flows; that includes private-endpoint subnets, where NSGs apply once network policies are enabled. Azure's platform subnets are exempt: the " +
        "firewall, gateway and route server reject an NSG, and the Bastion subnet's rules are Azure's own.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    remediationSteps:
        "Set networkSecurityGroup: { id: <nsg id> } on the Subnet (or on the inline subnet of the VirtualNetwork), with a group that ends in the " +
        "deny-all inbound rule of zt-azure-network-nsg-deny-all-inbound. Add a subnet name to exemptSubnets only for another Azure-managed subnet.",
    configSchema: {
        properties: {
            exemptSubnets: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: [...PLATFORM_SUBNETS],
                description: "Subnet names (compared case-insensitively) that need no network security group.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const subnets = subnetsOf(args);
        if (!subnets) {
            return args.notApplicable(`${args.type} declares no subnets`);
        }
        for (const subnet of subnets) {
            if (isNamed(subnet, config.exemptSubnets)) {
                continue;
            }
            const nsg = readKnown(args.props, [...subnet.base, "networkSecurityGroup"]) as Record<string, unknown> | undefined | null;
            if (!nsg || !isPresent(nsg.id)) {
                report(`${subnet.where} has no network security group: set networkSecurityGroup.id to a group that admits only this tier's flows.`);
            }
        }
    },
});
