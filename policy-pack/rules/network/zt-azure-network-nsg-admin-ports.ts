import { adminPortsProperty } from "../../lib/ports";
import { coversPort, describeTraffic, hasSourceAsgs, isAllTraffic, isInboundAllow, securityRulesOf, sourcePrefixes, trafficOf } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";

export interface AdminPortsConfig {
    /** Remote-administration ports no inbound rule may allow. */
    ports: number[];
}

const PORT_NAMES: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP", 5985: "WinRM", 5986: "WinRM" };

export default defineRule<AdminPortsConfig>({
    id: "zt-azure-network-nsg-admin-ports",
    displayName: "No SSH or RDP inbound",
    description: "No network security rule allows inbound traffic on the remote-administration ports (default: 22 and 3389), whatever the source, including through port ranges and \"*\".",
    rationale:
        "SSH and RDP give an interactive shell with the network as the only gate and long-lived keys or passwords as credentials; open RDP is among " +
        "the most common ways into Azure VMs (CIS Azure 7.1 for RDP, 7.2 for SSH). Zero Trust replaces them with identity-based, logged sessions: " +
        "Azure Bastion with Entra ID sign-in, or `az ssh vm` with Entra ID, authorised per session by RBAC. The rule applies whatever the source, since " +
        "a trusted range is still a standing path to a shell. A rule that allows all traffic only from application security groups is a tier flow, " +
        "not a path opened for administration, and is left to the flow design.",
    severity: "high",
    pillar: "network",
    nistTenets: [6, 2],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "7.1" },
    remediationSteps:
        "Remove the rule, or narrow its destination ports so they exclude the administrative ports. Reach VMs through Azure Bastion (its subnet's " +
        "rules are Azure's own) with Entra ID authentication, and AKS nodes through `kubectl debug` rather than SSH.",
    configSchema: {
        properties: {
            ports: adminPortsProperty("Remote-administration ports no inbound Allow rule may cover."),
        },
    },
    validateResource: (args, report, config) => {
        const rules = securityRulesOf(args);
        if (!rules) {
            return args.notApplicable(`${args.type} declares no network security rules`);
        }
        for (const rule of rules) {
            if (!isInboundAllow(args.props, rule)) {
                continue;
            }
            const traffic = trafficOf(args.props, rule);
            const prefixes = sourcePrefixes(args.props, rule);
            const asgs = hasSourceAsgs(args.props, rule);
            if (isAllTraffic(traffic) && prefixes.length === 0 && asgs) {
                continue;
            }
            const hit = config.ports.filter((p) => coversPort(traffic, p));
            if (hit.length === 0) {
                continue;
            }
            const ports = hit.map((p) => (PORT_NAMES[p] ? `${p} (${PORT_NAMES[p]})` : String(p))).join(" and ");
            const sources = [...prefixes.map((s) => `"${s}"`), ...(asgs ? ["application security groups"] : [])];
            const from = sources.length > 0 ? sources.join(", ") : "an unknown source";
            report(
                `${rule.where} allows ${describeTraffic(traffic)} inbound from ${from}, which includes remote-administration port ${ports}: ` +
                    "remove it and reach machines through Azure Bastion with Entra ID sign-in.",
            );
        }
    },
});
