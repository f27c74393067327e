/**
 * `npm run bench`: what the offline plan and the type-check cost, next to their floors. A
 * benchmark that prints numbers and PASS/MISS against the targets, not a timed test.
 *
 * Plan floor: the same capture worker (same Node flags, same ts-node, same provider submodules
 * loaded) registering as many bare `CustomResource`s, with no inputs, under the same mocks. So the
 * ratio measures what the program's own components cost over the SDK's per-resource minimum.
 * Type-check floor: `tsc --noEmit` of a file that only imports the `@pulumi/...` modules the
 * project imports, with the project's compiler options.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import { listStacks, readStackConfig } from "../config/stack-file";
import { captureProgram, runCaptureJob, type Capture } from "./capture";

/** Samples per measurement; the median is reported. Odd, so the median is a real sample. */
const SAMPLES = 3;
import { projectName } from "./plan-stack";

const ROOT = path.resolve(__dirname, "..");
const PLAN_TARGET = 1.3;
const TSC_TARGET = 1.5;
const TSC_MEMORY_LIMIT_MB = 1536;
const SKIP_DIRS = new Set(["node_modules", "bin", ".git", ".bench-floor"]);

/** The program's own sources (what `require(root)` loads), as opposed to tests, pack and plan. */
const PROGRAM_SOURCES = ["index.ts", "config", "components", "stacks"];

/** Bare (package) module specifiers imported by the `.ts` files under `paths`. */
export function packageImports(paths: string[]): string[] {
    const found = new Set<string>();
    const scan = (p: string): void => {
        if (!fs.existsSync(p) || SKIP_DIRS.has(path.basename(p))) return;
        if (fs.statSync(p).isDirectory()) {
            for (const name of fs.readdirSync(p)) scan(path.join(p, name));
        } else if (p.endsWith(".ts")) {
            const text = fs.readFileSync(p, "utf8");
            for (const m of text.matchAll(/^\s*(?:import|export)\s(?:[^;]*?\sfrom\s)?\s*["']([^"']+)["']/gm)) {
                const spec = m[1];
                if (/^(@[\w.-]+\/)?[\w-][\w.-]*(\/[\w.-]+)*$/.test(spec) && !spec.startsWith("node:") && !builtinModules.includes(spec)) found.add(spec);
            }
        }
    };
    paths.forEach(scan);
    return [...found].sort();
}

/** Every `@pulumi/...` module specifier imported anywhere in the project (what `tsc -p` sees). */
export function pulumiImports(root: string): string[] {
    return packageImports([root]).filter((m) => m.startsWith("@pulumi/"));
}

const mb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;
const sec = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;
const verdict = (ok: boolean): string => (ok ? "PASS" : "MISS");

/** Runs `tsc --noEmit -p <tsconfig>` under /usr/bin/time; wall ms and max RSS in KB. */
function timeTsc(tsconfig: string): { ms: number; maxRssKb: number | undefined; ok: boolean } {
    const tsc = require.resolve("typescript/bin/tsc");
    const hasTime = fs.existsSync("/usr/bin/time");
    const cmd = hasTime ? "/usr/bin/time" : process.execPath;
    const args = hasTime ? ["-f", "BENCH %M", process.execPath, tsc, "--noEmit", "-p", tsconfig] : [tsc, "--noEmit", "-p", tsconfig];
    const started = Date.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8" });
    const ms = Date.now() - started;
    const rss = /BENCH (\d+)/.exec(r.stderr ?? "")?.[1];
    return { ms, maxRssKb: rss ? Number(rss) : undefined, ok: r.status === 0 };
}

async function benchPlans(): Promise<void> {
    const project = projectName(ROOT);
    // Every package the program imports (provider submodules, the SDK, zod, ...), so the floor pays
    // the same startup and module loading; the difference is the program's own code and resources.
    const modules = packageImports(PROGRAM_SOURCES.map((p) => path.join(ROOT, p)));
    console.log(`Plan capture per stack. Floor = same worker process (node flags, ts-node, mocks) loading the program's`);
    console.log(`${modules.length} imported packages (${modules.join(", ")}), then registering N bare CustomResources:`);
    for (const stack of listStacks(ROOT)) {
        const { config, placeholders } = readStackConfig(stack, ROOT);
        // Plan and floor alternate, so drift on a busy 2-core machine falls on both sides alike.
        const plans: Capture[] = [];
        const floors: Awaited<ReturnType<typeof runCaptureJob>>[] = [];
        for (let i = 0; i < SAMPLES; i++) {
            plans.push(await captureProgram({ project, stack, programDir: ROOT, config, secretPlaceholders: placeholders }));
            floors.push(await runCaptureJob({
                mode: "floor",
                project,
                stack,
                programDir: ROOT,
                config,
                secretKeys: placeholders,
                floorModules: modules,
                floorCount: plans[0].graph.resources.length,
            }));
        }
        const n = plans[0].graph.resources.length;
        const plan = medianBy(plans, (p) => p.wallMs);
        const floor = medianBy(floors, (f) => f.wallMs);
        const ratio = plan.wallMs / floor.wallMs;
        console.log(
            `  ${stack.padEnd(12)} ${String(n).padStart(4)} resources  plan ${sec(plan.wallMs)} / ${mb(plan.maxRssKb)}` +
                `  floor ${sec(floor.wallMs)} / ${mb(floor.result.maxRssKb)}  ratio ${ratio.toFixed(2)}x` +
                ` (program only ${sec(plan.programMs)} vs ${sec(floor.result.programMs)})  target <= ${PLAN_TARGET}x  ${verdict(ratio <= PLAN_TARGET)}`,
        );
    }
}

/** The sample with the median value of `key` (samples are few and odd in number). */
function medianBy<T>(samples: T[], key: (t: T) => number): T {
    return [...samples].sort((a, b) => key(a) - key(b))[Math.floor(samples.length / 2)];
}

function benchTypecheck(): void {
    const dir = path.join(__dirname, ".bench-floor");
    fs.mkdirSync(dir, { recursive: true });
    try {
        const modules = pulumiImports(ROOT);
        const lines = modules.map((m, i) => `import * as m${i} from "${m}";`);
        lines.push(`export const used = [${modules.map((_, i) => `m${i}`).join(", ")}];`);
        fs.writeFileSync(path.join(dir, "floor.ts"), lines.join("\n") + "\n");
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ extends: "../../tsconfig.json", include: ["floor.ts"], compilerOptions: { noUnusedLocals: false } }));
        const projects: ReturnType<typeof timeTsc>[] = [];
        const floors: ReturnType<typeof timeTsc>[] = [];
        for (let i = 0; i < SAMPLES; i++) {
            projects.push(timeTsc(path.join(ROOT, "tsconfig.json")));
            floors.push(timeTsc(path.join(dir, "tsconfig.json")));
        }
        const project = medianBy(projects, (t) => t.ms);
        const floor = medianBy(floors, (t) => t.ms);
        const ratio = project.ms / floor.ms;
        const memMb = project.maxRssKb !== undefined ? project.maxRssKb / 1024 : undefined;
        console.log(`Type-check (floor = a file importing the same ${modules.length} @pulumi modules):`);
        console.log(
            `  tsc --noEmit ${sec(project.ms)} / ${project.maxRssKb ? mb(project.maxRssKb) : "n/a"}${project.ok ? "" : " (tsc reported errors)"}` +
                `  floor ${sec(floor.ms)} / ${floor.maxRssKb ? mb(floor.maxRssKb) : "n/a"}  ratio ${ratio.toFixed(2)}x` +
                `  target <= ${TSC_TARGET}x ${verdict(ratio <= TSC_TARGET)}; memory < ${TSC_MEMORY_LIMIT_MB} MB ${memMb === undefined ? "n/a" : verdict(memMb < TSC_MEMORY_LIMIT_MB)}`,
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function main(): Promise<void> {
    console.log(`Note: times are the median of ${SAMPLES} interleaved samples, wall clock, on this machine; memory is the peak RSS of that sample.`);
    await benchPlans();
    benchTypecheck();
}

if (require.main === module) {
    main().catch((err: unknown) => {
        console.error(err instanceof Error ? err.message : err);
        process.exit(2);
    });
}
