/**
 * What the GKE, Binary Authorization and Artifact Registry rules share: the type tokens they judge,
 * where a cluster keeps the settings of the nodes it creates, and which service accounts are a
 * project's default ones.
 *
 * Node settings sit in more than one place (pulumi-gcp v9, container/cluster.d.ts and nodePool.d.ts):
 * - a container.NodePool resource: `nodeConfig`;
 * - a container.Cluster with inline pools: `nodePools[i].nodeConfig`;
 * - a container.Cluster without inline pools: `nodeConfig`, the default node pool's. GKE creates that
 *   pool even when `removeDefaultNodePool` deletes it once the cluster is up; its nodes join the
 *   cluster and run system pods meanwhile, so its settings matter as much as any pool's (Google's
 *   own Terraform GKE modules configure the short-lived default pool for the same reason);
 * - node auto-provisioning (`clusterAutoscaling.enabled`) and Autopilot create pools from
 *   `clusterAutoscaling.autoProvisioningDefaults`.
 * In Autopilot Google manages the nodes: shielded nodes with secure boot, the GKE metadata server
 * and Dataplane V2 are always on, so the node rules only read the auto-provisioning defaults there.
 *
 * Decisive values are read through `readKnown` (an unknown one makes the SDK report "can't run
 * during preview"); values whose presence is the requirement (a key, an account) count as present
 * when unknown, as in ./aws-props.
 */
import { formatPath, isUnknown, raw, readKnown } from "./props";

export const GCP_WORKLOAD_TYPES = {
    cluster: "gcp:container/cluster:Cluster",
    nodePool: "gcp:container/nodePool:NodePool",
    repository: "gcp:artifactregistry/repository:Repository",
    binauthzPolicy: "gcp:binaryauthorization/policy:Policy",
} as const;

/** The notApplicable reason of the rules that judge clusters and node pools. */
export function notClusterOrPool(type: string): string {
    return `${type} is not a GKE cluster or node pool`;
}

/** A block of node settings on a resource. */
export interface NodeSettings {
    /** Property path of the block, as readKnown takes it. */
    path: readonly string[];
    /** The path as messages print it: nodePools[0].nodeConfig. */
    label: string;
    /** Which nodes it configures, for messages: "node pool nodePools[0]". */
    nodes: string;
}

export function isAutopilot(props: Record<string, unknown>): boolean {
    return readKnown(props, ["enableAutopilot"]) === true;
}

/**
 * The node configurations a Cluster or NodePool declares, absent ones included (their defaults
 * apply): none for an Autopilot cluster, whose nodes Google configures.
 */
export function nodeConfigs(type: string, props: Record<string, unknown>): NodeSettings[] {
    if (type === GCP_WORKLOAD_TYPES.nodePool) {
        return [{ path: ["nodeConfig"], label: "nodeConfig", nodes: "the node pool" }];
    }
    if (type !== GCP_WORKLOAD_TYPES.cluster || isAutopilot(props)) {
        return [];
    }
    const pools = readKnown(props, ["nodePools"]);
    if (Array.isArray(pools) && pools.length > 0) {
        return pools.map((_, i) => {
            const name = formatPath(["nodePools", i]);
            return { path: ["nodePools", String(i), "nodeConfig"], label: `${name}.nodeConfig`, nodes: `node pool ${name}` };
        });
    }
    return [{ path: ["nodeConfig"], label: "nodeConfig", nodes: "the default node pool (created even when removeDefaultNodePool deletes it afterwards)" }];
}

/** The defaults of auto-provisioned node pools, when a cluster auto-provisions them (NAP or Autopilot). */
export function autoProvisioningDefaults(type: string, props: Record<string, unknown>): NodeSettings | undefined {
    if (type !== GCP_WORKLOAD_TYPES.cluster) {
        return undefined;
    }
    if (!isAutopilot(props) && readKnown(props, ["clusterAutoscaling", "enabled"]) !== true) {
        return undefined;
    }
    return { path: ["clusterAutoscaling", "autoProvisioningDefaults"], label: "clusterAutoscaling.autoProvisioningDefaults", nodes: "auto-provisioned node pools" };
}

// <project number>-compute@developer.gserviceaccount.com is the Compute Engine default service
// account; "default" is how the GKE API spells it in a node config.
const COMPUTE_DEFAULT_ACCOUNT = /^\d+-compute@developer\.gserviceaccount\.com$/i;

export function isDefaultComputeAccount(email: string): boolean {
    const e = email.trim();
    return e.toLowerCase() === "default" || COMPUTE_DEFAULT_ACCOUNT.test(e);
}

/** A known, non-empty string; undefined when absent, empty, unknown or not a string. */
export function knownString(value: unknown): string | undefined {
    const v = raw(value);
    return typeof v === "string" && v.trim() !== "" && !isUnknown(v) ? v : undefined;
}

/** A setting's current value for messages: `"GCE_METADATA"`, or `fallback` when it is not set. */
export function shown(value: unknown, fallback = "not set"): string {
    const v = raw(value);
    return v === undefined || v === null || v === "" ? fallback : JSON.stringify(v);
}
