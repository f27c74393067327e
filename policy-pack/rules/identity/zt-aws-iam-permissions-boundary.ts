import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-iam-permissions-boundary",
    displayName: "Every IAM role wears the permissions boundary",
    description: "Every IAM role sets permissionsBoundary, so no policy attached to it can grant more than the boundary allows.",
    rationale:
        "A permissions boundary is the ceiling on what a role can ever do, whatever policies are later attached to it. It stops privilege escalation " +
        "through role creation (a deploy pipeline that may create roles can only create roles inside the boundary) and keeps the guardrails " +
        "(no changes to the trail, the log archive, the boundary itself) in force for every workload role.",
    severity: "high",
    pillar: "identity",
    nistTenets: [4, 6],
    cisaPillar: "Identity",
    cis: "6.8",
    remediationSteps:
        "Set permissionsBoundary on the role to the landing zone's boundary policy (zt:aws:Identity's permissionsBoundaryArn output, passed to every " +
        "component as permissionsBoundaryArn). Service-linked roles (aws.iam.ServiceLinkedRole) are managed by AWS and are not in scope.",
    validateResource: (args, report) => {
        if (args.type !== "aws:iam/role:Role") {
            return args.notApplicable(`${args.type} is not an IAM role`);
        }
        // An ARN unknown during preview will be set: presence is the requirement, not its value.
        if (!isPresent(readRaw(args.props, ["permissionsBoundary"]))) {
            report(
                "This IAM role has no permissionsBoundary: set it to the landing zone's boundary policy ARN (zt:aws:Identity permissionsBoundaryArn), " +
                    "which caps what any policy attached to the role can grant.",
            );
        }
    },
});
