import { defineRule } from "../../lib/define-rule";
import { allowsOf, describeEntries, directionOf, firewallLabel, GCP_NETWORK_TYPES, isAnywhere, rangesOf } from "../../lib/gcp-network";

export default defineRule({
    id: "zt-gcp-compute-firewall-open-ingress",
    displayName: "No firewall rule admits the whole internet",
    description: "No INGRESS allow firewall rule has 0.0.0.0/0 or ::/0 among its sourceRanges.",
    rationale:
        "A rule that admits every address hands the network's only gate to whatever listens on the port: every scanner on the internet reaches it " +
        "within minutes. Zero Trust ingress arrives through an identity- or policy-aware front door: a Google load balancer (whose proxies and health " +
        "checks come from 35.191.0.0/16 and 130.211.0.0/22) with Cloud Armor and IAP, or IAP TCP forwarding for administration. Rules that name the " +
        "ranges their clients actually come from stay reviewable. A disabled rule is still reported: it is one flag away from open.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "4.4",
    remediationSteps:
        "Replace 0.0.0.0/0 (and ::/0) in sourceRanges with the ranges the traffic comes from: the load balancers' 35.191.0.0/16 and 130.211.0.0/22 " +
        "for a tier behind a Google load balancer, 35.235.240.0/20 for IAP TCP forwarding, or the partner's published ranges. Publish internet-facing " +
        "services through a load balancer rather than instance addresses.",
    validateResource: (args, report) => {
        if (args.type !== GCP_NETWORK_TYPES.firewall) {
            return args.notApplicable(`${args.type} is not a VPC firewall rule`);
        }
        if (directionOf(args.props) !== "INGRESS") {
            return;
        }
        const allows = allowsOf(args.props);
        if (allows.length === 0) {
            return;
        }
        const open = rangesOf(args.props, "sourceRanges").filter(isAnywhere);
        if (open.length > 0) {
            report(
                `${firewallLabel(args.props)} allows ${describeEntries(allows)} INGRESS from ${open.map((r) => `"${r}"`).join(" and ")}, the whole internet: ` +
                    "set sourceRanges to the ranges the clients come from (a Google load balancer's 35.191.0.0/16 and 130.211.0.0/22, or IAP's 35.235.240.0/20).",
            );
        }
    },
});
