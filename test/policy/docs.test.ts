import * as assert from "assert";
import * as fs from "fs";
import { DOCS_FILE, renderPolicyDocs } from "../../policy-pack/scripts/gen-docs";
import { rules } from "../../policy-pack/rules";

describe("policy pack: docs/policies.md", () => {
    it("is up to date with the rules and config files (run `npm run docs:policies`)", () => {
        assert.ok(fs.existsSync(DOCS_FILE), "docs/policies.md is missing: run `npm run docs:policies`");
        assert.ok(fs.readFileSync(DOCS_FILE, "utf8") === renderPolicyDocs(), "docs/policies.md is stale: run `npm run docs:policies`");
    });

    it("has an anchor for every rule, which is what each rule's url points at", () => {
        const text = renderPolicyDocs();
        for (const { meta, policy } of rules) {
            assert.ok(text.includes(`<a id="${meta.id}"></a>`), meta.id);
            assert.ok(policy.url?.endsWith(`#${meta.id}`));
        }
    });
});
