import { listOf } from "../../lib/aws-props";
import { refersTo } from "../../lib/links";
import { defineRule } from "../../lib/define-rule";
import { isUnknown, readRaw } from "../../lib/props";

const VPC = "aws:ec2/vpc:Vpc";
const DEFAULT_SG = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup";

export default defineRule({
    id: "zt-aws-ec2-default-sg-closed",
    displayName: "Default security groups admit nothing",
    description: "Every VPC adopts its default security group with an aws.ec2.DefaultSecurityGroup that has no ingress and no egress rules.",
    rationale:
        "Every VPC comes with a default security group that admits all traffic from its own members and all egress. Anything launched without an " +
        "explicit group lands in it and can reach everything else that did, an implicit trust zone Zero Trust forbids. Adopting the group with no " +
        "rules removes AWS's defaults (the provider revokes them when it adopts the group), so a forgotten security group fails closed.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "4.4",
    remediationSteps:
        "Add an aws.ec2.DefaultSecurityGroup with vpcId set to the VPC's id and no ingress or egress (leaving both out removes every rule), " +
        "and give every instance, endpoint and function an explicit security group.",
    validateStack: (args, report) => {
        const vpcs = args.resources.filter((r) => r.type === VPC);
        const groups = args.resources.filter((r) => r.type === DEFAULT_SG);
        if (vpcs.length === 0 && groups.length === 0) {
            return args.notApplicable("the stack has no VPCs or default security groups");
        }
        for (const vpc of vpcs) {
            if (!groups.some((g) => refersTo(g, "vpcId", vpc))) {
                report(
                    "This VPC's default security group is not managed, so it keeps AWS's allow-all-from-members rules: add an aws.ec2.DefaultSecurityGroup " +
                        "with vpcId set to this VPC's id and no ingress or egress.",
                    vpc.urn,
                );
            }
        }
        for (const group of groups) {
            for (const direction of ["ingress", "egress"] as const) {
                const value = readRaw(group.props, [direction]);
                const count = isUnknown(value) ? 0 : listOf(value).length;
                if (count > 0) {
                    report(`This default security group has ${count} ${direction} rule(s): remove them so nothing placed in the default group can communicate.`, group.urn);
                }
            }
        }
    },
});
