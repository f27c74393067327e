/**
 * Runs every rule's fixtures in-process (see fixtures/): compliant cases report nothing, each
 * failing case reports exactly the expected messages.
 */
import * as assert from "assert";
import { ruleById } from "../../policy-pack/rules";
import { ZtRule } from "../../policy-pack/lib/define-rule";
import { fixtures } from "./fixtures";
import { CaseEnv, ResourceCase, StackCase } from "./fixtures/types";
import { runResource, runStack, withRegister } from "./support/harness";

const DEFAULT_TODAY = "2025-06-01";

function rule(id: string): ZtRule {
    const r = ruleById(id);
    assert.ok(r, `no rule ${id} in the pack`);
    return r;
}

/** Runs a case's `before` rules first, keeping their waivers for the rule under test. */
async function resourceCase(id: string, c: ResourceCase) {
    return withRegister(c.register, c.today ?? DEFAULT_TODAY, async (file) => {
        for (const b of c.before ?? []) {
            await runResource(rule(b), c.resource, {}, { keepWaivers: true });
        }
        return { file, outcome: await runResource(rule(id), c.resource, c.config) };
    });
}

async function stackCase(id: string, c: StackCase & CaseEnv) {
    return withRegister(c.register, c.today ?? DEFAULT_TODAY, async (file) => {
        for (const b of c.before ?? []) {
            await runStack(rule(b), c.resources, {}, { keepWaivers: true });
        }
        return { file, outcome: await runStack(rule(id), c.resources, c.config) };
    });
}

for (const f of fixtures) {
    describe(`rule ${f.id}`, () => {
        if (f.kind === "resource") {
            for (const c of f.compliant) {
                it(`passes: ${c.name}`, async () => {
                    const { outcome } = await resourceCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, []);
                    assert.strictEqual(outcome.unknown, undefined);
                    assert.strictEqual(outcome.notApplicable, undefined);
                });
            }
            for (const c of f.violations) {
                it(`fails: ${c.name}`, async () => {
                    const { outcome } = await resourceCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, c.expect);
                });
            }
            for (const c of f.notApplicable ?? []) {
                it(`does not apply: ${c.name}`, async () => {
                    const { outcome } = await resourceCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, []);
                    assert.strictEqual(outcome.notApplicable, c.expect);
                });
            }
            for (const c of f.unknown ?? []) {
                it(`cannot decide during preview: ${c.name}`, async () => {
                    const { outcome } = await resourceCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, []);
                    assert.strictEqual(outcome.unknown, c.expect);
                });
            }
        } else {
            for (const c of f.compliant) {
                it(`passes: ${c.name}`, async () => {
                    const { outcome } = await stackCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, []);
                    assert.strictEqual(outcome.unknown, undefined);
                    assert.strictEqual(outcome.notApplicable, undefined);
                });
            }
            for (const c of f.violations) {
                it(`fails: ${c.name}`, async () => {
                    const { file, outcome } = await stackCase(f.id, c);
                    const expected = c.expect.map((e) => ({ ...e, message: e.message.replace("{file}", file) }));
                    assert.deepStrictEqual(outcome.violations, expected);
                });
            }
            for (const c of f.notApplicable ?? []) {
                it(`does not apply: ${c.name}`, async () => {
                    const { outcome } = await stackCase(f.id, c);
                    assert.deepStrictEqual(outcome.violations, []);
                    assert.strictEqual(outcome.notApplicable, c.expect);
                });
            }
        }
    });
}
