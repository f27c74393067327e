import { listOf } from "../../lib/aws-props";
import { subnetsOf } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-azure-network-subnet-no-default-outbound",
    displayName: "Subnets have no implicit internet egress",
    description: "Every subnet sets defaultOutboundAccess to false (a private subnet); subnets delegated to a PaaS service are exempt.",
    rationale:
        "Default outbound access gives any VM without an explicit egress path a Microsoft-owned public IP to reach the internet: an exfiltration and " +
        "command-and-control path that no route, firewall rule or log of the landing zone sees. Zero Trust makes every egress path deliberate, so " +
        "subnets are private and outbound traffic leaves through the hub firewall (or a NAT gateway) where it is filtered and logged. Older API " +
        "versions default the property to true, so leaving it out is reported. Delegated subnets are exempt: Azure documents that private subnets do " +
        "not apply to them, because the delegated service manages its own outbound connectivity.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2, 7],
    cisaPillar: "Networks",
    remediationSteps:
        "Set defaultOutboundAccess: false on the Subnet (or the VirtualNetwork's inline subnet), and route 0.0.0.0/0 to the hub firewall with a route " +
        "table (or attach a NAT gateway) for the traffic that must leave.",
    validateResource: (args, report) => {
        const subnets = subnetsOf(args);
        if (!subnets) {
            return args.notApplicable(`${args.type} declares no subnets`);
        }
        for (const subnet of subnets) {
            if (listOf(readRaw(args.props, [...subnet.base, "delegations"])).length > 0) {
                continue;
            }
            const value = readKnown(args.props, [...subnet.base, "defaultOutboundAccess"]);
            if (value !== false) {
                const given = value === undefined ? "leaves defaultOutboundAccess out (older API versions default it to true)" : `sets defaultOutboundAccess to ${String(value)}`;
                report(`${subnet.where} ${given}: set it to false so machines reach the internet only through the firewall or a NAT gateway.`);
            }
        }
    },
});
