import { defineRule } from "../../lib/define-rule";
import { asNumber } from "../../lib/aws-props";
import { GCP_DATA_TYPES } from "../../lib/gcp-data";
import { readKnown } from "../../lib/props";
import { viewOf } from "../../lib/view";

export default defineRule({
    id: "zt-gcp-storage-retention",
    displayName: "Storage buckets keep objects for a retention period",
    description:
        "Every Cloud Storage bucket has a retention policy: retentionPolicy.retentionPeriod (seconds) above 0. A Pulumi state bucket (label " +
        "purpose=pulumi-state) keeps its history with object versioning and soft delete instead.",
    rationale:
        "A bucket retention policy (Bucket Lock) makes Cloud Storage refuse to delete or replace any object younger than the period, whoever asks: a " +
        "ransomware job holding storage admin, a faulty lifecycle rule or a mistaken cleanup cannot destroy recent data. It is the minimum retention of " +
        "the data management process enforced by the platform instead of by convention. Locking the policy (isLocked) also stops anyone from shortening " +
        "or removing it, which is irreversible and left to the data owner. Pulumi's state is the exception: every update rewrites the same checkpoint " +
        "object and deletes its lock objects, which a retention policy refuses, and Cloud Storage does not allow a retention policy next to " +
        "versioning. A state bucket therefore keeps every overwritten checkpoint as a noncurrent version and every deleted object in soft delete.",
    severity: "medium",
    pillar: "data",
    nistTenets: [5, 1],
    cisaPillar: "Data",
    cis: "3.4",
    remediationSteps:
        'Set retentionPolicy: { retentionPeriod: "<seconds>" } (e.g. "2592000" for 30 days) on the gcp.storage.Bucket, from the bucket\'s retentionDays in ' +
        "config. Lock it (isLocked: true) only once the period is final: a locked policy can never be shortened or removed. For a Pulumi state bucket " +
        '(purpose: "pulumi-state"), set versioning: { enabled: true } and softDeletePolicy: { retentionDurationSeconds: "<seconds>" } instead.',
    validateResource: (args, report) => {
        if (args.type !== GCP_DATA_TYPES.bucket) {
            return args.notApplicable(`${args.type} is not a Cloud Storage bucket`);
        }
        if (viewOf(args).kind() === "state-bucket") {
            if (readKnown(args.props, ["versioning", "enabled"]) !== true) {
                report("This Pulumi state bucket keeps no overwritten checkpoint: set versioning.enabled to true (a retention policy would block every update).");
            }
            const softDelete = readKnown(args.props, ["softDeletePolicy", "retentionDurationSeconds"]);
            const seconds = asNumber(softDelete);
            if (seconds === undefined || seconds <= 0) {
                report(`This Pulumi state bucket's soft delete is ${softDelete === undefined ? "not set" : `${String(softDelete)} seconds`}: set softDeletePolicy.retentionDurationSeconds above 0 so a deleted checkpoint can be restored.`);
            }
            return;
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
