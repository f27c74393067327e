/**
 * zt:aws:Network — the VPC and its tier subnets, carved by the CIDR planner.
 *
 * No subnet assigns public IPs on launch, including the edge tier: internet-facing load balancers
 * get their addresses from the load balancer service, never from the subnet.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import { planSubnets } from "../shared/cidr";
import type { Flow, Ingress } from "../../config/schema";

export interface AwsNetworkArgs {
    /** Region the VPC lives in; zone suffixes are appended to it. */
    region: string;
    /** The VPC's private range. CAUTION: changing it replaces the VPC and every subnet. */
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /** Tier name → slot and edge flag. Keyed by name, so adding a tier never moves another's subnets. */
    tiers: Record<string, { slot: number; edge: boolean }>;
    /** Allowed tier-to-tier flows; each becomes a source-group rule. Everything else is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers' load balancers. Empty: no internet gateway route for ingress. */
    ingress: Ingress[];
    /** NAT gateways: none, one, or one per zone. */
    nat: "none" | "single" | "per-zone";
    /** Network Firewall egress inspection with a domain allow-list. */
    egressFirewall: { enabled: boolean; allowedDomains: string[] };
    /** Tier slot holding the NAT and firewall subnets. */
    egressSlot: number;
    /** Where flow logs go: the log archive bucket's ARN. */
    flowLogDestinationArn: pulumi.Input<string>;
    /** When set, endpoint policies only admit principals of this organization. Default: this account only. */
    organizationId?: string;
    accountId: pulumi.Input<string>;
    /** Availability-zone suffixes; the letter picks the subnet slot (a → 0). */
    zones: string[];
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
}

export class AwsNetwork extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    /** Tier → zone suffix → subnet id. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    /** Tier → CIDR of its whole block. */
    readonly tierCidrs: Record<string, string>;
    /** Tier → its security group; flows are rules between these groups. */
    readonly securityGroupIds: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Network", name, {}, opts);

        const vpc = new ec2.Vpc(`${name}-vpc`, {
            cidrBlock: args.addressSpace,
            // Private DNS for interface endpoints needs both.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: { Name: `${args.namePrefix}-vpc` },
        }, { parent: this });

        const zones = Object.fromEntries(args.zones.map((z) => [z, z.charCodeAt(0) - "a".charCodeAt(0)]));
        const plan = planSubnets({ ...args, zones });
        this.tierCidrs = {};
        this.subnetIds = {};
        for (const [tier, tierPlan] of Object.entries(plan)) {
            this.tierCidrs[tier] = tierPlan.cidr;
            this.subnetIds[tier] = {};
            for (const [zone, cidr] of Object.entries(tierPlan.subnets)) {
                const subnet = new ec2.Subnet(`${name}-${tier}-${zone}`, {
                    vpcId: vpc.id,
                    cidrBlock: cidr,
                    availabilityZone: `${args.region}${zone}`,
                    mapPublicIpOnLaunch: false,
                    tags: { Name: `${args.namePrefix}-${tier}-${zone}`, tier },
                }, { parent: this });
                this.subnetIds[tier][zone] = subnet.id;
            }
        }
        this.vpcId = vpc.id;
        this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds, tierCidrs: this.tierCidrs });
    }
}
