/**
 * Pure planning for zt:azure:Network: the hub and spoke layout and every NSG rule the intent
 * implies. Plain inputs, plain outputs, no resources, so each rule is unit-tested without a program
 * and the component only turns specs into resources.
 *
 * Priority bands, per NSG and direction (Azure wants priorities unique per direction only):
 *
 *   Inbound                                        Outbound
 *   100        AzureLoadBalancer probes            100        intra-tier
 *   110        intra-tier                          110        HTTPS to the private endpoints
 *   1000–1999  configured internet ingress         120, 121   DNS to the firewall's proxy (udp, tcp)
 *   2000–3999  flows into the tier                 2000–3999  flows out of the tier
 *   4096       deny everything                     4096       deny VirtualNetwork
 *
 * Every rule inside a band is an Allow, so order inside a band carries no meaning; only the band
 * order (allows before the final deny) does. A rule's place in its band is derived from its key
 * (a hash, collisions probed in sorted-key order), not from its position in a list, so adding or
 * removing a flow leaves every other rule's priority where it was.
 */
import { carve, parseCidr, planSubnets, type CidrBlock } from "../shared/cidr";
import type { Flow, Ingress } from "../../config/schema";

/** Subnet (and NSG) key of the spoke's private-endpoint subnet; no tier may take it. */
export const PRIVATE_ENDPOINTS = "private-endpoints";
/** Remote-administration ports no rule may open: administration goes through PIM-elevated Azure APIs, never SSH/RDP. */
export const FORBIDDEN_PORTS = [22, 3389] as const;
/** The Azure Firewall subnet's prefix: /26 is the size Azure requires for scale-out. */
export const FIREWALL_SUBNET_PREFIX = 26;

/**
 * Every port but {@link FORBIDDEN_PORTS}, as NSG port ranges: what the broad rules (intra-tier,
 * load-balancer probes) admit, so not even a tier's own members can SSH or RDP to each other.
 */
export const NON_ADMIN_PORTS: readonly string[] = (() => {
    const out: string[] = [];
    let start = 0;
    for (const p of [...FORBIDDEN_PORTS].sort((a, b) => a - b)) {
        if (p > start) out.push(p - 1 === start ? String(start) : `${start}-${p - 1}`);
        start = p + 1;
    }
    return [...out, `${start}-65535`];
})();

export const BANDS = {
    ingress: { from: 1000, to: 1999 },
    flows: { from: 2000, to: 3999 },
} as const;
export const DENY_PRIORITY = 4096;

type Tiers = Record<string, { slot: number; edge?: boolean }>;

/** Throws on intent the network must never build, with the fix in the message. */
export function assertBuildable(tiers: Tiers, flows: Flow[], ingress: Ingress[]): void {
    const problems: string[] = [];
    if (PRIVATE_ENDPOINTS in tiers) problems.push(`tier name "${PRIVATE_ENDPOINTS}" is reserved for the private-endpoint subnet; rename the tier`);
    for (const f of flows) {
        if (!tiers[f.from] || !tiers[f.to]) problems.push(`flow ${f.key} names a tier that does not exist`);
    }
    for (const r of ingress) {
        if (!tiers[r.tier]) problems.push(`ingress ${r.key} targets tier "${r.tier}", which does not exist`);
        else if (!tiers[r.tier].edge) problems.push(`ingress ${r.key} targets "${r.tier}", which is not an edge tier`);
    }
    for (const [what, keys] of [["flow", flows.map((f) => f.key)], ["ingress", ingress.map((r) => r.key)]] as const) {
        for (const k of new Set(keys.filter((key, i) => keys.indexOf(key) !== i))) problems.push(`${what} ${k} is declared twice`);
    }
    const admin = [...flows.map((f) => ({ what: `flow ${f.key}`, port: f.port })), ...ingress.map((r) => ({ what: `ingress ${r.key}`, port: r.port }))]
        .filter((x) => (FORBIDDEN_PORTS as readonly number[]).includes(x.port));
    for (const a of admin) problems.push(`${a.what} opens a remote-administration port (SSH/RDP); use PIM-elevated access through Azure APIs instead`);
    if (problems.length > 0) throw new Error(`zt:azure:Network: ${problems.join("; ")}`);
}

export interface LayoutInput {
    addressSpace: string;
    tierPrefixLength: number;
    tiers: Tiers;
    hubAddressSpace: string;
    privateEndpointSlot: number;
}

export interface Layout {
    /** Tier → its whole block (one regional subnet). */
    tierCidrs: Record<string, string>;
    privateEndpointCidr: string;
    /** AzureFirewallSubnet: the /26 at the hub's start. */
    firewallSubnetCidr: string;
    /**
     * The firewall's private (internal load balancer) address: the first address Azure hands out in
     * its subnet, since it keeps the first four of every subnet. Known before the firewall exists,
     * so the route and the spoke's DNS setting are visible in the preview.
     */
    firewallPrivateIp: string;
}

function block(cidr: string, what: string): CidrBlock {
    const b = parseCidr(cidr);
    if ("error" in b) throw new Error(`zt:azure:Network: ${what} ${cidr}: ${b.error}`);
    return b;
}

export function planLayout(input: LayoutInput): Layout {
    const plan = planSubnets({ ...input, subnetPrefixLength: input.tierPrefixLength });
    const tierCidrs = Object.fromEntries(Object.entries(plan).map(([tier, p]) => [tier, p.cidr]));
    const privateEndpointCidr = carve(block(input.addressSpace, "addressSpace"), input.tierPrefixLength, input.privateEndpointSlot).cidr;
    const firewallSubnet = carve(block(input.hubAddressSpace, "hubAddressSpace"), FIREWALL_SUBNET_PREFIX, 0);
    const firewallPrivateIp = carve(firewallSubnet, 32, 4).cidr.replace(/\/32$/, "");
    return { tierCidrs, privateEndpointCidr, firewallSubnetCidr: firewallSubnet.cidr, firewallPrivateIp };
}

/** Who a rule matches: a tier's application security group, or address prefixes / service tags. */
export type RuleEndpoint = { asg: string } | { prefix: string } | { prefixes: string[] };

export interface NsgRuleSpec {
    /** Stable, from the flow or ingress key; unique inside its NSG. */
    name: string;
    priority: number;
    direction: "Inbound" | "Outbound";
    access: "Allow" | "Deny";
    protocol: "Tcp" | "Udp" | "*";
    source: RuleEndpoint;
    destination: RuleEndpoint;
    /** Destination ports or ranges, or `["*"]`. */
    ports: string[];
    description: string;
}

export interface NsgRuleInput {
    tierCidrs: Record<string, string>;
    privateEndpointCidr: string;
    flows: Flow[];
    ingress: Ingress[];
    /** The firewall's DNS proxy, when the spoke resolves through it. Default: none (Azure DNS, which NSGs never filter). */
    dnsServer?: string;
}

const PROTOCOL = { tcp: "Tcp", udp: "Udp" } as const;

/** FNV-1a: a small, stable string hash (no crypto needed, only spread). */
function hash(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
}

/** Key → priority inside a band: hashed, collisions probed forward in sorted-key order. */
export function bandPriorities(keys: string[], band: { from: number; to: number }): Map<string, number> {
    const size = band.to - band.from + 1;
    const taken = new Set<number>();
    const out = new Map<string, number>();
    for (const key of [...new Set(keys)].sort()) {
        if (taken.size >= size) throw new Error(`zt:azure:Network: more than ${size} rules in priority band ${band.from}–${band.to}`);
        let offset = hash(key) % size;
        while (taken.has(offset)) offset = (offset + 1) % size;
        taken.add(offset);
        out.set(key, band.from + offset);
    }
    return out;
}

const deny = (direction: "Inbound" | "Outbound", destination: string, description: string): NsgRuleSpec => ({
    name: direction === "Inbound" ? "deny-all-inbound" : "deny-virtual-network-outbound",
    priority: DENY_PRIORITY, direction, access: "Deny", protocol: "*", source: { prefix: "*" }, destination: { prefix: destination }, ports: ["*"], description,
});

/**
 * Every NSG's rules, keyed by subnet (each tier, then {@link PRIVATE_ENDPOINTS}). A flow is an
 * inbound allow on the destination tier's NSG and an outbound allow on the source tier's, both
 * between the tiers' ASGs; ingress admits its source ranges to the edge tier's ASG. East–west
 * traffic beyond that is denied both ways; internet egress is left to the route table (and the
 * firewall), whose allow-list is the real control.
 */
export function securityRules(input: NsgRuleInput): Record<string, NsgRuleSpec[]> {
    const out: Record<string, NsgRuleSpec[]> = {};
    const flowIn = bandPriorities(input.flows.map((f) => f.key), BANDS.flows);
    const ingressIn = bandPriorities(input.ingress.map((r) => r.key), BANDS.ingress);
    for (const [tier, cidr] of Object.entries(input.tierCidrs)) {
        const rules: NsgRuleSpec[] = [
            // The final deny would otherwise also drop the load balancer's health probes (the default
            // allow sits at 65001). Probes are TCP (HTTP/S runs over it) to the backend's port.
            { name: "allow-azure-load-balancer", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", source: { prefix: "AzureLoadBalancer" }, destination: { prefix: cidr }, ports: [...NON_ADMIN_PORTS], description: "Azure Load Balancer health probes" },
            // AKS nodes, pods and replicas talk inside their tier (AKS does not support filtering its own
            // subnet), on any port but remote administration.
            { name: "allow-intra-tier", priority: 110, direction: "Inbound", access: "Allow", protocol: "*", source: { prefix: cidr }, destination: { prefix: cidr }, ports: [...NON_ADMIN_PORTS], description: `Inside the ${tier} tier` },
            ...input.ingress.filter((r) => r.tier === tier).map((r): NsgRuleSpec => ({
                name: `allow-${r.key}`, priority: ingressIn.get(r.key)!, direction: "Inbound", access: "Allow", protocol: PROTOCOL[r.protocol],
                source: { prefixes: [...r.sources].sort() }, destination: { asg: tier }, ports: [String(r.port)], description: `Configured ingress ${r.key}`,
            })),
            ...input.flows.filter((f) => f.to === tier).map((f): NsgRuleSpec => ({
                name: `allow-in-${f.key}`, priority: flowIn.get(f.key)!, direction: "Inbound", access: "Allow", protocol: PROTOCOL[f.protocol],
                source: { asg: f.from }, destination: { asg: f.to }, ports: [String(f.port)], description: `Flow ${f.key}`,
            })),
            deny("Inbound", "*", "Everything not allowed above"),
            { name: "allow-intra-tier", priority: 100, direction: "Outbound", access: "Allow", protocol: "*", source: { prefix: cidr }, destination: { prefix: cidr }, ports: [...NON_ADMIN_PORTS], description: `Inside the ${tier} tier` },
            { name: "allow-private-endpoints-https", priority: 110, direction: "Outbound", access: "Allow", protocol: "Tcp", source: { prefix: cidr }, destination: { prefix: input.privateEndpointCidr }, ports: ["443"], description: "Azure services through their private endpoints" },
            ...(input.dnsServer ? (["Udp", "Tcp"] as const).map((protocol, i): NsgRuleSpec => ({
                name: `allow-dns-proxy-${protocol.toLowerCase()}`, priority: 120 + i, direction: "Outbound", access: "Allow", protocol,
                source: { prefix: cidr }, destination: { prefix: input.dnsServer! }, ports: ["53"], description: "DNS through the firewall's proxy",
            })) : []),
            ...input.flows.filter((f) => f.from === tier).map((f): NsgRuleSpec => ({
                name: `allow-out-${f.key}`, priority: flowIn.get(f.key)!, direction: "Outbound", access: "Allow", protocol: PROTOCOL[f.protocol],
                source: { asg: f.from }, destination: { asg: f.to }, ports: [String(f.port)], description: `Flow ${f.key}`,
            })),
            deny("Outbound", "VirtualNetwork", "East-west only through declared flows"),
        ];
        out[tier] = sorted(rules);
    }
    const tierRanges = Object.values(input.tierCidrs).sort();
    out[PRIVATE_ENDPOINTS] = sorted([
        { name: "allow-tiers-https", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", source: { prefixes: tierRanges }, destination: { prefix: input.privateEndpointCidr }, ports: ["443"], description: "HTTPS from the spoke's tiers only" },
        deny("Inbound", "*", "Everything not allowed above"),
        deny("Outbound", "VirtualNetwork", "Private endpoints never start connections"),
    ]);
    return out;
}

function sorted(rules: NsgRuleSpec[]): NsgRuleSpec[] {
    return [...rules].sort((a, b) => a.direction.localeCompare(b.direction) || a.priority - b.priority);
}

/** A spec in the shape of azure-native's inline `securityRules`, with ASGs resolved to their ids. */
export function toSecurityRule<T>(spec: NsgRuleSpec, asgIds: Record<string, T>) {
    const asg = (tier: string) => {
        if (!(tier in asgIds)) throw new Error(`zt:azure:Network: no application security group for tier "${tier}"`);
        return [{ id: asgIds[tier] }];
    };
    const { source: s, destination: d } = spec;
    return {
        name: spec.name,
        priority: spec.priority,
        direction: spec.direction,
        access: spec.access,
        protocol: spec.protocol,
        description: spec.description,
        sourcePortRange: "*",
        ...(spec.ports.length === 1 ? { destinationPortRange: spec.ports[0] } : { destinationPortRanges: spec.ports }),
        ...("asg" in s ? { sourceApplicationSecurityGroups: asg(s.asg) } : "prefixes" in s ? { sourceAddressPrefixes: s.prefixes } : { sourceAddressPrefix: s.prefix }),
        ...("asg" in d ? { destinationApplicationSecurityGroups: asg(d.asg) } : "prefixes" in d ? { destinationAddressPrefixes: d.prefixes } : { destinationAddressPrefix: d.prefix }),
    };
}
