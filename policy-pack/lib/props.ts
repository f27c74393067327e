/**
 * Reading resource properties the way the rules need to.
 *
 * The server hands rules an "unknown-checking" proxy: touching a value that is unknown during
 * preview throws, and the server turns that into an advisory "can't run during preview". That is
 * right for the value a rule decides on, and wrong for values it merely walks past (one unknown
 * vpcId must not stop the plaintext-secret scan of a whole resource). So rules read the decisive
 * containers through the proxy and everything else from the raw object underneath.
 */

// The proxy answers this key with its target (see @pulumi/policy proxy.js, getSpecialProxyTarget).
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

// Pulumi's wire sentinels for unknown values (one per type). They are protocol constants.
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
    "030794c1-ac77-496b-92df-f27374a8bd58",
    "e48ece36-62e2-4504-bad9-02848725956a",
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);

export function isUnknown(value: unknown): boolean {
    return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** The plain object under the server's proxy (or the value itself when it is not proxied). */
export function raw<T>(value: T): T {
    if (value !== null && typeof value === "object") {
        const target = (value as Record<string, unknown>)[PROXY_TARGET_KEY];
        if (target !== undefined && target !== null && typeof target === "object") {
            return target as T;
        }
    }
    return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return false;
    }
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * Reads a path through the proxy, so an unknown container on the way throws the SDK's
 * UnknownValueError, and returns the raw value found (leaves inside it are not checked).
 */
export function readKnown(props: Record<string, unknown>, path: readonly string[]): unknown {
    let current: unknown = props;
    for (const segment of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<string, unknown>)[segment];
    }
    return raw(current);
}

/** Reads a path on the raw object; unknowns come back as their sentinel strings. */
export function readRaw(props: unknown, path: readonly string[]): unknown {
    let current: unknown = raw(props);
    for (const segment of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = raw((current as Record<string, unknown>)[segment]);
    }
    return current;
}

/** Formats a property path for messages: settings.userLabels, containers[0].env[2].value. */
export function formatPath(segments: readonly (string | number)[]): string {
    let out = "";
    for (const s of segments) {
        if (typeof s === "number") {
            out += `[${s}]`;
        } else if (/^[A-Za-z_$][\w$]*$/.test(s)) {
            out += out === "" ? s : `.${s}`;
        } else {
            out += `[${JSON.stringify(s)}]`;
        }
    }
    return out;
}

/**
 * Provider inputs hold nested objects as JSON strings (the SDKs stringify provider args), while
 * stack outputs may hold objects. Accept both.
 */
export function objectOrJson(value: unknown): Record<string, unknown> | undefined {
    const v = raw(value);
    if (isPlainObject(v)) {
        return v;
    }
    if (typeof v === "string" && v.trim().startsWith("{")) {
        try {
            const parsed: unknown = JSON.parse(v);
            return isPlainObject(parsed) ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return undefined;
}
