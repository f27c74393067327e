/**
 * Azure network security rules and subnets in one shape, whichever resource declares them: the
 * inline `securityRules` of a NetworkSecurityGroup or a standalone SecurityRule; a standalone
 * Subnet or the inline `subnets` of a VirtualNetwork. Shared by the zt-azure-network-* rules.
 *
 * Reading conventions (see ./props): the values a rule decides on (access, direction, protocol,
 * ports) are read through the proxy, so an unknown one stops the rule with "can't run during
 * preview"; source prefixes are read raw and only known ones count, because an unknown source is
 * not evidence of exposure.
 */
import { listOf } from "./aws-props";
import { formatPath, isUnknown, raw, readKnown, readRaw } from "./props";

export const AZURE_NETWORK_TYPES = {
    nsg: "azure-native:network:NetworkSecurityGroup",
    securityRule: "azure-native:network:SecurityRule",
    subnet: "azure-native:network:Subnet",
    virtualNetwork: "azure-native:network:VirtualNetwork",
    publicIp: "azure-native:network:PublicIPAddress",
    networkInterface: "azure-native:network:NetworkInterface",
    firewall: "azure-native:network:AzureFirewall",
    firewallPolicy: "azure-native:network:FirewallPolicy",
    flowLog: "azure-native:network:FlowLog",
    privateZone: "azure-native:privatedns:PrivateZone",
    zoneLink: "azure-native:privatedns:VirtualNetworkLink",
} as const;

/** One security rule, wherever it is declared. */
export interface SecurityRuleRef {
    /** How messages name it: `Security rule "allow-https" (securityRules[0])` or `This security rule`. */
    where: string;
    /** Property path of the rule inside the resource ([] for a standalone rule). */
    base: string[];
}

/** The security rules a resource declares; undefined when the type declares none by nature (not applicable). */
export function securityRulesOf(args: { type: string; props: Record<string, unknown> }): SecurityRuleRef[] | undefined {
    if (args.type === AZURE_NETWORK_TYPES.securityRule) {
        return [{ where: "This security rule", base: [] }];
    }
    if (args.type === AZURE_NETWORK_TYPES.nsg) {
        return listOf(readKnown(args.props, ["securityRules"])).map((rule, i) => {
            const name = raw((rule as Record<string, unknown> | null)?.name);
            const path = formatPath(["securityRules", i]);
            return {
                where: typeof name === "string" && name !== "" && !isUnknown(name) ? `Security rule "${name}" (${path})` : `Security rule ${path}`,
                base: ["securityRules", String(i)],
            };
        });
    }
    return undefined;
}

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : undefined);

/** True when the rule allows inbound traffic; reads access and direction through the proxy. */
export function isInboundAllow(props: Record<string, unknown>, rule: SecurityRuleRef): boolean {
    return lower(readKnown(props, [...rule.base, "direction"])) === "inbound" && lower(readKnown(props, [...rule.base, "access"])) === "allow";
}

/** Known source address prefixes (sourceAddressPrefix and sourceAddressPrefixes), read raw. */
export function sourcePrefixes(props: Record<string, unknown>, rule: SecurityRuleRef): string[] {
    const values = [readRaw(props, [...rule.base, "sourceAddressPrefix"]), ...listOf(readRaw(props, [...rule.base, "sourceAddressPrefixes"]))];
    return values.filter((v): v is string => typeof v === "string" && v.trim() !== "" && !isUnknown(v));
}

/** True when the rule names application security groups as its source. */
export function hasSourceAsgs(props: Record<string, unknown>, rule: SecurityRuleRef): boolean {
    return listOf(readRaw(props, [...rule.base, "sourceApplicationSecurityGroups"])).length > 0;
}

/** A source that is the whole internet: `*`, `Any`, the `Internet` service tag, or any /0 range. */
export function isInternetSource(prefix: string): boolean {
    const p = prefix.trim().toLowerCase();
    return p === "*" || p === "any" || p === "internet" || /\/0$/.test(p);
}

/** What traffic a rule admits: the protocol (lowercase; "*" for all) and its destination port specs ("*", "443", "1000-2000"). */
export interface RuleTraffic {
    protocol: string;
    ports: string[];
}

/** Reads protocol and destination ports through the proxy. Ports of protocols without ports (icmp, esp, ah) are not read. */
export function trafficOf(props: Record<string, unknown>, rule: SecurityRuleRef): RuleTraffic {
    const protocol = lower(readKnown(props, [...rule.base, "protocol"])) ?? "*";
    if (!hasPorts(protocol)) {
        return { protocol, ports: [] };
    }
    const single = readKnown(props, [...rule.base, "destinationPortRange"]);
    const many = listOf(readKnown(props, [...rule.base, "destinationPortRanges"]));
    const ports = [single, ...many].filter((v): v is string | number => (typeof v === "string" && v.trim() !== "") || typeof v === "number").map((v) => String(v).trim());
    // A rule with neither property is rejected by Azure; read it as every port rather than none.
    return { protocol, ports: ports.length > 0 ? ports : ["*"] };
}

function hasPorts(protocol: string): boolean {
    return protocol === "*" || protocol === "tcp" || protocol === "udp";
}

/** The inclusive range a port spec covers; "*" is every port. Undefined when the spec is not a port or range. */
export function portRange(spec: string): [number, number] | undefined {
    const s = spec.trim();
    if (s === "*") {
        return [0, 65535];
    }
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    return m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
}

/** True when the traffic includes tcp or udp `port`. */
export function coversPort(t: RuleTraffic, port: number): boolean {
    if (!hasPorts(t.protocol)) {
        return false;
    }
    return t.ports.some((spec) => {
        const range = portRange(spec);
        return range !== undefined && range[0] <= port && port <= range[1];
    });
}

/** True when the traffic is every protocol on every port. */
export function isAllTraffic(t: RuleTraffic): boolean {
    return t.protocol === "*" && t.ports.every((p) => portRange(p)?.[0] === 0 && portRange(p)?.[1] === 65535);
}

/** "all traffic", "tcp/443", "tcp/80,443", "tcp on all ports", "any protocol on 22", "icmp". */
export function describeTraffic(t: RuleTraffic): string {
    if (isAllTraffic(t)) {
        return "all traffic";
    }
    if (!hasPorts(t.protocol)) {
        return t.protocol;
    }
    const every = t.ports.every((p) => p === "*");
    if (t.protocol === "*") {
        return `any protocol on ${every ? "all ports" : t.ports.join(",")}`;
    }
    return every ? `${t.protocol} on all ports` : `${t.protocol}/${t.ports.join(",")}`;
}

/** Subnets Azure manages itself, which take no NSG of the landing zone's (or reject one). */
export const PLATFORM_SUBNETS = ["AzureFirewallSubnet", "AzureFirewallManagementSubnet", "GatewaySubnet", "AzureBastionSubnet", "RouteServerSubnet"] as const;

/** One subnet, wherever it is declared. */
export interface SubnetRef {
    /** How messages name it: `This subnet ("app")` or `Subnet "app" (subnets[0])`. */
    where: string;
    /** Property path of the subnet inside the resource ([] for a standalone subnet). */
    base: string[];
    /** Its name when known (platform subnets always have a literal name). */
    name?: string;
}

/**
 * The subnets a resource declares: a standalone Subnet, or a VirtualNetwork's inline `subnets`.
 * Undefined when there are none to check (other types, or a VNet whose subnets are their own resources).
 */
export function subnetsOf(args: { type: string; props: Record<string, unknown> }): SubnetRef[] | undefined {
    if (args.type === AZURE_NETWORK_TYPES.subnet) {
        const name = knownString(readRaw(args.props, ["subnetName"])) ?? knownString(readRaw(args.props, ["name"]));
        return [{ where: name ? `This subnet ("${name}")` : "This subnet", base: [], name }];
    }
    if (args.type === AZURE_NETWORK_TYPES.virtualNetwork) {
        const inline = listOf(readKnown(args.props, ["subnets"]));
        if (inline.length === 0) {
            return undefined;
        }
        return inline.map((s, i) => {
            const name = knownString(raw((s as Record<string, unknown> | null)?.name));
            const path = formatPath(["subnets", i]);
            return { where: name ? `Subnet "${name}" (${path})` : `Subnet ${path}`, base: ["subnets", String(i)], name };
        });
    }
    return undefined;
}

/** True when the subnet's name is one of `names` (Azure compares names case-insensitively). */
export function isNamed(subnet: SubnetRef, names: readonly string[]): boolean {
    return subnet.name !== undefined && names.some((n) => n.toLowerCase() === subnet.name!.toLowerCase());
}

function knownString(v: unknown): string | undefined {
    return typeof v === "string" && v.trim() !== "" && !isUnknown(v) ? v : undefined;
}
