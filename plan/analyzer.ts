/**
 * A client for a policy pack's gRPC `Analyzer` service, driven the way the Pulumi CLI drives it,
 * so the offline plan and the pack's end-to-end tests exercise the real server code path.
 *
 * Low level: {@link startPolicyPack} spawns the pack (cwd = pack dir, through ts-node) and returns
 * a {@link PolicyPackProcess} with one method per RPC. High level: {@link analyzeGraph} runs the
 * whole CLI sequence for one captured graph and returns the diagnostics.
 *
 * Message conversion lives in `analyzer-messages.ts`; config reconciliation in `pack-config.ts`.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import type { PluginInfo } from "@pulumi/pulumi/proto/plugin_pb";
import {
    toAnalyzeRequest,
    toAnalyzerResource,
    toConfigureRequest,
    toDiagnostic,
    toPackInfo,
    type Diagnostic,
    type PackInfo,
    type PolicyInfo,
} from "./analyzer-messages";
import { PlanError } from "./errors";
import type { CapturedGraph, CapturedResource } from "./graph";
import { loadPackConfigFile, reconcilePackConfig, type PackConfig } from "./pack-config";
import { providerUrnOf } from "./wire";

export type { Diagnostic, PackInfo, PolicyInfo } from "./analyzer-messages";

const TS_NODE = require.resolve("ts-node/register/transpile-only");
const MAX_MESSAGE = 400 * 1024 * 1024;

/** Stack identity sent with `ConfigureStack`. */
export interface StackIdentity {
    stack: string;
    project: string;
    organization?: string;
    /** Stack tags; offline there are none unless the caller supplies them. */
    tags?: Record<string, string>;
    /** The stack's config (wire map), echoed to the pack as the CLI does. */
    config?: Record<string, string>;
}

/** A running policy pack. Always call {@link PolicyPackProcess.stop}. */
export interface PolicyPackProcess {
    /** The port the pack printed on stdout. */
    readonly port: number;
    /** `GetPluginInfo`: the `@pulumi/policy` version serving the pack. */
    pluginVersion(): Promise<string>;
    /** `GetAnalyzerInfo`: pack name, version, policies (levels, severity, schema), initial config. */
    info(): Promise<PackInfo>;
    /** `Configure`: the reconciled config (see `reconcilePackConfig`). */
    configure(config: PackConfig): Promise<void>;
    /** `ConfigureStack`: stack, project, organization, tags. */
    configureStack(identity: StackIdentity): Promise<void>;
    /**
     * `Analyze` one resource. `provider` is the resource's explicit provider, when it has one.
     * Diagnostics without a URN are attributed to the analysed resource, as the CLI does.
     */
    analyze(resource: CapturedResource, provider?: CapturedResource): Promise<Diagnostic[]>;
    /** `AnalyzeStack` with every resource, its parent, dependencies and property dependencies. */
    analyzeStack(resources: CapturedResource[]): Promise<Diagnostic[]>;
    /** Closes the channel and ends the pack process. */
    stop(): Promise<void>;
}

/**
 * Spawns the pack in `packDir` and connects to it. `env` is added to this process's environment;
 * pass `PULUMI_NODEJS_*` and `PULUMI_CONFIG` there (see {@link packEnv}).
 * Throws {@link PlanError} when the pack does not start (its stderr tail is in the message).
 */
export async function startPolicyPack(packDir: string, env: Record<string, string> = {}, timeoutMs = 120_000): Promise<PolicyPackProcess> {
    const dir = path.resolve(packDir);
    if (!fs.existsSync(path.join(dir, "package.json"))) {
        throw new PlanError(`No policy pack in ${dir}: it has no package.json. Pass the pack's directory with --pack.`);
    }
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    const tsconfig = path.join(dir, "tsconfig.json");
    if (fs.existsSync(tsconfig)) childEnv["TS_NODE_PROJECT"] = tsconfig;
    else delete childEnv["TS_NODE_PROJECT"];
    // Load the pack as `pulumi-analyzer-policy` does: require the pack directory (package.json `main`).
    const child = spawn(process.execPath, ["-r", TS_NODE, "-e", "require(process.cwd())"], {
        cwd: dir,
        env: childEnv,
        stdio: ["ignore", "pipe", "pipe"],
    });
    const port = await readPort(child, dir, timeoutMs);
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
        "grpc.max_receive_message_length": MAX_MESSAGE,
        "grpc.max_send_message_length": MAX_MESSAGE,
    });
    return makePackProcess(port, client, child);
}

/** The environment the CLI gives a pack during a preview of `identity`. */
export function packEnv(identity: StackIdentity): Record<string, string> {
    const env: Record<string, string> = {
        PULUMI_NODEJS_DRY_RUN: "true",
        PULUMI_NODEJS_PROJECT: identity.project,
        PULUMI_NODEJS_STACK: identity.stack,
        PULUMI_DRY_RUN: "true",
        PULUMI_PROJECT: identity.project,
        PULUMI_STACK: identity.stack,
        PULUMI_CONFIG: JSON.stringify(identity.config ?? {}),
    };
    if (identity.organization) {
        env["PULUMI_NODEJS_ORGANIZATION"] = identity.organization;
        env["PULUMI_ORGANIZATION"] = identity.organization;
    }
    return env;
}

function readPort(child: ChildProcess, dir: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        let settled = false;
        const fail = (why: string): void => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            child.kill("SIGKILL");
            const tail = err.trim().split("\n").filter(Boolean).slice(-3).join(" | ");
            reject(new PlanError(`The policy pack in ${dir} failed to start: ${why}. ${tail ? `Its last error output: ${tail}. ` : ""}` +
                `Check that the pack loads (its dependencies installed, package.json has a version).`));
        };
        const timer = setTimeout(() => fail(`it printed no port within ${timeoutMs / 1000}s`), timeoutMs);
        child.stderr?.on("data", (b: Buffer) => (err = (err + b.toString()).slice(-4000)));
        child.stdout?.on("data", (b: Buffer) => {
            out += b.toString();
            const line = out.split("\n").find((l, i, all) => i < all.length - 1 && /^\d+$/.test(l.trim()));
            if (line && !settled) {
                settled = true;
                clearTimeout(timer);
                resolve(Number(line.trim()));
            }
        });
        child.on("error", (e) => fail(e.message));
        child.on("exit", (code) => fail(`it exited with code ${code}`));
    });
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown;

function call<Req, Res>(client: AnalyzerClient, fn: Unary<Req, Res>, req: Req, what: string): Promise<Res> {
    return new Promise((resolve, reject) => {
        fn.call(client, req, (err, res) => {
            if (err) reject(new PlanError(`The policy pack failed in ${what}: ${err.details || err.message}`));
            else resolve(res);
        });
    });
}

function makePackProcess(port: number, client: AnalyzerClient, child: ChildProcess): PolicyPackProcess {
    return {
        port,
        async pluginVersion() {
            const res = await call<emptyproto.Empty, PluginInfo>(client, client.getPluginInfo, new emptyproto.Empty(), "GetPluginInfo");
            return res.getVersion();
        },
        async info() {
            return toPackInfo(await call<emptyproto.Empty, analyzerproto.AnalyzerInfo>(client, client.getAnalyzerInfo, new emptyproto.Empty(), "GetAnalyzerInfo"));
        },
        async configure(config) {
            await call(client, client.configure, toConfigureRequest(config), "Configure");
        },
        async configureStack(identity) {
            const req = new analyzerproto.AnalyzerStackConfigureRequest();
            req.setStack(identity.stack);
            req.setProject(identity.project);
            req.setOrganization(identity.organization ?? "");
            req.setDryRun(true);
            for (const [k, v] of Object.entries(identity.tags ?? {})) req.getTagsMap().set(k, v);
            for (const [k, v] of Object.entries(identity.config ?? {})) req.getConfigMap().set(k, v);
            await call(client, client.configureStack, req, "ConfigureStack");
        },
        async analyze(resource, provider) {
            const res = await call<analyzerproto.AnalyzeRequest, analyzerproto.AnalyzeResponse>(client, client.analyze, toAnalyzeRequest(resource, provider), `Analyze(${resource.urn})`);
            return res.getDiagnosticsList().map((d) => toDiagnostic(d, resource.urn));
        },
        async analyzeStack(resources) {
            const byUrn = new Map(resources.map((r) => [r.urn, r]));
            const req = new analyzerproto.AnalyzeStackRequest();
            req.setResourcesList(resources.map((r) => toAnalyzerResource(r, r.provider ? byUrn.get(providerUrnOf(r.provider)) : undefined)));
            const res = await call<analyzerproto.AnalyzeStackRequest, analyzerproto.AnalyzeResponse>(client, client.analyzeStack, req, "AnalyzeStack");
            return res.getDiagnosticsList().map((d) => toDiagnostic(d, ""));
        },
        async stop() {
            client.close();
            if (child.exitCode === null && child.signalCode === null) {
                const exited = new Promise<void>((r) => child.once("exit", () => r()));
                child.kill("SIGTERM");
                await exited;
            }
        },
    };
}

/** Options for {@link analyzeGraph}. */
export interface AnalyzeGraphOptions {
    /** Directory of the policy pack (ignored when `pack` is given). */
    packDir: string;
    /** A `--policy-pack-config` JSON file, applied last. */
    packConfigFile?: string;
    /** A pack already started (e.g. shared by a test file); it is configured but not stopped. */
    pack?: PolicyPackProcess;
    /** The stack's config wire map, given to the pack as `PULUMI_CONFIG`. */
    stackConfig?: Record<string, string>;
    organization?: string;
    tags?: Record<string, string>;
}

/** What {@link analyzeGraph} found. */
export interface AnalysisResult {
    pack: { name: string; version: string; pluginVersion: string };
    /** The reconciled config sent with `Configure`. */
    config: PackConfig;
    /** Analyze diagnostics in resource order, then AnalyzeStack diagnostics. */
    diagnostics: Diagnostic[];
    /**
     * Every policy as `GetAnalyzerInfo` described it (description, severity, tags, remediation,
     * URL): the rule metadata the SARIF log needs. {@link analyzeGraph} always sets it; it is
     * optional only so that plans built by hand (tests of the report) need not list policies.
     */
    policies?: PolicyInfo[];
}

/**
 * The CLI's sequence for one stack: GetPluginInfo, GetAnalyzerInfo, Configure (reconciled config),
 * ConfigureStack, Analyze per resource, AnalyzeStack. Throws {@link PlanError} on bad pack config.
 */
export async function analyzeGraph(graph: CapturedGraph, opts: AnalyzeGraphOptions): Promise<AnalysisResult> {
    const identity: StackIdentity = {
        stack: graph.stack,
        project: graph.project,
        organization: opts.organization,
        tags: opts.tags,
        config: opts.stackConfig,
    };
    // Read the file first: a bad file should fail before a pack process is spent on it.
    const fileConfig = opts.packConfigFile ? loadPackConfigFile(opts.packConfigFile) : undefined;
    const pack = opts.pack ?? (await startPolicyPack(opts.packDir, packEnv(identity)));
    try {
        const pluginVersion = await pack.pluginVersion();
        const info = await pack.info();
        const config = reconcilePackConfig(info.policies, info.initialConfig, fileConfig, opts.packConfigFile);
        await pack.configure(config);
        await pack.configureStack(identity);
        const byUrn = new Map(graph.resources.map((r) => [r.urn, r]));
        const diagnostics: Diagnostic[] = [];
        for (const r of graph.resources) {
            const provider = r.provider ? byUrn.get(providerUrnOf(r.provider)) : undefined;
            diagnostics.push(...(await pack.analyze(r, provider)));
        }
        diagnostics.push(...(await pack.analyzeStack(graph.resources)));
        // As the CLI does: a diagnostic without a severity takes its policy's.
        const severityOf = new Map(info.policies.map((p) => [p.name, p.severity]));
        for (const d of diagnostics) if (!d.severity) d.severity = severityOf.get(d.policyName) ?? "";
        return { pack: { name: info.name, version: info.version, pluginVersion }, config, diagnostics, policies: info.policies };
    } finally {
        if (!opts.pack) await pack.stop();
    }
}
