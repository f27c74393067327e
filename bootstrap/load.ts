/** Loads the bootstrap config inside the program (real run or offline plan). */
import * as pulumi from "@pulumi/pulumi";
import { formatIssues } from "../config/issues";
import { BOOTSTRAP_REFERENCE } from "./config";
import { validateBootstrapStack, type BootstrapStack } from "./landing-zones";

/**
 * Validates the stack's whole config, and the landing-zone stack files it reads, before any
 * resource is declared. On failure it throws a
 * `RunError`, which the Pulumi CLI prints as the plain list of errors, without a stack trace.
 */
export function loadBootstrap(): BootstrapStack {
    const result = validateBootstrapStack(pulumi.runtime.allConfig());
    if (!result.ok) throw new pulumi.RunError(formatIssues(pulumi.getStack(), result.issues, BOOTSTRAP_REFERENCE));
    return result.bootstrap;
}
