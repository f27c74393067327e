/** Runs the plan CLI as a child process, as `npm run plan` does, and collects its output. */
import { spawn } from "child_process";
import * as path from "path";

const CLI = path.resolve(__dirname, "..", "..", "plan", "cli.ts");
const TS_NODE = require.resolve("ts-node/register/transpile-only");

export interface CliRun {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** `env` is added to this process's environment (e.g. ZT_EXCEPTIONS_FILE, ZT_TODAY for the pack). */
export function runPlanCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["--stack-trace-limit=10", "-r", TS_NODE, CLI, ...args], {
            stdio: ["ignore", "pipe", "pipe"],
            env: { ...process.env, ...env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
        child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
        child.on("error", reject);
        child.on("close", (code) => resolve({ code, stdout, stderr }));
    });
}
