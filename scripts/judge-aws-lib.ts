/**
 * The pure part of `npm run judge:aws` (see scripts/judge-aws.ts): the false-positive register,
 * matching findings against it, the exit code, the text report and the generated docs table.
 * Nothing here starts a process or touches the network, so test/plan/judge-aws.test.ts covers it
 * without the judge installed.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { PlanError } from "../plan/errors";
import { parseUrn } from "../plan/wire";

/**
 * The policies of @pulumi/awsguard 0.3.1 (the pinned version), as its pack reports them. The
 * register may only name these; the judge warns when the installed pack reports a different set.
 */
export const AWSGUARD_POLICIES: readonly string[] = [
    "apigateway-stage-cached",
    "apigateway-method-cached-and-encrypted",
    "apigateway-endpoint-type",
    "ec2-instance-detailed-monitoring-enabled",
    "ec2-instance-no-public-ip",
    "ec2-volume-inuse",
    "elb-logging-enabled",
    "encrypted-volumes",
    "redshift-cluster-configuration",
    "redshift-cluster-maintenance-settings",
    "redshift-cluster-public-access",
    "dynamodb-table-encryption-enabled",
    "rds-instance-backup-enabled",
    "rds-instance-multi-az-enabled",
    "rds-instance-public-access",
    "rds-storage-encrypted",
    "elasticsearch-encrypted-at-rest",
    "elasticsearch-in-vpc-only",
    "alb-http-to-https-redirection",
    "acm-certificate-expiration",
    "cmk-backing-key-rotation-enabled",
    "access-keys-rotated",
    "mfa-enabled-for-iam-console-access",
    "efs-encrypted",
    "elb-deletion-protection-enabled",
    "s3-bucket-logging-enabled",
];

/** `type` of a register entry that matches a stack-level finding (one without a resource). */
export const STACK_TYPE = "stack";

/** One documented false positive: a policy of the judge that is wrong about a kind of resource. */
export interface FalsePositive {
    /** The judge's policy name, e.g. `s3-bucket-logging-enabled`. */
    policy: string;
    /** Pulumi type token of the resource (`aws:s3/bucket:Bucket`), or `stack`. */
    type: string;
    /** Optional glob on the resource's logical name; `*` matches any run of characters. */
    name?: string;
    /** Why the finding is false on aws v7: which resource really carries the setting. */
    reason: string;
    /** Ids of OUR pack's rules that enforce the real requirement. */
    enforcedBy: string[];
    /**
     * Evidence the judge checks in the graph before it accepts the finding as false: a resource of
     * `type` whose input `property` depends on the flagged resource (e.g. the aws v7
     * `s3.BucketLogging` whose `bucket` is the flagged bucket). Without it the finding stands.
     */
    requires?: { type: string; property: string };
}

/** The register file, parsed and checked. */
export interface Register {
    file: string;
    entries: FalsePositive[];
}

/** One diagnostic of the judge, reduced to what matching and the report need. */
export interface Finding {
    policy: string;
    level: string;
    urn: string;
    /** Pulumi type token; empty for a stack-level finding. */
    type: string;
    /** Logical name; empty for a stack-level finding. */
    name: string;
    message: string;
}

/** A finding and the register entry that documents it, if any. */
export interface Verdict {
    finding: Finding;
    entry?: FalsePositive;
    /** An entry that would document the finding, but whose `requires` evidence is not in the graph. */
    unproven?: FalsePositive;
}

/** The part of a captured resource the evidence check reads (plan/graph.ts CapturedResource). */
export interface GraphResource {
    urn: string;
    type: string;
    propertyDependencies: Record<string, string[]>;
}

export interface JudgeResult {
    verdicts: Verdict[];
    /** Findings no entry documents: real problems or false positives nobody has explained yet. */
    undocumented: Finding[];
    /** Entries no finding matched: fixed upstream, renamed resources, or typos. */
    stale: FalsePositive[];
}

const ENTRY_KEYS = ["policy", "type", "name", "reason", "enforcedBy", "requires"];

/**
 * Parses the register. Throws {@link PlanError} (a setup error, exit 2) naming every problem, so a
 * typo in the file never silently turns an entry off.
 */
export function parseRegister(text: string, file: string): Register {
    const doc = parseDocument(text);
    if (doc.errors.length > 0) {
        throw new PlanError(`The false-positive register ${file} is not valid YAML: ${doc.errors[0].message.split("\n")[0]}. Fix its syntax.`);
    }
    const body = doc.toJS() as unknown;
    const list = isRecord(body) ? body["falsePositives"] : undefined;
    if (!isRecord(body) || !(list === null || list === undefined || Array.isArray(list))) {
        throw new PlanError(`The false-positive register ${file} must be a mapping with a "falsePositives:" list.`);
    }
    const problems: string[] = [];
    const entries: FalsePositive[] = [];
    const seen = new Set<string>();
    ((list ?? []) as unknown[]).forEach((raw, i) => {
        const where = `entry ${i + 1}`;
        if (!isRecord(raw)) {
            problems.push(`${where} is not a mapping.`);
            return;
        }
        const unknown = Object.keys(raw).filter((k) => !ENTRY_KEYS.includes(k));
        if (unknown.length) problems.push(`${where} has unknown keys ${unknown.join(", ")} (allowed: ${ENTRY_KEYS.join(", ")}).`);
        const str = (k: string): string | undefined => (typeof raw[k] === "string" && (raw[k] as string).trim() ? (raw[k] as string).trim() : undefined);
        const policy = str("policy");
        const type = str("type");
        const reason = str("reason");
        const name = raw["name"] === undefined ? undefined : str("name");
        if (!policy) problems.push(`${where} has no "policy".`);
        else if (!AWSGUARD_POLICIES.includes(policy)) problems.push(`${where} names "${policy}", which is not an awsguard policy.`);
        if (!type) problems.push(`${where} has no "type" (a Pulumi type token, or "${STACK_TYPE}").`);
        if (!reason) problems.push(`${where} (${policy ?? "?"}) has no "reason".`);
        if (raw["name"] !== undefined && !name) problems.push(`${where} has an empty "name"; leave it out to match every name.`);
        const by = raw["enforcedBy"] ?? [];
        const enforcedBy = Array.isArray(by) ? by.filter((x): x is string => typeof x === "string" && x.trim() !== "").map((x) => x.trim()) : [];
        if (!Array.isArray(by) || enforcedBy.length !== by.length) problems.push(`${where} (${policy ?? "?"}) has an "enforcedBy" that is not a list of rule ids.`);
        const req = raw["requires"];
        let requires: FalsePositive["requires"];
        if (req !== undefined) {
            const rt = isRecord(req) && typeof req["type"] === "string" ? req["type"].trim() : "";
            const rp = isRecord(req) && typeof req["property"] === "string" ? req["property"].trim() : "";
            if (!rt || !rp || Object.keys(req as object).some((k) => k !== "type" && k !== "property")) {
                problems.push(`${where} (${policy ?? "?"}) has a "requires" that is not { type: <type token>, property: <input name> }.`);
            } else requires = { type: rt, property: rp };
        }
        if (enforcedBy.length === 0 && req === undefined) {
            problems.push(`${where} (${policy ?? "?"}) says nothing enforces the real requirement: list our pack's rule ids in "enforcedBy", or give "requires" evidence.`);
        }
        if (!policy || !type || !reason) return;
        const key = `${policy}|${type}|${name ?? "*"}|${requires ? `${requires.type}.${requires.property}` : ""}`;
        if (seen.has(key)) problems.push(`${where} repeats policy ${policy} on ${type}${name ? ` named ${name}` : ""}${requires ? " with the same evidence" : ""}.`);
        seen.add(key);
        entries.push({ policy, type, ...(name ? { name } : {}), reason: oneParagraph(reason), enforcedBy, ...(requires ? { requires } : {}) });
    });
    if (problems.length > 0) {
        throw new PlanError(`The false-positive register ${file} is malformed, so the judge did not run: ${problems.join(" ")}`);
    }
    return { file, entries };
}

/** Reads and parses the register file. */
export function loadRegister(file: string): Register {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanError(`Cannot read the false-positive register ${file}: ${(err as Error).message}.`);
    }
    return parseRegister(text, file);
}

/** Turns the judge's diagnostics into findings (type and name split out of the URN). */
export function findingsOf(
    diagnostics: readonly { policyName: string; enforcementLevel: string; urn: string; message: string; description?: string }[],
): Finding[] {
    return diagnostics.map((d) => {
        const urn = d.urn ? parseUrn(d.urn) : undefined;
        // The server prefixes each message with the policy's description; keep what is specific.
        const specific = d.description && d.message.startsWith(d.description) ? d.message.slice(d.description.length).trim() : "";
        return {
            policy: d.policyName,
            level: d.enforcementLevel,
            urn: d.urn,
            type: urn ? (urn.qualifiedType.split("$").pop() ?? "") : "",
            name: urn ? urn.name : "",
            message: specific || d.message,
        };
    });
}

/** A `*` glob as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
    return new RegExp(`^${glob.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
}

/** True when `entry` is about `finding` (policy, type and name), evidence aside. */
export function matches(entry: FalsePositive, finding: Finding): boolean {
    if (entry.policy !== finding.policy) return false;
    if (entry.type === STACK_TYPE) return finding.type === "";
    if (entry.type !== finding.type) return false;
    return entry.name === undefined || globToRegExp(entry.name).test(finding.name);
}

/** True when the graph holds the entry's `requires` evidence for the flagged resource (or none is required). */
export function hasEvidence(entry: FalsePositive, finding: Finding, graph: readonly GraphResource[]): boolean {
    const req = entry.requires;
    if (!req) return true;
    return graph.some((r) => r.type === req.type && (r.propertyDependencies[req.property] ?? []).includes(finding.urn));
}

/**
 * Pairs each finding with the first entry that documents it (matching, with its evidence in
 * `graph`) and lists what is left over.
 */
export function judge(findings: readonly Finding[], entries: readonly FalsePositive[], graph: readonly GraphResource[] = []): JudgeResult {
    const used = new Set<FalsePositive>();
    const verdicts = findings.map((finding): Verdict => {
        const candidates = entries.filter((e) => matches(e, finding));
        candidates.forEach((e) => used.add(e));
        const entry = candidates.find((e) => hasEvidence(e, finding, graph));
        if (entry) return { finding, entry };
        return candidates.length ? { finding, unproven: candidates[0] } : { finding };
    });
    return {
        verdicts,
        undocumented: verdicts.filter((v) => !v.entry).map((v) => v.finding),
        stale: entries.filter((e) => !used.has(e)),
    };
}

/** 1 when any finding is undocumented, else 0. Stale entries only warn. (2 is for setup errors.) */
export function exitCodeOf(result: JudgeResult): 0 | 1 {
    return result.undocumented.length > 0 ? 1 : 0;
}

/** Entries naming one of our rules that the pack does not have (a rename, or a rule not written yet). */
export function unknownRules(entries: readonly FalsePositive[], ourRuleIds: readonly string[]): string[] {
    const known = new Set(ourRuleIds);
    return [...new Set(entries.flatMap((e) => e.enforcedBy).filter((id) => !known.has(id)))].sort();
}

function describeEntry(e: FalsePositive): string {
    return `${e.policy} on ${e.type}${e.name ? ` named ${e.name}` : ""}`;
}

/** Who enforces the real requirement, for the report and the docs. */
export function enforcedByText(e: FalsePositive, code = (s: string) => s): string {
    const parts = e.enforcedBy.map(code);
    if (e.requires) parts.push(`this judge: false only where the graph has a ${code(e.requires.type)} whose ${code(e.requires.property)} refers to the flagged resource`);
    return parts.join(", ");
}

function firstSentence(text: string): string {
    const m = /^(.*?[.;])(\s|$)/.exec(text);
    return m ? m[1] : text;
}

/** The text report: every finding (documented or not), then the stale entries, then the verdict. */
export function renderJudgeReport(result: JudgeResult, header: string[]): string {
    const out = [...header];
    const documented = result.verdicts.length - result.undocumented.length;
    out.push(`Findings: ${result.verdicts.length} (${documented} documented false positives, ${result.undocumented.length} undocumented)`);
    const sorted = [...result.verdicts].sort(
        (a, b) => Number(!!a.entry) - Number(!!b.entry) || a.finding.policy.localeCompare(b.finding.policy) || a.finding.urn.localeCompare(b.finding.urn),
    );
    for (const { finding: f, entry, unproven } of sorted) {
        const what = f.type ? `${f.name} (${f.type})` : "stack";
        const detail = f.message.split("\n").map((l) => l.trim()).filter(Boolean).join(" / ");
        out.push(`  ${entry ? "[documented]  " : "[UNDOCUMENTED]"} [${f.level}] ${f.policy}: ${what}: ${detail}`);
        if (entry) out.push(`                 false positive: ${firstSentence(entry.reason)} Enforced by: ${enforcedByText(entry)}.`);
        if (unproven?.requires) {
            out.push(`                 the register calls this false only where a ${unproven.requires.type} has ${unproven.requires.property} = this resource; the graph has none, so the finding stands.`);
        }
    }
    if (result.stale.length > 0) {
        out.push(`Warning: ${result.stale.length} register entries matched no finding (stale; remove them or fix their pattern):`);
        for (const e of result.stale) out.push(`  - ${describeEntry(e)}`);
    }
    out.push(
        result.undocumented.length > 0
            ? `Verdict: ${result.undocumented.length} finding(s) are not in the register. Each is either a real problem in a component (fix the component) ` +
                  `or a false positive nobody has explained yet (add it to judge/aws/false-positives.yaml with a concrete reason, then run with --write-docs).`
            : "Verdict: every finding is a documented false positive.",
    );
    return out.join("\n");
}

/** Markers around the generated table in docs/awsguard.md. */
export const DOCS_BEGIN = "<!-- BEGIN false-positives: generated from judge/aws/false-positives.yaml by `npm run judge:aws -- --write-docs`; do not edit by hand -->";
export const DOCS_END = "<!-- END false-positives -->";

function cell(text: string): string {
    return oneParagraph(text).replace(/\|/g, "\\|");
}

/** The markdown table of the register, one row per entry, in file order. */
export function renderDocsTable(entries: readonly FalsePositive[]): string {
    if (entries.length === 0) return "_The register is empty: every finding of the judge would fail `npm run judge:aws`._\n";
    const rows = [
        "| awsguard policy | Resource type | Name | Why it is false on aws v7 | Enforced instead by |",
        "| --- | --- | --- | --- | --- |",
        ...entries.map((e) =>
            `| \`${e.policy}\` | \`${e.type}\` | ${e.name ? `\`${cell(e.name)}\`` : "any"} | ${cell(e.reason)} | ${cell(enforcedByText(e, (s) => `\`${s}\``))} |`,
        ),
    ];
    return rows.join("\n") + "\n";
}

/** The generated part of a docs page (between the markers); undefined when a marker is missing. */
export function generatedPart(doc: string): string | undefined {
    const start = doc.indexOf(DOCS_BEGIN);
    const end = doc.indexOf(DOCS_END);
    if (start < 0 || end < start) return undefined;
    return doc.slice(start + DOCS_BEGIN.length, end).replace(/^\n/, "");
}

/** The docs page with its generated part replaced by `table`. Throws when a marker is missing. */
export function withGeneratedPart(doc: string, table: string): string {
    const start = doc.indexOf(DOCS_BEGIN);
    const end = doc.indexOf(DOCS_END);
    if (start < 0 || end < start) throw new PlanError(`The docs page has no generated section: add the lines\n${DOCS_BEGIN}\n${DOCS_END}`);
    return `${doc.slice(0, start + DOCS_BEGIN.length)}\n${table}${doc.slice(end)}`;
}

/** Why the judge's node_modules needs `npm ci`, or undefined when it is current. */
export function installNeeded(judgeDir: string, stampFile = INSTALL_STAMP): string | undefined {
    const lock = path.join(judgeDir, "package-lock.json");
    if (!fs.existsSync(path.join(judgeDir, "package.json")) || !fs.existsSync(lock)) {
        throw new PlanError(`The judge in ${judgeDir} has no package.json or package-lock.json; restore them from git.`);
    }
    if (!fs.existsSync(path.join(judgeDir, "node_modules", "@pulumi", "awsguard", "package.json"))) return "it is not installed";
    const stamp = path.join(judgeDir, "node_modules", stampFile);
    if (!fs.existsSync(stamp)) return "it was not installed by this script (no install stamp)";
    if (fs.readFileSync(stamp, "utf8").trim() !== lockHash(judgeDir)) return "its package-lock.json changed since the last install";
    return undefined;
}

/** File in node_modules recording the lockfile hash of the last successful `npm ci`. */
export const INSTALL_STAMP = ".zt-judge-lock.sha256";

/** sha256 of the judge's package-lock.json. */
export function lockHash(judgeDir: string): string {
    return createHash("sha256").update(fs.readFileSync(path.join(judgeDir, "package-lock.json"))).digest("hex");
}

function oneParagraph(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}
