/**
 * `npm run bootstrap -- preview|up --stack aws-dev|aws-prod|azure|gcp` (AWS: one stack per account,
 * and so per environment; see bootstrap/README.md): the real Pulumi CLI in bootstrap/, with
 * the policy pack and policy-pack/config/bootstrap.json (prod's, every rule mandatory but the
 * account-wide detective controls; see bootstrap/config.ts), after validating the stack's config and
 * the landing-zone stack files it reads (bootstrap/landing-zones.ts). Extra
 * arguments go through to the CLI. Exit codes match `npm run preview`: 2 for bad input.
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { readStackConfig, StackFileError } from "../config/stack-file";
import { formatIssues } from "../config/issues";
import { BOOTSTRAP_PACK_ENVIRONMENT, BOOTSTRAP_REFERENCE } from "../bootstrap/config";
import { validateBootstrapStack } from "../bootstrap/landing-zones";
import { pulumiArgs } from "./pulumi";

const BOOTSTRAP = path.resolve(__dirname, "..", "bootstrap");
const PACK_CONFIG = path.resolve(__dirname, "..", "policy-pack", "config", `${BOOTSTRAP_PACK_ENVIRONMENT}.json`);

function fail(message: string): never {
    console.error(`error: ${message}`);
    process.exit(2);
}

function main(argv: string[]): void {
    const [command, ...rest] = argv;
    if (command !== "preview" && command !== "up") fail(`unknown command "${command}"; use preview or up.`);
    const at = rest.indexOf("--stack");
    const stack = at >= 0 ? rest[at + 1] : undefined;
    if (!stack) fail(`--stack NAME is required: npm run bootstrap -- ${command} --stack aws-dev (or aws-prod, azure, gcp).`);
    const passThrough = rest.filter((_, i) => i !== at && i !== at + 1);

    try {
        // The landing-zone stack files it reads too: a bad one fails here, before the CLI starts.
        const result = validateBootstrapStack(readStackConfig(stack, BOOTSTRAP).config);
        if (!result.ok) fail(formatIssues(stack, result.issues, BOOTSTRAP_REFERENCE));
    } catch (e) {
        if (e instanceof StackFileError) fail(e.message);
        throw e;
    }
    if (spawnSync("pulumi", ["version"], { encoding: "utf8" }).error) {
        fail("the Pulumi CLI is not installed or not on PATH. Install it (https://www.pulumi.com/docs/install/), then retry. " +
            "Without a cloud account, `npm run plan:bootstrap` runs the same program and policy pack offline.");
    }
    const run = spawnSync("pulumi", pulumiArgs(command, stack, PACK_CONFIG, passThrough), { cwd: BOOTSTRAP, stdio: "inherit" });
    process.exit(run.status ?? 1);
}

if (require.main === module) main(process.argv.slice(2));
