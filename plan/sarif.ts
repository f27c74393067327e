/**
 * The plan's policy violations as a SARIF 2.1.0 log (`--sarif FILE`), for GitHub code scanning
 * (github/codeql-action/upload-sarif). Built from the same {@link StackPlan}s as the JSON report.
 *
 * One run per stack, each with its own category (`automationDetails.id`): GitHub keeps the latest
 * analysis per tool and category, so a stack's alerts close when that stack's next run no longer
 * reports them, and a stack that failed to plan (it has no run) leaves its alerts as they were
 * instead of closing them all. GitHub rejects a file whose runs share a tool and a category, and
 * one with more than 20 runs.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { pathToFileURL } from "url";
import type { PolicyInfo } from "./analyzer";
import type { StackPlan } from "./plan-stack";
import { isBlocking, violationsOf, type ViolationRow } from "./report";
import { parseUrn } from "./wire";

/** The schema a log names in `$schema`: the OASIS standard's (SARIF 2.1.0 with Errata 01). */
export const SARIF_SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/**
 * The tool name GitHub files the alerts under. CAUTION: changing it (or a run's category) makes
 * GitHub treat the next upload as another tool's analysis: every open alert stays open, orphaned.
 */
export const SARIF_TOOL = "zt-plan";

/** The base every relative `artifactLocation.uri` is resolved against: the repository root. */
export const SRCROOT = "%SRCROOT%";

/**
 * The rule under which the log files a policy that could not run. The SDK reports a policy that
 * reads a value unknown until deployment as an advisory "can't run policy ... during preview",
 * with the policy's own severity: filed under that policy, it would be a critical security alert
 * saying nothing is wrong. It is a note under this rule instead, naming the policy.
 */
export const NOT_EVALUATED_RULE = "zt-plan-policy-not-evaluated";
/** The @pulumi/policy SDK's wording for a policy that could not run during a preview. */
const NOT_EVALUATED = /can't run policy '[^']+' from policy pack \S+ during preview: (.*)$/s;

type Severity = ViolationRow["severity"];
export type SarifLevel = "error" | "warning" | "note";

/**
 * A violation's `level` follows its severity only: critical and high are "error", medium is
 * "warning", low is "note"; a policy without a severity gets SARIF's default, "warning".
 *
 * Enforcement does not lower it: an advisory critical is still an "error". The risk of a public
 * bucket is the same whether dev's audit mode lets it through or prod blocks it, and audit mode
 * exists to surface exactly these findings before they are enforced; a "note" would bury them.
 * GitHub's security severity is set per rule, not per result, so it cannot differ between an
 * advisory dev stack and a mandatory prod stack anyway; a level that follows severity keeps the two
 * consistent. Whether a finding blocks is the plan's exit code (1 on a mandatory violation), and
 * each result says it in its message and `properties.enforcementLevel` / `properties.blocking`.
 */
export function sarifLevel(severity: Severity): SarifLevel {
    if (severity === "critical" || severity === "high") return "error";
    if (severity === "low") return "note";
    return "warning";
}

/**
 * GitHub's `security-severity` score for a severity: it reads over 9.0 as critical, 7.0–8.9 as
 * high, 4.0–6.9 as medium and 0.1–3.9 as low, and only for rules tagged `security`. None for a
 * policy without a severity, so GitHub shows no security severity rather than a made-up one.
 */
export function securitySeverity(severity: Severity): string | undefined {
    return { critical: "9.5", high: "8.0", medium: "5.5", low: "2.0", "": undefined }[severity];
}

export interface SarifMessage {
    text: string;
    markdown?: string;
}

export interface SarifRule {
    id: string;
    shortDescription: SarifMessage;
    fullDescription: SarifMessage;
    defaultConfiguration: { level: SarifLevel };
    help: { text: string; markdown: string };
    helpUri?: string;
    properties: { tags: string[]; precision: "high"; "security-severity"?: string };
}

export interface SarifResult {
    ruleId: string;
    ruleIndex: number;
    level: SarifLevel;
    message: SarifMessage;
    locations: {
        physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } };
        logicalLocations: { name: string; fullyQualifiedName: string; kind: string; properties?: { pulumiType: string } }[];
    }[];
    partialFingerprints: { primaryLocationLineHash: string };
    properties: { policy: string; enforcementLevel: string; blocking: boolean; severity: string; pillar: string; stack: string };
}

export interface SarifRun {
    tool: { driver: { name: string; fullName: string; semanticVersion: string; rules: SarifRule[]; properties: Record<string, string> } };
    automationDetails: { id: string; description: SarifMessage };
    originalUriBaseIds: Record<string, { description: SarifMessage }>;
    results: SarifResult[];
    properties: { project: string; stack: string; environment: string; source: "program" | "state" };
}

/** Shape of `--sarif FILE`. */
export interface SarifLog {
    $schema: string;
    version: "2.1.0";
    runs: SarifRun[];
}

export interface SarifOptions {
    /** The repository root: relative artifact URIs are relative to it, as GitHub expects. */
    repoRoot: string;
    /** The file each stack's results point at (see {@link planSourceFile}). */
    sourceFileOf(plan: StackPlan): string;
}

/**
 * The file GitHub annotates for a stack: its stack file, `<root>/stacks/Pulumi.<stack>.yaml`. A
 * stack export of a stack that has no stack file under `root` points at the export itself.
 */
export function planSourceFile(plan: StackPlan, root: string, stateFile?: string): string {
    const stackFile = path.join(root, "stacks", `Pulumi.${plan.stack}.yaml`);
    if (plan.graph.source === "program" || !stateFile || fs.existsSync(stackFile)) return stackFile;
    return path.resolve(stateFile);
}

/** A repo-relative URI with `/` separators; a file outside the repository gets an absolute file URI. */
export function artifactLocation(file: string, repoRoot: string): { uri: string; uriBaseId?: string } {
    const rel = path.relative(repoRoot, file);
    if (!rel || rel.startsWith("..") || path.isAbsolute(rel)) return { uri: pathToFileURL(file).href };
    return { uri: rel.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

/**
 * `zt-plan/<project>/<stack>/`: the project is part of the category so that `--root bootstrap`'s
 * log, uploaded beside the landing zone's, can never share a category with it, which would make
 * each upload replace the other's alerts. The trailing `/` leaves the run-id part empty, as GitHub
 * reads `category/run-id`.
 */
export function runCategory(project: string, stack: string): string {
    return `${SARIF_TOOL}/${project}/${stack}/`;
}

/** GitHub shows only a rule's first 10 tags and rejects more than 20. */
const MAX_TAGS = 20;
/** GitHub's limit for short and full descriptions. */
const MAX_DESCRIPTION = 1024;

const clip = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, " ").trim();

function ruleOf(id: string, policy: PolicyInfo | undefined, row: ViolationRow): SarifRule {
    const description = oneLine(policy?.description || row.description || id);
    const severity = policy?.severity ?? row.severity;
    const remediation = oneLine(policy?.remediationSteps ?? "");
    const url = policy?.url ?? "";
    const absolute = /^https?:\/\//.test(url);
    // The pack's URLs are repository-relative (docs/policies.md#<id>), which a link on GitHub's
    // alert page would resolve against the page, not the repository: name the file instead.
    const docsText = url ? (absolute ? `Documentation: ${url}` : `Documentation: ${url} in this repository.`) : "";
    const docsMarkdown = url ? (absolute ? `[Documentation](${url})` : `Documentation: \`${url}\` in this repository.`) : "";
    const security = securitySeverity(severity);
    return {
        id,
        shortDescription: { text: clip(oneLine(policy?.displayName || description), MAX_DESCRIPTION) },
        fullDescription: { text: clip(description, MAX_DESCRIPTION) },
        defaultConfiguration: { level: sarifLevel(severity) },
        help: {
            text: [description, remediation && `Remediation: ${remediation}`, docsText].filter(Boolean).join("\n\n"),
            markdown: [description, remediation && `**Remediation.** ${remediation}`, docsMarkdown].filter(Boolean).join("\n\n"),
        },
        ...(absolute ? { helpUri: url } : {}),
        properties: {
            // `security` first: GitHub applies security-severity only to rules tagged so.
            tags: [...new Set(["security", ...(policy?.tags ?? [])])].slice(0, MAX_TAGS),
            // Deterministic checks of declared inputs; not "very-high" because an offline plan
            // cannot see provider defaults, so a value the provider would fill in can be reported.
            precision: "high",
            ...(security ? { "security-severity": security } : {}),
        },
    };
}

function notEvaluatedRule(): SarifRule {
    const description =
        "A policy could not judge a resource in the offline plan: a value it reads is unknown until deployment. " +
        "`pulumi preview` reports the same as advisory; the policy runs on the real value when the stack is deployed.";
    return {
        id: NOT_EVALUATED_RULE,
        shortDescription: { text: "A policy could not run on a value unknown before deployment" },
        fullDescription: { text: description },
        defaultConfiguration: { level: "note" },
        help: {
            text: `${description}\n\nNothing to fix when the value is computed by design; to have the plan judge it, set the value from config or a known constant.`,
            markdown: `${description}\n\nNothing to fix when the value is computed by design; to have the plan judge it, set the value from config or a known constant.`,
        },
        // No `security` tag and no security severity: this is not a finding.
        properties: { tags: ["zt-plan"], precision: "high" },
    };
}

function enforcementSentence(row: ViolationRow): string {
    const level = row.level.charAt(0).toUpperCase() + row.level.slice(1);
    return row.level === "mandatory" ? `${level} in this stack: it blocks the plan.` : `${level} in this stack: reported, not blocking.`;
}

/**
 * GitHub identifies an alert by its rule and `primaryLocationLineHash`. Every result points at the
 * same line of its stack file, so the hash the upload action would compute from that line is the
 * same for every resource: their alerts would merge into one. Hash the rule and the URN instead,
 * with an occurrence count for a rule reporting one resource twice. The action keeps a supplied
 * hash, logging a warning for each that differs from its own.
 */
function fingerprint(ruleId: string, subject: string, occurrence: number): string {
    return `${createHash("sha256").update(`${ruleId}\0${subject}`).digest("hex").slice(0, 16)}:${occurrence}`;
}

function runOf(plan: StackPlan, opts: SarifOptions): SarifRun {
    const policies = new Map((plan.analysis.policies ?? []).map((p) => [p.name, p]));
    const rows = violationsOf(plan).map((row) => ({ row, notRun: NOT_EVALUATED.exec(row.message)?.[1] }));
    const ruleIdOf = ({ row, notRun }: (typeof rows)[number]): string => (notRun === undefined ? row.policy : NOT_EVALUATED_RULE);
    const ruleIds = [...new Set(rows.map(ruleIdOf))].sort();
    const rules = ruleIds.map((id) => (id === NOT_EVALUATED_RULE ? notEvaluatedRule() : ruleOf(id, policies.get(id), rows.find((r) => r.row.policy === id)?.row as ViolationRow)));
    const artifact = artifactLocation(opts.sourceFileOf(plan), opts.repoRoot);
    const seen = new Map<string, number>();
    const results = rows.map((entry): SarifResult => {
        const { row, notRun } = entry;
        const ruleId = ruleIdOf(entry);
        const parsed = row.urn ? parseUrn(row.urn) : undefined;
        const type = parsed ? (parsed.qualifiedType.split("$").pop() as string) : "";
        const detail = oneLine(row.message.startsWith(row.description) ? row.message.slice(row.description.length) : row.message);
        const what = notRun === undefined ? detail || oneLine(row.description) || row.policy : `Policy ${row.policy} could not run: ${oneLine(notRun)}.`;
        // The policy is part of the subject: two policies that could not run on one resource are two notes.
        const subject = `${row.urn || `stack:${plan.project}/${plan.stack}`}${notRun === undefined ? "" : `\0${row.policy}`}`;
        const key = `${ruleId}\0${subject}`;
        const occurrence = (seen.get(key) ?? 0) + 1;
        seen.set(key, occurrence);
        return {
            ruleId,
            ruleIndex: ruleIds.indexOf(ruleId),
            level: notRun === undefined ? sarifLevel(row.severity) : "note",
            message: { text: `${what} ${parsed ? `Resource: ${parsed.name} (${type}), stack ${plan.stack}.` : `Stack ${plan.stack}.`} ${enforcementSentence(row)}` },
            locations: [
                {
                    physicalLocation: { artifactLocation: artifact, region: { startLine: 1 } },
                    logicalLocations: parsed
                        ? [{ name: parsed.name, fullyQualifiedName: row.urn, kind: "resource", properties: { pulumiType: type } }]
                        : [{ name: plan.stack, fullyQualifiedName: `${plan.project}/${plan.stack}`, kind: "module" }],
                },
            ],
            partialFingerprints: { primaryLocationLineHash: fingerprint(ruleId, subject, occurrence) },
            properties: { policy: row.policy, enforcementLevel: row.level, blocking: row.level === "mandatory", severity: row.severity, pillar: row.pillar, stack: plan.stack },
        };
    });
    const pack = plan.analysis.pack;
    return {
        tool: {
            driver: {
                name: SARIF_TOOL,
                fullName: `Zero Trust landing zone offline plan, policy pack ${pack.name}@${pack.version}`,
                semanticVersion: pack.version,
                rules,
                properties: { policyPack: pack.name, policyPackVersion: pack.version, policyPluginVersion: pack.pluginVersion },
            },
        },
        automationDetails: {
            id: runCategory(plan.project, plan.stack),
            description: { text: `Offline plan of stack ${plan.stack} (project ${plan.project})${isBlocking(plan) ? ": blocked by a mandatory violation" : ""}.` },
        },
        originalUriBaseIds: { [SRCROOT]: { description: { text: "The repository root." } } },
        results,
        properties: { project: plan.project, stack: plan.stack, environment: plan.environment, source: plan.graph.source },
    };
}

/**
 * The SARIF log of every planned stack, one run each (a stack without violations has a run with
 * no results, which is what closes its fixed alerts). Pure: no clock, no environment.
 */
export function toSarif(plans: StackPlan[], opts: SarifOptions): SarifLog {
    return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: plans.map((p) => runOf(p, opts)) };
}
