/**
 * The GCP deploy identity in process, both ways it is declared: by zt:gcp:Identity with
 * `deployIdentity: "stack"` (the children it always had, so existing stacks keep their URNs), and
 * by zt:gcp:DeployIdentity, the bootstrap's component. The shipped stacks leave it to the
 * bootstrap; gcp-identity.test.ts checks that their pillar declares none of it and names it.
 */
import { strict as assert } from "assert";
import { childRecorder, registeredAs, registeredIds, unitUrn, useMocks, valueOf, waitsFor } from "../support/mocks";
import { GcpDeployIdentity, type GcpDeployIdentityComponentArgs } from "../../components/gcp/deploy-identity";
import { GcpIdentity, type GcpIdentityArgs } from "../../components/gcp/identity";
import {
    DEPLOY_GRANTABLE_ROLES, DEPLOY_ORGANIZATION_ROLES, DEPLOY_PROJECT_ROLES, GITHUB_ATTRIBUTE_MAPPING, TIER_ROLES, ADMIN_READ_ROLES, delegatedGrantCondition, deployProjectRoles, roleSlug,
} from "../../components/gcp/identity-access";
import { ORG_POLICY_CONSTRAINTS } from "../../components/gcp/identity-policies";

const PROJECT = "zt-unit-di";
const NUMBER = "123456789012";
const REPO = "example-org/zt-landing-zone";
const ORG = "100200300";

const ACCOUNT = "gcp:serviceaccount/account:Account";
const ACCOUNT_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const ORG_MEMBER = "gcp:organizations/iAMMember:IAMMember";
const POOL = "gcp:iam/workloadIdentityPool:WorkloadIdentityPool";
const PROVIDER = "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider";

const PILLAR: GcpIdentityArgs = {
    namePrefix: "ztu-prod",
    project: PROJECT,
    projectNumber: NUMBER,
    region: "europe-west1",
    organizationId: ORG,
    customerId: "C00000000",
    policyScope: { kind: "project" },
    allowedLocations: ["in:europe-west1-locations"],
    adminGroups: { admins: "group:admins@example.com" },
    approverGroups: { admins: "group:admins@example.com" },
    auditorGroups: {},
    maxElevationMinutes: 60,
    tiers: ["web"],
    workloadServiceAccounts: [],
    github: { repository: REPO, environment: "prod", maxSessionMinutes: 60 },
    deployIdentity: "stack",
};
/** The bootstrap's shape: another environment, with the organization roles. */
const BOOT: GcpDeployIdentityComponentArgs = {
    namePrefix: "ztu-dev",
    project: PROJECT,
    projectNumber: NUMBER,
    region: "europe-west1",
    github: { repository: REPO, environment: "dev" },
    organizationId: ORG,
};

/** What the deploy identity declares under `name`, sorted. */
const deployIds = (name: string, owner: "bootstrap" | "stack") => [
    `${ACCOUNT}::${name}-deploy-sa`,
    `${POOL}::${name}-github-pool`,
    `${PROVIDER}::${name}-github-provider`,
    `${ACCOUNT_MEMBER}::${name}-deploy-github`,
    ...deployProjectRoles(owner).map((r) => `${PROJECT_MEMBER}::${name}-deploy-${roleSlug(r)}`),
].sort();
/** The pillar's other children for PILLAR's one tier, one admin group and no auditor. */
const pillarIds = (name: string) => [
    ...Object.keys(ORG_POLICY_CONSTRAINTS).map((k) => `gcp:orgpolicy/policy:Policy::${name}-policy-${k}`),
    `${ACCOUNT}::${name}-tier-web-sa`,
    ...TIER_ROLES.map((r) => `${PROJECT_MEMBER}::${name}-tier-web-${roleSlug(r)}`),
    `${ACCOUNT_MEMBER}::${name}-tier-web-deploy-user`,
    ...ADMIN_READ_ROLES.map((r) => `${PROJECT_MEMBER}::${name}-admin-admins-${roleSlug(r)}`),
    `gcp:privilegedaccessmanager/entitlement:entitlement::${name}-pam-admin`,
].sort();


describe("GCP deploy identity (under mocks)", () => {
    const { props, transformation: record, settled } = childRecorder();
    let registeredUrns: string[] = [];
    const out: Record<string, Record<string, string>> = {};
    before(async () => {
        await useMocks(() => ({}));
        const stack = new GcpIdentity("gdi-stack", PILLAR, { transformations: [record] });
        const named = new GcpIdentity("gdi-named", { ...PILLAR, deployIdentity: "bootstrap" });
        const boot = new GcpDeployIdentity("gdi-boot", BOOT, { transformations: [record] });
        const lean = new GcpDeployIdentity("gdi-lean", { ...BOOT, organizationId: undefined });
        for (const [name, pillar] of [["gdi-stack", stack], ["gdi-named", named]] as const) {
            out[name] = { email: await valueOf(pillar.deployServiceAccount), provider: await valueOf(pillar.workloadIdentityProvider) };
        }
        for (const [name, c] of [["gdi-boot", boot], ["gdi-lean", lean]] as const) {
            out[name] = { email: await valueOf(c.email), member: await valueOf(c.member), provider: await valueOf(c.workloadIdentityProvider) };
        }
        // Every recorded child registered, including those on no output's path.
        registeredUrns = await settled();
    });
    const inputs = (name: string) => registeredAs(name).inputs;

    describe('zt:gcp:Identity with deployIdentity "stack"', () => {
        it("declares the deploy identity with the pillar's other children, and the org roles nowhere", () => {
            assert.deepEqual(registeredIds("gdi-stack"), [...pillarIds("gdi-stack"), ...deployIds("gdi-stack", "stack")].sort());
        });

        it("keeps today's child names directly under the pillar, so existing stacks keep their URNs", () => {
            const deployUrns = registeredUrns.filter((u) => /::gdi-stack-(deploy|github)-/.test(u)).sort();
            assert.deepEqual(deployUrns, deployIds("gdi-stack", "stack").map((id) => {
                const [type, name] = id.split("::");
                return unitUrn(`zt:gcp:Identity$${type}::${name}`);
            }).sort());
        });

        it("hands out the same deploy account and provider names as when the bootstrap declares them", () => {
            const provider = `projects/${NUMBER}/locations/global/workloadIdentityPools/ztu-prod-github/providers/github-actions`;
            assert.deepEqual(out["gdi-stack"], { email: `ztu-prod-deploy@${PROJECT}.iam.gserviceaccount.com`, provider });
            assert.deepEqual(out["gdi-named"], out["gdi-stack"]);
        });

        it('declares none of it with "bootstrap", and grants actAs on the tier account to the same member', () => {
            assert.deepEqual(registeredIds("gdi-named"), pillarIds("gdi-named"));
            assert.deepEqual(inputs("gdi-named-tier-web-deploy-user")["member"], `serviceAccount:ztu-prod-deploy@${PROJECT}.iam.gserviceaccount.com`);
            assert.deepEqual(inputs("gdi-stack-tier-web-deploy-user")["member"], `serviceAccount:ztu-prod-deploy@${PROJECT}.iam.gserviceaccount.com`);
        });

        it("grants actAs only once the account it declares exists", async () => {
            assert.deepEqual(await waitsFor(props.get("gdi-stack-tier-web-deploy-user")!["member"]), [unitUrn(`zt:gcp:Identity$${ACCOUNT}::gdi-stack-deploy-sa`)]);
        });
    });

    // Both declarers, the same identity: what only the environment, prefix and name change.
    for (const [name, prefix, env, parentType, owner] of [["gdi-stack", "ztu-prod", "prod", "zt:gcp:Identity", "stack"], ["gdi-boot", "ztu-dev", "dev", "zt:gcp:DeployIdentity", "bootstrap"]] as const) {
        describe(`the deploy identity of ${name} (${env})`, () => {
            const deployEmail = `${prefix}-deploy@${PROJECT}.iam.gserviceaccount.com`;
            const member = `serviceAccount:${deployEmail}`;
            const child = (type: string, n: string) => unitUrn(`${parentType}$${type}::${name}-${n}`);

            it("creates a keyless deploy account named from the prefix", () => {
                assert.deepEqual(inputs(`${name}-deploy-sa`), {
                    project: PROJECT,
                    accountId: `${prefix}-deploy`,
                    displayName: `${prefix}-deploy`,
                    description: `GitHub Actions deploys as this account through Workload Identity Federation (${REPO}, environment ${env}). No keys.`,
                });
            });

            it("federates exactly one repository environment from GitHub into the deploy account", async () => {
                assert.deepEqual(inputs(`${name}-github-pool`), {
                    project: PROJECT,
                    workloadIdentityPoolId: `${prefix}-github`,
                    displayName: `${prefix} GitHub`,
                    description: `GitHub Actions of ${REPO}, environment ${env}.`,
                });
                assert.deepEqual(inputs(`${name}-github-provider`), {
                    project: PROJECT,
                    workloadIdentityPoolId: `${prefix}-github`,
                    workloadIdentityPoolProviderId: "github-actions",
                    displayName: "GitHub Actions",
                    attributeMapping: { ...GITHUB_ATTRIBUTE_MAPPING },
                    attributeCondition: `assertion.repository == '${REPO}' && assertion.environment == '${env}'`,
                    oidc: { issuerUri: "https://token.actions.githubusercontent.com" },
                });
                assert.deepEqual(inputs(`${name}-deploy-github`), {
                    serviceAccountId: `projects/${PROJECT}/serviceAccounts/${deployEmail}`,
                    role: "roles/iam.workloadIdentityUser",
                    member: `principalSet://iam.googleapis.com/projects/${NUMBER}/locations/global/workloadIdentityPools/${prefix}-github/attribute.repository/${REPO}`,
                });
                // The binding waits for the pool and the account; the provider for the pool.
                const binding = props.get(`${name}-deploy-github`)!;
                assert.deepEqual(await waitsFor(binding["member"]), [child(POOL, "github-pool")]);
                assert.deepEqual(await waitsFor(binding["serviceAccountId"]), [child(ACCOUNT, "deploy-sa")]);
                assert.deepEqual(await waitsFor(props.get(`${name}-github-provider`)!["workloadIdentityPoolId"]), [child(POOL, "github-pool")]);
                // Nothing else may impersonate the deploy account or mint its tokens.
                const onDeploy = registeredIds(name).filter((id) => id.startsWith(`${ACCOUNT_MEMBER}::`) && String(registeredAs(id.split("::")[1]).inputs["serviceAccountId"]).endsWith(`/${deployEmail}`));
                assert.deepEqual(onDeploy, [`${ACCOUNT_MEMBER}::${name}-deploy-github`]);
            });

            it(`gives the deploy account its documented predefined roles (${owner === "stack" ? "all" : "no pool administration"}), project IAM fenced to the landing zone's grants`, async () => {
                assert.deepEqual(deployProjectRoles(owner), owner === "stack" ? [...DEPLOY_PROJECT_ROLES] : DEPLOY_PROJECT_ROLES.filter((r) => r !== "roles/iam.workloadIdentityPoolAdmin"));
                assert.equal(registeredIds(name).includes(`${PROJECT_MEMBER}::${name}-deploy-iam-workload-identity-pool-admin`), owner === "stack");
                for (const role of deployProjectRoles(owner)) {
                    const fence = role === "roles/resourcemanager.projectIamAdmin" ? { condition: delegatedGrantCondition(DEPLOY_GRANTABLE_ROLES) } : {};
                    assert.deepEqual(inputs(`${name}-deploy-${roleSlug(role)}`), { project: PROJECT, role, member, ...fence }, role);
                    assert.deepEqual(await waitsFor(props.get(`${name}-deploy-${roleSlug(role)}`)!["member"]), [child(ACCOUNT, "deploy-sa")], role);
                }
                assert.deepEqual(inputs(`${name}-deploy-resourcemanager-project-iam-admin`)["condition"], {
                    title: "landing-zone-grants-only",
                    description: "May grant and revoke only the roles the landing zone grants to others; never its own.",
                    expression: `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${DEPLOY_GRANTABLE_ROLES.slice(0, 10).map((r) => `'${r}'`).join(", ")}])`,
                });
            });
        });
    }

    describe("zt:gcp:DeployIdentity (the bootstrap's)", () => {
        it("declares exactly the deploy identity and, given the organization, its organization roles", () => {
            assert.deepEqual(registeredIds("gdi-boot"), [...deployIds("gdi-boot", "bootstrap"), ...DEPLOY_ORGANIZATION_ROLES.map((r) => `${ORG_MEMBER}::gdi-boot-deploy-org-${roleSlug(r)}`)].sort());
            assert.deepEqual(registeredIds("gdi-lean"), deployIds("gdi-lean", "bootstrap"));
        });

        it("grants the organization roles at the organization, to the deploy account only", async () => {
            assert.deepEqual([...DEPLOY_ORGANIZATION_ROLES], ["roles/orgpolicy.policyAdmin", "roles/accesscontextmanager.policyEditor"]);
            for (const role of DEPLOY_ORGANIZATION_ROLES) {
                assert.deepEqual(inputs(`gdi-boot-deploy-org-${roleSlug(role)}`), { orgId: ORG, role, member: `serviceAccount:ztu-dev-deploy@${PROJECT}.iam.gserviceaccount.com` });
                assert.deepEqual(await waitsFor(props.get(`gdi-boot-deploy-org-${roleSlug(role)}`)!["member"]), [unitUrn(`zt:gcp:DeployIdentity$${ACCOUNT}::gdi-boot-deploy-sa`)]);
            }
        });

        it("outputs the account's email and member and the provider's full name", () => {
            const email = `ztu-dev-deploy@${PROJECT}.iam.gserviceaccount.com`;
            const provider = `projects/${NUMBER}/locations/global/workloadIdentityPools/ztu-dev-github/providers/github-actions`;
            assert.deepEqual(out["gdi-boot"], { email, member: `serviceAccount:${email}`, provider });
            assert.deepEqual(out["gdi-lean"], out["gdi-boot"]);
        });
    });
});
