/**
 * Private access to Google APIs: a Private Service Connect endpoint in the services block, and
 * private DNS zones that resolve Google's API, Container Registry and Artifact Registry names to it.
 *
 * DNS layout, as Google's own module lays it out for an endpoint used with the default API names
 * (terraform-google-modules/terraform-google-network, modules/private-service-connect/dns.tf; see
 * also https://cloud.google.com/vpc/docs/configure-private-service-connect-apis): per domain a
 * private zone on this VPC, an A record for the bundle's name to the endpoint's address, and a
 * wildcard CNAME to that name. With the `vpc-sc` bundle the name is restricted.googleapis.com,
 * with `all-apis` private.googleapis.com. gcr.io and pkg.dev get the same treatment because private
 * GKE nodes pull images from them, and with VPC-SC they must reach the registries through the
 * restricted endpoint (https://cloud.google.com/vpc-service-controls/docs/set-up-gke).
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import * as dns from "@pulumi/gcp/dns";
import { pscRuleName } from "./network-layout";

export type ApiBundle = "vpc-sc" | "all-apis";

export interface PscDnsZone {
    /** Stable key: child names and the zone's physical name. */
    key: string;
    dnsName: string;
    /** The name the endpoint's A record answers on. */
    endpointName: string;
    /** The wildcard that CNAMEs to it. */
    wildcard: string;
}

/** The zones and records for a bundle. */
export function pscDnsZones(bundle: ApiBundle): PscDnsZone[] {
    const apis = bundle === "vpc-sc" ? "restricted.googleapis.com." : "private.googleapis.com.";
    return [
        { key: "googleapis", dnsName: "googleapis.com.", endpointName: apis, wildcard: "*.googleapis.com." },
        { key: "gcr", dnsName: "gcr.io.", endpointName: "gcr.io.", wildcard: "*.gcr.io." },
        { key: "pkg-dev", dnsName: "pkg.dev.", endpointName: "pkg.dev.", wildcard: "*.pkg.dev." },
    ];
}

export interface PrivateAccessArgs {
    namePrefix: string;
    project: string;
    region: string;
    networkId: pulumi.Input<string>;
    pscAddress: string;
    bundle: ApiBundle;
}

/** Declares the endpoint and the zones under `parent`: `<name>-psc-address`, `<name>-psc`, `<name>-dns-<zone>[-a|-cname]`. */
export function privateGoogleAccess(name: string, args: PrivateAccessArgs, parent: pulumi.Resource): void {
    const child = { parent };
    const address = new compute.GlobalAddress(`${name}-psc-address`, {
        name: `${args.namePrefix}-psc-apis`,
        project: args.project,
        addressType: "INTERNAL",
        purpose: "PRIVATE_SERVICE_CONNECT",
        network: args.networkId,
        address: args.pscAddress,
        description: `Private Service Connect endpoint for Google APIs (${args.bundle} bundle)`,
    }, child);
    new compute.GlobalForwardingRule(`${name}-psc`, {
        name: pscRuleName(args.namePrefix),
        project: args.project,
        network: args.networkId,
        ipAddress: address.id,
        target: args.bundle,
        // Google API endpoints are not load balancers: the API wants the scheme empty.
        loadBalancingScheme: "",
        // The zones below cover every name; an automatic p.googleapis.com zone would live outside Pulumi's state.
        noAutomateDnsZone: true,
        // Left out, the Service Directory registration lands in us-central1, outside `gcp.resourceLocations`.
        serviceDirectoryRegistrations: { serviceDirectoryRegion: args.region },
    }, child);

    for (const z of pscDnsZones(args.bundle)) {
        const zone = new dns.ManagedZone(`${name}-dns-${z.key}`, {
            name: `${args.namePrefix}-${z.key}`,
            project: args.project,
            dnsName: z.dnsName,
            description: `Resolves ${z.dnsName} to the Private Service Connect endpoint`,
            visibility: "private",
            privateVisibilityConfig: { networks: [{ networkUrl: args.networkId }] },
        }, child);
        new dns.RecordSet(`${name}-dns-${z.key}-a`, {
            project: args.project,
            managedZone: zone.name,
            name: z.endpointName,
            type: "A",
            ttl: 300,
            rrdatas: [args.pscAddress],
        }, child);
        new dns.RecordSet(`${name}-dns-${z.key}-cname`, {
            project: args.project,
            managedZone: zone.name,
            name: z.wildcard,
            type: "CNAME",
            ttl: 300,
            rrdatas: [z.endpointName],
        }, child);
    }
}
