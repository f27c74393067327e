/**
 * Reads a `pulumi stack export` file into the same graph the program capture produces, so an
 * existing estate can be checked against the pack without the CLI (as `pulumi policy analyze
 * --file` does). Only the fields the analysis needs are read; anything malformed is a
 * {@link PlanError} naming the file and the entry.
 */
import * as fs from "fs";
import { PlanError, messageOf } from "./errors";
import { SECRET_SIG, SIG_KEY, type CapturedGraph, type CapturedResource } from "./graph";
import { parseUrn, resourceRefsToUrns } from "./wire";

/** Stand-in for a secret the export holds encrypted (exported without `--show-secrets`). */
export const ENCRYPTED_SECRET_PLACEHOLDER = "[secret: encrypted in the export, not decrypted offline]";

/** The graph plus the property paths whose secret values could not be read. */
export interface StateGraph {
    graph: CapturedGraph;
    /** `<urn>#<property>` for every encrypted secret replaced by a placeholder. */
    encryptedSecrets: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Reads and converts an export file. */
export function readStateFile(file: string): StateGraph {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new PlanError(`Cannot read the stack export ${file}: ${messageOf(err)}. Pass a file written by "pulumi stack export --file".`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new PlanError(`The stack export ${file} is not valid JSON (${messageOf(err)}). Re-export it with "pulumi stack export --file".`);
    }
    return stateToGraph(doc, file);
}

/** Converts a parsed export document; `source` names it in error messages. */
export function stateToGraph(doc: unknown, source: string): StateGraph {
    const deployment = isRecord(doc) ? doc["deployment"] : undefined;
    const raw = isRecord(deployment) ? deployment["resources"] : undefined;
    if (!Array.isArray(raw)) {
        throw new PlanError(
            `The stack export ${source} has no "deployment.resources" list. It does not look like "pulumi stack export" output (version 3).`,
        );
    }
    const encryptedSecrets: string[] = [];
    const resources: CapturedResource[] = [];
    let identity: { stack: string; project: string } | undefined;
    raw.forEach((entry: unknown, i: number) => {
        const urn = isRecord(entry) ? entry["urn"] : undefined;
        const type = isRecord(entry) ? entry["type"] : undefined;
        const parsed = typeof urn === "string" ? parseUrn(urn) : undefined;
        if (!isRecord(entry) || !parsed || typeof type !== "string") {
            throw new PlanError(`The stack export ${source} has an invalid resource at deployment.resources[${i}]: it needs a "urn:pulumi:..." urn and a type.`);
        }
        if (entry["delete"] === true) return; // pending deletion: not part of the desired state
        identity ??= parsed;
        const inputs = isRecord(entry["inputs"]) ? entry["inputs"] : {};
        const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
        const propertyDependencies: Record<string, string[]> = {};
        if (isRecord(entry["propertyDependencies"])) {
            for (const [k, v] of Object.entries(entry["propertyDependencies"])) propertyDependencies[k] = strings(v);
        }
        const r: CapturedResource = {
            urn: urn as string,
            type,
            name: parsed.name,
            custom: entry["custom"] === true,
            protect: entry["protect"] === true,
            retainOnDelete: entry["retainOnDelete"] === true,
            dependencies: strings(entry["dependencies"]),
            propertyDependencies,
            inputs: unsealSecrets(resourceRefsToUrns(inputs), `${urn as string}#`, encryptedSecrets) as Record<string, unknown>,
        };
        if (typeof entry["parent"] === "string" && entry["parent"]) r.parent = entry["parent"];
        if (typeof entry["provider"] === "string" && entry["provider"]) r.provider = entry["provider"];
        resources.push(r);
    });
    if (!identity) {
        throw new PlanError(`The stack export ${source} contains no resources, so there is nothing to analyse.`);
    }
    return {
        graph: { project: identity.project, stack: identity.stack, source: "state", resources, secretPlaceholders: [] },
        encryptedSecrets,
    };
}

/**
 * Export files keep secrets as `{sig, ciphertext}` or, with `--show-secrets`, `{sig, plaintext}`
 * (a JSON string). The pack expects `{sig, value}`, so convert, using a placeholder for ciphertext.
 */
function unsealSecrets(value: unknown, path: string, encrypted: string[]): unknown {
    if (Array.isArray(value)) return value.map((v, i) => unsealSecrets(v, `${path}[${i}]`, encrypted));
    if (!isRecord(value)) return value;
    if (value[SIG_KEY] === SECRET_SIG) {
        if (typeof value["plaintext"] === "string") {
            let inner: unknown = value["plaintext"];
            try {
                inner = JSON.parse(value["plaintext"]);
            } catch {
                // A plaintext that is not JSON is kept as the string it is.
            }
            return { [SIG_KEY]: SECRET_SIG, value: unsealSecrets(inner, path, encrypted) };
        }
        if ("ciphertext" in value) {
            encrypted.push(path.replace(/#\./, "#"));
            return { [SIG_KEY]: SECRET_SIG, value: ENCRYPTED_SECRET_PLACEHOLDER };
        }
        return value;
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = unsealSecrets(v, path.endsWith("#") ? `${path}${k}` : `${path}.${k}`, encrypted);
    return out;
}
