import { isPresent, listOf } from "../../lib/aws-props";
import { ArmName, armRefersTo } from "../../lib/azure-arm";
import { AZURE_NETWORK_TYPES } from "../../lib/azure-network";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { formatPath, raw, readRaw } from "../../lib/props";

/** How a firewall's ip configurations name a public IP address: by id, or an ARM id built from its name. */
const PUBLIC_IP_NAME: ArmName = { segment: "publicIPAddresses", nameProps: ["publicIpAddressName"] };
const FIREWALL_PATHS = [
    ["ipConfigurations", "*", "publicIPAddress", "id"],
    ["managementIpConfiguration", "publicIPAddress", "id"],
] as const;

export default defineRule({
    id: "zt-azure-network-no-public-ip",
    displayName: "No public IP addresses except the firewall's",
    description:
        "Every PublicIPAddress in the stack is used by an Azure Firewall (ipConfigurations or managementIpConfiguration), and no network interface " +
        "has a public IP address.",
    rationale:
        "A public IP on a VM, load balancer or gateway is a door from the internet that bypasses the hub's inspection, and every one of them is found " +
        "by scanners within minutes. In a hub-and-spoke Zero Trust network the only public addresses belong to the firewall, where inbound DNAT and " +
        "outbound SNAT are filtered, threat-intelligence checked and logged; workloads are published through it (or a managed edge such as Front Door) " +
        "and administered through identity-based access, never through an address of their own.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "7.7" },
    remediationSteps:
        "Remove the public IP address (and the publicIPAddress of the network interface's ip configuration). Publish inbound services through the " +
        "hub firewall's DNAT rules or Front Door with Private Link, send outbound traffic through the firewall, and reach machines with Azure " +
        "Bastion. If a public IP is truly needed, record a time-boxed exception in policy-pack/exceptions.yaml.",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const publicIps = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.publicIp);
        const nics = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.networkInterface);
        if (publicIps.length === 0 && nics.length === 0) {
            return args.notApplicable("the stack has no public IP addresses or network interfaces");
        }
        const firewalls = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.firewall);
        for (const ip of publicIps) {
            if (!firewalls.some((fw) => FIREWALL_PATHS.some((path) => armRefersTo(fw, path, ip, PUBLIC_IP_NAME)))) {
                report(
                    "This public IP address is not used by an Azure Firewall: remove it and publish or reach the workload through the hub firewall, Front Door or Azure Bastion.",
                    ip.urn,
                );
            }
        }
        for (const nic of nics) {
            listOf(readRaw(nic.props, ["ipConfigurations"])).forEach((config, i) => {
                if (isPresent(raw((config as Record<string, unknown> | null)?.publicIPAddress))) {
                    report(
                        `This network interface gives ${formatPath(["ipConfigurations", i])} a public IP address (publicIPAddress): remove it and reach the machine through Azure Bastion, with egress through the hub firewall.`,
                        nic.urn,
                    );
                }
            });
        }
    },
});
