import { defineRule } from "../../lib/define-rule";
import { asNumber } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-storage-retention",
    displayName: "Storage buckets keep objects for a retention period",
    description: "Every Cloud Storage bucket has a retention policy: retentionPolicy.retentionPeriod (seconds) above 0.",
    rationale:
        "A bucket retention policy (Bucket Lock) makes Cloud Storage refuse to delete or replace any object younger than the period, whoever asks: a " +
        "ransomware job holding storage admin, a faulty lifecycle rule or a mistaken cleanup cannot destroy recent data. It is the minimum retention of " +
        "the data management process enforced by the platform instead of by convention. Locking the policy (isLocked) also stops anyone from shortening " +
        "or removing it, which is irreversible and left to the data owner.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5, 1],
    cisaPillar: "Data",
    cis: "3.4",
    remediationSteps:
        'Set retentionPolicy: { retentionPeriod: "<seconds>" } (e.g. "2592000" for 30 days) on the gcp.storage.Bucket, from the bucket\'s retentionDays in ' +
        "config. Lock it (isLocked: true) only once the period is final: a locked policy can never be shortened or removed.",
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        const policy = readKnown(args.props, ["retentionPolicy"]);
        if (policy === undefined || policy === null) {
            report("Objects in this bucket can be deleted or replaced at any time: set retentionPolicy.retentionPeriod (seconds) to the data's minimum retention.");
            return;
        }
        const value = readKnown(args.props, ["retentionPolicy", "retentionPeriod"]);
        const period = asNumber(value);
        if (period === undefined || period <= 0) {
            report(`This bucket's retention period is ${value === undefined ? "not set" : `"${String(value)}"`}: set retentionPolicy.retentionPeriod to a number of seconds above 0.`);
        }
    },
});
