import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { isPlainObject, readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-lambda-env-encrypted",
    displayName: "Lambda environment variables use a customer managed key",
    description: "A Lambda function with environment variables sets kmsKeyArn, so they are encrypted with a customer managed key.",
    rationale:
        "Environment variables often hold configuration that helps an attacker (endpoints, resource names, sometimes secrets by mistake). Without " +
        "kmsKeyArn they are encrypted with the AWS managed aws/lambda key, which anyone allowed to read the function's configuration can decrypt; " +
        "a customer managed key makes reading them a separate, audited permission.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [1, 6],
    cisaPillar: "Applications and Workloads",
    cis: "3.11",
    remediationSteps:
        "Set kmsKeyArn on the aws.lambda.Function to the landing zone's key for the function's data (this project passes it to every component). " +
        "Keep secrets themselves in Secrets Manager and pass only their ARNs in the environment.",
    validateResource: (args, report) => {
        if (args.type !== "aws:lambda/function:Function") {
            return args.notApplicable(`${args.type} is not a Lambda function`);
        }
        const variables = readKnown(args.props, ["environment", "variables"]);
        if (!isPlainObject(variables) || Object.keys(variables).length === 0) {
            return args.notApplicable("the function has no environment variables");
        }
        // A key ARN unknown during preview will be set.
        if (!isPresent(readRaw(args.props, ["kmsKeyArn"]))) {
            report("This function has environment variables but no kmsKeyArn: set kmsKeyArn to a customer managed key so they are not readable with the AWS managed aws/lambda key.");
        }
    },
});
