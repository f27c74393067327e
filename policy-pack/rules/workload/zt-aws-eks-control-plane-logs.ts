import { listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export default defineRule({
    id: "zt-aws-eks-control-plane-logs",
    displayName: "EKS control-plane logs are all on",
    description: `Every EKS cluster enables all control-plane log types: ${CONTROL_PLANE_LOG_TYPES.join(", ")}.`,
    rationale:
        "The audit and authenticator logs are the record of who did what in the cluster and which IAM identity they came in as; the api, " +
        "controllerManager and scheduler logs explain what the control plane did about it. Without them a compromise inside Kubernetes cannot be " +
        "investigated, and GuardDuty's EKS findings lack context.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [7, 5],
    cisaPillar: "Visibility and Analytics",
    cis: "8.2",
    remediationSteps:
        `Set enabledClusterLogTypes: [${CONTROL_PLANE_LOG_TYPES.map((t) => `"${t}"`).join(", ")}] on the aws.eks.Cluster, and create its ` +
        "/aws/eks/<name>/cluster log group first with the logs key and the landing zone's retention.",
    validateResource: (args, report) => {
        if (args.type !== "aws:eks/cluster:Cluster") {
            return args.notApplicable(`${args.type} is not an EKS cluster`);
        }
        const enabled = listOf(readKnown(args.props, ["enabledClusterLogTypes"]));
        const missing = CONTROL_PLANE_LOG_TYPES.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            report(`The cluster does not enable the control-plane logs ${missing.join(", ")}: add them to enabledClusterLogTypes.`);
        }
    },
});
