/**
 * Checks that relate one setting to another. They read the raw input defensively, so they still
 * run (and report) when some unrelated field failed its structural check: a user sees every error
 * of a stack file in one go.
 */
import { capacity, overlaps } from "../components/shared/cidr";
import { RESERVED_TIER_NAMES } from "../components/aws/network-rules";
import { issue, type ConfigIssue } from "./issues";
import { azureIssues } from "./azure-semantics";
import { gcpIssues } from "./gcp-semantics";
import { kubernetesIssues } from "./kubernetes-semantics";
import { block, classificationLevels, mergedTiers, num, rec, reservedSlotIssues, type Raw } from "./raw";
import { CLOUDS, DEFAULT_FLOWS, MIN_RETENTION_DAYS, RESERVED_TAG_KEYS, type Environment } from "./schema";

/** Remote-administration ports never cross the network: every cloud has a brokered, audited path instead. */
const ADMIN_PORTS = [22, 3389];
const ADMIN_PORT_FIX = "remove it: administer hosts through AWS SSM Session Manager, Azure Bastion or GCP IAP, which authenticate and log every session";

export function semanticIssues(raw: Raw): ConfigIssue[] {
    return [...cloudSectionIssues(raw), ...networkIssues(raw), ...retentionIssues(raw), ...dataIssues(raw), ...tagIssues(raw), ...awsIssues(raw), ...azureIssues(raw), ...gcpIssues(raw), ...kubernetesIssues(raw)];
}

/** Exactly the chosen cloud's section: a stray section usually means a copy-paste from another stack. */
function cloudSectionIssues(raw: Raw): ConfigIssue[] {
    const cloud = raw["cloud"];
    if (typeof cloud !== "string" || !(CLOUDS as readonly string[]).includes(cloud)) return [];
    const out: ConfigIssue[] = [];
    if (raw[cloud] === undefined) {
        out.push(issue([cloud], undefined, `the ${cloud} section (cloud is "${cloud}")`, `add a "${cloud}:" mapping with at least its required settings (see docs/configuration.md)`));
    }
    for (const other of CLOUDS.filter((c) => c !== cloud && raw[c] !== undefined)) {
        out.push(issue([other], raw[other], `no ${other} section when cloud is "${cloud}"`, `remove the ${other} section or change cloud to "${other}"`));
    }
    return out;
}

function networkIssues(raw: Raw): ConfigIssue[] {
    const network = rec(raw["network"]);
    if (!network) return [];
    const out: ConfigIssue[] = [];
    const tiers = mergedTiers(network);
    const names = Object.keys(tiers);
    const space = block(network["addressSpace"]);

    // Tier blocks: each slot must fit the address space, and no two tiers may share a block. An
    // address space outside /8–/22 is already reported; derived prefix errors would only be noise.
    if (space && space.prefix >= 8 && space.prefix <= 22) {
        const tierPrefix = num(network["tierPrefixLength"]) ?? space.prefix + 3;
        const subnetPrefix = num(network["subnetPrefixLength"]) ?? tierPrefix + 2;
        if (tierPrefix <= space.prefix) {
            out.push(issue(["network", "tierPrefixLength"], tierPrefix, `a prefix longer than the address space's /${space.prefix}`, `use /${space.prefix + 3} (8 tier slots) or leave it unset`));
        } else {
            const slots = capacity(space, tierPrefix);
            const seen = new Map<number, string>();
            for (const [name, tier] of Object.entries(tiers)) {
                const slot = num(tier.slot);
                if (slot === undefined) continue;
                if (slot >= slots) {
                    out.push(issue(["network", "tiers", name, "slot"], slot, `0 to ${slots - 1} (${space.cidr} holds ${slots} tier blocks of /${tierPrefix})`, "pick a free slot in range, or enlarge network.addressSpace"));
                } else if (seen.has(slot)) {
                    out.push(issue(["network", "tiers", name, "slot"], slot, `a slot no other tier uses (${seen.get(slot)} has slot ${slot})`, "give each tier its own slot; overlapping tiers would share addresses"));
                } else {
                    seen.set(slot, name);
                }
            }
        }
        if (subnetPrefix < tierPrefix || subnetPrefix > 28) {
            out.push(issue(["network", "subnetPrefixLength"], subnetPrefix, `/${tierPrefix} to /28 (inside a /${tierPrefix} tier block, and no smaller than the smallest subnet AWS allows)`, "leave it unset, or pick a prefix in range"));
        }
        for (const [name, cidr] of Object.entries(rec(network["peerRanges"]) ?? {})) {
            const peer = block(cidr);
            if (peer && overlaps(space, peer)) {
                out.push(issue(["network", "peerRanges", name], cidr, `a range that does not overlap network.addressSpace ${space.cidr}`, "pick a non-overlapping address space; overlapping ranges cannot be routed to each other"));
            }
        }
    }

    // Flows must name known tiers, not loop, and not repeat.
    const flows = Array.isArray(network["flows"]) ? network["flows"] : DEFAULT_FLOWS;
    const keys = new Set<string>();
    flows.forEach((f, i) => {
        const flow = rec(f);
        if (!flow) return;
        for (const end of ["from", "to"] as const) {
            const tier = flow[end];
            if (typeof tier === "string" && !names.includes(tier)) {
                out.push(issue(["network", "flows", i, end], tier, `a tier name (${names.join(", ")})`, `use one of the tiers, or add "${tier}" under network.tiers with its own slot`));
            }
        }
        if (typeof flow["from"] === "string" && flow["from"] === flow["to"]) {
            out.push(issue(["network", "flows", i, "to"], flow["to"], "a different tier than from", "remove the flow: traffic inside a tier is governed by the workload pillar, not the network"));
        }
        if (ADMIN_PORTS.includes(flow["port"] as number)) {
            out.push(issue(["network", "flows", i, "port"], flow["port"], "any port but 22 (SSH) and 3389 (RDP)", ADMIN_PORT_FIX));
        }
        const key = `${String(flow["from"])}-${String(flow["to"])}-${String(flow["protocol"] ?? "tcp")}-${String(flow["port"])}`;
        if (keys.has(key)) out.push(issue(["network", "flows", i], flow, "each flow once", "remove the duplicate flow"));
        keys.add(key);
    });

    // Internet ingress only into edge tiers: the data and app tiers are never public.
    const ingress = Array.isArray(network["ingress"]) ? network["ingress"] : [];
    const edges = names.filter((n) => tiers[n].edge === true);
    ingress.forEach((r, i) => {
        const tier = rec(r)?.["tier"];
        if (ADMIN_PORTS.includes(rec(r)?.["port"] as number)) {
            out.push(issue(["network", "ingress", i, "port"], rec(r)?.["port"], "any port but 22 (SSH) and 3389 (RDP)", ADMIN_PORT_FIX));
        }
        if (typeof tier === "string" && !(names.includes(tier) && tiers[tier].edge === true)) {
            out.push(issue(["network", "ingress", i, "tier"], tier, `an edge tier (${edges.join(", ") || "none defined"})`, "send internet traffic to an edge tier's load balancer, or mark the tier edge: true if it really hosts one"));
        }
    });
    return out;
}

function retentionIssues(raw: Raw): ConfigIssue[] {
    const env = raw["environment"] as Environment;
    const min = MIN_RETENTION_DAYS[env];
    const days = num(rec(raw["logging"])?.["retentionDays"]);
    if (min === undefined || days === undefined || days >= min) return [];
    return [issue(["logging", "retentionDays"], days, `at least ${min} days in ${env}`, `raise it to ${min} or more, or leave it unset for the default of 365`)];
}

function dataIssues(raw: Raw): ConfigIssue[] {
    const data = rec(raw["data"]);
    if (!data) return [];
    const out: ConfigIssue[] = [];
    const levels = classificationLevels(raw);
    const chosen = data["defaultClassification"];
    if (typeof chosen === "string" && !levels.includes(chosen)) {
        out.push(issue(["data", "defaultClassification"], chosen, `one of the classification levels (${levels.join(", ")})`, "pick a listed level, or add it to data.classificationLevels"));
    }
    if (raw["environment"] === "prod" && data["deletionProtection"] === false) {
        out.push(issue(["data", "deletionProtection"], false, "true (or unset) in prod", "remove the setting: prod keys, buckets, vaults and log archives are always protected from deletion"));
    }
    return out;
}

/** The AWS section's cross-field rules: regions, the reserved egress slot, per-environment limits. */
function awsIssues(raw: Raw): ConfigIssue[] {
    const aws = rec(raw["aws"]);
    if (!aws || raw["cloud"] !== "aws") return [];
    const out: ConfigIssue[] = [];
    const region = aws["region"];
    const allowed = aws["allowedRegions"];
    if (typeof region === "string" && Array.isArray(allowed) && !allowed.includes(region)) {
        out.push(issue(["aws", "allowedRegions"], allowed, `a list that includes aws.region (${region})`, `add "${region}": the region-deny SCP would otherwise lock the landing zone out of its own region`));
    }
    for (const name of Object.keys(rec(rec(raw["network"])?.["tiers"]) ?? {})) {
        if ((RESERVED_TIER_NAMES as readonly string[]).includes(name)) {
            out.push(issue(["network", "tiers", name], name, `a name other than ${RESERVED_TIER_NAMES.join(", ")} (the AWS network names its own resources so)`, "rename the tier"));
        }
    }
    if (rec(aws["egressFirewall"])?.["enabled"] === true && aws["nat"] === "none") {
        out.push(issue(["aws", "egressFirewall", "enabled"], true, `false when aws.nat is "none" (there is no egress to inspect)`, `remove the setting, or choose a NAT mode ("single" in dev, "per-zone" in prod)`));
    }
    if (raw["environment"] === "prod" && aws["nat"] === "single") {
        out.push(issue(["aws", "nat"], "single", `"per-zone" or "none" in prod`, `use "per-zone" (one NAT gateway per zone, so one zone's outage does not cut every zone's egress) or "none"`));
    }
    const nodes = rec(rec(aws["eks"])?.["nodes"]);
    const [min, desired, max] = [num(nodes?.["min"]), num(nodes?.["desired"]), num(nodes?.["max"])];
    if (min !== undefined && desired !== undefined && max !== undefined && !(min <= desired && desired <= max)) {
        out.push(issue(["aws", "eks", "nodes"], nodes, "min ≤ desired ≤ max", "order the three counts"));
    }
    const levels = classificationLevels(raw);
    for (const [name, bucket] of Object.entries(rec(aws["buckets"]) ?? {})) {
        const level = rec(bucket)?.["classification"];
        if (typeof level === "string" && !levels.includes(level)) {
            out.push(issue(["aws", "buckets", name, "classification"], level, `one of the classification levels (${levels.join(", ")})`, "pick a listed level, or add it to data.classificationLevels"));
        }
    }
    out.push(...reservedSlotIssues(raw, ["aws", "egressSlot"], "the AWS egress slot", "the NAT and firewall subnets"));
    return out;
}

function tagIssues(raw: Raw): ConfigIssue[] {
    return Object.keys(rec(raw["tags"]) ?? {})
        .filter((k) => (RESERVED_TAG_KEYS as readonly string[]).includes(k))
        .map((k) => issue(["tags", k], rec(raw["tags"])?.[k], `a key other than ${RESERVED_TAG_KEYS.join(", ")}`, `remove it: the landing zone sets "${k}" itself from owner, environment and data settings`));
}
