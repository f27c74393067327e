/**
 * `npm run bootstrap` (scripts/bootstrap.ts) refuses bad input with exit 2 and one paragraph, before
 * the Pulumi CLI would start: a wrong command, an unknown stack, and, with valid config (its own and
 * the landing-zone stack files it reads), a missing CLI. PATH holds only Node's directory, so a
 * Pulumi CLI installed on the machine is never run.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { REPO_ROOT } from "../support/graphs";

function bootstrap(...args: string[]) {
    const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "bootstrap.ts"), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, PATH: path.dirname(process.execPath) },
    });
    return { status: run.status, stderr: run.stderr.trim() };
}

describe("npm run bootstrap: input checked before the CLI runs", function () {
    this.timeout(30_000);

    it("refuses a command other than preview or up", () => {
        assert.deepEqual(bootstrap("destroy", "--stack", "gcp"), { status: 2, stderr: 'error: unknown command "destroy"; use preview or up.' });
    });

    it("refuses a stack without a file, naming the known ones", () => {
        const { status, stderr } = bootstrap("preview", "--stack", "aws-staging");
        assert.equal(status, 2);
        assert.match(stderr, /^error: Stack "aws-staging" has no stack file: expected stacks\/Pulumi\.aws-staging\.yaml\. Known stacks: aws-dev, aws-prod, azure, gcp\./);
    });

    it("with valid config, including the landing-zone stacks it reads, stops at the missing CLI and says how to plan offline", () => {
        const { status, stderr } = bootstrap("preview", "--stack", "azure");
        assert.equal(status, 2);
        assert.match(stderr, /^error: the Pulumi CLI is not installed or not on PATH\. .*`npm run plan:bootstrap` runs the same program and policy pack offline\.$/);
    });
});
