import { PolicyResource } from "@pulumi/policy";
import { asBool } from "../../lib/aws-props";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { deniesOf, directionOf, GCP_NETWORK_TYPES, hasList, isAllTraffic, labelOf, physicalName, rangesOf } from "../../lib/gcp-network";
import { refersTo } from "../../lib/links";
import { readRaw } from "../../lib/props";

const ANYWHERE = "0.0.0.0/0";

/** The firewall rule belongs to the network: by the engine's record, the network's name, or a self link / id ending in `/networks/<name>`. */
function onNetwork(firewall: PolicyResource, network: PolicyResource): boolean {
    if (refersTo(firewall, "network", network, { targetProps: ["name", "id", "selfLink"], exact: true })) {
        return true;
    }
    const ref = readRaw(firewall.props, ["network"]);
    const name = physicalName(network.props);
    return typeof ref === "string" && name !== undefined && ref.endsWith(`/networks/${name}`);
}

/**
 * A deny of all traffic, to or from anywhere, for every instance: no targets, not disabled. EGRESS
 * rules without destinationRanges apply to every destination, as GCP defines them.
 */
function isDenyAll(firewall: PolicyResource, direction: "INGRESS" | "EGRESS"): boolean {
    const p = firewall.props;
    if (directionOf(p) !== direction || !isAllTraffic(deniesOf(p)) || asBool(readRaw(p, ["disabled"])) === true) {
        return false;
    }
    if (hasList(p, "targetTags") || hasList(p, "targetServiceAccounts")) {
        return false;
    }
    if (direction === "INGRESS") {
        return rangesOf(p, "sourceRanges").includes(ANYWHERE);
    }
    const destinations = rangesOf(p, "destinationRanges");
    return destinations.length === 0 || destinations.includes(ANYWHERE);
}

const FIX: Readonly<Record<"INGRESS" | "EGRESS", string>> = {
    INGRESS: 'direction "INGRESS", denies [{ protocol: "all" }], sourceRanges ["0.0.0.0/0"]',
    EGRESS: 'direction "EGRESS", denies [{ protocol: "all" }], destinationRanges ["0.0.0.0/0"]',
};

export default defineRule({
    id: "zt-gcp-compute-firewall-default-deny",
    displayName: "Every VPC network denies all traffic by default",
    description:
        "Every VPC network in the stack has a firewall rule denying all INGRESS from 0.0.0.0/0 and one denying all EGRESS to 0.0.0.0/0, each for every " +
        "instance (no targets) and enabled, so only explicit allows carry traffic.",
    rationale:
        "GCP's implied rules deny ingress but allow all egress at the lowest priority, invisibly: a compromised instance can reach anything on the " +
        "internet or in the VPC, and nothing records the denied ingress. Declaring both deny-alls (just above the implied rules, e.g. priority 65534) " +
        "makes default-deny explicit in both directions, lets firewall rules logging record what was refused, and turns every path an instance " +
        "needs into an allow someone reviewed.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "4.4",
    remediationSteps:
        'Add two compute.Firewall rules on the network at priority 65534, with logConfig { metadata: "INCLUDE_ALL_METADATA" } and no targets: ' +
        'direction "INGRESS", denies [{ protocol: "all" }], sourceRanges ["0.0.0.0/0"]; and direction "EGRESS", denies [{ protocol: "all" }], ' +
        'destinationRanges ["0.0.0.0/0"]. Then allow each needed flow at a higher priority (a lower number), by service account.',
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        const networks = args.resources.filter((r) => r.type === GCP_NETWORK_TYPES.network);
        if (networks.length === 0) {
            return args.notApplicable("the stack declares no VPC network");
        }
        const firewalls = args.resources.filter((r) => r.type === GCP_NETWORK_TYPES.firewall);
        for (const network of networks) {
            const own = firewalls.filter((f) => onNetwork(f, network));
            const label = labelOf("VPC network", network.props);
            for (const direction of ["INGRESS", "EGRESS"] as const) {
                if (!own.some((f) => isDenyAll(f, direction))) {
                    const what = direction === "INGRESS" ? "all INGRESS from 0.0.0.0/0" : "all EGRESS to 0.0.0.0/0";
                    report(`${label} has no firewall rule denying ${what}: add a compute.Firewall with ${FIX[direction]}, no targets and priority 65534.`, network.urn);
                }
            }
        }
    },
});
