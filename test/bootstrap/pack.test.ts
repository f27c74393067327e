/**
 * The real policy pack, served over gRPC as the CLI serves it, on the four captured bootstrap
 * stacks (aws-dev, aws-prod, azure, gcp). Judged with prod's config, the only failures are the
 * account-wide detective controls; the bootstrap's pack config (policy-pack/config/bootstrap.json)
 * makes exactly those advisory and nothing else, so it shows no mandatory violation.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeGraph, packEnv, startPolicyPack, type Diagnostic, type PolicyPackProcess } from "../../plan/analyzer";
import { rules } from "../../policy-pack/rules";
import { listStacks } from "../../config/stack-file";
import { BOOTSTRAP_ROOT, REPO_ROOT, bootstrapGraph } from "../support/graphs";

const PACK_DIR = path.join(REPO_ROOT, "policy-pack");
const PROD = path.join(PACK_DIR, "config", "prod.json");
const BOOTSTRAP_CONFIG = path.join(PACK_DIR, "config", "bootstrap.json");

/** Per cloud, the stack rules about the account's detective controls, which the landing zone's own stack satisfies. */
const ACCOUNT_WIDE: Record<string, string[]> = {
    aws: ["zt-aws-cloudtrail-enabled", "zt-aws-config-recording", "zt-aws-guardduty-enabled", "zt-aws-securityhub-standards"],
    azure: ["zt-azure-defender-plans", "zt-azure-monitor-activity-log", "zt-azure-monitor-security-alerts", "zt-azure-sentinel-detection"],
    gcp: ["zt-gcp-logging-audit-config", "zt-gcp-logging-sink", "zt-gcp-monitoring-security-alerts", "zt-gcp-orgpolicy-baseline", "zt-gcp-scc-notification"],
};

/** Every bootstrap stack and its cloud (AWS: one stack per account, and so per environment). */
const STACKS: Record<string, string> = { "aws-dev": "aws", "aws-prod": "aws", azure: "azure", gcp: "gcp" };

const policies = (ds: Diagnostic[], level: string) => [...new Set(ds.filter((d) => d.enforcementLevel === level).map((d) => d.policyName))].sort();

describe("bootstrap: the policy pack's verdict", function () {
    this.timeout(180_000);
    let pack: PolicyPackProcess;
    let dir: string;
    const verdicts: Record<string, { prod: Diagnostic[]; bootstrap: Diagnostic[] }> = {};

    before(async () => {
        // An empty exception register and a fixed date: the verdict depends on the stacks alone.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-bootstrap-pack-"));
        const register = path.join(dir, "exceptions.yaml");
        fs.writeFileSync(register, "exceptions: []\n");
        pack = await startPolicyPack(PACK_DIR, { ...packEnv({ stack: "aws-prod", project: "zt-bootstrap" }), ZT_EXCEPTIONS_FILE: register, ZT_TODAY: "2025-06-01" });
        for (const stack of Object.keys(STACKS)) {
            const graph = await bootstrapGraph(stack);
            verdicts[stack] = {
                prod: (await analyzeGraph(graph, { packDir: PACK_DIR, pack, packConfigFile: PROD })).diagnostics,
                bootstrap: (await analyzeGraph(graph, { packDir: PACK_DIR, pack, packConfigFile: BOOTSTRAP_CONFIG })).diagnostics,
            };
        }
    });

    after(async () => {
        await pack?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("judges every bootstrap stack file, and nothing else", () => {
        assert.deepEqual(listStacks(BOOTSTRAP_ROOT), Object.keys(STACKS).sort());
    });

    for (const [stack, cloud] of Object.entries(STACKS)) {
        const expected = [...ACCOUNT_WIDE[cloud]].sort();

        it(`${stack}: under prod's config, fails only the account-wide rules`, () => {
            assert.deepEqual(policies(verdicts[stack].prod, "mandatory"), expected);
            assert.deepEqual(policies(verdicts[stack].prod, "advisory"), []);
        });

        it(`${stack}: under the bootstrap's config, has no mandatory violation and reports the same rules as advisory`, () => {
            assert.deepEqual(policies(verdicts[stack].bootstrap, "mandatory"), []);
            assert.deepEqual(policies(verdicts[stack].bootstrap, "advisory"), expected);
        });
    }

    it("the bootstrap's pack config is prod's with exactly those rules advisory", () => {
        const prod = JSON.parse(fs.readFileSync(PROD, "utf8")) as Record<string, unknown>;
        const downgraded = Object.values(ACCOUNT_WIDE).flat();
        assert.deepEqual(JSON.parse(fs.readFileSync(BOOTSTRAP_CONFIG, "utf8")), { ...prod, ...Object.fromEntries(downgraded.map((id) => [id, "advisory"])) });
    });

    it("every account-wide rule it downgrades is a stack rule: it can never waive a finding on a state bucket, key or vault", () => {
        for (const id of Object.values(ACCOUNT_WIDE).flat()) {
            const rule = rules.find((r) => r.meta.id === id);
            assert.ok(rule, `${id} is a rule of the pack`);
            assert.deepEqual(rule.kinds, ["stack"], id);
        }
    });
});
