/**
 * Policy-pack configuration, reconciled exactly as the Pulumi CLI does before `Configure`:
 *   1. each policy's enforcement level and its config schema's `default`s;
 *   2. the pack's initial config (from `GetAnalyzerInfo`);
 *   3. the `--policy-pack-config` JSON file.
 * Each step overrides the one before; a top-level `"all"` sets every policy's level. The result is
 * validated per policy against its JSON Schema, and any error fails the plan as it fails `pulumi
 * preview`. (Mirrors `ReconcilePolicyPackConfig` / `applyConfig` in pulumi/pkg/resource/analyzer.)
 *
 * CLI quirk reproduced on purpose: the pack reports its initial config over gRPC, where an entry
 * with properties but no level carries the protobuf default level, ADVISORY, and the CLI applies
 * it. So `new PolicyPack(name, args, { p: { x: 1 } })` makes policy `p` advisory unless that entry
 * (or the config file) also states `enforcementLevel`. `toPackInfo` keeps that reading.
 */
import Ajv from "ajv";
import * as fs from "fs";
import { PlanError, messageOf } from "./errors";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** One policy's config: an optional level plus free-form properties. */
export interface PolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}

/** A map of policy name (or `"all"`) to its config. */
export type PackConfig = Record<string, PolicyConfig>;

/** The part of a policy's metadata that reconciliation needs. */
export interface PolicyConfigInfo {
    name: string;
    enforcementLevel: EnforcementLevel;
    /** `properties` and `required` of the policy's config schema, as the pack declares them. */
    configSchema?: { properties: Record<string, Record<string, unknown>>; required?: string[] };
}

function isLevel(v: unknown): v is EnforcementLevel {
    return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

/**
 * Parses the text of a `--policy-pack-config` file. Each value is a level string, or an object of
 * properties with an optional `enforcementLevel`. Empty entries are dropped, as the CLI drops them.
 */
export function parsePackConfig(text: string, source: string): PackConfig {
    if (text.trim() === "") return {};
    let raw: unknown;
    try {
        raw = JSON.parse(text);
    } catch (err) {
        throw new PlanError(`Policy pack config ${source} is not valid JSON (${messageOf(err)}). Fix the JSON syntax.`);
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        throw new PlanError(
            `Policy pack config ${source} must be a JSON object mapping policy names (or "all") to a level or an object.`,
        );
    }
    const result: PackConfig = {};
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
        const where = `Policy pack config ${source}, entry "${name}"`;
        const allowed = `allowed levels: ${ENFORCEMENT_LEVELS.join(", ")}`;
        if (typeof value === "string") {
            if (!isLevel(value)) throw new PlanError(`${where}: "${value}" is not a valid enforcement level (${allowed}).`);
            result[name] = { enforcementLevel: value };
            continue;
        }
        if (value === null || typeof value !== "object" || Array.isArray(value)) {
            throw new PlanError(`${where}: ${JSON.stringify(value)} is not valid; use a level string or an object.`);
        }
        const { enforcementLevel, ...properties } = value as Record<string, unknown>;
        if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
            throw new PlanError(`${where}: ${JSON.stringify(enforcementLevel)} is not a valid enforcement level (${allowed}).`);
        }
        const entry: PolicyConfig = {};
        if (enforcementLevel !== undefined) entry.enforcementLevel = enforcementLevel;
        if (Object.keys(properties).length > 0) entry.properties = properties;
        if (entry.enforcementLevel || entry.properties) result[name] = entry;
    }
    return result;
}

/** Reads and parses a `--policy-pack-config` file; a missing or unreadable file is a {@link PlanError}. */
export function loadPackConfigFile(file: string): PackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanError(`Cannot read policy pack config ${file}: ${messageOf(err)}. Check the path given to --policy-pack-config.`);
    }
    return parsePackConfig(text, file);
}

/** Step 1: every policy at its own level, with its schema defaults. */
export function configWithDefaults(policies: PolicyConfigInfo[]): PackConfig {
    const result: PackConfig = {};
    for (const p of policies) {
        let properties: Record<string, unknown> | undefined;
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (schema && "default" in schema) (properties ??= {})[k] = schema["default"];
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, ...(properties ? { properties } : {}) };
    }
    return result;
}

/** Steps 2 and 3: lays `given` over `base` ("all" first, then per policy), returning a new map. */
export function applyPackConfig(base: PackConfig, given: PackConfig): PackConfig {
    const result: PackConfig = structuredClone(base);
    const all = given["all"]?.enforcementLevel;
    if (all) {
        for (const name of Object.keys(result)) result[name] = { ...result[name], enforcementLevel: all };
    }
    for (const [name, cfg] of Object.entries(given)) {
        const current = result[name] ?? {};
        const properties = cfg.properties ? { ...(current.properties ?? {}), ...structuredClone(cfg.properties) } : current.properties;
        result[name] = {
            ...(cfg.enforcementLevel ?? current.enforcementLevel ? { enforcementLevel: cfg.enforcementLevel ?? current.enforcementLevel } : {}),
            ...(properties ? { properties } : {}),
        };
    }
    return result;
}

/** Validates each policy's merged properties against its schema; returns `"<policy>: <error>"` lines. */
export function validatePackConfig(policies: PolicyConfigInfo[], config: PackConfig): string[] {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const errors: string[] = [];
    for (const p of policies) {
        if (!p.configSchema) continue;
        const schema: Record<string, unknown> = { type: "object" };
        if (Object.keys(p.configSchema.properties ?? {}).length > 0) schema["properties"] = p.configSchema.properties;
        if (p.configSchema.required?.length) schema["required"] = p.configSchema.required;
        const validate = ajv.compile(schema);
        const props = config[p.name]?.properties ?? {};
        if (validate(props)) continue;
        for (const e of validate.errors ?? []) {
            const field = e.instancePath ? `${e.instancePath.slice(1).replace(/\//g, ".")} ` : "";
            errors.push(`${p.name}: ${field}${e.message ?? "is invalid"}`);
        }
    }
    return errors;
}

/**
 * The whole reconciliation. Throws {@link PlanError} naming every schema error, so a bad config
 * file fails before any resource is analysed, with the file named in the message.
 */
export function reconcilePackConfig(
    policies: PolicyConfigInfo[],
    initialConfig: PackConfig | undefined,
    fileConfig: PackConfig | undefined,
    source = "the policy pack config",
): PackConfig {
    let result = configWithDefaults(policies);
    if (initialConfig) result = applyPackConfig(result, initialConfig);
    if (fileConfig) result = applyPackConfig(result, fileConfig);
    const errors = validatePackConfig(policies, result);
    if (errors.length > 0) {
        throw new PlanError(
            `Policy pack config is invalid after merging schema defaults, the pack's initial config and ${source}: ` +
                `${errors.join("; ")}. Fix the values in ${source} to match each policy's config schema.`,
        );
    }
    return result;
}
