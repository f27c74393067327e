import { PolicyResource } from "@pulumi/policy";
import { refersTo } from "../../lib/links";
import { defineRule } from "../../lib/define-rule";
import { isUnknown, readRaw } from "../../lib/props";

export interface VpcEndpointsConfig {
    /** Services each VPC reaches through a Gateway endpoint. */
    gatewayServices: string[];
    /** Services each VPC reaches through an Interface endpoint. */
    interfaceServices: string[];
}

const VPC = "aws:ec2/vpc:Vpc";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";

/** The service part of an endpoint service name: com.amazonaws.eu-west-1.ecr.dkr -> ecr.dkr (also cn.com.amazonaws...). */
export function endpointService(serviceName: string): string | undefined {
    const m = /(?:^|\.)com\.amazonaws\.[a-z]{2}(?:-[a-z]+)+-\d+\.(.+)$/.exec(serviceName);
    return m ? m[1] : undefined;
}

function describe(e: PolicyResource): { service?: string; type: string } {
    const name = readRaw(e.props, ["serviceName"]);
    const type = readRaw(e.props, ["vpcEndpointType"]);
    return {
        service: typeof name === "string" && !isUnknown(name) ? endpointService(name) : undefined,
        type: typeof type === "string" && !isUnknown(type) ? type : "Gateway",
    };
}

export default defineRule<VpcEndpointsConfig>({
    id: "zt-aws-ec2-vpc-endpoints",
    displayName: "VPCs reach AWS services through endpoints",
    description: "Every VPC has a Gateway endpoint for S3 and Interface endpoints for the configured AWS services (SSM, KMS, STS, Secrets Manager, Logs, ECR).",
    rationale:
        "Without endpoints, calls to AWS APIs leave the VPC through NAT and cross the internet, so every workload needs internet egress and the " +
        "calls escape the endpoint policies that can pin them to this organization. Endpoints keep the control-plane traffic private, let egress be " +
        "denied by default, and make SSM Session Manager work without any inbound port.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "12.2",
    remediationSteps:
        "Add aws.ec2.VpcEndpoint resources with vpcId set to the VPC: vpcEndpointType \"Gateway\" for S3 (associated with the private route tables) and " +
        "\"Interface\" with privateDnsEnabled for each listed service (serviceName com.amazonaws.<region>.<service>), in the private subnets with a " +
        "security group that admits 443 from the VPC. Adjust the lists in the pack config if a service is not used.",
    configSchema: {
        properties: {
            gatewayServices: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["s3"],
                description: "Services each VPC must reach through a Gateway endpoint.",
            },
            interfaceServices: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["ssm", "ssmmessages", "ec2messages", "kms", "sts", "secretsmanager", "logs", "ecr.api", "ecr.dkr"],
                description: "Services each VPC must reach through an Interface endpoint (the part of the service name after the region).",
            },
        },
    },
    validateStack: (args, report, config) => {
        const vpcs = args.resources.filter((r) => r.type === VPC);
        if (vpcs.length === 0) {
            return args.notApplicable("the stack has no VPCs");
        }
        const endpoints = args.resources.filter((r) => r.type === ENDPOINT);
        for (const vpc of vpcs) {
            const own = endpoints.filter((e) => refersTo(e, "vpcId", vpc)).map(describe);
            const has = (service: string, type: string) => own.some((e) => e.service === service && e.type === type);
            const missing = [
                ...config.gatewayServices.filter((s) => !has(s, "Gateway")).map((s) => `${s} (Gateway)`),
                ...config.interfaceServices.filter((s) => !has(s, "Interface")),
            ];
            if (missing.length > 0) {
                report(
                    `This VPC has no endpoint for ${missing.join(", ")}: add them (Interface unless marked Gateway) so workloads reach AWS APIs privately instead of through NAT and the internet.`,
                    vpc.urn,
                );
            }
        }
    },
});
