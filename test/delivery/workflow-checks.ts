/**
 * Checks on GitHub Actions workflows, as pure functions of a workflow's file name and text, so the
 * test of the real files and the tests feeding deliberately bad workflows run the same code.
 *
 * Each check returns its violations as messages that name the workflow, job and step, the way a
 * reviewer would look for them; an empty list means the workflow passes.
 */
import { parse } from "yaml";

export interface Step {
    name?: string;
    id?: string;
    uses?: string;
    run?: string;
    if?: string;
    with?: Record<string, unknown>;
    env?: Record<string, unknown>;
}

export interface Job {
    name?: string;
    needs?: string | string[];
    if?: string;
    uses?: string;
    permissions?: unknown;
    environment?: unknown;
    concurrency?: unknown;
    secrets?: unknown;
    env?: Record<string, unknown>;
    steps?: Step[];
    [key: string]: unknown;
}

export interface Workflow {
    file: string;
    permissions?: unknown;
    env?: Record<string, unknown>;
    jobs: Record<string, Job>;
    [key: string]: unknown;
}

/** The actions that exchange the job's OIDC token for cloud credentials. */
export const LOGIN_ACTIONS = ["aws-actions/configure-aws-credentials", "azure/login", "google-github-actions/auth"];
const SARIF_ACTION = "github/codeql-action/upload-sarif";
const PULUMI_ACTION = "pulumi/actions";

/** Parses a workflow; a file that is not one (no `jobs` map) throws, naming the file. */
export function parseWorkflow(file: string, source: string): Workflow {
    const doc: unknown = parse(source);
    const jobs = (doc as { jobs?: unknown } | null)?.jobs;
    if (typeof doc !== "object" || doc === null || typeof jobs !== "object" || jobs === null || Array.isArray(jobs)) {
        throw new Error(`${file}: not a GitHub Actions workflow (no jobs map)`);
    }
    return { ...(doc as Record<string, unknown>), file, jobs: jobs as Record<string, Job> };
}

/** Every check, in a stable order. */
export function checkWorkflow(file: string, source: string): string[] {
    const wf = parseWorkflow(file, source);
    return [
        ...checkPolicyPack(wf),
        ...checkSecrets(wf),
        ...checkPermissions(wf),
        ...checkPins(wf),
        ...checkPinComments(file, source),
        ...checkDeploys(wf),
    ];
}

// ---------------------------------------------------------------------------------------------
// Shared readers
// ---------------------------------------------------------------------------------------------

const stepLabel = (step: Step, index: number): string => step.name ?? step.id ?? step.uses ?? `#${index + 1}`;
const at = (wf: Workflow, job: string, step?: { step: Step; index: number }): string =>
    step ? `${wf.file}: job "${job}" step "${stepLabel(step.step, step.index)}"` : `${wf.file}: job "${job}"`;

/** `owner/repo[/path]` of a `uses:`, lower-cased (GitHub matches owners case-insensitively). */
export const actionName = (uses: string): string => uses.split("@")[0].toLowerCase();

const steps = (job: Job): { step: Step; index: number }[] => (Array.isArray(job.steps) ? job.steps.map((step, index) => ({ step, index })) : []);
const usesAction = (job: Job, names: string[]): boolean => steps(job).some(({ step }) => typeof step.uses === "string" && names.includes(actionName(step.uses)));
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);

/** Every job `name` needs, directly or through the jobs it needs. */
function neededBy(wf: Workflow, name: string, seen = new Set<string>()): Set<string> {
    for (const dep of needsOf(wf.jobs[name] ?? {})) {
        if (seen.has(dep)) continue;
        seen.add(dep);
        neededBy(wf, dep, seen);
    }
    return seen;
}

/** Shell lines with `\` continuations joined, so a flag on the next line still counts. */
const commandLines = (run: string): string[] => run.replace(/\\\r?\n/g, " ").split(/\r?\n/);

const PULUMI_CLI = /\bpulumi\s+(preview|up|update)\b/;
const NPM_WRAPPER = /\bnpm\s+run\s+(preview|up)\b/;
const PULUMI_ACTION_COMMANDS = ["preview", "up", "update"];

/** What a step runs against a stack: "preview", "up" or nothing. */
function stackCommand(step: Step): "preview" | "up" | undefined {
    const found: string[] = [];
    if (typeof step.run === "string") {
        for (const line of commandLines(step.run)) {
            const m = NPM_WRAPPER.exec(line) ?? PULUMI_CLI.exec(line);
            if (m) found.push(m[1]);
        }
    }
    if (typeof step.uses === "string" && actionName(step.uses) === PULUMI_ACTION && PULUMI_ACTION_COMMANDS.includes(String(step.with?.command))) {
        found.push(String(step.with?.command));
    }
    if (found.some((c) => c === "up" || c === "update")) return "up";
    return found.length > 0 ? "preview" : undefined;
}

/** Jobs that run `up` (deploy jobs) and jobs that run a preview or up. */
const deployJobs = (wf: Workflow): string[] => Object.keys(wf.jobs).filter((j) => steps(wf.jobs[j]).some(({ step }) => stackCommand(step) === "up"));

// ---------------------------------------------------------------------------------------------
// 1. Every preview or up passes the policy pack
// ---------------------------------------------------------------------------------------------

/**
 * `npm run preview|up` always passes the pack and the environment's config (scripts/pulumi.ts);
 * a bare `pulumi preview|up` must pass both itself, and so must the pulumi/actions action.
 */
export function checkPolicyPack(wf: Workflow): string[] {
    const out: string[] = [];
    for (const [job, def] of Object.entries(wf.jobs)) {
        for (const s of steps(def)) {
            if (typeof s.step.run === "string") {
                for (const line of commandLines(s.step.run)) {
                    const m = PULUMI_CLI.exec(line);
                    if (!m) continue;
                    const missing = [/--policy-pack(?:[\s=]|$)/.test(line) ? "" : "--policy-pack", /--policy-pack-config(?:[\s=]|$)/.test(line) ? "" : "--policy-pack-config"].filter(Boolean);
                    if (missing.length > 0) {
                        const wrapper = m[1] === "preview" ? "preview" : "up";
                        out.push(`${at(wf, job, s)}: runs "pulumi ${m[1]}" without ${missing.join(" and ")}; use npm run ${wrapper}, which always passes the policy pack and the environment's pack config`);
                    }
                }
            }
            const uses = s.step.uses;
            if (typeof uses === "string" && actionName(uses) === PULUMI_ACTION && PULUMI_ACTION_COMMANDS.includes(String(s.step.with?.command))) {
                const missing = ["policyPacks", "policyPackConfigs"].filter((k) => !s.step.with?.[k]);
                if (missing.length > 0) out.push(`${at(wf, job, s)}: runs pulumi/actions command "${s.step.with?.command}" without ${missing.join(" and ")}`);
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// 2. No long-lived secret
// ---------------------------------------------------------------------------------------------

const CREDENTIAL_ENV = [/_KEY$/i, /_SECRET$/i, /PASSWORD/i, /PASSPHRASE/i, /^AWS_ACCESS_KEY_ID$/i, /^AZURE_CLIENT_SECRET$/i, /^GOOGLE_CREDENTIALS$/i, /^PULUMI_ACCESS_TOKEN$/i];

/** The `secrets` references inside `${{ }}` expressions of a value (and of every nested value). */
function secretRefs(value: unknown, isCondition = false): string[] {
    if (typeof value === "string") {
        const exprs = isCondition ? [value] : [...value.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => m[1]);
        return exprs.flatMap((e) =>
            [...e.matchAll(/\bsecrets\b\s*(?:\.\s*([A-Za-z_][\w-]*)|\[\s*['"]([^'"]+)['"]\s*\])?/gi)].map((m) => m[1] ?? m[2] ?? "<whole context>"),
        );
    }
    if (Array.isArray(value)) return value.flatMap((v) => secretRefs(v));
    if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => secretRefs(v, k === "if"));
    return [];
}

function secretMessages(where: string, value: unknown): string[] {
    return secretRefs(value)
        .filter((name) => name.toUpperCase() !== "GITHUB_TOKEN")
        .map((name) => `${where}: references secrets.${name}; only secrets.GITHUB_TOKEN is allowed (log in with OIDC, and read identifiers from vars.*)`);
}

function envMessages(where: string, env: unknown): string[] {
    if (typeof env !== "object" || env === null) return [];
    return Object.keys(env)
        .filter((name) => CREDENTIAL_ENV.some((re) => re.test(name)))
        .map((name) => `${where}: sets env ${name}, a long-lived credential; log in with OIDC instead`);
}

function inputMessages(where: string, step: Step): string[] {
    const uses = typeof step.uses === "string" ? actionName(step.uses) : "";
    const inputs = step.with ?? {};
    const out: string[] = [];
    if ("credentials_json" in inputs) out.push(`${where}: passes credentials_json, a service-account key; use workload_identity_provider and service_account`);
    if (uses === "azure/login" && "creds" in inputs) out.push(`${where}: passes creds to azure/login, a client secret; use client-id, tenant-id and subscription-id with OIDC`);
    if (uses === "aws-actions/configure-aws-credentials") {
        for (const key of ["aws-access-key-id", "aws-secret-access-key"].filter((k) => k in inputs)) {
            out.push(`${where}: passes ${key} to aws-actions/configure-aws-credentials, a long-lived access key; use role-to-assume with OIDC`);
        }
    }
    return out;
}

export function checkSecrets(wf: Workflow): string[] {
    const out: string[] = [];
    const { jobs, file: _file, ...top } = wf;
    out.push(...secretMessages(`${wf.file}: top level`, top), ...envMessages(`${wf.file}: top level`, wf.env));
    for (const [job, def] of Object.entries(jobs)) {
        const { steps: _steps, secrets, ...rest } = def;
        out.push(...secretMessages(at(wf, job), rest), ...envMessages(at(wf, job), def.env));
        if (secrets !== undefined) out.push(`${at(wf, job)}: passes secrets to a reusable workflow (secrets: ${typeof secrets === "string" ? secrets : "{...}"}); keyless jobs pass none`);
        for (const s of steps(def)) {
            out.push(...secretMessages(at(wf, job, s), s.step), ...envMessages(at(wf, job, s), s.step.env), ...inputMessages(at(wf, job, s), s.step));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// 3. Least permissions
// ---------------------------------------------------------------------------------------------

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

export function checkPermissions(wf: Workflow): string[] {
    const out: string[] = [];
    const top = wf.permissions;
    if (top === undefined || top === null) {
        out.push(`${wf.file}: top level: no permissions block, so jobs get the repository's default token permissions; set permissions: {} (or contents: read)`);
    } else if (typeof top !== "object") {
        out.push(`${wf.file}: top level: permissions: ${show(top)}; use {} or contents: read, and grant more per job`);
    } else {
        for (const [k, v] of Object.entries(top)) {
            if (!(k === "contents" && v === "read")) out.push(`${wf.file}: top level: grants ${k}: ${show(v)}; the top level may grant only contents: read, each job adds what it needs`);
        }
    }
    for (const [job, def] of Object.entries(wf.jobs)) {
        const p = def.permissions;
        if (p === undefined || p === null) continue;
        if (typeof p !== "object") {
            out.push(`${at(wf, job)}: permissions: ${show(p)}; list only the permissions the job needs`);
            continue;
        }
        for (const [k, v] of Object.entries(p)) {
            if (v !== "write") continue;
            if (k === "id-token") {
                if (!usesAction(def, LOGIN_ACTIONS)) out.push(`${at(wf, job)}: grants id-token: write but logs into no cloud (${LOGIN_ACTIONS.join(", ")})`);
            } else if (k === "security-events") {
                if (!usesAction(def, [SARIF_ACTION])) out.push(`${at(wf, job)}: grants security-events: write but uploads no SARIF (${SARIF_ACTION})`);
            } else {
                out.push(`${at(wf, job)}: grants ${k}: write; only id-token (cloud login) and security-events (SARIF upload) may be write`);
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// 4. Pinned actions
// ---------------------------------------------------------------------------------------------

const PINNED = /^[^@\s]+@[0-9a-f]{40}$/;
const DOCKER_PINNED = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

function pinMessage(where: string, uses: string): string | undefined {
    if (uses.startsWith("./")) return undefined;
    if (uses.startsWith("docker://")) return DOCKER_PINNED.test(uses) ? undefined : `${where}: uses ${uses}, not pinned to an image digest (@sha256:...)`;
    return PINNED.test(uses) ? undefined : `${where}: uses ${uses}, not pinned to a full 40-character commit SHA`;
}

export function checkPins(wf: Workflow): string[] {
    const out: (string | undefined)[] = [];
    for (const [job, def] of Object.entries(wf.jobs)) {
        if (typeof def.uses === "string") out.push(pinMessage(at(wf, job), def.uses));
        for (const s of steps(def)) if (typeof s.step.uses === "string") out.push(pinMessage(at(wf, job, s), s.step.uses));
    }
    return out.filter((m): m is string => m !== undefined);
}

/** On the text, since comments do not survive parsing: each pinned `uses:` names its release. */
export function checkPinComments(file: string, source: string): string[] {
    const out: string[] = [];
    source.split(/\r?\n/).forEach((line, i) => {
        const m = /^\s*(?:-\s+)?uses:\s*["']?([^"'\s#]+)["']?\s*(#.*)?$/.exec(line);
        if (!m || m[1].startsWith("./") || m[1].startsWith("docker://")) return;
        if (!/^#\s*v\d+\.\d+\.\d+\s*$/.test(m[2] ?? "")) out.push(`${file}: line ${i + 1}: ${m[1]} has no "# vX.Y.Z" comment naming the release its SHA pins`);
    });
    return out;
}

// ---------------------------------------------------------------------------------------------
// 5. Deploys: dev before prod, in environments, one update per stack, after the tests
// ---------------------------------------------------------------------------------------------

const environmentName = (env: unknown): string | undefined =>
    typeof env === "string" ? env : typeof env === "object" && env !== null && typeof (env as { name?: unknown }).name === "string" ? (env as { name: string }).name : undefined;

const runsTests = (job: Job): boolean => steps(job).some(({ step }) => typeof step.run === "string" && commandLines(step.run).some((l) => /\bnpm\s+(?:run\s+)?test\b(?!:)/.test(l)));

export function checkDeploys(wf: Workflow): string[] {
    const out: string[] = [];
    for (const [job, def] of Object.entries(wf.jobs)) {
        if (usesAction(def, LOGIN_ACTIONS) && !environmentName(def.environment)) {
            out.push(`${at(wf, job)}: logs into a cloud outside a GitHub environment; the deploy identities trust only repo:<repo>:environment:<env> tokens`);
        }
    }
    const deploys = deployJobs(wf);
    const dev = deploys.filter((j) => /dev/i.test(j));
    for (const job of deploys) {
        const def = wf.jobs[job];
        const isProd = /prod/i.test(job);
        if (!isProd && !/dev/i.test(job)) out.push(`${at(wf, job)}: deploys, but its id names neither dev nor prod; name it deploy-dev or deploy-prod so the order can be checked`);
        if (!environmentName(def.environment)) out.push(`${at(wf, job)}: deploys outside a GitHub environment; ${isProd ? "prod needs a protected environment with required reviewers" : "the deploy identities trust only environment tokens"}`);
        const c = def.concurrency;
        const group = typeof c === "string" ? c : typeof c === "object" && c !== null ? (c as { group?: unknown }).group : undefined;
        if (typeof group !== "string" || group.trim() === "") out.push(`${at(wf, job)}: deploys without a concurrency group; two runs could update the same stack at once`);
        else if (typeof c === "object" && c !== null && (c as Record<string, unknown>)["cancel-in-progress"] === true) {
            out.push(`${at(wf, job)}: cancel-in-progress: true would interrupt a running pulumi up and leave the stack locked`);
        }
        const upstream = neededBy(wf, job);
        if (![...upstream].some((j) => wf.jobs[j] && runsTests(wf.jobs[j]))) out.push(`${at(wf, job)}: can deploy untested code; it must need (directly or through needs) a job that runs npm test`);
        if (isProd) {
            if (dev.length === 0) out.push(`${at(wf, job)}: deploys prod, but no dev deploy job runs first`);
            for (const d of dev.filter((d) => !upstream.has(d))) out.push(`${at(wf, job)}: deploys prod without needing "${d}"; dev must deploy first`);
        }
    }
    return out;
}
