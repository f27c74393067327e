/**
 * `npm run preview -- --stack NAME` and `npm run up -- --stack NAME`: the real Pulumi CLI, always
 * with the policy pack and the stack's environment's pack config, so no deployment can skip them.
 *
 * The environment is read from the stack's validated config, never guessed from the stack name,
 * and the config is validated before the CLI starts so a bad stack file fails in a second.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { readStackConfig, StackFileError } from "../config/stack-file";
import { formatIssues, validateConfigMap } from "../config/validate";

const ROOT = path.resolve(__dirname, "..");
const PACK = path.join(ROOT, "policy-pack");

/** Exit codes match `npm run plan`: 2 for bad input. The CLI's own code is passed through. */
function fail(message: string): never {
    console.error(`error: ${message}`);
    process.exit(2);
}

export function pulumiArgs(command: "preview" | "up", stack: string, packConfig: string, passThrough: string[]): string[] {
    return [command, "--stack", stack, "--policy-pack", PACK, "--policy-pack-config", packConfig, ...passThrough];
}

function main(argv: string[]): void {
    const [command, ...rest] = argv;
    if (command !== "preview" && command !== "up") fail(`unknown command "${command}"; use preview or up.`);
    const at = rest.indexOf("--stack");
    const stack = at >= 0 ? rest[at + 1] : undefined;
    if (!stack) fail(`--stack NAME is required, e.g. npm run ${command} -- --stack aws-dev. Every deployment names its stack explicitly.`);
    const passThrough = rest.filter((_, i) => i !== at && i !== at + 1);

    let config;
    try {
        config = readStackConfig(stack).config;
    } catch (e) {
        if (e instanceof StackFileError) fail(e.message);
        throw e;
    }
    const result = validateConfigMap(config);
    if (!result.ok) fail(formatIssues(stack, result.issues));
    const packConfig = path.join(PACK, "config", `${result.intent.environment}.json`);
    if (!fs.existsSync(packConfig)) fail(`the policy-pack config for ${result.intent.environment} is missing: ${path.relative(ROOT, packConfig)}.`);

    const probe = spawnSync("pulumi", ["version"], { encoding: "utf8" });
    if (probe.error) {
        fail(
            "the Pulumi CLI is not installed or not on PATH. Install it (https://www.pulumi.com/docs/install/), " +
                "run `pulumi login` (see README: local file backend, your own bucket, or Pulumi Cloud), then retry. " +
                "Without a cloud account, `npm run plan` runs the same program and policy pack offline.",
        );
    }
    const run = spawnSync("pulumi", pulumiArgs(command, stack, packConfig, passThrough), { cwd: ROOT, stdio: "inherit" });
    process.exit(run.status ?? 1);
}

if (require.main === module) main(process.argv.slice(2));
