import { defineRule } from "../../lib/define-rule";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-logs-cmk",
    displayName: "CloudWatch log groups are encrypted with a customer-managed KMS key",
    description: "Every CloudWatch Logs log group sets kmsKeyId to a customer-managed KMS key.",
    rationale:
        "Logs hold what attackers want and what investigators need: request details, identifiers, sometimes tokens that slipped into a message. CloudWatch Logs " +
        "encrypts them with a service key by default, which every principal allowed to read logs can use. A customer-managed key adds a key-policy grant that " +
        "reading must also pass, records every use, and can be disabled to cut off access at once.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 7],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set kmsKeyId on the aws.cloudwatch.LogGroup to the ARN of a customer-managed key (in this project, the logs key of zt:aws:Data). The key policy must let " +
        "logs.<region>.amazonaws.com use the key, with a kms:EncryptionContext:aws:logs:arn condition naming the account's log groups.",
    validateResource: (args, report) => {
        if (args.type !== "aws:cloudwatch/logGroup:LogGroup") {
            return args.notApplicable(`${args.type} is not a CloudWatch log group`);
        }
        // A key unknown during preview comes from a key resource: it is set.
        const key = readRaw(args.props, ["kmsKeyId"]);
        if (key === undefined || key === null || key === "") {
            report("This CloudWatch log group is encrypted only with a CloudWatch Logs service key (no kmsKeyId): set kmsKeyId to the ARN of a customer-managed key.");
        }
    },
});
