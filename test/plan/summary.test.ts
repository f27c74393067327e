/** Pillar and type grouping of a graph, and the URN helpers it relies on. */
import * as assert from "assert";
import { pillarOfType, summarize } from "../../plan/summary";
import { fullChainUrn, parseUrn, providerUrnOf, resourceRefsToUrns } from "../../plan/wire";
import { RESOURCE_REF_SIG, SECRET_SIG, SIG_KEY } from "../../plan/graph";
import { fixtureCapture } from "../support/graphs";

describe("plan: summary and URN helpers", () => {
    it("maps only the five pillar component types to a pillar", () => {
        assert.strictEqual(pillarOfType("zt:aws:Network"), "network");
        assert.strictEqual(pillarOfType("zt:kubernetes:Workload"), "workload");
        assert.strictEqual(pillarOfType("zt:aws:LandingZone"), undefined);
        assert.strictEqual(pillarOfType("aws:ec2/vpc:Vpc"), undefined);
    });

    it("counts the fixture by nearest pillar ancestor and by type", async () => {
        const s = summarize((await fixtureCapture()).graph);
        assert.deepStrictEqual(s.byPillar, { network: 3, stack: 4 });
        assert.deepStrictEqual(s.byType, { "zt:fix:Network": 1, "fix:index:Inner": 1, "fix:index:Thing": 4, "pulumi:providers:fix": 1 });
        assert.strictEqual(s.pillarOf["urn:pulumi:dev::fixture::zt:fix:Network$fix:index:Inner$fix:index:Thing::net-inner-thing"], "network");
        assert.strictEqual(s.pillarOf["urn:pulumi:dev::fixture::fix:index:Thing::user"], "stack");
        assert.deepStrictEqual([s.total, s.custom, s.components], [7, 5, 2]);
    });

    it("builds full-chain URNs, skipping the stack root, and splits provider references", () => {
        const parent = "urn:pulumi:s::p::a:b:C$d:e:F::inner";
        assert.strictEqual(fullChainUrn("s", "p", parent, "x:y:Z", "n"), "urn:pulumi:s::p::a:b:C$d:e:F$x:y:Z::n");
        assert.strictEqual(fullChainUrn("s", "p", "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", "x:y:Z", "n"), "urn:pulumi:s::p::x:y:Z::n");
        assert.strictEqual(providerUrnOf("urn:pulumi:s::p::pulumi:providers:aws::default::abc-123"), "urn:pulumi:s::p::pulumi:providers:aws::default");
        assert.deepStrictEqual(parseUrn("urn:pulumi:s::p::a:b:C$x:y:Z::n"), { stack: "s", project: "p", qualifiedType: "a:b:C$x:y:Z", name: "n" });
        assert.strictEqual(parseUrn("not-a-urn"), undefined);
    });

    it("replaces nested resource references by their URN and leaves secrets alone", () => {
        const ref = { [SIG_KEY]: RESOURCE_REF_SIG, urn: "urn:pulumi:s::p::x:y:Z::n", id: "i" };
        const secret = { [SIG_KEY]: SECRET_SIG, value: "v" };
        assert.deepStrictEqual(resourceRefsToUrns({ a: [ref], b: { c: ref }, s: secret }), { a: ["urn:pulumi:s::p::x:y:Z::n"], b: { c: "urn:pulumi:s::p::x:y:Z::n" }, s: secret });
    });
});
