/**
 * Reads `stacks/Pulumi.<stack>.yaml` into the same key/value map the Pulumi CLI hands a program in
 * `PULUMI_CONFIG`, so the offline plan, the tests and a real `pulumi up` validate identical input.
 */
import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";

/** The project name from Pulumi.yaml; config keys are namespaced with it. */
export const PROJECT = "zt-landing-zone";

/** Placeholder that stands in for a `secure:` value, which cannot be decrypted offline. */
export const SECRET_PLACEHOLDER = "[secret: encrypted in the stack file, not decrypted offline]";

const REPO_ROOT = path.resolve(__dirname, "..");

/** A stack file that is missing or not valid YAML. The message is one paragraph, fit for a user. */
export class StackFileError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackFileError";
    }
}

export interface StackConfig {
    stack: string;
    /** Absolute path of the stack file. */
    file: string;
    /** `"<namespace>:<key>"` → string value; objects and arrays JSON-encoded, as in `PULUMI_CONFIG`. */
    config: Record<string, string>;
    /** Keys whose values were `secure:` and were replaced by {@link SECRET_PLACEHOLDER}. */
    placeholders: string[];
}

/** Stack names that have a stack file, sorted, e.g. `["aws-dev", "aws-prod", ...]`. */
export function listStacks(root: string = REPO_ROOT): string[] {
    const dir = path.join(root, "stacks");
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * Reads one stack's config as the CLI resolves it: project-level values from Pulumi.yaml's
 * `config:` block, overridden key by key by the stack file. Throws {@link StackFileError} when a
 * file is missing or unparseable.
 */
export function readStackConfig(stack: string, root: string = REPO_ROOT): StackConfig {
    const project = projectConfig(root);
    const own = readStackFile(stack, root, projectNamespace(root));
    return { ...own, config: { ...project.config, ...own.config }, placeholders: [...new Set([...project.placeholders, ...own.placeholders])] };
}

/**
 * Project-level config from Pulumi.yaml. As in the CLI, a plain value is the value, an object value
 * sits under `value:`, and an entry with only `type`/`description`/`default` is a schema whose
 * `default` (if any) applies.
 */
export function projectConfig(root: string = REPO_ROOT): Pick<StackConfig, "config" | "placeholders"> {
    const file = path.join(root, "Pulumi.yaml");
    const body = parseYamlFile(file, root);
    const block = isRecord(body) ? body["config"] : undefined;
    if (block === undefined) return { config: {}, placeholders: [] };
    if (!isRecord(block)) throw new StackFileError(`Pulumi.yaml's "config:" must be a mapping of key to value.`);
    const values: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(block)) {
        if (!isRecord(entry)) values[key] = entry;
        else if ("value" in entry) values[key] = entry["value"];
        else if ("default" in entry) values[key] = entry["default"];
        else if (!("type" in entry || "description" in entry)) {
            throw new StackFileError(`Pulumi.yaml config key "${key}" holds a mapping; the CLI needs object values nested under "value:".`);
        }
    }
    return toWireConfig(values, projectNamespace(root));
}

/**
 * The namespace of the project's own config keys: its `name` in Pulumi.yaml, as for the CLI
 * (`zt-landing-zone` here, `zt-bootstrap` in bootstrap/). {@link PROJECT} when the file has none.
 */
export function projectNamespace(root: string = REPO_ROOT): string {
    const body = parseYamlFile(path.join(root, "Pulumi.yaml"), root);
    const name = isRecord(body) ? body["name"] : undefined;
    return typeof name === "string" && name !== "" ? name : PROJECT;
}

function parseYamlFile(file: string, root: string): unknown {
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    if (doc.errors.length > 0) {
        throw new StackFileError(
            `${path.relative(root, file)} is not valid YAML: ${doc.errors[0].message.split("\n")[0]}. ` +
                `Fix the YAML syntax; the stack's settings cannot be read until it parses.`,
        );
    }
    return doc.toJS() ?? {};
}

function readStackFile(stack: string, root: string, namespace: string): StackConfig {
    const file = path.join(root, "stacks", `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) {
        const known = listStacks(root);
        throw new StackFileError(
            `Stack "${stack}" has no stack file: expected ${path.relative(root, file)}. ` +
                `Known stacks: ${known.length ? known.join(", ") : "none"}. ` +
                `Create the file (copy the nearest existing one) or pick a known stack.`,
        );
    }
    const body = parseYamlFile(file, root);
    const rawConfig = isRecord(body) ? body["config"] ?? {} : undefined;
    if (!isRecord(rawConfig)) {
        throw new StackFileError(
            `${path.relative(root, file)} must be a mapping with a "config:" mapping inside it ` +
                `(config keys look like "${namespace}:cloud"). Found ${describe(rawConfig ?? body)} instead.`,
        );
    }
    return { stack, file, ...toWireConfig(rawConfig, namespace) };
}

/**
 * Turns a stack file's `config:` mapping into the `PULUMI_CONFIG` wire form: every value a string,
 * structured values JSON-encoded, `{secure: ...}` values replaced by a placeholder.
 */
export function toWireConfig(raw: Record<string, unknown>, namespace: string = PROJECT): Pick<StackConfig, "config" | "placeholders"> {
    const config: Record<string, string> = {};
    const placeholders: string[] = [];
    for (const [key, value] of Object.entries(raw)) {
        // The CLI treats an unqualified key as belonging to the project's namespace.
        const fullKey = key.includes(":") ? key : `${namespace}:${key}`;
        if (containsSecure(value)) {
            placeholders.push(fullKey);
            config[fullKey] = isRecord(value) && Object.keys(value).length === 1 && "secure" in value
                ? SECRET_PLACEHOLDER
                : JSON.stringify(replaceSecure(value));
            continue;
        }
        config[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return { config, placeholders };
}

function containsSecure(value: unknown): boolean {
    if (Array.isArray(value)) return value.some(containsSecure);
    if (!isRecord(value)) return false;
    if (Object.keys(value).length === 1 && typeof value["secure"] === "string") return true;
    return Object.values(value).some(containsSecure);
}

function replaceSecure(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(replaceSecure);
    if (!isRecord(value)) return value;
    if (Object.keys(value).length === 1 && typeof value["secure"] === "string") return SECRET_PLACEHOLDER;
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
    if (v === null || v === undefined) return "nothing";
    if (Array.isArray(v)) return "a list";
    return `a ${typeof v}`;
}
