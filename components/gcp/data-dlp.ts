/**
 * Sensitive Data Protection (Cloud DLP) over the data buckets: one inspect template for what
 * counts as sensitive, and one weekly job trigger per bucket (an inspect job reads a single
 * Cloud Storage file set, so a bucket cannot share a trigger). The pure settings are exported
 * for tests.
 */
import * as pulumi from "@pulumi/pulumi";
import * as dataloss from "@pulumi/gcp/dataloss";
import * as storage from "@pulumi/gcp/storage";
import { after } from "../shared/after";

/**
 * What the scans look for, by why it matters. Only detectors available in regional locations
 * (LOCATION and ORGANIZATION_NAME are global-only: cloud.google.com/dlp/docs/infotypes-reference),
 * since the template and triggers live in the landing zone's region.
 * - payment: PCI DSS cardholder and bank data, which must never sit in a general data bucket;
 * - personal: personal data under the GDPR, with passport and US social security numbers;
 * - credentials: keys and tokens belong in Secret Manager, and a bucket holding one is a leak.
 */
export const DLP_INFO_TYPES = {
    payment: ["CREDIT_CARD_NUMBER", "CREDIT_CARD_TRACK_NUMBER", "IBAN_CODE", "SWIFT_CODE"],
    personal: ["EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH", "PASSPORT", "US_SOCIAL_SECURITY_NUMBER"],
    credentials: ["GCP_CREDENTIALS", "GCP_API_KEY", "AWS_CREDENTIALS", "AZURE_AUTH_TOKEN", "AUTH_TOKEN", "JSON_WEB_TOKEN", "ENCRYPTION_KEY"],
} as const;

/**
 * LIKELY, not the default POSSIBLE: a weekly bulk scan that flags every 16-digit number buries
 * the real findings. No quotes: a finding must not become a second copy of the data it found.
 */
export function inspectConfig() {
    return {
        infoTypes: Object.values(DLP_INFO_TYPES).flat().map((name) => ({ name })),
        minLikelihood: "LIKELY",
        includeQuote: false,
    };
}

/** Weekly (DLP allows 1 to 60 days). */
export const SCAN_PERIOD = "604800s";

/** Every object in the bucket, recursively (`**`; a trailing `/` would skip sub-folders). */
export function bucketFileSet(bucketName: string): { url: string } {
    return { url: `gs://${bucketName}/**` };
}

/**
 * The scan of one bucket. Incremental (each run only reads objects changed since the last one,
 * which keeps the per-GB cost flat). Results go to Security Command Center (a finding per
 * sensitive type, next to every other finding) and to Cloud Monitoring (the
 * `dlp.googleapis.com/finding_count` metric alerts can use); neither needs a results table.
 */
export function inspectJob(templateName: pulumi.Input<string>, bucketName: string) {
    return {
        inspectTemplateName: templateName,
        storageConfig: {
            cloudStorageOptions: { fileSet: bucketFileSet(bucketName) },
            timespanConfig: { enableAutoPopulationOfTimespanConfig: true },
        },
        actions: [{ publishSummaryToCscc: {} }, { publishToStackdriver: {} }],
    };
}

export interface DlpScansArgs {
    namePrefix: string;
    project: string;
    region: string;
    /** Bucket key → physical bucket name and the bucket resource. */
    buckets: Record<string, { bucketName: string; bucket: pulumi.Resource }>;
    /** `service-<n>@dlp-api.iam.gserviceaccount.com`. */
    dlpAgent: pulumi.Input<string>;
    /** What creates the DLP agent; its read grants wait for it. */
    dlpAgentReady: pulumi.Resource;
}

/** Declares the template, each bucket's read grant for the DLP agent and each bucket's trigger. */
export function dlpScans(name: string, args: DlpScansArgs, parent: pulumi.Resource): { templateName: pulumi.Output<string> } {
    const child = { parent };
    const location = `projects/${args.project}/locations/${args.region}`;
    const templateId = `${args.namePrefix}-sensitive`;
    const template = new dataloss.PreventionInspectTemplate(`${name}-dlp-template`, {
        parent: location,
        templateId,
        displayName: `${args.namePrefix} sensitive data`,
        description: "Payment card, bank, personal and credential data the landing zone's buckets must not hold unnoticed.",
        inspectConfig: inspectConfig(),
    }, child);
    const templateName = after([template], pulumi.output(`${location}/inspectTemplates/${templateId}`));

    for (const [key, { bucketName, bucket }] of Object.entries(args.buckets)) {
        // Object read only: the agent lists and reads what it scans and can change nothing. The
        // bucket's CMEK needs no grant for it: Cloud Storage decrypts with its own agent.
        const read = new storage.BucketIAMMember(`${name}-dlp-${key}-read`, {
            bucket: after([bucket], pulumi.output(bucketName)),
            role: "roles/storage.objectViewer",
            member: pulumi.interpolate`serviceAccount:${args.dlpAgent}`,
        }, { ...child, dependsOn: [args.dlpAgentReady] });
        new dataloss.PreventionJobTrigger(`${name}-dlp-${key}`, {
            parent: location,
            triggerId: `${args.namePrefix}-${key}-scan`,
            displayName: `${args.namePrefix} ${key} bucket scan`,
            description: `Weekly incremental scan of gs://${bucketName} for sensitive data.`,
            triggers: [{ schedule: { recurrencePeriodDuration: SCAN_PERIOD } }],
            inspectJob: inspectJob(templateName, bucketName),
        }, { ...child, dependsOn: [bucket, read] });
    }
    return { templateName };
}
