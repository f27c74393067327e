import { strict as assert } from "assert";
import fc from "fast-check";
import { carve, overlaps, parseCidr, planSubnets, type CidrBlock } from "../../components/shared/cidr";

const block = (text: string): CidrBlock => {
    const b = parseCidr(text);
    if ("error" in b) throw new Error(b.error);
    return b;
};

describe("CIDR planner", () => {
    it("carves the documented layout for a /16 with three zones", () => {
        const plan = planSubnets({
            addressSpace: "10.20.0.0/16", tierPrefixLength: 19, subnetPrefixLength: 21,
            tiers: { web: { slot: 0 }, app: { slot: 1 }, data: { slot: 2 } },
            zones: { a: 0, b: 1, c: 2 },
        });
        assert.deepEqual(plan, {
            web: { cidr: "10.20.0.0/19", subnets: { a: "10.20.0.0/21", b: "10.20.8.0/21", c: "10.20.16.0/21" } },
            app: { cidr: "10.20.32.0/19", subnets: { a: "10.20.32.0/21", b: "10.20.40.0/21", c: "10.20.48.0/21" } },
            data: { cidr: "10.20.64.0/19", subnets: { a: "10.20.64.0/21", b: "10.20.72.0/21", c: "10.20.80.0/21" } },
        });
    });

    it("gives each tier its whole block as one regional subnet when there are no zones", () => {
        const plan = planSubnets({ addressSpace: "10.30.0.0/16", tierPrefixLength: 19, subnetPrefixLength: 21, tiers: { app: { slot: 1 } } });
        assert.deepEqual(plan, { app: { cidr: "10.30.32.0/19", subnets: { regional: "10.30.32.0/19" } } });
    });

    it("rejects host bits and non-CIDR text with the reason", () => {
        assert.deepEqual(parseCidr("10.0.1.0/16"), { error: "host bits are set; the network address is 10.0.0.0/16" });
        assert.deepEqual(parseCidr("10.0.0.0"), { error: "not an IPv4 CIDR such as 10.20.0.0/16" });
        assert.deepEqual(parseCidr("fd00::/8"), { error: "not an IPv4 CIDR such as 10.20.0.0/16" });
    });

    it("throws when a slot does not fit", () => {
        assert.throws(() => carve(block("10.0.0.0/16"), 19, 8), /slot 8 of \/19 does not fit in 10.0.0.0\/16 \(8 slots\)/);
    });

    // Property: whatever tiers and zones exist, adding one more never moves an existing subnet,
    // and no two subnets overlap or leave the address space.
    const layout = fc.record({
        octet: fc.integer({ min: 0, max: 255 }),
        tierBits: fc.integer({ min: 2, max: 4 }),
        zoneBits: fc.integer({ min: 1, max: 3 }),
    }).chain(({ octet, tierBits, zoneBits }) => fc.record({
        octet: fc.constant(octet),
        tierBits: fc.constant(tierBits),
        zoneBits: fc.constant(zoneBits),
        slots: fc.uniqueArray(fc.integer({ min: 0, max: 2 ** tierBits - 1 }), { minLength: 2, maxLength: 2 ** tierBits }),
        zoneSlots: fc.uniqueArray(fc.integer({ min: 0, max: 2 ** zoneBits - 1 }), { minLength: 1, maxLength: 2 ** zoneBits }),
    }));

    it("never moves an existing subnet when a tier is added (property)", () => {
        fc.assert(fc.property(layout, ({ octet, tierBits, zoneBits, slots, zoneSlots }) => {
            const tiers = Object.fromEntries(slots.map((slot) => [`t${slot}`, { slot }]));
            const zones = Object.fromEntries(zoneSlots.map((z) => [`z${z}`, z]));
            const input = { addressSpace: `10.${octet}.0.0/16`, tierPrefixLength: 16 + tierBits, subnetPrefixLength: 16 + tierBits + zoneBits, zones };
            const [added, ...rest] = Object.keys(tiers);
            const before = planSubnets({ ...input, tiers: Object.fromEntries(rest.map((t) => [t, tiers[t]])) });
            const after = planSubnets({ ...input, tiers });
            for (const t of rest) assert.deepEqual(after[t], before[t]);
            assert.ok(after[added]);
        }));
    });

    it("produces subnets that never overlap and stay inside the address space (property)", () => {
        fc.assert(fc.property(layout, ({ octet, tierBits, zoneBits, slots, zoneSlots }) => {
            const space = block(`10.${octet}.0.0/16`);
            const plan = planSubnets({
                addressSpace: space.cidr, tierPrefixLength: 16 + tierBits, subnetPrefixLength: 16 + tierBits + zoneBits,
                tiers: Object.fromEntries(slots.map((slot) => [`t${slot}`, { slot }])),
                zones: Object.fromEntries(zoneSlots.map((z) => [`z${z}`, z])),
            });
            const subnets = Object.values(plan).flatMap((t) => Object.values(t.subnets)).map(block);
            subnets.forEach((s, i) => {
                assert.ok(s.first >= space.first && s.last <= space.last, `${s.cidr} outside ${space.cidr}`);
                subnets.slice(i + 1).forEach((o) => assert.ok(!overlaps(s, o), `${s.cidr} overlaps ${o.cidr}`));
            });
        }));
    });
});
