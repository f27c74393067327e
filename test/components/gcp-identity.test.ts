import { strict as assert } from "assert";
import { byName, childrenOf, ids, ofType } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph } from "../../plan/graph";
import {
    ADMIN_READ_ROLES, AUDITOR_READ_ROLES, AUDIT_LOG_VIEW_ROLE, DEPLOY_GRANTABLE_ROLES, DEPLOY_ORGANIZATION_ROLES, DEPLOY_PROJECT_ROLES, ELEVATION_ROLES, TIER_ROLES,
    auditLogViewCondition, delegatedGrantCondition, entitlementSettings, githubAttributeCondition, githubPrincipalSet, isPrimitiveRole, keyedGroups, pamDuration, roleSlug,
} from "../../components/gcp/identity-access";
import { DEPLOY_ADMIN_ROLES } from "../../policy-pack/rules/identity/zt-gcp-iam-sa-no-admin-roles";
import { isAdminRole } from "../../policy-pack/lib/gcp-iam";
import { ORG_POLICY_CONSTRAINTS, orgPolicyPlans, policyName, policyParent } from "../../components/gcp/identity-policies";

const IDENTITY = "zt:gcp:Identity";
const TIERS = ["web", "app", "data"];
const WORKLOADS = ["app"];
const ADMINS = "group:zt-platform-admins@example.com";
const REPO = "example-org/zt-landing-zone";

const POLICY = "gcp:orgpolicy/policy:Policy";
const ACCOUNT = "gcp:serviceaccount/account:Account";
const PROJECT_MEMBER = "gcp:projects/iAMMember:IAMMember";
const ACCOUNT_MEMBER = "gcp:serviceaccount/iAMMember:IAMMember";

/**
 * Every Identity child of a shipped stack (no auditor groups there), sorted: registration order
 * follows when inputs resolve. The shipped stacks leave the deploy identity to the bootstrap
 * (`ci.deployIdentity` defaults to "bootstrap"), so none of its children is here; its "stack" mode
 * is tested in process (gcp-deploy-identity.test.ts).
 */
function expectedChildren(): string[] {
    return [
        ...Object.keys(ORG_POLICY_CONSTRAINTS).map((k) => `${POLICY}::identity-policy-${k}`),
        ...TIERS.flatMap((t) => [
            `${ACCOUNT}::identity-tier-${t}-sa`,
            ...TIER_ROLES.map((r) => `${PROJECT_MEMBER}::identity-tier-${t}-${roleSlug(r)}`),
            `${ACCOUNT_MEMBER}::identity-tier-${t}-deploy-user`,
        ]),
        ...WORKLOADS.map((w) => `${ACCOUNT}::identity-workload-${w}-sa`),
        ...ADMIN_READ_ROLES.map((r) => `${PROJECT_MEMBER}::identity-admin-zt-platform-admins-${roleSlug(r)}`),
        "gcp:privilegedaccessmanager/entitlement:entitlement::identity-pam-admin",
    ].sort();
}

// dev has the same shape: identity has no environment-dependent switch (only names and the GitHub environment differ).
for (const env of ["prod", "dev"] as const) {
    describe(`zt:gcp:Identity (gcp-${env})`, () => {
        let graph: CapturedGraph;
        const project = `zt-landing-zone-${env}`;
        const prefix = `zt-${env}`;
        const email = (id: string) => `${id}@${project}.iam.gserviceaccount.com`;
        const deployEmail = email(`${prefix}-deploy`);
        before(async () => { graph = await stackGraph(`gcp-${env}`); });

        it("declares exactly the policies, tier and workload accounts, bindings and the entitlement", () => {
            assert.deepEqual(ids(childrenOf(graph, IDENTITY)).sort(), expectedChildren());
        });

        it("sets the nine organization policies on the project with the baseline specs", () => {
            const parent = `projects/${project}`;
            for (const plan of orgPolicyPlans("C00000000", ["in:europe-west1-locations"])) {
                assert.deepEqual(byName(graph, `identity-policy-${plan.key}`).inputs, { parent, name: `${parent}/policies/${plan.constraint}`, spec: plan.spec }, plan.key);
            }
        });

        it("creates keyless accounts with the ids names.ts gives, and no key anywhere in the stack", () => {
            const accounts = Object.fromEntries(childrenOf(graph, IDENTITY).filter((r) => r.type === ACCOUNT).map((r) => [r.name, r.inputs["accountId"]]));
            assert.deepEqual(accounts, {
                ...Object.fromEntries(TIERS.map((t) => [`identity-tier-${t}-sa`, `${prefix}-t-${t}`])),
                ...Object.fromEntries(WORKLOADS.map((w) => [`identity-workload-${w}-sa`, `${prefix}-w-${w}`])),
            });
            for (const r of childrenOf(graph, IDENTITY).filter((c) => c.type === ACCOUNT)) assert.equal(r.inputs["project"], project);
            assert.deepEqual(ids(ofType(graph, "gcp:serviceaccount/key:Key")), []);
        });

        it("hands out tier and workload account emails only once the accounts exist (consumers depend on them)", () => {
            const accounts = childrenOf(graph, IDENTITY).filter((r) => r.type === ACCOUNT);
            let checked = 0;
            for (const consumer of graph.resources.filter((r) => r.parent !== accounts[0].parent)) {
                for (const [prop, value] of Object.entries(consumer.inputs)) {
                    for (const a of accounts) {
                        if (!JSON.stringify(value ?? null).includes(email(String(a.inputs["accountId"])))) continue;
                        assert.ok((consumer.propertyDependencies[prop] ?? []).includes(a.urn), `${consumer.name}.${prop} waits for ${a.name}`);
                        checked++;
                    }
                }
            }
            assert.ok(checked >= TIERS.length + WORKLOADS.length, `other pillars consume the accounts (${checked} uses checked)`);
        });

        it("declares no deploy identity: no deploy account, pool, provider, or binding of or on the deploy account, anywhere in the stack", () => {
            assert.deepEqual(ids(ofType(graph, "gcp:iam/workloadIdentityPool:WorkloadIdentityPool")), []);
            assert.deepEqual(ids(ofType(graph, "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider")), []);
            assert.deepEqual(ids(ofType(graph, ACCOUNT).filter((r) => r.inputs["accountId"] === `${prefix}-deploy`)), []);
            assert.deepEqual(ids(ofType(graph, PROJECT_MEMBER).filter((r) => r.inputs["member"] === `serviceAccount:${deployEmail}`)), []);
            assert.deepEqual(ids(ofType(graph, ACCOUNT_MEMBER).filter((r) => String(r.inputs["serviceAccountId"]).endsWith(`/${deployEmail}`))), []);
            assert.deepEqual(ids(ofType(graph, "gcp:organizations/iAMMember:IAMMember")), []);
        });

        it("names the bootstrap's deploy account by its email in the tier accounts' actAs grants, known at preview", () => {
            // actAs on the tier accounts only, which its VMs and node pools run as.
            for (const t of TIERS) {
                const grant = byName(graph, `identity-tier-${t}-deploy-user`);
                assert.deepEqual(grant.inputs, {
                    serviceAccountId: `projects/${project}/serviceAccounts/${email(`${prefix}-t-${t}`)}`,
                    role: "roles/iam.serviceAccountUser",
                    member: `serviceAccount:${deployEmail}`,
                });
                // The member waits for nothing in this stack: the account is the bootstrap's.
                assert.deepEqual(grant.propertyDependencies["member"] ?? [], []);
                assert.deepEqual(grant.propertyDependencies["serviceAccountId"], [byName(graph, `identity-tier-${t}-sa`).urn]);
            }
            const actAs = ofType(graph, ACCOUNT_MEMBER).filter((r) => r.inputs["member"] === `serviceAccount:${deployEmail}`);
            assert.deepEqual(ids(actAs).sort(), TIERS.map((t) => `${ACCOUNT_MEMBER}::identity-tier-${t}-deploy-user`).sort());
        });

        it("lets the deploy account grant every project role the stack grants to others (or its deploys would fail)", () => {
            const others = ofType(graph, PROJECT_MEMBER).filter((r) => r.inputs["member"] !== `serviceAccount:${deployEmail}`);
            const missing = others.filter((r) => !DEPLOY_GRANTABLE_ROLES.includes(String(r.inputs["role"]))).map((r) => `${r.name}: ${r.inputs["role"]}`);
            assert.deepEqual(missing, [], "add these roles to OTHER_PILLAR_PROJECT_ROLES in components/gcp/identity-access.ts");
            assert.ok(DEPLOY_PROJECT_ROLES.every((r) => !DEPLOY_GRANTABLE_ROLES.includes(r)), "the deploy account cannot grant its own roles");
        });

        it("gives admin groups read-only roles standing, and tier accounts only log and metric writing", () => {
            for (const role of ADMIN_READ_ROLES) {
                assert.deepEqual(byName(graph, `identity-admin-zt-platform-admins-${roleSlug(role)}`).inputs, { project, role, member: ADMINS });
            }
            for (const t of TIERS) {
                for (const role of TIER_ROLES) {
                    assert.deepEqual(byName(graph, `identity-tier-${t}-${roleSlug(role)}`).inputs, { project, role, member: `serviceAccount:${email(`${prefix}-t-${t}`)}` });
                }
            }
        });

        it("elevates admins just in time: justification, a peer's approval, at most an hour", () => {
            assert.deepEqual(byName(graph, "identity-pam-admin").inputs, {
                entitlementId: `${prefix}-admin`,
                location: "global",
                parent: `projects/${project}`,
                maxRequestDuration: "3600s",
                requesterJustificationConfig: { unstructured: {} },
                eligibleUsers: [{ principals: [ADMINS] }],
                privilegedAccess: {
                    gcpIamAccess: {
                        resource: `//cloudresourcemanager.googleapis.com/projects/${project}`,
                        resourceType: "cloudresourcemanager.googleapis.com/Project",
                        roleBindings: ELEVATION_ROLES.map((role) => ({ role })),
                    },
                },
                approvalWorkflow: { manualApprovals: { requireApproverJustification: true, steps: [{ approvalsNeeded: 1, approvers: { principals: [ADMINS] } }] } },
            });
        });

        it("uses no primitive role and no user:, domain: or public member anywhere in the identity pillar", () => {
            const roles: string[] = [];
            const members: string[] = [];
            for (const r of childrenOf(graph, IDENTITY)) {
                if (r.type === PROJECT_MEMBER || r.type === ACCOUNT_MEMBER) {
                    roles.push(String(r.inputs["role"]));
                    members.push(String(r.inputs["member"]));
                }
                if (r.type === "gcp:privilegedaccessmanager/entitlement:entitlement") {
                    const s = r.inputs as ReturnType<typeof entitlementSettings>;
                    roles.push(...s.privilegedAccess.gcpIamAccess.roleBindings.map((b) => b.role));
                    members.push(...s.eligibleUsers.flatMap((u) => u.principals), ...s.approvalWorkflow.manualApprovals.steps.flatMap((st) => st.approvers.principals));
                }
            }
            // Tier roles and actAs, admin read roles, the entitlement's roles; members likewise, plus its one eligible and one approver group.
            assert.equal(roles.length, TIERS.length * (TIER_ROLES.length + 1) + ADMIN_READ_ROLES.length + ELEVATION_ROLES.length);
            assert.equal(members.length, TIERS.length * (TIER_ROLES.length + 1) + ADMIN_READ_ROLES.length + 2);
            assert.deepEqual(roles.filter(isPrimitiveRole), []);
            assert.deepEqual(members.filter((m) => !/^(group:|serviceAccount:|principalSet:\/\/|principal:\/\/)/.test(m)), []);
        });
    });
}

describe("GCP identity builders", () => {
    it("builds the nine-constraint baseline: booleans enforced, lists exact and not inherited", () => {
        assert.deepEqual(orgPolicyPlans("C00000000", ["in:europe-west1-locations", "global"]).map((p) => [p.constraint, p.spec]), [
            ["iam.disableServiceAccountKeyCreation", { rules: [{ enforce: "TRUE" }] }],
            ["iam.allowedPolicyMemberDomains", { rules: [{ values: { allowedValues: ["C00000000"] } }], inheritFromParent: false }],
            ["compute.vmExternalIpAccess", { rules: [{ denyAll: "TRUE" }] }],
            ["compute.requireOsLogin", { rules: [{ enforce: "TRUE" }] }],
            ["compute.skipDefaultNetworkCreation", { rules: [{ enforce: "TRUE" }] }],
            ["storage.uniformBucketLevelAccess", { rules: [{ enforce: "TRUE" }] }],
            ["storage.publicAccessPrevention", { rules: [{ enforce: "TRUE" }] }],
            ["sql.restrictPublicIp", { rules: [{ enforce: "TRUE" }] }],
            ["gcp.resourceLocations", { rules: [{ values: { allowedValues: ["in:europe-west1-locations", "global"] } }], inheritFromParent: false }],
        ]);
        assert.throws(() => orgPolicyPlans("example.com", ["global"]), /customerId is "example.com"/);
        assert.throws(() => orgPolicyPlans("C00000000", []), /allowedLocations is empty/);
    });

    it("places the policies at the configured scope", () => {
        assert.equal(policyParent({ kind: "project" }, "p-1", "1001"), "projects/p-1");
        assert.equal(policyParent({ kind: "folder", folderId: "2002" }, "p-1", "1001"), "folders/2002");
        assert.equal(policyParent({ kind: "organization" }, "p-1", "1001"), "organizations/1001");
        assert.equal(policyName("folders/2002", "gcp.resourceLocations"), "folders/2002/policies/gcp.resourceLocations");
    });

    it("pins federation to one exact repository and environment", () => {
        assert.equal(githubAttributeCondition(REPO, "prod"), "assertion.repository == 'example-org/zt-landing-zone' && assertion.environment == 'prod'");
        assert.throws(() => githubAttributeCondition("example-org/*", "prod"), /github.repository/);
        assert.throws(() => githubAttributeCondition(REPO, "pr'od"), /github.environment/);
        assert.throws(() => githubAttributeCondition(REPO, ""), /github.environment/);
        assert.equal(githubPrincipalSet("123", "zt-prod-github", REPO), "principalSet://iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/zt-prod-github/attribute.repository/example-org/zt-landing-zone");
    });

    it("fences projectIamAdmin with modifiedGrantsByRole, at most ten roles per hasOnly", () => {
        assert.deepEqual(delegatedGrantCondition(["roles/b", "roles/a", "roles/a"]).expression, "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/a', 'roles/b'])");
        const roles = Array.from({ length: 12 }, (_, i) => `roles/r${String(i).padStart(2, "0")}`);
        const parts = delegatedGrantCondition(roles).expression.split(" || ");
        assert.equal(parts.length, 2);
        assert.equal((parts[0].match(/'roles\//g) ?? []).length, 10);
        assert.equal((parts[1].match(/'roles\//g) ?? []).length, 2);
        assert.throws(() => delegatedGrantCondition([]), /at least one role/);
    });

    it("scopes the auditors' log access to the audit bucket's view by name", () => {
        const view = "projects/p/locations/europe-west1/buckets/zt-prod-audit/views/_AllLogs";
        assert.deepEqual(auditLogViewCondition(view), {
            title: "audit-log-view-only",
            description: "Reads the audit log bucket's _AllLogs view and no other log view.",
            expression: `resource.name == "${view}"`,
        });
        assert.equal(AUDIT_LOG_VIEW_ROLE, "roles/logging.viewAccessor");
        assert.deepEqual([...AUDITOR_READ_ROLES], ["roles/iam.securityReviewer", "roles/logging.viewer", "roles/monitoring.viewer"]);
    });

    it("keeps every role list predefined and non-primitive, and elevation away from IAM and key administration", () => {
        for (const role of [...DEPLOY_PROJECT_ROLES, ...DEPLOY_ORGANIZATION_ROLES, ...ADMIN_READ_ROLES, ...TIER_ROLES, ...ELEVATION_ROLES, ...DEPLOY_GRANTABLE_ROLES]) {
            assert.match(role, /^roles\/[a-z]+\.[A-Za-z0-9.]+$/, role);
            assert.ok(!isPrimitiveRole(role), role);
        }
        for (const forbidden of ["roles/resourcemanager.projectIamAdmin", "roles/iam.securityAdmin", "roles/iam.serviceAccountAdmin", "roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser", "roles/cloudkms.admin", "roles/storage.admin"]) {
            assert.ok(!(ELEVATION_ROLES as readonly string[]).includes(forbidden), forbidden);
        }
        assert.equal(new Set(DEPLOY_PROJECT_ROLES).size, DEPLOY_PROJECT_ROLES.length);
        assert.equal(roleSlug("roles/compute.instanceAdmin.v1"), "compute-instance-admin-v1");
        assert.equal(roleSlug("roles/iam.workloadIdentityPoolAdmin"), "iam-workload-identity-pool-admin");
    });

    it("builds the entitlement from groups only, with PAM's duration format", () => {
        assert.equal(pamDuration(240), "14400s");
        assert.throws(() => pamDuration(0), /maxElevationMinutes is 0/);
        assert.throws(() => pamDuration(1.5), /maxElevationMinutes is 1.5/);
        const s = entitlementSettings({ project: "p", maxElevationMinutes: 30, eligible: ["group:a@x.com"], approvers: ["group:b@x.com"] });
        assert.equal(s.maxRequestDuration, "1800s");
        assert.deepEqual(s.approvalWorkflow.manualApprovals.steps, [{ approvalsNeeded: 1, approvers: { principals: ["group:b@x.com"] } }]);
        assert.throws(() => entitlementSettings({ project: "p", maxElevationMinutes: 30, eligible: ["user:a@x.com"], approvers: ["group:b@x.com"] }), /"user:a@x.com" is not a group/);
        assert.throws(() => entitlementSettings({ project: "p", maxElevationMinutes: 30, eligible: ["group:a@x.com"], approvers: [] }), /approverGroups is empty/);
    });

    it("keys groups by their config names and refuses non-groups and collisions", () => {
        assert.deepEqual(keyedGroups({ "Sec Auditors": "group:sec@x.com", "ops@x.com": "group:ops@x.com" }, "auditor group"), [["sec-auditors", "group:sec@x.com"], ["ops", "group:ops@x.com"]]);
        assert.throws(() => keyedGroups({ alice: "user:alice@x.com" }, "auditor group"), /groups only/);
        assert.throws(() => keyedGroups({ "a b": "group:1@x.com", "a-b": "group:2@x.com" }, "admin group"), /would share the child name "a-b"/);
    });
});

describe("zt:gcp:Identity and the pack agree on the deploy account", () => {
    it("lists exactly the deploy account's admin roles as the exemption of zt-gcp-iam-sa-no-admin-roles", () => {
        // The pack cannot import components, so the rule keeps a copy; this keeps the copy true.
        assert.deepEqual([...DEPLOY_ADMIN_ROLES].sort(), [...DEPLOY_PROJECT_ROLES, ...DEPLOY_ORGANIZATION_ROLES].filter((r) => isAdminRole(r)).sort());
    });
});
