/**
 * VNet flow logs (which replace NSG flow logs) for each of the landing zone's virtual networks,
 * into the log archive, with traffic analytics into the workspace.
 *
 * Prerequisite: the region's Network Watcher. Azure creates `NetworkWatcher_<location>` in the
 * `NetworkWatcherRG` resource group by itself when the subscription's first virtual network is
 * created (unless that was opted out of); the landing zone uses it rather than declaring a second
 * watcher, which Azure would refuse (one per region per subscription).
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";

/** Flow-log retention accepts at most 365 days. */
const MAX_FLOW_LOG_RETENTION_DAYS = 365;

/**
 * The flow log's own retention: delete after `retentionDays`, or, beyond what the setting accepts,
 * never delete (the archive's immutability keeps the blobs for the full period either way).
 */
export function flowLogRetention(retentionDays: number): network.FlowLogArgs["retentionPolicy"] {
    return retentionDays <= MAX_FLOW_LOG_RETENTION_DAYS ? { enabled: true, days: retentionDays } : { enabled: false, days: 0 };
}

/** Default Network Watcher names: the ones Azure gives the watcher it creates itself. */
export function defaultNetworkWatcher(location: string): { name: string; resourceGroupName: string } {
    return { name: `NetworkWatcher_${location}`, resourceGroupName: "NetworkWatcherRG" };
}

export interface FlowLogsArgs {
    namePrefix: string;
    location: string;
    /** VNet ids keyed by a stable name (hub, spoke). */
    targets: Record<string, pulumi.Input<string>>;
    networkWatcherName: string;
    networkWatcherResourceGroup: string;
    /** ARM id of the log archive. */
    archiveId: pulumi.Input<string>;
    retentionDays: number;
    /** Workspace ARM id and customer (GUID) id: traffic analytics needs both. */
    workspaceId: pulumi.Input<string>;
    workspaceCustomerId: pulumi.Input<string>;
}

/** Declares `${name}-flow-log-<key>` per target. */
export function flowLogs(name: string, args: FlowLogsArgs, opts: { parent: pulumi.Resource }): network.FlowLog[] {
    return Object.entries(args.targets).map(([key, vnetId]) =>
        new network.FlowLog(`${name}-flow-log-${key}`, {
            flowLogName: `${args.namePrefix}-${key}-flow-log`,
            networkWatcherName: args.networkWatcherName,
            resourceGroupName: args.networkWatcherResourceGroup,
            location: args.location,
            targetResourceId: vnetId,
            storageId: args.archiveId,
            enabled: true,
            // Version 2 adds bytes and packets per flow, which traffic analytics needs.
            format: { type: "JSON", version: 2 },
            retentionPolicy: flowLogRetention(args.retentionDays),
            flowAnalyticsConfiguration: {
                networkWatcherFlowAnalyticsConfiguration: {
                    enabled: true,
                    workspaceId: args.workspaceCustomerId,
                    workspaceRegion: args.location,
                    workspaceResourceId: args.workspaceId,
                    // Minutes; 10 instead of 60 so an investigation sees recent flows.
                    trafficAnalyticsInterval: 10,
                },
            },
        }, opts),
    );
}
