import { strict as assert } from "assert";
import {
    AZURE_ROLES,
    ENTRA_ADMIN_ROLES,
    activationDuration,
    conditionalAccessPlans,
    conditionalAccessState,
    pimPolicyRules,
} from "../../components/azure/identity-access";
import { BUILTIN_POLICIES, DIAGNOSTIC_RESOURCE_TYPES, STORAGE_TLS_POLICY, builtinPolicyId, policyAssignmentPlans, type BuiltinPolicy } from "../../components/azure/identity-policies";
import { MANAGED_TYPES, UNASSIGNABLE_ROLES, auditorActions, deployerActions, privilegedRoleCondition } from "../../components/azure/identity-roles";
import { keyed, MAX_ACTIVATION_MINUTES } from "../../components/azure/identity";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REGEX = "^ztprodacr\\.azurecr\\.io/.+$";

describe("Azure identity builders: policy assignments", () => {
    it("keeps one verified GUID per built-in, all distinct", () => {
        const guids = Object.values(BUILTIN_POLICIES).map((p) => p.guid);
        assert.ok(guids.every((g) => GUID.test(g)));
        assert.equal(new Set(guids).size, guids.length);
        assert.deepEqual(Object.fromEntries(Object.entries(BUILTIN_POLICIES).map(([k, p]) => [k, p.guid])), {
            allowedImages: "febd0533-8e55-448f-b837-bd0e06f16469",
            nicNoPublicIp: "83a86a26-fd1f-447c-b59d-e51f44264114",
            keyVaultPublicNetwork: "405c5871-3e91-4644-8a63-58e19d68ff5b",
            storagePublicNetwork: "b2982f36-99f2-4db5-8eff-283140c09693",
            keyVaultPrivateLink: "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",
            storagePrivateLink: "6edd7eda-6dd8-40f7-810d-67160c639cd9",
            diagnosticSettings: "7f89b1eb-583c-429a-8828-af049802c1d9",
        });
        assert.equal(builtinPolicyId("nicNoPublicIp"), "/providers/Microsoft.Authorization/policyDefinitions/83a86a26-fd1f-447c-b59d-e51f44264114");
    });

    for (const enforcement of ["deny", "audit"] as const) {
        it(`passes only effects each definition allows (${enforcement})`, () => {
            for (const plan of policyAssignmentPlans(enforcement, REGEX)) {
                const effect = plan.parameters["effect"]?.value;
                const allowed: readonly string[] = plan.definition === "storageMinTls"
                    ? STORAGE_TLS_POLICY.parameters.effect.allowedValues
                    : (BUILTIN_POLICIES[plan.definition] as BuiltinPolicy).effects;
                if (allowed.length === 0) assert.equal(effect, undefined, `${plan.key} has no effect parameter`);
                else assert.ok(allowed.includes(effect as string), `${plan.key}: ${String(effect)} in ${allowed.join(", ")}`);
            }
        });
    }

    it("denies in deny mode and audits in audit mode, switching the deny-only definition to DoNotEnforce", () => {
        const summary = (e: "deny" | "audit") => Object.fromEntries(policyAssignmentPlans(e, REGEX).map((p) => [p.key, [p.parameters["effect"]?.value ?? null, p.enforcementMode]]));
        assert.deepEqual(summary("deny"), {
            "allowed-images": ["Deny", "Default"],
            "storage-min-tls": ["Deny", "Default"],
            "nic-no-public-ip": [null, "Default"],
            "kv-public-network": ["Deny", "Default"],
            "storage-public-network": ["Deny", "Default"],
            "kv-private-link": ["Audit", "Default"],
            "storage-private-link": ["AuditIfNotExists", "Default"],
            "diagnostic-settings": [null, "Default"],
        });
        assert.deepEqual(summary("audit"), {
            "allowed-images": ["Audit", "Default"],
            "storage-min-tls": ["Audit", "Default"],
            "nic-no-public-ip": [null, "DoNotEnforce"],
            "kv-public-network": ["Audit", "Default"],
            "storage-public-network": ["Audit", "Default"],
            "kv-private-link": ["Audit", "Default"],
            "storage-private-link": ["AuditIfNotExists", "Default"],
            "diagnostic-settings": [null, "Default"],
        });
    });

    it("passes the image regex and the diagnostic resource types as parameters", () => {
        const plans = Object.fromEntries(policyAssignmentPlans("deny", REGEX).map((p) => [p.key, p.parameters]));
        assert.deepEqual(plans["allowed-images"]["allowedContainerImagesRegex"], { value: REGEX });
        assert.deepEqual(plans["diagnostic-settings"], { listOfResourceTypes: { value: [...DIAGNOSTIC_RESOURCE_TYPES] } });
        assert.ok(!DIAGNOSTIC_RESOURCE_TYPES.some((t) => t === ("Microsoft.Network/networkSecurityGroups" as string)), "NSGs have no metrics, so the built-in could never pass them");
    });

    it("denies storage accounts whose minimum TLS version is missing or below 1.2", () => {
        assert.deepEqual(STORAGE_TLS_POLICY.policyRule, {
            if: {
                allOf: [
                    { field: "type", equals: "Microsoft.Storage/storageAccounts" },
                    {
                        anyOf: [
                            { field: "Microsoft.Storage/storageAccounts/minimumTlsVersion", exists: "false" },
                            { field: "Microsoft.Storage/storageAccounts/minimumTlsVersion", notIn: ["TLS1_2", "TLS1_3"] },
                        ],
                    },
                ],
            },
            then: { effect: "[parameters('effect')]" },
        });
        assert.equal(STORAGE_TLS_POLICY.parameters.effect.defaultValue, "Deny");
    });
});

describe("Azure identity builders: conditional access", () => {
    const emergency = "11111111-1111-4111-8111-111111111111";
    const location = "22222222-2222-4222-8222-222222222222";

    it("maps report-only to Graph's state name", () => {
        assert.equal(conditionalAccessState("enabled"), "enabled");
        assert.equal(conditionalAccessState("reportOnly"), "enabledForReportingButNotEnforced");
    });

    it("excludes the emergency-access group from every policy, and only it", () => {
        for (const plan of conditionalAccessPlans({ prefix: "zt", emergencyGroupId: emergency, trustedLocationId: location })) {
            assert.deepEqual(plan.conditions.users.excludedGroups, [emergency], plan.key);
        }
    });

    it("targets admins by their directory role template ids, Global Administrator included", () => {
        assert.equal(ENTRA_ADMIN_ROLES["Global Administrator"], "62e90394-69f5-4237-9190-012177145e10");
        assert.ok(Object.values(ENTRA_ADMIN_ROLES).every((id) => GUID.test(id)));
        const plans = Object.fromEntries(conditionalAccessPlans({ prefix: "zt", emergencyGroupId: emergency }).map((p) => [p.key, p]));
        for (const key of ["admin-mfa", "admin-compliant-device"]) {
            assert.deepEqual(plans[key].conditions.users, { includedRoles: Object.values(ENTRA_ADMIN_ROLES), excludedGroups: [emergency] });
        }
        assert.deepEqual(plans["admin-mfa"].grantControls, { operator: "OR", builtInControls: ["mfa"] });
        assert.deepEqual(plans["admin-compliant-device"].grantControls, { operator: "AND", builtInControls: ["mfa", "compliantDevice"] });
    });

    it("exempts the trusted location from the device requirement only when there is one", () => {
        const device = (trustedLocationId?: string) =>
            conditionalAccessPlans({ prefix: "zt", emergencyGroupId: emergency, trustedLocationId }).find((p) => p.key === "admin-compliant-device")!.conditions.locations;
        assert.deepEqual(device(location), { includedLocations: ["All"], excludedLocations: [location] });
        assert.equal(device(undefined), undefined);
    });

    it("covers all users, apps and client types for the risk policies, and the two legacy client types for the block", () => {
        const plans = Object.fromEntries(conditionalAccessPlans({ prefix: "zt", emergencyGroupId: emergency }).map((p) => [p.key, p]));
        for (const key of ["signin-risk-mfa", "user-risk-mfa"]) {
            assert.deepEqual(plans[key].conditions.users.includedUsers, ["All"]);
            assert.deepEqual(plans[key].conditions.applications, { includedApplications: ["All"] });
            assert.deepEqual(plans[key].conditions.clientAppTypes, ["all"]);
            assert.deepEqual(plans[key].grantControls, { operator: "OR", builtInControls: ["mfa"] });
        }
        assert.deepEqual(plans["block-legacy-auth"].conditions.clientAppTypes, ["exchangeActiveSync", "other"]);
        assert.deepEqual(plans["block-legacy-auth"].grantControls, { operator: "OR", builtInControls: ["block"] });
    });
});

describe("Azure identity builders: PIM", () => {
    const approvers = ["33333333-3333-4333-8333-333333333333", "44444444-4444-4444-8444-444444444444"];
    const rule = (id: string, minutes = 60) => {
        const r = pimPolicyRules(minutes, approvers).find((x) => x.id === id);
        assert.ok(r, id);
        return r as Record<string, unknown>;
    };

    it("caps activation at the configured minutes, which never exceed four hours", () => {
        assert.equal(rule("Expiration_EndUser_Assignment", 90)["maximumDuration"], "PT90M");
        assert.equal(activationDuration(MAX_ACTIVATION_MINUTES), "PT240M");
        assert.equal(rule("Expiration_EndUser_Assignment")["isExpirationRequired"], true);
    });

    it("requires MFA and a justification to activate, and to assign actively", () => {
        assert.deepEqual(rule("Enablement_EndUser_Assignment")["enabledRules"], ["MultiFactorAuthentication", "Justification"]);
        assert.deepEqual(rule("Enablement_Admin_Assignment")["enabledRules"], ["MultiFactorAuthentication", "Justification"]);
        assert.deepEqual(rule("Expiration_Admin_Assignment")["maximumDuration"], "P15D");
    });

    it("requires one approver group member's approval, with justifications", () => {
        const setting = rule("Approval_EndUser_Assignment")["setting"] as Record<string, unknown>;
        assert.equal(setting["isApprovalRequired"], true);
        assert.equal(setting["isRequestorJustificationRequired"], true);
        assert.deepEqual(setting["approvalStages"], [{
            approvalStageTimeOutInDays: 1,
            isApproverJustificationRequired: true,
            escalationTimeInMinutes: 0,
            isEscalationEnabled: false,
            primaryApprovers: approvers.map((id) => ({ id, userType: "Group", isBackup: false })),
        }]);
    });

    it("lets eligibility itself stand (it grants nothing until activated)", () => {
        assert.deepEqual(rule("Expiration_Admin_Eligibility"), {
            id: "Expiration_Admin_Eligibility",
            ruleType: "RoleManagementPolicyExpirationRule",
            isExpirationRequired: false,
            target: { caller: "Admin", operations: ["All"], level: "Eligibility" },
        });
    });
});

describe("Azure identity builders: custom roles", () => {
    const deployer = deployerActions();
    const auditor = auditorActions();
    /** What the deployer may do in Microsoft.Authorization: the objects this landing zone manages, nothing else. */
    const AUTHORIZATION_ALLOWED = [
        "Microsoft.Authorization/policyAssignments/delete", "Microsoft.Authorization/policyAssignments/read", "Microsoft.Authorization/policyAssignments/write",
        "Microsoft.Authorization/policyDefinitions/delete", "Microsoft.Authorization/policyDefinitions/read", "Microsoft.Authorization/policyDefinitions/write",
        "Microsoft.Authorization/roleAssignments/delete", "Microsoft.Authorization/roleAssignments/read", "Microsoft.Authorization/roleAssignments/write",
        "Microsoft.Authorization/roleDefinitions/read",
        "Microsoft.Authorization/roleEligibilityScheduleRequests/read", "Microsoft.Authorization/roleEligibilityScheduleRequests/write",
        "Microsoft.Authorization/roleEligibilitySchedules/read",
        "Microsoft.Authorization/roleManagementPolicies/read", "Microsoft.Authorization/roleManagementPolicies/write",
        "Microsoft.Authorization/roleManagementPolicyAssignments/read",
    ];

    it("lists every action explicitly, sorted and once", () => {
        for (const actions of [deployer, auditor]) {
            assert.ok(actions.every((a) => !a.includes("*") && /^Microsoft\.[A-Za-z]+\/[A-Za-z/]+$/.test(a)), "no wildcard, well-formed");
            assert.deepEqual(actions, [...new Set(actions)].sort());
        }
    });

    it("gives the deployer only the authorization actions it must manage, never its own role definition", () => {
        assert.deepEqual(deployer.filter((a) => a.startsWith("Microsoft.Authorization/")), AUTHORIZATION_ALLOWED);
        assert.ok(!deployer.includes("Microsoft.Authorization/roleDefinitions/write"));
    });

    it("lets the deployer manage each declared type and nothing that returns a key", () => {
        for (const t of MANAGED_TYPES) assert.ok(["read", "write", "delete"].every((v) => deployer.includes(`${t}/${v}`)), t);
        assert.deepEqual(deployer.filter((a) => /listkeys|sharedkeys|regeneratekey|listcredentials|listAccountSas|listServiceSas/i.test(a)), []);
        assert.ok(!deployer.some((a) => a.startsWith("Microsoft.Management/")), "management groups are a tenant-level bootstrap");
    });

    it("gives the auditor reads only: no writes, deletes, keys or credentials", () => {
        const notRead = auditor.filter((a) => !a.endsWith("/read"));
        assert.deepEqual(notRead, ["Microsoft.OperationalInsights/workspaces/analytics/query/action", "Microsoft.OperationalInsights/workspaces/search/action"]);
        assert.deepEqual(auditor.filter((a) => /\/(write|delete)$|listkeys|sharedkeys|listcredential|listclusteruser|listclusteradmin/i.test(a)), []);
        for (const read of ["Microsoft.Security/pricings/read", "Microsoft.Authorization/policyAssignments/read", "Microsoft.Insights/eventtypes/values/read", "Microsoft.Authorization/roleEligibilitySchedules/read"]) {
            assert.ok(auditor.includes(read), read);
        }
    });

    it("fences the deployer's role assignments away from Owner, Contributor, the access administrators and the deployer role itself, on write and delete", () => {
        assert.deepEqual([...UNASSIGNABLE_ROLES], [AZURE_ROLES.owner, AZURE_ROLES.contributor, AZURE_ROLES.userAccessAdministrator, AZURE_ROLES.rbacAdministrator]);
        const deployer = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
        const condition = privilegedRoleCondition(deployer);
        const list = `{${[...UNASSIGNABLE_ROLES, deployer].join(", ")}}`;
        assert.equal(condition.split(list).length - 1, 2, "both clauses name every role");
        assert.ok(condition.includes("@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals"));
        assert.ok(condition.includes("@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAllValues:GuidNotEquals"));
        assert.ok(condition.includes("!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})") && condition.includes("!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})"));
    });
});

describe("Azure identity builders: group keys", () => {
    it("keys a list by position and a record by its slugged display names", () => {
        assert.deepEqual(keyed(["a", "b"]), [["0", "a"], ["1", "b"]]);
        assert.deepEqual(keyed({ "Platform Admins": "a", "zt-auditors": "b" }), [["platform-admins", "a"], ["zt-auditors", "b"]]);
    });

    it("refuses display names that would share a child name or have none", () => {
        assert.throws(() => keyed({ "***": "a" }), /group "\*\*\*" has no letters or digits/);
        assert.throws(() => keyed({ "Platform Admins": "a", "platform-admins": "b" }), /groups "Platform Admins" and "platform-admins" would share the child name "platform-admins"/);
    });
});
