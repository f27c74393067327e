/**
 * Pure planning for zt:aws:Network: which security-group rules, network-ACL entries, egress
 * subnets and endpoint policies the intent implies. Plain inputs, plain outputs, no resources, so
 * every rule is unit-tested without a program and the component only turns specs into resources.
 */
import { parseCidr, planSubnets } from "../shared/cidr";
import type { Flow, Ingress } from "../../config/schema";

/** Interface endpoints every VPC gets: SSM sessions, keys, tokens, secrets, logs, images, runtime monitoring. */
export const DEFAULT_INTERFACE_ENDPOINTS = [
    "ssm", "ssmmessages", "ec2messages", "kms", "sts", "secretsmanager", "logs", "ecr.api", "ecr.dkr",
    // The GuardDuty runtime-monitoring agent delivers its events only through this endpoint.
    "guardduty-data",
] as const;

/** Remote-administration ports no rule may open: administration goes through SSM Session Manager. */
export const FORBIDDEN_PORTS = [22, 3389] as const;

/** TCP/UDP ports clients pick for their side of a connection: what return traffic is addressed to. */
export const EPHEMERAL = { from: 1024, to: 65535 } as const;

/**
 * Tier names whose child names or security-group names would collide with the network's own
 * (`network-sg-endpoints`, `network-sg-quarantine`, `network-egress-nat-<zone>`, ...).
 */
export const RESERVED_TIER_NAMES = ["endpoints", "quarantine", "egress-nat", "egress-firewall", "vpc", "internet", "s3"] as const;

/** Throws on intent the network must never build, with the fix in the message. */
export function assertBuildable(tiers: string[], flows: Flow[], ingress: Ingress[]): void {
    const reserved = tiers.filter((t) => (RESERVED_TIER_NAMES as readonly string[]).includes(t));
    if (reserved.length > 0) {
        throw new Error(`zt:aws:Network: tier name(s) ${reserved.join(", ")} are reserved for the network's own resources; rename the tier`);
    }
    const admin = [...flows.map((f) => ({ what: `flow ${f.key}`, port: f.port })), ...ingress.map((r) => ({ what: `ingress ${r.key}`, port: r.port }))]
        .filter((x) => (FORBIDDEN_PORTS as readonly number[]).includes(x.port));
    if (admin.length > 0) {
        throw new Error(`zt:aws:Network: ${admin.map((x) => x.what).join(", ")} open(s) a remote-administration port; use SSM Session Manager instead of SSH/RDP`);
    }
}

/** A CIDR as a name-safe slug: `203.0.113.0/24` → `203-0-113-0-24`. */
export function cidrSlug(cidr: string): string {
    return cidr.replace(/[./]/g, "-");
}

/** Who a security-group rule admits or reaches. `group` names a tier or `endpoints`. */
export type RulePeer = { group: string } | { cidr: string } | { prefixList: "s3" };

export interface SecurityRuleSpec {
    /** Stable key; the rule's child name is `<network>-<key>`. */
    key: string;
    /** The group the rule belongs to: a tier name or `endpoints`. */
    group: string;
    direction: "ingress" | "egress";
    protocol: "tcp" | "udp";
    port: number;
    peer: RulePeer;
    description: string;
}

export interface SecurityRuleInput {
    tiers: string[];
    flows: Flow[];
    ingress: Ingress[];
    vpcCidr: string;
    /** Tiers whose default route leads to the NAT gateways. */
    natTiers: string[];
    /** Whether NAT gateways exist (`nat !== "none"`). */
    internetEgress: boolean;
}

/**
 * Every security-group rule, chained by source group: a flow is an ingress rule on the target's
 * group from the source's group and the matching egress rule on the source's group. Beyond flows a
 * tier may only reach the interface endpoints (443), and NAT tiers also HTTPS out (through the
 * firewall when it is on) and the S3 gateway endpoint.
 */
export function securityRules(input: SecurityRuleInput): SecurityRuleSpec[] {
    const rules: SecurityRuleSpec[] = [];
    for (const f of input.flows) {
        rules.push({ key: `in-${f.key}`, group: f.to, direction: "ingress", protocol: f.protocol, port: f.port, peer: { group: f.from }, description: `from ${f.from}` });
        rules.push({ key: `out-${f.key}`, group: f.from, direction: "egress", protocol: f.protocol, port: f.port, peer: { group: f.to }, description: `to ${f.to}` });
    }
    for (const r of input.ingress) {
        for (const source of r.sources) {
            rules.push({ key: `in-${r.key}-${cidrSlug(source)}`, group: r.tier, direction: "ingress", protocol: r.protocol, port: r.port, peer: { cidr: source }, description: `internet ${source}` });
        }
    }
    for (const tier of input.tiers) {
        rules.push({ key: `out-${tier}-to-endpoints-tcp-443`, group: tier, direction: "egress", protocol: "tcp", port: 443, peer: { group: "endpoints" }, description: "AWS APIs through the interface endpoints" });
    }
    for (const tier of input.natTiers) {
        rules.push({ key: `out-${tier}-to-s3-tcp-443`, group: tier, direction: "egress", protocol: "tcp", port: 443, peer: { prefixList: "s3" }, description: "S3 through the gateway endpoint (image layers)" });
        if (input.internetEgress) {
            rules.push({ key: `out-${tier}-to-internet-tcp-443`, group: tier, direction: "egress", protocol: "tcp", port: 443, peer: { cidr: "0.0.0.0/0" }, description: "HTTPS out through NAT (and the egress firewall when on)" });
        }
    }
    rules.push({ key: "in-vpc-to-endpoints-tcp-443", group: "endpoints", direction: "ingress", protocol: "tcp", port: 443, peer: { cidr: input.vpcCidr }, description: "HTTPS from inside the VPC only" });
    return rules;
}

/** One network-ACL entry, in the shape of `ec2.NetworkAcl`'s inline `ingress`/`egress`. */
export interface NaclEntry {
    ruleNo: number;
    action: "allow";
    protocol: "tcp" | "udp";
    cidrBlock: string;
    fromPort: number;
    toPort: number;
}

export interface NaclInput {
    tierCidrs: Record<string, string>;
    vpcCidr: string;
    flows: Flow[];
    /** Whether this tier holds the interface endpoints (then it also answers 443 from the VPC). */
    holdsEndpoints: boolean;
}

/**
 * The network ACL of an isolated tier: in, its flows from their source tiers and return traffic
 * from the VPC; out, its own flows, return traffic to its flow sources and 443 to the endpoints.
 * Entries are numbered 100, 110, ... in that order; anything unmatched falls to the ACL's fixed
 * final deny (`*`), which is what makes the list an allow-list.
 */
export function isolatedTierNacl(tier: string, input: NaclInput): { ingress: NaclEntry[]; egress: NaclEntry[] } {
    const into = input.flows.filter((f) => f.to === tier).sort((a, b) => a.key.localeCompare(b.key));
    const out = input.flows.filter((f) => f.from === tier).sort((a, b) => a.key.localeCompare(b.key));
    type Entry = Omit<NaclEntry, "ruleNo" | "action">;
    const eph = (protocol: "tcp" | "udp", cidrBlock: string): Entry => ({ protocol, cidrBlock, fromPort: EPHEMERAL.from, toPort: EPHEMERAL.to });
    const port = (protocol: "tcp" | "udp", cidrBlock: string, p: number): Entry => ({ protocol, cidrBlock, fromPort: p, toPort: p });

    const ingress: Entry[] = into.map((f) => port(f.protocol, input.tierCidrs[f.from], f.port));
    if (input.holdsEndpoints) ingress.push(port("tcp", input.vpcCidr, 443));
    // Replies to this tier's own connections: to the endpoints (tcp) and to its flow targets.
    for (const protocol of new Set<"tcp" | "udp">(["tcp", ...out.map((f) => f.protocol)])) ingress.push(eph(protocol, input.vpcCidr));

    const egress: Entry[] = out.map((f) => port(f.protocol, input.tierCidrs[f.to], f.port));
    egress.push(...into.map((f) => eph(f.protocol, input.tierCidrs[f.from])));
    egress.push(port("tcp", input.vpcCidr, 443));
    if (input.holdsEndpoints) egress.push(eph("tcp", input.vpcCidr));
    return { ingress: numbered(ingress), egress: numbered(egress) };
}

function numbered(entries: Omit<NaclEntry, "ruleNo" | "action">[]): NaclEntry[] {
    const seen = new Set<string>();
    const unique = entries.filter((e) => {
        const k = `${e.protocol}|${e.cidrBlock}|${e.fromPort}|${e.toPort}`;
        return seen.has(k) ? false : (seen.add(k), true);
    });
    return unique.map((e, i) => ({ ruleNo: 100 + 10 * i, action: "allow", ...e }));
}

/**
 * The egress block's subnets: its first half holds one NAT subnet per zone, its second half one
 * firewall subnet per zone, each a /28 at the zone's slot (a → 0), so adding a zone or switching
 * NAT mode never moves an existing subnet. Throws RangeError when a half cannot hold the zone slot.
 */
export function planEgressSubnets(egressBlock: string, zones: Record<string, number>): { nat: Record<string, string>; firewall: Record<string, string> } {
    const block = parseCidr(egressBlock);
    if ("error" in block) throw new Error(`egress block ${egressBlock}: ${block.error}`);
    const plan = planSubnets({
        addressSpace: block.cidr,
        tierPrefixLength: block.prefix + 1,
        subnetPrefixLength: 28,
        tiers: { nat: { slot: 0 }, firewall: { slot: 1 } },
        zones,
    });
    return { nat: plan["nat"].subnets, firewall: plan["firewall"].subnets };
}

/**
 * An endpoint policy that admits only our own principals, whatever they call: credentials from
 * another account (an attacker's) cannot use our endpoint to move data out. With an organization
 * the boundary is the organization, otherwise this account.
 */
export function endpointPolicy<T>(who: { organizationId: string } | { accountId: T }) {
    const condition = "organizationId" in who ? { "aws:PrincipalOrgID": who.organizationId } : { "aws:PrincipalAccount": who.accountId };
    return {
        Version: "2012-10-17",
        Statement: [{ Sid: "OnlyOurPrincipals", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: { StringEquals: condition } }],
    };
}

/** The firewall endpoint in one availability zone, from `Firewall.firewallStatuses`. Throws when it has none. */
export function firewallEndpointIn(statuses: { syncStates: { availabilityZone: string; attachments: { endpointId: string }[] }[] }[], az: string): string {
    const id = statuses.flatMap((s) => s.syncStates).find((s) => s.availabilityZone === az)?.attachments[0]?.endpointId;
    if (!id) throw new Error(`the egress firewall has no endpoint in ${az}; its subnet mapping is missing that zone`);
    return id;
}
