import { strict as assert } from "assert";
import { byName, childrenOf, ids, ofType } from "../support/graph-queries";
import { stackCapture, stackGraph } from "../support/graphs";
import type { CapturedGraph } from "../../plan/graph";
import { offlineGroupId } from "../../plan/invokes";
import { AZURE_ROLES, PIM_ROLES, pimPolicyRules } from "../../components/azure/identity-access";
import { BUILTIN_POLICIES, STORAGE_TLS_POLICY, policyAssignmentPlans } from "../../components/azure/identity-policies";
import { auditorActions } from "../../components/azure/identity-roles";
import { defaultImageRegex, stableGuid } from "../../components/azure/names";

/** The placeholder policy GUIDs the shipped stack files carry (a fork sets its own). */
const PIM_POLICY_NAMES: Record<string, Record<string, string>> = {
    dev: { owner: "00000000-0000-4000-8000-0000000010a1", contributor: "00000000-0000-4000-8000-0000000010c1" },
    prod: { owner: "00000000-0000-4000-8000-0000000020a1", contributor: "00000000-0000-4000-8000-0000000020c1" },
};
const SUBSCRIPTIONS = { prod: "00000000-0000-4000-8000-000000000002", dev: "00000000-0000-4000-8000-000000000001" } as const;
const ADMIN_GROUP = offlineGroupId("zt-platform-admins");
/** The lookup of the bootstrap's deploy identity (`ci.deployIdentity: "bootstrap"`, the shipped default). */
const LOOKUP_INVOKE = "azure-native:managedidentity:getUserAssignedIdentity";
/** Children a "stack"-owned deploy identity would add (test/components/azure-deploy-identity.test.ts holds them). */
const DEPLOY_IDENTITY_CHILDREN = ["identity-deploy", "identity-deploy-github", "identity-role-deployer", "identity-deployer-assignment"];

const POLICY_KEYS = ["allowed-images", "storage-min-tls", "nic-no-public-ip", "kv-public-network", "storage-public-network", "kv-private-link", "storage-private-link", "diagnostic-settings"];
const CA_KEYS = ["signin-risk-mfa", "user-risk-mfa", "admin-mfa", "admin-compliant-device", "block-legacy-auth"];

/** Every Identity child of a shipped stack, sorted (registration order follows when lookups resolve). */
function expectedChildren(tenant: boolean, extra: string[] = []): string[] {
    return [
        "azure-native:resources:ResourceGroup::identity-rg",
        "azure-native:managedidentity:UserAssignedIdentity::identity-id-app",
        "azure-native:authorization:RoleDefinition::identity-role-auditor",
        "azure-native:authorization:PolicyDefinition::identity-storage-min-tls",
        ...POLICY_KEYS.map((k) => `azure-native:authorization:PolicyAssignment::identity-policy-${k}`),
        ...PIM_ROLES.flatMap((r) => [
            `azure-native:authorization:RoleManagementPolicy::identity-pim-${r}`,
            `azure-native:authorization:PimRoleEligibilitySchedule::identity-eligible-${r}-zt-platform-admins`,
        ]),
        ...(tenant ? ["azuread:index/group:Group::identity-emergency-access", ...CA_KEYS.map((k) => `azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy::identity-ca-${k}`)] : []),
        ...extra,
    ].sort();
}

for (const env of ["prod", "dev"] as const) {
    describe(`zt:azure:Identity (azure-${env})`, () => {
        let graph: CapturedGraph;
        const subscription = SUBSCRIPTIONS[env];
        const scope = `/subscriptions/${subscription}`;
        const roleId = (guid: string) => `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
        const prefix = `zt-${env}`;
        before(async () => { graph = await stackGraph(`azure-${env}`); });

        it(`declares exactly the identities, roles, policies and PIM objects${env === "prod" ? ", and the tenant's conditional access" : " (no tenant-wide Entra objects, no management groups)"}`, () => {
            assert.deepEqual(ids(childrenOf(graph, "zt:azure:Identity")).sort(), expectedChildren(env === "prod"));
        });

        it("puts the workload identities in the identity resource group", () => {
            assert.deepEqual(byName(graph, "identity-rg").inputs, { resourceGroupName: `${prefix}-identity-rg`, location: "westeurope", tags: { owner: "platform-team", environment: env, "managed-by": "pulumi" } });
            const r = byName(graph, "identity-id-app");
            assert.equal(r.inputs["resourceName"], `${prefix}-id-app`);
            assert.equal(r.inputs["resourceGroupName"], `${prefix}-identity-rg`);
        });

        it("declares no deploy identity, federated credential, deployer role or assignment: the bootstrap owns them", () => {
            assert.deepEqual(graph.resources.filter((r) => DEPLOY_IDENTITY_CHILDREN.includes(r.name)).map((r) => r.name), []);
            // The cluster's workload identities federate with AKS; nothing here trusts GitHub.
            const github = ofType(graph, "azure-native:managedidentity:FederatedIdentityCredential").filter((r) => String(r.inputs["issuer"]).startsWith("https://token.actions.githubusercontent.com"));
            assert.deepEqual(ids(github), []);
            assert.deepEqual(ids(ofType(graph, "azure-native:authorization:RoleDefinition")), ["azure-native:authorization:RoleDefinition::identity-role-auditor"]);
        });

        it("looks the bootstrap's deploy identity up once, by name, and hands its principal to the vault's key administrator", async () => {
            assert.equal((await stackCapture(`azure-${env}`)).log.knownInvokes[LOOKUP_INVOKE], 1);
            // The offline answer derives the principal from the group and name asked for: `<prefix>-deploy` in `<prefix>-deploy-rg`.
            const admin = byName(graph, "data-key-admin-deploy");
            assert.equal(admin.inputs["principalId"], offlineGroupId(`${prefix}-deploy-rg/${prefix}-deploy:principal`));
            assert.equal(admin.inputs["principalType"], "ServicePrincipal");
        });

        it("creates no secret anywhere", () => {
            const secrets = graph.resources.filter((r) => /^azuread:index\/(applicationPassword|servicePrincipalPassword|applicationCertificate|servicePrincipalCertificate):/.test(r.type));
            assert.deepEqual(ids(secrets), []);
        });

        it("holds no standing Owner, Contributor or access-administrator assignment anywhere in the stack", () => {
            const privileged = Object.values(AZURE_ROLES);
            const standing = ofType(graph, "azure-native:authorization:RoleAssignment").filter((r) => privileged.some((g) => String(r.inputs["roleDefinitionId"]).endsWith(g)));
            assert.deepEqual(ids(standing), []);
        });

        it("defines the auditor role at the subscription with a GUID name and explicit actions", () => {
            const actions = auditorActions();
            const r = byName(graph, "identity-role-auditor");
            assert.deepEqual({ ...r.inputs, description: undefined }, {
                roleDefinitionId: stableGuid(`${scope}|role|${prefix}-auditor`),
                roleName: `${prefix}-auditor`,
                description: undefined,
                roleType: "CustomRole",
                scope,
                assignableScopes: [scope],
                permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
            });
            assert.ok(actions.every((a) => !a.includes("*")), "auditor has no wildcard");
            // No auditor groups in the shipped stacks, and no role assignment at the subscription at all.
            assert.deepEqual(ids(childrenOf(graph, "zt:azure:Identity").filter((c) => c.name.startsWith("identity-auditor-"))), []);
            assert.deepEqual(ids(ofType(graph, "azure-native:authorization:RoleAssignment").filter((r) => r.inputs["scope"] === scope)), []);
        });

        it(`assigns every guardrail at the subscription with ${env === "prod" ? "Deny" : "Audit"} effects and the right definitions`, () => {
            const plans = policyAssignmentPlans(env === "prod" ? "deny" : "audit", defaultImageRegex(prefix));
            assert.deepEqual(plans.map((p) => p.key), POLICY_KEYS);
            for (const plan of plans) {
                const r = byName(graph, `identity-policy-${plan.key}`);
                const definition = plan.definition === "storageMinTls"
                    ? `${scope}/providers/Microsoft.Authorization/policyDefinitions/${prefix}-storage-min-tls`
                    : `/providers/Microsoft.Authorization/policyDefinitions/${BUILTIN_POLICIES[plan.definition].guid}`;
                assert.deepEqual({ ...r.inputs, displayName: undefined }, {
                    policyAssignmentName: `${prefix}-${plan.key}`,
                    displayName: undefined,
                    scope,
                    policyDefinitionId: definition,
                    parameters: plan.parameters,
                    enforcementMode: plan.enforcementMode,
                    nonComplianceMessages: [{ message: plan.nonComplianceMessage }],
                }, plan.key);
            }
            const effects = Object.fromEntries(POLICY_KEYS.map((k) => [k, (byName(graph, `identity-policy-${k}`).inputs["parameters"] as Record<string, { value: unknown }>)["effect"]?.value]));
            const enforced = env === "prod" ? "Deny" : "Audit";
            assert.deepEqual(effects, {
                "allowed-images": enforced,
                "storage-min-tls": enforced,
                "nic-no-public-ip": undefined,
                "kv-public-network": enforced,
                "storage-public-network": enforced,
                "kv-private-link": "Audit",
                "storage-private-link": "AuditIfNotExists",
                "diagnostic-settings": undefined,
            });
            const modes = ofType(graph, "azure-native:authorization:PolicyAssignment").filter((r) => r.inputs["enforcementMode"] !== "Default").map((r) => r.name);
            assert.deepEqual(modes, env === "prod" ? [] : ["identity-policy-nic-no-public-ip"]);
        });

        it("lets AKS run only this landing zone's registry images by default", () => {
            const params = byName(graph, "identity-policy-allowed-images").inputs["parameters"] as Record<string, { value: unknown }>;
            assert.equal(params["allowedContainerImagesRegex"].value, `^zt${env}acr\\.azurecr\\.io/.+$`);
        });

        it("defines the storage TLS policy as a custom, parameterised deny", () => {
            const r = byName(graph, "identity-storage-min-tls");
            assert.deepEqual({ ...r.inputs, description: undefined, displayName: undefined }, {
                policyDefinitionName: `${prefix}-storage-min-tls`,
                policyType: "Custom",
                description: undefined,
                displayName: undefined,
                ...STORAGE_TLS_POLICY,
            });
            assert.deepEqual(byName(graph, "identity-policy-storage-min-tls").propertyDependencies["policyDefinitionId"], [r.urn]);
        });

        it("sets PIM activation rules for Owner and Contributor: MFA, justification, approval by the admin peers, at most 60 minutes", () => {
            for (const role of PIM_ROLES) {
                const r = byName(graph, `identity-pim-${role}`);
                assert.equal(r.inputs["scope"], scope);
                // The GUIDs Azure assigned, from the stack file's azure.pimPolicyNames.
                assert.equal(r.inputs["roleManagementPolicyName"], PIM_POLICY_NAMES[env][role]);
                assert.deepEqual(r.inputs["rules"], JSON.parse(JSON.stringify(pimPolicyRules(60, [ADMIN_GROUP]))));
            }
        });

        it("makes the admin group eligible (never active) for Owner and Contributor, only after the activation rules exist", () => {
            for (const role of PIM_ROLES) {
                const r = byName(graph, `identity-eligible-${role}-zt-platform-admins`);
                assert.deepEqual({ ...r.inputs, justification: undefined }, {
                    scope,
                    roleDefinitionId: roleId(AZURE_ROLES[role]),
                    principalId: ADMIN_GROUP,
                    justification: undefined,
                    scheduleInfo: { expiration: { type: "NoExpiration" } },
                });
                assert.ok(r.dependencies.includes(byName(graph, `identity-pim-${role}`).urn), `${role} eligibility waits for its policy`);
            }
        });

        if (env === "dev") {
            it("leaves conditional access, the named location and the emergency group to the prod stack", () => {
                const entra = graph.resources.filter((r) => r.type.startsWith("azuread:") && !r.type.startsWith("azuread:index/get") && r.type !== "pulumi:providers:azuread");
                assert.deepEqual(ids(entra), []);
            });
        }

        it("declares no management groups (none configured)", () => {
            assert.deepEqual(ids(graph.resources.filter((r) => r.type.startsWith("azure-native:management:"))), []);
        });
    });
}
