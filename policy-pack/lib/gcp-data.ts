/**
 * What the GCP data rules share: the type tokens they judge, Google's duration strings
 * ("7776000s"), and which storage bucket a Cloud DLP job trigger inspects.
 *
 * Conventions (the same as the AWS and Azure rules): a value a rule decides on is read through
 * lib/props `readKnown`, so an unknown makes the SDK report "can't run during preview"; a value
 * whose mere presence is the requirement (a key name) counts as present when it is unknown. Stack
 * rules read leniently: an unknown is not evidence of a gap.
 */
import { PolicyResource } from "@pulumi/policy";
import { isPlainObject, isUnknown, raw, readRaw } from "./props";

export const GCP_DATA_TYPES = {
    cryptoKey: "gcp:kms/cryptoKey:CryptoKey",
    bucket: "gcp:storage/bucket:Bucket",
    secret: "gcp:secretmanager/secret:Secret",
    regionalSecret: "gcp:secretmanager/regionalSecret:RegionalSecret",
    jobTrigger: "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger",
    sqlInstance: "gcp:sql/databaseInstance:DatabaseInstance",
    topic: "gcp:pubsub/topic:Topic",
} as const;

export const DAY_SECONDS = 86_400;

// google.protobuf.Duration in JSON: decimal seconds with up to 9 fractional digits and an "s".
const DURATION = /^(\d+(?:\.\d{1,9})?)s$/;

/** Seconds in a Duration string such as "7776000s" or "86400.5s"; undefined for anything else. */
export function durationSeconds(value: unknown): number | undefined {
    const v = raw(value);
    if (typeof v !== "string") {
        return undefined;
    }
    const m = DURATION.exec(v.trim());
    return m ? Number(m[1]) : undefined;
}

/** A number of seconds as days for messages: "90 days", "1 day", "1.5 days". */
export function formatDays(seconds: number): string {
    const days = Math.round((seconds / DAY_SECONDS) * 100) / 100;
    return `${days} ${days === 1 ? "day" : "days"}`;
}

/** A known, non-empty string (not the unknown sentinel). */
export function knownString(value: unknown): string | undefined {
    const v = raw(value);
    return typeof v === "string" && v.trim() !== "" && !isUnknown(v) ? v.trim() : undefined;
}

/**
 * What a DLP job trigger inspects in Cloud Storage, read from
 * inspectJob.storageConfig.cloudStorageOptions.fileSet: the bucket (a name, "unknown" during
 * preview, or "unreadable" when the text is not a gs:// url) and whether the whole bucket is
 * scanned. `url` "gs://<bucket>/**" is recursive; "gs://<bucket>/" or a path scans part of it
 * (the fileSet docs: a trailing slash is non-recursive). A regexFileSet scans it whole only
 * without includeRegexes (or with ".*") and without excludeRegexes.
 */
export interface ScanTarget {
    bucket: string | "unknown" | "unreadable";
    whole: boolean;
    /** The fileSet as given, for messages. */
    described: string;
}

const GS_URL = /^gs:\/\/([^/]+)(?:\/(.*))?$/;

export function scanTarget(trigger: PolicyResource): ScanTarget | undefined {
    const path = ["inspectJob", "storageConfig", "cloudStorageOptions"];
    for (let i = 1; i <= path.length; i++) {
        if (isUnknown(readRaw(trigger.props, path.slice(0, i)))) {
            return { bucket: "unknown", whole: true, described: "unknown during preview" };
        }
    }
    const options = readRaw(trigger.props, path);
    if (!isPlainObject(options)) {
        return undefined;
    }
    const fileSet = raw(options.fileSet);
    if (isUnknown(fileSet)) {
        return { bucket: "unknown", whole: true, described: "unknown during preview" };
    }
    if (!isPlainObject(fileSet)) {
        return undefined;
    }
    const url = raw(fileSet.url);
    if (isUnknown(url)) {
        return { bucket: "unknown", whole: true, described: "unknown during preview" };
    }
    if (typeof url === "string" && url.trim() !== "") {
        const m = GS_URL.exec(url.trim());
        return m ? { bucket: m[1], whole: m[2] === "**", described: url.trim() } : { bucket: "unreadable", whole: true, described: url.trim() };
    }
    const regex = raw(fileSet.regexFileSet);
    if (isUnknown(regex)) {
        return { bucket: "unknown", whole: true, described: "unknown during preview" };
    }
    if (!isPlainObject(regex)) {
        return undefined;
    }
    const name = raw(regex.bucketName);
    const includes = raw(regex.includeRegexes);
    const excludes = raw(regex.excludeRegexes);
    const list = (v: unknown) => (Array.isArray(v) ? v.map((x) => raw(x)) : []);
    const includesAll = isUnknown(includes) || list(includes).length === 0 || list(includes).some((r) => r === ".*" || isUnknown(r));
    const excludesNone = isUnknown(excludes) || list(excludes).length === 0;
    const bucket = isUnknown(name) ? "unknown" : typeof name === "string" && name.trim() !== "" ? name.trim() : "unreadable";
    return { bucket, whole: includesAll && excludesNone, described: `regexFileSet on ${bucket === "unknown" ? "a bucket unknown during preview" : bucket}` };
}

/**
 * True when the trigger inspects `bucket`: its fileSet names the bucket's `name`, or, when either
 * side cannot be read (unknown during preview, an autonamed bucket, a url built from an output),
 * the engine recorded that the bucket fed inspectJob.
 */
export function scansBucket(trigger: PolicyResource, target: ScanTarget, bucket: PolicyResource): boolean {
    const name = knownString(readRaw(bucket.props, ["name"]));
    if (name !== undefined && target.bucket !== "unknown" && target.bucket !== "unreadable") {
        return target.bucket === name;
    }
    return (trigger.propertyDependencies.inspectJob ?? []).some((d) => d.urn === bucket.urn);
}

/** Job trigger statuses that never start a job. */
const STOPPED_STATUSES = ["PAUSED", "CANCELLED"];

/** True when the trigger runs on its own: status HEALTHY (or left out) and a schedule among its triggers. */
export function runsOnSchedule(trigger: PolicyResource): boolean {
    const status = readRaw(trigger.props, ["status"]);
    if (typeof status === "string" && !isUnknown(status) && STOPPED_STATUSES.includes(status.toUpperCase())) {
        return false;
    }
    const triggers = readRaw(trigger.props, ["triggers"]);
    if (isUnknown(triggers)) {
        return true;
    }
    return Array.isArray(triggers) && triggers.some((t) => {
        const entry = raw(t);
        return isUnknown(entry) || (isPlainObject(entry) && (isPlainObject(raw(entry.schedule)) || isUnknown(raw(entry.schedule))));
    });
}
