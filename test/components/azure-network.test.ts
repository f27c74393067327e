import { strict as assert } from "assert";
import { byName, childrenOf, sortedIds as ids } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";

const urn = (g: CapturedGraph, name: string) => byName(g, name).urn;
const deps = (r: CapturedResource, prop: string) => r.propertyDependencies[prop] ?? [];
type Rule = Record<string, unknown>;
const rules = (g: CapturedGraph, nsg: string) => byName(g, `network-${nsg}-nsg`).inputs["securityRules"] as Rule[];

const T = {
    rg: "azure-native:resources:ResourceGroup",
    vnet: "azure-native:network:VirtualNetwork",
    subnet: "azure-native:network:Subnet",
    peering: "azure-native:network:VirtualNetworkPeering",
    asg: "azure-native:network:ApplicationSecurityGroup",
    nsg: "azure-native:network:NetworkSecurityGroup",
    rt: "azure-native:network:RouteTable",
    zone: "azure-native:privatedns:PrivateZone",
    link: "azure-native:privatedns:VirtualNetworkLink",
    firewall: "zt:azure:HubFirewall",
};
const TIERS = ["web", "app", "data"];
const SERVICES = ["blob", "vault", "registry", "aks"];

/** Children both environments have: everything but the firewall and its route table. */
const COMMON = [
    `${T.rg}::network-rg`,
    `${T.vnet}::network-hub-vnet`,
    `${T.subnet}::network-hub-firewall`,
    `${T.vnet}::network-vnet`,
    ...TIERS.map((t) => `${T.asg}::network-${t}-asg`),
    ...[...TIERS, "private-endpoints"].map((s) => `${T.nsg}::network-${s}-nsg`),
    ...[...TIERS, "private-endpoints"].map((s) => `${T.subnet}::network-${s}`),
    `${T.peering}::network-hub-to-spoke`,
    `${T.peering}::network-spoke-to-hub`,
    ...SERVICES.flatMap((s) => [`${T.zone}::network-dns-${s}`, `${T.link}::network-dns-${s}-hub`, `${T.link}::network-dns-${s}-spoke`]),
];

// Shared pieces of the exact NSG rule lists.
const any = { sourcePortRange: "*", destinationPortRange: "*", protocol: "*" };
/** Every port but SSH and RDP. */
const nonAdmin = { sourcePortRange: "*", destinationPortRanges: ["0-21", "23-3388", "3390-65535"] };
const probes = (cidr: string): Rule => ({ ...nonAdmin, protocol: "Tcp", name: "allow-azure-load-balancer", priority: 100, direction: "Inbound", access: "Allow", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: cidr, description: "Azure Load Balancer health probes" });
const intra = (tier: string, cidr: string, direction: string, priority: number): Rule => ({ ...nonAdmin, protocol: "*", name: "allow-intra-tier", priority, direction, access: "Allow", sourceAddressPrefix: cidr, destinationAddressPrefix: cidr, description: `Inside the ${tier} tier` });
const denyIn: Rule = { ...any, name: "deny-all-inbound", priority: 4096, direction: "Inbound", access: "Deny", sourceAddressPrefix: "*", destinationAddressPrefix: "*", description: "Everything not allowed above" };
const denyOut = (description: string): Rule => ({ ...any, name: "deny-virtual-network-outbound", priority: 4096, direction: "Outbound", access: "Deny", sourceAddressPrefix: "*", destinationAddressPrefix: "VirtualNetwork", description });
const toEndpoints = (cidr: string, pe: string): Rule => ({ name: "allow-private-endpoints-https", priority: 110, direction: "Outbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: cidr, destinationAddressPrefix: pe, description: "Azure services through their private endpoints" });
const dns = (cidr: string): Rule[] => (["Udp", "Tcp"] as const).map((protocol, i) => ({
    name: `allow-dns-proxy-${protocol.toLowerCase()}`, priority: 120 + i, direction: "Outbound", access: "Allow", protocol, sourcePortRange: "*", destinationPortRange: "53",
    sourceAddressPrefix: cidr, destinationAddressPrefix: "10.41.0.4", description: "DNS through the firewall's proxy",
}));
/** The default flows; their priorities are pinned: a change here means every NSG would be rewritten. */
const flow = (key: string, from: string, to: string, port: number, priority: number, dir: "in" | "out"): Rule => ({
    name: `allow-${dir}-${key}`, priority, direction: dir === "in" ? "Inbound" : "Outbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: String(port),
    sourceApplicationSecurityGroups: [{ id: `network-${from}-asg-id` }], destinationApplicationSecurityGroups: [{ id: `network-${to}-asg-id` }], description: `Flow ${key}`,
});
const webToApp = (dir: "in" | "out") => flow("web-to-app-tcp-8080", "web", "app", 8080, 2380, dir);
const appToData = (dir: "in" | "out") => flow("app-to-data-tcp-5432", "app", "data", 5432, 2670, dir);

describe("zt:azure:Network (azure-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("azure-prod"); });

    it("declares exactly the hub and spoke, the NSGs and ASGs, the DNS zones, the firewall and its route table", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:azure:Network")), [...COMMON, `${T.firewall}::network-firewall`, `${T.rt}::network-egress-rt`].sort());
    });

    it("carves the spoke by tier slot, the private endpoints at the last slot and the firewall subnet at the hub's start", () => {
        const prefixes = Object.fromEntries([...TIERS, "private-endpoints"].map((s) => [s, byName(graph, `network-${s}`).inputs["addressPrefix"]]));
        assert.deepEqual(prefixes, { web: "10.40.0.0/19", app: "10.40.32.0/19", data: "10.40.64.0/19", "private-endpoints": "10.40.224.0/19" });
        assert.deepEqual(byName(graph, "network-vnet").inputs["addressSpace"], { addressPrefixes: ["10.40.0.0/16"] });
        assert.deepEqual(byName(graph, "network-hub-vnet").inputs["addressSpace"], { addressPrefixes: ["10.41.0.0/22"] });
        const fw = byName(graph, "network-hub-firewall");
        assert.deepEqual([fw.inputs["subnetName"], fw.inputs["addressPrefix"], fw.inputs["defaultOutboundAccess"]], ["AzureFirewallSubnet", "10.41.0.0/26", false]);
        assert.deepEqual(deps(fw, "virtualNetworkName"), [urn(graph, "network-hub-vnet")]);
    });

    it("gives every spoke subnet its NSG, no default outbound access and NSG-enforced private endpoints; tiers route through the firewall", () => {
        for (const s of [...TIERS, "private-endpoints"]) {
            const subnet = byName(graph, `network-${s}`);
            assert.deepEqual(
                [subnet.inputs["subnetName"], subnet.inputs["defaultOutboundAccess"], subnet.inputs["privateEndpointNetworkPolicies"], subnet.inputs["networkSecurityGroup"], subnet.inputs["routeTable"]],
                [s, false, "Enabled", { id: `network-${s}-nsg-id` }, s === "private-endpoints" ? undefined : { id: "network-egress-rt-id" }],
                s,
            );
            assert.deepEqual(deps(subnet, "virtualNetworkName"), [urn(graph, "network-vnet")], s);
        }
    });

    it("peers hub and spoke both ways, forwarding allowed, no gateway transit, after every subnet exists", () => {
        for (const [key, local, remote] of [["hub-to-spoke", "network-hub-vnet", "network-vnet"], ["spoke-to-hub", "network-vnet", "network-hub-vnet"]]) {
            const p = byName(graph, `network-${key}`);
            assert.deepEqual(p.inputs, {
                resourceGroupName: p.inputs["resourceGroupName"],
                virtualNetworkName: p.inputs["virtualNetworkName"],
                virtualNetworkPeeringName: key,
                remoteVirtualNetwork: { id: `${remote}-id` },
                allowVirtualNetworkAccess: true,
                allowForwardedTraffic: true,
                allowGatewayTransit: false,
                useRemoteGateways: false,
            });
            assert.deepEqual(deps(p, "virtualNetworkName"), [urn(graph, local)], key);
            for (const s of ["hub-firewall", ...TIERS, "private-endpoints"]) assert.ok(p.dependencies.includes(urn(graph, `network-${s}`)), `${key} waits for ${s}`);
        }
    });

    it("routes the tiers' default route to the firewall's private address, ignoring BGP, only once the firewall exists", () => {
        const rt = byName(graph, "network-egress-rt");
        assert.deepEqual([rt.inputs["routeTableName"], rt.inputs["disableBgpRoutePropagation"], rt.inputs["routes"]], [
            "zt-prod-egress-rt", true,
            [{ name: "default-via-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopIpAddress: "10.41.0.4" }],
        ]);
        assert.ok(rt.dependencies.includes(urn(graph, "network-firewall-fw")), "waits for the firewall itself");
        assert.deepEqual(byName(graph, "network-vnet").inputs["dhcpOptions"], { dnsServers: ["10.41.0.4"] }, "the spoke resolves through the firewall's DNS proxy");
    });

    it("gives each tier an ASG", () => {
        for (const t of TIERS) assert.equal(byName(graph, `network-${t}-asg`).inputs["applicationSecurityGroupName"], `zt-prod-${t}-asg`);
    });

    it("compiles the default flows into exact NSG rules: flows between ASGs, intra-tier, probes, DNS proxy, final denies", () => {
        const pe = "10.40.224.0/19";
        const tier = (t: string, cidr: string, inFlows: Rule[], outFlows: Rule[]) => [
            probes(cidr), intra(t, cidr, "Inbound", 110), ...inFlows, denyIn,
            intra(t, cidr, "Outbound", 100), toEndpoints(cidr, pe), ...dns(cidr), ...outFlows, denyOut("East-west only through declared flows"),
        ];
        assert.deepEqual(rules(graph, "web"), tier("web", "10.40.0.0/19", [], [webToApp("out")]));
        assert.deepEqual(rules(graph, "app"), tier("app", "10.40.32.0/19", [webToApp("in")], [appToData("out")]));
        assert.deepEqual(rules(graph, "data"), tier("data", "10.40.64.0/19", [appToData("in")], []));
    });

    it("admits only HTTPS from the tiers to the private endpoints", () => {
        assert.deepEqual(rules(graph, "private-endpoints"), [
            {
                name: "allow-tiers-https", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443",
                sourceAddressPrefixes: ["10.40.0.0/19", "10.40.32.0/19", "10.40.64.0/19"], destinationAddressPrefix: "10.40.224.0/19", description: "HTTPS from the spoke's tiers only",
            },
            denyIn,
            denyOut("Private endpoints never start connections"),
        ]);
    });

    it("ends every NSG's inbound rules with a deny-all at 4096 and never opens SSH, RDP or anything from the internet", () => {
        for (const s of [...TIERS, "private-endpoints"]) {
            const all = rules(graph, s);
            const inbound = all.filter((r) => r.direction === "Inbound");
            assert.deepEqual(inbound[inbound.length - 1], denyIn, s);
            for (const r of all.filter((x) => x.access === "Allow")) {
                const ports = [r["destinationPortRange"], ...((r["destinationPortRanges"] as string[] | undefined) ?? [])].filter((p) => p !== undefined).map(String);
                for (const p of ports) {
                    const [lo, hi] = p === "*" ? [0, 65535] : [Number(p.split("-")[0]), Number(p.split("-").pop())];
                    assert.ok(!(lo <= 22 && 22 <= hi) && !(lo <= 3389 && 3389 <= hi), `${s}/${r.name} covers an admin port (${p})`);
                }
                assert.ok(!["*", "Internet", "0.0.0.0/0"].includes(String(r["sourceAddressPrefix"])), `${s}/${r.name}`);
            }
        }
    });

    it("declares the four private-link zones, globally, each linked to hub and spoke without auto-registration", () => {
        const zones = Object.fromEntries(SERVICES.map((s) => [s, byName(graph, `network-dns-${s}`).inputs["privateZoneName"]]));
        assert.deepEqual(zones, {
            blob: "privatelink.blob.core.windows.net",
            vault: "privatelink.vaultcore.azure.net",
            registry: "privatelink.azurecr.io",
            aks: "privatelink.westeurope.azmk8s.io",
        });
        for (const s of SERVICES) {
            assert.equal(byName(graph, `network-dns-${s}`).inputs["location"], "global");
            for (const vnet of ["hub", "spoke"]) {
                const link = byName(graph, `network-dns-${s}-${vnet}`);
                assert.deepEqual(
                    [link.inputs["location"], link.inputs["registrationEnabled"], link.inputs["virtualNetwork"], link.inputs["virtualNetworkLinkName"]],
                    ["global", false, { id: vnet === "hub" ? "network-hub-vnet-id" : "network-vnet-id" }, `zt-prod-${vnet}`],
                );
                assert.deepEqual(deps(link, "privateZoneName"), [urn(graph, `network-dns-${s}`)]);
            }
        }
    });
});

describe("zt:azure:HubFirewall (azure-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("azure-prod"); });

    it("declares the public IP, the policy, its rules and the firewall", () => {
        assert.deepEqual(ids(childrenOf(graph, T.firewall)), [
            "azure-native:network:AzureFirewall::network-firewall-fw",
            "azure-native:network:FirewallPolicy::network-firewall-policy",
            "azure-native:network:FirewallPolicyRuleCollectionGroup::network-firewall-rules",
            "azure-native:network:PublicIPAddress::network-firewall-pip",
        ]);
    });

    it("denies on threat intelligence, proxies DNS, and runs a Standard VNet firewall in AzureFirewallSubnet behind a static Standard IP", () => {
        const policy = byName(graph, "network-firewall-policy").inputs;
        assert.deepEqual([policy["threatIntelMode"], policy["dnsSettings"], policy["sku"]], ["Deny", { enableProxy: true }, { tier: "Standard" }]);
        const pip = byName(graph, "network-firewall-pip").inputs;
        assert.deepEqual([pip["sku"], pip["publicIPAllocationMethod"], pip["publicIPAddressVersion"]], [{ name: "Standard", tier: "Regional" }, "Static", "IPv4"]);
        const fw = byName(graph, "network-firewall-fw");
        assert.deepEqual([fw.inputs["sku"], fw.inputs["firewallPolicy"], fw.inputs["ipConfigurations"]], [
            { name: "AZFW_VNet", tier: "Standard" },
            { id: "network-firewall-policy-id" },
            [{ name: "egress", subnet: { id: "network-hub-firewall-id" }, publicIPAddress: { id: "network-firewall-pip-id" } }],
        ]);
        assert.ok(fw.dependencies.includes(urn(graph, "network-firewall-rules")), "the firewall waits for its rules (one policy update at a time)");
    });

    it("allows only NTP and the AKS FQDN tag from the spoke when AKS is on and no FQDNs are configured", () => {
        const sourceAddresses = ["10.40.0.0/16"];
        assert.deepEqual(byName(graph, "network-firewall-rules").inputs["ruleCollections"], [
            { ruleCollectionType: "FirewallPolicyFilterRuleCollection", name: "allow-network", priority: 100, action: { type: "Allow" }, rules: [
                { ruleType: "NetworkRule", name: "aks-ntp", description: "Node time sync (AKS)", sourceAddresses, ipProtocols: ["UDP"], destinationFqdns: ["ntp.ubuntu.com"], destinationPorts: ["123"] },
            ] },
            { ruleCollectionType: "FirewallPolicyFilterRuleCollection", name: "allow-https", priority: 200, action: { type: "Allow" }, rules: [
                { ruleType: "ApplicationRule", name: "aks-fqdn-tag", description: "What AKS needs to run and upgrade", sourceAddresses, protocols: [{ protocolType: "Https", port: 443 }], fqdnTags: ["AzureKubernetesService"] },
            ] },
        ]);
    });
});

describe("zt:azure:Network (azure-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("azure-dev"); });

    it("declares no firewall, no public IP and no route table when the firewall is off", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:azure:Network")), [...COMMON].sort());
        assert.equal(graph.resources.filter((r) => ["azure-native:network:PublicIPAddress", T.rt, "azure-native:network:AzureFirewall"].includes(r.type)).length, 0);
    });

    it("leaves the spoke on Azure DNS and the tiers without a route table or DNS-proxy rules", () => {
        assert.equal(byName(graph, "network-vnet").inputs["dhcpOptions"], undefined);
        for (const t of TIERS) assert.equal(byName(graph, `network-${t}`).inputs["routeTable"], undefined, t);
        assert.deepEqual(rules(graph, "app").filter((r) => String(r.name).startsWith("allow-dns")), []);
        assert.equal(byName(graph, "network-app").inputs["addressPrefix"], "10.30.32.0/19");
        assert.equal(byName(graph, "network-hub-firewall").inputs["addressPrefix"], "10.31.0.0/26");
    });
});
