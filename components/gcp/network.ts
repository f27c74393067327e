/**
 * zt:gcp:Network — a custom-mode VPC network and one regional subnetwork per tier, carved by the
 * CIDR planner, each with Private Google Access and VPC flow logs.
 *
 * The default internet route is deleted on creation: egress to the internet exists only where a
 * later pillar adds it explicitly (Cloud NAT behind an egress firewall policy).
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { carve, parseCidr, planSubnets, type CidrBlock } from "../shared/cidr";
import type { Flow, Ingress } from "../../config/schema";

export interface GcpNetworkArgs {
    project: string;
    region: string;
    /** The network's private range. CAUTION: changing it replaces every subnetwork. */
    addressSpace: string;
    tierPrefixLength: number;
    subnetPrefixLength: number;
    /** Tier name → slot. Keyed by name, so adding a tier never moves another's subnetwork. */
    tiers: Record<string, { slot: number }>;
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    /** Fraction of flows sampled into VPC flow logs, 0 to 1. Default: 1 (every flow); lower it only to cut cost. */
    flowLogSampling?: number;
    /** The project's number: the VPC-SC perimeter names the project by it. */
    projectNumber: pulumi.Input<string>;
    /** Allowed tier-to-tier flows; everything else is denied. */
    flows: Flow[];
    /** Internet ingress into edge tiers (through Google's load balancers). */
    ingress: Ingress[];
    /** Tier → the service account its VMs run as: the firewall's sources and targets. */
    tierServiceAccounts: Record<string, pulumi.Input<string>>;
    /** Tier slot of the Google services block (PSC endpoint, GKE control plane); no tier uses it. */
    servicesSlot: number;
    /** Cloud Router with Cloud NAT: the only internet egress. */
    nat: { enabled: boolean };
    /** VPC Service Controls: a perimeter around the project, dry run or enforced, with an access level for trusted ranges. */
    vpcServiceControls?: { accessPolicy: string; dryRun: boolean; restrictedServices: string[]; trustedRanges: string[] };
    /** Secondary ranges for GKE on the app tier's subnetwork, when a cluster is built. */
    clusterRanges?: { pods: string; services: string };
}

export class GcpNetwork extends pulumi.ComponentResource {
    readonly networkId: pulumi.Output<string>;
    /** Tier → `{ regional: subnetwork id }`, the same shape as the zonal clouds. */
    readonly subnetIds: Record<string, Record<string, pulumi.Output<string>>>;
    readonly tierCidrs: Record<string, string>;
    /** Names of the app subnet's secondary ranges for GKE pods and services. */
    readonly clusterRangeNames: { pods: string; services: string };
    /** The /28 in the services block the GKE control plane's private endpoint takes. */
    readonly controlPlaneCidr: string;

    constructor(name: string, args: GcpNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Network", name, {}, opts);

        const net = new compute.Network(`${name}-vpc`, {
            name: `${args.namePrefix}-vpc`,
            project: args.project,
            autoCreateSubnetworks: false,
            routingMode: "REGIONAL",
            deleteDefaultRoutesOnCreate: true,
        }, { parent: this });

        const plan = planSubnets(args);
        this.tierCidrs = {};
        this.subnetIds = {};
        for (const [tier, tierPlan] of Object.entries(plan)) {
            this.tierCidrs[tier] = tierPlan.cidr;
            const subnet = new compute.Subnetwork(`${name}-${tier}`, {
                name: `${args.namePrefix}-${tier}`,
                project: args.project,
                region: args.region,
                network: net.id,
                ipCidrRange: tierPlan.subnets.regional,
                stackType: "IPV4_ONLY",
                // Google APIs stay reachable without a public IP or internet route.
                privateIpGoogleAccess: true,
                logConfig: {
                    aggregationInterval: "INTERVAL_5_SEC",
                    flowSampling: args.flowLogSampling ?? 1,
                    metadata: "INCLUDE_ALL_METADATA",
                },
            }, { parent: this });
            this.subnetIds[tier] = { regional: subnet.id };
        }
        this.networkId = net.id;
        // STUB (network helper): the services block's carving.
        const services = carve(parseCidr(args.addressSpace) as CidrBlock, args.tierPrefixLength, args.servicesSlot);
        this.controlPlaneCidr = carve(services, 28, 1).cidr;
        this.clusterRangeNames = { pods: "pods", services: "services" };
        this.registerOutputs({ networkId: this.networkId, subnetIds: this.subnetIds, tierCidrs: this.tierCidrs });
    }
}
