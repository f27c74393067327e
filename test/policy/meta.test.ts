/**
 * The pack's contract with its users: every rule carries its metadata, its fixtures (with at
 * least one passing and one failing case) and its file in the right place, and the list is
 * ordered so the exception notes can be reported.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { rules, ruleIds } from "../../policy-pack/rules";
import { DOCS_URL, RULE_ID_PATTERN } from "../../policy-pack/lib/define-rule";
import { CISA_PILLARS, PILLARS } from "../../policy-pack/lib/frameworks";
import { fixtures } from "./fixtures";

const RULES_DIR = path.resolve(__dirname, "../../policy-pack/rules");

describe("policy pack: rule metadata and tests (meta)", () => {
    for (const { meta, policy } of rules) {
        describe(meta.id, () => {
            it("follows the id convention and lives in rules/<pillar>/<id>.ts", () => {
                assert.match(meta.id, RULE_ID_PATTERN);
                assert.ok(fs.existsSync(path.join(RULES_DIR, meta.pillar, `${meta.id}.ts`)), `missing rules/${meta.pillar}/${meta.id}.ts`);
            });
            it("carries severity, pillar, NIST tenet, CISA pillar, remediation steps and a docs url", () => {
                assert.ok(["low", "medium", "high", "critical"].includes(meta.severity));
                assert.ok((PILLARS as readonly string[]).includes(meta.pillar));
                assert.ok(meta.nistTenets.length > 0 && meta.nistTenets.every((t) => t >= 1 && t <= 7));
                assert.ok((CISA_PILLARS as readonly string[]).includes(meta.cisaPillar));
                for (const field of ["displayName", "description", "rationale", "remediationSteps"] as const) {
                    assert.ok(meta[field].trim().length >= 20, `${field} is too short to help anyone`);
                }
                assert.strictEqual(policy.url, `${DOCS_URL}#${meta.id}`);
                assert.strictEqual(policy.severity, meta.severity);
                assert.ok(policy.tags?.includes(`NIST SP 800-207 tenet ${meta.nistTenets[0]}`));
                assert.ok(policy.tags?.includes(`CISA ZTMM v2 ${meta.cisaPillar}`));
                if (meta.cis) {
                    assert.ok(policy.tags?.includes(`CIS Controls v8 ${meta.cis}`));
                }
                if (meta.cisBenchmark) {
                    assert.ok(policy.tags?.includes(`CIS ${meta.cisBenchmark.benchmark} ${meta.cisBenchmark.section}`));
                    assert.match(meta.cisBenchmark.section, /^\d+(\.\d+)+$/);
                }
                assert.strictEqual(policy.framework?.name, "NIST SP 800-207");
            });
            it("has fixtures with at least one compliant and one failing case", () => {
                const f = fixtures.find((x) => x.id === meta.id);
                assert.ok(f, `no test/policy/fixtures/${meta.id}.ts in test/policy/fixtures/`);
                assert.ok(f.compliant.length > 0, "no compliant fixture");
                assert.ok(f.violations.length > 0, "no failing fixture");
                const isStack = typeof (policy as StackValidationPolicy).validateStack === "function";
                const isResource = typeof (policy as ResourceValidationPolicy).validateResource === "function";
                assert.ok(f.kind === "stack" ? isStack : isResource, `fixtures are for a ${f.kind} rule`);
            });
            it("has a config schema whose every setting has a default and a description", () => {
                for (const [key, schema] of Object.entries(meta.configSchema?.properties ?? {})) {
                    assert.notStrictEqual(schema.default, undefined, `${key} has no default`);
                    assert.ok(schema.description, `${key} has no description`);
                }
            });
        });
    }

    it("has no fixtures for rules that are not in the pack", () => {
        assert.deepStrictEqual(fixtures.map((f) => f.id).filter((id) => !ruleIds.includes(id)), []);
    });

    it("has no rule file that is missing from the rule list", () => {
        const files = fs.readdirSync(RULES_DIR, { recursive: true, encoding: "utf8" }).filter((f) => /\/zt-[^/]+\.ts$/.test(f));
        assert.deepStrictEqual(files.map((f) => path.basename(f, ".ts")).sort(), [...ruleIds].sort());
    });

    it("keeps the exception notes last, after every rule that can waive a violation", () => {
        assert.strictEqual(ruleIds[ruleIds.length - 1], "zt-any-governance-exception-applied");
    });

    it("never imports provider packages or files outside policy-pack/", () => {
        const packDir = path.resolve(__dirname, "../../policy-pack");
        const allowed = new Set(["@pulumi/policy", "@pulumi/pulumi", "yaml", "picomatch", "fs", "path"]);
        const files = fs.readdirSync(packDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts") && !f.startsWith("node_modules"));
        for (const file of files) {
            const text = fs.readFileSync(path.join(packDir, file), "utf8");
            for (const m of text.matchAll(/from "([^"]+)"/g)) {
                const spec = m[1];
                if (spec.startsWith(".")) {
                    const resolved = path.resolve(packDir, path.dirname(file), spec);
                    assert.ok(resolved.startsWith(packDir + path.sep), `${file} imports ${spec}, outside the pack`);
                } else {
                    const pkg = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
                    assert.ok(allowed.has(pkg), `${file} imports ${spec}; the pack may only use its own dependencies`);
                }
            }
        }
    });
});
