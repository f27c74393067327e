/** Loads the bootstrap config inside the program (real run or offline plan). */
import * as pulumi from "@pulumi/pulumi";
import { formatIssues } from "../config/issues";
import { BOOTSTRAP_REFERENCE, validateBootstrapConfig, type Bootstrap } from "./config";

/**
 * Validates the stack's whole config before any resource is declared. On failure it throws a
 * `RunError`, which the Pulumi CLI prints as the plain list of errors, without a stack trace.
 */
export function loadBootstrap(): Bootstrap {
    const result = validateBootstrapConfig(pulumi.runtime.allConfig());
    if (!result.ok) throw new pulumi.RunError(formatIssues(pulumi.getStack(), result.issues, BOOTSTRAP_REFERENCE));
    return result.bootstrap;
}
