import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ec2-flow-logs-all",
    displayName: "Flow logs record all traffic",
    description: 'Every VPC, subnet or interface flow log sets trafficType: "ALL", recording accepted and rejected traffic.',
    rationale:
        "A flow log of only ACCEPT traffic hides the probing and blocked attempts that show an attack in progress; one of only REJECT traffic hides what " +
        "actually got through. Investigations and policy tuning need both (zt-any-network-flow-logs checks that each VPC has a flow log at all).",
    severity: "medium",
    pillar: "network",
    nistTenets: [7, 5],
    cisaPillar: "Networks",
    cis: "8.2",
    remediationSteps: 'Set trafficType: "ALL" on the aws.ec2.FlowLog. Transit gateway flow logs always record all traffic and are not in scope.',
    validateResource: (args, report) => {
        if (args.type !== "aws:ec2/flowLog:FlowLog") {
            return args.notApplicable(`${args.type} is not a flow log`);
        }
        if (isPresent(readRaw(args.props, ["transitGatewayId"])) || isPresent(readRaw(args.props, ["transitGatewayAttachmentId"]))) {
            return args.notApplicable("transit gateway flow logs always record all traffic");
        }
        const traffic = readKnown(args.props, ["trafficType"]);
        if (traffic !== "ALL") {
            const what = typeof traffic === "string" && traffic !== "" ? `records only ${traffic} traffic` : "does not set trafficType";
            report(`This flow log ${what}: set trafficType: "ALL" so both accepted and rejected connections are recorded.`);
        }
    },
});
