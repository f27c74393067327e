/**
 * CIDR planning: parse, compare and carve IPv4 ranges with `ip-address`, never hand-written bit
 * maths. The planner is keyed by name: a tier's block depends only on its own slot, and a zone's
 * subnet only on its own zone slot, so adding a tier or a zone never moves an existing subnet.
 */
import { Address4 } from "ip-address";

export interface CidrBlock {
    /** Canonical `a.b.c.d/n` form. */
    cidr: string;
    prefix: number;
    /** First and last address as integers, for overlap and containment checks. */
    first: bigint;
    last: bigint;
}

/** RFC 1918 private ranges: the only ranges a landing-zone network may own. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((c) => mustParse(c));

/**
 * Parses an IPv4 CIDR. Returns the block, or a reason it is not one (not IPv4 CIDR notation, or
 * host bits set, which usually means a typo such as `10.0.1.0/16`).
 */
export function parseCidr(text: string): CidrBlock | { error: string } {
    if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text) || !Address4.isValid(text)) {
        return { error: "not an IPv4 CIDR such as 10.20.0.0/16" };
    }
    const address = new Address4(text);
    const first = address.startAddress().bigInt();
    const block = { cidr: `${address.startAddress().correctForm()}/${address.subnetMask}`, prefix: address.subnetMask, first, last: address.endAddress().bigInt() };
    if (address.bigInt() !== first) {
        return { error: `host bits are set; the network address is ${block.cidr}` };
    }
    return block;
}

function mustParse(text: string): CidrBlock {
    const block = parseCidr(text);
    if ("error" in block) throw new Error(`invalid built-in CIDR ${text}: ${block.error}`);
    return block;
}

export function overlaps(a: CidrBlock, b: CidrBlock): boolean {
    return a.first <= b.last && b.first <= a.last;
}

export function contains(outer: CidrBlock, inner: CidrBlock): boolean {
    return outer.first <= inner.first && inner.last <= outer.last;
}

export function isPrivate(block: CidrBlock): boolean {
    return PRIVATE_RANGES.some((range) => contains(range, block));
}

/** How many blocks of `newPrefix` fit in `parent`. */
export function capacity(parent: CidrBlock, newPrefix: number): number {
    return newPrefix < parent.prefix ? 0 : 2 ** (newPrefix - parent.prefix);
}

/** The `index`-th block of size `/newPrefix` inside `parent`. Throws when it does not fit. */
export function carve(parent: CidrBlock, newPrefix: number, index: number): CidrBlock {
    if (!Number.isInteger(index) || index < 0 || index >= capacity(parent, newPrefix)) {
        throw new RangeError(`slot ${index} of /${newPrefix} does not fit in ${parent.cidr} (${capacity(parent, newPrefix)} slots)`);
    }
    const size = 2n ** BigInt(32 - newPrefix);
    return mustParse(`${Address4.fromBigInt(parent.first + size * BigInt(index)).correctForm()}/${newPrefix}`);
}

export interface SubnetPlanInput {
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /** Tier name → its slot in the address space. */
    tiers: Record<string, { slot: number }>;
    /**
     * Zone key → its slot inside a tier block. For zonal subnets (AWS availability zones). Leave
     * empty for regional subnets (Azure, GCP): each tier then gets one subnet, its whole block.
     */
    zones?: Record<string, number>;
}

export interface TierPlan {
    /** The tier's whole block. */
    cidr: string;
    /** Zone key → subnet CIDR; `{ regional: <block> }` when no zones were given. */
    subnets: Record<string, string>;
}

/** Plans every tier's block and subnets. Throws RangeError when a slot does not fit (config validation reports it first). */
export function planSubnets(input: SubnetPlanInput): Record<string, TierPlan> {
    const space = mustParse(input.addressSpace);
    const plan: Record<string, TierPlan> = {};
    for (const [tier, { slot }] of Object.entries(input.tiers)) {
        const block = carve(space, input.tierPrefixLength, slot);
        const zones = input.zones ?? {};
        const subnets = Object.keys(zones).length === 0
            ? { regional: block.cidr }
            : Object.fromEntries(Object.entries(zones).map(([zone, zoneSlot]) => [zone, carve(block, input.subnetPrefixLength, zoneSlot).cidr]));
        plan[tier] = { cidr: block.cidr, subnets };
    }
    return plan;
}
