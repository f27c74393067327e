/**
 * End to end: the real pack, spawned and driven over gRPC the way the Pulumi CLI drives it (via
 * the offline plan's client in plan/analyzer.ts). Checks what only the server path shows: levels
 * from dev.json vs prod.json, schema validation of a config file, exceptions, the preview
 * "can't run" advisory, and that secret inputs survive the SDK's deserializer as secrets.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzeGraph, packEnv, startPolicyPack, type Diagnostic, type PolicyPackProcess } from "../../plan/analyzer";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { ruleIds } from "../../policy-pack/rules";
import { UNKNOWN, secret } from "./support/harness";
import { BASE_TAGS } from "./fixtures/common";
import { TODAY, entry, registerYaml } from "./fixtures/register-entries";

const PACK_DIR = path.resolve(__dirname, "../../policy-pack");
const DEV = path.join(PACK_DIR, "config/dev.json");
const PROD = path.join(PACK_DIR, "config/prod.json");
const PACK = "'zt-landing-zone@v0.1.0'";

function resource(type: string, name: string, inputs: Record<string, unknown>, extra: Partial<CapturedResource> = {}): CapturedResource {
    return {
        urn: `urn:pulumi:e2e::zt::${type}::${name}`,
        type,
        name,
        custom: true,
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        inputs,
        ...extra,
    };
}

const graph = (...resources: CapturedResource[]): CapturedGraph => ({ project: "zt", stack: "e2e", source: "program", resources, secretPlaceholders: [] });

// A VPC missing its owner tag and its flow log: one resource finding, one stack finding.
const UNTAGGED_VPC = resource("aws:ec2/vpc:Vpc", "core", { cidrBlock: "10.0.0.0/16", tags: { environment: "prod", "managed-by": "pulumi" } });
const TAGS_MSG = 'Missing required tags on "tags": owner.';
const FLOW_MSG = "This VPC has no flow log: add an aws.ec2.FlowLog with vpcId set to this VPC's id (subnet- or ENI-level flow logs do not cover the whole VPC).";

/**
 * The findings of the cloud-neutral rules. These fixtures are minimal stacks built to exercise the
 * framework, so the AWS baseline rules (no CloudTrail, no default SG, no endpoints...) also fire on
 * them; those rules have their own fixtures in fixtures/.
 */
function neutral(ds: Diagnostic[]): Diagnostic[] {
    return ds.filter((d) => d.policyName.startsWith("zt-any-"));
}

function find(ds: Diagnostic[], policy: string): Diagnostic[] {
    return ds.filter((d) => d.policyName === policy);
}

/** The message as the CLI shows it: the policy's description, a newline, the rule's message. */
function full(policy: string, message: string, descriptions: Map<string, string>): string {
    return `${descriptions.get(policy)}\n${message}`;
}

describe("policy pack: end to end over gRPC", function () {
    this.timeout(180_000);
    let pack: PolicyPackProcess;
    let dir: string;
    let register: string;
    const descriptions = new Map<string, string>();

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-e2e-"));
        register = path.join(dir, "exceptions.yaml");
        fs.writeFileSync(register, "exceptions: []\n");
        pack = await startPolicyPack(PACK_DIR, { ...packEnv({ stack: "e2e", project: "zt" }), ZT_EXCEPTIONS_FILE: register, ZT_TODAY: TODAY });
        for (const p of (await pack.info()).policies) {
            descriptions.set(p.name, p.description);
        }
    });

    after(async () => {
        await pack?.stop();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    /** Swaps the register; the pack re-reads it when its mtime changes. */
    function setRegister(text: string): void {
        fs.writeFileSync(register, text);
        const later = new Date(Date.now() + 5_000 + Math.random() * 1_000);
        fs.utimesSync(register, later, later);
    }

    it("serves every rule with its metadata", async () => {
        const info = await pack.info();
        assert.deepStrictEqual(info.policies.map((p) => p.name).sort(), [...ruleIds].sort());
        const tags = info.policies.find((p) => p.name === "zt-any-tags-mandatory");
        assert.strictEqual(tags?.severity, "medium");
        assert.strictEqual(tags?.url, "docs/policies.md#zt-any-tags-mandatory");
        assert.ok(tags?.tags.includes("NIST SP 800-207 tenet 5"));
        assert.ok(tags?.remediationSteps.length);
    });

    it("reports advisory in dev and mandatory in prod for the same violations", async () => {
        setRegister("exceptions: []\n");
        const levels = async (file: string) => {
            const { diagnostics } = await analyzeGraph(graph(UNTAGGED_VPC), { packDir: PACK_DIR, pack, packConfigFile: file });
            return neutral(diagnostics).map((d) => [d.policyName, d.enforcementLevel, d.message, d.urn]);
        };
        const expected = (level: string) => [
            ["zt-any-tags-mandatory", level, full("zt-any-tags-mandatory", TAGS_MSG, descriptions), UNTAGGED_VPC.urn],
            ["zt-any-network-flow-logs", level, full("zt-any-network-flow-logs", FLOW_MSG, descriptions), UNTAGGED_VPC.urn],
        ];
        assert.deepStrictEqual(await levels(DEV), expected("advisory"));
        assert.deepStrictEqual(await levels(PROD), expected("mandatory"));
    });

    it("keeps plaintext secrets mandatory in dev, and accepts the same value sent as a secret", async () => {
        const db = (password: unknown) =>
            resource("aws:rds/instance:Instance", "orders", { password, deletionProtection: true, tags: { ...BASE_TAGS, "data-classification": "internal" } });
        const plain = await analyzeGraph(graph(db("hunter2")), { packDir: PACK_DIR, pack, packConfigFile: DEV });
        assert.deepStrictEqual(
            neutral(plain.diagnostics).map((d) => [d.policyName, d.enforcementLevel]),
            [["zt-any-secrets-plaintext", "mandatory"]],
        );
        assert.ok(!plain.diagnostics.some((d) => d.message.includes("hunter2")), "the value is never echoed");
        const secretOne = await analyzeGraph(graph(db(secret("hunter2"))), { packDir: PACK_DIR, pack, packConfigFile: DEV });
        assert.deepStrictEqual(neutral(secretOne.diagnostics), []);
    });

    it("rejects a config file that breaks a rule's schema before analysing", async () => {
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, JSON.stringify({ all: "mandatory", "zt-any-tags-mandatory": { keys: "owner" } }));
        await assert.rejects(analyzeGraph(graph(UNTAGGED_VPC), { packDir: PACK_DIR, pack, packConfigFile: bad }), /zt-any-tags-mandatory[\s\S]*keys/);
    });

    it("applies rule settings from the config file", async () => {
        const custom = path.join(dir, "custom.json");
        fs.writeFileSync(custom, JSON.stringify({ all: "mandatory", "zt-any-tags-mandatory": { keys: ["environment"] }, "zt-any-network-flow-logs": "disabled" }));
        const { diagnostics } = await analyzeGraph(graph(UNTAGGED_VPC), { packDir: PACK_DIR, pack, packConfigFile: custom });
        assert.deepStrictEqual(neutral(diagnostics), []);
    });

    it("turns a valid exception into an advisory note, and blocks again on an expired one", async () => {
        setRegister(
            registerYaml(
                entry({ id: "EXC-TAGS", policy: "zt-any-tags-mandatory", resource: "core", expires: "2025-06-11" }),
                entry({ id: "EXC-FLOW", policy: "zt-any-network-flow-logs", resource: "core", expires: "2025-05-31" }),
            ),
        );
        const { diagnostics } = await analyzeGraph(graph(UNTAGGED_VPC), { packDir: PACK_DIR, pack, packConfigFile: PROD });
        assert.deepStrictEqual(find(diagnostics, "zt-any-tags-mandatory"), [], "the waived violation is not reported by its policy");
        const notes = find(diagnostics, "zt-any-governance-exception-applied");
        assert.deepStrictEqual(
            notes.map((d) => [d.enforcementLevel, d.urn, d.message]),
            [
                [
                    "advisory",
                    UNTAGGED_VPC.urn,
                    full(
                        "zt-any-governance-exception-applied",
                        `zt-any-tags-mandatory waived by exception "EXC-TAGS" (owner team-network, ticket NET-42, expires 2025-06-11, 10 days left): ${TAGS_MSG}`,
                        descriptions,
                    ),
                ],
            ],
        );
        assert.deepStrictEqual(find(diagnostics, "zt-any-network-flow-logs").map((d) => d.enforcementLevel), ["mandatory"], "the expired exception waives nothing");
        const register = find(diagnostics, "zt-any-governance-exception-register");
        assert.deepStrictEqual(register.map((d) => d.enforcementLevel), ["mandatory"]);
        assert.match(register[0].message, /exception "EXC-FLOW" expired on 2025-05-31; its violations of zt-any-network-flow-logs block again/);
        setRegister("exceptions: []\n");
    });

    it("keeps the register mandatory in dev", async () => {
        setRegister(registerYaml(entry({ expires: "2025-12-31" })));
        const { diagnostics } = await analyzeGraph(graph(), { packDir: PACK_DIR, pack, packConfigFile: DEV });
        assert.deepStrictEqual(
            diagnostics.map((d) => [d.policyName, d.enforcementLevel]),
            [["zt-any-governance-exception-register", "mandatory"]],
        );
        setRegister("exceptions: []\n");
    });

    it("reports an unknown input as advisory \"can't run during preview\", even in prod", async () => {
        const vpc = resource("aws:ec2/vpc:Vpc", "pending", { cidrBlock: "10.0.0.0/16", tags: UNKNOWN });
        const log = resource("aws:ec2/flowLog:FlowLog", "pending-flow", { vpcId: UNKNOWN, tags: { ...BASE_TAGS } }, { propertyDependencies: { vpcId: [vpc.urn] } });
        const { diagnostics } = await analyzeGraph(graph(vpc, log), { packDir: PACK_DIR, pack, packConfigFile: PROD });
        assert.deepStrictEqual(
            neutral(diagnostics).map((d) => [d.policyName, d.enforcementLevel, d.message.split("\n").pop()]),
            [
                [
                    "zt-any-tags-mandatory",
                    "advisory",
                    `can't run policy 'zt-any-tags-mandatory' from policy pack ${PACK} during preview: string value at .tags can't be known during preview`,
                ],
            ],
        );
    });
});
