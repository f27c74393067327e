/**
 * zt:azure:Visibility — the Log Analytics workspace and the immutable log archive, the activity
 * log, every other pillar's diagnostic settings, VNet flow logs with traffic analytics, Defender
 * for Cloud, Microsoft Sentinel with an impossible-travel detection and its response, and alerts
 * on the control-plane changes that weaken the landing zone.
 *
 * Data flow order: the destinations first (workspace, archive), then everything that writes to
 * them, then detection (Defender, Sentinel) and the alerts that reach people.
 */
import * as pulumi from "@pulumi/pulumi";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import { after } from "../shared/after";
import { azureNames } from "./names";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";
import { secureStorageAccount } from "./storage-account";
import { alerts } from "./visibility-alerts";
import { defender } from "./visibility-defender";
import { activityLog, resourceDiagnostics, type DiagnosticKind } from "./visibility-diagnostics";
import { defaultNetworkWatcher, flowLogs } from "./visibility-flow-logs";
import { sentinel } from "./visibility-sentinel";

/** Interactive retention a PerGB2018 workspace accepts: 30 to 730 days. */
const WORKSPACE_RETENTION = { min: 30, max: 730 };

/**
 * The workspace's retention: the audit period, capped at what the workspace keeps interactively.
 * Longer periods are served by the archive, which holds every log for the full period under
 * immutability; table-level long-term retention would duplicate it at a higher price.
 */
export function workspaceRetentionDays(retentionDays: number): number {
    return Math.max(WORKSPACE_RETENTION.min, Math.min(retentionDays, WORKSPACE_RETENTION.max));
}

export interface AzureVisibilityArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** Region of the workspace, the archive and the flow logs (a flow log's storage must be in its VNet's region). */
    location: string;
    /** The subscription whose activity log, Defender plans and alerts these are. */
    subscriptionId: string;
    /** Audit-log retention in days (workspace capped at 730; the archive keeps all of it). */
    retentionDays: number;
    /** The key the log archive storage account encrypts with. */
    archiveKey: KeyRef;
    /** The identity that unwraps `archiveKey` for the archive. */
    encryptionIdentity: IdentityRef;
    /** Subnet of the archive's blob private endpoint. */
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** VNets that get flow logs, keyed by a stable name (hub, spoke). */
    flowLogTargets: Record<string, pulumi.Input<string>>;
    /** Resources whose diagnostic logs go to the workspace, keyed by a stable name. */
    diagnosticTargets: Record<string, { resourceId: pulumi.Input<string>; kind: DiagnosticKind }>;
    /** Export Entra sign-in and audit logs (tenant-wide) to the workspace. */
    manageTenant: boolean;
    /** Addresses for the action group and the Defender security contact. Empty: subscription Owners only. */
    alertEmails: string[];
    /** `data-classification` of the workspace and the archive. */
    defaultClassification: string;
    /** Protect the workspace and the archive from deletion, and lock the archive's immutability policy. */
    protect: boolean;
    /**
     * State of the archive's immutability policy. Default: `Locked` when `protect`, else `Unlocked`.
     * A Locked policy can never be shortened or removed, not even by an Owner, which is what makes
     * the archive evidence; Unlocked (dev) lets the archive be torn down after its period is lowered.
     * CAUTION: Azure creates a policy only as Unlocked, so a new prod archive is deployed once with
     * `Unlocked` and then switched to `Locked`, which is irreversible.
     */
    archiveImmutabilityState?: "Unlocked" | "Locked";
    /**
     * Keep the stand-alone Defender for DNS plan. Default: false: since August 2023 new subscribers
     * cannot buy it, and Servers Plan 2 (always on) carries its alerts. Set it only for a
     * subscription that had the plan before.
     */
    legacyDnsPlan?: boolean;
    /** Network Watcher the flow logs belong to. Default: `NetworkWatcher_<location>`, the one Azure creates. */
    networkWatcherName?: string;
    /** Its resource group. Default: `NetworkWatcherRG`, where Azure creates it. */
    networkWatcherResourceGroup?: string;
}

export class AzureVisibility extends pulumi.ComponentResource {
    /** ARM id of the Log Analytics workspace (composed from names: known at preview). */
    readonly workspaceId: pulumi.Output<string>;
    /** The workspace's customer id (GUID), as agents and traffic analytics name it. */
    readonly workspaceCustomerId: pulumi.Output<string>;
    /** ARM id of the immutable log-archive storage account. */
    readonly logArchiveId: pulumi.Output<string>;
    /** ARM id of the action group every security alert notifies. */
    readonly actionGroupId: pulumi.Output<string>;

    constructor(name: string, args: AzureVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Visibility", name, {}, opts);
        const parent = { parent: this };
        const names = azureNames(args.namePrefix);
        const watcher = defaultNetworkWatcher(args.location);

        const group = new resources.ResourceGroup(`${name}-rg`, {
            resourceGroupName: names.resourceGroup("visibility"),
            location: args.location,
        }, parent);
        const resourceGroupName = after([group], pulumi.output(names.resourceGroup("visibility")));

        const workspace = new operationalinsights.Workspace(`${name}-workspace`, {
            workspaceName: names.workspace,
            resourceGroupName,
            location: args.location,
            sku: { name: "PerGB2018" },
            retentionInDays: workspaceRetentionDays(args.retentionDays),
            features: {
                // Entra ID only: no workspace keys that outlive the people who copied them.
                disableLocalAuth: true,
                // A team reading its own resources' logs needs no workspace-wide grant.
                enableLogAccessUsingOnlyResourcePermissions: true,
            },
            // Left public (with Entra ID auth only): closing them needs an Azure Monitor Private
            // Link Scope, and AKS's monitoring agent ingests over this endpoint.
            publicNetworkAccessForIngestion: "Enabled",
            publicNetworkAccessForQuery: "Enabled",
            tags: { "data-classification": args.defaultClassification },
        }, { ...parent, protect: args.protect });
        const workspaceName = after([workspace], pulumi.output(names.workspace));
        const workspaceId = after(
            [workspace],
            pulumi.interpolate`/subscriptions/${args.subscriptionId}/resourceGroups/${names.resourceGroup("visibility")}/providers/Microsoft.OperationalInsights/workspaces/${names.workspace}`,
        );

        const archive = secureStorageAccount(`${name}-archive`, {
            accountName: names.logArchive,
            resourceGroupName,
            subscriptionId: args.subscriptionId,
            location: args.location,
            key: args.archiveKey,
            encryptionIdentity: args.encryptionIdentity,
            privateEndpointSubnetId: args.privateEndpointSubnetId,
            blobDnsZoneId: args.privateDnsZoneIds.blob,
            classification: args.defaultClassification,
            protect: args.protect,
            immutability: {
                // Version-level WORM: every log blob version is undeletable for the audit period.
                periodDays: args.retentionDays,
                state: args.archiveImmutabilityState ?? (args.protect ? "Locked" : "Unlocked"),
                // Azure Monitor appends to hourly append blobs; without this the second write of an hour fails.
                allowProtectedAppendWrites: true,
            },
            // Azure Monitor and Network Watcher deliver through the firewall as trusted services.
            allowTrustedServices: true,
        }, parent);

        activityLog(name, { namePrefix: args.namePrefix, workspaceId, archiveId: archive.id }, parent);
        // The archive's own blob and account logs: who read or tried to delete the evidence.
        const targets = { archive: { resourceId: archive.id, kind: "storage" as const }, ...args.diagnosticTargets };
        for (const [key, target] of Object.entries(targets)) {
            resourceDiagnostics(name, key, target, workspaceId, parent);
        }

        flowLogs(name, {
            namePrefix: args.namePrefix,
            location: args.location,
            targets: args.flowLogTargets,
            networkWatcherName: args.networkWatcherName ?? watcher.name,
            networkWatcherResourceGroup: args.networkWatcherResourceGroup ?? watcher.resourceGroupName,
            archiveId: archive.id,
            retentionDays: args.retentionDays,
            workspaceId,
            workspaceCustomerId: workspace.customerId,
        }, parent);

        defender(name, { subscriptionId: args.subscriptionId, alertEmails: args.alertEmails, legacyDnsPlan: args.legacyDnsPlan }, parent);
        sentinel(name, {
            namePrefix: args.namePrefix,
            resourceGroupName,
            workspaceName,
            workspaceId,
            archiveId: archive.id,
            manageTenant: args.manageTenant,
        }, parent);
        const actionGroup = alerts(name, {
            namePrefix: args.namePrefix,
            subscriptionId: args.subscriptionId,
            resourceGroupName,
            alertEmails: args.alertEmails,
        }, parent);

        this.workspaceId = workspaceId;
        this.workspaceCustomerId = workspace.customerId;
        this.logArchiveId = archive.id;
        this.actionGroupId = actionGroup.id;
        this.registerOutputs({
            workspaceId: this.workspaceId,
            workspaceCustomerId: this.workspaceCustomerId,
            logArchiveId: this.logArchiveId,
            actionGroupId: this.actionGroupId,
        });
    }
}
