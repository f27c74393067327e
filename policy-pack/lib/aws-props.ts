/**
 * Small readers the AWS rules share: provider values that arrive in more than one spelling and
 * ISO-8601 durations (links between resources are in ./links.ts).
 *
 * Conventions (the same as the zt-any rules):
 * - A value a rule decides on is read through lib/props `readKnown`, so an unknown value makes the
 *   SDK report "can't run during preview" instead of a guess.
 * - A value whose mere presence is the requirement (a key ARN, a boundary ARN) counts as present
 *   when it is unknown during preview: it will be set, just not to a value known yet. `isPresent`
 *   encodes that.
 */
import { raw } from "./props";

/**
 * A provider boolean. Most types take true/false; launch-template and some nested blocks take the
 * strings "true"/"false". Anything else (absent, unknown, other text) is undefined.
 */
export function asBool(value: unknown): boolean | undefined {
    const v = raw(value);
    if (typeof v === "boolean") {
        return v;
    }
    if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) {
        return v.trim().toLowerCase() === "true";
    }
    return undefined;
}

/** A provider number, or its decimal text. Anything else (absent, unknown, other text) is undefined. */
export function asNumber(value: unknown): number | undefined {
    const v = raw(value);
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) {
        return Number(v);
    }
    return undefined;
}

/** True when a value is set: a non-empty string, any other non-null value, or unknown (it will be set). */
export function isPresent(value: unknown): boolean {
    const v = raw(value);
    if (v === undefined || v === null) {
        return false;
    }
    if (typeof v === "string") {
        return v.trim() !== "";
    }
    return true;
}

/** A list property as an array of raw elements ([] when absent or not a list). */
export function listOf(value: unknown): unknown[] {
    const v = raw(value);
    return Array.isArray(v) ? v.map((x) => raw(x)) : [];
}

const ISO_DURATION = /^PT(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/i;

/** Seconds in an ISO-8601 time duration such as "PT8H" or "PT1H30M"; undefined when it is not one. */
export function isoDurationSeconds(duration: string): number | undefined {
    const m = ISO_DURATION.exec(duration.trim());
    if (!m) {
        return undefined;
    }
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
