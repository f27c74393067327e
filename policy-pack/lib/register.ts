/**
 * The exception register's pure core: parse, validate and match. No file system, no clock, no
 * knowledge of the rule list, so the pack, the offline plan and the tests share one definition.
 */
import picomatch from "picomatch";
import { parse as parseYaml } from "yaml";

/** Exceptions may run at most this many days from the run's date. */
export const MAX_EXCEPTION_DAYS = 90;

/** The fields every entry must carry, in the order problems name them. */
export const EXCEPTION_FIELDS = ["id", "policy", "resource", "reason", "owner", "ticket", "expires"] as const;
type Field = (typeof EXCEPTION_FIELDS)[number];

/** Policies that can never be waived: waiving the register would defeat it. */
export const UNWAIVABLE_POLICIES: readonly string[] = [
    "zt-any-governance-exception-register",
    "zt-any-governance-exception-applied",
];

/** One well-formed entry, with its days left counted from the run's date. */
export interface ExceptionEntry {
    id: string;
    policy: string;
    /** A URN or logical-name glob (picomatch, `*` also spans `/` and `::`). */
    resource: string;
    reason: string;
    owner: string;
    ticket: string;
    /** ISO date (YYYY-MM-DD); the exception holds through this day. */
    expires: string;
    /** Days from the run's date to `expires`; 0 on the last valid day, negative once expired. */
    daysLeft: number;
}

export type ProblemKind =
    | "malformed-register"
    | "malformed-entry"
    | "missing-field"
    | "unknown-field"
    | "invalid-date"
    | "too-far"
    | "expired"
    | "unknown-policy"
    | "unwaivable-policy"
    | "duplicate-id";

export interface RegisterProblem {
    kind: ProblemKind;
    /** The entry's id, or `#<n>` (1-based position) when it has none; empty for file-level problems. */
    entry: string;
    message: string;
}

/** The validated register. Only `active` entries waive anything. */
export interface ValidatedExceptions {
    active: ExceptionEntry[];
    expired: ExceptionEntry[];
    /** Every problem, including one `expired` problem per expired entry. */
    problems: RegisterProblem[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses an ISO calendar date to a UTC day number, or undefined if it is not a real date. */
export function dayNumber(iso: string): number | undefined {
    const m = ISO_DATE.exec(iso);
    if (!m) {
        return undefined;
    }
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    // Date.UTC rolls 2025-02-30 over to March; a round trip catches impossible dates.
    if (new Date(ms).toISOString().slice(0, 10) !== iso) {
        return undefined;
    }
    return ms / 86_400_000;
}

function isoFromDay(day: number): string {
    return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Parses the register's YAML text; a syntax error becomes a file-level problem. */
export function parseRegister(text: string, file: string): { doc?: unknown; problem?: RegisterProblem } {
    try {
        return { doc: parseYaml(text) as unknown };
    } catch (e) {
        const reason = e instanceof Error ? e.message.split("\n")[0] : String(e);
        return { problem: { kind: "malformed-register", entry: "", message: `exceptions register ${file} is not valid YAML: ${reason}` } };
    }
}

/**
 * Validates a parsed register against the run's date and the pack's policy ids. Collects every
 * problem rather than stopping at the first, so one run shows the whole fix list.
 * `knownPolicies` undefined skips the unknown-policy check (an entry naming no real policy can
 * never match a violation anyway, so matching stays correct without it).
 */
export function validateExceptions(
    doc: unknown,
    today: string,
    knownPolicies?: readonly string[],
    file = "exceptions.yaml",
): ValidatedExceptions {
    const result: ValidatedExceptions = { active: [], expired: [], problems: [] };
    const todayDay = dayNumber(today);
    if (todayDay === undefined) {
        throw new Error(`the run's date "${today}" is not an ISO date (YYYY-MM-DD); check ZT_TODAY`);
    }
    const list = (doc as { exceptions?: unknown } | null | undefined)?.exceptions;
    if (!doc || typeof doc !== "object" || !Array.isArray(list)) {
        result.problems.push({
            kind: "malformed-register",
            entry: "",
            message: `exceptions register ${file} must be a mapping with an "exceptions" list (use "exceptions: []" for none)`,
        });
        return result;
    }
    const seen = new Map<string, number>();
    list.forEach((raw: unknown, index) => {
        const position = index + 1;
        if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
            result.problems.push({ kind: "malformed-entry", entry: `#${position}`, message: `exception #${position} is not a mapping of ${EXCEPTION_FIELDS.join(", ")}` });
            return;
        }
        const entry = raw as Record<string, unknown>;
        const label = typeof entry.id === "string" && entry.id.trim() !== "" ? entry.id : `#${position}`;
        const problem = (kind: ProblemKind, message: string) => result.problems.push({ kind, entry: label, message: `exception "${label}" ${message}` });
        const before = result.problems.length;

        const missing = EXCEPTION_FIELDS.filter((f: Field) => typeof entry[f] !== "string" || (entry[f] as string).trim() === "");
        if (missing.length > 0) {
            problem("missing-field", `is missing required field(s): ${missing.join(", ")} (each must be a non-empty string)`);
        }
        const unknown = Object.keys(entry).filter((k) => !(EXCEPTION_FIELDS as readonly string[]).includes(k));
        if (unknown.length > 0) {
            problem("unknown-field", `has unknown field(s): ${unknown.join(", ")}; allowed: ${EXCEPTION_FIELDS.join(", ")}`);
        }
        if (typeof entry.id === "string" && entry.id.trim() !== "") {
            const first = seen.get(entry.id);
            if (first !== undefined) {
                problem("duplicate-id", `is defined more than once (entries #${first} and #${position}); ids must be unique`);
            } else {
                seen.set(entry.id, position);
            }
        }
        const policy = typeof entry.policy === "string" ? entry.policy : undefined;
        if (policy && UNWAIVABLE_POLICIES.includes(policy)) {
            problem("unwaivable-policy", `targets "${policy}", which cannot be waived`);
        } else if (policy && knownPolicies && !knownPolicies.includes(policy)) {
            problem("unknown-policy", `names unknown policy "${policy}"; use a policy id from docs/policies.md`);
        }
        let expiresDay: number | undefined;
        if (typeof entry.expires === "string" && entry.expires.trim() !== "") {
            expiresDay = dayNumber(entry.expires);
            if (expiresDay === undefined) {
                problem("invalid-date", `has expires "${entry.expires}", which is not an ISO date (YYYY-MM-DD)`);
            } else if (expiresDay - todayDay > MAX_EXCEPTION_DAYS) {
                problem(
                    "too-far",
                    `expires on ${entry.expires}, ${expiresDay - todayDay} days away; the limit is ${MAX_EXCEPTION_DAYS} days (latest allowed: ${isoFromDay(todayDay + MAX_EXCEPTION_DAYS)})`,
                );
            }
        }
        if (result.problems.length > before || expiresDay === undefined) {
            return;
        }
        const valid: ExceptionEntry = {
            id: entry.id as string,
            policy: entry.policy as string,
            resource: entry.resource as string,
            reason: entry.reason as string,
            owner: entry.owner as string,
            ticket: entry.ticket as string,
            expires: entry.expires as string,
            daysLeft: expiresDay - todayDay,
        };
        if (valid.daysLeft < 0) {
            problem("expired", `expired on ${valid.expires}; its violations of ${valid.policy} block again. Fix the resource, or renew the entry (new ticket, expiry at most ${MAX_EXCEPTION_DAYS} days away)`);
            result.expired.push(valid);
        } else {
            result.active.push(valid);
        }
    });
    return result;
}

/** The identity an exception's `resource` glob is matched against. */
export interface ResourceIdentity {
    urn: string;
    name: string;
}

// `bash: true` makes a single `*` span `/`, which type tokens such as aws:s3/bucketV2:BucketV2 contain.
const matcherCache = new Map<string, (s: string) => boolean>();
function matcher(glob: string): (s: string) => boolean {
    let m = matcherCache.get(glob);
    if (!m) {
        m = picomatch(glob, { bash: true, dot: true });
        matcherCache.set(glob, m);
    }
    return m;
}

/** True when the entry covers this resource: a `urn:` pattern matches the URN, any other the logical name. */
export function entryMatches(entry: Pick<ExceptionEntry, "resource">, resource: ResourceIdentity): boolean {
    const target = entry.resource.startsWith("urn:") ? resource.urn : resource.name;
    return matcher(entry.resource)(target);
}

/** The first active exception for this policy and resource, if any. */
export function findException(active: readonly ExceptionEntry[], policy: string, resource: ResourceIdentity): ExceptionEntry | undefined {
    return active.find((e) => e.policy === policy && entryMatches(e, resource));
}
