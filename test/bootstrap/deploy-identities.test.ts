/**
 * The deploy identities the bootstrap declares, one per environment whose landing-zone stack
 * leaves it to the bootstrap (all shipped stacks): as the policy pack receives them in each
 * bootstrap stack's graph, with the settings read from the landing-zone stack files (prefix,
 * repository and environment, subscription or project), in that environment's account,
 * subscription or project, and granted that environment's state and secrets key and nothing
 * else's. What each DeployIdentity declares in detail is tested with the components
 * (test/components/<cloud>-deploy-identity.test.ts); this is the program's wiring of them.
 */
import { strict as assert } from "assert";
import { byName, sortedIds } from "../support/graph-queries";
import { bootstrapGraph, deployIdentitySide } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { identityArns, identityNames } from "../../components/aws/identity-names";
import { permissionsBoundary } from "../../components/aws/identity-policies";
import { DEPLOY_ORGANIZATION_ROLES, DEPLOY_PROJECT_ROLES, roleSlug } from "../../components/gcp/identity-access";

/** What the bootstrap grants the GCP deploy account at its project: no pool administration (the landing zone declares no pool). */
const GCP_PROJECT_ROLES = DEPLOY_PROJECT_ROLES.filter((r) => r !== "roles/iam.workloadIdentityPoolAdmin");

const REPO = "example-org/zt-landing-zone";
const subject = (env: string) => `repo:${REPO}:environment:${env}`;
const json = (r: CapturedResource, key: string) => JSON.parse(r.inputs[key] as string);
const ENVS = ["dev", "prod"] as const;

describe("bootstrap: the AWS deploy identities (one per account stack)", () => {
    for (const [stack, env, account] of [["aws-dev", "dev", "210987654321"], ["aws-prod", "prod", "123456789012"]] as const) {
        describe(stack, () => {
            let g: CapturedGraph;
            before(async () => { g = await bootstrapGraph(stack); });
            const names = identityNames(`zt-${env}`, { deploy: `zt-${env}-deploy`, breakGlass: `zt-${env}-break-glass`, adminPermissionSet: `zt-${env}-admin` });
            const arns = identityArns("aws", "eu-west-1", account, names);

            it(`declares ${env}'s OIDC provider, boundary and deploy role under deploy-${env}, with the account-pinned provider`, () => {
                const side = deployIdentitySide(g);
                assert.deepEqual(sortedIds(side), [
                    `aws:iam/openIdConnectProvider:OpenIdConnectProvider::deploy-${env}-github-oidc`,
                    `aws:iam/policy:Policy::deploy-${env}-boundary`,
                    `aws:iam/role:Role::deploy-${env}-deploy`,
                    `aws:iam/rolePolicy:RolePolicy::deploy-${env}-deploy-iam`,
                    `aws:iam/rolePolicyAttachment:RolePolicyAttachment::deploy-${env}-deploy-power-user`,
                    `zt:aws:DeployIdentity::deploy-${env}`,
                ]);
                assert.equal(byName(g, `deploy-${env}`).parent, byName(g, "zt").urn);
                for (const r of side.filter((x) => x.custom)) assert.equal(r.provider, `${byName(g, "aws").urn}::aws-id`, r.name);
            });

            it(`trusts only GitHub's tokens for ${REPO}'s ${env} environment, from the landing zone's ci settings, in account ${account}`, () => {
                const role = byName(g, `deploy-${env}-deploy`);
                assert.deepEqual([role.inputs["name"], role.inputs["maxSessionDuration"], role.inputs["permissionsBoundary"]], [`zt-${env}-deploy`, 3600, arns.boundary]);
                assert.deepEqual(json(role, "assumeRolePolicy").Statement, [{
                    Sid: "GitHubEnvironmentOnly",
                    Effect: "Allow",
                    Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` },
                    Action: "sts:AssumeRoleWithWebIdentity",
                    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": subject(env) } },
                }]);
            });

            it("writes the landing zone's boundary, in its bootstrap-owned form (the pipeline cannot change it or its own role)", () => {
                const boundary = byName(g, `deploy-${env}-boundary`);
                assert.equal(boundary.inputs["name"], `zt-${env}-boundary`);
                assert.deepEqual(json(boundary, "policy"), permissionsBoundary({ arns, prefix: `zt-${env}`, organization: false, deployIdentity: "bootstrap" }));
            });
        });
    }
});

describe("bootstrap: the Azure deploy identities (in each environment's subscription)", () => {
    let g: CapturedGraph;
    before(async () => { g = await bootstrapGraph("azure"); });
    const SUBSCRIPTIONS = { dev: "00000000-0000-4000-8000-000000000001", prod: "00000000-0000-4000-8000-000000000002" };

    for (const env of ENVS) {
        const sub = SUBSCRIPTIONS[env];

        it(`${env}: pins a provider to the landing zone's subscription ${sub.slice(-4)}, and declares everything of deploy-${env} with it`, () => {
            const provider = byName(g, `azure-${env}`);
            assert.deepEqual([provider.type, provider.parent], ["pulumi:providers:azure-native", byName(g, "zt").urn]);
            assert.deepEqual([provider.inputs["subscriptionId"], provider.inputs["tenantId"], provider.inputs["location"]], [sub, "00000000-0000-4000-8000-0000000000aa", "westeurope"]);
            const children = deployIdentitySide(g).filter((r) => r.parent === byName(g, `deploy-${env}`).urn);
            assert.deepEqual(sortedIds(children), [
                `azure-native:authorization:ManagementLockAtResourceGroupLevel::deploy-${env}-lock`,
                `azure-native:authorization:RoleAssignment::deploy-${env}-deployer-assignment`,
                `azure-native:authorization:RoleDefinition::deploy-${env}-role-deployer`,
                `azure-native:managedidentity:FederatedIdentityCredential::deploy-${env}-deploy-github`,
                `azure-native:managedidentity:UserAssignedIdentity::deploy-${env}-deploy`,
                `azure-native:resources:ResourceGroup::deploy-${env}-rg`,
            ]);
            for (const r of children) assert.equal(r.provider, `${provider.urn}::azure-${env}-id`, r.name);
        });

        it(`${env}: federates ${REPO}'s ${env} environment into zt-${env}-deploy, in its own locked group, with the deployer role at the subscription`, () => {
            assert.deepEqual(byName(g, `deploy-${env}-rg`).inputs["resourceGroupName"], `zt-${env}-deploy-rg`);
            assert.deepEqual([byName(g, `deploy-${env}-deploy`).inputs["resourceName"], byName(g, `deploy-${env}-deploy`).inputs["resourceGroupName"]], [`zt-${env}-deploy`, `zt-${env}-deploy-rg`]);
            const fic = byName(g, `deploy-${env}-deploy-github`).inputs;
            assert.deepEqual([fic["subject"], fic["issuer"], fic["audiences"]], [subject(env), "https://token.actions.githubusercontent.com", ["api://AzureADTokenExchange"]]);
            assert.equal(byName(g, `deploy-${env}-lock`).inputs["level"], "ReadOnly");
            const assignment = byName(g, `deploy-${env}-deployer-assignment`).inputs;
            assert.deepEqual([assignment["scope"], assignment["principalType"], assignment["conditionVersion"]], [`/subscriptions/${sub}`, "ServicePrincipal", "2.0"]);
        });

        it(`${env}: grants that identity ${env}'s state container and secrets key only`, () => {
            const identity = byName(g, `deploy-${env}-deploy`).urn;
            const grants = g.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.propertyDependencies["principalId"]?.includes(identity));
            assert.deepEqual(grants.map((r) => r.name).sort(), [`deploy-${env}-deployer-assignment`, `state-deployer-${env}-deploy-identity-secrets`, `state-deployer-${env}-deploy-identity-state`]);
            const principal = byName(g, `deploy-${env}-deployer-assignment`).inputs["principalId"];
            for (const r of grants) assert.equal(r.inputs["principalId"], principal, r.name);
            assert.match(byName(g, `state-deployer-${env}-deploy-identity-state`).inputs["scope"] as string, new RegExp(`/containers/${env}-state$`));
            assert.match(byName(g, `state-deployer-${env}-deploy-identity-secrets`).inputs["scope"] as string, new RegExp(`/keys/${env}-secrets$`));
        });
    }
});

describe("bootstrap: the GCP deploy identities (in each environment's project)", () => {
    let g: CapturedGraph;
    before(async () => { g = await bootstrapGraph("gcp"); });

    for (const env of ENVS) {
        const project = `zt-landing-zone-${env}`;
        const member = `serviceAccount:zt-${env}-deploy@${project}.iam.gserviceaccount.com`;

        it(`${env}: pins a provider to the landing zone's project ${project}, and declares everything of deploy-${env} with it`, () => {
            const provider = byName(g, `gcp-${env}`);
            assert.deepEqual([provider.inputs["project"], provider.inputs["region"]], [project, "europe-west1"]);
            const children = deployIdentitySide(g).filter((r) => r.parent === byName(g, `deploy-${env}`).urn);
            assert.deepEqual(sortedIds(children), [
                ...DEPLOY_ORGANIZATION_ROLES.map((r) => `gcp:organizations/iAMMember:IAMMember::deploy-${env}-deploy-org-${roleSlug(r)}`),
                `gcp:iam/workloadIdentityPool:WorkloadIdentityPool::deploy-${env}-github-pool`,
                `gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider::deploy-${env}-github-provider`,
                ...GCP_PROJECT_ROLES.map((r) => `gcp:projects/iAMMember:IAMMember::deploy-${env}-deploy-${roleSlug(r)}`),
                `gcp:serviceaccount/account:Account::deploy-${env}-deploy-sa`,
                `gcp:serviceaccount/iAMMember:IAMMember::deploy-${env}-deploy-github`,
            ].sort());
            for (const r of children) assert.equal(r.provider, `${provider.urn}::gcp-${env}-id`, r.name);
        });

        it(`${env}: federates only ${REPO}'s ${env} environment into zt-${env}-deploy, with its project roles there and its organization roles`, () => {
            assert.deepEqual([byName(g, `deploy-${env}-deploy-sa`).inputs["accountId"], byName(g, `deploy-${env}-deploy-sa`).inputs["project"]], [`zt-${env}-deploy`, project]);
            assert.match(byName(g, `deploy-${env}-github-provider`).inputs["attributeCondition"] as string, new RegExp(`assertion.environment == '${env}'`));
            for (const role of GCP_PROJECT_ROLES) {
                const grant = byName(g, `deploy-${env}-deploy-${roleSlug(role)}`).inputs;
                assert.deepEqual([grant["project"], grant["role"], grant["member"]], [project, role, member], role);
            }
            for (const role of DEPLOY_ORGANIZATION_ROLES) {
                assert.deepEqual(byName(g, `deploy-${env}-deploy-org-${roleSlug(role)}`).inputs, { orgId: "100000000001", role, member });
            }
        });

        it(`${env}: grants that account ${env}'s state bucket and secrets key only`, () => {
            const holders = g.resources.filter((r) => r.inputs["member"] === member && /^state-/.test(r.name));
            assert.deepEqual(holders.map((r) => r.name).sort(), [`state-bucket-${env}-deploy-identity`, `state-key-${env}-secrets-deploy-identity`]);
            assert.equal(byName(g, `state-bucket-${env}-deploy-identity`).inputs["bucket"], `zt-landing-zone-prod-zt-${env}-state`);
        });
    }
});
