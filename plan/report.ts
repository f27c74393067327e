/**
 * The plan's output: a text report for people and a JSON report for machines, from the same data.
 *
 * The text states plainly what an offline plan cannot know. It is a policy check of what the
 * program declares, never a diff against the cloud.
 */
import * as path from "path";
import type { Diagnostic } from "./analyzer";
import type { StackPlan } from "./plan-stack";
import { parseUrn } from "./wire";
import type { ExceptionRow } from "../policy-pack/exceptions";

/**
 * One row of the exception register, as the report shows it. The pack owns the register and its
 * row shape (`policy-pack/exceptions.ts`); the report only prints what it is given.
 */
export type { ExceptionRow };

/** One violation in the JSON report. */
export interface ViolationRow {
    policy: string;
    pack: string;
    level: Diagnostic["enforcementLevel"];
    severity: Diagnostic["severity"];
    urn: string;
    /** `name (type)`, or `stack` for a stack-level finding without a resource. */
    resource: string;
    pillar: string;
    message: string;
    description: string;
}

/** Shape of `--json FILE` (version 1). */
export interface JsonReport {
    version: 1;
    generatedAt: string;
    exitCode: number;
    totals: { stacks: number; resources: number; mandatory: number; advisory: number };
    stacks: {
        stack: string;
        project: string;
        source: "program" | "state";
        environment: string;
        packConfigFile: string | null;
        pack: { name: string; version: string; pluginVersion: string };
        resources: { total: number; custom: number; components: number; byPillar: Record<string, number>; byType: Record<string, number> };
        violations: ViolationRow[];
        offline: {
            secretPlaceholders: string[];
            encryptedSecrets: string[];
            knownInvokes: Record<string, number>;
            unknownInvokes: Record<string, number>;
            reads: string[];
        };
        timings: { captureMs: number; analyzeMs: number };
        /** The captured graph itself (plan/graph.ts), in wire format. */
        graph: StackPlan["graph"];
    }[];
    /** The exception register, when the caller supplied it; otherwise null. */
    exceptions: ExceptionRow[] | null;
}

const LEVEL_ORDER: Record<string, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/** Violations of one stack, mandatory first, then by policy and resource. */
export function violationsOf(plan: StackPlan): ViolationRow[] {
    return plan.analysis.diagnostics
        .map((d): ViolationRow => {
            const parsed = d.urn ? parseUrn(d.urn) : undefined;
            const type = parsed ? parsed.qualifiedType.split("$").pop() : undefined;
            return {
                policy: d.policyName,
                pack: d.policyPackName,
                level: d.enforcementLevel,
                severity: d.severity,
                urn: d.urn,
                resource: parsed ? `${parsed.name} (${type})` : "stack",
                pillar: (d.urn && plan.summary.pillarOf[d.urn]) || "stack",
                message: d.message,
                description: d.description,
            };
        })
        .sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9) || a.policy.localeCompare(b.policy) || a.urn.localeCompare(b.urn));
}

/** True when a stack has a blocking (mandatory) violation. */
export function isBlocking(plan: StackPlan): boolean {
    return plan.analysis.diagnostics.some((d) => d.enforcementLevel === "mandatory");
}

export function toJsonReport(plans: StackPlan[], exitCode: number, exceptions?: ExceptionRow[]): JsonReport {
    const stacks = plans.map((p) => {
        const v = violationsOf(p);
        return {
            stack: p.stack,
            project: p.project,
            source: p.graph.source,
            environment: p.environment,
            packConfigFile: p.packConfigFile ?? null,
            pack: p.analysis.pack,
            resources: {
                total: p.summary.total,
                custom: p.summary.custom,
                components: p.summary.components,
                byPillar: p.summary.byPillar,
                byType: p.summary.byType,
            },
            violations: v,
            offline: {
                secretPlaceholders: p.offline.secretPlaceholders,
                encryptedSecrets: p.offline.encryptedSecrets,
                knownInvokes: p.offline.log.knownInvokes,
                unknownInvokes: p.offline.log.unknownInvokes,
                reads: p.offline.log.reads,
            },
            timings: p.timings,
            graph: p.graph,
        };
    });
    const all = stacks.flatMap((s) => s.violations);
    return {
        version: 1,
        generatedAt: new Date().toISOString(),
        exitCode,
        totals: {
            stacks: stacks.length,
            resources: stacks.reduce((n, s) => n + s.resources.total, 0),
            mandatory: all.filter((v) => v.level === "mandatory").length,
            advisory: all.filter((v) => v.level === "advisory").length,
        },
        stacks,
        exceptions: exceptions ?? null,
    };
}

const counts = (m: Record<string, number>): string =>
    Object.entries(m)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .map(([k, n]) => `${k} ${n}`)
        .join(", ");

function indent(text: string, pad: string): string {
    return text.split("\n").map((l) => pad + l).join("\n");
}

/** What an offline plan cannot know, for one stack. */
export function offlineLimits(plan: StackPlan): string[] {
    const lines: string[] = [];
    if (plan.graph.source === "state") {
        lines.push("Analysed a stack export: the inputs as last deployed. No program ran, so changes since then are not seen.");
        if (plan.offline.encryptedSecrets.length) {
            lines.push(`Encrypted secrets replaced by placeholders: ${plan.offline.encryptedSecrets.join(", ")}.`);
        }
        return lines;
    }
    lines.push(
        "No provider Check step: provider defaults, autonaming and default tags (tagsAll) are not applied; policies see only what the program sets.",
        "Computed IDs and outputs are not known: the mock returns each resource's inputs as its outputs and `<name>-id` as its ID.",
        "No pulumi:pulumi:Stack root and no default providers are in the graph.",
    );
    const secrets = plan.offline.secretPlaceholders;
    lines.push(secrets.length ? `Secure config values replaced by placeholders: ${secrets.join(", ")}.` : "No secure config values were needed.");
    const known = Object.keys(plan.offline.log.knownInvokes);
    const unknown = Object.keys(plan.offline.log.unknownInvokes);
    if (known.length) lines.push(`Invokes answered by the mock with fixed stand-in values: ${known.join(", ")}.`);
    if (unknown.length) lines.push(`Invokes unknown to the offline plan (answered with {}): ${unknown.join(", ")}.`);
    if (plan.offline.log.reads.length) lines.push(`Resources read with .get() (answered by the mock): ${plan.offline.log.reads.join(", ")}.`);
    return lines;
}

/** The text report for every planned stack. */
export function renderReport(plans: StackPlan[], exceptions?: ExceptionRow[]): string {
    const out: string[] = [];
    for (const p of plans) {
        const v = violationsOf(p);
        out.push(`== ${p.stack} (${p.graph.source === "state" ? "from stack export" : "offline plan of the program"}) ==`);
        out.push(`Policy pack: ${p.analysis.pack.name}@${p.analysis.pack.version}; config: ${p.packConfigFile ? path.relative(process.cwd(), p.packConfigFile) || p.packConfigFile : "pack defaults"}`);
        out.push(`Resources: ${p.summary.total} (${p.summary.custom} custom, ${p.summary.components} components)`);
        out.push(`  by pillar: ${counts(p.summary.byPillar) || "none"}`);
        out.push("  by type:");
        for (const [type, n] of Object.entries(p.summary.byType).sort((a, b) => a[0].localeCompare(b[0]))) out.push(`    ${String(n).padStart(4)}  ${type}`);
        if (v.length === 0) out.push("Violations: none");
        else {
            out.push(`Violations: ${v.filter((x) => x.level === "mandatory").length} mandatory, ${v.filter((x) => x.level !== "mandatory").length} other`);
            let group = "";
            for (const row of v) {
                const key = `${row.level} ${row.policy}`;
                if (key !== group) {
                    group = key;
                    out.push(`  [${row.level}] ${row.policy}${row.severity ? ` (${row.severity})` : ""}`);
                }
                const detail = row.message.startsWith(row.description) ? row.message.slice(row.description.length).trim() : row.message;
                out.push(`    - ${row.resource} [${row.pillar}]${detail ? `: ${detail.split("\n").join(" ")}` : ""}`);
            }
        }
        out.push("What this offline plan cannot know:");
        for (const line of offlineLimits(p)) out.push(indent(line, "  - ").replace(/\n/g, " "));
        out.push("");
    }
    if (exceptions) out.push(renderExceptions(exceptions));
    out.push("This is a policy check of what the program declares, not a diff against the cloud. Run `npm run preview` for that.");
    return out.join("\n");
}

/** The exceptions section: every registered exception with its days left and whether it was used. */
export function renderExceptions(rows: ExceptionRow[]): string {
    if (rows.length === 0) return "Exceptions: none registered\n";
    const lines = [`Exceptions: ${rows.length} registered`];
    for (const r of [...rows].sort((a, b) => a.daysLeft - b.daysLeft)) {
        const state = r.daysLeft < 0 ? `EXPIRED ${-r.daysLeft} days ago` : `${r.daysLeft} days left`;
        lines.push(`  - ${r.id}: ${r.policy} on ${r.resource}; owner ${r.owner}; expires ${r.expires} (${state}); ${r.used ? "used" : "unused"}`);
    }
    return lines.join("\n") + "\n";
}
