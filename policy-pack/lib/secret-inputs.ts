/**
 * Which inputs of a resource were Pulumi secrets.
 *
 * The engine sends secrets to the pack marked as secrets, but @pulumi/policy unwraps them to
 * plain values before a validation sees them (see pulumi/pulumi-policy#241: a policy cannot tell
 * whether a value was secret). The plaintext-secret rule needs exactly that distinction, so this
 * module wraps the SDK's `deserializeProperties` (which server.js calls through its module object
 * for every Analyze / AnalyzeStack resource) and remembers, per deserialized object, the paths that
 * arrived as secrets. Nothing else changes: the wrapped function returns the original result.
 *
 * If a future SDK renames the function, `installed` stays false and the rule refuses to guess
 * (it raises an error naming this file) instead of flagging every secret or none.
 */
import * as deserializeModule from "@pulumi/policy/deserialize";
import { formatPath, raw } from "./props";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const WRAPPED = Symbol.for("zt-policy-pack.secret-tracking");

type Deserialize = ((struct: { toJavaScript(): unknown }, proxySecrets: boolean) => Record<string, unknown>) & { [WRAPPED]?: true };
interface DeserializeExports {
    deserializeProperties?: Deserialize;
}

const secretPathsByProps = new WeakMap<object, ReadonlySet<string>>();

/** Collects the formatted paths of every secret-wrapped value in wire-format properties. */
export function secretPathsInWire(wire: unknown): Set<string> {
    const found = new Set<string>();
    const walk = (value: unknown, path: (string | number)[]) => {
        if (Array.isArray(value)) {
            value.forEach((v, i) => walk(v, [...path, i]));
        } else if (value !== null && typeof value === "object") {
            const obj = value as Record<string, unknown>;
            if (obj[SIG_KEY] === SECRET_SIG) {
                found.add(formatPath(path));
                return;
            }
            for (const [k, v] of Object.entries(obj)) {
                walk(v, [...path, k]);
            }
        }
    };
    walk(wire, []);
    return found;
}

function install(): boolean {
    const mod = deserializeModule as unknown as DeserializeExports;
    const original = mod.deserializeProperties;
    if (typeof original !== "function") {
        return false;
    }
    if (original[WRAPPED]) {
        return true;
    }
    const wrapped: Deserialize = function (this: unknown, struct, proxySecrets) {
        const result = original.call(this, struct, proxySecrets);
        // proxySecrets=true (remediation) keeps secrets wrapped, so only validation needs the record.
        if (!proxySecrets && result !== null && typeof result === "object") {
            secretPathsByProps.set(result, secretPathsInWire(struct.toJavaScript()));
        }
        return result;
    };
    wrapped[WRAPPED] = true;
    mod.deserializeProperties = wrapped;
    return true;
}

/** True when secret tracking is active in this process. */
export const installed = install();

/**
 * The secret paths of a resource's props, or undefined when the props did not come through the
 * SDK's deserializer (then secretness is unknowable).
 */
export function secretPathsOf(props: Record<string, unknown>): ReadonlySet<string> | undefined {
    return secretPathsByProps.get(raw(props));
}

/** True when `path` is a secret or lies inside one. */
export function isUnderSecret(path: string, secretPaths: ReadonlySet<string>): boolean {
    if (secretPaths.has(path)) {
        return true;
    }
    for (const p of secretPaths) {
        if (p === "" || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) {
            return true;
        }
    }
    return false;
}
