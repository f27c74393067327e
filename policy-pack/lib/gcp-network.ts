/**
 * GCP VPC firewall rules (compute.Firewall) read the way the zt-gcp-compute-firewall-* rules need:
 * direction, action, the traffic they match, their sources and targets, plus the IPv4 range
 * arithmetic the admin-port rule needs and the type tokens the network rules share.
 *
 * Reading conventions (see ./props): direction, allows/denies and source ranges decide and are
 * read through the proxy (an unknown one stops the rule with "can't run during preview"); targets
 * are read raw, and an unknown target list counts as set, since a service account's email computed
 * from its resource is still a service account.
 */
import { listOf } from "./aws-props";
import { isUnknown, readKnown, readRaw } from "./props";
import { gcpTypes } from "./registry/gcp";

export const GCP_NETWORK_TYPES = {
    firewall: "gcp:compute/firewall:Firewall",
    network: "gcp:compute/network:Network",
    subnetwork: "gcp:compute/subnetwork:Subnetwork",
    address: "gcp:compute/address:Address",
    globalAddress: "gcp:compute/globalAddress:GlobalAddress",
    routerNat: "gcp:compute/routerNat:RouterNat",
    servicePerimeter: "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter",
    servicePerimeters: "gcp:accesscontextmanager/servicePerimeters:ServicePerimeters",
} as const;

/** Types that declare VM network interfaces (`networkInterfaces[].accessConfigs` is an external address). */
export const GCP_INSTANCE_TYPES: readonly string[] = [
    "gcp:compute/instance:Instance",
    "gcp:compute/instanceTemplate:InstanceTemplate",
    "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate",
    "gcp:compute/instanceFromTemplate:InstanceFromTemplate",
    "gcp:compute/instanceFromMachineImage:InstanceFromMachineImage",
];

/**
 * Subnetwork purposes that hold no VMs (proxy-only, PSC producer, NAT source ranges): Private Google
 * Access does not apply to them, as flow logs do not (the registry's list, shared with zt-any-network-flow-logs).
 */
export function isNonVmSubnet(props: Props): boolean {
    const flowLogs = gcpTypes[GCP_NETWORK_TYPES.subnetwork]?.flowLogs;
    const exempt = flowLogs && "exemptWhen" in flowLogs ? flowLogs.exemptWhen : undefined;
    const purpose = readRaw(props, [exempt?.property ?? "purpose"]);
    return typeof purpose === "string" && (exempt?.values ?? []).includes(purpose.trim().toUpperCase());
}

type Props = Record<string, unknown>;

const knownString = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" && !isUnknown(v) ? v : undefined);

/** The resource's `name` input when it is a known literal. */
export function physicalName(props: Props): string | undefined {
    return knownString(readRaw(props, ["name"]));
}

/** `This <what> ("<name>")`, or `This <what>` when its name is not a known literal. */
export function labelOf(what: string, props: Props): string {
    const name = physicalName(props);
    return name ? `This ${what} ("${name}")` : `This ${what}`;
}

export const firewallLabel = (props: Props) => labelOf("firewall rule", props);

/** INGRESS or EGRESS; GCP's default is INGRESS. */
export function directionOf(props: Props): "INGRESS" | "EGRESS" {
    const d = readKnown(props, ["direction"]);
    return typeof d === "string" && d.trim().toUpperCase() === "EGRESS" ? "EGRESS" : "INGRESS";
}

/** One protocol entry of `allows` or `denies`: protocol lower-cased, ports as given ([] is every port). */
export interface FirewallEntry {
    protocol: string;
    ports: string[];
}

function entriesOf(props: Props, key: "allows" | "denies"): FirewallEntry[] {
    return listOf(readKnown(props, [key])).map((_, i) => {
        const protocol = readKnown(props, [key, String(i), "protocol"]);
        const ports = listOf(readKnown(props, [key, String(i), "ports"])).map((p) => String(p).trim());
        return { protocol: typeof protocol === "string" ? protocol.trim().toLowerCase() : String(protocol), ports };
    });
}

export const allowsOf = (props: Props) => entriesOf(props, "allows");
export const deniesOf = (props: Props) => entriesOf(props, "denies");

/** Protocols that carry ports, by name and by IP protocol number (tcp 6, udp 17, sctp 132). */
const PORTED = new Set(["tcp", "udp", "sctp", "6", "17", "132"]);

/** True when the entries match `port` over a ported protocol: "all", or tcp/udp/sctp with no ports or a range covering it. */
export function coversPort(entries: readonly FirewallEntry[], port: number): boolean {
    return entries.some((e) => {
        if (e.protocol === "all") {
            return true;
        }
        if (!PORTED.has(e.protocol)) {
            return false;
        }
        if (e.ports.length === 0) {
            return true;
        }
        return e.ports.some((spec) => {
            const m = /^(\d+)(?:-(\d+))?$/.exec(spec);
            return m !== null && Number(m[1]) <= port && port <= Number(m[2] ?? m[1]);
        });
    });
}

/** True when the entries match every protocol on every port. */
export function isAllTraffic(entries: readonly FirewallEntry[]): boolean {
    return entries.some((e) => e.protocol === "all");
}

/** "all traffic", "tcp/22", "tcp/80,443", "tcp on all ports", "icmp". */
export function describeEntries(entries: readonly FirewallEntry[]): string {
    if (isAllTraffic(entries)) {
        return "all traffic";
    }
    return entries.map((e) => (PORTED.has(e.protocol) ? (e.ports.length === 0 ? `${e.protocol} on all ports` : `${e.protocol}/${e.ports.join(",")}`) : e.protocol)).join(" and ");
}

/** Known values of a list property, read through the proxy. */
export function rangesOf(props: Props, key: "sourceRanges" | "destinationRanges"): string[] {
    return listOf(readKnown(props, [key])).map((_, i) => readKnown(props, [key, String(i)])).filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
}

/** True when the list property is set: non-empty, or unknown during preview (it will be set). */
export function hasList(props: Props, key: string): boolean {
    const v = readRaw(props, [key]);
    return isUnknown(v) || listOf(v).length > 0;
}

/** A range that is the whole address space of its family. */
export function isAnywhere(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

function ipv4(text: string): number | undefined {
    const parts = text.split(".");
    if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) {
        return undefined;
    }
    return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** An IPv4 CIDR (or bare address) as [first, last]; undefined for IPv6 or malformed text. */
export function ipv4Range(cidr: string): [number, number] | undefined {
    const [addr, bits] = cidr.trim().split("/");
    const base = ipv4(addr);
    const prefix = bits === undefined ? 32 : Number(bits);
    if (base === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) {
        return undefined;
    }
    const size = 2 ** (32 - prefix);
    const first = Math.floor(base / size) * size;
    return [first, first + size - 1];
}

/** True when IPv4 range `inner` lies inside one of `outers`. */
export function withinAny(inner: string, outers: readonly string[]): boolean {
    const r = ipv4Range(inner);
    return r !== undefined && outers.some((o) => {
        const range = ipv4Range(o);
        return range !== undefined && range[0] <= r[0] && r[1] <= range[1];
    });
}
