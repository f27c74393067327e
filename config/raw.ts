/** Defensive readers of the raw (not yet validated) stack config, shared by the cross-field checks. */
import { capacity, parseCidr, type CidrBlock } from "../components/shared/cidr";
import { issue, type ConfigIssue } from "./issues";
import { DEFAULT_CLASSIFICATION_LEVELS, DEFAULT_TIERS } from "./schema";

export type Raw = Record<string, unknown>;
export const rec = (v: unknown): Raw | undefined => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Raw) : undefined);
export const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isInteger(v) ? v : undefined);
export const block = (v: unknown): CidrBlock | undefined => {
    if (typeof v !== "string") return undefined;
    // A range with host bits set is already reported; cross-check its network address anyway so
    // overlaps and slot errors surface in the same run.
    const b = parseCidr(v);
    if (!("error" in b)) return b;
    const corrected = /network address is (\S+)/.exec(b.error)?.[1];
    const c = corrected ? parseCidr(corrected) : b;
    return "error" in c ? undefined : c;
};

/** The tiers after merging the stack's over the defaults, with the slot each resolves to. */
export function mergedTiers(network: Raw | undefined): Record<string, { slot: unknown; edge: unknown }> {
    const given = rec(network?.["tiers"]) ?? {};
    const out: Record<string, { slot: unknown; edge: unknown }> = { ...DEFAULT_TIERS };
    for (const [name, tier] of Object.entries(given)) {
        const t = rec(tier) ?? {};
        out[name] = { slot: t["slot"], edge: t["edge"] ?? DEFAULT_TIERS[name]?.edge ?? false };
    }
    return out;
}

export function classificationLevels(raw: Raw): unknown[] {
    const levels = rec(raw["data"])?.["classificationLevels"];
    return Array.isArray(levels) ? levels : DEFAULT_CLASSIFICATION_LEVELS;
}

/**
 * A tier slot a cloud reserves for its own subnets (AWS NAT/firewall, Azure private endpoints):
 * it must lie inside the address space, and no tier may use it. Defaults to the last slot.
 */
export function reservedSlotIssues(raw: Raw, path: [string, string], what: string, holds: string): ConfigIssue[] {
    const network = rec(raw["network"]);
    const space = block(network?.["addressSpace"]);
    if (!space || space.prefix < 8 || space.prefix > 22) return [];
    const slot = num(rec(raw[path[0]])?.[path[1]]);
    const tierPrefix = num(network?.["tierPrefixLength"]) ?? space.prefix + 3;
    const slots = tierPrefix > space.prefix ? capacity(space, tierPrefix) : 0;
    const reserved = slot ?? slots - 1;
    const user = Object.entries(mergedTiers(network)).find(([, t]) => num(t.slot) === reserved);
    const setting = path.join(".");
    if (slots > 0 && reserved >= slots) {
        return [issue(path, reserved, `0 to ${slots - 1}`, "pick a free tier slot in range, or leave it unset for the last slot")];
    }
    if (slots > 0 && user) {
        return [issue(slot === undefined ? ["network", "tiers", user[0], "slot"] : path, reserved,
            `a slot other than ${what} (${reserved}), which holds ${holds}`,
            slot === undefined ? `move tier "${user[0]}" to another slot, or set ${setting} to a free one` : `pick a slot no tier uses (tier "${user[0]}" has ${reserved})`)];
    }
    return [];
}
