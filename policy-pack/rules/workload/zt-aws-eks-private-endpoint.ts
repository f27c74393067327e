import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-eks-private-endpoint",
    displayName: "The EKS API is private",
    description: "Every EKS cluster sets vpcConfig.endpointPrivateAccess true and endpointPublicAccess false.",
    rationale:
        "The Kubernetes API server controls every workload and secret in the cluster. A public endpoint exposes it to the whole internet, so its " +
        "authentication is the only gate and any credential leak or API-server vulnerability is directly exploitable. A private endpoint is reachable " +
        "only from the VPC (and connected networks), and the provider's default is public, so both settings must be explicit.",
    severity: "high",
    pillar: "workload",
    nistTenets: [2, 4],
    cisaPillar: "Applications and Workloads",
    cis: "12.2",
    remediationSteps:
        "Set vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false } on the aws.eks.Cluster. Reach the API from the VPC, e.g. through " +
        "CI runners or an SSM-managed bastion in the app tier; publicAccessCidrs is not a substitute.",
    validateResource: (args, report) => {
        if (args.type !== "aws:eks/cluster:Cluster") {
            return args.notApplicable(`${args.type} is not an EKS cluster`);
        }
        // Provider defaults: public true, private false.
        if (asBool(readKnown(args.props, ["vpcConfig", "endpointPublicAccess"])) !== false) {
            report("The cluster's API endpoint is public: set vpcConfig.endpointPublicAccess to false (the provider defaults it to true).");
        }
        if (asBool(readKnown(args.props, ["vpcConfig", "endpointPrivateAccess"])) !== true) {
            report("The cluster's API endpoint is not reachable privately: set vpcConfig.endpointPrivateAccess to true.");
        }
    },
});
