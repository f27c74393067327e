/**
 * Helpers for Pulumi's wire format and URNs, shared by the program capture and the state reader.
 *
 * Kept free of any `@pulumi/pulumi` import so the capture worker and the report can both use it
 * without loading the SDK twice.
 */
import { RESOURCE_REF_SIG, SIG_KEY } from "./graph";

/** The engine's stack root type; it never appears in a child's type chain. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * The full-chain URN the engine computes: the parent's qualified type chain, then `$`, then the
 * child's own type. The SDK's mock monitor keeps only the parent's last type, which makes URNs
 * differ from a real preview (and can make two distinct resources collide), so we rebuild it.
 */
export function fullChainUrn(stack: string, project: string, parentUrn: string, type: string, name: string): string {
    const parentChain = parentUrn ? qualifiedTypeOf(parentUrn) : "";
    const chain = parentChain && parentChain !== ROOT_STACK_TYPE ? `${parentChain}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${chain}::${name}`;
}

/** The `T1$T2$Type` part of a URN (third `::` field). */
export function qualifiedTypeOf(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/** Splits a URN into its parts; undefined when the string is not a Pulumi URN. */
export function parseUrn(urn: string): { stack: string; project: string; qualifiedType: string; name: string } | undefined {
    const parts = urn.split("::");
    if (parts.length < 4 || !parts[0].startsWith("urn:pulumi:")) return undefined;
    return {
        stack: parts[0].slice("urn:pulumi:".length),
        project: parts[1],
        qualifiedType: parts[2],
        name: parts.slice(3).join("::"),
    };
}

/**
 * A provider reference is `<provider urn>::<provider id>`; the URN itself contains `::`, so split
 * on the last separator.
 */
export function providerUrnOf(ref: string): string {
    const i = ref.lastIndexOf("::");
    return i > 0 ? ref.slice(0, i) : ref;
}

/**
 * Replaces every resource reference (`{SIG_KEY: RESOURCE_REF_SIG, urn, ...}`) by its URN string,
 * recursively, leaving secrets and unknowns in wire format. The pack's deserializer rejects
 * resource references, and the CLI sends them to analyzers as URNs too.
 */
export function resourceRefsToUrns(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(resourceRefsToUrns);
    if (value === null || typeof value !== "object") return value;
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === RESOURCE_REF_SIG && typeof obj["urn"] === "string") return obj["urn"];
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = resourceRefsToUrns(v);
    return out;
}
