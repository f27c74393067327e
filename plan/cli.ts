/**
 * `npm run plan`: the offline plan. Runs each stack's program under mocks (or reads a stack
 * export), sends every resource through the policy pack's gRPC Analyzer as the Pulumi CLI would,
 * and prints what the pack found and what an offline plan cannot know.
 *
 * Exit codes: 0 no mandatory violation; 1 at least one mandatory violation; 2 bad input (unknown
 * flag or stack, invalid stack config, unreadable/invalid export or pack config) or a program or
 * pack that could not run. The report goes to stdout, progress lines to stderr.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { listStacks } from "../config/stack-file";
import { PlanError, messageOf } from "./errors";
import { planProgramStack, planStateFile, type StackPlan } from "./plan-stack";
import { loadPackRegister } from "./exceptions";
import { isBlocking, renderReport, toJsonReport, type ExceptionRow } from "./report";
import { planSourceFile, toSarif } from "./sarif";

const REPO_ROOT = path.resolve(__dirname, "..");

export const USAGE = `Usage: npm run plan -- [options]

Plans every stack in stacks/Pulumi.*.yaml offline and checks it against the policy pack.

Options:
  --stack NAME                 plan one stack (e.g. aws-dev)
  --state FILE                 analyse a "pulumi stack export" file instead of running the program
  --policy-pack-config FILE    pack config file (default: <pack>/config/<environment>.json if present)
  --pack DIR                   policy pack directory (default: <root>/policy-pack, else this repo's policy-pack)
  --json FILE                  also write a machine-readable report (shape: JsonReport in plan/report.ts)
  --sarif FILE                 also write the violations as SARIF 2.1.0 for GitHub code scanning (one run per stack)
  --root DIR                   project root with Pulumi.yaml, stacks/ and the program (default: this repo)
  --help                       show this help

Exit codes: 0 no mandatory violation, 1 a mandatory violation, 2 bad input or a plan that could not run.`;

interface CliOptions {
    stack?: string;
    state?: string;
    packConfigFile?: string;
    packDir: string;
    json?: string;
    sarif?: string;
    root: string;
    help: boolean;
}

/** The root's own policy-pack/, else this repo's: `--root bootstrap` is judged by the landing zone's pack. */
function defaultPackDir(root: string): string {
    const own = path.join(root, "policy-pack");
    return fs.existsSync(own) ? own : path.join(REPO_ROOT, "policy-pack");
}

/** Parses argv; unknown flags and stray arguments are a {@link PlanError}. */
export function parseCli(argv: string[]): CliOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                stack: { type: "string" },
                state: { type: "string" },
                "policy-pack-config": { type: "string" },
                pack: { type: "string" },
                json: { type: "string" },
                sarif: { type: "string" },
                root: { type: "string" },
                help: { type: "boolean", short: "h" },
            },
        });
    } catch (err) {
        throw new PlanError(`${messageOf(err).replace(/\.?$/, ".")} Run "npm run plan -- --help" for the options.`);
    }
    const v = parsed.values;
    const root = path.resolve(v.root ?? REPO_ROOT);
    return {
        stack: v.stack,
        state: v.state,
        packConfigFile: v["policy-pack-config"] ? path.resolve(v["policy-pack-config"]) : undefined,
        packDir: v.pack ? path.resolve(v.pack) : defaultPackDir(root),
        json: v.json,
        sarif: v.sarif,
        root,
        help: v.help === true,
    };
}

function progress(plan: StackPlan, ms: number): string {
    const d = plan.analysis.diagnostics;
    const mandatory = d.filter((x) => x.enforcementLevel === "mandatory").length;
    return `plan ${plan.stack}: ${plan.summary.total} resources, ${mandatory} mandatory, ${d.length - mandatory} other findings (${(ms / 1000).toFixed(1)}s)`;
}

/**
 * Runs the CLI and returns the exit code. The report lists the pack's exception register (see
 * {@link ExceptionRow}); `exceptions` overrides it, for tests of the report alone.
 */
export async function main(argv: string[], exceptions?: ExceptionRow[]): Promise<number> {
    let opts: CliOptions;
    let registerRows: Awaited<ReturnType<typeof loadPackRegister>>;
    try {
        opts = parseCli(argv);
        if (opts.help) {
            console.log(USAGE);
            return 0;
        }
        registerRows = await loadPackRegister(opts.packDir);
    } catch (err) {
        if (!(err instanceof PlanError)) throw err;
        console.error(err.message);
        return 2;
    }
    const plans: StackPlan[] = [];
    const errors: string[] = [];
    const run = async (label: string, fn: () => Promise<StackPlan>): Promise<void> => {
        const started = Date.now();
        try {
            const plan = await fn();
            plans.push(plan);
            console.error(progress(plan, Date.now() - started));
        } catch (err) {
            if (!(err instanceof PlanError)) throw err;
            console.error(`plan ${label}: failed (${((Date.now() - started) / 1000).toFixed(1)}s)`);
            errors.push(err.message);
        }
    };
    if (opts.state) {
        await run(path.basename(opts.state), () => planStateFile(opts.state as string, opts));
    } else {
        const stacks = opts.stack ? [opts.stack] : listStacks(opts.root);
        if (stacks.length === 0) {
            console.error(`No stacks to plan: ${path.join(opts.root, "stacks")} has no Pulumi.<stack>.yaml files.`);
            return 2;
        }
        for (const stack of stacks) await run(stack, () => planProgramStack(stack, opts));
    }
    const code = errors.length > 0 ? 2 : plans.some(isBlocking) ? 1 : 0;
    exceptions ??= registerRows?.(plans.flatMap((p) => p.analysis.diagnostics));
    if (plans.length > 0) console.log(renderReport(plans, exceptions));
    for (const e of errors) console.error(`\n${e}`);
    if (opts.json) fs.writeFileSync(opts.json, JSON.stringify(toJsonReport(plans, code, exceptions), null, 2) + "\n");
    if (opts.sarif) {
        // Stacks that failed to plan have no run, so their alerts in GitHub stay as they were.
        const sourceFileOf = (plan: StackPlan): string => planSourceFile(plan, opts.root, opts.state);
        fs.writeFileSync(opts.sarif, JSON.stringify(toSarif(plans, { repoRoot: REPO_ROOT, sourceFileOf }), null, 2) + "\n");
    }
    return code;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (err: unknown) => {
            // Not a user error: a bug in the plan itself, so the stack trace is useful here.
            console.error("The offline plan failed unexpectedly:", err);
            process.exit(2);
        },
    );
}
