/**
 * Child-process entry that runs one stack's program under the capturing mock monitor.
 *
 * One process per stack, because the Pulumi runtime keeps global state (settings, config, the
 * resource registry) that would otherwise leak from one stack into the next.
 * Usage: `node -r ts-node/register/transpile-only plan/capture-worker.ts <job.json>`.
 */
import * as fs from "fs";
import * as path from "path";
import type { CaptureJob, CaptureResult } from "./capture-job";
import { installTranspileCache } from "./transpile-cache";

/** The internal SDK functions we need; `waitForRPCs` is marked internal and left out of the typings. */
interface SdkSettings {
    setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean): void;
    waitForRPCs(): Promise<void>;
}

function writeResult(file: string, result: CaptureResult): void {
    fs.writeFileSync(file, JSON.stringify(result));
}

/** The first line of an error, plus the program frame it came from when there is one. */
function describeError(err: unknown): string {
    if (err instanceof Error) {
        const frame = (err.stack ?? "")
            .split("\n")
            .find((l) => /^\s+at /.test(l) && !l.includes("node_modules") && !l.includes("node:"));
        return frame ? `${err.message} (${frame.trim()})` : err.message;
    }
    return String(err);
}

async function run(job: CaptureJob): Promise<CaptureResult> {
    // Config must be in the environment before the SDK reads it; the CLI sets the same variables.
    process.env["PULUMI_CONFIG"] = JSON.stringify(job.config);
    process.env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(job.secretKeys);
    process.env["PULUMI_NODEJS_PROJECT"] = job.project;
    process.env["PULUMI_NODEJS_STACK"] = job.stack;
    process.env["PULUMI_NODEJS_DRY_RUN"] = "true";
    process.chdir(job.programDir);

    const started = process.hrtime.bigint();
    // Loaded only now so that the env above is in place before the SDK initialises.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const settings = require("@pulumi/pulumi/runtime/settings") as SdkSettings;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Record<string, unknown> };
    const { CapturingMonitor } = await import("./capture-monitor");
    const monitor = new CapturingMonitor(job.stack, job.project, job.config);
    settings.setMockOptions(monitor, job.project, job.stack, true);
    // setMocks() would also set these store flags; setMockOptions() alone resets them to false.
    const store = state.getStore();
    store.supportsSecrets = true;
    store.supportsResourceReferences = true;
    store.supportsOutputValues = false;
    store.supportsDeletedWith = true;
    store.supportsReplaceWith = true;
    store.supportsAliasSpecs = true;
    store.supportsTransforms = false;
    store.supportsParameterization = true;
    store.supportsResourceHooks = true;
    store.supportsErrorHooks = true;

    let asyncError: unknown;
    process.on("unhandledRejection", (e) => (asyncError ??= e));
    process.on("uncaughtException", (e) => (asyncError ??= e));

    if (job.mode === "program") {
        installTranspileCache(job.programDir);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const exported: unknown = require(job.programDir);
        // Pulumi also accepts a program whose default export is an (async) function.
        const main = (exported as { default?: unknown })?.default ?? exported;
        if (typeof main === "function") await (main as () => unknown)();
    } else {
        const pulumi = await import("@pulumi/pulumi");
        for (const mod of job.floorModules ?? []) {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require(mod);
        }
        class Bare extends pulumi.CustomResource {
            constructor(name: string) {
                super("floor:index:Bare", name, {});
            }
        }
        for (let i = 0; i < (job.floorCount ?? 0); i++) new Bare(`bare-${i}`);
    }
    // Drain the SDK's RPC queue until no registration is pending and none starts on a later tick.
    let seen = -1;
    while (seen !== monitor.captured.length) {
        seen = monitor.captured.length;
        await settings.waitForRPCs();
        await new Promise((r) => setImmediate(r));
    }
    if (asyncError !== undefined) throw asyncError;
    const programMs = Number(process.hrtime.bigint() - started) / 1e6;
    return {
        ok: true,
        resources: monitor.captured,
        log: monitor.log,
        programMs,
        maxRssKb: process.resourceUsage().maxRSS,
    };
}

const jobFile = process.argv[2];
if (!jobFile) {
    console.error("usage: capture-worker <job.json>");
    process.exit(2);
}
const job = JSON.parse(fs.readFileSync(path.resolve(jobFile), "utf8")) as CaptureJob;
run(job).then(
    (result) => {
        writeResult(job.resultFile, result);
        process.exit(0);
    },
    (err: unknown) => {
        writeResult(job.resultFile, { ok: false, error: describeError(err) });
        process.exit(0);
    },
);
