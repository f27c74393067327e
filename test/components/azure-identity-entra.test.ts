import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { REPO_ROOT, stackGraph } from "../support/graphs";
import { PROJECT, readStackConfig } from "../../config/stack-file";
import { captureProgram } from "../../plan/capture";
import type { CapturedGraph } from "../../plan/graph";
import { offlineGroupId } from "../../plan/invokes";
import { PIM_ROLES, conditionalAccessPlans, pimPolicyRules } from "../../components/azure/identity-access";
import { stableGuid } from "../../components/azure/names";

const SUBSCRIPTION = "00000000-0000-4000-8000-000000000002";
const TENANT = "00000000-0000-4000-8000-0000000000aa";
const SCOPE = `/subscriptions/${SUBSCRIPTION}`;
/** The SDK's placeholder for a value only known after deployment. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const CA_TYPE = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";

const identityChildren = (g: CapturedGraph) => {
    const parent = g.resources.find((r) => r.type === "zt:azure:Identity");
    assert.ok(parent);
    return g.resources.filter((r) => r.parent === parent.urn).map((r) => `${r.type}::${r.name}`).sort();
};
/** A plan's conditions as captured: the emergency group's object id (and the location's) are only known after deployment. */
const capturedConditions = (trusted: boolean) =>
    conditionalAccessPlans({ prefix: "zt-prod", emergencyGroupId: UNKNOWN, ...(trusted ? { trustedLocationId: UNKNOWN } : {}) });

describe("zt:azure:Identity conditional access (azure-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("azure-prod"); });

    it("creates a role-assignable emergency-access group that documents its purpose", () => {
        const group = byName(graph, "identity-emergency-access");
        assert.deepEqual({ ...group.inputs, description: undefined }, {
            displayName: "zt-prod-emergency-access",
            description: undefined,
            securityEnabled: true,
            mailEnabled: false,
            assignableToRole: true,
            preventDuplicateNames: true,
        });
        assert.match(String(group.inputs["description"]), /^Break-glass accounts only: excluded from every conditional access policy/);
    });

    it("declares no trusted named location when no trusted ranges are configured", () => {
        assert.deepEqual(graph.resources.filter((r) => r.type === "azuread:index/namedLocation:NamedLocation").map((r) => r.name), []);
    });

    it("enables each baseline policy with its exact conditions and grant controls, excluding the emergency group", () => {
        const group = byName(graph, "identity-emergency-access");
        for (const plan of capturedConditions(false)) {
            const r = byName(graph, `identity-ca-${plan.key}`);
            assert.deepEqual(r.inputs, { displayName: plan.displayName, state: "enabled", conditions: plan.conditions, grantControls: plan.grantControls }, plan.key);
            assert.ok(r.propertyDependencies["conditions"].includes(group.urn), `${plan.key} excludes the emergency group`);
        }
    });

    it("asks for MFA on risky sign-ins and risky users in two policies, since one policy ANDs its conditions", () => {
        const risk = (key: string) => byName(graph, `identity-ca-${key}`).inputs["conditions"] as Record<string, unknown>;
        assert.deepEqual([risk("signin-risk-mfa")["signInRiskLevels"], risk("signin-risk-mfa")["userRiskLevels"]], [["high", "medium"], undefined]);
        assert.deepEqual([risk("user-risk-mfa")["userRiskLevels"], risk("user-risk-mfa")["signInRiskLevels"]], [["high", "medium"], undefined]);
    });

    it("blocks legacy authentication for everyone", () => {
        const r = byName(graph, "identity-ca-block-legacy-auth");
        assert.deepEqual((r.inputs["conditions"] as Record<string, unknown>)["clientAppTypes"], ["exchangeActiveSync", "other"]);
        assert.deepEqual(r.inputs["grantControls"], { operator: "OR", builtInControls: ["block"] });
    });
});

describe("zt:azure:Identity with management groups, trusted networks, auditors and report-only access (azure-prod variant)", () => {
    let graph: CapturedGraph;
    before(async () => {
        const { config, placeholders } = readStackConfig("azure-prod", REPO_ROOT);
        const azure = JSON.parse(config["zt-landing-zone:azure"]);
        config["zt-landing-zone:azure"] = JSON.stringify({
            ...azure,
            managementGroups: { parentId: TENANT },
            entra: { trustedRanges: ["203.0.113.0/24"], conditionalAccessState: "reportOnly" },
            auditorGroups: ["zt-auditors"],
            approverGroups: ["zt-security-approvers"],
        });
        graph = (await captureProgram({ project: PROJECT, stack: "azure-prod", programDir: REPO_ROOT, config, secretPlaceholders: placeholders })).graph;
    });

    it("adds the three management groups, the subscription's placement, the trusted location and the auditor assignment", () => {
        const extra = [
            ...["platform", "landing-zones", "sandbox"].map((k) => `azure-native:management:ManagementGroup::identity-mg-${k}`),
            "azure-native:management:ManagementGroupSubscription::identity-mg-subscription",
            "azuread:index/namedLocation:NamedLocation::identity-trusted-location",
            "azure-native:authorization:RoleAssignment::identity-auditor-zt-auditors",
        ];
        const base = identityChildren(graph).filter((c) => !extra.includes(c));
        assert.equal(base.length, 22, "the shipped prod children are all still there (the deploy identity is the bootstrap's)");
        assert.deepEqual(identityChildren(graph).filter((c) => extra.includes(c)), [...extra].sort());
    });

    it("hangs the hierarchy under the configured parent and moves the subscription into landing-zones", () => {
        for (const key of ["platform", "landing-zones", "sandbox"]) {
            assert.deepEqual(byName(graph, `identity-mg-${key}`).inputs, {
                groupId: `zt-prod-${key}`,
                displayName: `zt-prod ${key}`,
                details: { parent: { id: `/providers/Microsoft.Management/managementGroups/${TENANT}` } },
            });
        }
        const placement = byName(graph, "identity-mg-subscription");
        assert.deepEqual(placement.inputs, { groupId: "zt-prod-landing-zones" });
        assert.deepEqual(placement.propertyDependencies["groupId"], [byName(graph, "identity-mg-landing-zones").urn]);
    });

    it("trusts the configured ranges and exempts only them from the admins' compliant-device policy", () => {
        const location = byName(graph, "identity-trusted-location");
        assert.deepEqual(location.inputs, { displayName: "zt-prod trusted networks", ip: { ipRanges: ["203.0.113.0/24"], trusted: true } });
        const admin = byName(graph, "identity-ca-admin-compliant-device");
        assert.deepEqual((admin.inputs["conditions"] as Record<string, unknown>)["locations"], { includedLocations: ["All"], excludedLocations: [UNKNOWN] });
        assert.ok(admin.propertyDependencies["conditions"].includes(location.urn));
        const others = capturedConditions(true).filter((p) => p.key !== "admin-compliant-device");
        assert.ok(others.every((p) => p.conditions.locations === undefined), "only the device policy depends on location");
    });

    it("runs every policy report-only when configured so", () => {
        const states = graph.resources.filter((r) => r.type === CA_TYPE).map((r) => r.inputs["state"]);
        assert.deepEqual(states, Array(5).fill("enabledForReportingButNotEnforced"));
    });

    it("gives the auditor group the auditor role, named by a GUID of scope, role and group", () => {
        const group = offlineGroupId("zt-auditors");
        const auditorGuid = stableGuid(`${SCOPE}|role|zt-prod-auditor`);
        assert.deepEqual(byName(graph, "identity-auditor-zt-auditors").inputs, {
            roleAssignmentName: stableGuid(`${SCOPE}|${auditorGuid}|${group}`),
            scope: SCOPE,
            roleDefinitionId: `${SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${auditorGuid}`,
            principalId: group,
            principalType: "Group",
        });
    });

    it("routes activation approvals to the configured approver group, not the admins", () => {
        for (const role of PIM_ROLES) {
            assert.deepEqual(byName(graph, `identity-pim-${role}`).inputs["rules"], JSON.parse(JSON.stringify(pimPolicyRules(60, [offlineGroupId("zt-security-approvers")]))));
        }
    });
});
