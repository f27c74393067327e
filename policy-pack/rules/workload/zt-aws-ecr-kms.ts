import { isPresent } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-ecr-kms",
    displayName: "ECR repositories are encrypted with a customer managed key",
    description: 'Every ECR repository sets encryptionConfigurations[0] with encryptionType "KMS" (or "KMS_DSSE") and a kmsKey.',
    rationale:
        "By default ECR encrypts with an AES-256 key AWS owns, so access to images is governed by repository permissions alone. A customer managed " +
        "KMS key adds a second, independently controlled and audited gate on every image pull, and lets the organization revoke access by key policy.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [1, 6],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        'Set encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: <the landing zone\'s data key> }] on the aws.ecr.Repository ' +
        "(zt:aws:Data keyArns.data). Encryption settings cannot change after creation: the repository is replaced.",
    validateResource: (args, report) => {
        if (args.type !== "aws:ecr/repository:Repository") {
            return args.notApplicable(`${args.type} is not an ECR repository`);
        }
        const type = readKnown(args.props, ["encryptionConfigurations", "0", "encryptionType"]);
        if (type !== "KMS" && type !== "KMS_DSSE") {
            report(`This repository is encrypted with ${typeof type === "string" && type !== "" ? type : "AES256 (the default)"}: set encryptionConfigurations[0].encryptionType to "KMS" with kmsKey set to the landing zone's data key.`);
        } else if (!isPresent(readRaw(args.props, ["encryptionConfigurations", "0", "kmsKey"]))) {
            report("This repository uses the AWS managed aws/ecr key: set encryptionConfigurations[0].kmsKey to the landing zone's data key.");
        }
    },
});
