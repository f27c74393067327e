import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

const IMMUTABLE = ["IMMUTABLE", "IMMUTABLE_WITH_EXCLUSION"];

export default defineRule({
    id: "zt-aws-ecr-immutable-tags",
    displayName: "ECR image tags are immutable",
    description: 'Every ECR repository sets imageTagMutability "IMMUTABLE" (or "IMMUTABLE_WITH_EXCLUSION").',
    rationale:
        "With mutable tags, anyone who can push can replace the image behind a tag that deployments, scans and approvals already refer to, so what runs " +
        "is not what was reviewed. Immutable tags make a tag name one artifact forever, which is what supply-chain verification assumes.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5, 1],
    cisaPillar: "Applications and Workloads",
    cis: "16.1",
    remediationSteps:
        'Set imageTagMutability: "IMMUTABLE" on the aws.ecr.Repository (use "IMMUTABLE_WITH_EXCLUSION" with imageTagMutabilityExclusionFilters if a ' +
        "moving tag such as latest is unavoidable), and deploy by digest.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecr/repository:Repository") {
            return args.notApplicable(`${args.type} is not an ECR repository`);
        }
        const value = readKnown(args.props, ["imageTagMutability"]);
        if (typeof value !== "string" || !IMMUTABLE.includes(value)) {
            report(`This repository's image tags are mutable (imageTagMutability ${typeof value === "string" ? `"${value}"` : "not set, which means MUTABLE"}): set it to "IMMUTABLE".`);
        }
    },
});
