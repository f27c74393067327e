/**
 * Graph capture on the fixture program: exact full-chain URNs, parents, dependencies, property
 * dependencies, options, wire-format inputs and the invoke log.
 */
import * as assert from "assert";
import type { Capture } from "../../plan/capture";
import { SECRET_SIG, SIG_KEY, type CapturedResource } from "../../plan/graph";
import { fixtureCapture } from "../support/graphs";

const U = "urn:pulumi:dev::fixture::";

describe("plan: capture of the fixture program", () => {
    let capture: Capture;
    const byName = (name: string): CapturedResource => {
        const r = capture.graph.resources.find((x) => x.name === name);
        assert.ok(r, `no resource named ${name}`);
        return r;
    };

    before(async () => {
        capture = await fixtureCapture();
    });

    it("registers every resource once, with the engine's full-chain URN", () => {
        assert.deepStrictEqual(capture.graph.resources.map((r) => r.urn).sort(), [
            `${U}fix:index:Thing::key`,
            `${U}fix:index:Thing::regional`,
            `${U}fix:index:Thing::user`,
            `${U}pulumi:providers:fix::fix-provider`,
            `${U}zt:fix:Network$fix:index:Inner$fix:index:Thing::net-inner-thing`,
            `${U}zt:fix:Network$fix:index:Inner::net-inner`,
            `${U}zt:fix:Network::net`,
        ]);
        assert.strictEqual(capture.graph.project, "fixture");
        assert.strictEqual(capture.graph.stack, "dev");
        assert.strictEqual(capture.graph.source, "program");
    });

    it("records parents as full-chain URNs and leaves top-level resources without one", () => {
        assert.strictEqual(byName("net-inner").parent, `${U}zt:fix:Network::net`);
        assert.strictEqual(byName("net-inner-thing").parent, `${U}zt:fix:Network$fix:index:Inner::net-inner`);
        assert.strictEqual(byName("net").parent, undefined);
        assert.strictEqual(byName("user").parent, undefined);
    });

    it("records dependencies and property dependencies from inputs, references and dependsOn", () => {
        const user = byName("user");
        assert.deepStrictEqual(user.dependencies, [
            `${U}zt:fix:Network$fix:index:Inner$fix:index:Thing::net-inner-thing`,
            `${U}fix:index:Thing::key`,
        ]);
        assert.deepStrictEqual(user.propertyDependencies, {
            keyId: [`${U}fix:index:Thing::key`],
            keyRef: [`${U}fix:index:Thing::key`],
            label: [],
        });
    });

    it("records protect, retainOnDelete, the explicit provider and custom/component", () => {
        const key = byName("key");
        assert.strictEqual(key.protect, true);
        assert.strictEqual(key.retainOnDelete, true);
        assert.strictEqual(key.provider, `${U}pulumi:providers:fix::fix-provider::fix-provider-id`);
        assert.strictEqual(key.custom, true);
        const user = byName("user");
        assert.strictEqual(user.protect, false);
        assert.strictEqual(user.retainOnDelete, false);
        assert.strictEqual(user.provider, undefined);
        assert.strictEqual(byName("net").custom, false);
    });

    it("keeps inputs in wire format: secrets signed, resource references as URN strings, ids deterministic", () => {
        assert.deepStrictEqual(byName("key").inputs, { prefix: "zt", secretValue: { [SIG_KEY]: SECRET_SIG, value: "s3cr3t" } });
        assert.deepStrictEqual(byName("user").inputs, { keyId: "key-id", keyRef: `${U}fix:index:Thing::key`, label: "zt-user" });
        assert.deepStrictEqual(byName("net-inner-thing").inputs, { size: 1, tags: { pillar: "network" } });
        assert.deepStrictEqual(byName("fix-provider").inputs, { region: "eu-test-1" });
    });

    it("answers known invokes from the table (using config) and logs unknown ones", () => {
        assert.deepStrictEqual(byName("regional").inputs, { region: "eu-test-2", lookedUp: "none", label: "zt-regional" });
        assert.deepStrictEqual(capture.log.knownInvokes, { "aws:index/getRegion:getRegion": 1 });
        assert.deepStrictEqual(capture.log.unknownInvokes, { "fix:index:lookup": 1 });
        assert.deepStrictEqual(capture.log.reads, []);
    });
});
