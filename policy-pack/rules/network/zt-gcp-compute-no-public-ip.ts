import { PolicyResource } from "@pulumi/policy";
import { listOf } from "../../lib/aws-props";
import { gcpResources, NO_GCP_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { GCP_INSTANCE_TYPES, GCP_NETWORK_TYPES, labelOf, physicalName } from "../../lib/gcp-network";
import { formatPath, isUnknown, readRaw } from "../../lib/props";

const ADDRESS_TYPES: readonly string[] = [GCP_NETWORK_TYPES.address, GCP_NETWORK_TYPES.globalAddress];

/** What messages call each instance-like type. */
const INSTANCE_LABELS: Readonly<Record<string, string>> = {
    "gcp:compute/instance:Instance": "instance",
    "gcp:compute/instanceTemplate:InstanceTemplate": "instance template",
    "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate": "instance template",
    "gcp:compute/instanceFromTemplate:InstanceFromTemplate": "instance",
    "gcp:compute/instanceFromMachineImage:InstanceFromMachineImage": "instance",
};

/** A list that is set: non-empty, or unknown during preview (computed, so present). */
const isSet = (v: unknown) => isUnknown(v) || listOf(v).length > 0;

/** The address is external: addressType EXTERNAL, or left out (the provider's default is EXTERNAL). */
function isExternal(address: PolicyResource): boolean {
    const type = readRaw(address.props, ["addressType"]);
    return type === undefined || (typeof type === "string" && type.trim().toUpperCase() === "EXTERNAL");
}

/** A Cloud NAT gateway lists the address among natIps (by the engine's record, or by name, self link, id or IP). */
function usedByNat(address: PolicyResource, nats: readonly PolicyResource[]): boolean {
    const name = physicalName(address.props);
    const ids = ["id", "selfLink", "address"].map((k) => readRaw(address.props, [k])).filter((v): v is string => typeof v === "string" && !isUnknown(v));
    return nats.some((nat) => {
        if ((nat.propertyDependencies.natIps ?? []).some((d) => d.urn === address.urn)) {
            return true;
        }
        return listOf(readRaw(nat.props, ["natIps"])).some(
            (ref) => typeof ref === "string" && !isUnknown(ref) && (ids.includes(ref) || ref === name || (name !== undefined && ref.endsWith(`/addresses/${name}`))),
        );
    });
}

export default defineRule({
    id: "zt-gcp-compute-no-public-ip",
    displayName: "No external IP addresses",
    description:
        "No instance or instance template gives a network interface an external address (accessConfigs or ipv6AccessConfigs), and every EXTERNAL " +
        "compute Address or GlobalAddress is one a Cloud NAT gateway uses.",
    rationale:
        "An external address makes an instance reachable from the internet wherever a firewall rule slips, and lets it reach out without passing " +
        "any egress control. Zero Trust instances have internal addresses only: administration arrives through IAP, service traffic through load " +
        "balancers, and egress through Cloud NAT, whose addresses are the only external ones the landing zone reserves. The compute.vmExternalIpAccess " +
        "organization policy refuses the same at the API. An address whose addressType is left out is EXTERNAL, the provider's default.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "12.2",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "4.9" },
    remediationSteps:
        "Remove accessConfigs (and ipv6AccessConfigs) from the instance's or template's networkInterfaces; connect through IAP TCP forwarding and " +
        "publish services through a load balancer. Delete external addresses nothing needs, set addressType: \"INTERNAL\" on internal ones, and give " +
        "Cloud NAT either automatic addresses (natIpAllocateOption: \"AUTO_ONLY\") or reserved ones listed in its natIps.",
    validateStack: (args, report) => {
        if (gcpResources(args.resources).length === 0) {
            return args.notApplicable(NO_GCP_RESOURCES);
        }
        for (const r of args.resources.filter((x) => GCP_INSTANCE_TYPES.includes(x.type))) {
            listOf(readRaw(r.props, ["networkInterfaces"])).forEach((nic, i) => {
                const n = (nic ?? {}) as Record<string, unknown>;
                const kinds = [...(isSet(readRaw(n, ["accessConfigs"])) ? ["IPv4 (accessConfigs)"] : []), ...(isSet(readRaw(n, ["ipv6AccessConfigs"])) ? ["IPv6 (ipv6AccessConfigs)"] : [])];
                if (kinds.length > 0) {
                    report(
                        `${labelOf(INSTANCE_LABELS[r.type], r.props)} gives ${formatPath(["networkInterfaces", i])} an external ${kinds.join(" and ")} address: remove it, ` +
                            "and reach the VM through IAP and a load balancer, the internet through Cloud NAT.",
                        r.urn,
                    );
                }
            });
        }
        const nats = args.resources.filter((x) => x.type === GCP_NETWORK_TYPES.routerNat);
        for (const a of args.resources.filter((x) => ADDRESS_TYPES.includes(x.type))) {
            if (isExternal(a) && !usedByNat(a, nats)) {
                report(
                    `${labelOf("external address", a.props)} is not used by Cloud NAT: delete it, or set addressType: "INTERNAL" if it is meant for the VPC.`,
                    a.urn,
                );
            }
        }
    },
});
