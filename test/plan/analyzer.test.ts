/**
 * The gRPC Analyzer client against the fixture pack, started once for this file: metadata,
 * reconciled config, and the exact diagnostics for the fixture program's graph.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeGraph, packEnv, startPolicyPack, type PolicyPackProcess } from "../../plan/analyzer";
import type { CapturedGraph } from "../../plan/graph";
import { FIXTURE_PACK, fixtureGraph } from "../support/graphs";

const U = "urn:pulumi:dev::fixture::";
const LABEL = "Every Thing carries a label with the configured prefix.";

describe("plan: policy pack analyzer client", () => {
    let pack: PolicyPackProcess;
    let graph: CapturedGraph;
    let tmp: string;

    before(async () => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zt-analyzer-test-"));
        [pack, graph] = await Promise.all([startPolicyPack(FIXTURE_PACK, packEnv({ stack: "dev", project: "fixture" })), fixtureGraph()]);
    });
    after(async () => {
        await pack?.stop();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("reports the plugin version and the pack's metadata, including its initial config", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.strictEqual(await pack.pluginVersion(), (require("@pulumi/policy/version") as { version: string }).version);
        const info = await pack.info();
        assert.deepStrictEqual([info.name, info.version], ["fixture-pack", "1.2.3"]);
        assert.deepStrictEqual(
            info.policies.map((p) => [p.name, p.kind, p.enforcementLevel, p.severity, p.configSchema?.properties]),
            [
                ["fix-thing-label", "resource", "mandatory", "low", { labelPrefix: { type: "string", default: "any" } }],
                ["fix-thing-size", "resource", "mandatory", "high", { maxSize: { type: "integer", default: 10, maximum: 100 } }],
                ["fix-stack-network", "stack", "advisory", "medium", undefined],
            ],
        );
        // The pack sends no level for this entry; over gRPC that reads as ADVISORY, as in the CLI.
        assert.deepStrictEqual(info.initialConfig, { "fix-thing-label": { enforcementLevel: "advisory", properties: { labelPrefix: "zt" } } });
    });

    it("analyses the fixture graph with the reconciled config and attributes each finding", async () => {
        const result = await analyzeGraph(graph, { packDir: FIXTURE_PACK, pack });
        assert.deepStrictEqual(result.pack, { name: "fixture-pack", version: "1.2.3", pluginVersion: await pack.pluginVersion() });
        assert.deepStrictEqual(result.config, {
            "fix-thing-label": { enforcementLevel: "advisory", properties: { labelPrefix: "zt" } },
            "fix-thing-size": { enforcementLevel: "mandatory", properties: { maxSize: 10 } },
            "fix-stack-network": { enforcementLevel: "advisory" },
        });
        assert.deepStrictEqual(
            result.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.severity, d.urn, d.message]).sort(),
            [
                ["fix-thing-label", "advisory", "low", `${U}fix:index:Thing::key`, `${LABEL}\nThing has no label.`],
                ["fix-thing-label", "advisory", "low", `${U}zt:fix:Network$fix:index:Inner$fix:index:Thing::net-inner-thing`, `${LABEL}\nThing has no label.`],
            ],
        );
        assert.ok(result.diagnostics.every((d) => d.policyPackName === "fixture-pack" && d.policyPackVersion === "1.2.3" && d.description !== ""));
    });

    it("applies a --policy-pack-config file over the initial config", async () => {
        const file = path.join(tmp, "strict.json");
        fs.writeFileSync(file, JSON.stringify({ "fix-thing-label": { enforcementLevel: "mandatory", labelPrefix: "x" }, "fix-thing-size": { maxSize: 0 } }));
        const result = await analyzeGraph(graph, { packDir: FIXTURE_PACK, pack, packConfigFile: file });
        // Registration order depends on when invokes resolve, so compare sorted.
        assert.deepStrictEqual(
            result.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn.split("::").pop(), d.message.split("\n")[1]]).sort(),
            [
                ["fix-thing-label", "mandatory", "key", "Thing has no label."],
                ["fix-thing-label", "mandatory", "net-inner-thing", "Thing has no label."],
                ["fix-thing-label", "mandatory", "regional", 'Label "zt-regional" does not start with "x".'],
                ["fix-thing-label", "mandatory", "user", 'Label "zt-user" does not start with "x".'],
                ["fix-thing-size", "mandatory", "net-inner-thing", "Size 1 is above 0."],
            ],
        );
    });

    it("runs stack policies over AnalyzeStack, with no URN for a stack-wide finding", async () => {
        const withoutNetwork = graph.resources.filter((r) => !r.urn.includes("zt:fix:Network"));
        const diags = await pack.analyzeStack(withoutNetwork);
        assert.deepStrictEqual(
            diags.map((d) => [d.policyName, d.enforcementLevel, d.urn, d.message]),
            [["fix-stack-network", "advisory", "", "The stack has a network pillar.\nNo zt:fix:Network in the stack."]],
        );
    });
});
