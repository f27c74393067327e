/**
 * The bootstrap reads each environment's landing-zone stack file to decide whether it declares
 * that environment's deploy identity, and with what settings: the shipped stacks (all leave it to
 * the bootstrap), a stack that keeps it (`ci.deployIdentity: stack`), and every way the two
 * projects' files can disagree, each reported once with its `zt-bootstrap:` path, before anything
 * is declared. Disagreeing roots are written to a temporary directory.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackConfig } from "../../config/stack-file";
import { validateBootstrapStack } from "../../bootstrap/landing-zones";
import { validatorFor } from "../../plan/plan-stack";
import { BOOTSTRAP_ROOT, REPO_ROOT } from "../support/graphs";

const NS = "zt-bootstrap";
const bootstrapConfig = (stack: string, changes: Record<string, unknown> = {}) => {
    const config = { ...readStackConfig(stack, BOOTSTRAP_ROOT).config };
    for (const [key, value] of Object.entries(changes)) config[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    return config;
};

const roots: string[] = [];
after(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

/** A project root holding the repo's Pulumi.yaml and the given landing-zone stack files (name → YAML text). */
function rootWith(stacks: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "zt-lz-"));
    roots.push(root);
    fs.copyFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), path.join(root, "Pulumi.yaml"));
    fs.mkdirSync(path.join(root, "stacks"));
    for (const [stack, text] of Object.entries(stacks)) fs.writeFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), text);
    return root;
}
/** The repo's stack file with `extra` lines appended under `config:`. */
const shipped = (stack: string, ...extra: string[]) =>
    fs.readFileSync(path.join(REPO_ROOT, "stacks", `Pulumi.${stack}.yaml`), "utf8").trimEnd() + "\n" + extra.map((l) => `  ${l}\n`).join("");

const issuesOf = (config: Record<string, string>, root: string) => {
    const result = validateBootstrapStack(config, root);
    assert.equal(result.ok, false, "the bootstrap is refused");
    return result.ok ? [] : result.issues;
};

describe("bootstrap: the landing-zone stacks it reads", () => {
    for (const [stack, lz] of [["aws-dev", ["aws-dev"]], ["aws-prod", ["aws-prod"]], ["azure", ["azure-dev", "azure-prod"]], ["gcp", ["gcp-dev", "gcp-prod"]]] as const) {
        it(`${stack}: declares the deploy identity of ${lz.join(" and ")}, which leave it to the bootstrap by default`, () => {
            const result = validateBootstrapStack(bootstrapConfig(stack));
            assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.issues));
            assert.deepEqual(result.bootstrap.deployIdentities.map((d) => [d.env, d.stack, d.intent.ci.deployIdentity, d.intent.ci.environment]),
                lz.map((s) => [s.split("-")[1], s, "bootstrap", s.split("-")[1]]));
        });
    }

    it("declares none for a landing-zone stack that keeps its own (ci.deployIdentity: stack), and still checks it", () => {
        const root = rootWith({ "aws-prod": shipped("aws-prod", "zt-landing-zone:ci:", "  repository: example-org/zt-landing-zone", "  deployIdentity: stack") });
        const result = validateBootstrapStack(bootstrapConfig("aws-prod"), root);
        assert.ok(result.ok);
        assert.deepEqual(result.bootstrap.deployIdentities, []);
    });

    it("reads the stack landingZoneStacks names instead of <cloud>-<env>", () => {
        const root = rootWith({ "acme-prod": shipped("aws-prod") });
        const result = validateBootstrapStack(bootstrapConfig("aws-prod", { landingZoneStacks: { prod: "acme-prod" } }), root);
        assert.ok(result.ok);
        assert.deepEqual(result.bootstrap.deployIdentities.map((d) => d.stack), ["acme-prod"]);
    });

    it("refuses a missing stack file, naming both fixes", () => {
        assert.deepEqual(issuesOf(bootstrapConfig("aws-prod"), rootWith({})), [{
            path: `${NS}:landingZoneStacks.prod`,
            value: '"aws-prod"',
            allowed: "a landing-zone stack with a stack file in stacks/",
            fix: "create stacks/Pulumi.aws-prod.yaml, or set landingZoneStacks.prod to the stack that deploys prod (see bootstrap/README.md)",
        }]);
    });

    it("refuses an invalid landing-zone stack, pointing at its own errors", () => {
        const root = rootWith({ "aws-prod": shipped("aws-prod", "zt-landing-zone:logging:", "  retentionDays: 7") });
        assert.deepEqual(issuesOf(bootstrapConfig("aws-prod"), root), [{
            path: `${NS}:landingZoneStacks.prod`,
            value: '"aws-prod"',
            allowed: "a landing-zone stack whose config is valid",
            fix: "fix its 1 config error(s) first (`npm run plan -- --stack aws-prod` lists them; the first is zt-landing-zone:logging.retentionDays)",
        }]);
    });

    it("refuses a landing zone of another cloud, environment or prefix, saying which", () => {
        const root = rootWith({ "aws-prod": shipped("aws-dev", "zt-landing-zone:prefix: acme") });
        assert.deepEqual(issuesOf(bootstrapConfig("aws-prod"), root), [{
            path: `${NS}:landingZoneStacks.prod`,
            value: '"aws-prod"',
            allowed: 'the aws landing-zone stack of prod, with the bootstrap\'s prefix "zt"',
            fix: 'its environment is "dev", not "prod", prefix is "acme", not "zt": point landingZoneStacks.prod at the right stack, or make the two agree (the deploy identity and the state\'s users are named from them)',
        }]);
        const azure = rootWith({ "azure-dev": shipped("gcp-dev"), "azure-prod": shipped("azure-prod").replace("tenantId: 00000000-0000-4000-8000-0000000000aa", "tenantId: 00000000-0000-4000-8000-0000000000bb") });
        assert.deepEqual(issuesOf(bootstrapConfig("azure"), azure).map((i) => [i.path, i.fix.split(":")[0]]), [
            [`${NS}:landingZoneStacks.dev`, 'its cloud is "gcp", not "azure"'],
            [`${NS}:landingZoneStacks.prod`, "its tenant is 00000000-0000-4000-8000-0000000000bb, not 00000000-0000-4000-8000-0000000000aa"],
        ]);
    });

    it("refuses landingZoneStacks for an environment the stack does not serve, and a deployer under the bootstrap's own grant name", () => {
        const result = validateBootstrapStack(bootstrapConfig("aws-prod", { landingZoneStacks: { dev: "aws-dev" } }));
        assert.ok(!result.ok);
        assert.deepEqual(result.issues, [{ path: `${NS}:landingZoneStacks.dev`, value: '"aws-dev"', allowed: "an environment in environments (prod)", fix: 'remove "dev" or add it to environments' }]);
        const gcp = readStackConfig("gcp", BOOTSTRAP_ROOT).config;
        const withGrant = { ...gcp, [`${NS}:gcp`]: JSON.stringify({ ...JSON.parse(gcp[`${NS}:gcp`]), deployers: { prod: { "deploy-identity": "group:ops@example.com" } } }) };
        assert.deepEqual(issuesOf(withGrant, REPO_ROOT), [{
            path: `${NS}:gcp.deployers.prod.deploy-identity`,
            value: '"group:ops@example.com"',
            allowed: 'a name other than "deploy-identity"',
            fix: 'rename it: the bootstrap grants the deploy identity it declares for prod under "deploy-identity"',
        }]);
    });

    it("is what the offline plan validates the bootstrap's stacks with", () => {
        const message = (validatorFor("zt-bootstrap")("aws-prod", bootstrapConfig("aws-prod", { landingZoneStacks: { prod: "nowhere" } })) as { message: string }).message;
        assert.match(message, /zt-bootstrap:landingZoneStacks\.prod: got "nowhere"; allowed: a landing-zone stack with a stack file in stacks\//);
    });
});
