import { isPresent } from "../../lib/aws-props";
import { AZURE_NETWORK_TYPES } from "../../lib/azure-network";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { refersTo } from "../../lib/links";
import { isUnknown, readRaw } from "../../lib/props";

/** The zone's DNS name when it is a known privatelink.* zone. */
function privateLinkZone(props: Record<string, unknown>): string | undefined {
    const name = readRaw(props, ["privateZoneName"]);
    return typeof name === "string" && !isUnknown(name) && name.toLowerCase().startsWith("privatelink.") ? name : undefined;
}

export default defineRule({
    id: "zt-azure-network-private-dns-linked",
    displayName: "Private Link DNS zones are linked to a network",
    description: "Every privatelink.* private DNS zone in the stack has a VirtualNetworkLink to a virtual network.",
    rationale:
        "A private endpoint is only used if clients resolve the service's name to its private address, and that answer comes from the privatelink " +
        "zone of the networks linked to it. An unlinked zone means clients resolve the public address: the traffic either fails (public access is " +
        "disabled) and invites someone to re-enable public access, or leaves the private network. Linking each zone (to the hub, whose resolver the " +
        "spokes use, or to the spokes directly) keeps service traffic on Private Link.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2],
    cisaPillar: "Networks",
    remediationSteps:
        "Add an azure-native privatedns.VirtualNetworkLink with privateZoneName set to the zone's name, virtualNetwork: { id: <vnet id> } and " +
        "registrationEnabled: false, for the network whose DNS resolves Private Link names.",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const zones = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.privateZone && privateLinkZone(r.props));
        if (zones.length === 0) {
            return args.notApplicable("the stack has no privatelink private DNS zones");
        }
        const links = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.zoneLink && isPresent(readRaw(r.props, ["virtualNetwork"])));
        for (const zone of zones) {
            if (!links.some((l) => refersTo(l, "privateZoneName", zone, { targetProps: ["privateZoneName"] }))) {
                report(
                    `This private DNS zone (${privateLinkZone(zone.props)}) is linked to no virtual network: add a VirtualNetworkLink so clients resolve its private endpoints to private addresses.`,
                    zone.urn,
                );
            }
        }
    },
});
