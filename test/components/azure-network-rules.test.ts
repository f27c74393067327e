import { strict as assert } from "assert";
import fc from "fast-check";
import type { Flow, Ingress } from "../../config/schema";
import {
    assertBuildable, bandPriorities, BANDS, NON_ADMIN_PORTS, planLayout, securityRules, toSecurityRule, type NsgRuleSpec,
} from "../../components/azure/network-rules";
import { firewallRuleCollections } from "../../components/azure/network-firewall";
import { privateDnsZoneNames } from "../../components/azure/network-dns";

const flow = (from: string, to: string, port: number, protocol: "tcp" | "udp" = "tcp"): Flow => ({ from, to, port, protocol, key: `${from}-to-${to}-${protocol}-${port}` });
const ingress = (tier: string, port: number, sources: string[]): Ingress => ({ tier, port, protocol: "tcp", sources, key: `internet-to-${tier}-tcp-${port}` });
const TIERS = { web: { slot: 0, edge: true }, app: { slot: 1 }, data: { slot: 2 } };
const CIDRS = { web: "10.0.0.0/19", app: "10.0.32.0/19", data: "10.0.64.0/19" };
const PE = "10.0.224.0/19";
const DEFAULT_FLOWS = [flow("web", "app", 8080), flow("app", "data", 5432)];
const build = (flows: Flow[], ing: Ingress[] = [], dnsServer?: string) => securityRules({ tierCidrs: CIDRS, privateEndpointCidr: PE, flows, ingress: ing, dnsServer });
const names = (rs: NsgRuleSpec[]) => rs.map((r) => `${r.direction}:${r.priority}:${r.name}`);
const priorityOf = (rs: Record<string, NsgRuleSpec[]>) => Object.fromEntries(Object.entries(rs).flatMap(([nsg, list]) => list.map((r) => [`${nsg}/${r.direction}/${r.name}`, r.priority])));

describe("azure network layout", () => {
    it("carves tiers by slot, the private endpoints at their slot, the firewall /26 at the hub's start and its .4 address", () => {
        assert.deepEqual(planLayout({ addressSpace: "10.40.0.0/16", tierPrefixLength: 19, tiers: TIERS, hubAddressSpace: "10.41.0.0/22", privateEndpointSlot: 7 }), {
            tierCidrs: { web: "10.40.0.0/19", app: "10.40.32.0/19", data: "10.40.64.0/19" },
            privateEndpointCidr: "10.40.224.0/19",
            firewallSubnetCidr: "10.41.0.0/26",
            firewallPrivateIp: "10.41.0.4",
        });
    });

    it("names the four private-link zones, AKS's per region", () => {
        assert.deepEqual(privateDnsZoneNames("swedencentral"), {
            blob: "privatelink.blob.core.windows.net", vault: "privatelink.vaultcore.azure.net", registry: "privatelink.azurecr.io", aks: "privatelink.swedencentral.azmk8s.io",
        });
    });
});

describe("azure NSG rule builder", () => {
    it("puts each flow inbound on the destination's NSG and outbound on the source's, between ASGs, at the same priority", () => {
        const rs = build(DEFAULT_FLOWS);
        const [inRule] = rs.app.filter((r) => r.name === "allow-in-web-to-app-tcp-8080");
        const [outRule] = rs.web.filter((r) => r.name === "allow-out-web-to-app-tcp-8080");
        assert.deepEqual(inRule, {
            name: "allow-in-web-to-app-tcp-8080", priority: 2380, direction: "Inbound", access: "Allow", protocol: "Tcp",
            source: { asg: "web" }, destination: { asg: "app" }, ports: ["8080"], description: "Flow web-to-app-tcp-8080",
        });
        assert.deepEqual(outRule, { ...inRule, name: "allow-out-web-to-app-tcp-8080", direction: "Outbound" });
        assert.deepEqual(names(rs.data), [
            "Inbound:100:allow-azure-load-balancer", "Inbound:110:allow-intra-tier", "Inbound:2670:allow-in-app-to-data-tcp-5432", "Inbound:4096:deny-all-inbound",
            "Outbound:100:allow-intra-tier", "Outbound:110:allow-private-endpoints-https", "Outbound:4096:deny-virtual-network-outbound",
        ]);
    });

    it("admits configured ingress from its sources to the edge tier's ASG in the ingress band", () => {
        const rs = build(DEFAULT_FLOWS, [ingress("web", 443, ["203.0.113.0/24", "198.51.100.0/24"])]);
        const rule = rs.web.find((r) => r.name === "allow-internet-to-web-tcp-443");
        assert.ok(rule && rule.priority >= BANDS.ingress.from && rule.priority <= BANDS.ingress.to);
        assert.deepEqual({ ...rule, priority: 0 }, {
            name: "allow-internet-to-web-tcp-443", priority: 0, direction: "Inbound", access: "Allow", protocol: "Tcp",
            source: { prefixes: ["198.51.100.0/24", "203.0.113.0/24"] }, destination: { asg: "web" }, ports: ["443"], description: "Configured ingress internet-to-web-tcp-443",
        });
        assert.equal(rs.app.some((r) => r.name.startsWith("allow-internet")), false, "ingress lands on its tier only");
    });

    it("opens DNS to the firewall's proxy only when there is one", () => {
        assert.deepEqual(build(DEFAULT_FLOWS, [], "10.41.0.4").app.filter((r) => r.ports[0] === "53").map((r) => [r.name, r.priority, r.protocol, r.destination]), [
            ["allow-dns-proxy-udp", 120, "Udp", { prefix: "10.41.0.4" }],
            ["allow-dns-proxy-tcp", 121, "Tcp", { prefix: "10.41.0.4" }],
        ]);
        assert.equal(build(DEFAULT_FLOWS).app.some((r) => r.ports[0] === "53"), false);
    });

    it("keeps every existing rule's priority when a flow is added", () => {
        const before = priorityOf(build(DEFAULT_FLOWS));
        const after = priorityOf(build([flow("web", "app", 8443), ...DEFAULT_FLOWS, flow("app", "app", 9090, "udp")]));
        for (const [key, priority] of Object.entries(before)) assert.equal(after[key], priority, key);
        assert.equal(Object.keys(after).length, Object.keys(before).length + 4);
    });

    it("derives the same rules whatever order flows and sources come in", () => {
        const arb = fc.uniqueArray(fc.record({ from: fc.constantFrom("web", "app", "data"), to: fc.constantFrom("web", "app", "data"), port: fc.integer({ min: 1024, max: 65535 }), protocol: fc.constantFrom("tcp" as const, "udp" as const) }), {
            maxLength: 30, selector: (f) => `${f.from}-${f.to}-${f.protocol}-${f.port}`,
        });
        fc.assert(fc.property(arb, (raw) => {
            const flows = raw.map((f) => flow(f.from, f.to, f.port, f.protocol));
            const rs = build(flows);
            assert.deepEqual(build([...flows].reverse()), rs);
            for (const [nsg, list] of Object.entries(rs)) {
                for (const direction of ["Inbound", "Outbound"]) {
                    const ps = list.filter((r) => r.direction === direction).map((r) => r.priority);
                    assert.equal(new Set(ps).size, ps.length, `${nsg} ${direction}: unique priorities`);
                    assert.ok(ps.every((p) => p >= 100 && p <= 4096), `${nsg} ${direction}: 100–4096`);
                    assert.equal(Math.max(...ps), 4096, `${nsg} ${direction}: the deny is last`);
                }
            }
        }));
    });

    it("lets the broad rules (probes, intra-tier) cover every port but SSH and RDP", () => {
        assert.deepEqual(NON_ADMIN_PORTS, ["0-21", "23-3388", "3390-65535"]);
        const broad = build(DEFAULT_FLOWS).app.filter((r) => ["allow-azure-load-balancer", "allow-intra-tier"].includes(r.name));
        assert.deepEqual(broad.map((r) => [r.direction, r.name, r.protocol, r.ports]), [
            ["Inbound", "allow-azure-load-balancer", "Tcp", NON_ADMIN_PORTS],
            ["Inbound", "allow-intra-tier", "*", NON_ADMIN_PORTS],
            ["Outbound", "allow-intra-tier", "*", NON_ADMIN_PORTS],
        ]);
        const converted: Record<string, unknown> = toSecurityRule(broad[1], {});
        assert.deepEqual([converted["destinationPortRanges"], "destinationPortRange" in converted], [NON_ADMIN_PORTS, false]);
    });

    it("hashes keys into their band and probes past collisions deterministically", () => {
        const tiny = { from: 10, to: 12 };
        const p = bandPriorities(["a", "b", "c"], tiny);
        assert.deepEqual([...p.values()].sort(), [10, 11, 12]);
        assert.deepEqual(bandPriorities(["c", "a", "b"], tiny), p);
        assert.throws(() => bandPriorities(["a", "b", "c", "d"], tiny), /more than 3 rules/);
    });

    it("refuses admin ports, unknown or reserved tiers, ingress into non-edge tiers and duplicates", () => {
        assert.throws(() => assertBuildable(TIERS, [flow("web", "app", 22)], []), /flow web-to-app-tcp-22 opens a remote-administration port/);
        assert.throws(() => assertBuildable(TIERS, [], [ingress("web", 3389, ["0.0.0.0/0"])]), /ingress internet-to-web-tcp-3389 opens a remote-administration port/);
        assert.throws(() => assertBuildable(TIERS, [], [ingress("app", 443, ["0.0.0.0/0"])]), /not an edge tier/);
        assert.throws(() => assertBuildable(TIERS, [flow("web", "cache", 6379)], []), /flow web-to-cache-tcp-6379 names a tier that does not exist/);
        assert.throws(() => assertBuildable({ ...TIERS, "private-endpoints": { slot: 3 } }, [], []), /reserved for the private-endpoint subnet/);
        assert.throws(() => assertBuildable(TIERS, [flow("web", "app", 80), flow("web", "app", 80)], []), /flow web-to-app-tcp-80 is declared twice/);
        assert.doesNotThrow(() => assertBuildable(TIERS, DEFAULT_FLOWS, [ingress("web", 443, ["0.0.0.0/0"])]));
    });

    it("resolves ASGs to ids and prefixes to the single or plural field", () => {
        const [rule] = build(DEFAULT_FLOWS).app.filter((r) => r.name === "allow-in-web-to-app-tcp-8080");
        assert.deepEqual(toSecurityRule(rule, { web: "W", app: "A" }), {
            name: "allow-in-web-to-app-tcp-8080", priority: 2380, direction: "Inbound", access: "Allow", protocol: "Tcp", description: "Flow web-to-app-tcp-8080",
            sourcePortRange: "*", destinationPortRange: "8080", sourceApplicationSecurityGroups: [{ id: "W" }], destinationApplicationSecurityGroups: [{ id: "A" }],
        });
        const pe = build(DEFAULT_FLOWS)["private-endpoints"][0];
        assert.deepEqual(toSecurityRule(pe, {}), {
            name: "allow-tiers-https", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", description: "HTTPS from the spoke's tiers only",
            sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefixes: ["10.0.0.0/19", "10.0.32.0/19", "10.0.64.0/19"], destinationAddressPrefix: PE,
        });
        assert.throws(() => toSecurityRule(rule, { web: "W" }), /no application security group for tier "app"/);
    });
});

describe("azure firewall rule collections", () => {
    it("allows the configured FQDNs over HTTPS, sorted, and nothing for AKS when it is off", () => {
        assert.deepEqual(firewallRuleCollections({ sourceRanges: ["10.40.0.0/16"], allowedFqdns: ["pypi.org", "*.github.com"], allowAks: false }), [
            { ruleCollectionType: "FirewallPolicyFilterRuleCollection", name: "allow-https", priority: 200, action: { type: "Allow" }, rules: [
                { ruleType: "ApplicationRule", name: "allowed-fqdns", description: "Configured egress allow-list", sourceAddresses: ["10.40.0.0/16"], protocols: [{ protocolType: "Https", port: 443 }], targetFqdns: ["*.github.com", "pypi.org"] },
            ] },
        ]);
    });

    it("has no collections at all (everything denied) without FQDNs or AKS", () => {
        assert.deepEqual(firewallRuleCollections({ sourceRanges: ["10.40.0.0/16"], allowedFqdns: [], allowAks: false }), []);
    });

    it("adds NTP and the AKS FQDN tag, but not the public-cluster tunnel ports, when AKS is on", () => {
        const all = firewallRuleCollections({ sourceRanges: ["10.40.0.0/16"], allowedFqdns: ["pypi.org"], allowAks: true });
        assert.deepEqual(all.map((c) => [c.name, c.rules.map((r) => r.name)]), [["allow-network", ["aks-ntp"]], ["allow-https", ["allowed-fqdns", "aks-fqdn-tag"]]]);
        const ports = all.flatMap((c) => c.rules.flatMap((r) => ("destinationPorts" in r ? r.destinationPorts : [])));
        assert.deepEqual(ports, ["123"]);
    });
});
