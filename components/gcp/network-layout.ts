/**
 * Pure address planning for zt:gcp:Network: the tiers' blocks and the Google services block.
 *
 * The services block is the tier slot `servicesSlot` of the address space (a /19 in a /16 with the
 * default 8 tier slots). No subnetwork is ever carved from it, which is what both of its tenants
 * need: a Private Service Connect address and a GKE control-plane range must not overlap any
 * subnetwork range of the VPC.
 *
 *   services block (e.g. 10.60.224.0/19)
 *   ├─ /28 #0  Google APIs: the PSC endpoint takes the /28's third address (10.60.224.2), so it never
 *   │          reads as a network address in firewall reviews; the rest of the /28 is kept for a
 *   │          second endpoint (e.g. the other API bundle) later.
 *   ├─ /28 #1  the GKE control plane's private endpoint (10.60.224.16/28; GKE wants exactly a /28)
 *   └─ rest    free
 *
 * Both sit at fixed offsets from the block's start, so neither moves when the other changes.
 * CAUTION: changing `servicesSlot` moves both, which replaces the PSC endpoint and the cluster.
 */
import { carve, overlaps, parseCidr, planSubnets, type CidrBlock } from "../shared/cidr";

/** GKE's private control plane takes exactly a /28. */
export const CONTROL_PLANE_PREFIX = 28;

export interface ServicesLayout {
    /** The whole services block. */
    block: string;
    /** The /28 reserved for Google API endpoints. */
    googleApisCidr: string;
    /** The PSC endpoint's address (no prefix length). */
    pscAddress: string;
    /** The GKE control plane's /28. */
    controlPlaneCidr: string;
}

function parsed(cidr: string, what: string): CidrBlock {
    const b = parseCidr(cidr);
    if ("error" in b) throw new Error(`zt:gcp:Network: ${what} ${cidr}: ${b.error}`);
    return b;
}

/** Carves the services block; throws when it is smaller than the two /28s it must hold. */
export function servicesLayout(addressSpace: string, tierPrefixLength: number, servicesSlot: number): ServicesLayout {
    const block = carve(parsed(addressSpace, "addressSpace"), tierPrefixLength, servicesSlot);
    const apis = carve(block, CONTROL_PLANE_PREFIX, 0);
    const controlPlane = carve(block, CONTROL_PLANE_PREFIX, 1);
    const psc = carve(apis, 32, 2);
    if (overlaps(psc, controlPlane)) throw new Error(`zt:gcp:Network: the PSC endpoint ${psc.cidr} overlaps the control plane ${controlPlane.cidr}`);
    return { block: block.cidr, googleApisCidr: apis.cidr, pscAddress: psc.cidr.replace(/\/32$/, ""), controlPlaneCidr: controlPlane.cidr };
}

/** Tier → its whole block: GCP subnetworks are regional, so a tier is one subnetwork. */
export function tierCidrs(input: { addressSpace: string; tierPrefixLength: number; subnetPrefixLength: number; tiers: Record<string, { slot: number }> }): Record<string, string> {
    return Object.fromEntries(Object.entries(planSubnets(input)).map(([tier, p]) => [tier, p.subnets["regional"]]));
}

/** Physical names may be 63 characters (RFC 1035); a longer one would fail only at deploy time. */
export function assertNameFits(name: string, what: string): string {
    if (name.length > 63) throw new Error(`zt:gcp:Network: ${what} name "${name}" is ${name.length} characters; GCP allows 63. Shorten the prefix or the tier names.`);
    return name;
}

/**
 * The PSC forwarding rule's name: Google API endpoints take 1–20 lowercase letters and digits,
 * starting with a letter (no hyphens, unlike every other compute name).
 */
export function pscRuleName(namePrefix: string): string {
    return `${namePrefix.toLowerCase().replace(/[^a-z0-9]/g, "")}apis`.slice(0, 20);
}
