/**
 * The bootstrap's config validation: the four stack files (AWS: one per account, and so per
 * environment; Azure and GCP: one per cloud) resolve to exactly the intended settings, and every kind of mistake is reported with its `zt-bootstrap:` path, the value given,
 * what is allowed and the fix, all at once and in the plan's message shape.
 */
import { strict as assert } from "assert";
import { readStackConfig } from "../../config/stack-file";
import { validateBootstrapConfig, type Bootstrap } from "../../bootstrap/config";
import { validatorFor } from "../../plan/plan-stack";
import { BOOTSTRAP_ROOT } from "../support/graphs";

const NS = "zt-bootstrap";
const stackConfig = (stack: string) => readStackConfig(stack, BOOTSTRAP_ROOT).config;
/** The aws-prod stack's config with `changes` merged over it; `undefined` removes a key. */
const awsWith = (changes: Record<string, unknown>): Record<string, string> => {
    const config: Record<string, string> = { ...stackConfig("aws-prod") };
    for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete config[`${NS}:${key}`];
        else config[`${NS}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return config;
};
const resolved = (config: Record<string, string>): Bootstrap => {
    const result = validateBootstrapConfig(config);
    assert.ok(result.ok, result.ok ? "" : JSON.stringify(result.issues, null, 2));
    return result.bootstrap;
};
const issuesOf = (config: Record<string, string>) => {
    const result = validateBootstrapConfig(config);
    assert.equal(result.ok, false, "the config is rejected");
    return result.ok ? [] : result.issues;
};
/** What every shipped bootstrap stack resolves to besides its cloud's section: Pulumi.yaml's prefix and owner, and the defaults. */
const shippedDefaults = (environments: string[]) => ({ prefix: "zt", owner: "platform-team", environments, landingZoneStacks: {}, deletionProtection: true, tags: {} });
const SUB = "00000000-0000-4000-8000-000000000002";
const RUNNERS_RG = `/subscriptions/${SUB}/resourceGroups/zt-runners-rg/providers/Microsoft.Network`;

describe("bootstrap config: the stack files", () => {
    it("reads the project-level prefix and owner into the bootstrap's own namespace, one environment and account per AWS stack", () => {
        const aws = (env: string, accountId: string) => ({
            "zt-bootstrap:prefix": "zt",
            "zt-bootstrap:owner": "platform-team",
            "zt-bootstrap:cloud": "aws",
            "zt-bootstrap:environments": JSON.stringify([env]),
            "zt-bootstrap:aws": JSON.stringify({ region: "eu-west-1", accountId }),
        });
        assert.deepEqual([stackConfig("aws-dev"), stackConfig("aws-prod")], [aws("dev", "210987654321"), aws("prod", "123456789012")]);
    });

    for (const [stack, env, accountId] of [["aws-dev", "dev", "210987654321"], ["aws-prod", "prod", "123456789012"]] as const) {
        it(`resolves ${stack} with ${env} alone in account ${accountId}, protection, 30-day governance lock and the default roles`, () => {
            assert.deepEqual(resolved(stackConfig(stack)), {
                ...shippedDefaults([env]),
                cloud: "aws",
                aws: {
                    region: "eu-west-1",
                    accountId,
                    objectLockDays: 30,
                    administratorRoles: ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"],
                    stateUsers: {},
                },
            });
        });
    }

    it("resolves azure in the prod subscription, private, with the admins group", () => {
        assert.deepEqual(resolved(stackConfig("azure")), {
            ...shippedDefaults(["dev", "prod"]),
            cloud: "azure",
            azure: {
                location: "westeurope",
                subscriptionId: SUB,
                tenantId: "00000000-0000-4000-8000-0000000000aa",
                keyAdministrators: { "platform-admins": { principalId: "00000000-0000-4000-8000-0000000000b1", principalType: "Group" } },
                privateEndpoints: {
                    subnetId: `${RUNNERS_RG}/virtualNetworks/zt-runners-vnet/subnets/endpoints`,
                    blobDnsZoneId: `${RUNNERS_RG}/privateDnsZones/privatelink.blob.core.windows.net`,
                    vaultDnsZoneId: `${RUNNERS_RG}/privateDnsZones/privatelink.vaultcore.azure.net`,
                },
                allowPublicNetworkAccess: false,
                deleteRetentionDays: 30,
            },
        });
    });

    it("resolves gcp in the prod project and region", () => {
        assert.deepEqual(resolved(stackConfig("gcp")), {
            ...shippedDefaults(["dev", "prod"]),
            cloud: "gcp",
            gcp: { project: "zt-landing-zone-prod", region: "europe-west1" },
        });
    });

    it("takes the loosening flag and state users when given, and both environments in one AWS account (a sandbox) or by default", () => {
        const b = resolved(awsWith({ environments: ["dev", "prod"], deletionProtection: "false", aws: { region: "eu-west-1", accountId: "123456789012", stateUsers: { prod: ["ci-prod"] } } }));
        assert.deepEqual([b.environments, b.deletionProtection, b.cloud === "aws" && b.aws.stateUsers], [["dev", "prod"], false, { prod: ["ci-prod"] }]);
        assert.deepEqual(resolved(awsWith({ environments: undefined })).environments, ["dev", "prod"]);
    });
});

describe("bootstrap config: errors", () => {
    it("rejects an unknown cloud", () => {
        assert.deepEqual(issuesOf(awsWith({ cloud: "mars" })), [
            { path: `${NS}:cloud`, value: '"mars"', allowed: "one of aws, azure, gcp", fix: "use one of the allowed values (values are case-sensitive)" },
        ]);
    });

    it("rejects an unknown environment and a repeated one", () => {
        assert.deepEqual(issuesOf(awsWith({ environments: ["dev", "qa", "dev"] })), [
            { path: `${NS}:environments[1]`, value: '"qa"', allowed: "one of dev, prod", fix: "use one of the allowed values (values are case-sensitive)" },
            { path: `${NS}:environments[2]`, value: '"dev"', allowed: "each environment once", fix: 'remove the second "dev"' },
        ]);
    });

    it("collects every error of a file at once: unknown key, empty environments, a non-boolean flag, a reserved tag", () => {
        assert.deepEqual(issuesOf(awsWith({ envs: "x", environments: [], deletionProtection: "maybe", tags: { owner: "x" } })), [
            {
                path: `${NS}:envs`,
                value: '"x"',
                allowed: "one of the settings cloud, prefix, owner, environments, deletionProtection, landingZoneStacks, tags, aws, azure, gcp",
                fix: 'remove "envs" or check its spelling against bootstrap/README.md',
            },
            { path: `${NS}:environments`, value: "[]", allowed: "at least 1 item(s)", fix: "change it to at least 1 item(s)" },
            { path: `${NS}:deletionProtection`, value: '"maybe"', allowed: "a boolean", fix: "give a boolean here" },
            { path: `${NS}:tags.owner`, value: '"x"', allowed: "a key other than owner, environment, managed-by, data-classification", fix: "remove it: the bootstrap sets that tag itself" },
        ]);
    });

    it("requires the chosen cloud's section and no other", () => {
        assert.deepEqual(issuesOf(awsWith({ cloud: "azure" })), [
            { path: `${NS}:azure`, value: "(not set)", allowed: 'the azure section (cloud is "azure")', fix: 'add a "azure:" mapping with at least its required settings (see bootstrap/README.md)' },
            { path: `${NS}:aws`, value: JSON.stringify({ region: "eu-west-1", accountId: "123456789012" }), allowed: 'no aws section when cloud is "azure"', fix: 'remove the aws section or change cloud to "aws"' },
        ]);
    });

    it("requires the AWS account id, and rejects a malformed one, ARNs as role patterns and users of an unconfigured environment", () => {
        assert.deepEqual(issuesOf(awsWith({ aws: { region: "eu-west-1" } })), [
            { path: `${NS}:aws.accountId`, value: "(not set)", allowed: "a string", fix: "this value is required: add it to the stack file" },
        ]);
        const arn = "arn:aws:iam::1:role/x";
        assert.deepEqual(issuesOf(awsWith({ environments: ["prod"], aws: { region: "eu-west-1", accountId: "12345", stateUsers: { prod: ["ok"], dev: [arn] } } })), [
            { path: `${NS}:aws.accountId`, value: '"12345"', allowed: "12 digits, e.g. 123456789012", fix: "not an AWS account id: copy it from `aws sts get-caller-identity --query Account`" },
            {
                path: `${NS}:aws.stateUsers.dev[0]`,
                value: JSON.stringify(arn),
                allowed: "what follows role/ in the role's ARN, with * wildcards, e.g. aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*",
                fix: "not an IAM role-name pattern: write the role's path and name without arn:aws:iam::<account>:role/",
            },
            { path: `${NS}:aws.stateUsers.dev`, value: JSON.stringify([arn]), allowed: "an environment in environments (prod)", fix: 'remove "dev" or add it to environments' },
        ]);
    });

    it("requires Azure ids, a key administrator, and private endpoints unless public access is chosen", () => {
        const azure = { location: "westeurope", subscriptionId: "nope", tenantId: "00000000-0000-4000-8000-0000000000aa", keyAdministrators: {} };
        assert.deepEqual(issuesOf(awsWith({ cloud: "azure", aws: undefined, azure })), [
            {
                path: `${NS}:azure.subscriptionId`,
                value: '"nope"',
                allowed: "a GUID, 8-4-4-4-12 hex digits, e.g. 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
                fix: "not a subscription id: copy the subscription id from the Azure portal (Subscriptions) or `az account show --query id`",
            },
            { path: `${NS}:azure.keyAdministrators`, value: "{}", allowed: "at least one principal", fix: "no key administrator: add the group or user that runs the bootstrap" },
            {
                path: `${NS}:azure.privateEndpoints`,
                value: "(not set)",
                allowed: "a subnet and privatelink zones for the private endpoints, unless allowPublicNetworkAccess is true",
                fix: "give the subnet your runners deploy from and its privatelink.blob.core.windows.net and privatelink.vaultcore.azure.net zones, or set allowPublicNetworkAccess: true (the pack then reports the open endpoints)",
            },
        ]);
        const open = resolved(awsWith({ cloud: "azure", aws: undefined, azure: { ...azure, subscriptionId: SUB.toUpperCase(), keyAdministrators: { a: { principalId: SUB, principalType: "User" } }, allowPublicNetworkAccess: true } }));
        assert.deepEqual(open.cloud === "azure" && [open.azure.subscriptionId, open.azure.allowPublicNetworkAccess], [SUB, true]);
    });

    it("requires the GCP project", () => {
        assert.deepEqual(issuesOf(awsWith({ cloud: "gcp", aws: undefined, gcp: { region: "europe-west1" } })), [
            { path: `${NS}:gcp.project`, value: "(not set)", allowed: "a string", fix: "this value is required: add it to the stack file" },
        ]);
    });
});

describe("bootstrap config: what the plan does with it", () => {
    it("judges a valid bootstrap stack as prod with the bootstrap's pack config", () => {
        for (const stack of ["aws-dev", "aws-prod", "azure", "gcp"]) {
            assert.deepEqual(validatorFor("zt-bootstrap")(stack, stackConfig(stack)), { ok: true, environment: "bootstrap" }, stack);
        }
    });

    it("prints a bad bootstrap stack's errors in the plan's shape, pointing to the bootstrap's reference", () => {
        assert.deepEqual(validatorFor("zt-bootstrap")("aws-prod", awsWith({ cloud: "mars" })), {
            ok: false,
            message: [
                'Stack "aws-prod" has 1 config error in stacks/Pulumi.aws-prod.yaml; nothing was declared.',
                '  - zt-bootstrap:cloud: got "mars"; allowed: one of aws, azure, gcp; fix: use one of the allowed values (values are case-sensitive)',
                "See bootstrap/README.md for every setting and its default.",
            ].join("\n"),
        });
    });

    it("validates every other project as the landing zone, exactly as before", () => {
        const bad = { "zt-landing-zone:cloud": "mars", "zt-landing-zone:environment": "dev" };
        for (const project of ["zt-landing-zone", "fixture"]) {
            const verdict = validatorFor(project)("bad-dev", bad);
            assert.equal(verdict.ok, false);
            const message = verdict.ok ? "" : verdict.message;
            assert.match(message, /^Stack "bad-dev" has \d+ config errors in stacks\/Pulumi\.bad-dev\.yaml; nothing was declared\.\n/);
            assert.match(message, /\n  - zt-landing-zone:cloud: got "mars"; allowed: one of aws, azure, gcp; fix: /);
            assert.match(message, /\nSee docs\/configuration\.md for every setting and its default\.$/);
        }
        const prod = readStackConfig("aws-prod").config;
        assert.deepEqual(validatorFor("zt-landing-zone")("aws-prod", prod), { ok: true, environment: "prod" });
    });
});
