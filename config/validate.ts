/**
 * Validates a stack's config and resolves every default. The program, the offline plan and the
 * tests all call this with the `PULUMI_CONFIG`-shaped map, so they accept and reject exactly the
 * same stack files.
 */
import { fromZodIssue, issue, parseNamespacedConfig, type ConfigIssue } from "./issues";
import { semanticIssues } from "./semantics";
import { mergedTiers } from "./raw";
import { DEFAULT_CLASSIFICATION_LEVELS, DEFAULT_FLOWS, IntentInputSchema, type Intent, type IntentBase, type IntentInput } from "./schema";
import { PROJECT } from "./stack-file";
import { resolveAws } from "./aws";
import { resolveAzure } from "./azure";
import { resolveGcp } from "./gcp";
import { resolveKubernetes } from "./kubernetes";
import { rawClusterBuilt } from "./kubernetes-semantics";

export { formatIssues, type ConfigIssue } from "./issues";

export type ValidationResult = { ok: true; intent: Intent } | { ok: false; issues: ConfigIssue[] };

const STRUCTURED_KEYS = ["tags", "network", "admin", "logging", "data", "ci", "kubernetes", "aws", "azure", "gcp"];
const KNOWN_KEYS = Object.keys(IntentInputSchema.shape);
/** Settings whose wire value is the plain string: every setting but the structured ones. */
const TEXT_KEYS = new Set(KNOWN_KEYS.filter((k) => !STRUCTURED_KEYS.includes(k)));

/**
 * Turns the wire-format map (`"zt-landing-zone:network"` → JSON text) into the raw intent object.
 * Keys of other namespaces (`aws:region`, `pulumi:tags`) belong to providers and the engine, not
 * to the intent, and are left alone.
 */
export function parseConfigMap(config: Record<string, string>): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
    return parseNamespacedConfig(config, {
        namespace: PROJECT,
        knownKeys: KNOWN_KEYS,
        textKeys: TEXT_KEYS,
        unknownFix: (key) => {
            const near = KNOWN_KEYS.find((k) => editDistance(k, key) <= 2);
            return near ? `did you mean "${near}"?` : `remove "${key}"`;
        },
        badJson: (key, text) => issue([key], text, "a YAML mapping", `write ${key} as a nested mapping in the stack file`),
    });
}

export function validateConfigMap(config: Record<string, string>): ValidationResult {
    const { raw, issues } = parseConfigMap(config);
    return validateIntent(raw, issues);
}

/** Collects every structural and cross-field error; returns the resolved intent only when there are none. */
export function validateIntent(raw: Record<string, unknown>, prior: ConfigIssue[] = []): ValidationResult {
    const parsed = IntentInputSchema.safeParse(raw, { reportInput: true });
    const issues = [...prior, ...(parsed.success ? [] : parsed.error.issues.flatMap(fromZodIssue)), ...semanticIssues(raw)];
    if (issues.length > 0 || !parsed.success) return { ok: false, issues: dedupe(issues) };
    return { ok: true, intent: resolve(parsed.data) };
}

function resolve(input: IntentInput): Intent {
    const space = Number(input.network.addressSpace.split("/")[1]);
    const tierPrefixLength = input.network.tierPrefixLength ?? space + 3;
    const tiers = Object.fromEntries(
        Object.entries(mergedTiers(input.network)).map(([name, t]) => [name, { slot: t.slot as number, edge: t.edge === true }]),
    );
    const flows = (input.network.flows ?? DEFAULT_FLOWS).map((f) => ({ ...f, key: `${f.from}-to-${f.to}-${f.protocol}-${f.port}` }));
    const base: IntentBase = {
        environment: input.environment,
        prefix: input.prefix,
        owner: input.owner,
        tags: input.tags ?? {},
        network: {
            addressSpace: input.network.addressSpace,
            tierPrefixLength,
            subnetPrefixLength: input.network.subnetPrefixLength ?? tierPrefixLength + 2,
            tiers,
            flows,
            ingress: (input.network.ingress ?? []).map((r) => ({ ...r, key: `internet-to-${r.tier}-${r.protocol}-${r.port}` })),
            peerRanges: input.network.peerRanges ?? {},
        },
        admin: { groups: input.admin.groups, maxElevationMinutes: input.admin.maxElevationMinutes ?? 60 },
        logging: { retentionDays: input.logging?.retentionDays ?? 365 },
        data: {
            classificationLevels: input.data?.classificationLevels ?? DEFAULT_CLASSIFICATION_LEVELS,
            defaultClassification: input.data?.defaultClassification ?? "confidential",
            deletionProtection: input.data?.deletionProtection ?? input.environment === "prod",
        },
        ci: {
            repository: input.ci.repository,
            environment: input.ci.environment ?? input.environment,
            maxSessionMinutes: input.ci.maxSessionMinutes ?? 60,
            deployIdentity: input.ci.deployIdentity ?? "bootstrap",
        },
        kubernetes: resolveKubernetes(input.kubernetes, input.environment, { clusterBuilt: rawClusterBuilt(input), repository: input.ci.repository }),
    };
    // The semantic checks guarantee the chosen cloud's section is present.
    switch (input.cloud) {
        case "aws":
            return {
                ...base,
                cloud: "aws",
                aws: resolveAws(input.aws!, input.environment, { defaultClassification: base.data.defaultClassification, tierSlots: 2 ** (tierPrefixLength - space) }),
            };
        case "azure":
            return {
                ...base,
                cloud: "azure",
                azure: resolveAzure(input.azure!, input.environment, { defaultClassification: base.data.defaultClassification, tierSlots: 2 ** (tierPrefixLength - space), adminGroups: base.admin.groups }),
            };
        case "gcp":
            return {
                ...base,
                cloud: "gcp",
                gcp: resolveGcp(input.gcp!, input.environment, { defaultClassification: base.data.defaultClassification, tierSlots: 2 ** (tierPrefixLength - space), adminGroups: base.admin.groups }),
            };
    }
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
    const seen = new Set<string>();
    return issues.filter((i) => {
        const key = `${i.path}|${i.allowed}|${i.fix}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    });
}

function editDistance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}
