import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export interface LambdaRuntimeConfig {
    /** Runtimes functions may use. */
    allowedRuntimes: string[];
}

export default defineRule<LambdaRuntimeConfig>({
    id: "zt-aws-lambda-runtime",
    displayName: "Lambda functions use a supported runtime",
    description: "Every zip-packaged Lambda function's runtime is on the configured list of supported runtimes.",
    rationale:
        "A deprecated runtime stops receiving security patches for its language runtime and operating system; functions on it keep running with " +
        "known vulnerabilities and eventually cannot be updated. Keeping to a short list of current runtimes is part of maintaining the posture of every asset.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "16.4",
    remediationSteps:
        "Move the function to a runtime on the list (this project's functions use LAMBDA_RUNTIME from components/aws/lambda-code.ts) and test it. " +
        "Update the list in the pack config as AWS publishes and deprecates runtimes (see the Lambda runtimes page's deprecation dates).",
    configSchema: {
        properties: {
            allowedRuntimes: {
                type: "array",
                items: { type: "string", minLength: 1 },
                minItems: 1,
                uniqueItems: true,
                default: ["nodejs24.x", "nodejs22.x", "nodejs20.x", "python3.14", "python3.13", "python3.12", "java25", "java21", "dotnet10", "dotnet8", "ruby3.4", "provided.al2023"],
                description: "Runtimes Lambda functions may use.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:lambda/function:Function") {
            return args.notApplicable(`${args.type} is not a Lambda function`);
        }
        if (readRaw(args.props, ["packageType"]) === "Image") {
            return args.notApplicable("container-image functions bring their own runtime");
        }
        const runtime = readKnown(args.props, ["runtime"]);
        if (typeof runtime !== "string" || runtime === "") {
            report(`This function sets no runtime: set one of ${config.allowedRuntimes.join(", ")}.`);
        } else if (!config.allowedRuntimes.includes(runtime)) {
            report(`This function uses runtime "${runtime}", which is not on the supported list: move it to one of ${config.allowedRuntimes.join(", ")}.`);
        }
    },
});
