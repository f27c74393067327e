/**
 * Runs a stack's program in a fresh child process (see `capture-worker.ts`) and returns the graph.
 *
 * The child is started the way `npm run plan` itself is: Node with a low `--stack-trace-limit`
 * (the SDK takes a stack trace per promise; this is the cheapest big win) and ts-node in
 * transpile-only mode with the project's tsconfig (`tsc --noEmit` type-checks separately).
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { CaptureJob, CaptureResult } from "./capture-job";
import type { CaptureLog } from "./capture-monitor";
import { PlanError } from "./errors";
import type { CapturedGraph } from "./graph";

const WORKER = path.join(__dirname, "capture-worker.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");

/** A capture that ran to the end, with what it cost. */
export interface Capture {
    graph: CapturedGraph;
    log: CaptureLog;
    /** Time the worker spent loading and running the program. */
    programMs: number;
    /** Wall time of the whole child process, including Node and ts-node startup. */
    wallMs: number;
    /** Peak RSS of the child, kilobytes. */
    maxRssKb: number;
}

/** What to capture: the program in `programDir`, as stack `stack` of `project`, with this config. */
export interface CaptureOptions {
    project: string;
    stack: string;
    programDir: string;
    config: Record<string, string>;
    /** Secure keys (given placeholders); passed as secret keys and recorded in the graph. */
    secretPlaceholders: string[];
    /** Kill the child after this long (default 10 minutes). */
    timeoutMs?: number;
}

/** Captures one stack's program. Throws {@link PlanError} when the program fails. */
export async function captureProgram(opts: CaptureOptions): Promise<Capture> {
    const { result, wallMs } = await runCaptureJob(
        {
            mode: "program",
            project: opts.project,
            stack: opts.stack,
            programDir: path.resolve(opts.programDir),
            config: opts.config,
            secretKeys: opts.secretPlaceholders,
        },
        opts.timeoutMs,
    );
    return {
        graph: {
            project: opts.project,
            stack: opts.stack,
            source: "program",
            resources: result.resources,
            secretPlaceholders: [...opts.secretPlaceholders],
        },
        log: result.log,
        programMs: result.programMs,
        wallMs,
        maxRssKb: result.maxRssKb,
    };
}

/** Runs one worker job; resolves with its successful result and the child's wall time. */
export async function runCaptureJob(
    job: Omit<CaptureJob, "resultFile">,
    timeoutMs = 10 * 60_000,
): Promise<{ result: Extract<CaptureResult, { ok: true }>; wallMs: number }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-plan-"));
    const jobFile = path.join(dir, "job.json");
    const resultFile = path.join(dir, "result.json");
    fs.writeFileSync(jobFile, JSON.stringify({ ...job, resultFile }));
    const env: NodeJS.ProcessEnv = { ...process.env };
    const tsconfig = path.join(job.programDir, "tsconfig.json");
    if (fs.existsSync(tsconfig)) env["TS_NODE_PROJECT"] = tsconfig;
    else delete env["TS_NODE_PROJECT"];
    const started = Date.now();
    try {
        const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
            const child = spawn(process.execPath, ["--stack-trace-limit=10", "-r", TS_NODE, WORKER, jobFile], {
                cwd: job.programDir,
                env,
                stdio: ["ignore", "pipe", "pipe"],
            });
            let output = "";
            const keep = (b: Buffer): void => {
                output = (output + b.toString()).slice(-4000);
            };
            child.stdout.on("data", keep);
            child.stderr.on("data", keep);
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            child.on("error", reject);
            child.on("close", (c) => {
                clearTimeout(timer);
                resolve({ code: c, output });
            });
        });
        const wallMs = Date.now() - started;
        if (!fs.existsSync(resultFile)) {
            const tail = output.trim().split("\n").slice(-5).join(" | ");
            throw new PlanError(
                `The program for stack "${job.stack}" did not finish (exit code ${code ?? "killed"}). ` +
                    `Last output: ${tail || "none"}. Run the program's tests to find the failing component.`,
            );
        }
        const result = JSON.parse(fs.readFileSync(resultFile, "utf8")) as CaptureResult;
        if (!result.ok) {
            throw new PlanError(
                `The program for stack "${job.stack}" failed while registering resources: ${result.error}. ` +
                    `Nothing was analysed; fix the program (or its config) and plan again.`,
            );
        }
        return { result, wallMs };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
