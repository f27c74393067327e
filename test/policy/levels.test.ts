/** The environment config files: audit mode in dev with a short mandatory list, enforcement in prod. */
import * as assert from "assert";
import { effectiveLevel, readPackConfig } from "../../policy-pack/lib/levels";
import { rules } from "../../policy-pack/rules";

const DEV_MANDATORY = ["zt-any-secrets-plaintext", "zt-aws-iam-no-users", "zt-aws-s3-public-access-block", "zt-azure-entra-no-client-secrets", "zt-azure-storage-no-public-blob", "zt-gcp-iam-no-sa-keys", "zt-gcp-storage-public-access-prevention", "zt-any-governance-exception-register"];

describe("policy pack: environment levels", () => {
    const dev = readPackConfig("dev");
    const prod = readPackConfig("prod");

    it("dev is audit mode except the documented mandatory list, and disables deletion protection", () => {
        for (const { meta } of rules) {
            const expected = DEV_MANDATORY.includes(meta.id) ? "mandatory" : meta.id === "zt-any-data-deletion-protection" ? "disabled" : "advisory";
            assert.strictEqual(effectiveLevel(dev, meta.id, meta.enforcementLevel), expected, meta.id);
        }
    });

    it("prod makes every rule mandatory except the advisory exception notes", () => {
        for (const { meta } of rules) {
            const expected = meta.id === "zt-any-governance-exception-applied" ? "advisory" : "mandatory";
            assert.strictEqual(effectiveLevel(prod, meta.id, meta.enforcementLevel), expected, meta.id);
        }
    });

    it("names only policies that exist", () => {
        const ids: readonly string[] = rules.map((r) => r.meta.id);
        for (const key of [...Object.keys(dev), ...Object.keys(prod)]) {
            assert.ok(key === "all" || ids.includes(key), `${key} is not a policy`);
        }
    });
});
