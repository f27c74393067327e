/**
 * `npm run judge:aws`: an independent judge for the AWS landing zone. Runs every rule of
 * `@pulumi/awsguard` (installed in judge/aws, outside the main dependency tree) on the aws-prod
 * graph, captured and analysed by the same code as `npm run plan` (plan/plan-stack.ts), and
 * checks each finding against the register of known false positives, judge/aws/false-positives.yaml.
 *
 * Exit codes: 0 every finding is documented; 1 at least one finding is not in the register (a real
 * problem, or a false positive nobody has explained yet); 2 a setup error (bad flag, malformed
 * register, install failure, a program or pack that could not run). Stale register entries warn.
 * The report goes to stdout, progress lines to stderr. Pure logic: scripts/judge-aws-lib.ts.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { PlanError, messageOf } from "../plan/errors";
import { planProgramStack } from "../plan/plan-stack";
import {
    AWSGUARD_POLICIES,
    INSTALL_STAMP,
    exitCodeOf,
    findingsOf,
    installNeeded,
    judge,
    loadRegister,
    lockHash,
    renderDocsTable,
    renderJudgeReport,
    unknownRules,
    withGeneratedPart,
} from "./judge-aws-lib";

const REPO_ROOT = path.resolve(__dirname, "..");
export const JUDGE_DIR = path.join(REPO_ROOT, "judge", "aws");
export const REGISTER_FILE = path.join(JUDGE_DIR, "false-positives.yaml");
export const DOCS_FILE = path.join(REPO_ROOT, "docs", "awsguard.md");
const INSTALL_TIMEOUT_MS = 10 * 60_000;

const USAGE = `Usage: npm run judge:aws -- [options]

Runs every @pulumi/awsguard rule (installed in judge/aws) on a stack's offline graph and checks each
finding against judge/aws/false-positives.yaml.

Options:
  --stack NAME    stack to judge (default: aws-prod)
  --write-docs    regenerate the table in docs/awsguard.md from the register, then exit
  --help          show this help

Exit codes: 0 every finding documented, 1 a finding not in the register, 2 a setup error.`;

/** Runs `npm ci` in the judge's folder when its node_modules is missing or older than its lockfile. */
function ensureInstalled(): void {
    const why = installNeeded(JUDGE_DIR);
    if (!why) return;
    console.error(`judge:aws: installing judge/aws because ${why} (npm ci --prefix judge/aws) ...`);
    const started = Date.now();
    // --ignore-scripts: @pulumi/aws v4's install script would try to fetch a provider plugin with the
    // Pulumi CLI; a policy pack never needs the plugin.
    const args = ["ci", "--prefix", JUDGE_DIR, "--ignore-scripts", "--no-audit", "--no-fund"];
    const npmCli = process.env["npm_execpath"];
    const [cmd, cmdArgs] = npmCli && /npm-cli\.js$/.test(npmCli) ? [process.execPath, [npmCli, ...args]] : ["npm", args];
    const res = spawnSync(cmd, cmdArgs, { cwd: REPO_ROOT, encoding: "utf8", timeout: INSTALL_TIMEOUT_MS, stdio: ["ignore", "pipe", "pipe"] });
    if (res.error || res.status !== 0) {
        const tail = `${res.stdout ?? ""}\n${res.stderr ?? ""}`.trim().split("\n").filter((l) => l && !/Unknown user config/.test(l)).slice(-4).join(" | ");
        const cause = res.error ? (res.signal === "SIGTERM" ? `it took longer than ${INSTALL_TIMEOUT_MS / 60_000} minutes` : res.error.message) : `npm exited with code ${res.status}`;
        throw new PlanError(
            `Could not install the judge in judge/aws: ${cause}. ${tail ? `npm said: ${tail}. ` : ""}` +
                `The judge needs the npm registry once; run "npm ci --prefix judge/aws --ignore-scripts" by hand to see the full output.`,
        );
    }
    fs.writeFileSync(path.join(JUDGE_DIR, "node_modules", INSTALL_STAMP), lockHash(JUDGE_DIR) + "\n");
    console.error(`judge:aws: installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

/** Our pack's rule ids, to check each entry's `enforcedBy`; undefined when the list cannot load. */
async function ourRuleIds(): Promise<readonly string[] | undefined> {
    try {
        return (await import("../policy-pack/rules")).ruleIds;
    } catch (err) {
        console.error(`judge:aws: warning: could not load policy-pack/rules to check "enforcedBy" (${messageOf(err).split("\n")[0]})`);
        return undefined;
    }
}

function installedVersion(pkg: string): string {
    try {
        return (JSON.parse(fs.readFileSync(path.join(JUDGE_DIR, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
    } catch {
        return "?";
    }
}

export async function main(argv: string[]): Promise<number> {
    try {
        let values;
        try {
            values = parseArgs({
                args: argv,
                strict: true,
                allowPositionals: false,
                options: { stack: { type: "string" }, "write-docs": { type: "boolean" }, help: { type: "boolean", short: "h" } },
            }).values;
        } catch (err) {
            throw new PlanError(`${messageOf(err).replace(/\.?$/, ".")} Run "npm run judge:aws -- --help" for the options.`);
        }
        if (values.help) {
            console.log(USAGE);
            return 0;
        }
        const register = loadRegister(REGISTER_FILE);
        if (values["write-docs"]) {
            fs.writeFileSync(DOCS_FILE, withGeneratedPart(fs.readFileSync(DOCS_FILE, "utf8"), renderDocsTable(register.entries)));
            console.log(`Wrote the table of ${register.entries.length} false positives to ${path.relative(REPO_ROOT, DOCS_FILE)}.`);
            return 0;
        }
        const stack = values.stack ?? "aws-prod";
        const started = Date.now();
        ensureInstalled();
        const installMs = Date.now() - started;
        const plan = await planProgramStack(stack, { root: REPO_ROOT, packDir: JUDGE_DIR });
        const result = judge(findingsOf(plan.analysis.diagnostics), register.entries, plan.graph.resources);
        const levels = Object.entries(plan.analysis.config).filter(([name]) => name !== "all").map(([, c]) => c.enforcementLevel ?? "advisory");
        const byLevel = [...new Set(levels)].map((l) => `${levels.filter((x) => x === l).length} ${l}`).join(", ");
        const header = [
            `== judge:aws on ${stack} ==`,
            `Judge: ${plan.analysis.pack.name}@${plan.analysis.pack.version} = @pulumi/awsguard ${installedVersion("@pulumi/awsguard")} ` +
                `(written for @pulumi/aws ${installedVersion("@pulumi/aws")}; we use v7), @pulumi/policy ${plan.analysis.pack.pluginVersion}; policies: ${byLevel}`,
            `Resources: ${plan.summary.total} (${plan.summary.custom} custom); install check ${(installMs / 1000).toFixed(1)}s, ` +
                `capture ${(plan.timings.captureMs / 1000).toFixed(1)}s, analyse ${(plan.timings.analyzeMs / 1000).toFixed(1)}s`,
            `Register: ${path.relative(REPO_ROOT, register.file)} (${register.entries.length} entries)`,
        ];
        console.log(renderJudgeReport(result, header));
        const served = Object.keys(plan.analysis.config).filter((n) => n !== "all").sort();
        if (served.join() !== [...AWSGUARD_POLICIES].sort().join()) {
            console.error(`judge:aws: warning: the installed awsguard serves other policies than AWSGUARD_POLICIES in scripts/judge-aws-lib.ts lists; update the list: ${served.join(", ")}`);
        }
        const ids = await ourRuleIds();
        const missing = ids ? unknownRules(register.entries, ids) : [];
        if (missing.length) console.error(`judge:aws: warning: "enforcedBy" names rules our pack does not have: ${missing.join(", ")}`);
        console.error(`judge:aws: ${result.verdicts.length} findings, ${result.undocumented.length} undocumented, ${result.stale.length} stale entries (${((Date.now() - started) / 1000).toFixed(1)}s)`);
        return exitCodeOf(result);
    } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        console.error(err.message);
        return 2;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            // Not a user error: a bug in the judge itself, so the stack trace is useful here.
            console.error("judge:aws failed unexpectedly:", err);
            process.exit(2);
        },
    );
}
