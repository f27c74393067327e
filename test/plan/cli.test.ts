/**
 * The plan CLI as a child process: every exit code, the --state path on exports written here,
 * the per-environment pack config, the --json report shape, and the --sarif log of a real stack.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { pathToFileURL } from "url";
import type { JsonReport } from "../../plan/report";
import type { SarifLog } from "../../plan/sarif";
import { runPlanCli, type CliRun } from "../support/cli";
import { exportDoc } from "../support/exports";
import { FIXTURE_PACK, FIXTURE_PROJECT } from "../support/graphs";
import { sarifSchemaErrors } from "../support/sarif-schema";

/** A user-facing error: one paragraph, no stack frames. */
function assertCleanError(run: CliRun, pattern: RegExp): void {
    assert.strictEqual(run.code, 2, run.stderr);
    assert.match(run.stderr, pattern);
    assert.doesNotMatch(run.stderr, /^\s+at /m, "no stack trace");
}

describe("plan: CLI", () => {
    let tmp: string;
    const write = (name: string, body: unknown): string => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, typeof body === "string" ? body : JSON.stringify(body));
        return file;
    };
    const withPack = (...args: string[]): Promise<CliRun> => runPlanCli([...args, "--pack", FIXTURE_PACK]);

    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zt-plan-cli-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("prints usage with --help and exits 0", async () => {
        const run = await runPlanCli(["--help"]);
        assert.strictEqual(run.code, 0);
        assert.match(run.stdout, /^Usage: npm run plan -- \[options\]/);
    });

    it("exits 2 on an unknown flag", async () => {
        assertCleanError(await runPlanCli(["--bogus"]), /^Unknown option '--bogus'\. Run "npm run plan -- --help" for the options\.\n$/);
    });

    it("exits 2 on an unknown stack and on a stack whose config the project's validator rejects", async () => {
        assertCleanError(await withPack("--root", FIXTURE_PROJECT, "--stack", "nope"), /Stack "nope" has no stack file: expected stacks\/Pulumi\.nope\.yaml\. Known stacks: bad-dev\./);
        const bad = await withPack("--root", FIXTURE_PROJECT, "--stack", "bad-dev");
        assertCleanError(bad, /Stack "bad-dev" has \d+ config errors? in stacks\/Pulumi\.bad-dev\.yaml/);
        assert.match(bad.stderr, /zt-landing-zone:cloud: got "mars"/);
    });

    it("exits 2 on an unreadable or invalid export file", async () => {
        assertCleanError(await withPack("--state", path.join(tmp, "missing.json")), /Cannot read the stack export .*missing\.json/);
        assertCleanError(await withPack("--state", write("broken.json", "{not json")), /The stack export .*broken\.json is not valid JSON/);
    });

    it("exits 0 on a compliant export and writes the documented JSON report", async () => {
        const json = path.join(tmp, "ok-report.json");
        const run = await withPack("--state", write("ok.json", exportDoc("exp-dev", [{ name: "a", size: 5, label: "zt-a" }])), "--json", json);
        assert.strictEqual(run.code, 0, run.stderr);
        assert.match(run.stderr, /^plan exp-dev: 4 resources, 0 mandatory, 0 other findings \(\d+\.\ds\)$/m);
        assert.match(run.stdout, /== exp-dev \(from stack export\) ==\nPolicy pack: fixture-pack@1\.2\.3; config: pack defaults\nResources: 4 \(2 custom, 2 components\)\n  by pillar: network 2, stack 2\n/);
        assert.match(run.stdout, /Encrypted secrets replaced by placeholders: urn:pulumi:exp-dev::fixture::zt:fix:Network\$fix:index:Thing::a#token\./);
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as JsonReport;
        assert.deepStrictEqual(Object.keys(report), ["version", "generatedAt", "exitCode", "totals", "stacks", "exceptions"]);
        assert.deepStrictEqual([report.version, report.exitCode, report.exceptions], [1, 0, null]);
        assert.deepStrictEqual(report.totals, { stacks: 1, resources: 4, mandatory: 0, advisory: 0 });
        const s = report.stacks[0];
        assert.deepStrictEqual(Object.keys(s), ["stack", "project", "source", "environment", "packConfigFile", "pack", "resources", "violations", "offline", "timings", "graph"]);
        assert.deepStrictEqual([s.stack, s.project, s.source, s.environment, s.packConfigFile], ["exp-dev", "fixture", "state", "dev", null]);
        assert.deepStrictEqual(s.resources, {
            total: 4,
            custom: 2,
            components: 2,
            byPillar: { stack: 2, network: 2 },
            byType: { "pulumi:pulumi:Stack": 1, "pulumi:providers:fix": 1, "zt:fix:Network": 1, "fix:index:Thing": 1 },
        });
        assert.deepStrictEqual(s.violations, []);
        assert.strictEqual(s.graph.resources.length, 4);
    });

    it("exits 1 on a mandatory violation and lists it first, grouped by policy", async () => {
        const json = path.join(tmp, "big-report.json");
        const run = await withPack("--state", write("big.json", exportDoc("exp-dev", [{ name: "big", size: 50, label: "zt-big" }, { name: "nolabel", size: 1 }])), "--json", json);
        assert.strictEqual(run.code, 1, run.stderr);
        assert.match(run.stdout, /Violations: 1 mandatory, 1 other\n  \[mandatory\] fix-thing-size \(high\)\n    - big \(fix:index:Thing\) \[network\]: Size 50 is above 10\.\n  \[advisory\] fix-thing-label \(low\)\n    - nolabel \(fix:index:Thing\) \[network\]: Thing has no label\.\n/);
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as JsonReport;
        assert.deepStrictEqual(report.stacks[0].violations[0], {
            policy: "fix-thing-size",
            pack: "fixture-pack",
            level: "mandatory",
            severity: "high",
            urn: "urn:pulumi:exp-dev::fixture::zt:fix:Network$fix:index:Thing::big",
            resource: "big (fix:index:Thing)",
            pillar: "network",
            message: "A Thing's size stays within the configured maximum.\nSize 50 is above 10.",
            description: "A Thing's size stays within the configured maximum.",
        });
        assert.deepStrictEqual([report.exitCode, report.totals.mandatory, report.totals.advisory], [1, 1, 1]);
    });

    it("applies --policy-pack-config, and exits 2 when that file breaks a policy's schema", async () => {
        const big = write("big2.json", exportDoc("exp-dev", [{ name: "big", size: 50, label: "zt-big" }]));
        const relaxed = await withPack("--state", big, "--policy-pack-config", write("relax.json", { "fix-thing-size": { maxSize: 100 } }));
        assert.strictEqual(relaxed.code, 0, relaxed.stderr);
        const invalid = await withPack("--state", big, "--policy-pack-config", write("invalid.json", { "fix-thing-size": { maxSize: 500 } }));
        assertCleanError(invalid, /Policy pack config is invalid after merging .*: fix-thing-size: maxSize must be <= 100\./);
    });

    it("picks <pack>/config/<environment>.json by default from the stack name", async () => {
        const json = path.join(tmp, "prod-report.json");
        const run = await withPack("--state", write("prod.json", exportDoc("exp-prod", [{ name: "nolabel", size: 1 }])), "--json", json);
        assert.strictEqual(run.code, 1, run.stderr);
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as JsonReport;
        assert.strictEqual(report.stacks[0].packConfigFile, path.join(FIXTURE_PACK, "config", "prod.json"));
        assert.deepStrictEqual(report.stacks[0].violations.map((v) => [v.policy, v.level, v.resource]), [["fix-thing-label", "mandatory", "nolabel (fix:index:Thing)"]]);
    });

    it("writes --sarif from a stack export: rules from the pack's metadata, the export as location, exit 1 kept", async () => {
        const file = path.join(tmp, "export.sarif");
        const exported = write("sarif-export.json", exportDoc("exp-dev", [{ name: "big", size: 50, label: "zt-big" }]));
        const run = await withPack("--state", exported, "--sarif", file);
        assert.strictEqual(run.code, 1, run.stderr);
        const log = JSON.parse(fs.readFileSync(file, "utf8")) as SarifLog;
        assert.deepStrictEqual(sarifSchemaErrors(log), []);
        const { tool, results, automationDetails } = log.runs[0];
        assert.strictEqual(automationDetails.id, "zt-plan/fixture/exp-dev/");
        assert.deepStrictEqual(
            tool.driver.rules.map((r) => [r.id, r.fullDescription.text, r.defaultConfiguration.level, r.properties["security-severity"]]),
            [["fix-thing-size", "A Thing's size stays within the configured maximum.", "error", "8.0"]],
        );
        assert.deepStrictEqual(
            results.map((r) => [r.ruleId, r.level, r.properties.enforcementLevel, r.message.text, r.locations[0].physicalLocation.artifactLocation]),
            [["fix-thing-size", "error", "mandatory", "Size 50 is above 10. Resource: big (fix:index:Thing), stack exp-dev. Mandatory in this stack: it blocks the plan.", { uri: pathToFileURL(exported).href }]],
        );
    });

    it("writes --sarif for a real stack: one valid run, every finding located at its stack file, exit code unchanged", async () => {
        const file = path.join(tmp, "aws-dev.sarif");
        const run = await runPlanCli(["--stack", "aws-dev", "--sarif", file]);
        const log = JSON.parse(fs.readFileSync(file, "utf8")) as SarifLog;
        assert.deepStrictEqual(sarifSchemaErrors(log), []);
        assert.deepStrictEqual(log.runs.map((r) => r.automationDetails.id), ["zt-plan/zt-landing-zone/aws-dev/"]);
        const { results, tool } = log.runs[0];
        const counts = /^plan aws-dev: \d+ resources, (\d+) mandatory, (\d+) other findings/m.exec(run.stderr);
        assert.ok(counts, run.stderr);
        assert.strictEqual(results.length, Number(counts[1]) + Number(counts[2]), "one result per finding of the text report");
        assert.strictEqual(run.code, results.some((r) => r.properties.blocking) ? 1 : 0, run.stderr);
        const ruleIds = tool.driver.rules.map((r) => r.id);
        assert.strictEqual(new Set(ruleIds).size, ruleIds.length, "each rule listed once");
        for (const r of results) {
            assert.deepStrictEqual(r.locations[0].physicalLocation, { artifactLocation: { uri: "stacks/Pulumi.aws-dev.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } });
            assert.strictEqual(ruleIds[r.ruleIndex], r.ruleId);
            const where = r.locations[0].logicalLocations[0];
            assert.ok(where.kind === "module" || where.fullyQualifiedName.startsWith("urn:pulumi:aws-dev::zt-landing-zone::"), where.fullyQualifiedName);
        }
    });
});
