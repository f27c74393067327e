import { asBool, listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ec2-no-public-ip",
    displayName: "Instances get no public IP",
    description: "No instance sets associatePublicIpAddress, and no launch template's network interface does.",
    rationale:
        "A public address makes the instance reachable from the whole internet, one security-group mistake away from exposure, and lets it bypass " +
        "the egress inspection on the NAT path. Zero Trust keeps compute private; inbound traffic arrives through load balancers and administration " +
        "through SSM Session Manager.",
    severity: "high",
    pillar: "network",
    nistTenets: [2],
    cisaPillar: "Devices",
    cis: "12.2",
    remediationSteps:
        'Remove associatePublicIpAddress (or set it to false) on the aws.ec2.Instance, or to "false" on each networkInterfaces entry of the ' +
        "aws.ec2.LaunchTemplate, and place the instance in a private subnet.",
    validateResource: (args, report) => {
        if (args.type === "aws:ec2/instance:Instance") {
            if (asBool(readKnown(args.props, ["associatePublicIpAddress"])) === true) {
                report("This instance is given a public IP address: set associatePublicIpAddress to false and reach it through a load balancer or SSM Session Manager.");
            }
            return;
        }
        if (args.type === "aws:ec2/launchTemplate:LaunchTemplate") {
            listOf(readKnown(args.props, ["networkInterfaces"])).forEach((_, i) => {
                if (asBool(readKnown(args.props, ["networkInterfaces", String(i), "associatePublicIpAddress"])) === true) {
                    report(`networkInterfaces[${i}] is given a public IP address: set associatePublicIpAddress to "false" and reach instances through a load balancer or SSM Session Manager.`);
                }
            });
            return;
        }
        return args.notApplicable(`${args.type} is not an instance or launch template`);
    },
});
