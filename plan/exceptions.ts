/**
 * The pack's exception register, read by the plan exactly as the pack reads it, so the report can
 * list every exception with its days left and flag the ones nothing used. A pack without a
 * register (a fixture pack, a third-party pack) simply has none.
 */
import * as fs from "fs";
import * as path from "path";
import type * as RegisterApi from "../policy-pack/exceptions";
import { PlanError } from "./errors";
import type { ExceptionRow } from "./report";

type Diagnostics = readonly { policyName: string; message: string }[];

/** Loads the register; throws {@link PlanError} (exit 2) when the register itself is malformed. */
export async function loadPackRegister(packDir: string): Promise<((diagnostics: Diagnostics) => ExceptionRow[]) | undefined> {
    const entry = path.join(packDir, "exceptions.ts");
    if (!fs.existsSync(entry)) return undefined;
    const api = (await import(entry)) as typeof RegisterApi;
    const register = api.loadExceptions();
    const problems = api.malformedProblems(register);
    if (problems.length > 0) {
        throw new PlanError(
            `The exception register ${path.relative(process.cwd(), register.file) || register.file} is malformed, so no plan was run: ` +
                problems.map((p) => p.message).join(" ") +
                " Fix or remove these entries; an exception needs id, policy, resource, reason, owner, ticket and an expiry at most 90 days away.",
        );
    }
    return (diagnostics) => api.exceptionRows(register, diagnostics);
}
