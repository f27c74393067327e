/**
 * The plan on the real program with the real pack: bad config exits 2, the same violation is
 * advisory in dev and blocks in prod, and the exception register waives, expires and rejects.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import YAML from "yaml";
import { runPlanCli, type CliRun } from "../support/cli";

const BAD_CONFIG = path.resolve(__dirname, "../fixtures/bad-config");
const NO_STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

const REPO = path.resolve(__dirname, "../..");

/** A project root that shares the repo's program and pack (symlinks) but has only the given stack files. */
function sandboxRoot(stacks: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "zt-sandbox-"));
    for (const entry of ["Pulumi.yaml", "index.ts", "tsconfig.json", "config", "components", "lambdas", "node_modules", "policy-pack"]) {
        fs.symlinkSync(path.join(REPO, entry), path.join(root, entry));
    }
    fs.mkdirSync(path.join(root, "stacks"));
    for (const file of fs.readdirSync(path.join(REPO, "stacks")).filter((f) => f.endsWith(".ts"))) {
        fs.symlinkSync(path.join(REPO, "stacks", file), path.join(root, "stacks", file));
    }
    for (const [name, text] of Object.entries(stacks)) fs.writeFileSync(path.join(root, "stacks", `Pulumi.${name}.yaml`), text);
    return root;
}

/** A repo stack file with the web tier opened to the whole internet on 8443. */
function exposed(stack: string): string {
    const doc = YAML.parse(fs.readFileSync(path.join(REPO, "stacks", `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, Record<string, unknown>> };
    doc.config["zt-landing-zone:network"].ingress = [{ tier: "web", port: 8443, sources: ["0.0.0.0/0"] }];
    return YAML.stringify(doc);
}

function register(yaml: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "zt-register-")), "exceptions.yaml");
    fs.writeFileSync(file, yaml);
    return file;
}

describe("plan: enforcement on the real stacks", () => {
    it("exits 2 on every bad-config case with its error line and no stack trace", async () => {
        const run = await runPlanCli(["--root", BAD_CONFIG]);
        assert.equal(run.code, 2);
        const expected = [
            'Stack "overlap" has 1 config error in stacks/Pulumi.overlap.yaml; nothing was declared.',
            '  - zt-landing-zone:network.peerRanges.onprem: got "10.0.0.0/8"; allowed: a range that does not overlap network.addressSpace 10.20.0.0/16; fix: pick a non-overlapping address space; overlapping ranges cannot be routed to each other',
            '  - zt-landing-zone:network.addressSpace: got "8.8.0.0/24"; allowed: an IPv4 CIDR in network form, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, prefix /8 to /22; fix: prefix /24 is out of range: use a prefix between /8 and /22',
            '  - zt-landing-zone:network.flows[0].to: got "dta"; allowed: a tier name (web, app, data); fix: use one of the tiers, or add "dta" under network.tiers with its own slot',
            "  - zt-landing-zone:network.flows[0].port: got 0; allowed: a whole number from 1 to 65535; fix: use the port the service listens on, between 1 and 65535",
            "  - zt-landing-zone:network.flows[0].port: got 70000; allowed: a whole number from 1 to 65535; fix: use the port the service listens on, between 1 and 65535",
            "  - zt-landing-zone:logging.retentionDays: got 90; allowed: at least 365 days in prod; fix: raise it to 365 or more, or leave it unset for the default of 365",
            '  - zt-landing-zone:cloud: got "oracle"; allowed: one of aws, azure, gcp; fix: use one of the allowed values (values are case-sensitive)',
            "  - zt-landing-zone:network.addressSpace: got (not set); allowed: a string; fix: this value is required: add it to the stack file",
        ];
        const lines = run.stderr.split("\n");
        for (const line of expected) assert.ok(lines.includes(line), `missing line:\n${line}\nin:\n${run.stderr}`);
        assert.doesNotMatch(run.stderr + run.stdout, NO_STACK_TRACE);
        assert.equal(run.stdout, "", "no report when no stack could be planned");
    });

    // A sandbox root whose stacks open the web tier to the internet on 8443: valid config (ingress
    // into an edge tier is allowed when spelled out), but a Zero Trust violation the pack must
    // report as advisory in dev and block in prod, whatever else the landing zone builds.
    describe("a config-provoked violation", () => {
        let root: string;
        const empty = register("exceptions: []\n");
        const waiver = register([
            "exceptions:",
            "  - id: EXC-TEST-001",
            "    policy: zt-aws-ec2-sg-open-ingress",
            '    resource: "network-in-internet-to-web-tcp-8443-*"',
            "    reason: partner integration until the private link is live",
            "    owner: platform-team",
            "    ticket: T-1",
            '    expires: "2026-12-31"',
            "",
        ].join("\n"));
        let dev: CliRun;
        let prod: CliRun;
        let waived: CliRun;
        let expired: CliRun;
        before(async () => {
            root = sandboxRoot({ "exposed-dev": exposed("aws-dev"), "exposed-prod": exposed("aws-prod") });
            [dev, prod, waived, expired] = await Promise.all([
                runPlanCli(["--root", root, "--stack", "exposed-dev"], { ZT_EXCEPTIONS_FILE: empty }),
                runPlanCli(["--root", root, "--stack", "exposed-prod"], { ZT_EXCEPTIONS_FILE: empty }),
                runPlanCli(["--root", root, "--stack", "exposed-prod"], { ZT_EXCEPTIONS_FILE: waiver, ZT_TODAY: "2026-11-23" }),
                runPlanCli(["--root", root, "--stack", "exposed-prod"], { ZT_EXCEPTIONS_FILE: waiver, ZT_TODAY: "2027-01-01" }),
            ]);
        });
        after(() => fs.rmSync(root, { recursive: true, force: true }));

        it("reports internet ingress on 8443 as advisory in dev (exit 0)", () => {
            assert.equal(dev.code, 0, dev.stdout + dev.stderr);
            assert.match(dev.stdout, /^ {2}\[advisory\] zt-aws-ec2-sg-open-ingress \(high\)$/m);
            assert.match(dev.stdout, /^Violations: 0 mandatory, /m);
        });

        it("blocks on the same violation in prod (exit 1), naming the rule resource", () => {
            assert.equal(prod.code, 1, prod.stdout + prod.stderr);
            assert.match(prod.stdout, /^ {2}\[mandatory\] zt-aws-ec2-sg-open-ingress \(high\)$/m);
            assert.match(prod.stdout, /^ {4}- network-in-internet-to-web-tcp-8443-0-0-0-0-0 \(aws:vpc\/securityGroupIngressRule:SecurityGroupIngressRule\) \[network\]: .* admits 0\.0\.0\.0\/0 \(anywhere\) on tcp\/8443/m);
            assert.match(prod.stdout, /^Violations: 1 mandatory, /m);
        });

        it("waives it with a valid exception, and blocks again once the exception has expired", () => {
            assert.equal(waived.code, 0, waived.stdout);
            assert.match(waived.stdout, /zt-aws-ec2-sg-open-ingress waived by exception "EXC-TEST-001" \(owner platform-team, /);
            assert.match(waived.stdout, /^ {2}- EXC-TEST-001: zt-aws-ec2-sg-open-ingress on .*; owner platform-team; expires 2026-12-31 \(38 days left\); used$/m);

            assert.equal(expired.code, 1, expired.stdout);
            assert.match(expired.stdout, /^ {2}\[mandatory\] zt-aws-ec2-sg-open-ingress \(high\)$/m);
            assert.match(expired.stdout, /^ {2}\[mandatory\] zt-any-governance-exception-register \(high\)$/m);
            assert.match(expired.stdout, /exception "EXC-TEST-001" expired on 2026-12-31/);
        });
    });

    it("exits 2 before planning when the register is malformed", async () => {
        const bad = register([
            "exceptions:",
            "  - id: EXC-1",
            "    policy: zt-any-network-flow-logs",
            '    resource: "network-vpc"',
            "    reason: no destination yet",
            "    ticket: T-1",
            '    expires: "2026-12-01"',
            "",
        ].join("\n"));
        const run = await runPlanCli(["--stack", "aws-dev"], { ZT_EXCEPTIONS_FILE: bad, ZT_TODAY: "2026-11-23" });
        assert.equal(run.code, 2);
        assert.match(run.stderr, /^The exception register .* is malformed, so no plan was run: .*EXC-1.*owner/m);
        assert.doesNotMatch(run.stderr, NO_STACK_TRACE);
    });
});

describe("plan: environment comes from the stack's config, not its name", () => {
    it("picks prod's pack config for a stack named 'sandbox' whose config says environment: prod", async () => {
        const root = sandboxRoot({ sandbox: exposed("aws-prod") });
        const json = path.join(root, "report.json");

        const run = await runPlanCli(["--root", root, "--stack", "sandbox", "--json", json]);
        const report = JSON.parse(fs.readFileSync(json, "utf8")) as { stacks: { environment: string; packConfigFile: string | null }[] };
        assert.deepEqual(
            { environment: report.stacks[0].environment, packConfigFile: report.stacks[0].packConfigFile },
            { environment: "prod", packConfigFile: path.join(root, "policy-pack", "config", "prod.json") },
        );
        // Prod's config makes the exposed port block; dev's would only advise.
        assert.equal(run.code, 1, run.stderr);
        fs.rmSync(root, { recursive: true, force: true });
    });
});
