import { defineRule } from "../../lib/define-rule";
import { isAwsManagedKey } from "../../lib/aws-resource-policy";
import { readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-sns-cmk",
    displayName: "SNS topics are encrypted with a customer-managed KMS key",
    description: "Every SNS topic sets kmsMasterKeyId to a customer-managed key, not the AWS managed key alias/aws/sns.",
    rationale:
        "Security alerts and findings travel through SNS topics, and their messages describe the weaknesses an attacker would look for. Without kmsMasterKeyId " +
        "the topic is not encrypted at rest at all; with the AWS managed key, nobody can restrict who may decrypt, and services such as EventBridge and " +
        "CloudWatch alarms cannot publish to the topic because that key's policy cannot grant them. A customer-managed key fixes both and logs every use.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 2],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set kmsMasterKeyId on the aws.sns.Topic to the ARN of a customer-managed key (in this project, the logs key of zt:aws:Data). The key policy must let the " +
        "publishing services (events.amazonaws.com, cloudwatch.amazonaws.com) call kms:GenerateDataKey* and kms:Decrypt, with an aws:SourceAccount condition.",
    validateResource: (args, report) => {
        if (args.type !== "aws:sns/topic:Topic") {
            return args.notApplicable(`${args.type} is not an SNS topic`);
        }
        // A key unknown during preview comes from a key resource: it is set, and it is not an AWS managed alias.
        const key = readRaw(args.props, ["kmsMasterKeyId"]);
        if (key === undefined || key === null || key === "") {
            report("This SNS topic is not encrypted at rest (no kmsMasterKeyId): set kmsMasterKeyId to the ARN of a customer-managed key.");
        } else if (typeof key === "string" && isAwsManagedKey(key, "sns")) {
            report(`This SNS topic is encrypted with the AWS managed key aws/sns (kmsMasterKeyId "${key}"): set kmsMasterKeyId to the ARN of a customer-managed key.`);
        }
    },
});
