import { defineRule } from "../../lib/define-rule";
import { DAY_SECONDS, durationSeconds, formatDays, GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

/** Cloud KMS waits 30 days when destroyScheduledDuration is left out (the provider's docs); shorter is what this rule rejects. */
export const MIN_DESTROY_SECONDS = 30 * DAY_SECONDS;

export default defineRule({
    id: "zt-gcp-kms-destroy-delay",
    displayName: "Cloud KMS key versions wait 30 days before destruction",
    description: 'Every Cloud KMS crypto key leaves destroyScheduledDuration unset (30 days) or sets it to at least "2592000s" (30 days).',
    rationale:
        "Destroying a key version makes every piece of data encrypted under it unreadable, for good; that is the fastest way to wreck a landing zone, by " +
        "mistake or by an attacker holding a key admin role. A version scheduled for destruction can be restored until the delay runs out, so the delay " +
        "is the window in which monitoring and people can notice and cancel it. Cloud KMS accepts delays down to a day; 30 days survives a holiday.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5],
    cisaPillar: "Data",
    cis: "11.3",
    remediationSteps:
        'Remove destroyScheduledDuration from the gcp.kms.CryptoKey (Cloud KMS then waits 30 days) or set it between "2592000s" and "10368000s" (120 days). ' +
        "CAUTION: it can only be set when the key is created; changing it replaces the key.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.cryptoKey) {
            return args.notApplicable(`${args.type} is not a Cloud KMS crypto key`);
        }
        const delay = readKnown(args.props, ["destroyScheduledDuration"]);
        if (delay === undefined || delay === null || delay === "") {
            return;
        }
        const seconds = durationSeconds(delay);
        if (seconds === undefined) {
            report(`This crypto key's destroyScheduledDuration "${String(delay)}" is not a duration in seconds: remove it (30 days) or set it to at least "2592000s".`);
        } else if (seconds < MIN_DESTROY_SECONDS) {
            report(
                `Versions of this crypto key are destroyed ${formatDays(seconds)} after destruction is scheduled: remove destroyScheduledDuration (30 days) or ` +
                    'set it to at least "2592000s" so a mistaken or malicious destruction can still be cancelled.',
            );
        }
    },
});
