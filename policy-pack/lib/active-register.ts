/**
 * The register as the running pack sees it, and the ledger that carries waived violations from
 * the rule that found them to the advisory `zt-any-governance-exception-applied` policy.
 *
 * Why a ledger: CrossGuard applies one enforcement level to all of a policy's violations, so a
 * rule cannot report one resource's violation as advisory and another's as mandatory. A rule
 * therefore keeps a waived violation out of its own report and records it here; the
 * exception-applied policy (always advisory, last in the pack) reports it as a note. The server
 * runs a request's policies one after another in list order, so within one Analyze call the notes
 * are recorded before they are drained; keys are URNs, so concurrent calls do not mix.
 */
import * as fs from "fs";
import * as path from "path";
import { ExceptionEntry, RegisterProblem, ValidatedExceptions, parseRegister, validateExceptions } from "./register";

/** Overrides the register's location (tests, forks with a shared register). */
export const EXCEPTIONS_FILE_ENV = "ZT_EXCEPTIONS_FILE";
/** Overrides the run's date (YYYY-MM-DD) so tests about expiry are deterministic. */
export const TODAY_ENV = "ZT_TODAY";

/** The pack's own directory (this file lives in lib/). */
export const PACK_DIR = path.resolve(__dirname, "..");
export const DEFAULT_EXCEPTIONS_FILE = path.join(PACK_DIR, "exceptions.yaml");

export function exceptionsFile(): string {
    return process.env[EXCEPTIONS_FILE_ENV] || DEFAULT_EXCEPTIONS_FILE;
}

/** The run's date: ZT_TODAY if set, else today's UTC date. */
export function runDate(): string {
    return process.env[TODAY_ENV] || new Date().toISOString().slice(0, 10);
}

export interface LoadedRegister extends ValidatedExceptions {
    file: string;
    today: string;
}

/** Reads and validates a register file; a missing or unparsable file is a file-level problem. */
export function readRegister(file: string, today: string, knownPolicies?: readonly string[]): LoadedRegister {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : `cannot be read (${(e as Error).message})`;
        const problem: RegisterProblem = { kind: "malformed-register", entry: "", message: `exceptions register ${file} ${reason}` };
        return { file, today, active: [], expired: [], problems: [problem] };
    }
    const parsed = parseRegister(text, file);
    if (parsed.problem) {
        return { file, today, active: [], expired: [], problems: [parsed.problem] };
    }
    return { file, today, ...validateExceptions(parsed.doc, today, knownPolicies, file) };
}

let cache: { key: string; register: LoadedRegister } | undefined;

/**
 * The register for this run, re-read only when the file, the date or the file's mtime changes
 * (the pack serves one preview, but in-process tests switch files between cases).
 */
export function currentRegister(): LoadedRegister {
    const file = exceptionsFile();
    const today = runDate();
    let mtime = "missing";
    try {
        mtime = String(fs.statSync(file).mtimeMs);
    } catch {
        // A missing file is reported by readRegister as a register problem.
    }
    const key = `${file}\n${today}\n${mtime}`;
    if (!cache || cache.key !== key) {
        cache = { key, register: readRegister(file, today) };
    }
    return cache.register;
}

/** A violation that an active exception turned into a note. */
export interface WaivedViolation {
    policy: string;
    urn: string;
    message: string;
    exception: ExceptionEntry;
}

const resourceLedger = new Map<string, Map<string, WaivedViolation[]>>();
const stackLedger = new Map<string, WaivedViolation[]>();

/** Records (replacing any earlier record) what one resource rule waived for one resource. */
export function recordResourceWaivers(urn: string, policy: string, waived: WaivedViolation[]): void {
    let byPolicy = resourceLedger.get(urn);
    if (!byPolicy) {
        byPolicy = new Map();
        resourceLedger.set(urn, byPolicy);
    }
    if (waived.length > 0) {
        byPolicy.set(policy, waived);
    } else {
        byPolicy.delete(policy);
    }
}

/** Records what one stack rule waived in this stack analysis. */
export function recordStackWaivers(policy: string, waived: WaivedViolation[]): void {
    stackLedger.set(policy, waived);
}

export function drainResourceWaivers(urn: string): WaivedViolation[] {
    const byPolicy = resourceLedger.get(urn);
    resourceLedger.delete(urn);
    return byPolicy ? [...byPolicy.values()].flat() : [];
}

export function drainStackWaivers(): WaivedViolation[] {
    const all = [...stackLedger.values()].flat();
    stackLedger.clear();
    return all;
}

/** The note the exception-applied policy reports: names the exception, its owner, ticket and days left. */
export function waiverNote(w: WaivedViolation): string {
    const e = w.exception;
    const left = e.daysLeft === 1 ? "1 day left" : `${e.daysLeft} days left`;
    return `${w.policy} waived by exception "${e.id}" (owner ${e.owner}, ticket ${e.ticket}, expires ${e.expires}, ${left}): ${w.message}`;
}
