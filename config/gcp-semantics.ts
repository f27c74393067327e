/** The GCP section's cross-field rules: the policy scope, the services slot, GKE's ranges and egress, the names secrets and labels refer to. */
import { overlaps } from "../components/shared/cidr";
import { issue, type ConfigIssue } from "./issues";
import { block, classificationLevels, mergedTiers, num, rec, reservedSlotIssues, type Raw } from "./raw";

/** GCP label values: at most 63 lowercase letters, digits, underscores and hyphens. */
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

export function gcpIssues(raw: Raw): ConfigIssue[] {
    const gcp = rec(raw["gcp"]);
    if (!gcp || raw["cloud"] !== "gcp") return [];
    const out: ConfigIssue[] = [];
    const prod = raw["environment"] === "prod";

    const scope = gcp["policyScope"] ?? "project";
    if (scope === "folder" && gcp["folderId"] === undefined) {
        out.push(issue(["gcp", "folderId"], undefined, "a numeric folder id when gcp.policyScope is \"folder\"", "set gcp.folderId, or pick another policyScope"));
    }
    if (scope !== "folder" && gcp["folderId"] !== undefined) {
        out.push(issue(["gcp", "folderId"], gcp["folderId"], `no folder id when gcp.policyScope is "${String(scope)}"`, "remove gcp.folderId, or set gcp.policyScope to \"folder\""));
    }

    out.push(...reservedSlotIssues(raw, ["gcp", "servicesSlot"], "the GCP services slot", "the Private Service Connect endpoint and the GKE control plane"));

    const gke = rec(gcp["gke"]);
    const gkeOn = gke?.["enabled"] ?? prod;
    const natOn = rec(gcp["nat"])?.["enabled"] ?? prod;
    if (gkeOn === true && natOn === false) {
        out.push(issue(["gcp", "gke", "enabled"], true, "false unless gcp.nat.enabled is true",
            "turn Cloud NAT on (gcp.nat.enabled: true) or GKE off: private nodes have no other path to the images and updates they pull"));
    }
    const nodes = rec(gke?.["nodes"]);
    const [min, max] = [num(nodes?.["min"]), num(nodes?.["max"])];
    if (min !== undefined && max !== undefined && min > max) {
        out.push(issue(["gcp", "gke", "nodes"], nodes, "min ≤ max", "swap the two counts"));
    }
    // Secondary ranges share the VPC's routing: they may not overlap the address plan, a peer or each other.
    const network = rec(raw["network"]);
    const taken: Array<[string, ReturnType<typeof block>]> = [
        ["network.addressSpace", block(network?.["addressSpace"])],
        ...Object.entries(rec(network?.["peerRanges"]) ?? {}).map(([k, v]) => [`network.peerRanges.${k}`, block(v)] as [string, ReturnType<typeof block>]),
    ];
    const pods = block(gke?.["podCidr"] ?? "100.64.0.0/14");
    const services = block(gke?.["serviceCidr"] ?? "100.68.0.0/20");
    const checks: Array<["podCidr" | "serviceCidr", ReturnType<typeof block>, Array<[string, ReturnType<typeof block>]>]> = [
        ["podCidr", pods, taken],
        ["serviceCidr", services, [...taken, ["gcp.gke.podCidr", pods]]],
    ];
    for (const [key, range, others] of gkeOn === true ? checks : []) {
        for (const [what, other] of others) {
            if (range && other && overlaps(range, other)) {
                out.push(issue(["gcp", "gke", key], gke?.[key] ?? range.cidr, `a range that does not overlap ${what} (${other.cidr})`, `pick a free private or RFC 6598 range for gcp.gke.${key}`));
            }
        }
    }

    // Each tier's VMs run as a service account `<prefix>-<env>-t-<tier>`, and ids stop at 30 characters.
    const stem = `${String(raw["prefix"] ?? "")}-${String(raw["environment"] ?? "")}-t-`;
    for (const tier of Object.keys(mergedTiers(network))) {
        if (stem.length + tier.length > 30) {
            out.push(issue(["network", "tiers", tier], tier, `a tier name of at most ${30 - stem.length} characters on GCP (its service account id "${stem}${tier}" may have 30)`, "shorten the tier name or the prefix"));
        }
    }

    const workloads = Object.keys(rec(gcp["workloadServiceAccounts"]) ?? { app: {} });
    for (const [key, secret] of Object.entries(rec(gcp["secrets"]) ?? {})) {
        const accessors = rec(secret)?.["accessors"];
        (Array.isArray(accessors) ? accessors : []).forEach((name, i) => {
            if (typeof name === "string" && !workloads.includes(name)) {
                out.push(issue(["gcp", "secrets", key, "accessors", i], name, `a workload service account (${workloads.join(", ")})`, "add it to gcp.workloadServiceAccounts, or fix the name"));
            }
        });
    }

    const levels = classificationLevels(raw);
    for (const [key, bucket] of Object.entries(rec(gcp["buckets"]) ?? {})) {
        const level = rec(bucket)?.["classification"];
        if (typeof level === "string" && !levels.includes(level)) {
            out.push(issue(["gcp", "buckets", key, "classification"], level, `one of the classification levels (${levels.join(", ")})`, "pick a listed level, or add it to data.classificationLevels"));
        }
    }

    for (const [key, value] of Object.entries(rec(raw["tags"]) ?? {})) {
        if (typeof value === "string" && !LABEL_VALUE.test(value)) {
            out.push(issue(["tags", key], value, "a GCP label value: at most 63 lowercase letters, digits, underscores and hyphens", "lower-case the value and replace other characters with hyphens"));
        }
    }
    return out;
}
