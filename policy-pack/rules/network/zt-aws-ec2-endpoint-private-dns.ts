import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ec2-endpoint-private-dns",
    displayName: "Interface endpoints use private DNS",
    description: "Every Interface VPC endpoint sets privateDnsEnabled: true, so the service's usual hostname resolves to the endpoint inside the VPC.",
    rationale:
        "An interface endpoint without private DNS is only used by clients that know its endpoint-specific hostname; the SDKs keep resolving the " +
        "public service name and send traffic out through NAT and the internet, past the endpoint policy that was meant to govern it. Private DNS " +
        "makes the private path the default one.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2],
    cisaPillar: "Networks",
    remediationSteps:
        "Set privateDnsEnabled: true on the aws.ec2.VpcEndpoint (the VPC needs enableDnsSupport and enableDnsHostnames). Gateway endpoints (S3, DynamoDB) use route tables and are not in scope.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ec2/vpcEndpoint:VpcEndpoint") {
            return args.notApplicable(`${args.type} is not a VPC endpoint`);
        }
        // The provider's default type is Gateway.
        const type = readKnown(args.props, ["vpcEndpointType"]) ?? "Gateway";
        if (type !== "Interface") {
            return args.notApplicable(`the endpoint is of type ${String(type)}, which has no private DNS`);
        }
        if (asBool(readKnown(args.props, ["privateDnsEnabled"])) !== true) {
            report("This interface endpoint does not enable private DNS: set privateDnsEnabled: true so clients in the VPC reach the service through it by its usual name.");
        }
    },
});
