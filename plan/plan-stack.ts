/**
 * Plans one stack end to end: config → validation → capture (or export file) → policy analysis.
 *
 * The stack's config is validated with the project's own validator *before* the program runs, so
 * a bad stack file fails fast with the same collected errors `pulumi preview` would show. The
 * project root's Pulumi.yaml name picks the validator (see {@link validatorFor}).
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { readStackConfig, StackFileError } from "../config/stack-file";
import { formatIssues, validateConfigMap } from "../config/validate";
import { BOOTSTRAP_PACK_ENVIRONMENT, BOOTSTRAP_PROJECT, BOOTSTRAP_REFERENCE } from "../bootstrap/config";
import { validateBootstrapStack } from "../bootstrap/landing-zones";
import { analyzeGraph, packEnv, startPolicyPack, type AnalysisResult, type PolicyPackProcess } from "./analyzer";
import { captureProgram } from "./capture";
import type { CaptureLog } from "./capture-monitor";
import { PlanError } from "./errors";
import type { CapturedGraph } from "./graph";
import { loadPackConfigFile } from "./pack-config";
import { readStateFile } from "./state";
import { summarize, type GraphSummary } from "./summary";

/** Everything the report needs about one planned stack. */
export interface StackPlan {
    stack: string;
    project: string;
    environment: string;
    graph: CapturedGraph;
    summary: GraphSummary;
    analysis: AnalysisResult;
    /** The `--policy-pack-config` file used, if any. */
    packConfigFile?: string;
    /** What the offline plan could not know for this stack. */
    offline: {
        secretPlaceholders: string[];
        encryptedSecrets: string[];
        log: CaptureLog;
    };
    timings: { captureMs: number; analyzeMs: number };
    /** Peak RSS of the capture child, kilobytes (program plans only). */
    captureMaxRssKb?: number;
}

/** Where the project and pack live, and which pack config to use. */
export interface PlanOptions {
    /** Project root: holds Pulumi.yaml, stacks/ and the program. */
    root: string;
    packDir: string;
    /** Overrides the per-environment default `<packDir>/config/<environment>.json`. */
    packConfigFile?: string;
    /** Reuse a running pack instead of spawning one per stack (tests). */
    pack?: PolicyPackProcess;
}

/**
 * `aws-prod` → `prod`: the part after the last `-` (the whole name when there is none). Only for
 * export files, which carry no config; a program's environment comes from its validated intent.
 */
export function environmentOf(stack: string): string {
    return stack.slice(stack.lastIndexOf("-") + 1);
}

/** The explicit pack config file, else `<packDir>/config/<environment>.json` when it exists. */
export function packConfigFor(environment: string, opts: Pick<PlanOptions, "packDir" | "packConfigFile">): string | undefined {
    if (opts.packConfigFile) return opts.packConfigFile;
    const file = path.join(opts.packDir, "config", `${environment}.json`);
    return fs.existsSync(file) ? file : undefined;
}

/**
 * A project's verdict on a stack's config, or every error as one message. `environment` picks the
 * default pack config (`<pack>/config/<environment>.json`); `--policy-pack-config` overrides it.
 */
export type StackValidation = { ok: true; environment: string } | { ok: false; message: string };
export type StackValidator = (stack: string, config: Record<string, string>) => StackValidation;

/** The landing zone: the environment is what the stack's config says, as for `npm run preview`, not its name. */
const landingZoneValidator: StackValidator = (stack, config) => {
    const validation = validateConfigMap(config);
    return validation.ok ? { ok: true, environment: validation.intent.environment } : { ok: false, message: formatIssues(stack, validation.issues) };
};

/**
 * Validators of the projects whose config is not the landing zone's, by project name. The
 * bootstrap's stacks (one per AWS account, Azure subscription or GCP project holding state backends) have no
 * environment of their own: they are judged by policy-pack/config/bootstrap.json, prod's with
 * only the account-wide detective controls (which the landing zone's stacks own) advisory.
 */
export const PROJECT_VALIDATORS: Readonly<Record<string, StackValidator>> = {
    [BOOTSTRAP_PROJECT]: (stack, config) => {
        const validation = validateBootstrapStack(config);
        return validation.ok
            ? { ok: true, environment: BOOTSTRAP_PACK_ENVIRONMENT }
            : { ok: false, message: formatIssues(stack, validation.issues, BOOTSTRAP_REFERENCE) };
    },
};

/** The validator for a project: its own, else the landing zone's (as for every project before the bootstrap existed). */
export function validatorFor(project: string): StackValidator {
    return PROJECT_VALIDATORS[project] ?? landingZoneValidator;
}

/** The project name from `<root>/Pulumi.yaml`. */
export function projectName(root: string): string {
    const file = path.join(root, "Pulumi.yaml");
    let name: unknown;
    try {
        name = (parseYaml(fs.readFileSync(file, "utf8")) as { name?: unknown } | null)?.name;
    } catch {
        name = undefined;
    }
    if (typeof name !== "string" || !name) {
        throw new PlanError(`Cannot read the project name from ${file}. The project root needs a Pulumi.yaml with a "name".`);
    }
    return name;
}

/** Plans a stack by running its program under mocks. */
export async function planProgramStack(stack: string, opts: PlanOptions): Promise<StackPlan> {
    let stackConfig;
    try {
        stackConfig = readStackConfig(stack, opts.root);
    } catch (err) {
        if (err instanceof StackFileError) throw new PlanError(err.message);
        throw err;
    }
    const project = projectName(opts.root);
    const validation = validatorFor(project)(stack, stackConfig.config);
    if (!validation.ok) throw new PlanError(validation.message);
    const environment = validation.environment;
    // Fail on a bad pack config file before spending two processes on this stack.
    const packConfigFile = packConfigFor(environment, opts);
    if (packConfigFile) loadPackConfigFile(packConfigFile);
    // The pack starts while the program runs: on two cores this hides most of its startup.
    const identity = { stack, project, config: stackConfig.config };
    const packStarting = opts.pack ? undefined : startPolicyPack(opts.packDir, packEnv(identity));
    packStarting?.catch(() => undefined); // awaited below; avoid an unhandled rejection meanwhile
    const started = Date.now();
    let pack: PolicyPackProcess | undefined;
    try {
        const capture = await captureProgram({
            project,
            stack,
            programDir: opts.root,
            config: stackConfig.config,
            secretPlaceholders: stackConfig.placeholders,
        });
        const captureMs = Date.now() - started;
        pack = opts.pack ?? (await packStarting);
        return await analyse(capture.graph, environment, stackConfig.config, { ...opts, pack }, {
            offline: { secretPlaceholders: stackConfig.placeholders, encryptedSecrets: [], log: capture.log },
            captureMs,
            captureMaxRssKb: capture.maxRssKb,
        });
    } finally {
        if (packStarting) await (pack ?? (await packStarting.catch(() => undefined)))?.stop();
    }
}

/** Plans a stack from a `pulumi stack export` file instead of running the program. */
export async function planStateFile(file: string, opts: Omit<PlanOptions, "root">): Promise<StackPlan> {
    const started = Date.now();
    const { graph, encryptedSecrets } = readStateFile(file);
    return analyse(graph, environmentOf(graph.stack), {}, opts, {
        offline: { secretPlaceholders: [], encryptedSecrets, log: { knownInvokes: {}, unknownInvokes: {}, reads: [] } },
        captureMs: Date.now() - started,
    });
}

async function analyse(
    graph: CapturedGraph,
    environment: string,
    stackConfig: Record<string, string>,
    opts: Omit<PlanOptions, "root">,
    extra: { offline: StackPlan["offline"]; captureMs: number; captureMaxRssKb?: number },
): Promise<StackPlan> {
    const packConfigFile = packConfigFor(environment, opts);
    const started = Date.now();
    const analysis = await analyzeGraph(graph, { packDir: opts.packDir, packConfigFile, pack: opts.pack, stackConfig });
    return {
        stack: graph.stack,
        project: graph.project,
        environment,
        graph,
        summary: summarize(graph),
        analysis,
        ...(packConfigFile ? { packConfigFile } : {}),
        offline: extra.offline,
        timings: { captureMs: extra.captureMs, analyzeMs: Date.now() - started },
        ...(extra.captureMaxRssKb !== undefined ? { captureMaxRssKb: extra.captureMaxRssKb } : {}),
    };
}
