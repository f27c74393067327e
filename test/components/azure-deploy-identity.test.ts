/**
 * The Azure deploy identity in process, both ways it is declared: by zt:azure:Identity with
 * `deployIdentity: "stack"` (the children it always had, so existing stacks keep their URNs), and
 * by zt:azure:DeployIdentity, the bootstrap's component, in a resource group of its own. The
 * shipped stacks leave it to the bootstrap; azure-identity.test.ts checks that their pillar
 * declares none of it and looks it up by name.
 */
import { strict as assert } from "assert";
import type * as pulumi from "@pulumi/pulumi";
import { childRecorder, registeredAs, registeredIds, unitUrn, useMocks, valueOf, waitsFor } from "../support/mocks";
import { AzureDeployIdentity, type AzureDeployIdentityComponentArgs } from "../../components/azure/deploy-identity";
import { AzureIdentity, type AzureIdentityArgs } from "../../components/azure/identity";
import { PIM_ROLES } from "../../components/azure/identity-access";
import { policyAssignmentPlans } from "../../components/azure/identity-policies";
import { deployerActions, privilegedRoleCondition } from "../../components/azure/identity-roles";
import { stableGuid } from "../../components/azure/names";

const SUB_PROD = "00000000-0000-4000-8000-00000000d1a0";
const SUB_DEV = "00000000-0000-4000-8000-00000000d1a1";
const REPO = "example-org/zt-landing-zone";

const UAI = "azure-native:managedidentity:UserAssignedIdentity";
const FIC = "azure-native:managedidentity:FederatedIdentityCredential";
const ROLE = "azure-native:authorization:RoleDefinition";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";
const GROUP = "azure-native:resources:ResourceGroup";

const PILLAR: AzureIdentityArgs = {
    namePrefix: "ztu-prod",
    location: "westeurope",
    subscriptionId: SUB_PROD,
    tenantId: "00000000-0000-4000-8000-00000000d1aa",
    policyEnforcement: "deny",
    allowedImageRegex: "^ztuprodacr\\.azurecr\\.io/.+$",
    entra: { manage: false, trustedRanges: [], conditionalAccessState: "enabled" },
    adminGroupIds: { admins: "admins-oid" },
    approverGroupIds: ["admins-oid"],
    auditorGroupIds: {},
    maxActivationMinutes: 60,
    workloadIdentities: ["app"],
    github: { repository: REPO, environment: "prod", maxSessionMinutes: 60 },
    roleManagementPolicyNames: { owner: "00000000-0000-4000-8000-00000000d10a", contributor: "00000000-0000-4000-8000-00000000d10c" },
    deployIdentity: "stack",
};
/** The bootstrap's shape: another environment, in its own subscription. */
const BOOT: AzureDeployIdentityComponentArgs = {
    namePrefix: "ztu-dev",
    location: "northeurope",
    subscriptionId: SUB_DEV,
    github: { repository: REPO, environment: "dev", maxSessionMinutes: 60 },
};

/** What the deploy identity declares under `name`, sorted. */
const deployIds = (name: string) => [
    `${UAI}::${name}-deploy`,
    `${FIC}::${name}-deploy-github`,
    `${ROLE}::${name}-role-deployer`,
    `${ASSIGNMENT}::${name}-deployer-assignment`,
].sort();
/** The pillar's other children for PILLAR's one workload, one admin group and no auditor. */
const pillarIds = (name: string) => [
    `${GROUP}::${name}-rg`,
    `${UAI}::${name}-id-app`,
    `${ROLE}::${name}-role-auditor`,
    `azure-native:authorization:PolicyDefinition::${name}-storage-min-tls`,
    ...policyAssignmentPlans("deny", PILLAR.allowedImageRegex).map((p) => `azure-native:authorization:PolicyAssignment::${name}-policy-${p.key}`),
    ...PIM_ROLES.flatMap((r) => [
        `azure-native:authorization:RoleManagementPolicy::${name}-pim-${r}`,
        `azure-native:authorization:PimRoleEligibilitySchedule::${name}-eligible-${r}-admins`,
    ]),
].sort();

const roleGuid = (sub: string, prefix: string) => stableGuid(`/subscriptions/${sub}|role|${prefix}-deployer`);
const roleId = (sub: string, prefix: string) => `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid(sub, prefix)}`;
const urnOf = (parentType: string, type: string, name: string) => unitUrn(`${parentType}$${type}::${name}`);

describe("Azure deploy identity (under mocks)", () => {
    const { transformation: record, settled, props, dependsOn } = childRecorder();
    const out: Record<string, Record<string, unknown>> = {};
    let urns: string[] = [];
    before(async () => {
        await useMocks((args) => (args.type === UAI
            ? { clientId: `${args.inputs["resourceName"]}-client`, principalId: `${args.inputs["resourceName"]}-principal` }
            : {}));
        const opts = { transformations: [record] };
        const stack = new AzureIdentity("adi-stack", PILLAR, opts);
        const named = new AzureIdentity("adi-named", { ...PILLAR, deployIdentity: "bootstrap" }, opts);
        const boot = new AzureDeployIdentity("adi-boot", BOOT, opts);
        for (const [name, pillar] of [["adi-stack", stack], ["adi-named", named]] as const) {
            out[name] = { deployer: await valueOf(pillar.roleDefinitionIds.deployer) };
        }
        out["adi-stack"] = {
            ...out["adi-stack"],
            principalId: await valueOf(stack.deployPrincipalId),
            identity: { id: await valueOf(stack.deployIdentity.id), principalId: await valueOf(stack.deployIdentity.principalId), clientId: await valueOf(stack.deployIdentity.clientId) },
        };
        out["adi-boot"] = {
            identity: { id: await valueOf(boot.identity.id), principalId: await valueOf(boot.identity.principalId), clientId: await valueOf(boot.identity.clientId) },
            principalId: await valueOf(boot.principalId),
            clientId: await valueOf(boot.clientId),
            resourceGroupName: await valueOf(boot.resourceGroupName),
            roleDefinitionId: await valueOf(boot.roleDefinitionId),
        };
        // Every recorded child registered, including those on no output's path (the assignment).
        urns = (await settled()).sort();
    });
    const inputs = (name: string) => registeredAs(name).inputs;

    describe('zt:azure:Identity with deployIdentity "stack"', () => {
        it("declares the deploy identity with the pillar's other children", () => {
            assert.deepEqual(registeredIds("adi-stack"), [...pillarIds("adi-stack"), ...deployIds("adi-stack")].sort());
        });

        it("keeps today's child names directly under the pillar, so existing stacks keep their URNs", () => {
            assert.deepEqual(urns.filter((u) => /::adi-stack-(deploy|role-deployer)/.test(u)), deployIds("adi-stack").map((id) => {
                const [type, name] = id.split("::");
                return urnOf("zt:azure:Identity", type, name);
            }).sort());
        });

        it("puts the deploy identity in the pillar's identity resource group, once that exists", async () => {
            assert.equal(inputs("adi-stack-deploy")["resourceGroupName"], "ztu-prod-identity-rg");
            assert.deepEqual(await waitsFor(props.get("adi-stack-deploy")!["resourceGroupName"]), [urnOf("zt:azure:Identity", GROUP, "adi-stack-rg")]);
        });

        it("hands out the deploy identity and the deployer role's name-built id", () => {
            assert.deepEqual(out["adi-stack"], {
                deployer: roleId(SUB_PROD, "ztu-prod"),
                principalId: "ztu-prod-deploy-principal",
                identity: { id: "adi-stack-deploy-id", principalId: "ztu-prod-deploy-principal", clientId: "ztu-prod-deploy-client" },
            });
        });
    });

    describe('zt:azure:Identity with deployIdentity "bootstrap"', () => {
        it("declares none of the deploy identity, and nothing else differs", () => {
            assert.deepEqual(registeredIds("adi-named"), pillarIds("adi-named"));
        });

        it("names the deployer role by the same id the declaring program gives it", () => {
            assert.deepEqual(out["adi-named"], { deployer: roleId(SUB_PROD, "ztu-prod") });
        });
    });

    // Both declarers, the same identity: only the environment, prefix, subscription, group and name change.
    for (const [name, prefix, env, sub, group, parentType] of [
        ["adi-stack", "ztu-prod", "prod", SUB_PROD, "ztu-prod-identity-rg", "zt:azure:Identity"],
        ["adi-boot", "ztu-dev", "dev", SUB_DEV, "ztu-dev-deploy-rg", "zt:azure:DeployIdentity"],
    ] as const) {
        describe(`the deploy identity of ${name} (${env})`, () => {
            const scope = `/subscriptions/${sub}`;
            const location = name === "adi-boot" ? BOOT.location : PILLAR.location;
            const child = (type: string, n: string) => urnOf(parentType, type, `${name}-${n}`);

            it("creates a managed identity (no secret) named from the prefix", () => {
                assert.deepEqual(inputs(`${name}-deploy`), { resourceName: `${prefix}-deploy`, resourceGroupName: group, location });
            });

            it("federates exactly one GitHub repository environment into it, once it exists", async () => {
                assert.deepEqual(inputs(`${name}-deploy-github`), {
                    federatedIdentityCredentialResourceName: `github-${env}`,
                    resourceGroupName: group,
                    resourceName: `${prefix}-deploy`,
                    issuer: "https://token.actions.githubusercontent.com",
                    subject: `repo:${REPO}:environment:${env}`,
                    audiences: ["api://AzureADTokenExchange"],
                });
                assert.deepEqual(await waitsFor(props.get(`${name}-deploy-github`)!["resourceName"]), [child(UAI, "deploy")]);
            });

            it("defines the deployer role at the subscription with a GUID name and explicit actions, no wildcard", () => {
                const actions = deployerActions();
                assert.deepEqual(inputs(`${name}-role-deployer`), {
                    roleDefinitionId: roleGuid(sub, prefix),
                    roleName: `${prefix}-deployer`,
                    description: "Deploys this landing zone from CI: its resource types only; cannot assign administrator roles or edit custom roles.",
                    roleType: "CustomRole",
                    scope,
                    assignableScopes: [scope],
                    permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
                });
                assert.ok(actions.length > 0 && actions.every((a) => !a.includes("*")));
                assert.ok(!actions.some((a) => a.startsWith("Microsoft.Authorization/roleDefinitions/") && !a.endsWith("/read")), "cannot edit its own role");
            });

            it("assigns the deployer role to the deploy identity only, fenced away from the administrator roles", async () => {
                assert.deepEqual(inputs(`${name}-deployer-assignment`), {
                    roleAssignmentName: stableGuid(`${scope}|${roleGuid(sub, prefix)}|${prefix}-deploy`),
                    scope,
                    roleDefinitionId: roleId(sub, prefix),
                    principalId: `${prefix}-deploy-principal`,
                    principalType: "ServicePrincipal",
                    description: "The GitHub deploy identity; the condition keeps Owner, Contributor, the access-administrator roles and this role itself out of its reach.",
                    condition: privilegedRoleCondition(roleGuid(sub, prefix)),
                    conditionVersion: "2.0",
                });
                const assignment = props.get(`${name}-deployer-assignment`)!;
                assert.deepEqual(await waitsFor(assignment["principalId"]), [child(UAI, "deploy")]);
                assert.deepEqual(await waitsFor(assignment["roleDefinitionId"]), [child(ROLE, "role-deployer")]);
            });
        });
    }

    describe("zt:azure:DeployIdentity (the bootstrap's)", () => {
        it("declares exactly the deploy identity and its own resource group", () => {
            assert.deepEqual(registeredIds("adi-boot"), [`${GROUP}::adi-boot-rg`, "azure-native:authorization:ManagementLockAtResourceGroupLevel::adi-boot-lock", ...deployIds("adi-boot")].sort());
        });

        it("locks its group read-only after the identity and its credential exist, so the pipeline cannot add a trust to itself", async () => {
            assert.deepEqual(inputs("adi-boot-lock"), {
                resourceGroupName: "ztu-dev-deploy-rg",
                lockName: "deploy-identity-read-only",
                level: "ReadOnly",
                notes: "The pipeline's own identity: changed only by the bootstrap, run by an administrator.",
            });
            const deps = (dependsOn.get("adi-boot-lock") ?? []) as pulumi.Resource[];
            assert.deepEqual((await Promise.all(deps.map((r) => valueOf(r.urn)))).sort(), [
                urnOf("zt:azure:DeployIdentity", "azure-native:managedidentity:FederatedIdentityCredential", "adi-boot-deploy-github"),
                urnOf("zt:azure:DeployIdentity", UAI, "adi-boot-deploy"),
            ]);
        });

        it("names the group `<prefix>-deploy-rg`, where the landing zone looks the identity up, and waits for it", async () => {
            assert.deepEqual(inputs("adi-boot-rg"), { resourceGroupName: "ztu-dev-deploy-rg", location: "northeurope" });
            assert.deepEqual(await waitsFor(props.get("adi-boot-deploy")!["resourceGroupName"]), [urnOf("zt:azure:DeployIdentity", GROUP, "adi-boot-rg")]);
        });

        it("outputs the identity, its principal and client ids, its group and the deployer role's id", () => {
            const identity = { id: "adi-boot-deploy-id", principalId: "ztu-dev-deploy-principal", clientId: "ztu-dev-deploy-client" };
            assert.deepEqual(out["adi-boot"], {
                identity,
                principalId: identity.principalId,
                clientId: identity.clientId,
                resourceGroupName: "ztu-dev-deploy-rg",
                roleDefinitionId: roleId(SUB_DEV, "ztu-dev"),
            });
        });
    });
});
