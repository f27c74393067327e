/**
 * The SARIF log of the offline plan (plan/sarif.ts), from plans built by hand: the level mapping,
 * one result's exact shape, rules listed once with their help, a clean plan, fingerprints, and a
 * multi-stack log with the real pack's rule metadata validated against the official schema.
 * The CLI writing it is tested in cli.test.ts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Diagnostic, PolicyInfo } from "../../plan/analyzer";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import type { StackPlan } from "../../plan/plan-stack";
import { artifactLocation, NOT_EVALUATED_RULE, planSourceFile, sarifLevel, securitySeverity, toSarif, type SarifLog } from "../../plan/sarif";
import { summarize } from "../../plan/summary";
import { ruleById } from "../../policy-pack/rules";
import { sarifSchemaErrors } from "../support/sarif-schema";

const ROOT = "/repo";
const PROJECT = "sarif-proj";

function resource(stack: string, type: string, name: string, parent?: CapturedResource): CapturedResource {
    const chain = parent ? `${parent.urn.split("::")[2]}$${type}` : type;
    return {
        urn: `urn:pulumi:${stack}::${PROJECT}::${chain}::${name}`,
        type,
        name,
        custom: parent !== undefined,
        protect: false,
        retainOnDelete: false,
        dependencies: [],
        propertyDependencies: {},
        inputs: {},
        ...(parent ? { parent: parent.urn } : {}),
    };
}

/** A stack with a Data pillar holding two buckets. */
function estate(stack: string): { resources: CapturedResource[]; logs: CapturedResource; media: CapturedResource } {
    const data = resource(stack, "zt:aws:Data", "data");
    const logs = resource(stack, "aws:s3/bucketV2:BucketV2", "data-logs", data);
    const media = resource(stack, "aws:s3/bucketV2:BucketV2", "data-media", data);
    return { resources: [data, logs, media], logs, media };
}

function diagnostic(policy: PolicyInfo, level: Diagnostic["enforcementLevel"], urn: string, detail: string): Diagnostic {
    return {
        policyName: policy.name,
        policyPackName: "zt-landing-zone",
        policyPackVersion: "0.1.0",
        enforcementLevel: level,
        severity: policy.severity,
        urn,
        message: `${policy.description}\n${detail}`,
        description: policy.description,
    };
}

function stackPlan(stack: string, resources: CapturedResource[], diagnostics: Diagnostic[], policies: PolicyInfo[], source: CapturedGraph["source"] = "program"): StackPlan {
    const graph: CapturedGraph = { project: PROJECT, stack, source, resources, secretPlaceholders: [] };
    return {
        stack,
        project: PROJECT,
        environment: stack.endsWith("-prod") ? "prod" : "dev",
        graph,
        summary: summarize(graph),
        analysis: { pack: { name: "zt-landing-zone", version: "0.1.0", pluginVersion: "1.21.0" }, config: {}, diagnostics, policies },
        offline: { secretPlaceholders: [], encryptedSecrets: [], log: { knownInvokes: {}, unknownInvokes: {}, reads: [] } },
        timings: { captureMs: 1, analyzeMs: 1 },
    };
}

const VERSIONING: PolicyInfo = {
    name: "sarif-s3-versioning",
    displayName: "S3 buckets keep object versions",
    description: "Every S3 bucket has versioning enabled.",
    severity: "medium",
    kind: "stack",
    tags: ["pillar:data", "NIST SP 800-207 tenet 5"],
    remediationSteps: "Add an aws.s3.BucketVersioning with status Enabled.",
    url: "docs/policies.md#sarif-s3-versioning",
    enforcementLevel: "mandatory",
};

const PUBLIC: PolicyInfo = { ...VERSIONING, name: "sarif-s3-public", displayName: "No public buckets", description: "No S3 bucket is public.", severity: "critical", tags: ["pillar:data"], url: "https://example.test/rules#public" };

const sourceFileOf = (p: StackPlan): string => path.join(ROOT, "stacks", `Pulumi.${p.stack}.yaml`);
const sarif = (plans: StackPlan[]): SarifLog => toSarif(plans, { repoRoot: ROOT, sourceFileOf });

describe("plan: SARIF log", () => {
    it("maps severity to level and to GitHub's security-severity, whatever the enforcement", () => {
        const table = (["critical", "high", "medium", "low", ""] as const).map((s) => [s, sarifLevel(s), securitySeverity(s)]);
        assert.deepStrictEqual(table, [
            ["critical", "error", "9.5"],
            ["high", "error", "8.0"],
            ["medium", "warning", "5.5"],
            ["low", "note", "2.0"],
            ["", "warning", undefined],
        ]);
        // An advisory critical stays an error; the enforcement is in the properties.
        const { resources, logs } = estate("sarif-dev");
        const [result] = sarif([stackPlan("sarif-dev", resources, [diagnostic(PUBLIC, "advisory", logs.urn, "Bucket data-logs is public.")], [PUBLIC])]).runs[0].results;
        assert.deepStrictEqual([result.level, result.properties.enforcementLevel, result.properties.blocking], ["error", "advisory", false]);
    });

    it("gives one violation its rule, level, message, stack-file location and resource", () => {
        const { resources, logs } = estate("sarif-prod");
        const log = sarif([stackPlan("sarif-prod", resources, [diagnostic(VERSIONING, "mandatory", logs.urn, "This S3 bucket has no versioning.")], [VERSIONING])]);
        assert.deepStrictEqual(log.runs[0].results, [
            {
                ruleId: "sarif-s3-versioning",
                ruleIndex: 0,
                level: "warning",
                message: {
                    text: "This S3 bucket has no versioning. Resource: data-logs (aws:s3/bucketV2:BucketV2), stack sarif-prod. Mandatory in this stack: it blocks the plan.",
                },
                locations: [
                    {
                        physicalLocation: { artifactLocation: { uri: "stacks/Pulumi.sarif-prod.yaml", uriBaseId: "%SRCROOT%" }, region: { startLine: 1 } },
                        logicalLocations: [
                            {
                                name: "data-logs",
                                fullyQualifiedName: "urn:pulumi:sarif-prod::sarif-proj::zt:aws:Data$aws:s3/bucketV2:BucketV2::data-logs",
                                kind: "resource",
                                properties: { pulumiType: "aws:s3/bucketV2:BucketV2" },
                            },
                        ],
                    },
                ],
                partialFingerprints: { primaryLocationLineHash: "8624880c28e5ef8c:1" },
                properties: { policy: "sarif-s3-versioning", enforcementLevel: "mandatory", blocking: true, severity: "medium", pillar: "data", stack: "sarif-prod" },
            },
        ]);
        assert.deepStrictEqual(log.runs[0].automationDetails, {
            id: "zt-plan/sarif-proj/sarif-prod/",
            description: { text: "Offline plan of stack sarif-prod (project sarif-proj): blocked by a mandatory violation." },
        });
    });

    it("lists each rule once, with its help, tags and security severity, and points results at it", () => {
        const { resources, logs, media } = estate("sarif-dev");
        const run = sarif([
            stackPlan(
                "sarif-dev",
                resources,
                [
                    diagnostic(VERSIONING, "advisory", logs.urn, "No versioning."),
                    diagnostic(VERSIONING, "advisory", media.urn, "No versioning."),
                    diagnostic(PUBLIC, "mandatory", media.urn, "Public."),
                ],
                [PUBLIC, VERSIONING],
            ),
        ]).runs[0];
        assert.deepStrictEqual(run.tool.driver.rules, [
            {
                id: "sarif-s3-public",
                shortDescription: { text: "No public buckets" },
                fullDescription: { text: "No S3 bucket is public." },
                defaultConfiguration: { level: "error" },
                help: {
                    text: "No S3 bucket is public.\n\nRemediation: Add an aws.s3.BucketVersioning with status Enabled.\n\nDocumentation: https://example.test/rules#public",
                    markdown: "No S3 bucket is public.\n\n**Remediation.** Add an aws.s3.BucketVersioning with status Enabled.\n\n[Documentation](https://example.test/rules#public)",
                },
                helpUri: "https://example.test/rules#public",
                properties: { tags: ["security", "pillar:data"], precision: "high", "security-severity": "9.5" },
            },
            {
                id: "sarif-s3-versioning",
                shortDescription: { text: "S3 buckets keep object versions" },
                fullDescription: { text: "Every S3 bucket has versioning enabled." },
                defaultConfiguration: { level: "warning" },
                help: {
                    text: "Every S3 bucket has versioning enabled.\n\nRemediation: Add an aws.s3.BucketVersioning with status Enabled.\n\nDocumentation: docs/policies.md#sarif-s3-versioning in this repository.",
                    markdown:
                        "Every S3 bucket has versioning enabled.\n\n**Remediation.** Add an aws.s3.BucketVersioning with status Enabled.\n\nDocumentation: `docs/policies.md#sarif-s3-versioning` in this repository.",
                },
                properties: { tags: ["security", "pillar:data", "NIST SP 800-207 tenet 5"], precision: "high", "security-severity": "5.5" },
            },
        ]);
        // Mandatory first, as in the text report; each result's ruleIndex names its rule.
        assert.deepStrictEqual(
            run.results.map((r) => [r.ruleId, run.tool.driver.rules[r.ruleIndex].id, r.locations[0].logicalLocations[0].name]),
            [
                ["sarif-s3-public", "sarif-s3-public", "data-media"],
                ["sarif-s3-versioning", "sarif-s3-versioning", "data-logs"],
                ["sarif-s3-versioning", "sarif-s3-versioning", "data-media"],
            ],
        );
    });

    it("files a policy that could not run during preview as a note under its own rule, not as the policy's alert", () => {
        const { resources, logs } = estate("sarif-dev");
        const cannot = `can't run policy 'sarif-s3-public' from policy pack 'zt-landing-zone@v0.1.0' during preview: string value at .acl can't be known during preview`;
        const run = sarif([stackPlan("sarif-dev", resources, [diagnostic(PUBLIC, "advisory", logs.urn, cannot)], [PUBLIC])]).runs[0];
        assert.deepStrictEqual(
            run.tool.driver.rules.map((r) => [r.id, r.defaultConfiguration.level, r.properties.tags, r.properties["security-severity"]]),
            [[NOT_EVALUATED_RULE, "note", ["zt-plan"], undefined]],
        );
        assert.deepStrictEqual(
            run.results.map((r) => [r.ruleId, r.level, r.message.text, r.properties.policy]),
            [
                [
                    NOT_EVALUATED_RULE,
                    "note",
                    "Policy sarif-s3-public could not run: string value at .acl can't be known during preview. Resource: data-logs (aws:s3/bucketV2:BucketV2), stack sarif-dev. Advisory in this stack: reported, not blocking.",
                    "sarif-s3-public",
                ],
            ],
        );
    });

    it("gives each resource's finding its own stable fingerprint, so GitHub keeps them apart", () => {
        const fingerprints = (stack: string, diagnostics: (e: ReturnType<typeof estate>) => Diagnostic[]): string[] => {
            const e = estate(stack);
            return sarif([stackPlan(stack, e.resources, diagnostics(e), [VERSIONING, PUBLIC])]).runs[0].results.map((r) => r.partialFingerprints.primaryLocationLineHash);
        };
        const two = (e: ReturnType<typeof estate>): Diagnostic[] => [diagnostic(VERSIONING, "advisory", e.logs.urn, "a"), diagnostic(VERSIONING, "advisory", e.media.urn, "b")];
        const dev = fingerprints("sarif-dev", two);
        assert.strictEqual(new Set(dev).size, 2, "two resources, two alerts");
        assert.deepStrictEqual(fingerprints("sarif-dev", (e) => [diagnostic(VERSIONING, "advisory", e.logs.urn, "another message")]), [dev[0]], "the message is not part of it");
        assert.ok(!fingerprints("sarif-prod", two).some((f) => dev.includes(f)), "another stack, other alerts");
        const twice = fingerprints("sarif-dev", (e) => [diagnostic(PUBLIC, "advisory", e.logs.urn, "x"), diagnostic(PUBLIC, "advisory", e.logs.urn, "y")]);
        assert.deepStrictEqual(twice.map((f) => f.split(":")[1]), ["1", "2"]);
        assert.strictEqual(twice[0].split(":")[0], twice[1].split(":")[0]);
    });

    it("writes a valid log with an empty run for a stack without violations", () => {
        const { resources } = estate("sarif-dev");
        const log = sarif([stackPlan("sarif-dev", resources, [], [VERSIONING])]);
        assert.deepStrictEqual(sarifSchemaErrors(log), []);
        assert.strictEqual(log.runs.length, 1);
        assert.deepStrictEqual([log.runs[0].results, log.runs[0].tool.driver.rules], [[], []]);
        assert.deepStrictEqual(log.runs[0].properties, { project: PROJECT, stack: "sarif-dev", environment: "dev", source: "program" });
    });

    it("validates a multi-stack log with the real pack's rule metadata against the official schema", () => {
        const real = (id: string): PolicyInfo => {
            const p = ruleById(id)?.policy;
            assert.ok(p, `rule ${id} exists`);
            return {
                name: p.name,
                displayName: p.displayName ?? "",
                description: p.description ?? "",
                severity: p.severity ?? "",
                kind: "stack",
                tags: p.tags ?? [],
                remediationSteps: p.remediationSteps ?? "",
                url: p.url ?? "",
                enforcementLevel: "mandatory",
            };
        };
        const versioning = real("zt-aws-s3-versioning");
        const rotation = real("zt-aws-kms-rotation");
        const dev = estate("aws-dev");
        const prod = estate("aws-prod");
        const log = sarif([
            stackPlan("aws-dev", dev.resources, [diagnostic(versioning, "advisory", dev.logs.urn, "No versioning."), diagnostic(rotation, "advisory", "", "No key rotates.")], [versioning, rotation]),
            stackPlan("aws-prod", prod.resources, [diagnostic(versioning, "mandatory", prod.media.urn, "No versioning.")], [versioning, rotation]),
        ]);
        assert.deepStrictEqual(sarifSchemaErrors(log), []);
        assert.deepStrictEqual(log.runs.map((r) => r.automationDetails.id), ["zt-plan/sarif-proj/aws-dev/", "zt-plan/sarif-proj/aws-prod/"]);
        const rule = log.runs[0].tool.driver.rules.find((r) => r.id === "zt-aws-s3-versioning");
        assert.ok(rule?.properties.tags.includes("pillar:data") && rule.help.text.includes(versioning.remediationSteps.slice(0, 40)));
        // A stack-level finding is located at the stack itself.
        assert.deepStrictEqual(log.runs[0].results.find((r) => r.ruleId === "zt-aws-kms-rotation")?.locations[0].logicalLocations, [
            { name: "aws-dev", fullyQualifiedName: "sarif-proj/aws-dev", kind: "module" },
        ]);
        // The schema is not a rubber stamp: a result without a message, or a bad level, fails it.
        const broken = JSON.parse(JSON.stringify(log)) as { runs: { results: Record<string, unknown>[] }[] };
        delete broken.runs[0].results[0]["message"];
        broken.runs[1].results[0]["level"] = "fatal";
        assert.deepStrictEqual(sarifSchemaErrors(broken).filter((e) => !e.includes("anyOf") && !e.includes("allowed values")), [
            "/runs/0/results/0 must have required property 'message'",
        ]);
        assert.ok(sarifSchemaErrors(broken).some((e) => e.startsWith("/runs/1/results/0/level ")));
    });

    it("locates results in the repository, or by absolute URI outside it", () => {
        assert.deepStrictEqual(artifactLocation("/repo/bootstrap/stacks/Pulumi.aws-prod.yaml", "/repo"), { uri: "bootstrap/stacks/Pulumi.aws-prod.yaml", uriBaseId: "%SRCROOT%" });
        assert.deepStrictEqual(artifactLocation("/tmp/my export.json", "/repo"), { uri: "file:///tmp/my%20export.json" });
        const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zt-sarif-"));
        try {
            fs.mkdirSync(path.join(tmp, "stacks"));
            fs.writeFileSync(path.join(tmp, "stacks", "Pulumi.known.yaml"), "config: {}\n");
            const state = (stack: string): StackPlan => stackPlan(stack, [], [], [], "state");
            assert.strictEqual(planSourceFile(state("known"), tmp, "/x/export.json"), path.join(tmp, "stacks", "Pulumi.known.yaml"));
            assert.strictEqual(planSourceFile(state("unknown"), tmp, "/x/export.json"), "/x/export.json");
            assert.strictEqual(planSourceFile(stackPlan("unknown", [], [], []), tmp), path.join(tmp, "stacks", "Pulumi.unknown.yaml"));
        } finally {
            fs.rmSync(tmp, { recursive: true, force: true });
        }
    });
});
