/**
 * Small readers the AWS rules share: provider values that arrive in more than one spelling, links
 * between resources, and ISO-8601 durations.
 *
 * Conventions (the same as the zt-any rules):
 * - A value a rule decides on is read through lib/props `readKnown`, so an unknown value makes the
 *   SDK report "can't run during preview" instead of a guess.
 * - A value whose mere presence is the requirement (a key ARN, a boundary ARN) counts as present
 *   when it is unknown during preview: it will be set, just not to a value known yet. `isPresent`
 *   encodes that.
 */
import { PolicyResource } from "@pulumi/policy";
import { isUnknown, raw, readRaw } from "./props";

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

/**
 * True when `from.<property>` refers to `target`. The engine's record of which resource fed the
 * property (propertyDependencies) is the primary evidence, since ids and ARNs are unknown in a
 * preview of new resources. A literal value is accepted when it equals one of the target's own
 * `targetProps` outputs (existing resources, state exports) or its URN.
 */
export function refersTo(from: PolicyResource, property: string, target: PolicyResource, targetProps: readonly string[] = ["id"]): boolean {
    if ((from.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    const ref = readRaw(from.props, [property]);
    if (typeof ref !== "string" || ref === "" || isUnknown(ref)) {
        return false;
    }
    if (ref === target.urn) {
        return true;
    }
    return targetProps.some((p) => {
        const own = readRaw(target.props, [p]);
        return typeof own === "string" && !isUnknown(own) && own.toLowerCase() === ref.toLowerCase();
    });
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
