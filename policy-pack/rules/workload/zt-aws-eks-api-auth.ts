import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-eks-api-auth",
    displayName: "EKS access is managed through access entries",
    description: 'Every EKS cluster sets accessConfig.authenticationMode "API" and bootstrapClusterCreatorAdminPermissions false.',
    rationale:
        "With the aws-auth ConfigMap, cluster access lives inside the cluster, is edited by hand, and can be granted by anyone who can write one " +
        "ConfigMap; the creator of the cluster also keeps invisible, permanent admin. Access entries (authentication mode API) make every grant an " +
        "AWS resource: declared in code, visible to IAM, logged in CloudTrail and revocable, with no implicit creator admin.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 4],
    cisaPillar: "Applications and Workloads",
    cis: "6.8",
    remediationSteps:
        'Set accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false } on the aws.eks.Cluster and grant access ' +
        "with aws.eks.AccessEntry and aws.eks.AccessPolicyAssociation (this project grants the deploy and break-glass roles that way).",
    validateResource: (args, report) => {
        if (args.type !== "aws:eks/cluster:Cluster") {
            return args.notApplicable(`${args.type} is not an EKS cluster`);
        }
        const mode = readKnown(args.props, ["accessConfig", "authenticationMode"]);
        if (mode !== "API") {
            const now = typeof mode === "string" && mode !== "" ? `is "${mode}"` : "is not set (the aws-auth ConfigMap stays in use)";
            report(`accessConfig.authenticationMode ${now}: set it to "API" so cluster access is granted only through EKS access entries.`);
        }
        // The provider's default is true.
        if (asBool(readKnown(args.props, ["accessConfig", "bootstrapClusterCreatorAdminPermissions"])) !== false) {
            report("accessConfig.bootstrapClusterCreatorAdminPermissions is not false: set it to false so the identity that created the cluster holds no hidden admin access.");
        }
    },
});
