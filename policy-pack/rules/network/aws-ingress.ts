/**
 * Security-group ingress in one shape, whichever resource declares it: the inline `ingress` list
 * of aws.ec2.SecurityGroup, aws.vpc.SecurityGroupIngressRule, or an "ingress" aws.ec2.SecurityGroupRule.
 * Shared by the network rules about open and administrative ports.
 */
import { ResourceValidationArgs } from "@pulumi/policy";
import { asBool, asNumber, isPresent, listOf } from "../../lib/aws-props";
import { formatPath, isUnknown, raw, readKnown, readRaw } from "../../lib/props";

export const INGRESS_TYPES = [
    "aws:ec2/securityGroup:SecurityGroup",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
] as const;

export interface Ingress {
    /** How messages name it: `Ingress rule ingress[0]` or `This ingress rule`. */
    where: string;
    /** Property path of the rule inside the resource ([] for a standalone rule). */
    base: string[];
    /** Property names of this shape. */
    fields: { protocol: string; fromPort: string; toPort: string };
    /** IPv4 and IPv6 source ranges (known values only). */
    cidrs: string[];
    /** Sources that are not ranges: "a security group", "itself", "a prefix list". */
    otherSources: string[];
}

/** The ingress rules a resource declares; `undefined` when the type declares none by nature (not applicable). */
export function ingressOf(args: ResourceValidationArgs): Ingress[] | undefined {
    const props = args.props as Record<string, unknown>;
    if (args.type === "aws:ec2/securityGroup:SecurityGroup") {
        const rules = listOf(readKnown(props, ["ingress"]));
        return rules.map((rule, i) => {
            const r = raw(rule) as Record<string, unknown>;
            const other: string[] = [];
            if (listOf(r.securityGroups).length > 0) other.push("a security group");
            if (asBool(r.self) === true) other.push("itself");
            if (listOf(r.prefixListIds).length > 0) other.push("a prefix list");
            return {
                where: `Ingress rule ${formatPath(["ingress", i])}`,
                base: ["ingress", String(i)],
                fields: { protocol: "protocol", fromPort: "fromPort", toPort: "toPort" },
                cidrs: known([...listOf(r.cidrBlocks), ...listOf(r.ipv6CidrBlocks)]),
                otherSources: other,
            };
        });
    }
    if (args.type === "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") {
        const other: string[] = [];
        if (isPresent(readRaw(props, ["referencedSecurityGroupId"]))) other.push("a security group");
        if (isPresent(readRaw(props, ["prefixListId"]))) other.push("a prefix list");
        return [
            {
                where: "This ingress rule",
                base: [],
                fields: { protocol: "ipProtocol", fromPort: "fromPort", toPort: "toPort" },
                cidrs: known([readRaw(props, ["cidrIpv4"]), readRaw(props, ["cidrIpv6"])]),
                otherSources: other,
            },
        ];
    }
    if (args.type === "aws:ec2/securityGroupRule:SecurityGroupRule") {
        if (readKnown(props, ["type"]) !== "ingress") {
            return undefined;
        }
        const other: string[] = [];
        if (isPresent(readRaw(props, ["sourceSecurityGroupId"]))) other.push("a security group");
        if (asBool(readRaw(props, ["self"])) === true) other.push("itself");
        if (listOf(readRaw(props, ["prefixListIds"])).length > 0) other.push("a prefix list");
        return [
            {
                where: "This ingress rule",
                base: [],
                fields: { protocol: "protocol", fromPort: "fromPort", toPort: "toPort" },
                cidrs: known([...listOf(readRaw(props, ["cidrBlocks"])), ...listOf(readRaw(props, ["ipv6CidrBlocks"]))]),
                otherSources: other,
            },
        ];
    }
    return undefined;
}

function known(values: unknown[]): string[] {
    return values.filter((v): v is string => typeof v === "string" && v !== "" && !isUnknown(v));
}

/** A range that covers the whole address family: 0.0.0.0/0, ::/0 (any address with a /0 prefix). */
export function isAnywhere(cidr: string): boolean {
    return /\/0$/.test(cidr.trim());
}

const PROTOCOL_NAMES: Readonly<Record<string, string>> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6", all: "-1" };

/** What traffic a rule admits, read through the proxy so an unknown protocol or port stops the rule honestly. */
export interface Traffic {
    /** "-1" (everything), "tcp", "udp", "icmp", "icmpv6" or another protocol name/number. */
    protocol: string;
    fromPort?: number;
    toPort?: number;
}

export function trafficOf(props: Record<string, unknown>, rule: Ingress): Traffic {
    const rawProtocol = readKnown(props, [...rule.base, rule.fields.protocol]);
    const text = String(rawProtocol ?? "-1").toLowerCase();
    const protocol = PROTOCOL_NAMES[text] ?? text;
    if (protocol === "-1" || (protocol !== "tcp" && protocol !== "udp")) {
        return { protocol };
    }
    const fromPort = asNumber(readKnown(props, [...rule.base, rule.fields.fromPort]));
    const toPort = asNumber(readKnown(props, [...rule.base, rule.fields.toPort]));
    return { protocol, fromPort, toPort };
}

/** True when the traffic includes tcp or udp `port` (all-protocol rules include every port). */
export function coversPort(t: Traffic, port: number): boolean {
    if (t.protocol === "-1") {
        return true;
    }
    if (t.protocol !== "tcp" && t.protocol !== "udp") {
        return false;
    }
    // A tcp/udp rule without ports (vpc.SecurityGroupIngressRule) admits every port.
    const from = t.fromPort ?? 0;
    const to = t.toPort ?? 65535;
    return (from === -1 && to === -1) || (from <= port && port <= to);
}

/** "all traffic", "tcp/443", "tcp/1024-65535", "icmp". */
export function describeTraffic(t: Traffic): string {
    if (t.protocol === "-1") {
        return "all traffic";
    }
    if (t.protocol !== "tcp" && t.protocol !== "udp") {
        return t.protocol;
    }
    const from = t.fromPort ?? 0;
    const to = t.toPort ?? 65535;
    return from === to ? `${t.protocol}/${from}` : `${t.protocol}/${from}-${to}`;
}
