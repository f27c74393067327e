/**
 * Internet egress: Cloud NAT on a Cloud Router, for the listed tiers' subnetworks only, and the one
 * default route the VPC has.
 *
 * The VPC is created without its default route, and Cloud NAT forwards only what the VPC already
 * routes to the default internet gateway, so the route is part of NAT. Routes cannot be scoped by
 * service account, only by network tag, so the route applies to instances carrying the egress tag
 * (the narrowest scope GCP offers); the firewall still decides by service account, and allows only
 * HTTPS to the internet, from the NATed tiers. Instances without the tag have no path out at all,
 * whatever a firewall rule says.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";

export interface NatEgressArgs {
    namePrefix: string;
    project: string;
    region: string;
    networkId: pulumi.Input<string>;
    /** Tier → subnetwork id, for the tiers that get NAT. */
    subnetworks: Record<string, pulumi.Input<string>>;
    /** The network tag the default route is scoped to. */
    egressTag: string;
}

/** Declares `<name>-router`, `<name>-nat` and `<name>-internet-route` under `parent`. */
export function natEgress(name: string, args: NatEgressArgs, parent: pulumi.Resource): void {
    const child = { parent };
    const router = new compute.Router(`${name}-router`, {
        name: `${args.namePrefix}-router`,
        project: args.project,
        region: args.region,
        network: args.networkId,
        description: "Hosts Cloud NAT; no BGP peers",
    }, child);
    new compute.RouterNat(`${name}-nat`, {
        name: `${args.namePrefix}-nat`,
        project: args.project,
        region: args.region,
        router: router.name,
        // Google-owned addresses: nothing to reserve, leak or attach elsewhere.
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
        subnetworks: Object.keys(args.subnetworks).sort().map((tier) => ({
            name: args.subnetworks[tier],
            // All ranges: GKE pods (a secondary range) pull images themselves.
            sourceIpRangesToNats: ["ALL_IP_RANGES"],
        })),
        // Every translation is logged: who talked to what outside is evidence, not noise.
        logConfig: { enable: true, filter: "ALL" },
    }, child);
    new compute.Route(`${name}-internet-route`, {
        name: `${args.namePrefix}-internet-egress`,
        project: args.project,
        network: args.networkId,
        destRange: "0.0.0.0/0",
        nextHopGateway: "default-internet-gateway",
        priority: 1000,
        tags: [args.egressTag],
        description: "The only path to the internet (through Cloud NAT), for instances with the egress tag",
    }, child);
}
