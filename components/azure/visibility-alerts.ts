/**
 * The action group every landing-zone alert notifies, and activity-log alerts on the control-plane
 * changes that weaken the landing zone: a deleted policy assignment switches a guardrail off, an
 * NSG or rule change opens a path through the network.
 */
import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

/** Owner (built-in role): the fallback receivers when no address is configured. */
export const OWNER_ROLE_ID = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635";

/** Activity-log alerts keyed by the slug of their child's name: the Administrative operation each one watches. */
export const ACTIVITY_ALERTS: Record<string, { operationName: string; description: string }> = {
    "policy-assignment-delete": {
        operationName: "Microsoft.Authorization/policyAssignments/delete",
        description: "A policy assignment was deleted: a guardrail of the landing zone no longer applies.",
    },
    "nsg-write": {
        operationName: "Microsoft.Network/networkSecurityGroups/write",
        description: "A network security group was created or changed outside the pipeline's review.",
    },
    "nsg-delete": {
        operationName: "Microsoft.Network/networkSecurityGroups/delete",
        description: "A network security group was deleted: its subnets lose their filtering.",
    },
    "nsg-rule-write": {
        operationName: "Microsoft.Network/networkSecurityGroups/securityRules/write",
        description: "A network security rule was created or changed: check it opens nothing to the Internet.",
    },
    "nsg-rule-delete": {
        operationName: "Microsoft.Network/networkSecurityGroups/securityRules/delete",
        description: "A network security rule was deleted: a deny may have been removed.",
    },
};

/** The alert condition: Administrative-category events of one operation. */
export function activityAlertCondition(operationName: string): monitor.ActivityLogAlertArgs["condition"] {
    return { allOf: [{ field: "category", equals: "Administrative" }, { field: "operationName", equals: operationName }] };
}

/** The action group's short name (at most 12 characters, shown in SMS and e-mail subjects). */
export function actionGroupShortName(namePrefix: string): string {
    return namePrefix.slice(0, 12).replace(/-+$/, "");
}

export interface AlertsArgs {
    namePrefix: string;
    subscriptionId: string;
    resourceGroupName: pulumi.Input<string>;
    /** Addresses notified. Default (empty): the subscription's Owners only. */
    alertEmails: string[];
}

/** Declares `${name}-action-group` and `${name}-alert-<slug>` per activity-log alert. */
export function alerts(name: string, args: AlertsArgs, opts: { parent: pulumi.Resource }): monitor.ActionGroup {
    const child = { parent: opts.parent };
    const actionGroup = new monitor.ActionGroup(`${name}-action-group`, {
        actionGroupName: `${args.namePrefix}-security`,
        resourceGroupName: args.resourceGroupName,
        // Action groups are global: alerts from any region reach them.
        location: "global",
        groupShortName: actionGroupShortName(args.namePrefix),
        enabled: true,
        // The address names the receiver: unique within the group, and stable when the list is reordered.
        emailReceivers: args.alertEmails.map((emailAddress) => ({ name: emailAddress, emailAddress, useCommonAlertSchema: true })),
        // Only directly assigned Owners are reached; with PIM-only admin access that may be nobody,
        // which is why alertEmails should be set in prod.
        armRoleReceivers: [{ name: "subscription-owners", roleId: OWNER_ROLE_ID, useCommonAlertSchema: true }],
    }, child);

    for (const [slug, alert] of Object.entries(ACTIVITY_ALERTS)) {
        new monitor.ActivityLogAlert(`${name}-alert-${slug}`, {
            activityLogAlertName: `${args.namePrefix}-${slug}`,
            resourceGroupName: args.resourceGroupName,
            // Activity-log alerts are evaluated globally.
            location: "global",
            description: alert.description,
            enabled: true,
            scopes: [`/subscriptions/${args.subscriptionId}`],
            condition: activityAlertCondition(alert.operationName),
            actions: { actionGroups: [{ actionGroupId: actionGroup.id }] },
        }, child);
    }
    return actionGroup;
}
