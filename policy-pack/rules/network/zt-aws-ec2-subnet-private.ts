import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ec2-subnet-private",
    displayName: "Subnets never hand out public IPs",
    description: "No subnet sets mapPublicIpOnLaunch, so nothing launched in it gets a public address by default.",
    rationale:
        "A subnet that maps public IPs on launch makes every instance, node or task placed in it directly addressable from the internet, whatever its " +
        "security group is meant to allow. Zero Trust keeps workloads private and publishes only through load balancers and endpoints, which get " +
        "their own addresses from the service, so no subnet needs this setting, including the edge tier.",
    severity: "high",
    pillar: "network",
    nistTenets: [2],
    cisaPillar: "Networks",
    cis: "12.2",
    remediationSteps:
        "Set mapPublicIpOnLaunch: false (or leave it out) on the aws.ec2.Subnet. Internet-facing load balancers in the edge tier still receive public " +
        "addresses from Elastic Load Balancing.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ec2/subnet:Subnet") {
            return args.notApplicable(`${args.type} is not a subnet`);
        }
        if (asBool(readKnown(args.props, ["mapPublicIpOnLaunch"])) === true) {
            report("This subnet assigns public IPs on launch: set mapPublicIpOnLaunch to false and publish services through a load balancer instead.");
        }
    },
});
