/** The exception register's API (policy-pack/exceptions.ts) and the waiver flow for stack rules. */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ruleById } from "../../policy-pack/rules";
import { exceptionRows, isMalformed, loadExceptions, malformedProblems, runDate, usedExceptionIds, validateExceptions } from "../../policy-pack/exceptions";
import { ZtRule } from "../../policy-pack/lib/define-rule";
import { FixtureResource, runStack, urnOf, withRegister } from "./support/harness";
import { TODAY, VALID_ENTRY, entry, registerYaml } from "./fixtures/register-entries";
import { VPC } from "./fixtures/common";

const rule = (id: string) => ruleById(id) as ZtRule;

describe("policy pack: exception register API", () => {
    it("ships a register whose entries are all valid on the run's date", () => {
        // Checked against the real date on purpose: once a shipped exception expires this fails,
        // just as the plan then blocks, until the fix lands or the entry is renewed with a reason.
        const reg = loadExceptions(path.resolve(__dirname, "../../policy-pack/exceptions.yaml"), runDate());
        assert.deepStrictEqual(reg.problems, []);
        // Empty since the Azure landing zone added VNet flow logs (#5); EXC-2026-001/002 covered their absence.
        assert.deepStrictEqual(reg.active.map((e) => [e.id, e.policy]), []);
    });

    it("returns active entries with days left, expired entries, and every problem at once", () => {
        const doc = {
            exceptions: [VALID_ENTRY, entry({ id: "EXC-2", expires: "2025-05-01" }), entry({ id: "EXC-3", owner: undefined, policy: "zt-nope-x-y" })],
        };
        const result = validateExceptions(doc, TODAY);
        assert.deepStrictEqual(result.active.map((e) => [e.id, e.daysLeft]), [["EXC-1", 30]]);
        assert.deepStrictEqual(result.expired.map((e) => [e.id, e.daysLeft]), [["EXC-2", -31]]);
        assert.deepStrictEqual(result.problems.map((p) => [p.entry, p.kind]), [
            ["EXC-2", "expired"],
            ["EXC-3", "missing-field"],
            ["EXC-3", "unknown-policy"],
        ]);
        assert.deepStrictEqual(malformedProblems(result).map((p) => p.kind), ["missing-field", "unknown-policy"]);
        assert.strictEqual(isMalformed(result), true);
        assert.strictEqual(isMalformed(validateExceptions({ exceptions: [entry({ expires: "2025-05-01" })] }, TODAY)), false, "expired alone is not malformed");
    });

    it("reports a missing register file as malformed", () => {
        const reg = loadExceptions("/nonexistent/exceptions.yaml", TODAY);
        assert.deepStrictEqual(reg.problems, [{ kind: "malformed-register", entry: "", message: "exceptions register /nonexistent/exceptions.yaml does not exist" }]);
    });

    it("rejects a bad run date instead of guessing", () => {
        assert.throws(() => validateExceptions({ exceptions: [] }, "01/06/2025"), /the run's date "01\/06\/2025" is not an ISO date/);
    });

    it("builds the plan's rows and marks the exceptions a run used", async () => {
        await withRegister(registerYaml(VALID_ENTRY, entry({ id: "EXC-2", resource: "edge" })), TODAY, async (file) => {
            const reg = loadExceptions(file, TODAY);
            const diagnostics = [
                { policyName: "zt-any-governance-exception-applied", message: 'Lists ...\nzt-any-tags-mandatory waived by exception "EXC-1" (owner ...' },
                { policyName: "zt-any-tags-mandatory", message: 'waived by exception "EXC-2" (not a note)' },
            ];
            assert.deepStrictEqual([...usedExceptionIds(diagnostics)], ["EXC-1"]);
            assert.deepStrictEqual(
                exceptionRows(reg, diagnostics).map((r) => [r.id, r.daysLeft, r.used]),
                [
                    ["EXC-1", 30, true],
                    ["EXC-2", 30, false],
                ],
            );
        });
    });

    it("waives a stack rule's violation and reports it as a stack note naming the resource", async () => {
        const vpcUrn = urnOf(VPC.type, VPC.name);
        const resources: FixtureResource[] = [VPC];
        await withRegister(registerYaml(entry({ policy: "zt-any-network-flow-logs" })), TODAY, async () => {
            const flow = await runStack(rule("zt-any-network-flow-logs"), resources, {}, { keepWaivers: true });
            assert.deepStrictEqual(flow.violations, []);
            const notes = await runStack(rule("zt-any-governance-exception-applied"), resources);
            assert.strictEqual(notes.violations.length, 1);
            assert.strictEqual(notes.violations[0].urn, vpcUrn);
            assert.match(notes.violations[0].message, /^zt-any-network-flow-logs waived by exception "EXC-1" \(owner team-network, ticket NET-42, expires 2025-07-01, 30 days left\): This VPC has no flow log/);
        });
    });

    it("does not let an expired exception waive anything", async () => {
        await withRegister(registerYaml(entry({ policy: "zt-any-network-flow-logs", expires: "2025-05-31" })), TODAY, async () => {
            const flow = await runStack(rule("zt-any-network-flow-logs"), [VPC]);
            assert.strictEqual(flow.violations.length, 1);
            assert.deepStrictEqual(flow.waived, []);
        });
    });

    it("documents the register format in the shipped file's header", () => {
        const text = fs.readFileSync(path.resolve(__dirname, "../../policy-pack/exceptions.yaml"), "utf8");
        for (const word of ["id", "policy", "resource", "reason", "owner", "ticket", "expires", "ZT_EXCEPTIONS_FILE", "ZT_TODAY"]) {
            assert.ok(text.includes(word), word);
        }
        assert.match(text, /^exceptions:$/m);
    });
});
