/**
 * Pack config reconciliation, as the CLI does it: schema defaults, then the pack's initial config,
 * then the --policy-pack-config file ("all" first), then JSON Schema validation per policy.
 */
import * as assert from "assert";
import { PlanError } from "../../plan/errors";
import { parsePackConfig, reconcilePackConfig, type PolicyConfigInfo } from "../../plan/pack-config";

const POLICIES: PolicyConfigInfo[] = [
    { name: "label", enforcementLevel: "advisory", configSchema: { properties: { prefix: { type: "string", default: "any" }, max: { type: "integer", default: 3 } } } },
    { name: "size", enforcementLevel: "mandatory", configSchema: { properties: { maxSize: { type: "integer", default: 10, maximum: 100 } } } },
    { name: "plain", enforcementLevel: "mandatory" },
];

describe("plan: policy pack config reconciliation", () => {
    it("starts from each policy's level and its schema defaults", () => {
        assert.deepStrictEqual(reconcilePackConfig(POLICIES, undefined, undefined), {
            label: { enforcementLevel: "advisory", properties: { prefix: "any", max: 3 } },
            size: { enforcementLevel: "mandatory", properties: { maxSize: 10 } },
            plain: { enforcementLevel: "mandatory" },
        });
    });

    it("lays the initial config over the defaults, then the file over both", () => {
        const initial = { label: { enforcementLevel: "advisory" as const, properties: { prefix: "zt" } } };
        const file = parsePackConfig(JSON.stringify({ label: { max: 5 }, size: "advisory" }), "f.json");
        assert.deepStrictEqual(reconcilePackConfig(POLICIES, initial, file), {
            label: { enforcementLevel: "advisory", properties: { prefix: "zt", max: 5 } },
            size: { enforcementLevel: "advisory", properties: { maxSize: 10 } },
            plain: { enforcementLevel: "mandatory" },
        });
    });

    it('sets every level with "all", a named entry still winning, and keeps "all" as the CLI does', () => {
        const file = parsePackConfig(JSON.stringify({ all: "disabled", plain: { enforcementLevel: "advisory" } }), "f.json");
        assert.deepStrictEqual(reconcilePackConfig(POLICIES, undefined, file), {
            label: { enforcementLevel: "disabled", properties: { prefix: "any", max: 3 } },
            size: { enforcementLevel: "disabled", properties: { maxSize: 10 } },
            plain: { enforcementLevel: "advisory" },
            all: { enforcementLevel: "disabled" },
        });
    });

    it("fails with every schema error named, and the file named, when the result is invalid", () => {
        const file = parsePackConfig(JSON.stringify({ size: { maxSize: 500 }, label: { max: "five" } }), "prod.json");
        assert.throws(
            () => reconcilePackConfig(POLICIES, undefined, file, "prod.json"),
            (err: unknown) =>
                err instanceof PlanError &&
                err.message ===
                    "Policy pack config is invalid after merging schema defaults, the pack's initial config and prod.json: " +
                        "label: max must be integer; size: maxSize must be <= 100. " +
                        "Fix the values in prod.json to match each policy's config schema.",
        );
    });

    it("rejects an invalid level, a non-object file and invalid JSON with clear messages", () => {
        assert.throws(() => parsePackConfig('{"size": "strict"}', "a.json"), {
            message: 'Policy pack config a.json, entry "size": "strict" is not a valid enforcement level (allowed levels: advisory, mandatory, remediate, disabled).',
        });
        assert.throws(() => parsePackConfig("[1]", "b.json"), /must be a JSON object mapping policy names/);
        assert.throws(() => parsePackConfig("{", "c.json"), /^PlanError: Policy pack config c.json is not valid JSON/);
        assert.deepStrictEqual(parsePackConfig("  ", "d.json"), {});
        assert.deepStrictEqual(parsePackConfig('{"x": {}}', "e.json"), {});
    });
});
