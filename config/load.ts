/** Loads the intent inside a Pulumi program (real run or offline plan) from the stack's config. */
import * as pulumi from "@pulumi/pulumi";
import { formatIssues, validateConfigMap } from "./validate";
import type { Intent } from "./schema";

/**
 * Validates the stack's whole config before any resource is declared. On failure it throws a
 * `RunError`, which the Pulumi CLI prints as the plain message: the list of errors, no stack trace.
 */
export function loadIntent(): Intent {
    const result = validateConfigMap(pulumi.runtime.allConfig());
    if (!result.ok) throw new pulumi.RunError(formatIssues(pulumi.getStack(), result.issues));
    return result.intent;
}
