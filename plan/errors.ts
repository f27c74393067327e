/**
 * The one error type the plan shows to a user as-is: bad input, bad config, or a program/pack that
 * could not run. The CLI prints its message (one paragraph, no stack trace) and exits with 2.
 */
export class PlanError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PlanError";
    }
}

/** Message of any thrown value, without a stack. */
export function messageOf(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
