/**
 * zt:aws:Network — the VPC, its tier subnets carved by the CIDR planner, and everything that
 * decides who may talk to whom: security groups chained by source group, a network ACL on the
 * isolated tiers, private endpoints for AWS APIs, NAT and the egress firewall, and flow logs.
 *
 * No subnet assigns public IPs on launch, including the edge tier: internet-facing load balancers
 * get their addresses from the load balancer service, never from the subnet. There is no internet
 * gateway unless ingress is configured or NAT needs one.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as vpc from "@pulumi/aws/vpc";
import { carve, parseCidr, planSubnets } from "../shared/cidr";
import type { Flow, Ingress } from "../../config/schema";
import { EgressFirewall } from "./network-firewall";
import { assertBuildable, DEFAULT_INTERFACE_ENDPOINTS, endpointPolicy, isolatedTierNacl, planEgressSubnets, securityRules } from "./network-rules";

export interface AwsNetworkArgs {
    /** Region the VPC lives in; zone suffixes are appended to it. */
    region: string;
    /** The VPC's private range. CAUTION: changing it replaces the VPC and every subnet. */
    addressSpace: string;
    /** Prefix length of each tier's block (the egress slot is one of these blocks). */
    tierPrefixLength: number;
    /** Prefix length of each per-zone tier subnet. */
    subnetPrefixLength: number;
    /** Tier name → slot and edge flag. Keyed by name, so adding a tier never moves another's subnets. */
    tiers: Record<string, { slot: number; edge: boolean }>;
    /** Allowed tier-to-tier flows; each becomes a source-group rule. Everything else is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers' load balancers. Empty: no internet gateway route for ingress. */
    ingress: Ingress[];
    /** NAT gateways: none, one (in the first zone), or one per zone. CAUTION: switching between single and per-zone replaces the NAT tiers' route tables. */
    nat: "none" | "single" | "per-zone";
    /** Network Firewall egress inspection with a domain allow-list. Ignored when `nat` is "none": there is no egress to inspect. */
    egressFirewall: { enabled: boolean; allowedDomains: string[] };
    /** Tier slot holding the NAT and firewall subnets (one /28 of each per zone). CAUTION: changing it replaces them. */
    egressSlot: number;
    /** Where flow logs go: the log archive bucket's ARN (also names the bucket for the firewall's logs). */
    flowLogDestinationArn: pulumi.Input<string>;
    /** When set, endpoint policies only admit principals of this organization. Default: this account only. */
    organizationId?: string;
    /** This account: the endpoint policies' boundary when there is no organization. */
    accountId: pulumi.Input<string>;
    /** Availability-zone suffixes; the letter picks the subnet slot (a → 0). */
    zones: string[];
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /**
     * Non-edge tiers whose default route leads out through NAT (and the firewall) and which may send
     * HTTPS out. Default: ["app"]. Every other non-edge tier is isolated: no route out of the VPC
     * except the S3 gateway endpoint, and a network ACL admitting only its flows.
     */
    natTiers?: string[];
    /** Non-edge tier whose subnets hold the interface endpoints. Default: "app". CAUTION: changing it replaces every interface endpoint's subnets. */
    endpointTier?: string;
    /** Interface endpoint services (`com.amazonaws.<region>.<service>`). Default: {@link DEFAULT_INTERFACE_ENDPOINTS}. */
    interfaceEndpoints?: string[];
}

export class AwsNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** Tier → zone suffix → subnet id. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    /** Tier → CIDR of its whole block. */
    readonly tierCidrs: Record<string, string>;
    /** Tier → its security group; flows are rules between these groups. */
    readonly securityGroupIds: Record<string, pulumi.Output<string>> = {};
    /** The group of the interface endpoints (443 from the VPC only). */
    readonly endpointSecurityGroupId: pulumi.Output<string>;
    /** A group with no rules at all, tagged `zt-quarantine`: incident response moves compromised instances into it. */
    readonly quarantineSecurityGroupId: pulumi.Output<string>;
    /** Zone suffix → NAT gateway id; empty when `nat` is "none". */
    readonly natGatewayIds: Record<string, pulumi.Output<string>> = {};
    /** The egress firewall, when it is on. */
    readonly firewallArn?: pulumi.Output<string>;

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Network", name, {}, opts);
        const child = { parent: this };
        const prefix = args.namePrefix;
        const tierNames = Object.keys(args.tiers);
        assertBuildable(tierNames, args.flows, args.ingress);
        const natTiers = args.natTiers ?? ["app"];
        const endpointTier = args.endpointTier ?? "app";
        for (const t of [...natTiers, endpointTier]) {
            if (!args.tiers[t] || args.tiers[t].edge) throw new Error(`zt:aws:Network: "${t}" must be a non-edge tier (natTiers, endpointTier)`);
        }
        const isolatedTiers = tierNames.filter((t) => !args.tiers[t].edge && !natTiers.includes(t));
        const zoneKeys = [...args.zones].sort();
        const hasNat = args.nat !== "none";
        const firewallOn = hasNat && args.egressFirewall.enabled;
        const natZone = (z: string) => (args.nat === "per-zone" ? z : zoneKeys[0]);
        const natZones = hasNat ? [...new Set(zoneKeys.map(natZone))] : [];
        const ingressTiers = new Set(args.ingress.map((r) => r.tier));

        const network = new ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.addressSpace,
            // Private DNS for interface endpoints needs both.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: `${prefix}-vpc` },
        }, child);
        const vpcId = network.id;

        const subnet = (key: string, cidr: string, zone: string, tier: string) => new ec2.Subnet(`${name}-${key}`, {
            vpcId,
            cidrBlock: cidr,
            availabilityZone: `${args.region}${zone}`,
            mapPublicIpOnLaunch: false,
            tags: { Name: `${prefix}-${key}`, tier },
        }, child);
        const zones = Object.fromEntries(args.zones.map((z) => [z, z.charCodeAt(0) - "a".charCodeAt(0)]));
        const plan = planSubnets({ ...args, zones });
        const subnets: Record<string, Record<string, ec2.Subnet>> = {};
        this.tierCidrs = {};
        this.subnetIds = {};
        for (const [tier, tierPlan] of Object.entries(plan)) {
            this.tierCidrs[tier] = tierPlan.cidr;
            subnets[tier] = {};
            this.subnetIds[tier] = {};
            for (const [zone, cidr] of Object.entries(tierPlan.subnets)) {
                subnets[tier][zone] = subnet(`${tier}-${zone}`, cidr, zone, tier);
                this.subnetIds[tier][zone] = subnets[tier][zone].id;
            }
        }
        // The egress slot's subnets hold NAT gateways and firewall endpoints, nothing else.
        const space = parseCidr(args.addressSpace);
        if ("error" in space) throw new Error(`addressSpace ${args.addressSpace}: ${space.error}`);
        const egressPlan = planEgressSubnets(carve(space, args.tierPrefixLength, args.egressSlot).cidr, zones);
        const natSubnets = Object.fromEntries(natZones.map((z) => [z, subnet(`egress-nat-${z}`, egressPlan.nat[z], z, "egress")]));
        const firewallSubnets = firewallOn ? Object.fromEntries(zoneKeys.map((z) => [z, subnet(`egress-firewall-${z}`, egressPlan.firewall[z], z, "egress")])) : {};

        // The VPC's own default group admits members of itself; nothing may rely on it.
        new ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId, ingress: [], egress: [], tags: { Name: `${prefix}-default-unused` } }, child);
        const group = (key: string, description: string, extra: { ingress?: []; egress?: []; tags?: Record<string, string> } = {}) =>
            new ec2.SecurityGroup(`${name}-sg-${key}`, {
                vpcId,
                name: `${prefix}-${key}`,
                description,
                ...extra,
                tags: { Name: `${prefix}-${key}`, ...extra.tags },
            }, child);
        // No inline rules: the provider removes AWS's default allow-all egress, and the rules below are the only ones.
        const groups: Record<string, ec2.SecurityGroup> = {};
        for (const tier of tierNames) groups[tier] = group(tier, `Tier ${tier}: only its configured flows`);
        groups["endpoints"] = group("endpoints", "Interface endpoints: HTTPS from the VPC only");
        // Explicitly empty inline lists: a rule added by hand shows as drift and is removed on the next update.
        const quarantine = group("quarantine", "Quarantine: no traffic in or out", { ingress: [], egress: [], tags: { "zt-quarantine": "true" } });

        const igw = hasNat || ingressTiers.size > 0 ? new ec2.InternetGateway(`${name}-igw`, { vpcId, tags: { Name: `${prefix}-igw` } }, child) : undefined;
        const nats: Record<string, ec2.NatGateway> = {};
        for (const z of natZones) {
            const eip = new ec2.Eip(`${name}-nat-eip-${z}`, { domain: "vpc", tags: { Name: `${prefix}-nat-${z}` } }, { ...child, dependsOn: igw ? [igw] : [] });
            nats[z] = new ec2.NatGateway(`${name}-nat-${z}`, {
                allocationId: eip.allocationId,
                subnetId: natSubnets[z].id,
                connectivityType: "public",
                tags: { Name: `${prefix}-nat-${z}` },
            }, { ...child, dependsOn: igw ? [igw] : [] });
            this.natGatewayIds[z] = nats[z].id;
        }
        const firewall = firewallOn ? new EgressFirewall(`${name}-egress`, {
            namePrefix: prefix,
            region: args.region,
            vpcId,
            subnetIds: Object.fromEntries(zoneKeys.map((z) => [z, firewallSubnets[z].id])),
            allowedDomains: args.egressFirewall.allowedDomains,
            logBucketName: pulumi.output(args.flowLogDestinationArn).apply((arn) => arn.replace(/^arn:[^:]+:s3:::/, "")),
        }, child) : undefined;
        this.firewallArn = firewall?.arn;

        // Route tables: one per tier, per zone for NAT tiers whose zones egress separately; every association explicit.
        type Target = { gatewayId: pulumi.Input<string> } | { natGatewayId: pulumi.Input<string> } | { vpcEndpointId: pulumi.Input<string> };
        const table = (key: string) => new ec2.RouteTable(`${name}-rt-${key}`, { vpcId, tags: { Name: `${prefix}-${key}` } }, child);
        const associate = (key: string, s: ec2.Subnet, rt: ec2.RouteTable) => new ec2.RouteTableAssociation(`${name}-rta-${key}`, { subnetId: s.id, routeTableId: rt.id }, child);
        const route = (key: string, rt: ec2.RouteTable, destinationCidrBlock: string, target: Target) =>
            new ec2.Route(`${name}-route-${key}`, { routeTableId: rt.id, destinationCidrBlock, ...target }, child);
        const defaultTarget = (z: string): Target => (firewall ? { vpcEndpointId: firewall.endpointIds[z] } : { natGatewayId: nats[natZone(z)].id });
        const privateTables: ec2.RouteTable[] = [];
        for (const tier of tierNames) {
            const edge = args.tiers[tier].edge;
            const perZone = !edge && natTiers.includes(tier) && (args.nat === "per-zone" || firewallOn);
            const shared = perZone ? undefined : table(tier);
            if (shared) {
                if (!edge) privateTables.push(shared);
                // Edge tiers reach the internet only to answer configured ingress; isolated tiers never.
                if (edge && igw && ingressTiers.has(tier)) route(`${tier}-default`, shared, "0.0.0.0/0", { gatewayId: igw.id });
                if (natTiers.includes(tier) && hasNat) route(`${tier}-default`, shared, "0.0.0.0/0", defaultTarget(zoneKeys[0]));
            }
            for (const z of zoneKeys) {
                const rt = shared ?? table(`${tier}-${z}`);
                if (!shared) {
                    privateTables.push(rt);
                    route(`${tier}-${z}-default`, rt, "0.0.0.0/0", defaultTarget(z));
                }
                associate(`${tier}-${z}`, subnets[tier][z], rt);
            }
        }
        if (igw && natZones.length > 0) {
            const natTable = table("egress-nat");
            route("egress-nat-default", natTable, "0.0.0.0/0", { gatewayId: igw.id });
            for (const z of natZones) associate(`egress-nat-${z}`, natSubnets[z], natTable);
            // Replies from the internet return through the same zone's firewall endpoint (symmetric inspection).
            for (const tier of firewall ? natTiers : []) {
                for (const z of zoneKeys) route(`egress-nat-return-${tier}-${z}`, natTable, plan[tier].subnets[z], { vpcEndpointId: firewall!.endpointIds[z] });
            }
        }
        for (const z of firewall ? zoneKeys : []) {
            const rt = table(`egress-firewall-${z}`);
            route(`egress-firewall-${z}-default`, rt, "0.0.0.0/0", { natGatewayId: nats[natZone(z)].id });
            associate(`egress-firewall-${z}`, firewallSubnets[z], rt);
        }

        // Endpoints admit only our own principals, so stolen foreign credentials cannot exfiltrate through them.
        const policy = pulumi.jsonStringify(endpointPolicy(args.organizationId ? { organizationId: args.organizationId } : { accountId: args.accountId }));
        const s3 = new ec2.VpcEndpoint(`${name}-endpoint-s3`, {
            vpcId,
            serviceName: `com.amazonaws.${args.region}.s3`,
            vpcEndpointType: "Gateway",
            routeTableIds: privateTables.map((rt) => rt.id),
            policy,
            tags: { Name: `${prefix}-s3` },
        }, child);

        const ruleSpecs = securityRules({ tiers: tierNames, flows: args.flows, ingress: args.ingress, vpcCidr: args.addressSpace, natTiers, internetEgress: hasNat });
        for (const spec of ruleSpecs) {
            const peer = "group" in spec.peer ? { referencedSecurityGroupId: groups[spec.peer.group].id }
                : "cidr" in spec.peer ? { cidrIpv4: spec.peer.cidr } : { prefixListId: s3.prefixListId };
            const rule = { securityGroupId: groups[spec.group].id, ipProtocol: spec.protocol, fromPort: spec.port, toPort: spec.port, description: spec.description, ...peer };
            if (spec.direction === "ingress") new vpc.SecurityGroupIngressRule(`${name}-${spec.key}`, rule, child);
            else new vpc.SecurityGroupEgressRule(`${name}-${spec.key}`, rule, child);
        }

        for (const service of args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
            new ec2.VpcEndpoint(`${name}-endpoint-${service}`, {
                vpcId,
                serviceName: `com.amazonaws.${args.region}.${service}`,
                vpcEndpointType: "Interface",
                privateDnsEnabled: true,
                subnetIds: zoneKeys.map((z) => subnets[endpointTier][z].id),
                securityGroupIds: [groups["endpoints"].id],
                policy,
                tags: { Name: `${prefix}-${service}` },
            }, child);
        }

        // A second, stateless fence around the isolated tiers: it holds even if a security group is loosened.
        for (const tier of isolatedTiers) {
            const rules = isolatedTierNacl(tier, { tierCidrs: this.tierCidrs, vpcCidr: args.addressSpace, flows: args.flows, holdsEndpoints: tier === endpointTier });
            new ec2.NetworkAcl(`${name}-nacl-${tier}`, {
                vpcId,
                subnetIds: zoneKeys.map((z) => subnets[tier][z].id),
                ...rules,
                tags: { Name: `${prefix}-${tier}` },
            }, child);
        }

        new ec2.FlowLog(`${name}-flow-log`, {
            vpcId,
            trafficType: "ALL",
            logDestinationType: "s3",
            logDestination: pulumi.interpolate`${args.flowLogDestinationArn}/vpc-flow-logs/`,
            // One-minute records: an investigation needs timing finer than the ten-minute default.
            maxAggregationInterval: 60,
            destinationOptions: { fileFormat: "parquet", perHourPartition: true, hiveCompatiblePartitions: true },
            tags: { Name: `${prefix}-vpc` },
        }, child);

        for (const tier of tierNames) this.securityGroupIds[tier] = groups[tier].id;
        this.endpointSecurityGroupId = groups["endpoints"].id;
        this.quarantineSecurityGroupId = quarantine.id;
        this.vpcId = vpcId;
        this.registerOutputs({
            vpcId: this.vpcId,
            subnetIds: this.subnetIds,
            tierCidrs: this.tierCidrs,
            securityGroupIds: this.securityGroupIds,
            endpointSecurityGroupId: this.endpointSecurityGroupId,
            quarantineSecurityGroupId: this.quarantineSecurityGroupId,
            natGatewayIds: this.natGatewayIds,
            firewallArn: this.firewallArn,
        });
    }
}
