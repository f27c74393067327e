import { defineRule } from "../../lib/define-rule";
import { isAwsManagedKey } from "../../lib/aws-resource-policy";
import { isPlainObject, isUnknown, raw, readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-aws-secretsmanager-cmk",
    displayName: "Secrets are encrypted with a customer-managed KMS key",
    description: "Every Secrets Manager secret, and each of its replicas, sets kmsKeyId to a customer-managed key rather than the AWS managed key aws/secretsmanager.",
    rationale:
        "Secrets are the credentials Zero Trust tries hardest to contain. With the AWS managed key, any principal in the account that may call " +
        "secretsmanager:GetSecretValue can read the secret, because the AWS managed key's policy trusts the whole account. A customer-managed key makes reading a " +
        "secret need a second, independent grant in the key policy, logs every decryption, and lets the key be disabled to cut off every secret at once. Secrets " +
        "encrypted with the AWS managed key also cannot be shared with other accounts.",
    severity: "high",
    pillar: "data",
    nistTenets: [6, 1],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps:
        "Set kmsKeyId on the aws.secretsmanager.Secret to the ARN of a customer-managed key (in this project, the secrets key of zt:aws:Data), and set kmsKeyId " +
        "on each entry of replicas to a customer-managed key in the replica's region. Changing the key re-encrypts only new versions: rotate the secret afterwards.",
    validateResource: (args, report) => {
        if (args.type !== "aws:secretsmanager/secret:Secret") {
            return args.notApplicable(`${args.type} is not a Secrets Manager secret`);
        }
        // A key unknown during preview comes from a key resource: it is set, and it is not an AWS managed alias.
        const key = readRaw(args.props, ["kmsKeyId"]);
        if (key === undefined || key === null || key === "") {
            report("This Secrets Manager secret has no kmsKeyId, so it is encrypted with the AWS managed key aws/secretsmanager: set kmsKeyId to the ARN of a customer-managed key.");
        } else if (typeof key === "string" && isAwsManagedKey(key, "secretsmanager")) {
            report(`This Secrets Manager secret is encrypted with the AWS managed key aws/secretsmanager (kmsKeyId "${key}"): set kmsKeyId to the ARN of a customer-managed key.`);
        }
        const replicas = readKnown(args.props, ["replicas"]);
        if (!Array.isArray(replicas)) {
            return;
        }
        replicas.forEach((r, i) => {
            const replica = raw(r);
            if (!isPlainObject(replica)) {
                return;
            }
            const replicaKey = raw(replica.kmsKeyId);
            const region = typeof replica.region === "string" && !isUnknown(replica.region) ? ` (${replica.region})` : "";
            if (replicaKey === undefined || replicaKey === null || replicaKey === "" || (typeof replicaKey === "string" && isAwsManagedKey(replicaKey, "secretsmanager"))) {
                report(`Replica replicas[${i}]${region} of this Secrets Manager secret is encrypted with the AWS managed key aws/secretsmanager: set its kmsKeyId to the ARN of a customer-managed key in that region.`);
            }
        });
    },
});
