import { portListProperty } from "../../lib/ports";
import { defineRule } from "../../lib/define-rule";
import { describeTraffic, ingressOf, isAnywhere, trafficOf } from "./aws-ingress";

export interface OpenIngressConfig {
    /** TCP ports that may be open to the whole internet. */
    allowedPorts: number[];
}

export default defineRule<OpenIngressConfig>({
    id: "zt-aws-ec2-sg-open-ingress",
    displayName: "Only HTTPS is open to the internet",
    description: "No security-group ingress admits 0.0.0.0/0 or ::/0 except on the allowed TCP ports (default: 443).",
    rationale:
        "Zero Trust assumes the network is hostile and exposes only what must be public, through one authenticated, encrypted front door. Any other " +
        "port open to the internet (databases, admin consoles, all traffic) is found by scanners within minutes. Public HTTPS belongs on the edge " +
        "tier's load balancers; everything else is reached from known ranges or other security groups.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "4.4",
    remediationSteps:
        "Replace the 0.0.0.0/0 or ::/0 source with the ranges or security groups that need access (tier flows in this project are source-group rules), " +
        "or publish the service through a load balancer that listens on 443. Inline ingress, aws.vpc.SecurityGroupIngressRule and aws.ec2.SecurityGroupRule are all checked.",
    configSchema: {
        properties: {
            allowedPorts: portListProperty([443], "TCP ports that may admit 0.0.0.0/0 and ::/0 (each as a single-port rule)."),
        },
    },
    validateResource: (args, report, config) => {
        const rules = ingressOf(args);
        if (!rules) {
            return args.notApplicable(`${args.type} declares no security-group ingress`);
        }
        const allowed = config.allowedPorts.map((p) => `tcp/${p}`);
        for (const rule of rules) {
            const open = rule.cidrs.filter(isAnywhere);
            if (open.length === 0) {
                continue;
            }
            const traffic = describeTraffic(trafficOf(args.props, rule));
            if (allowed.includes(traffic)) {
                continue;
            }
            report(
                `${rule.where} admits ${open.join(" and ")} (anywhere) on ${traffic}: only ${allowed.join(", ")} may be open to the internet. ` +
                    "Restrict the source to known ranges or a security group, or publish the service through a load balancer on 443.",
            );
        }
    },
});
