/**
 * The exception register's public API, for the offline plan, the docs and tests. Pure apart from
 * reading the file: pass the run's date explicitly.
 *
 *   const reg = loadExceptions("policy-pack/exceptions.yaml", "2025-06-01");
 *   reg.active      // entries that waive violations now, each with daysLeft
 *   reg.expired     // entries past their date (also listed in problems)
 *   reg.problems    // everything wrong, one message per problem
 *   isMalformed(reg) // true when the register itself must be fixed (exit 2 in the plan)
 */
import { DEFAULT_EXCEPTIONS_FILE, EXCEPTIONS_FILE_ENV, LoadedRegister, TODAY_ENV, exceptionsFile, readRegister, runDate } from "./lib/active-register";
import { RegisterProblem, ValidatedExceptions, validateExceptions as validateCore } from "./lib/register";
import { ruleIds } from "./rules";

export {
    EXCEPTION_FIELDS,
    MAX_EXCEPTION_DAYS,
    UNWAIVABLE_POLICIES,
    entryMatches,
    findException,
    parseRegister,
} from "./lib/register";
export type { ExceptionEntry, ProblemKind, RegisterProblem, ResourceIdentity, ValidatedExceptions } from "./lib/register";
export type { LoadedRegister } from "./lib/active-register";
export { DEFAULT_EXCEPTIONS_FILE, EXCEPTIONS_FILE_ENV, TODAY_ENV, exceptionsFile, runDate };

/** Reads and validates a register file against the pack's policy ids (or the ids given). */
export function loadExceptions(file: string = exceptionsFile(), today: string = runDate(), knownPolicies: readonly string[] = ruleIds): LoadedRegister {
    return readRegister(file, today, knownPolicies);
}

/** Validates an already-parsed register document against the pack's policy ids (or the ids given). */
export function validateExceptions(doc: unknown, today: string, knownPolicies: readonly string[] = ruleIds): ValidatedExceptions {
    return validateCore(doc, today, knownPolicies);
}

/** Problems that make the register itself wrong, as opposed to entries that have merely expired. */
export function malformedProblems(register: { problems: readonly RegisterProblem[] }): RegisterProblem[] {
    return register.problems.filter((p) => p.kind !== "expired");
}

export function isMalformed(register: { problems: readonly RegisterProblem[] }): boolean {
    return malformedProblems(register).length > 0;
}

/** How the exception-applied notes name their exception (see lib/active-register.ts waiverNote). */
const NOTE_EXCEPTION = / waived by exception "([^"]+)" /;

/** Exception ids that waived at least one violation, read from a run's diagnostics. */
export function usedExceptionIds(diagnostics: readonly { policyName: string; message: string }[]): Set<string> {
    const used = new Set<string>();
    for (const d of diagnostics) {
        const m = d.policyName === "zt-any-governance-exception-applied" ? NOTE_EXCEPTION.exec(d.message) : null;
        if (m) {
            used.add(m[1]);
        }
    }
    return used;
}

/** One row per registered, well-formed exception (active and expired), for the plan's report. */
export interface ExceptionRow {
    id: string;
    policy: string;
    resource: string;
    owner: string;
    expires: string;
    daysLeft: number;
    used: boolean;
}

export function exceptionRows(register: LoadedRegister, diagnostics: readonly { policyName: string; message: string }[] = []): ExceptionRow[] {
    const used = usedExceptionIds(diagnostics);
    return [...register.active, ...register.expired].map((e) => ({
        id: e.id,
        policy: e.policy,
        resource: e.resource,
        owner: e.owner,
        expires: e.expires,
        daysLeft: e.daysLeft,
        used: used.has(e.id),
    }));
}
