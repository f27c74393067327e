import { strict as assert } from "assert";
import { resolveKubernetes } from "../../config/kubernetes";
import { listStacks, readStackConfig, PROJECT } from "../../config/stack-file";
import { formatIssues, validateConfigMap, type ConfigIssue } from "../../config/validate";

/** A minimal valid AWS intent in wire form; each case changes one thing. */
function base(overrides: Record<string, unknown> = {}, drop: string[] = []): Record<string, string> {
    const raw: Record<string, unknown> = {
        cloud: "aws",
        environment: "prod",
        prefix: "zt",
        owner: "platform-team",
        network: { addressSpace: "10.20.0.0/16" },
        admin: { groups: ["admins"] },
        ci: { repository: "example-org/zt-landing-zone" },
        aws: { region: "eu-west-1" },
        ...overrides,
    };
    for (const key of drop) delete raw[key];
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${PROJECT}:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
}

function issuesOf(config: Record<string, string>): ConfigIssue[] {
    const result = validateConfigMap(config);
    assert.equal(result.ok, false, "expected the config to be rejected");
    return result.ok ? [] : result.issues;
}

describe("config validation", () => {
    it("accepts the minimal intent and applies every documented default", () => {
        const result = validateConfigMap(base());
        assert.ok(result.ok);
        assert.deepEqual(result.intent, {
            cloud: "aws",
            environment: "prod",
            prefix: "zt",
            owner: "platform-team",
            tags: {},
            network: {
                addressSpace: "10.20.0.0/16",
                tierPrefixLength: 19,
                subnetPrefixLength: 21,
                tiers: { web: { slot: 0, edge: true }, app: { slot: 1, edge: false }, data: { slot: 2, edge: false } },
                flows: [
                    { from: "web", to: "app", port: 8080, protocol: "tcp", key: "web-to-app-tcp-8080" },
                    { from: "app", to: "data", port: 5432, protocol: "tcp", key: "app-to-data-tcp-5432" },
                ],
                ingress: [],
                peerRanges: {},
            },
            admin: { groups: ["admins"], maxElevationMinutes: 60 },
            logging: { retentionDays: 365 },
            data: { classificationLevels: ["public", "internal", "confidential", "restricted"], defaultClassification: "confidential", deletionProtection: true },
            ci: { repository: "example-org/zt-landing-zone", environment: "prod", maxSessionMinutes: 60, deployIdentity: "bootstrap" },
            // The full Kubernetes defaults are asserted in kubernetes.test.ts; prod builds EKS, so the baseline is on.
            kubernetes: resolveKubernetes(undefined, "prod", { clusterBuilt: true, repository: "example-org/zt-landing-zone" }),
            aws: {
                region: "eu-west-1",
                zones: ["a", "b"],
                organization: undefined,
                allowedRegions: ["eu-west-1"],
                trustedSourceCidrs: [],
                keyAdministratorRoles: [],
                identityCenter: {
                    instanceArn: undefined,
                    identityStoreId: undefined,
                    readOnlyGroups: [],
                    developerGroups: [],
                    sessionMinutes: { readOnly: 480, developer: 240, admin: 60 },
                },
                nat: "per-zone",
                egressFirewall: { enabled: true, allowedDomains: [".amazonaws.com"] },
                egressSlot: 7,
                buckets: { data: { classification: "confidential" } },
                secrets: { "app-database": { description: "Credentials the app tier uses for its database; rotated by the workload, never set in config." } },
                repositories: { app: { keepImages: 30 } },
                eks: { enabled: true, version: "1.33", instanceTypes: ["m7i.large"], nodes: { min: 2, desired: 2, max: 4 } },
                alertEmails: [],
                glacierAfterDays: 90,
            },
        });
    });

    it("resolves the AWS per-environment defaults from the environment, not from components", () => {
        const result = validateConfigMap(base({ environment: "dev", logging: { retentionDays: 30 } }));
        assert.ok(result.ok && result.intent.cloud === "aws");
        const { nat, egressFirewall, eks } = result.intent.aws;
        assert.deepEqual({ nat, firewall: egressFirewall.enabled, eks: eks.enabled, protect: result.intent.data.deletionProtection }, { nat: "single", firewall: false, eks: false, protect: false });
    });

    it("rejects an organization id in the wrong format, saying what an id looks like and where to find it", () => {
        assert.deepEqual(issuesOf(base({ aws: { region: "eu-west-1", organization: { id: "r-ab12", scpTargets: ["ou-ab12-cdefgh12", "12345"] } } })), [
            {
                path: "zt-landing-zone:aws.organization.id",
                value: '"r-ab12"',
                allowed: "o- followed by 10 to 32 lowercase letters or digits, e.g. o-a1b2c3d4e5",
                fix: "not an organization id: copy the id from the AWS Organizations console (Settings → Organization ID); r-… is the root id and ou-… an OU, which belong in scpTargets",
            },
            {
                path: "zt-landing-zone:aws.organization.scpTargets[1]",
                value: '"12345"',
                allowed: "a root id (r-…), an OU id (ou-…-…) or a 12-digit account id",
                fix: "not an SCP target: copy the target's id from the AWS Organizations console",
            },
        ]);
    });

    it("takes further KMS key administrators as role-name patterns, and refuses a full ARN", () => {
        const ok = validateConfigMap(base({ aws: { region: "eu-west-1", keyAdministratorRoles: ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"] } }));
        assert.ok(ok.ok && ok.intent.cloud === "aws");
        assert.deepEqual(ok.intent.aws.keyAdministratorRoles, ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"]);
        assert.deepEqual(issuesOf(base({ aws: { region: "eu-west-1", keyAdministratorRoles: ["arn:aws:iam::123456789012:role/admin"] } })), [
            {
                path: "zt-landing-zone:aws.keyAdministratorRoles[0]",
                value: '"arn:aws:iam::123456789012:role/admin"',
                allowed: "what follows role/ in the role's ARN, with * wildcards, e.g. aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*",
                fix: "not an IAM role-name pattern: write the role's path and name without arn:aws:iam::<account>:role/",
            },
        ]);
    });

    it("rejects AWS settings that contradict each other or the environment", () => {
        const issues = issuesOf(base({
            network: { addressSpace: "10.20.0.0/16", tiers: { mgmt: { slot: 7 } } },
            data: { deletionProtection: false },
            aws: { region: "eu-west-1", allowedRegions: ["us-east-1"], nat: "single", eks: { nodes: { min: 3, desired: 2, max: 4 } }, buckets: { logs: { classification: "secret" } } },
        }));
        assert.deepEqual(issues.map((i) => [i.path, i.value]), [
            ["zt-landing-zone:data.deletionProtection", "false"],
            ["zt-landing-zone:aws.allowedRegions", '["us-east-1"]'],
            ["zt-landing-zone:aws.nat", '"single"'],
            ["zt-landing-zone:aws.eks.nodes", '{"min":3,"desired":2,"max":4}'],
            ["zt-landing-zone:aws.buckets.logs.classification", '"secret"'],
            ["zt-landing-zone:network.tiers.mgmt.slot", "7"],
        ]);
        assert.match(issues[5].allowed, /AWS egress slot \(7\)/);
    });

    it("refuses remote-administration ports in flows and ingress, reserved AWS tier names, and a firewall without NAT", () => {
        const issues = issuesOf(base({
            network: {
                addressSpace: "10.20.0.0/16",
                tiers: { endpoints: { slot: 3 } },
                flows: [{ from: "web", to: "app", port: 22 }],
                ingress: [{ tier: "web", port: 3389, sources: ["203.0.113.0/24"] }],
            },
            aws: { region: "eu-west-1", nat: "none", egressFirewall: { enabled: true } },
        }));
        assert.deepEqual(issues.map((i) => [i.path, i.value]), [
            ["zt-landing-zone:network.flows[0].port", "22"],
            ["zt-landing-zone:network.ingress[0].port", "3389"],
            ["zt-landing-zone:network.tiers.endpoints", '"endpoints"'],
            ["zt-landing-zone:aws.egressFirewall.enabled", "true"],
        ]);
        assert.match(issues[0].fix, /SSM Session Manager/);
        const noNat = validateConfigMap(base({ aws: { region: "eu-west-1", nat: "none" } }));
        assert.ok(noNat.ok && noNat.intent.cloud === "aws" && noNat.intent.aws.egressFirewall.enabled === false, "prod without NAT defaults the firewall off");
    });

    it("rejects an egress slot outside the address space or taken by a tier", () => {
        assert.deepEqual(issuesOf(base({ aws: { region: "eu-west-1", egressSlot: 8 } })).map((i) => [i.path, i.allowed]), [["zt-landing-zone:aws.egressSlot", "0 to 7"]]);
        assert.deepEqual(issuesOf(base({ aws: { region: "eu-west-1", egressSlot: 1 } })).map((i) => i.fix), ['pick a slot no tier uses (tier "app" has 1)']);
    });

    it("rejects an address space with host bits set, naming the network address", () => {
        assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.20.1.0/16" } })), [{
            path: "zt-landing-zone:network.addressSpace",
            value: '"10.20.1.0/16"',
            allowed: "an IPv4 CIDR in network form, inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, prefix /8 to /22",
            fix: "host bits are set; the network address is 10.20.0.0/16: write 10.20.0.0/16",
        }]);
    });

    it("rejects a public or out-of-range address space", () => {
        const issues = issuesOf(base({ network: { addressSpace: "8.8.0.0/24" } }));
        assert.deepEqual(issues.map((i) => i.fix), [
            "prefix /24 is out of range: use a prefix between /8 and /22",
            "not a private range: pick a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 that no other network uses",
        ]);
    });

    it("rejects a peer range that overlaps the address space", () => {
        assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.20.0.0/16", peerRanges: { onprem: "10.0.0.0/8" } } })), [{
            path: "zt-landing-zone:network.peerRanges.onprem",
            value: '"10.0.0.0/8"',
            allowed: "a range that does not overlap network.addressSpace 10.20.0.0/16",
            fix: "pick a non-overlapping address space; overlapping ranges cannot be routed to each other",
        }]);
    });

    it("rejects two tiers sharing a block, and a slot beyond the address space", () => {
        const issues = issuesOf(base({ network: { addressSpace: "10.20.0.0/16", tiers: { batch: { slot: 2 }, ml: { slot: 8 } } } }));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [
            ["zt-landing-zone:network.tiers.batch.slot", "a slot no other tier uses (data has slot 2)"],
            ["zt-landing-zone:network.tiers.ml.slot", "0 to 7 (10.20.0.0/16 holds 8 tier blocks of /19)"],
        ]);
    });

    it("rejects a flow naming an unknown tier", () => {
        assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.20.0.0/16", flows: [{ from: "app", to: "dta", port: 5432 }] } })), [{
            path: "zt-landing-zone:network.flows[0].to",
            value: '"dta"',
            allowed: "a tier name (web, app, data)",
            fix: 'use one of the tiers, or add "dta" under network.tiers with its own slot',
        }]);
    });

    for (const port of [0, 65536]) {
        it(`rejects port ${port}`, () => {
            assert.deepEqual(issuesOf(base({ network: { addressSpace: "10.20.0.0/16", flows: [{ from: "app", to: "data", port }] } })), [{
                path: "zt-landing-zone:network.flows[0].port",
                value: String(port),
                allowed: "a whole number from 1 to 65535",
                fix: "use the port the service listens on, between 1 and 65535",
            }]);
        });
    }

    it("rejects retention below the prod minimum but accepts it in dev", () => {
        assert.deepEqual(issuesOf(base({ logging: { retentionDays: 90 } })), [{
            path: "zt-landing-zone:logging.retentionDays",
            value: "90",
            allowed: "at least 365 days in prod",
            fix: "raise it to 365 or more, or leave it unset for the default of 365",
        }]);
        assert.ok(validateConfigMap(base({ environment: "dev", logging: { retentionDays: 90 } })).ok);
        assert.equal(issuesOf(base({ environment: "dev", logging: { retentionDays: 7 } }))[0].allowed, "at least 30 days in dev");
    });

    it("takes who declares the deploy identity, and refuses any owner but the bootstrap or the stack", () => {
        const owner = (value: string) => {
            const result = validateConfigMap(base({ ci: { repository: "example-org/zt-landing-zone", deployIdentity: value } }));
            return result.ok ? result.intent.ci.deployIdentity : undefined;
        };
        assert.equal(owner("stack"), "stack");
        assert.equal(owner("bootstrap"), "bootstrap");
        assert.deepEqual(issuesOf(base({ ci: { repository: "example-org/zt-landing-zone", deployIdentity: "admin" } })), [{
            path: "zt-landing-zone:ci.deployIdentity",
            value: '"admin"',
            allowed: "one of bootstrap, stack",
            fix: "use one of the allowed values (values are case-sensitive)",
        }]);
    });

    it("rejects an unknown cloud", () => {
        assert.deepEqual(issuesOf(base({ cloud: "oracle" })), [{
            path: "zt-landing-zone:cloud",
            value: '"oracle"',
            allowed: "one of aws, azure, gcp",
            fix: "use one of the allowed values (values are case-sensitive)",
        }]);
    });

    it("rejects a missing required value", () => {
        assert.deepEqual(issuesOf(base({}, ["owner"])), [{
            path: "zt-landing-zone:owner",
            value: "(not set)",
            allowed: "a string",
            fix: "this value is required: add it to the stack file",
        }]);
    });

    it("rejects a missing cloud section, a stray one, and an unknown region", () => {
        assert.deepEqual(issuesOf(base({ gcp: { project: "zt-lz-dev", region: "europe-west1", organizationId: "123456789012", customerId: "C01abcd2e", groupDomain: "example.com" } }, ["aws"])).map((i) => i.path), [
            "zt-landing-zone:aws",
            "zt-landing-zone:gcp",
        ]);
        assert.match(issuesOf(base({ aws: { region: "mars-1" } }))[0].allowed, /^one of 46 values, e.g. af-south-1/);
    });

    it("suggests the intended key for a misspelt one", () => {
        const [first] = issuesOf({ ...base(), [`${PROJECT}:ownr`]: "x" });
        assert.equal(first.path, "zt-landing-zone:ownr");
        assert.equal(first.fix, 'did you mean "owner"?');
    });

    it("refuses to let extra tags override the mandatory keys", () => {
        assert.deepEqual(issuesOf(base({ tags: { environment: "staging", "cost-center": "42" } })).map((i) => i.path), ["zt-landing-zone:tags.environment"]);
    });

    it("rejects internet ingress into a non-edge tier", () => {
        const issues = issuesOf(base({ network: { addressSpace: "10.20.0.0/16", ingress: [{ tier: "data", port: 5432, sources: ["0.0.0.0/0"] }] } }));
        assert.deepEqual(issues.map((i) => [i.path, i.allowed]), [["zt-landing-zone:network.ingress[0].tier", "an edge tier (web)"]]);
    });

    it("collects every error of a stack file in one pass", () => {
        const issues = issuesOf(base({ cloud: "aws", logging: { retentionDays: 10 }, network: { addressSpace: "10.20.1.0/16", flows: [{ from: "app", to: "dta", port: 0 }] } }, ["owner"]));
        assert.deepEqual(issues.map((i) => i.path), [
            "zt-landing-zone:owner",
            "zt-landing-zone:network.addressSpace",
            "zt-landing-zone:network.flows[0].port",
            "zt-landing-zone:network.flows[0].to",
            "zt-landing-zone:logging.retentionDays",
        ]);
        const text = formatIssues("aws-prod", issues);
        assert.equal(text.split("\n")[0], 'Stack "aws-prod" has 5 config errors in stacks/Pulumi.aws-prod.yaml; nothing was declared.');
        assert.ok(!/\bat .*\.ts:\d+/.test(text), "no stack trace in the message");
    });

    it("validates every shipped stack file, merged over Pulumi.yaml's project config", () => {
        assert.deepEqual(listStacks(), ["aws-dev", "aws-prod", "azure-dev", "azure-prod", "gcp-dev", "gcp-prod"]);
        for (const stack of listStacks()) {
            const config = readStackConfig(stack).config;
            const result = validateConfigMap(config);
            assert.ok(result.ok, `${stack}: ${result.ok ? "" : formatIssues(stack, result.issues)}`);
            assert.equal(result.intent.owner, "platform-team", `${stack} inherits owner from Pulumi.yaml`);
            assert.equal(`${result.intent.cloud}-${result.intent.environment}`, stack, `${stack} builds what its name says`);
        }
    });
});
