import { portListProperty } from "../../lib/ports";
import { describeTraffic, isInboundAllow, isInternetSource, portRange, securityRulesOf, sourcePrefixes, trafficOf } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";

export interface InternetInboundConfig {
    /** TCP ports that may be open to the whole internet. */
    allowedPorts: number[];
}

export default defineRule<InternetInboundConfig>({
    id: "zt-azure-network-nsg-internet-inbound",
    displayName: "Only HTTPS is open to the internet",
    description:
        'No network security rule allows inbound traffic from the internet ("*", "Any", the Internet service tag or a /0 range) except on the allowed TCP ports (default: 443).',
    rationale:
        "Zero Trust assumes the network is hostile and exposes only what must be public, through one authenticated, encrypted front door. Any other " +
        "port open to the internet (databases, admin consoles, every port) is found by scanners within minutes. In Azure the source \"*\" and the " +
        "Internet service tag both mean everyone. Public HTTPS belongs on the edge tier (Application Gateway, Front Door or the firewall's DNAT); the " +
        "landing zone's configured ingress is such an explicit exposure, so any port beyond the allowed list is reported here like any other.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "7.4" },
    remediationSteps:
        "Replace the internet source with the ranges, service tags or application security groups that need access (tier flows in this project are " +
        "ASG-to-ASG rules), or publish the service on 443 through Application Gateway or Front Door. Inline securityRules of a NetworkSecurityGroup " +
        "and standalone azure-native network.SecurityRule resources are both checked.",
    configSchema: {
        properties: {
            allowedPorts: portListProperty([443], "TCP ports that may allow inbound traffic from the internet (each rule naming only these single ports)."),
        },
    },
    validateResource: (args, report, config) => {
        const rules = securityRulesOf(args);
        if (!rules) {
            return args.notApplicable(`${args.type} declares no network security rules`);
        }
        const allowed = config.allowedPorts.map((p) => `tcp/${p}`).join(", ");
        for (const rule of rules) {
            const open = sourcePrefixes(args.props, rule).filter(isInternetSource);
            if (open.length === 0 || !isInboundAllow(args.props, rule)) {
                continue;
            }
            const traffic = trafficOf(args.props, rule);
            const onlyAllowed =
                traffic.protocol === "tcp" &&
                traffic.ports.every((spec) => {
                    const range = portRange(spec);
                    return range !== undefined && range[0] === range[1] && config.allowedPorts.includes(range[0]);
                });
            if (onlyAllowed) {
                continue;
            }
            report(
                `${rule.where} allows ${describeTraffic(traffic)} inbound from ${open.map((s) => `"${s}"`).join(" and ")} (the internet): only ${allowed} may be open to the internet. ` +
                    "Restrict the source to known ranges, service tags or application security groups, or publish the service on 443 through Application Gateway or Front Door.",
            );
        }
    },
});
