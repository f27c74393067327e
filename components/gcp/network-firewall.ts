/**
 * Pure planning of zt:gcp:Network's VPC firewall: one rule per flow, ingress, or purpose, derived
 * from the intent. Plain inputs, plain outputs (tiers stand for their service accounts), so every
 * rule is unit-tested without a program; the component maps tiers to service-account emails.
 *
 * Two priorities only. Every allow sits at 1000 and the two deny-alls at 65534, just above GCP's
 * implied rules (65535: allow all egress, deny all ingress), so an allow beats the deny and the order
 * among allows carries no meaning. Allows name their targets by service account, never by network
 * tag: any instance admin can add a tag to a VM, while running a VM as a service account needs
 * `iam.serviceAccountUser` on it. Egress rules cannot name a destination service account, so they
 * name the destination tier's block.
 *
 * Administration is IAP TCP forwarding on 22 (https://cloud.google.com/iap/docs/using-tcp-forwarding:
 * IAP connects from 35.235.240.0/20), instead of bastions with public addresses. No 3389: the
 * landing zone runs no Windows hosts.
 */
import type { Flow, Ingress } from "../../config/schema";

/** IAP TCP forwarding's source range. */
export const IAP_RANGE = "35.235.240.0/20";
/** Google Cloud load balancers' health-check and proxy (GFE) ranges (https://cloud.google.com/load-balancing/docs/health-check-concepts#ip-ranges). */
export const HEALTH_CHECK_RANGES = ["130.211.0.0/22", "35.191.0.0/16"] as const;
export const ALLOW_PRIORITY = 1000;
export const DENY_PRIORITY = 65534;
/** Ports no flow or ingress may open: SSH and RDP go through IAP only. */
export const ADMIN_PORTS = [22, 3389] as const;
const ANYWHERE = "0.0.0.0/0";

export interface FirewallSpec {
    /** Stable, from the flow/ingress key or the purpose; the physical name is `<prefix>-<key>`. */
    key: string;
    direction: "INGRESS" | "EGRESS";
    action: "allow" | "deny";
    priority: number;
    protocol: "tcp" | "udp" | "all";
    /** Omitted for `all`. */
    ports?: string[];
    sourceRanges?: string[];
    destinationRanges?: string[];
    /** Tiers whose service accounts are the sources (INGRESS only). */
    sourceTiers?: string[];
    /** Tiers whose service accounts the rule applies to. */
    targetTiers?: string[];
    description: string;
}

export interface FirewallInput {
    tiers: Record<string, { slot: number; edge?: boolean }>;
    tierCidrs: Record<string, string>;
    flows: Flow[];
    ingress: Ingress[];
    pscAddress: string;
    /** Tiers allowed HTTPS to the internet through Cloud NAT; empty when NAT is off. */
    internetTiers: string[];
    /** The GKE cluster's tier, pod range and control plane, when a cluster is built. */
    cluster?: { tier: string; podCidr: string; controlPlaneCidr: string };
}

/** Throws on intent the firewall must never express, naming every problem and its fix. */
export function assertFirewallBuildable(input: FirewallInput): void {
    const problems: string[] = [];
    const { tiers } = input;
    for (const f of input.flows) {
        if (!tiers[f.from] || !tiers[f.to]) problems.push(`flow ${f.key} names a tier that does not exist`);
    }
    for (const r of input.ingress) {
        if (!tiers[r.tier]) problems.push(`ingress ${r.key} targets tier "${r.tier}", which does not exist`);
        else if (!tiers[r.tier].edge) problems.push(`ingress ${r.key} targets "${r.tier}", which is not an edge tier`);
        if (r.sources.some((s) => s === ANYWHERE || s === "::/0")) problems.push(`ingress ${r.key} admits the whole internet; list the load balancer's or clients' ranges`);
    }
    const admin = [...input.flows.map((f) => ({ what: `flow ${f.key}`, port: f.port })), ...input.ingress.map((r) => ({ what: `ingress ${r.key}`, port: r.port }))]
        .filter((x) => (ADMIN_PORTS as readonly number[]).includes(x.port));
    for (const a of admin) problems.push(`${a.what} opens a remote-administration port (SSH/RDP); administer through IAP TCP forwarding instead`);
    for (const t of input.internetTiers) if (!tiers[t]) problems.push(`internet egress names tier "${t}", which does not exist`);
    if (input.cluster && !tiers[input.cluster.tier]) problems.push(`the cluster tier "${input.cluster.tier}" does not exist`);
    if (problems.length > 0) throw new Error(`zt:gcp:Network: ${problems.join("; ")}`);
}

const portsOf = (protocol: string, ports: number[]) => (protocol === "all" ? {} : { ports: [...new Set(ports)].sort((a, b) => a - b).map(String) });

/** Every firewall rule the intent implies, in a stable order (the component declares them in it). */
export function firewallRules(input: FirewallInput): FirewallSpec[] {
    assertFirewallBuildable(input);
    const allTiers = Object.keys(input.tiers);
    const allow = { action: "allow" as const, priority: ALLOW_PRIORITY };
    const rules: FirewallSpec[] = [
        {
            key: "deny-all-ingress", direction: "INGRESS", action: "deny", priority: DENY_PRIORITY, protocol: "all", sourceRanges: [ANYWHERE],
            description: "Default deny: nothing reaches an instance unless a rule above allows it.",
        },
        {
            key: "deny-all-egress", direction: "EGRESS", action: "deny", priority: DENY_PRIORITY, protocol: "all", destinationRanges: [ANYWHERE],
            description: "Default deny: overrides GCP's implied allow-all egress, so an instance reaches only what a rule above allows.",
        },
        {
            key: "iap-ssh", direction: "INGRESS", ...allow, protocol: "tcp", ports: ["22"], sourceRanges: [IAP_RANGE], targetTiers: allTiers,
            description: "SSH only through IAP TCP forwarding (identity-aware, audited); no bastion, no public address.",
        },
        {
            key: "google-apis", direction: "EGRESS", ...allow, protocol: "tcp", ports: ["443"], destinationRanges: [`${input.pscAddress}/32`], targetTiers: allTiers,
            description: "HTTPS to Google APIs through the Private Service Connect endpoint, which private DNS resolves them to.",
        },
    ];
    for (const f of input.flows) {
        rules.push(
            {
                key: `in-${f.key}`, direction: "INGRESS", ...allow, protocol: f.protocol, ...portsOf(f.protocol, [f.port]), sourceTiers: [f.from], targetTiers: [f.to],
                description: `Flow ${f.key}: ${f.to} accepts ${f.protocol}/${f.port} from ${f.from}'s service account.`,
            },
            {
                key: `out-${f.key}`, direction: "EGRESS", ...allow, protocol: f.protocol, ...portsOf(f.protocol, [f.port]), destinationRanges: [input.tierCidrs[f.to]], targetTiers: [f.from],
                description: `Flow ${f.key}: ${f.from} may send ${f.protocol}/${f.port} to ${f.to}'s block.`,
            },
        );
    }
    for (const r of input.ingress) {
        rules.push({
            key: `in-${r.key}`, direction: "INGRESS", ...allow, protocol: r.protocol, ...portsOf(r.protocol, [r.port]), sourceRanges: [...r.sources].sort(), targetTiers: [r.tier],
            description: `Configured internet ingress ${r.key}.`,
        });
    }
    // Health checks (and the proxy load balancers' GFEs) probe the serving ports; one rule per edge tier.
    for (const tier of [...new Set(input.ingress.map((r) => r.tier))].sort()) {
        rules.push({
            key: `lb-health-checks-${tier}`, direction: "INGRESS", ...allow, protocol: "tcp", ...portsOf("tcp", input.ingress.filter((r) => r.tier === tier).map((r) => r.port)),
            sourceRanges: [...HEALTH_CHECK_RANGES], targetTiers: [tier],
            description: `Google load balancers' health checks and proxies reach ${tier}'s serving ports.`,
        });
    }
    if (input.internetTiers.length > 0) {
        rules.push({
            key: "internet-https", direction: "EGRESS", ...allow, protocol: "tcp", ports: ["443"], destinationRanges: [ANYWHERE], targetTiers: [...input.internetTiers].sort(),
            description: "HTTPS to the internet through Cloud NAT (images and updates from outside Google), for the tiers that pull them.",
        });
    }
    if (input.cluster) {
        const c = input.cluster;
        rules.push(
            {
                key: "gke-control-plane", direction: "EGRESS", ...allow, protocol: "tcp", ports: ["443"], destinationRanges: [c.controlPlaneCidr], targetTiers: [c.tier],
                description: "GKE nodes reach the control plane's private endpoint (always TCP 443).",
            },
            {
                // GKE creates the matching ingress rules itself, but relies on the implied egress allow, which the deny-all overrides.
                key: "gke-intra-cluster", direction: "EGRESS", ...allow, protocol: "all", destinationRanges: [input.tierCidrs[c.tier], c.podCidr], targetTiers: [c.tier],
                description: "GKE nodes and pods reach each other on any port, as Kubernetes networking requires; NetworkPolicy narrows it inside the cluster.",
            },
        );
    }
    const keys = rules.map((r) => r.key);
    const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
    if (dup.length > 0) throw new Error(`zt:gcp:Network: firewall rule keys collide (${[...new Set(dup)].join(", ")}); rename a tier`);
    return rules;
}
