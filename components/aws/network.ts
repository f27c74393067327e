/**
 * zt:aws:Network — the VPC and its tier subnets, carved by the CIDR planner.
 *
 * No subnet assigns public IPs on launch, including the edge tier: internet-facing load balancers
 * get their addresses from the load balancer service, never from the subnet.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import { planSubnets } from "../shared/cidr";

export interface AwsNetworkArgs {
    /** Region the VPC lives in; zone suffixes are appended to it. */
    region: string;
    /** The VPC's private range. CAUTION: changing it replaces the VPC and every subnet. */
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /** Tier name → slot. Keyed by name, so adding a tier never moves another's subnets. */
    tiers: Record<string, { slot: number }>;
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
