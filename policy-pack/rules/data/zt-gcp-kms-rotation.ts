import { defineRule } from "../../lib/define-rule";
import { DAY_SECONDS, durationSeconds, formatDays, GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

/** CIS GCP 1.10: a new primary key version at least every 90 days. */
export const MAX_ROTATION_SECONDS = 90 * DAY_SECONDS;

/** Protection levels whose key material lives outside Cloud KMS, which cannot rotate it. */
const EXTERNAL_LEVELS = ["EXTERNAL", "EXTERNAL_VPC"];

export default defineRule({
    id: "zt-gcp-kms-rotation",
    displayName: "Cloud KMS keys rotate at least every 90 days",
    description: 'Every symmetric Cloud KMS crypto key (purpose ENCRYPT_DECRYPT) sets rotationPeriod to at most "7776000s" (90 days).',
    rationale:
        "The longer one key version encrypts data, the more data a single leaked or broken version exposes. Cloud KMS rotates on a schedule by creating a " +
        "new primary version; existing data stays readable with the old versions and every service that names the key (buckets, secrets, log buckets, " +
        "GKE) encrypts new data with the new one without any change. A key has no rotation schedule unless rotationPeriod is set. Asymmetric and MAC keys " +
        "and keys held in an external key manager cannot rotate automatically and are out of scope.",
    severity: "medium",
    pillar: "data",
    nistTenets: [6, 5],
    cisaPillar: "Data",
    cis: "3.11",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "1.10" },
    remediationSteps: 'Set rotationPeriod: "7776000s" (90 days) or shorter on the gcp.kms.CryptoKey; it must be more than a day ("86400s").',
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.cryptoKey) {
            return args.notApplicable(`${args.type} is not a Cloud KMS crypto key`);
        }
        const purpose = readKnown(args.props, ["purpose"]);
        if (purpose !== undefined && purpose !== "ENCRYPT_DECRYPT") {
            return args.notApplicable("only symmetric encryption keys (purpose ENCRYPT_DECRYPT) rotate automatically");
        }
        const level = readKnown(args.props, ["versionTemplate", "protectionLevel"]);
        if (typeof level === "string" && EXTERNAL_LEVELS.includes(level)) {
            return args.notApplicable("keys held in an external key manager do not rotate automatically");
        }
        const period = readKnown(args.props, ["rotationPeriod"]);
        if (period === undefined || period === null || period === "") {
            report('This crypto key never rotates: set rotationPeriod to "7776000s" (90 days) or shorter.');
            return;
        }
        const seconds = durationSeconds(period);
        if (seconds === undefined) {
            report(`This crypto key's rotationPeriod "${String(period)}" is not a duration in seconds: set it to "7776000s" (90 days) or shorter.`);
        } else if (seconds > MAX_ROTATION_SECONDS) {
            report(`This crypto key rotates every ${formatDays(seconds)} (${String(period)}), longer than 90 days: set rotationPeriod to "7776000s" or shorter.`);
        }
    },
});
