/**
 * Microsoft Sentinel on the landing zone's workspace: onboarding, the impossible-travel analytics
 * rule, the automation rule that turns its incidents into a response, and (for the stack that owns
 * the tenant) the Entra ID log export the rule reads.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aadiam from "@pulumi/azure-native/aadiam";
import * as securityinsights from "@pulumi/azure-native/securityinsights";
import { IMPOSSIBLE_TRAVEL_WINDOW, impossibleTravelQuery } from "./visibility-kql";
import { stableGuid } from "./names";

/** Entra ID log categories exported to the workspace (the tenant diagnostic setting). */
export const ENTRA_LOG_CATEGORIES = [
    // Interactive sign-ins: what the impossible-travel rule reads (table SigninLogs).
    "SignInLogs",
    // Token refreshes and other sign-ins without a prompt: where a replayed token shows up.
    "NonInteractiveUserSignInLogs",
    // Workload identities sign in too; a leaked federated credential is only visible here.
    "ServicePrincipalSignInLogs",
    "ManagedIdentitySignInLogs",
    // Directory changes: new credentials, role grants, conditional-access edits.
    "AuditLogs",
    // Entra ID Protection's verdicts, so Sentinel correlates them with its own detections.
    "RiskyUsers",
    "UserRiskEvents",
] as const;

/** ISO 8601 form of {@link IMPOSSIBLE_TRAVEL_WINDOW}: the rule's frequency and lookback. */
const RULE_PERIOD = "PT1H";

export interface SentinelArgs {
    namePrefix: string;
    /** The workspace's resource group and name, known at preview and delivered once the workspace exists. */
    resourceGroupName: pulumi.Input<string>;
    workspaceName: pulumi.Input<string>;
    /** ARM id of the workspace (destination of the Entra export). */
    workspaceId: pulumi.Input<string>;
    /** ARM id of the log archive (the Entra export's long-term copy). */
    archiveId: pulumi.Input<string>;
    /** Declare the tenant-wide Entra ID export (one stack per tenant). */
    manageTenant: boolean;
}

export interface Sentinel {
    onboarding: securityinsights.SentinelOnboardingState;
    impossibleTravel: securityinsights.ScheduledAlertRule;
    response: securityinsights.AutomationRule;
    entraLogs?: aadiam.DiagnosticSetting;
}

/** Declares `${name}-sentinel`, `${name}-impossible-travel`, `${name}-impossible-travel-response` and, when managing the tenant, `${name}-entra-logs`. */
export function sentinel(name: string, args: SentinelArgs, opts: { parent: pulumi.Resource }): Sentinel {
    const child = { parent: opts.parent };
    const workspace = { resourceGroupName: args.resourceGroupName, workspaceName: args.workspaceName };

    const onboarding = new securityinsights.SentinelOnboardingState(`${name}-sentinel`, {
        ...workspace,
        // The only name the API accepts.
        sentinelOnboardingStateName: "default",
    }, child);

    const impossibleTravel = new securityinsights.ScheduledAlertRule(`${name}-impossible-travel`, {
        ...workspace,
        ruleId: stableGuid(`${args.namePrefix}/sentinel/impossible-travel`),
        kind: "Scheduled",
        displayName: "Impossible travel: successful sign-ins from two countries within an hour",
        description:
            `A user signed in successfully from more than one country within ${IMPOSSIBLE_TRAVEL_WINDOW}. ` +
            "Treat the account as compromised until the user confirms both sign-ins: revoke its sessions and reset its credentials.",
        enabled: true,
        severity: "High",
        query: impossibleTravelQuery(),
        queryFrequency: RULE_PERIOD,
        queryPeriod: RULE_PERIOD,
        triggerOperator: "GreaterThan",
        triggerThreshold: 0,
        // One alert per user, so each compromised account is its own entity in the incident.
        eventGroupingSettings: { aggregationKind: "AlertPerResult" },
        suppressionEnabled: false,
        suppressionDuration: RULE_PERIOD,
        tactics: ["InitialAccess"],
        // T1078 Valid Accounts: the attacker holds working credentials.
        techniques: ["T1078"],
        entityMappings: [{
            entityType: "Account",
            fieldMappings: [
                { identifier: "FullName", columnName: "UserPrincipalName" },
                { identifier: "AadUserId", columnName: "UserId" },
            ],
        }],
        customDetails: { Countries: "Countries", SignInIPs: "IPAddresses" },
        incidentConfiguration: {
            createIncident: true,
            // Repeated alerts for the same account within a day join its open incident.
            groupingConfiguration: {
                enabled: true,
                matchingMethod: "Selected",
                groupByEntities: ["Account"],
                lookbackDuration: "P1D",
                reopenClosedIncident: false,
            },
        },
    }, { ...child, dependsOn: [onboarding] });

    // Detection wired to response without a Logic App: a playbook would need its own app, identity
    // and grants. The rule instead raises the incident, labels it for the queue and adds the
    // containment steps as tasks the analyst must close; a playbook can be added to `actions` later.
    const response = new securityinsights.AutomationRule(`${name}-impossible-travel-response`, {
        ...workspace,
        automationRuleId: stableGuid(`${args.namePrefix}/sentinel/impossible-travel-response`),
        displayName: "Impossible travel: escalate and add containment tasks",
        order: 1,
        triggeringLogic: {
            isEnabled: true,
            triggersOn: "Incidents",
            triggersWhen: "Created",
            conditions: [{
                conditionType: "Property",
                conditionProperties: { propertyName: "IncidentRelatedAnalyticRuleIds", operator: "Contains", propertyValues: [impossibleTravel.id] },
            }],
        },
        actions: [
            {
                actionType: "ModifyProperties",
                order: 1,
                actionConfiguration: {
                    severity: "High",
                    status: "Active",
                    labels: [{ labelName: "impossible-travel" }, { labelName: "identity-compromise" }],
                },
            },
            {
                actionType: "AddIncidentTask",
                order: 2,
                actionConfiguration: {
                    title: "Revoke the account's sessions and reset its credentials",
                    description: "Revoke refresh tokens (Revoke-MgUserSignInSession) and reset the password and MFA methods before contacting the user.",
                },
            },
            {
                actionType: "AddIncidentTask",
                order: 3,
                actionConfiguration: {
                    title: "Confirm both sign-ins with the user",
                    description: "Check the countries and IP addresses in the incident's details against the user's travel and VPN use; close as benign only on confirmation.",
                },
            },
        ],
    }, child);

    // Tenant-wide: a second stack declaring it would fight over the same tenant setting.
    const entraLogs = args.manageTenant
        ? new aadiam.DiagnosticSetting(`${name}-entra-logs`, {
              name: `${args.namePrefix}-entra-logs`,
              workspaceId: args.workspaceId,
              storageAccountId: args.archiveId,
              logs: ENTRA_LOG_CATEGORIES.map((category) => ({ category, enabled: true })),
          }, child)
        : undefined;

    return { onboarding, impossibleTravel, response, ...(entraLogs ? { entraLogs } : {}) };
}
