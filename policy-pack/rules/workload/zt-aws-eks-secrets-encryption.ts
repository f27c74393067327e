import { isPresent, listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-eks-secrets-encryption",
    displayName: "EKS secrets are envelope-encrypted with a customer managed key",
    description: 'Every EKS cluster sets encryptionConfig with resources ["secrets"] and provider.keyArn.',
    rationale:
        "Kubernetes Secrets are stored in etcd. Envelope encryption with a customer managed KMS key means reading them needs kms:Decrypt on a key " +
        "whose policy the organization controls and whose every use CloudTrail records, and access can be cut off by key policy in an incident.",
    severity: "high",
    pillar: "workload",
    nistTenets: [1, 6],
    cisaPillar: "Applications and Workloads",
    cis: "3.11",
    remediationSteps:
        'Set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <the landing zone\'s secrets key> } } on the aws.eks.Cluster ' +
        "(zt:aws:Data keyArns.secrets). Adding it to an existing cluster is possible; removing it is not.",
    validateResource: (args, report) => {
        if (args.type !== "aws:eks/cluster:Cluster") {
            return args.notApplicable(`${args.type} is not an EKS cluster`);
        }
        const config = readKnown(args.props, ["encryptionConfig"]);
        if (config === undefined || config === null) {
            report('The cluster does not envelope-encrypt Secrets: set encryptionConfig with resources ["secrets"] and provider.keyArn set to the landing zone\'s secrets key.');
            return;
        }
        if (!listOf(readKnown(args.props, ["encryptionConfig", "resources"])).includes("secrets")) {
            report('encryptionConfig.resources does not include "secrets": add it so Kubernetes Secrets are envelope-encrypted.');
        }
        // A key ARN unknown during preview will be set.
        if (!isPresent(readRaw(args.props, ["encryptionConfig", "provider", "keyArn"]))) {
            report("encryptionConfig.provider.keyArn is not set: set it to the landing zone's secrets key.");
        }
    },
});
