/**
 * The GitHub Actions workflows: every file in .github/workflows passes every check of
 * workflow-checks.ts, the two delivery workflows have the shape the project relies on, and each
 * check fails, with its exact message, on a small workflow that breaks it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
    actionName, checkDeploys, checkPermissions, checkPinComments, checkPins, checkPolicyPack, checkSecrets, checkWorkflow, parseWorkflow,
    type Job, type Workflow,
} from "./workflow-checks";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, ".github", "workflows");
const FILES = fs.readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const read = (f: string): string => fs.readFileSync(path.join(DIR, f), "utf8");
const workflow = (f: string): Workflow => parseWorkflow(f, read(f));
const step = (job: Job, name: string) => {
    const found = (job.steps ?? []).find((s) => s.name === name);
    assert.ok(found, `no step "${name}"`);
    return found;
};
const usesOf = (job: Job): string[] => (job.steps ?? []).flatMap((s) => (s.uses ? [s.uses] : []));

/** A minimal passing workflow around `jobs`, so a bad case breaks exactly one rule. */
const wf = (jobs: string, top = "permissions: {}\n"): string => `name: t\non: push\n${top}jobs:\n${jobs}`;

describe("delivery: workflows", () => {
    it("has the pull-request and deploy workflows", () => {
        assert.deepStrictEqual(FILES, ["deploy.yml", "pull-request.yml"]);
    });

    for (const file of FILES) {
        it(`${file} passes every check`, () => {
            assert.deepStrictEqual(checkWorkflow(file, read(file)), []);
        });
    }

    it("pins each action to one SHA and release across all workflows", () => {
        const pins = new Map<string, Set<string>>();
        for (const file of FILES) {
            for (const m of read(file).matchAll(/uses:\s*([^\s@]+)@(\S+)\s*#\s*(v[\d.]+)/g)) {
                const key = m[1].toLowerCase();
                pins.set(key, (pins.get(key) ?? new Set()).add(`${m[2]} ${m[3]}`));
            }
        }
        assert.deepStrictEqual(Object.fromEntries([...pins].map(([k, v]) => [k, [...v]])), {
            "actions/checkout": ["08c6903cd8c0fde910a37f88322edcfb5dd907a8 v5.0.0"],
            "actions/setup-node": ["2028fbc5c25fe9cf00d9f06a71cc4710d4507903 v6.0.0"],
            "actions/upload-artifact": ["bbbca2ddaa5d8feaa63e36b76fdaad77386f024f v7.0.0"],
            "github/codeql-action/upload-sarif": ["89a39a4e59826350b863aa6b6252a07ad50cf83e v4.32.4"],
            "pulumi/actions": ["8e5e406f4007fca908480587cb9893c07090f58d v7.0.0"],
            "aws-actions/configure-aws-credentials": ["e6de054238d6b7531b4efff3b6587d9aade6a06c v6.2.3"],
            "azure/login": ["532459ea530d8321f2fb9bb10d1e0bcf23869a43 v3.0.0"],
            "google-github-actions/auth": ["7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 v3.0.0"],
        });
    });

    it("installs the Pulumi CLI at the version of @pulumi/pulumi the program uses", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { overrides: Record<string, string> };
        for (const file of FILES) {
            for (const [name, job] of Object.entries(workflow(file).jobs)) {
                for (const s of (job.steps ?? []).filter((s) => s.uses && actionName(s.uses) === "pulumi/actions")) {
                    assert.strictEqual(String(s.with?.["pulumi-version"]), pkg.overrides["@pulumi/pulumi"], `${file} job ${name}`);
                }
            }
        }
    });

    it("never mentions a passphrase: the stacks use cloud KMS secrets providers", () => {
        for (const file of FILES) assert.doesNotMatch(JSON.stringify(workflow(file)), /PASSPHRASE/i, file);
    });

    describe("pull-request.yml", () => {
        const pr = workflow("pull-request.yml");

        it("runs on pull requests to main with test, plan and preview jobs and nothing granted by default", () => {
            assert.deepStrictEqual(pr.on, { pull_request: { branches: ["main"] } });
            assert.deepStrictEqual(pr.permissions, {});
            assert.deepStrictEqual(Object.keys(pr.jobs), ["test", "plan", "preview"]);
        });

        it("tests with read-only contents and no credentials", () => {
            const test = pr.jobs.test;
            assert.deepStrictEqual(test.permissions, { contents: "read" });
            assert.deepStrictEqual((test.steps ?? []).map((s) => s.run ?? actionName(s.uses ?? "")), ["actions/checkout", "actions/setup-node", "npm ci --no-audit --no-fund", "npm test"]);
            assert.deepStrictEqual(test.steps?.[1].with, { "node-version": 20, cache: "npm" });
        });

        it("plans every stack and the bootstrap project, and uploads the reports whatever the plans returned", () => {
            const plan = pr.jobs.plan;
            assert.deepStrictEqual(plan.permissions, { contents: "read", "security-events": "write", actions: "read" });
            assert.strictEqual(step(plan, "Plan every stack").run, "npm run plan -- --json plan.json --sarif plan.sarif");
            assert.strictEqual(step(plan, "Plan every stack").if, undefined, "a violation fails the step, and so the job");
            const boot = step(plan, "Plan the bootstrap project");
            assert.strictEqual(boot.run, "npm run plan -- --root bootstrap --json bootstrap-plan.json --sarif bootstrap-plan.sarif");
            assert.strictEqual(boot.if, "${{ !cancelled() && steps.install.outcome == 'success' }}");
            const artifact = step(plan, "Upload the plan reports");
            assert.strictEqual(artifact.if, "always()");
            assert.deepStrictEqual(artifact.with, { name: "plan-reports", path: "plan.json\nbootstrap-plan.json\n", "if-no-files-found": "warn" });
            const sarif = (plan.steps ?? []).filter((s) => s.uses && actionName(s.uses) === "github/codeql-action/upload-sarif");
            assert.deepStrictEqual(sarif.map((s) => [s.if, s.with]), [
                ["${{ always() && hashFiles('plan.sarif') != '' && github.event.pull_request.head.repo.full_name == github.repository }}", { sarif_file: "plan.sarif", category: "zt-plan-stacks" }],
                ["${{ always() && hashFiles('bootstrap-plan.sarif') != '' && github.event.pull_request.head.repo.full_name == github.repository }}", { sarif_file: "bootstrap-plan.sarif", category: "zt-plan-bootstrap" }],
            ]);
        });

        it("previews only the stacks listed in ZT_PREVIEW_STACKS, each in its environment, with the only id-token grant", () => {
            const preview = pr.jobs.preview;
            assert.strictEqual(preview.if, "github.event.pull_request.head.repo.full_name == github.repository && fromJSON(vars.ZT_PREVIEW_STACKS || '[]')[0] != null");
            assert.deepStrictEqual(preview.strategy, { "fail-fast": false, matrix: { include: "${{ fromJSON(vars.ZT_PREVIEW_STACKS || '[]') }}" } });
            assert.strictEqual(preview.environment, "${{ matrix.environment }}");
            assert.strictEqual(preview["runs-on"], "${{ matrix.runner || 'ubuntu-latest' }}", "a stack with private endpoints names a runner in its network");
            assert.deepStrictEqual(preview.permissions, { contents: "read", "id-token": "write" });
            assert.deepStrictEqual(Object.entries(pr.jobs).filter(([, j]) => (j.permissions as Record<string, string>)?.["id-token"]).map(([n]) => n), ["preview"]);
            assert.strictEqual(step(preview, "Preview").run, 'npm run preview -- --stack "$STACK"');
        });
    });

    describe("deploy.yml", () => {
        const deploy = workflow("deploy.yml");

        it("runs on pushes to main and by hand, tests first, then dev, then prod", () => {
            assert.deepStrictEqual(deploy.on, { push: { branches: ["main"] }, workflow_dispatch: null });
            assert.deepStrictEqual(deploy.permissions, {});
            assert.deepStrictEqual(Object.fromEntries(Object.entries(deploy.jobs).map(([n, j]) => [n, j.needs ?? null])), { test: null, "deploy-dev": "test", "deploy-prod": "deploy-dev" });
        });

        for (const [job, stage, env] of [["deploy-dev", "dev", "'dev'"], ["deploy-prod", "prod", "'prod'"]] as const) {
            it(`${job}: the ${stage} stacks of ZT_DEPLOY_STACKS, from main only, in ${env}, one update per stack, keyless`, () => {
                const j = deploy.jobs[job];
                assert.strictEqual(j.if, `github.ref == 'refs/heads/main' && fromJSON(vars.ZT_DEPLOY_STACKS || '{}').${stage}[0] != null`);
                assert.deepStrictEqual(j.strategy, { "fail-fast": false, matrix: { include: `\${{ fromJSON(vars.ZT_DEPLOY_STACKS).${stage} }}` } });
                assert.strictEqual(j.environment, `\${{ matrix.environment || ${env} }}`);
                assert.strictEqual(j["runs-on"], "${{ matrix.runner || 'ubuntu-latest' }}", "a stack with private endpoints names a runner in its network");
                assert.deepStrictEqual(j.concurrency, { group: "pulumi-${{ matrix.stack }}", "cancel-in-progress": false });
                assert.deepStrictEqual(j.permissions, { contents: "read", "id-token": "write" });
                assert.strictEqual(step(j, "Deploy").run, 'npm run up -- --stack "$STACK" --yes');
                assert.deepStrictEqual(step(j, "Log in to AWS").with, {
                    "role-to-assume": "${{ vars.AWS_DEPLOY_ROLE_ARN }}",
                    "aws-region": "${{ vars.AWS_REGION }}",
                    "role-session-name": "zt-deploy-${{ matrix.stack }}-${{ github.run_id }}",
                    "role-duration-seconds": 3600,
                });
                assert.deepStrictEqual(step(j, "Log in to Azure").with, {
                    "client-id": "${{ vars.AZURE_CLIENT_ID }}", "tenant-id": "${{ vars.AZURE_TENANT_ID }}", "subscription-id": "${{ vars.AZURE_SUBSCRIPTION_ID }}",
                });
                assert.deepStrictEqual(step(j, "Log in to Google Cloud").with, {
                    workload_identity_provider: "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}", service_account: "${{ vars.GCP_DEPLOY_SERVICE_ACCOUNT }}",
                });
            });
        }

        it("gives the deploy jobs the same steps, and the same cloud logins as the preview", () => {
            const shape = (j: Job) => (j.steps ?? []).map((s) => [s.name ?? actionName(s.uses ?? ""), s.if ?? null]);
            assert.deepStrictEqual(shape(deploy.jobs["deploy-prod"]), shape(deploy.jobs["deploy-dev"]));
            const preview = workflow("pull-request.yml").jobs.preview;
            assert.deepStrictEqual(usesOf(preview), usesOf(deploy.jobs["deploy-dev"]));
            assert.deepStrictEqual(preview.env, deploy.jobs["deploy-dev"].env);
        });
    });

    describe("each check fails on a workflow that breaks it", () => {
        const parsed = (jobs: string, top?: string): Workflow => parseWorkflow("bad.yml", wf(jobs, top));

        it("policy pack: a bare pulumi preview or up, and pulumi/actions without the pack", () => {
            const bad = parsed(`  x:
    runs-on: ubuntu-latest
    steps:
      - name: up
        run: pulumi up --yes --stack aws-dev
      - name: preview
        run: |
          pulumi preview --stack aws-prod \\
            --policy-pack policy-pack
      - name: ok
        run: pulumi preview --stack aws-dev --policy-pack policy-pack --policy-pack-config policy-pack/config/dev.json && npm run up -- --stack aws-dev
      - name: action
        uses: pulumi/actions@8e5e406f4007fca908480587cb9893c07090f58d
        with:
          command: up
          policyPacks: policy-pack
`);
            assert.deepStrictEqual(checkPolicyPack(bad), [
                `bad.yml: job "x" step "up": runs "pulumi up" without --policy-pack and --policy-pack-config; use npm run up, which always passes the policy pack and the environment's pack config`,
                `bad.yml: job "x" step "preview": runs "pulumi preview" without --policy-pack-config; use npm run preview, which always passes the policy pack and the environment's pack config`,
                `bad.yml: job "x" step "action": runs pulumi/actions command "up" without policyPackConfigs`,
            ]);
        });

        it("secrets: secrets.* references, credential env vars and key inputs, anywhere in the file", () => {
            const bad = parsed(`  x:
    runs-on: ubuntu-latest
    env:
      PULUMI_CONFIG_PASSPHRASE: \${{ secrets.PASSPHRASE }}
    steps:
      - name: fine
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
        run: cat secrets.txt
      - name: aws keys
        uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c
        with:
          aws-access-key-id: \${{ vars.KEY_ID }}
          aws-secret-access-key: \${{ secrets['AWS_SECRET'] }}
      - name: azure creds
        uses: Azure/login@532459ea530d8321f2fb9bb10d1e0bcf23869a43
        with:
          creds: \${{ toJSON(secrets) }}
      - name: gcp key
        uses: google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093
        with:
          credentials_json: x
        env:
          AWS_ACCESS_KEY_ID: a
          AZURE_CLIENT_SECRET: b
          GOOGLE_CREDENTIALS: c
          DB_PASSWORD_FILE: d
          ARM_ACCESS_KEY: e
  y:
    uses: ./.github/workflows/reusable.yml
    secrets: inherit
`, "permissions: {}\nenv:\n  TOP: ${{ secrets.TOP }}\n");
            assert.deepStrictEqual(checkSecrets(bad), [
                `bad.yml: top level: references secrets.TOP; only secrets.GITHUB_TOKEN is allowed (log in with OIDC, and read identifiers from vars.*)`,
                `bad.yml: job "x": references secrets.PASSPHRASE; only secrets.GITHUB_TOKEN is allowed (log in with OIDC, and read identifiers from vars.*)`,
                `bad.yml: job "x": sets env PULUMI_CONFIG_PASSPHRASE, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "aws keys": references secrets.AWS_SECRET; only secrets.GITHUB_TOKEN is allowed (log in with OIDC, and read identifiers from vars.*)`,
                `bad.yml: job "x" step "aws keys": passes aws-access-key-id to aws-actions/configure-aws-credentials, a long-lived access key; use role-to-assume with OIDC`,
                `bad.yml: job "x" step "aws keys": passes aws-secret-access-key to aws-actions/configure-aws-credentials, a long-lived access key; use role-to-assume with OIDC`,
                `bad.yml: job "x" step "azure creds": references secrets.<whole context>; only secrets.GITHUB_TOKEN is allowed (log in with OIDC, and read identifiers from vars.*)`,
                `bad.yml: job "x" step "azure creds": passes creds to azure/login, a client secret; use client-id, tenant-id and subscription-id with OIDC`,
                `bad.yml: job "x" step "gcp key": sets env AWS_ACCESS_KEY_ID, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "gcp key": sets env AZURE_CLIENT_SECRET, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "gcp key": sets env GOOGLE_CREDENTIALS, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "gcp key": sets env DB_PASSWORD_FILE, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "gcp key": sets env ARM_ACCESS_KEY, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "x" step "gcp key": passes credentials_json, a service-account key; use workload_identity_provider and service_account`,
                `bad.yml: job "y": passes secrets to a reusable workflow (secrets: inherit); keyless jobs pass none`,
            ]);
        });

        it("permissions: missing or broad at the top, write-all, and writes no step needs", () => {
            assert.deepStrictEqual(checkPermissions(parsed("  x:\n    runs-on: ubuntu-latest\n    steps: [{ run: 'true' }]\n", "")), [
                `bad.yml: top level: no permissions block, so jobs get the repository's default token permissions; set permissions: {} (or contents: read)`,
            ]);
            assert.deepStrictEqual(checkPermissions(parsed("  x:\n    runs-on: ubuntu-latest\n    steps: [{ run: 'true' }]\n", "permissions: read-all\n")), [
                `bad.yml: top level: permissions: read-all; use {} or contents: read, and grant more per job`,
            ]);
            const bad = parsed(`  a:
    runs-on: ubuntu-latest
    permissions: write-all
    steps: [{ run: 'true' }]
  b:
    runs-on: ubuntu-latest
    permissions:
      contents: write
      id-token: write
      security-events: write
      actions: read
    steps: [{ run: 'npm run plan' }]
  c:
    runs-on: ubuntu-latest
    environment: dev
    permissions:
      id-token: write
      security-events: write
    steps:
      - uses: azure/login@532459ea530d8321f2fb9bb10d1e0bcf23869a43
      - uses: github/codeql-action/upload-sarif@89a39a4e59826350b863aa6b6252a07ad50cf83e
`, "permissions:\n  contents: read\n  id-token: write\n");
            assert.deepStrictEqual(checkPermissions(bad), [
                `bad.yml: top level: grants id-token: write; the top level may grant only contents: read, each job adds what it needs`,
                `bad.yml: job "a": permissions: write-all; list only the permissions the job needs`,
                `bad.yml: job "b": grants contents: write; only id-token (cloud login) and security-events (SARIF upload) may be write`,
                `bad.yml: job "b": grants id-token: write but logs into no cloud (aws-actions/configure-aws-credentials, azure/login, google-github-actions/auth)`,
                `bad.yml: job "b": grants security-events: write but uploads no SARIF (github/codeql-action/upload-sarif)`,
            ]);
        });

        it("pins: tags, branches, short SHAs and undigested images fail; local actions pass", () => {
            const bad = parsed(`  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-node@2028fbc
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
      - uses: actions/upload-artifact@main
  y:
    uses: org/repo/.github/workflows/w.yml@v1
`);
            assert.deepStrictEqual(checkPins(bad), [
                `bad.yml: job "x" step "actions/checkout@v5": uses actions/checkout@v5, not pinned to a full 40-character commit SHA`,
                `bad.yml: job "x" step "actions/setup-node@2028fbc": uses actions/setup-node@2028fbc, not pinned to a full 40-character commit SHA`,
                `bad.yml: job "x" step "docker://alpine:3.20": uses docker://alpine:3.20, not pinned to an image digest (@sha256:...)`,
                `bad.yml: job "x" step "actions/upload-artifact@main": uses actions/upload-artifact@main, not pinned to a full 40-character commit SHA`,
                `bad.yml: job "y": uses org/repo/.github/workflows/w.yml@v1, not pinned to a full 40-character commit SHA`,
            ]);
            assert.deepStrictEqual(checkPinComments("bad.yml", [
                "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8",
                "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5",
                "      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0",
                "        uses: ./.github/actions/local",
            ].join("\n")), [
                `bad.yml: line 1: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 has no "# vX.Y.Z" comment naming the release its SHA pins`,
                `bad.yml: line 2: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 has no "# vX.Y.Z" comment naming the release its SHA pins`,
            ]);
        });

        it("deploys: prod before or beside dev, outside environments, without concurrency, untested", () => {
            const login = "      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c\n";
            const bad = parsed(`  test:
    runs-on: ubuntu-latest
    steps: [{ run: npm run test:unit }]
  deploy-dev:
    runs-on: ubuntu-latest
    needs: test
    environment: dev
    concurrency: { group: "pulumi-dev", cancel-in-progress: true }
    steps:
${login}      - run: npm run up -- --stack aws-dev --yes
  deploy-prod:
    runs-on: ubuntu-latest
    needs: test
    steps:
${login}      - run: npm run up -- --stack aws-prod --yes
  deploy:
    runs-on: ubuntu-latest
    environment: { name: x }
    concurrency: stacks
    steps: [{ run: npm run up -- --stack gcp-dev }]
`);
            assert.deepStrictEqual(checkDeploys(bad), [
                `bad.yml: job "deploy-prod": logs into a cloud outside a GitHub environment; the deploy identities trust only repo:<repo>:environment:<env> tokens`,
                `bad.yml: job "deploy-dev": cancel-in-progress: true would interrupt a running pulumi up and leave the stack locked`,
                `bad.yml: job "deploy-dev": can deploy untested code; it must need (directly or through needs) a job that runs npm test`,
                `bad.yml: job "deploy-prod": deploys outside a GitHub environment; prod needs a protected environment with required reviewers`,
                `bad.yml: job "deploy-prod": deploys without a concurrency group; two runs could update the same stack at once`,
                `bad.yml: job "deploy-prod": can deploy untested code; it must need (directly or through needs) a job that runs npm test`,
                `bad.yml: job "deploy-prod": deploys prod without needing "deploy-dev"; dev must deploy first`,
                `bad.yml: job "deploy": deploys, but its id names neither dev nor prod; name it deploy-dev or deploy-prod so the order can be checked`,
                `bad.yml: job "deploy": can deploy untested code; it must need (directly or through needs) a job that runs npm test`,
            ]);
            const prodOnly = parsed(`  t:
    runs-on: ubuntu-latest
    steps: [{ run: npm test }]
  up-prod:
    runs-on: ubuntu-latest
    needs: t
    environment: prod
    concurrency: pulumi-prod
    steps: [{ run: pulumi up --policy-pack p --policy-pack-config c }]
`);
            assert.deepStrictEqual(checkDeploys(prodOnly), [`bad.yml: job "up-prod": deploys prod, but no dev deploy job runs first`]);
        });

        it("checkWorkflow runs every check, and rejects a file that is not a workflow", () => {
            const bad = wf(`  deploy-dev:
    runs-on: ubuntu-latest
    environment: dev
    needs: t
    permissions: { pull-requests: write }
    steps:
      - uses: actions/checkout@v5
        env: { API_KEY: x }
      - run: pulumi up
  t:
    runs-on: ubuntu-latest
    steps: [{ run: npm test }]
`);
            assert.deepStrictEqual(checkWorkflow("bad.yml", bad), [
                `bad.yml: job "deploy-dev" step "#2": runs "pulumi up" without --policy-pack and --policy-pack-config; use npm run up, which always passes the policy pack and the environment's pack config`,
                `bad.yml: job "deploy-dev" step "actions/checkout@v5": sets env API_KEY, a long-lived credential; log in with OIDC instead`,
                `bad.yml: job "deploy-dev": grants pull-requests: write; only id-token (cloud login) and security-events (SARIF upload) may be write`,
                `bad.yml: job "deploy-dev" step "actions/checkout@v5": uses actions/checkout@v5, not pinned to a full 40-character commit SHA`,
                `bad.yml: line 11: actions/checkout@v5 has no "# vX.Y.Z" comment naming the release its SHA pins`,
                `bad.yml: job "deploy-dev": deploys without a concurrency group; two runs could update the same stack at once`,
            ]);
            assert.throws(() => checkWorkflow("notes.yml", "just: text\n"), { message: "notes.yml: not a GitHub Actions workflow (no jobs map)" });
        });
    });
});
