/**
 * The independent AWS judge without the judge itself (no network, no judge/aws install): the real
 * false-positive register and its docs table, and the matching, evidence and exit-code logic of
 * scripts/judge-aws-lib.ts on synthetic findings.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanError } from "../../plan/errors";
import { ruleIds } from "../../policy-pack/rules";
import {
    AWSGUARD_POLICIES,
    DOCS_BEGIN,
    DOCS_END,
    INSTALL_STAMP,
    exitCodeOf,
    findingsOf,
    generatedPart,
    globToRegExp,
    installNeeded,
    judge,
    loadRegister,
    lockHash,
    parseRegister,
    renderDocsTable,
    renderJudgeReport,
    unknownRules,
    withGeneratedPart,
    type FalsePositive,
    type Finding,
    type GraphResource,
} from "../../scripts/judge-aws-lib";

const ROOT = path.resolve(__dirname, "..", "..");
const REGISTER_FILE = path.join(ROOT, "judge", "aws", "false-positives.yaml");
const DOCS_FILE = path.join(ROOT, "docs", "awsguard.md");

const U = "urn:pulumi:aws-prod::zt-landing-zone::zt:aws:LandingZone$zt:aws:Data$";
const BUCKET = "aws:s3/bucket:Bucket";
const LOGGING = "aws:s3/bucketLogging:BucketLogging";

function finding(policy: string, type: string, name: string, level = "mandatory"): Finding {
    return { policy, level, urn: type ? `${U}${type}::${name}` : "", type, name, message: `${policy} says no.` };
}

function entry(e: Partial<FalsePositive> & Pick<FalsePositive, "policy" | "type">): FalsePositive {
    return { reason: "Because v7 moved it.", enforcedBy: ["zt-aws-x"], ...e };
}

/** Expects parseRegister to reject `yaml` with a message matching every pattern. */
function rejects(yaml: string, ...patterns: RegExp[]): void {
    assert.throws(
        () => parseRegister(yaml, "fp.yaml"),
        (err: unknown) => {
            assert.ok(err instanceof PlanError, String(err));
            for (const p of patterns) assert.match(err.message, p);
            return true;
        },
    );
}

describe("judge:aws: the false-positive register", () => {
    const register = loadRegister(REGISTER_FILE);

    it("parses, and every entry names an awsguard policy and explains itself", () => {
        for (const e of register.entries) {
            assert.ok(AWSGUARD_POLICIES.includes(e.policy), e.policy);
            assert.match(e.type, /^(aws:[a-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]+|stack)$/, e.type);
            // A reason is a concrete explanation, not a word: it names the v7 resource or rule involved.
            assert.ok(e.reason.length >= 80, `${e.policy}: reason too short: ${e.reason}`);
            assert.ok(e.enforcedBy.length > 0 || e.requires, `${e.policy}: nothing enforces the real requirement`);
            if (e.requires) assert.match(e.requires.type, /^aws:[a-z0-9]+\/[A-Za-z0-9]+:[A-Za-z0-9]+$/);
        }
    });

    it("names only rules our pack has in enforcedBy", () => {
        assert.deepStrictEqual(unknownRules(register.entries, ruleIds), []);
    });

    it("is what docs/awsguard.md shows (regenerate with npm run judge:aws -- --write-docs)", () => {
        const doc = fs.readFileSync(DOCS_FILE, "utf8");
        assert.strictEqual(generatedPart(doc), renderDocsTable(register.entries));
    });
});

describe("judge:aws: register parsing", () => {
    it("reads entries, trims and folds the reason, and accepts an empty list", () => {
        const r = parseRegister(
            [
                "falsePositives:",
                "  - policy: s3-bucket-logging-enabled",
                `    type: ${BUCKET}`,
                "    name: data-*",
                "    reason: >-",
                "      first line",
                "      second line",
                "    enforcedBy: [zt-aws-a]",
                "    requires: { type: aws:s3/bucketLogging:BucketLogging, property: bucket }",
            ].join("\n"),
            "fp.yaml",
        );
        assert.deepStrictEqual(r.entries, [
            {
                policy: "s3-bucket-logging-enabled",
                type: BUCKET,
                name: "data-*",
                reason: "first line second line",
                enforcedBy: ["zt-aws-a"],
                requires: { type: LOGGING, property: "bucket" },
            },
        ]);
        assert.deepStrictEqual(parseRegister("falsePositives: []\n", "fp.yaml").entries, []);
        assert.deepStrictEqual(parseRegister("falsePositives:\n", "fp.yaml").entries, []);
    });

    it("rejects invalid YAML and a file without the list", () => {
        rejects("falsePositives: [\n", /fp\.yaml is not valid YAML/);
        rejects("- a\n", /must be a mapping with a "falsePositives:" list/);
        rejects("falsePositives: 3\n", /must be a mapping with a "falsePositives:" list/);
    });

    it("names every problem of every entry at once", () => {
        rejects(
            [
                "falsePositives:",
                "  - policy: no-such-policy",
                `    type: ${BUCKET}`,
                "    reason: r",
                "    enforcedBy: [x]",
                "  - policy: s3-bucket-logging-enabled",
                `    type: ${BUCKET}`,
                "    reason: '   '",
                "    enforcedBy: [x]",
                "    why: typo",
                "  - policy: efs-encrypted",
                "    type: aws:efs/fileSystem:FileSystem",
                "    reason: r",
                "  - policy: efs-encrypted",
                "    type: aws:efs/fileSystem:FileSystem",
                "    reason: r",
                "    requires: { type: aws:x/y:Z }",
                "  - 42",
            ].join("\n"),
            /entry 1 names "no-such-policy", which is not an awsguard policy/,
            /entry 2 \(s3-bucket-logging-enabled\) has no "reason"/,
            /entry 2 has unknown keys why/,
            /entry 3 \(efs-encrypted\) says nothing enforces the real requirement/,
            /entry 4 \(efs-encrypted\) has a "requires" that is not \{ type: <type token>, property: <input name> \}/,
            /entry 4 repeats policy efs-encrypted/,
            /entry 5 is not a mapping/,
        );
        rejects("falsePositives:\n  - { policy: efs-encrypted, reason: r, enforcedBy: [x], name: '' }\n", /has no "type"/, /has an empty "name"/);
        rejects("falsePositives:\n  - { policy: efs-encrypted, type: stack, reason: r, enforcedBy: [x, 3] }\n", /"enforcedBy" that is not a list of rule ids/);
    });
});

describe("judge:aws: matching findings against the register", () => {
    it("splits type and name out of full-chain URNs; a stack-level finding has neither", () => {
        const [res, stack] = findingsOf([
            { policyName: "p", enforcementLevel: "mandatory", urn: `${U}${BUCKET}::data-bucket-data`, message: "m" },
            { policyName: "q", enforcementLevel: "advisory", urn: "", message: "Checks q.", description: "Checks q." },
        ]);
        assert.deepStrictEqual([res.type, res.name, res.level, res.message], [BUCKET, "data-bucket-data", "mandatory", "m"]);
        assert.deepStrictEqual([stack.type, stack.name, stack.urn, stack.message], ["", "", "", "Checks q."]);
        const [specific] = findingsOf([{ policyName: "p", enforcementLevel: "mandatory", urn: "", message: "Checks p.\nBucket logging must be defined.", description: "Checks p." }]);
        assert.strictEqual(specific.message, "Bucket logging must be defined.");
    });

    it("globs names with * only, anchored, with regex characters literal", () => {
        assert.ok(globToRegExp("data-*").test("data-bucket-data"));
        assert.ok(!globToRegExp("data-*").test("xdata-bucket"));
        assert.ok(globToRegExp("a.b*").test("a.b"));
        assert.ok(!globToRegExp("a.b*").test("axb"));
        assert.ok(globToRegExp("*").test(""));
    });

    it("documents by policy, type and optional name; reports the rest and the stale entries", () => {
        const entries = [
            entry({ policy: "cmk-backing-key-rotation-enabled", type: "aws:kms/key:Key", name: "data-key-*" }),
            entry({ policy: "efs-encrypted", type: "aws:efs/fileSystem:FileSystem" }),
            entry({ policy: "access-keys-rotated", type: "stack" }),
            entry({ policy: "ec2-volume-inuse", type: "aws:ec2/instance:Instance" }),
        ];
        const findings = [
            finding("cmk-backing-key-rotation-enabled", "aws:kms/key:Key", "data-key-logs"),
            finding("cmk-backing-key-rotation-enabled", "aws:kms/key:Key", "visibility-key"),
            finding("efs-encrypted", "aws:efs/fileSystem:FileSystem", "fs"),
            finding("efs-encrypted", BUCKET, "fs"),
            finding("access-keys-rotated", "", ""),
        ];
        const result = judge(findings, entries);
        assert.deepStrictEqual(
            result.verdicts.map((v) => [v.finding.name || "stack", v.entry?.policy ?? null]),
            [
                ["data-key-logs", "cmk-backing-key-rotation-enabled"],
                ["visibility-key", null],
                ["fs", "efs-encrypted"],
                ["fs", null],
                ["stack", "access-keys-rotated"],
            ],
        );
        assert.deepStrictEqual(result.undocumented, [findings[1], findings[3]]);
        assert.deepStrictEqual(result.stale, [entries[3]]);
        assert.strictEqual(exitCodeOf(result), 1);
        assert.strictEqual(exitCodeOf(judge([findings[0], findings[2]], entries)), 0);
        assert.strictEqual(exitCodeOf(judge([], entries)), 0, "stale entries only warn");
        assert.strictEqual(exitCodeOf(judge([], [])), 0);
    });

    it("accepts a finding with `requires` only when the evidence resource depends on the flagged one", () => {
        const logged = finding("s3-bucket-logging-enabled", BUCKET, "data-bucket-data");
        const unlogged = finding("s3-bucket-logging-enabled", BUCKET, "archive-bucket");
        const e = entry({ policy: "s3-bucket-logging-enabled", type: BUCKET, enforcedBy: [], requires: { type: LOGGING, property: "bucket" } });
        const graph: GraphResource[] = [
            { urn: `${U}${LOGGING}::data-logging`, type: LOGGING, propertyDependencies: { bucket: [logged.urn], targetBucket: [unlogged.urn] } },
            // The right type wired through the wrong property, and the wrong type on the right property, prove nothing.
            { urn: `${U}aws:s3/bucketVersioning:BucketVersioning::v`, type: "aws:s3/bucketVersioning:BucketVersioning", propertyDependencies: { bucket: [unlogged.urn] } },
        ];
        const result = judge([logged, unlogged], [e], graph);
        assert.strictEqual(result.verdicts[0].entry, e);
        assert.deepStrictEqual([result.verdicts[1].entry, result.verdicts[1].unproven], [undefined, e]);
        assert.deepStrictEqual(result.undocumented, [unlogged]);
        assert.deepStrictEqual(result.stale, [], "an entry whose evidence is missing is not stale");
        assert.strictEqual(exitCodeOf(result), 1);
        assert.strictEqual(exitCodeOf(judge([logged], [e])), 1, "no graph, no evidence");
        // A second entry on the same policy and type with other evidence: the log sink itself.
        const sink = { ...e, requires: { type: LOGGING, property: "targetBucket" } };
        const both = judge([logged, unlogged], [e, sink], graph);
        assert.deepStrictEqual(both.verdicts.map((v) => v.entry), [e, sink]);
        assert.strictEqual(exitCodeOf(both), 0);
    });

    it("allows two entries on one policy and type only when their evidence differs", () => {
        const head = ["falsePositives:"];
        const item = (prop: string): string[] => [
            "  - policy: s3-bucket-logging-enabled",
            `    type: ${BUCKET}`,
            "    reason: r",
            `    requires: { type: ${LOGGING}, property: ${prop} }`,
        ];
        assert.strictEqual(parseRegister([...head, ...item("bucket"), ...item("targetBucket")].join("\n"), "fp.yaml").entries.length, 2);
        rejects([...head, ...item("bucket"), ...item("bucket")].join("\n"), /entry 2 repeats policy s3-bucket-logging-enabled on aws:s3\/bucket:Bucket with the same evidence/);
    });

    it("prints every finding, marks the documented ones, and warns about stale entries", () => {
        const e = entry({ policy: "efs-encrypted", type: "aws:efs/fileSystem:FileSystem", reason: "The key is set elsewhere. More detail." });
        const stale = entry({ policy: "elb-logging-enabled", type: "aws:lb/loadBalancer:LoadBalancer" });
        const ev = entry({ policy: "s3-bucket-logging-enabled", type: BUCKET, enforcedBy: [], requires: { type: LOGGING, property: "bucket" } });
        const text = renderJudgeReport(
            judge([finding("efs-encrypted", "aws:efs/fileSystem:FileSystem", "fs"), finding("s3-bucket-logging-enabled", BUCKET, "b")], [e, stale, ev]),
            ["HEADER"],
        );
        const lines = text.split("\n");
        assert.strictEqual(lines[0], "HEADER");
        assert.strictEqual(lines[1], "Findings: 2 (1 documented false positives, 1 undocumented)");
        assert.match(lines[2], /^ {2}\[UNDOCUMENTED\] \[mandatory\] s3-bucket-logging-enabled: b \(aws:s3\/bucket:Bucket\): s3-bucket-logging-enabled says no\.$/);
        assert.match(lines[3], /has bucket = this resource; the graph has none, so the finding stands/);
        assert.match(lines[4], /^ {2}\[documented\] {3}\[mandatory\] efs-encrypted: fs/);
        assert.strictEqual(lines[5].trim(), "false positive: The key is set elsewhere. Enforced by: zt-aws-x.");
        assert.match(text, /Warning: 1 register entries matched no finding.*\n {2}- elb-logging-enabled on aws:lb\/loadBalancer:LoadBalancer\n/);
        assert.match(lines[lines.length - 1], /^Verdict: 1 finding\(s\) are not in the register/);
        assert.strictEqual(renderJudgeReport(judge([], []), []).split("\n").pop(), "Verdict: every finding is a documented false positive.");
    });

    it("lists enforcedBy ids our pack does not have", () => {
        const entries = [entry({ policy: "efs-encrypted", type: "t", enforcedBy: ["a", "b"] }), entry({ policy: "x", type: "t", enforcedBy: ["c", "a"] })];
        assert.deepStrictEqual(unknownRules(entries, ["a"]), ["b", "c"]);
    });
});

describe("judge:aws: generated docs table", () => {
    const entries = [
        entry({ policy: "efs-encrypted", type: "aws:efs/fileSystem:FileSystem", name: "a|b", reason: "One\n  two | three." }),
        entry({ policy: "s3-bucket-logging-enabled", type: BUCKET, enforcedBy: [], requires: { type: LOGGING, property: "bucket" } }),
    ];

    it("renders one escaped row per entry", () => {
        assert.deepStrictEqual(renderDocsTable(entries).split("\n").slice(2), [
            "| `efs-encrypted` | `aws:efs/fileSystem:FileSystem` | `a\\|b` | One two \\| three. | `zt-aws-x` |",
            "| `s3-bucket-logging-enabled` | `aws:s3/bucket:Bucket` | any | Because v7 moved it. | this judge: false only where the graph has a " +
                "`aws:s3/bucketLogging:BucketLogging` whose `bucket` refers to the flagged resource |",
            "",
        ]);
    });

    it("replaces only the part between the markers, and refuses a page without them", () => {
        const doc = `# T\n\nintro\n\n${DOCS_BEGIN}\nold table\n${DOCS_END}\n\nafter\n`;
        const next = withGeneratedPart(doc, renderDocsTable(entries));
        assert.strictEqual(generatedPart(next), renderDocsTable(entries));
        assert.ok(next.startsWith("# T\n\nintro\n\n") && next.endsWith(`${DOCS_END}\n\nafter\n`));
        assert.strictEqual(withGeneratedPart(next, renderDocsTable(entries)), next, "idempotent");
        assert.strictEqual(generatedPart("no markers"), undefined);
        assert.throws(() => withGeneratedPart("no markers", "t"), PlanError);
    });
});

describe("judge:aws: install check", () => {
    let dir: string;
    beforeEach(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-judge-test-"));
        fs.writeFileSync(path.join(dir, "package.json"), "{}");
        fs.writeFileSync(path.join(dir, "package-lock.json"), '{"lockfileVersion":3}');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("asks for npm ci until node_modules matches the lockfile, and needs the lockfile", () => {
        assert.strictEqual(installNeeded(dir), "it is not installed");
        fs.mkdirSync(path.join(dir, "node_modules", "@pulumi", "awsguard"), { recursive: true });
        fs.writeFileSync(path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json"), "{}");
        assert.match(installNeeded(dir) ?? "", /no install stamp/);
        fs.writeFileSync(path.join(dir, "node_modules", INSTALL_STAMP), lockHash(dir) + "\n");
        assert.strictEqual(installNeeded(dir), undefined);
        fs.writeFileSync(path.join(dir, "package-lock.json"), '{"lockfileVersion":3,"changed":true}');
        assert.strictEqual(installNeeded(dir), "its package-lock.json changed since the last install");
        fs.rmSync(path.join(dir, "package-lock.json"));
        assert.throws(() => installNeeded(dir), /has no package\.json or package-lock\.json/);
    });
});
