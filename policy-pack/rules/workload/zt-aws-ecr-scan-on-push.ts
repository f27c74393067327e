import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ecr-scan-on-push",
    displayName: "ECR images are scanned on push",
    description: "Every ECR repository sets imageScanningConfiguration.scanOnPush true.",
    rationale:
        "Zero Trust continuously assesses the posture of what runs. Scanning every image when it is pushed finds known vulnerabilities before the " +
        "image is deployed, and the findings feed Security Hub alongside the rest of the account's posture.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "7.5",
    remediationSteps:
        "Set imageScanningConfiguration: { scanOnPush: true } on the aws.ecr.Repository. With Amazon Inspector enhanced scanning (a registry scanning " +
        "configuration), keep the flag set as well so the intent stays visible on the repository.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecr/repository:Repository") {
            return args.notApplicable(`${args.type} is not an ECR repository`);
        }
        if (asBool(readKnown(args.props, ["imageScanningConfiguration", "scanOnPush"])) !== true) {
            report("This repository does not scan images on push: set imageScanningConfiguration.scanOnPush to true.");
        }
    },
});
