import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

export interface RotationConfig {
    /** The longest rotation period allowed, in days. */
    maxRotationPeriodDays: number;
}

/** AWS rotates key material every 365 days unless rotationPeriodInDays says otherwise. */
const DEFAULT_PERIOD = 365;

export default defineRule<RotationConfig>({
    id: "zt-aws-kms-rotation",
    displayName: "KMS keys rotate their key material",
    description: "Every symmetric encryption KMS key in AWS-managed key material sets enableKeyRotation to true, with a rotation period no longer than the configured maximum.",
    rationale:
        "The longer one key material encrypts data, the more data a single leaked or broken key exposes, and the longer a compromise stays useful. Automatic " +
        "rotation replaces the material on a schedule without re-encrypting anything or changing the key's id, so it costs nothing operationally. Asymmetric, " +
        "HMAC, imported and custom-key-store keys cannot rotate automatically and are out of scope.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 5],
    cisaPillar: "Data",
    cis: "3.11",
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key. Leave rotationPeriodInDays unset (365 days) or set it between 90 and the configured maximum.",
    configSchema: {
        properties: {
            maxRotationPeriodDays: { type: "integer", minimum: 90, maximum: 2560, default: 365, description: "Longest allowed rotationPeriodInDays (AWS accepts 90 to 2560)." },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== "aws:kms/key:Key") {
            return args.notApplicable(`${args.type} is not a KMS key`);
        }
        const spec = readKnown(args.props, ["customerMasterKeySpec"]);
        const usage = readKnown(args.props, ["keyUsage"]);
        if ((spec !== undefined && spec !== "SYMMETRIC_DEFAULT") || (usage !== undefined && usage !== "ENCRYPT_DECRYPT")) {
            return args.notApplicable("only symmetric encryption keys rotate automatically");
        }
        if (readKnown(args.props, ["customKeyStoreId"]) !== undefined || readKnown(args.props, ["xksKeyId"]) !== undefined) {
            return args.notApplicable("keys in a custom key store do not rotate automatically");
        }
        if (readKnown(args.props, ["enableKeyRotation"]) !== true) {
            report("This KMS key does not rotate its key material: set enableKeyRotation to true.");
            return;
        }
        const period = readKnown(args.props, ["rotationPeriodInDays"]) ?? DEFAULT_PERIOD;
        if (typeof period === "number" && period > config.maxRotationPeriodDays) {
            report(`This KMS key rotates every ${period} days, longer than the allowed ${config.maxRotationPeriodDays}: set rotationPeriodInDays to ${config.maxRotationPeriodDays} or less.`);
        }
    },
});
