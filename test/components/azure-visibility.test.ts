import { strict as assert } from "assert";
import { byName, ofType } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph, type CapturedResource } from "../../plan/graph";
import { workspaceRetentionDays } from "../../components/azure/visibility";
import { IMPOSSIBLE_TRAVEL_WINDOW, impossibleTravelQuery } from "../../components/azure/visibility-kql";
import { ACTIVITY_LOG_CATEGORIES, NSG_LOG_CATEGORIES } from "../../components/azure/visibility-diagnostics";
import { defaultNetworkWatcher, flowLogRetention } from "../../components/azure/visibility-flow-logs";
import { ACTIVITY_ALERTS, OWNER_ROLE_ID, actionGroupShortName } from "../../components/azure/visibility-alerts";
import { DEFENDER_PLANS, LEGACY_DNS_PLAN } from "../../components/azure/visibility-defender";
import { ENTRA_LOG_CATEGORIES } from "../../components/azure/visibility-sentinel";

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const componentOf = (g: CapturedGraph, type: string): CapturedResource => {
    const c = g.resources.find((r) => r.type === type);
    assert.ok(c, `${type} registered`);
    return c;
};
const childrenOf = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.parent === componentOf(g, type).urn);
const visibilityOfType = (g: CapturedGraph, type: string) => childrenOf(g, "zt:azure:Visibility").filter((r) => r.type === type);

/** Diagnostic targets the composition passes: every NSG, the vault and the data storage account. */
const TARGETS = ["nsg-app", "nsg-data", "nsg-private-endpoints", "nsg-web", "key-vault", "storage-data", "archive"];
const STORAGE_TARGETS = ["storage-data", "archive"];

function expectedChildren(manageTenant: boolean): string[] {
    return [
        "azure-native:resources:ResourceGroup::visibility-rg",
        "azure-native:operationalinsights:Workspace::visibility-workspace",
        "azure-native:storage:StorageAccount::visibility-archive",
        "azure-native:storage:BlobServiceProperties::visibility-archive-blob",
        "azure-native:network:PrivateEndpoint::visibility-archive-pe",
        "azure-native:network:PrivateDnsZoneGroup::visibility-archive-pe-dns",
        "azure-native:security:DefenderForStorage::visibility-archive-defender",
        "azure-native:monitor:SubscriptionDiagnosticSetting::visibility-activity-log",
        ...TARGETS.map((t) => `azure-native:monitor:DiagnosticSetting::visibility-${t}-diagnostics`),
        ...STORAGE_TARGETS.map((t) => `azure-native:monitor:DiagnosticSetting::visibility-${t}-blob-diagnostics`),
        "azure-native:network:FlowLog::visibility-flow-log-hub",
        "azure-native:network:FlowLog::visibility-flow-log-spoke",
        ...Object.keys(DEFENDER_PLANS).map((p) => `azure-native:security:Pricing::visibility-defender-${p}`),
        "azure-native:security:SecurityContact::visibility-security-contact",
        "azure-native:securityinsights:SentinelOnboardingState::visibility-sentinel",
        "azure-native:securityinsights:ScheduledAlertRule::visibility-impossible-travel",
        "azure-native:securityinsights:AutomationRule::visibility-impossible-travel-response",
        ...(manageTenant ? ["azure-native:aadiam:DiagnosticSetting::visibility-entra-logs"] : []),
        "azure-native:monitor:ActionGroup::visibility-action-group",
        ...Object.keys(ACTIVITY_ALERTS).map((a) => `azure-native:monitor:ActivityLogAlert::visibility-alert-${a}`),
    ].sort();
}

const STACKS = [
    { stack: "azure-prod", prefix: "zt-prod", compact: "ztprod", subscription: "00000000-0000-4000-8000-000000000002", retention: 365, protect: true, lock: "Unlocked", manageTenant: true },
    { stack: "azure-dev", prefix: "zt-dev", compact: "ztdev", subscription: "00000000-0000-4000-8000-000000000001", retention: 90, protect: false, lock: "Unlocked", manageTenant: false },
];

for (const s of STACKS) {
    describe(`zt:azure:Visibility (${s.stack})`, () => {
        let g: CapturedGraph;
        before(async () => { g = await stackGraph(s.stack); });
        const rg = `${s.prefix}-visibility-rg`;
        const workspaceArmId = `/subscriptions/${s.subscription}/resourceGroups/${rg}/providers/Microsoft.OperationalInsights/workspaces/${s.prefix}-law`;
        const archiveArmId = `/subscriptions/${s.subscription}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${s.compact}logs`;

        it(`declares exactly its children${s.manageTenant ? ", with the tenant's Entra export" : ", without the tenant-wide Entra export"}`, () => {
            assert.deepEqual(ids(childrenOf(g, "zt:azure:Visibility")), expectedChildren(s.manageTenant));
        });

        it(`protects exactly the workspace and the archive${s.protect ? "" : " (not in dev)"}`, () => {
            const protectedOnes = childrenOf(g, "zt:azure:Visibility").filter((r) => r.protect).map((r) => r.name).sort();
            assert.deepEqual(protectedOnes, s.protect ? ["visibility-archive", "visibility-workspace"] : []);
        });

        it(`keeps the workspace Entra-only for ${s.retention} days`, () => {
            const w = byName(g, "visibility-workspace");
            assert.deepEqual(
                {
                    workspaceName: w.inputs.workspaceName, resourceGroupName: w.inputs.resourceGroupName, sku: w.inputs.sku,
                    retentionInDays: w.inputs.retentionInDays, features: w.inputs.features,
                    classification: (w.inputs.tags as Record<string, string>)["data-classification"],
                },
                {
                    workspaceName: `${s.prefix}-law`, resourceGroupName: rg, sku: { name: "PerGB2018" },
                    retentionInDays: s.retention, features: { disableLocalAuth: true, enableLogAccessUsingOnlyResourcePermissions: true },
                    classification: "confidential",
                },
            );
        });

        it(`makes the archive immutable (${s.lock}, ${s.retention} days), CMK-encrypted, private and reachable only by trusted services`, () => {
            const a = byName(g, "visibility-archive");
            assert.equal(a.inputs.accountName, `${s.compact}logs`);
            assert.deepEqual(a.inputs.immutableStorageWithVersioning, {
                enabled: true,
                immutabilityPolicy: { immutabilityPeriodSinceCreationInDays: s.retention, state: s.lock, allowProtectedAppendWrites: true },
            });
            const enc = a.inputs.encryption as Record<string, Record<string, unknown>>;
            assert.deepEqual(
                [enc.keySource, enc.keyVaultProperties.keyName, a.inputs.publicNetworkAccess, a.inputs.allowSharedKeyAccess, (a.inputs.networkRuleSet as Record<string, unknown>).bypass],
                ["Microsoft.Keyvault", "logs", "Disabled", false, "AzureServices"],
            );
            assert.equal((a.inputs.tags as Record<string, string>)["data-classification"], "confidential");
            assert.equal(byName(g, "visibility-archive-blob").inputs.isVersioningEnabled, true);
        });

        it("sends every activity-log category to the workspace and the archive", () => {
            const al = byName(g, "visibility-activity-log");
            assert.deepEqual(al.inputs, {
                name: `${s.prefix}-activity-log`,
                workspaceId: workspaceArmId,
                storageAccountId: archiveArmId,
                logs: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
            });
            for (const c of ["Administrative", "Security", "Policy"]) assert.ok(ACTIVITY_LOG_CATEGORIES.includes(c as never), c);
        });

        it("gives every NSG, vault and storage account in the stack a diagnostic setting of its kind", () => {
            const settings = visibilityOfType(g, "azure-native:monitor:DiagnosticSetting");
            for (const d of settings) assert.equal(d.inputs.workspaceId, workspaceArmId, d.name);
            const settingOf = (r: CapturedResource, physical: unknown, suffix = "") => {
                const found = settings.filter((d) => d.inputs.resourceUri === `${r.name}-id${suffix}` || String(d.inputs.resourceUri).endsWith(`/${physical}${suffix}`));
                assert.equal(found.length, 1, `${r.name}${suffix}: one diagnostic setting`);
                return found[0];
            };
            const nsgs = ofType(g, "azure-native:network:NetworkSecurityGroup");
            assert.ok(nsgs.length > 0);
            for (const nsg of nsgs) {
                const d = settingOf(nsg, nsg.inputs.networkSecurityGroupName);
                assert.deepEqual([d.inputs.logs, d.inputs.metrics], [NSG_LOG_CATEGORIES.map((category) => ({ category, enabled: true })), []], nsg.name);
            }
            for (const vault of ofType(g, "azure-native:keyvault:Vault")) {
                const d = settingOf(vault, vault.inputs.vaultName);
                assert.deepEqual([d.inputs.logs, d.inputs.metrics], [[{ categoryGroup: "allLogs", enabled: true }], [{ category: "AllMetrics", enabled: true }]], vault.name);
            }
            const accounts = ofType(g, "azure-native:storage:StorageAccount");
            assert.equal(accounts.length, 2, "the data account and the archive");
            for (const account of accounts) {
                const metricsOnly = settingOf(account, account.inputs.accountName);
                assert.deepEqual([metricsOnly.inputs.logs, metricsOnly.inputs.metrics], [[], [{ category: "AllMetrics", enabled: true }]], account.name);
                const blob = settingOf(account, account.inputs.accountName, "/blobServices/default");
                assert.deepEqual(blob.inputs.logs, [{ categoryGroup: "allLogs", enabled: true }], account.name);
            }
        });

        it("flow-logs every virtual network into the archive, with traffic analytics every 10 minutes", () => {
            const vnets = ofType(g, "azure-native:network:VirtualNetwork");
            const logs = visibilityOfType(g, "azure-native:network:FlowLog");
            assert.equal(vnets.length, 2);
            for (const vnet of vnets) {
                const log = logs.find((l) => l.inputs.targetResourceId === `${vnet.name}-id`);
                assert.ok(log, `${vnet.name} has a flow log`);
                const { flowAnalyticsConfiguration, tags, flowLogName, targetResourceId, ...rest } = log.inputs;
                void tags; void targetResourceId;
                assert.match(String(flowLogName), new RegExp(`^${s.prefix}-(hub|spoke)-flow-log$`));
                assert.deepEqual(rest, {
                    networkWatcherName: "NetworkWatcher_westeurope",
                    resourceGroupName: "NetworkWatcherRG",
                    location: "westeurope",
                    storageId: archiveArmId,
                    enabled: true,
                    format: { type: "JSON", version: 2 },
                    retentionPolicy: { enabled: true, days: s.retention },
                });
                // The customer id is an output of the workspace: unknown at preview.
                assert.deepEqual(flowAnalyticsConfiguration, {
                    networkWatcherFlowAnalyticsConfiguration: {
                        enabled: true, workspaceId: UNKNOWN_SENTINEL, workspaceRegion: "westeurope", workspaceResourceId: workspaceArmId, trafficAnalyticsInterval: 10,
                    },
                });
            }
        });

        it("puts the Defender plans on Standard, one after the other, with Storage v2's scanning extensions and DNS through Servers P2", () => {
            const plans = visibilityOfType(g, "azure-native:security:Pricing");
            const byPlan = Object.fromEntries(plans.map((p) => [p.inputs.pricingName, p]));
            // No stand-alone Dns plan (new subscribers cannot buy it): Servers P2 carries the DNS alerts.
            assert.deepEqual(Object.keys(byPlan).sort(), ["Arm", "Containers", "KeyVaults", "StorageAccounts", "VirtualMachines"]);
            for (const p of plans) assert.deepEqual([p.inputs.pricingTier, p.inputs.scopeId], ["Standard", `/subscriptions/${s.subscription}`], p.name);
            assert.deepEqual(
                Object.fromEntries(plans.map((p) => [p.inputs.pricingName, p.inputs.subPlan ?? null])),
                { VirtualMachines: "P2", Containers: null, KeyVaults: "PerKeyVault", StorageAccounts: "DefenderForStorageV2", Arm: "PerSubscription" },
            );
            assert.deepEqual(byPlan.StorageAccounts.inputs.extensions, [
                { name: "OnUploadMalwareScanning", isEnabled: "True", additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: "5000" } },
                { name: "SensitiveDataDiscovery", isEnabled: "True" },
            ]);
            const slugs = Object.keys(DEFENDER_PLANS);
            for (let i = 1; i < slugs.length; i++) {
                const prev = byName(g, `visibility-defender-${slugs[i - 1]}`);
                assert.ok(byName(g, `visibility-defender-${slugs[i]}`).dependencies.includes(prev.urn), `${slugs[i]} waits for ${slugs[i - 1]}`);
            }
        });

        it("notifies Owners of Defender alerts of Medium severity and above", () => {
            // The stack files configure no addresses, so no emails are set.
            assert.deepEqual(byName(g, "visibility-security-contact").inputs, {
                securityContactName: "default",
                isEnabled: true,
                notificationsByRole: { state: "On", roles: ["Owner"] },
                notificationsSources: [{ sourceType: "Alert", minimalSeverity: "Medium" }],
            });
        });

        it("onboards Sentinel and runs the impossible-travel rule hourly, High, mapped to the account", () => {
            const onboarding = byName(g, "visibility-sentinel");
            assert.deepEqual(onboarding.inputs, { resourceGroupName: rg, workspaceName: `${s.prefix}-law`, sentinelOnboardingStateName: "default" });
            const rule = byName(g, "visibility-impossible-travel");
            assert.ok(rule.dependencies.includes(onboarding.urn), "the rule waits for onboarding");
            const i = rule.inputs;
            assert.deepEqual(
                [i.kind, i.enabled, i.severity, i.query, i.queryFrequency, i.queryPeriod, i.triggerOperator, i.triggerThreshold, i.tactics, i.workspaceName],
                ["Scheduled", true, "High", impossibleTravelQuery(), "PT1H", "PT1H", "GreaterThan", 0, ["InitialAccess"], `${s.prefix}-law`],
            );
            assert.match(String(i.ruleId), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            assert.deepEqual(i.entityMappings, [{
                entityType: "Account",
                fieldMappings: [{ identifier: "FullName", columnName: "UserPrincipalName" }, { identifier: "AadUserId", columnName: "UserId" }],
            }]);
            assert.equal((i.incidentConfiguration as Record<string, unknown>).createIncident, true);
        });

        it("escalates the rule's incidents and adds containment tasks", () => {
            const rule = byName(g, "visibility-impossible-travel");
            const auto = byName(g, "visibility-impossible-travel-response");
            assert.deepEqual(auto.inputs.triggeringLogic, {
                isEnabled: true,
                triggersOn: "Incidents",
                triggersWhen: "Created",
                conditions: [{
                    conditionType: "Property",
                    conditionProperties: { propertyName: "IncidentRelatedAnalyticRuleIds", operator: "Contains", propertyValues: ["visibility-impossible-travel-id"] },
                }],
            });
            assert.ok(auto.dependencies.includes(rule.urn));
            const actions = auto.inputs.actions as { actionType: string; order: number; actionConfiguration: Record<string, unknown> }[];
            assert.deepEqual(actions.map((a) => [a.actionType, a.order]), [["ModifyProperties", 1], ["AddIncidentTask", 2], ["AddIncidentTask", 3]]);
            assert.deepEqual(actions[0].actionConfiguration, { severity: "High", status: "Active", labels: [{ labelName: "impossible-travel" }, { labelName: "identity-compromise" }] });
        });

        if (s.manageTenant) {
            it("exports the Entra sign-in, audit and risk logs to the workspace and the archive", () => {
                assert.deepEqual(byName(g, "visibility-entra-logs").inputs, {
                    name: `${s.prefix}-entra-logs`,
                    workspaceId: workspaceArmId,
                    storageAccountId: archiveArmId,
                    logs: ENTRA_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
                });
                for (const c of ["SignInLogs", "NonInteractiveUserSignInLogs", "AuditLogs", "RiskyUsers", "UserRiskEvents"]) {
                    assert.ok(ENTRA_LOG_CATEGORIES.includes(c as never), c);
                }
            });
        }

        it("wires the policy-assignment and NSG activity-log alerts to the action group", () => {
            const group = byName(g, "visibility-action-group");
            assert.deepEqual(
                [group.inputs.actionGroupName, group.inputs.location, group.inputs.groupShortName, group.inputs.enabled, group.inputs.emailReceivers, group.inputs.armRoleReceivers],
                [`${s.prefix}-security`, "global", s.prefix, true, [], [{ name: "subscription-owners", roleId: OWNER_ROLE_ID, useCommonAlertSchema: true }]],
            );
            const alertsDeclared = visibilityOfType(g, "azure-native:monitor:ActivityLogAlert");
            assert.deepEqual(
                alertsDeclared.map((a) => (a.inputs.condition as { allOf: { field: string; equals: string }[] }).allOf).sort((x, y) => x[1].equals.localeCompare(y[1].equals)),
                [
                    "Microsoft.Authorization/policyAssignments/delete",
                    "Microsoft.Network/networkSecurityGroups/delete",
                    "Microsoft.Network/networkSecurityGroups/securityRules/delete",
                    "Microsoft.Network/networkSecurityGroups/securityRules/write",
                    "Microsoft.Network/networkSecurityGroups/write",
                ].map((op) => [{ field: "category", equals: "Administrative" }, { field: "operationName", equals: op }]),
            );
            for (const a of alertsDeclared) {
                assert.deepEqual(
                    [a.inputs.enabled, a.inputs.location, a.inputs.scopes, a.inputs.actions],
                    [true, "global", [`/subscriptions/${s.subscription}`], { actionGroups: [{ actionGroupId: "visibility-action-group-id" }] }],
                    a.name,
                );
                assert.ok(a.dependencies.includes(group.urn), a.name);
            }
        });
    });
}

describe("Azure visibility helpers", () => {
    it("builds an impossible-travel query over successful SigninLogs, one hour, more than one country", () => {
        const q = impossibleTravelQuery();
        assert.equal(IMPOSSIBLE_TRAVEL_WINDOW, "1h");
        assert.match(q, /^let window = 1h;\nSigninLogs\n/);
        assert.match(q, /\| where TimeGenerated > ago\(window\)\n/);
        assert.match(q, /\| where ResultType == "0"\n/);
        assert.match(q, /tostring\(LocationDetails\.countryOrRegion\)/);
        assert.match(q, /CountryCount = dcount\(Country\)/);
        assert.match(q, /by UserPrincipalName, UserId\n/);
        assert.match(q, /\| where CountryCount > 1$/);
        assert.match(impossibleTravelQuery("30m"), /^let window = 30m;/);
    });

    it("offers the stand-alone DNS plan only as an opt-in", () => {
        assert.deepEqual(LEGACY_DNS_PLAN, { dns: { pricingName: "Dns" } });
        assert.ok(!Object.values(DEFENDER_PLANS).some((p) => p.pricingName === "Dns"));
    });

    it("caps the workspace's retention to what it accepts (30–730 days)", () => {
        assert.deepEqual([1, 30, 90, 365, 730, 731, 3653].map(workspaceRetentionDays), [30, 30, 90, 365, 730, 730, 730]);
    });

    it("keeps flow logs for the period, or never deletes them beyond the 365 days the setting takes", () => {
        assert.deepEqual(flowLogRetention(90), { enabled: true, days: 90 });
        assert.deepEqual(flowLogRetention(365), { enabled: true, days: 365 });
        assert.deepEqual(flowLogRetention(366), { enabled: false, days: 0 });
    });

    it("defaults to the Network Watcher Azure creates, and shortens the action group's name to 12 characters", () => {
        assert.deepEqual(defaultNetworkWatcher("westeurope"), { name: "NetworkWatcher_westeurope", resourceGroupName: "NetworkWatcherRG" });
        assert.equal(actionGroupShortName("zt-prod"), "zt-prod");
        assert.equal(actionGroupShortName("contoso-prod"), "contoso-prod");
        assert.equal(actionGroupShortName("contoso1-prod"), "contoso1-pro");
        assert.equal(actionGroupShortName("contosoabcd-prod"), "contosoabcd");
    });
});
