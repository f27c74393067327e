import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { GCP_DATA_TYPES, knownString, runsOnSchedule, scansBucket, scanTarget } from "../../lib/gcp-data";
import { readRaw } from "../../lib/props";

export interface DlpScanConfig {
    /** The label that holds a bucket's classification. */
    classificationLabel: string;
    /** Classifications whose buckets hold nothing to discover (by default only "public"). */
    exemptClassifications: string[];
}

/** The bucket's classification label, when it is a known string. */
function classificationOf(bucket: PolicyResource, label: string): string | undefined {
    return knownString(readRaw(bucket.props, ["labels", label]));
}

/** How messages name a bucket: its name, else its logical name. */
function bucketLabel(bucket: PolicyResource): string {
    return knownString(readRaw(bucket.props, ["name"])) ?? bucket.name;
}

export default defineRule<DlpScanConfig>({
    id: "zt-gcp-dlp-bucket-scan",
    displayName: "Cloud DLP inspects every data bucket on a schedule",
    description:
        "Every Cloud Storage bucket, except those labelled with an exempt classification (default: public), is inspected whole by a scheduled " +
        'dataloss.PreventionJobTrigger: inspectJob.storageConfig.cloudStorageOptions.fileSet.url "gs://<bucket>/**" (or a regexFileSet on the bucket ' +
        "without include or exclude filters), status not PAUSED or CANCELLED, and a schedule trigger.",
    rationale:
        "Classification labels say what a bucket is meant to hold; only inspection shows what it does hold. Credentials, personal data and card numbers end " +
        "up in buckets labelled internal, and access decisions, retention and encryption built on the label are then wrong. A scheduled DLP inspection of " +
        "each data bucket finds them and publishes findings, so the data inventory follows the data. A bucket labelled public is meant to hold nothing " +
        "sensitive and is exempt by default; scanning it would find nothing worth the cost. A manual or paused trigger, or one limited to a folder, " +
        "leaves the rest unseen.",
    severity: "medium",
    pillar: "data",
    nistTenets: [7, 1],
    cisaPillar: "Data",
    cis: "3.2",
    remediationSteps:
        "Add a gcp.dataloss.PreventionJobTrigger per data bucket with parent projects/<project>/locations/<region>, triggers [{ schedule: { " +
        'recurrencePeriodDuration: "86400s" } }] and inspectJob { inspectTemplateName (or inspectConfig), storageConfig: { cloudStorageOptions: { fileSet: ' +
        '{ url: "gs://<bucket>/**" } }, timespanConfig: { enableAutoPopulationOfTimespanConfig: true } }, actions: [{ publishSummaryToCscc: {} }] }, and grant ' +
        "the DLP service agent (service-<project number>@dlp-api.iam.gserviceaccount.com) read access to the bucket.",
    configSchema: {
        properties: {
            classificationLabel: { type: "string", minLength: 1, default: "data-classification", description: "Label holding a bucket's classification." },
            exemptClassifications: {
                type: "array",
                items: { type: "string" },
                default: ["public"],
                description: "Classifications whose buckets need no DLP inspection.",
            },
        },
    },
    validateStack: (args, report, config) => {
        const buckets = args.resources.filter((r) => r.type === GCP_DATA_TYPES.bucket);
        if (buckets.length === 0) {
            return args.notApplicable("the stack has no Cloud Storage buckets");
        }
        const triggers = args.resources
            .filter((r) => r.type === GCP_DATA_TYPES.jobTrigger)
            .map((trigger) => ({ trigger, target: scanTarget(trigger) }))
            .filter((t) => t.target !== undefined);
        for (const bucket of buckets) {
            const classification = classificationOf(bucket, config.classificationLabel);
            if (classification !== undefined && config.exemptClassifications.includes(classification)) {
                continue;
            }
            const name = bucketLabel(bucket);
            const naming = triggers.filter((t) => scansBucket(t.trigger, t.target!, bucket));
            if (naming.length === 0) {
                report(
                    `No DLP job trigger inspects the data bucket ${name}: add a gcp.dataloss.PreventionJobTrigger with a schedule and ` +
                        `inspectJob.storageConfig.cloudStorageOptions.fileSet.url "gs://${name}/**".`,
                    bucket.urn,
                );
                continue;
            }
            const running = naming.filter((t) => runsOnSchedule(t.trigger));
            if (running.length === 0) {
                report(
                    `The DLP job triggers that inspect the data bucket ${name} never run on their own: leave status unset (HEALTHY) and add a triggers ` +
                        "entry with schedule.recurrencePeriodDuration.",
                    bucket.urn,
                );
                continue;
            }
            if (!running.some((t) => t.target!.whole)) {
                report(
                    `The DLP job triggers of the data bucket ${name} inspect only part of it (${running.map((t) => t.target!.described).join(", ")}): ` +
                        `set fileSet.url to "gs://${name}/**", or use a regexFileSet without includeRegexes or excludeRegexes.`,
                    bucket.urn,
                );
            }
        }
    },
});
