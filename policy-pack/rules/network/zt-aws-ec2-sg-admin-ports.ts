import { adminPortsProperty } from "../../lib/ports";
import { defineRule } from "../../lib/define-rule";
import { coversPort, describeTraffic, ingressOf, trafficOf } from "./aws-ingress";

export interface AdminPortsConfig {
    /** Remote-administration ports no ingress may admit. */
    ports: number[];
}

const PORT_NAMES: Readonly<Record<number, string>> = { 22: "SSH", 3389: "RDP", 5985: "WinRM", 5986: "WinRM" };

export default defineRule<AdminPortsConfig>({
    id: "zt-aws-ec2-sg-admin-ports",
    displayName: "No SSH or RDP ingress",
    description: "No security-group ingress admits the remote-administration ports (default: 22 and 3389) from any source.",
    rationale:
        "SSH and RDP give an interactive shell with the network as the only gate, long-lived keys or passwords as credentials, and no per-command audit. " +
        "Zero Trust replaces them with identity-based, logged sessions: SSM Session Manager needs no inbound port at all, and every session is " +
        "authorised by IAM and recorded. The rule applies whatever the source, since a trusted range is still a standing path to a shell. Rules that " +
        "admit all traffic from another security group or from the group itself are tier flows, checked by zt-aws-ec2-sg-open-ingress and the flow design; " +
        "an all-traffic rule from an address range is flagged.",
    severity: "high",
    pillar: "network",
    nistTenets: [6, 2],
    cisaPillar: "Networks",
    cis: "4.4",
    remediationSteps:
        "Remove the rule (or narrow its port range so it excludes the administrative ports). Reach instances with SSM Session Manager (the instance " +
        "profile needs AmazonSSMManagedInstanceCore and the VPC the ssm, ssmmessages and ec2messages endpoints), or EC2 Instance Connect Endpoint.",
    configSchema: {
        properties: {
            ports: adminPortsProperty("Remote-administration ports no ingress may cover."),
        },
    },
    validateResource: (args, report, config) => {
        const rules = ingressOf(args);
        if (!rules) {
            return args.notApplicable(`${args.type} declares no security-group ingress`);
        }
        for (const rule of rules) {
            const traffic = trafficOf(args.props, rule);
            // All traffic from a security group or from itself is a declared tier flow, not a path opened for administration.
            if (traffic.protocol === "-1" && rule.cidrs.length === 0) {
                continue;
            }
            const hit = config.ports.filter((p) => coversPort(traffic, p));
            if (hit.length === 0) {
                continue;
            }
            const ports = hit.map((p) => (PORT_NAMES[p] ? `${p} (${PORT_NAMES[p]})` : String(p))).join(" and ");
            const sources = [...rule.cidrs, ...rule.otherSources];
            const from = sources.length > 0 ? sources.join(", ") : "an unknown source";
            report(
                `${rule.where} admits ${describeTraffic(traffic)} from ${from}, which includes remote-administration port ${ports}: ` +
                    "remove it and use SSM Session Manager for shell access.",
            );
        }
    },
});
