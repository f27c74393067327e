/**
 * Config errors as a user reads them: where (the config path), what was given, what is allowed,
 * and how to fix it. Every error of a stack file is collected before anything is declared.
 */
import type { core } from "zod";
import { PROJECT } from "./stack-file";

export interface ConfigIssue {
    /** Config path as written in the stack file, e.g. `zt-landing-zone:network.flows[1].to`. */
    path: string;
    /** The value given, JSON-encoded and shortened, or `(not set)`. */
    value: string;
    allowed: string;
    fix: string;
}

/** `namespace` is the project whose config this is (the bootstrap project has its own). */
export function configPath(segments: ReadonlyArray<PropertyKey>, namespace: string = PROJECT): string {
    let out = `${namespace}:`;
    segments.forEach((seg, i) => {
        if (typeof seg === "number") out += `[${seg}]`;
        else out += `${i === 0 ? "" : "."}${String(seg)}`;
    });
    return out;
}

export function showValue(value: unknown): string {
    if (value === undefined) return "(not set)";
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function issue(segments: ReadonlyArray<PropertyKey>, value: unknown, allowed: string, fix: string, namespace: string = PROJECT): ConfigIssue {
    return { path: configPath(segments, namespace), value: showValue(value), allowed, fix };
}

/** How one project's settings are read from the wire map (see {@link parseNamespacedConfig}). */
export interface NamespacedConfigSpec {
    /** The project name: keys look like `<namespace>:<setting>`. */
    namespace: string;
    /** The settings the project's schema has. */
    knownKeys: readonly string[];
    /** Settings whose wire value is the plain string; the others are JSON text. */
    textKeys: ReadonlySet<string>;
    /** The fix offered for an unknown setting. */
    unknownFix(key: string): string;
    /** The issue for a JSON setting whose text does not parse; undefined keeps the text, so the schema reports the type. */
    badJson(key: string, text: string): ConfigIssue | undefined;
}

/**
 * Turns the wire-format map (`"<namespace>:<setting>"` → text) into a project's raw config object.
 * Keys of other namespaces (`aws:region`, `pulumi:tags`) belong to providers and the engine and
 * are left alone; an unknown setting of the namespace is an issue.
 */
export function parseNamespacedConfig(config: Record<string, string>, spec: NamespacedConfigSpec): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
    const raw: Record<string, unknown> = {};
    const issues: ConfigIssue[] = [];
    const prefix = `${spec.namespace}:`;
    for (const [fullKey, text] of Object.entries(config)) {
        if (!fullKey.startsWith(prefix)) continue;
        const key = fullKey.slice(prefix.length);
        if (!spec.knownKeys.includes(key)) {
            issues.push(issue([key], text, `one of the settings ${spec.knownKeys.join(", ")}`, spec.unknownFix(key), spec.namespace));
        } else if (spec.textKeys.has(key)) {
            raw[key] = text;
        } else {
            try {
                raw[key] = JSON.parse(text);
            } catch {
                const bad = spec.badJson(key, text);
                if (bad) issues.push(bad);
                else raw[key] = text;
            }
        }
    }
    return { raw, issues };
}

function article(noun: string): string {
    return `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;
}

/** Long enums (region lists) are summarised; the full list is in the named file. */
function listAllowed(values: ReadonlyArray<unknown>): string {
    const shown = values.map((v) => String(v));
    return shown.length <= 8 ? `one of ${shown.join(", ")}` : `one of ${shown.length} values, e.g. ${shown.slice(0, 4).join(", ")} (full list in config/)`;
}

/** Converts one zod issue into a ConfigIssue; custom issues carry their own allowed/fix in params. */
export function fromZodIssue(z: core.$ZodIssue): ConfigIssue[] {
    return convertZodIssue(z, PROJECT, "docs/configuration.md");
}

/**
 * {@link fromZodIssue} for the config of another project, e.g. `zt-bootstrap`, whose settings are
 * documented in `reference`.
 */
export function fromZodIssueIn(namespace: string, reference: string): (z: core.$ZodIssue) => ConfigIssue[] {
    return (z) => convertZodIssue(z, namespace, reference);
}

function convertZodIssue(z: core.$ZodIssue, namespace: string, reference: string): ConfigIssue[] {
    const make = (segments: ReadonlyArray<PropertyKey>, value: unknown, allowed: string, fix: string) => issue(segments, value, allowed, fix, namespace);
    const at = (extra: PropertyKey[] = []) => [...z.path, ...extra];
    const value = "input" in z ? z.input : undefined;
    if (z.path[z.path.length - 1] === "port" && value !== undefined && z.code !== "custom") {
        return [make(at(), value, "a whole number from 1 to 65535", "use the port the service listens on, between 1 and 65535")];
    }
    switch (z.code) {
        case "custom": {
            const params = (z.params ?? {}) as { allowed?: string; fix?: string };
            return [make(at(), value, params.allowed ?? z.message, `${z.message}: ${params.fix ?? "correct the value"}`)];
        }
        case "invalid_value":
            return [make(at(), value, listAllowed(z.values), "use one of the allowed values (values are case-sensitive)")];
        case "invalid_type":
            if (value === undefined) return [make(at(), value, article(z.expected), "this value is required: add it to the stack file")];
            return [make(at(), value, article(z.expected), `give ${article(z.expected)} here`)];
        case "too_small":
        case "too_big": {
            const bound = z.code === "too_small" ? z.minimum : z.maximum;
            const word = z.code === "too_small" ? "at least" : "at most";
            const unit = z.origin === "array" ? " item(s)" : z.origin === "string" ? " character(s)" : "";
            return [make(at(), value, `${word} ${String(bound)}${unit}`, `change it to ${word} ${String(bound)}${unit}`)];
        }
        case "invalid_format":
            return [make(at(), value, z.pattern ? `text matching ${z.pattern}` : `a valid ${z.format}`, "use lowercase letters, digits and dashes, starting with a letter")];
        case "invalid_key":
            return [make(at(), value, "names of lowercase letters, digits and dashes, starting with a letter", "rename the key")];
        case "not_multiple_of":
            return [make(at(), value, `a multiple of ${String(z.divisor)}`, "round the value")];
        case "unrecognized_keys":
            return z.keys.map((key) =>
                make(at([key]), (value as Record<string, unknown> | undefined)?.[key], "no such setting", `remove "${key}" or check its spelling against ${reference}`),
            );
        default:
            return [make(at(), value, z.message, "correct the value")];
    }
}

/**
 * The message a user sees for a bad stack file: one line per problem, then what to do.
 * `reference` is the document that lists every setting (another project points to its own).
 */
export function formatIssues(stack: string, issues: ConfigIssue[], reference = "docs/configuration.md"): string {
    const lines = issues.map((i) => `  - ${i.path}: got ${i.value}; allowed: ${i.allowed}; fix: ${i.fix}`);
    return [
        `Stack "${stack}" has ${issues.length} config error${issues.length === 1 ? "" : "s"} in stacks/Pulumi.${stack}.yaml; nothing was declared.`,
        ...lines,
        `See ${reference} for every setting and its default.`,
    ].join("\n");
}
