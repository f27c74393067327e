/**
 * The per-type knowledge the cloud-neutral rules need, one small table per cloud. A later cloud
 * issue adds rows here; the zt-any rules pick them up without change.
 */

/** What a resource is, for the rules that care about classes of resources rather than types. */
export type ResourceKind = "network" | "datastore" | "key" | "vault" | "log-archive" | "state-bucket" | "other";

/** A provider-side setting that protects the resource from deletion. */
export interface ProtectionFlag {
    /** Property path, e.g. ["deletionProtection"] or ["properties", "enablePurgeProtection"]. */
    path: readonly string[];
    /** Values that count as protected. */
    protectedValues: readonly unknown[];
    /** True when the provider protects the resource if the property is left out. */
    protectedWhenAbsent?: boolean;
    /** How to tell a user to set it, e.g. `deletionProtection: true`. */
    hint: string;
}

/**
 * How a network proves it has flow logs: either a separate flow-log resource that references it,
 * or an inline setting on the network itself.
 */
export type FlowLogSpec =
    | {
          via: "resource";
          /** The flow-log resource's type token. */
          logType: string;
          /** The flow-log property that holds the network's id. */
          refProperty: string;
          /** A boolean property of the flow log that, when false, means it is switched off. */
          enabledProperty?: string;
          /** How to tell a user to add one. */
          hint: string;
      }
    | {
          via: "inline";
          /** The property that must be set (a non-null object). */
          property: string;
          /** A property and the values for which flow logs cannot apply (e.g. proxy-only subnets). */
          exemptWhen?: { property: string; values: readonly string[] };
          hint: string;
      };

export interface TypeEntry {
    kind: ResourceKind;
    /**
     * Where the resource keeps its tags/labels. `true` uses the cloud's default (tags, labels,
     * metadata.labels); a path overrides it (gcp sql: settings.userLabels); `false` means the
     * type has none.
     */
    tags: boolean | readonly string[];
    /** Provider-side deletion protection, any one of which suffices. */
    protection?: readonly ProtectionFlag[];
    /** Why the type cannot be deleted at all, when the cloud forbids it (counts as protected). */
    undeletable?: string;
    /** Set on the types the network flow-log rule checks. */
    flowLogs?: FlowLogSpec;
    /** A short human name for messages, e.g. "VPC". */
    label?: string;
}

export type TypeRegistry = Readonly<Record<string, TypeEntry>>;
