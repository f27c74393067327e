import { strict as assert } from "assert";
import { byName, childrenOf, sortedIds as ids } from "../support/graph-queries";
import fc from "fast-check";
import { PROJECT, readStackConfig } from "../../config/stack-file";
import type { Flow, Ingress } from "../../config/schema";
import { captureProgram } from "../../plan/capture";
import type { CapturedGraph } from "../../plan/graph";
import { carve, contains, overlaps, parseCidr, type CidrBlock } from "../../components/shared/cidr";
import { firewallRules, type FirewallInput } from "../../components/gcp/network-firewall";
import { pscRuleName, servicesLayout } from "../../components/gcp/network-layout";
import { perimeterConfig, perimeterNames } from "../../components/gcp/network-perimeter";
import { pscDnsZones } from "../../components/gcp/network-private-access";
import { REPO_ROOT, stackGraph } from "../support/graphs";

const block = (cidr: string) => parseCidr(cidr) as CidrBlock;
const flow = (from: string, to: string, port: number, protocol: "tcp" | "udp" = "tcp"): Flow => ({ from, to, port, protocol, key: `${from}-to-${to}-${protocol}-${port}` });
const ingress = (tier: string, port: number, sources: string[]): Ingress => ({ tier, port, protocol: "tcp", sources, key: `internet-to-${tier}-tcp-${port}` });
const TIERS = { web: { slot: 0, edge: true }, app: { slot: 1 }, data: { slot: 2 } };
const CIDRS = { web: "10.0.0.0/19", app: "10.0.32.0/19", data: "10.0.64.0/19" };
const base: FirewallInput = { tiers: TIERS, tierCidrs: CIDRS, flows: [flow("web", "app", 8080), flow("app", "data", 5432)], ingress: [], pscAddress: "10.0.224.2", internetTiers: [] };

describe("gcp network services block (pure)", () => {
    it("puts the PSC endpoint at .2 of the first /28 and the control plane in the second /28 of the services slot", () => {
        assert.deepEqual(servicesLayout("10.60.0.0/16", 19, 7), {
            block: "10.60.224.0/19", googleApisCidr: "10.60.224.0/28", pscAddress: "10.60.224.2", controlPlaneCidr: "10.60.224.16/28",
        });
        assert.deepEqual(servicesLayout("10.50.0.0/16", 19, 7).controlPlaneCidr, "10.50.224.16/28");
    });

    it("keeps both inside the services block, apart, and clear of every tier block, for any plan the config admits", () => {
        const arb = fc.record({ a: fc.integer({ min: 0, max: 255 }), prefix: fc.integer({ min: 8, max: 22 }), extra: fc.integer({ min: 1, max: 5 }), slotSeed: fc.nat() })
            .filter(({ prefix, extra }) => prefix + extra <= 27);
        fc.assert(fc.property(arb, ({ a, prefix, extra, slotSeed }) => {
            const space = carve(block("10.0.0.0/8"), prefix, a % 2 ** (prefix - 8));
            const tierPrefix = prefix + extra;
            const slots = 2 ** extra;
            const slot = slotSeed % slots;
            const s = servicesLayout(space.cidr, tierPrefix, slot);
            const psc = block(`${s.pscAddress}/32`);
            const cp = block(s.controlPlaneCidr);
            assert.ok(contains(block(s.block), psc) && contains(block(s.block), cp));
            assert.equal(cp.prefix, 28);
            assert.ok(!overlaps(psc, cp));
            for (let other = 0; other < slots; other++) {
                if (other !== slot) assert.ok(!overlaps(carve(space, tierPrefix, other), block(s.block)));
            }
        }));
    });

    it("refuses a services block too small for two /28s", () => {
        assert.throws(() => servicesLayout("10.0.0.0/16", 28, 0), /slot 1 of \/28 does not fit in 10\.0\.0\.0\/28/);
    });
});

describe("gcp network names and DNS (pure)", () => {
    it("names the PSC rule with ≤ 20 lowercase letters and digits", () => {
        assert.equal(pscRuleName("zt-prod"), "ztprodapis");
        fc.assert(fc.property(fc.stringMatching(/^[a-z][a-z0-9]{1,7}-(dev|prod)$/), (p) => assert.match(pscRuleName(p), /^[a-z][a-z0-9]{0,19}$/)));
    });

    it("resolves googleapis.com to the restricted name with VPC-SC, the private name without, and the registries to themselves", () => {
        const rows = (b: "vpc-sc" | "all-apis") => pscDnsZones(b).map((z) => [z.dnsName, z.endpointName, z.wildcard]);
        assert.deepEqual(rows("vpc-sc"), [
            ["googleapis.com.", "restricted.googleapis.com.", "*.googleapis.com."],
            ["gcr.io.", "gcr.io.", "*.gcr.io."],
            ["pkg.dev.", "pkg.dev.", "*.pkg.dev."],
        ]);
        assert.equal(rows("all-apis")[0][1], "private.googleapis.com.");
    });

    it("names perimeter and level with letters, digits and underscores only", () => {
        const n = perimeterNames("zt-prod", "200000000001");
        assert.deepEqual(n, {
            policy: "accessPolicies/200000000001",
            perimeter: "accessPolicies/200000000001/servicePerimeters/zt_prod_perimeter",
            perimeterTitle: "zt_prod_perimeter",
            accessLevel: "accessPolicies/200000000001/accessLevels/zt_prod_trusted",
            accessLevelTitle: "zt_prod_trusted",
        });
    });

    it("leaves access levels and ingress policies out when there are none", () => {
        const c = perimeterConfig({ projectNumber: "1", restrictedServices: ["storage.googleapis.com"], accessLevels: [], ingressIdentities: [] });
        assert.deepEqual(Object.keys(c).sort(), ["resources", "restrictedServices", "vpcAccessibleServices"]);
        assert.deepEqual(c.vpcAccessibleServices, { enableRestriction: true, allowedServices: ["storage.googleapis.com"] });
    });
});

describe("gcp firewall rule builder (pure)", () => {
    const byKey = (input: FirewallInput) => Object.fromEntries(firewallRules(input).map(({ description: _d, ...r }) => [r.key, r]));

    it("adds a health-check rule per edge tier covering its ingress ports, and the ingress itself from its sources", () => {
        const rs = byKey({ ...base, ingress: [ingress("web", 443, ["203.0.113.0/24", "198.51.100.0/24"]), ingress("web", 80, ["203.0.113.0/24"])] });
        assert.deepEqual(rs["in-internet-to-web-tcp-443"], {
            key: "in-internet-to-web-tcp-443", direction: "INGRESS", action: "allow", priority: 1000, protocol: "tcp", ports: ["443"],
            sourceRanges: ["198.51.100.0/24", "203.0.113.0/24"], targetTiers: ["web"],
        });
        assert.deepEqual(rs["lb-health-checks-web"], {
            key: "lb-health-checks-web", direction: "INGRESS", action: "allow", priority: 1000, protocol: "tcp", ports: ["80", "443"],
            sourceRanges: ["130.211.0.0/22", "35.191.0.0/16"], targetTiers: ["web"],
        });
        assert.equal(Object.keys(byKey(base)).some((k) => k.startsWith("lb-health-checks")), false);
    });

    it("opens internet HTTPS only for the NAT tiers and the GKE rules only with a cluster", () => {
        assert.deepEqual(Object.keys(byKey(base)), [
            "deny-all-ingress", "deny-all-egress", "iap-ssh", "google-apis",
            "in-web-to-app-tcp-8080", "out-web-to-app-tcp-8080", "in-app-to-data-tcp-5432", "out-app-to-data-tcp-5432",
        ]);
        const rs = byKey({ ...base, internetTiers: ["app"], cluster: { tier: "app", podCidr: "100.64.0.0/14", controlPlaneCidr: "10.0.224.16/28" } });
        assert.deepEqual(rs["internet-https"].targetTiers, ["app"]);
        assert.deepEqual(rs["gke-intra-cluster"].destinationRanges, ["10.0.32.0/19", "100.64.0.0/14"]);
    });

    it("refuses unknown tiers, non-edge ingress, open internet ingress and admin ports, naming each", () => {
        assert.throws(() => firewallRules({
            ...base,
            flows: [flow("web", "nowhere", 80), flow("app", "data", 22)],
            ingress: [ingress("app", 443, ["0.0.0.0/0"])],
            internetTiers: ["batch"],
        }), (e: Error) => {
            assert.equal(e.message, "zt:gcp:Network: flow web-to-nowhere-tcp-80 names a tier that does not exist; "
                + "ingress internet-to-app-tcp-443 targets \"app\", which is not an edge tier; "
                + "ingress internet-to-app-tcp-443 admits the whole internet; list the load balancer's or clients' ranges; "
                + "flow app-to-data-tcp-22 opens a remote-administration port (SSH/RDP); administer through IAP TCP forwarding instead; "
                + "internet egress names tier \"batch\", which does not exist");
            return true;
        });
    });
});

const inputs = (g: CapturedGraph, name: string) => byName(g, name).inputs;

const T = {
    net: "gcp:compute/network:Network", subnet: "gcp:compute/subnetwork:Subnetwork", fw: "gcp:compute/firewall:Firewall",
    address: "gcp:compute/globalAddress:GlobalAddress", rule: "gcp:compute/globalForwardingRule:GlobalForwardingRule",
    zone: "gcp:dns/managedZone:ManagedZone", record: "gcp:dns/recordSet:RecordSet", router: "gcp:compute/router:Router",
    nat: "gcp:compute/routerNat:RouterNat", route: "gcp:compute/route:Route",
    level: "gcp:accesscontextmanager/accessLevel:AccessLevel", perimeter: "gcp:accesscontextmanager/servicePerimeter:ServicePerimeter",
};
const BASE_RULES = ["deny-all-ingress", "deny-all-egress", "iap-ssh", "google-apis", "in-web-to-app-tcp-8080", "out-web-to-app-tcp-8080", "in-app-to-data-tcp-5432", "out-app-to-data-tcp-5432"];
const COMMON = [
    `${T.net}::network-vpc`,
    ...["web", "app", "data"].map((t) => `${T.subnet}::network-${t}`),
    `${T.address}::network-psc-address`, `${T.rule}::network-psc`,
    ...["googleapis", "gcr", "pkg-dev"].flatMap((z) => [`${T.zone}::network-dns-${z}`, `${T.record}::network-dns-${z}-a`, `${T.record}::network-dns-${z}-cname`]),
    `${T.perimeter}::network-perimeter`,
];
const fwIds = (keys: string[]) => keys.map((k) => `${T.fw}::network-fw-${k}`);
const NAT = [`${T.router}::network-router`, `${T.nat}::network-nat`, `${T.route}::network-internet-route`];
const sa = (env: string, tier: string) => `zt-${env}-t-${tier}@zt-landing-zone-${env}.iam.gserviceaccount.com`;
const LOG = { metadata: "INCLUDE_ALL_METADATA" };

/** What each firewall rule must say (name, project, network and description aside). */
function expectedRules(env: "prod" | "dev", c: { space: string }): Record<string, Record<string, unknown>> {
    const all = ["web", "app", "data"].map((t) => sa(env, t));
    const tcp = (port: string) => [{ protocol: "tcp", ports: [port] }];
    return {
        "deny-all-ingress": { direction: "INGRESS", priority: 65534, denies: [{ protocol: "all" }], sourceRanges: ["0.0.0.0/0"], logConfig: LOG },
        "deny-all-egress": { direction: "EGRESS", priority: 65534, denies: [{ protocol: "all" }], destinationRanges: ["0.0.0.0/0"], logConfig: LOG },
        "iap-ssh": { direction: "INGRESS", priority: 1000, allows: tcp("22"), sourceRanges: ["35.235.240.0/20"], targetServiceAccounts: all, logConfig: LOG },
        "google-apis": { direction: "EGRESS", priority: 1000, allows: tcp("443"), destinationRanges: [`${c.space}.224.2/32`], targetServiceAccounts: all, logConfig: LOG },
        "in-web-to-app-tcp-8080": { direction: "INGRESS", priority: 1000, allows: tcp("8080"), sourceServiceAccounts: [sa(env, "web")], targetServiceAccounts: [sa(env, "app")], logConfig: LOG },
        "out-web-to-app-tcp-8080": { direction: "EGRESS", priority: 1000, allows: tcp("8080"), destinationRanges: [`${c.space}.32.0/19`], targetServiceAccounts: [sa(env, "web")], logConfig: LOG },
        "in-app-to-data-tcp-5432": { direction: "INGRESS", priority: 1000, allows: tcp("5432"), sourceServiceAccounts: [sa(env, "app")], targetServiceAccounts: [sa(env, "data")], logConfig: LOG },
        "out-app-to-data-tcp-5432": { direction: "EGRESS", priority: 1000, allows: tcp("5432"), destinationRanges: [`${c.space}.64.0/19`], targetServiceAccounts: [sa(env, "app")], logConfig: LOG },
        "internet-https": { direction: "EGRESS", priority: 1000, allows: tcp("443"), destinationRanges: ["0.0.0.0/0"], targetServiceAccounts: [sa(env, "app")], logConfig: LOG },
        "gke-control-plane": { direction: "EGRESS", priority: 1000, allows: tcp("443"), destinationRanges: [`${c.space}.224.16/28`], targetServiceAccounts: [sa(env, "app")], logConfig: LOG },
        "gke-intra-cluster": { direction: "EGRESS", priority: 1000, allows: [{ protocol: "all" }], destinationRanges: [`${c.space}.32.0/19`, "100.64.0.0/14"], targetServiceAccounts: [sa(env, "app")], logConfig: LOG },
    };
}
const ruleOf = (g: CapturedGraph, key: string, env: string) => {
    const { name, project, network, description, ...rest } = inputs(g, `network-fw-${key}`);
    assert.deepEqual([name, project, network, typeof description], [`zt-${env}-${key}`, `zt-landing-zone-${env}`, "network-vpc-id", "string"], key);
    return rest;
};
const RESTRICTED = ["storage.googleapis.com", "bigquery.googleapis.com", "cloudkms.googleapis.com", "secretmanager.googleapis.com",
    "logging.googleapis.com", "monitoring.googleapis.com", "pubsub.googleapis.com", "artifactregistry.googleapis.com",
    "container.googleapis.com", "containeranalysis.googleapis.com", "binaryauthorization.googleapis.com",
    "dlp.googleapis.com", "sqladmin.googleapis.com", "compute.googleapis.com", "iam.googleapis.com",
    "iamcredentials.googleapis.com", "sts.googleapis.com"];
const perimeterBody = (env: string, extra: Record<string, unknown> = {}) => ({
    resources: ["projects/000000000000"],
    restrictedServices: RESTRICTED,
    vpcAccessibleServices: { enableRestriction: true, allowedServices: RESTRICTED },
    ...extra,
    ingressPolicies: [{
        title: "deploy pipeline",
        ingressFrom: { identities: [`serviceAccount:zt-${env}-deploy@zt-landing-zone-${env}.iam.gserviceaccount.com`], sources: [{ accessLevel: "*" }] },
        ingressTo: { resources: ["*"], operations: [{ serviceName: "*" }] },
    }],
});

describe("zt:gcp:Network (gcp-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("gcp-prod"); });
    const rules = Object.keys(expectedRules("prod", { space: "10.60" }));

    it("declares the VPC, subnets, PSC endpoint and zones, every firewall rule, NAT with its route, and the perimeter", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Network")), [...COMMON, ...fwIds(rules), ...NAT].sort());
    });

    it("builds a custom-mode VPC without default routes, and private, fully logged subnetworks", () => {
        const net = inputs(graph, "network-vpc");
        assert.deepEqual([net["autoCreateSubnetworks"], net["deleteDefaultRoutesOnCreate"], net["routingMode"]], [false, true, "REGIONAL"]);
        for (const [tier, cidr] of [["web", "10.60.0.0/19"], ["app", "10.60.32.0/19"], ["data", "10.60.64.0/19"]]) {
            const s = inputs(graph, `network-${tier}`);
            assert.deepEqual([s["ipCidrRange"], s["privateIpGoogleAccess"], s["stackType"]], [cidr, true, "IPV4_ONLY"], tier);
            assert.deepEqual(s["logConfig"], { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" }, tier);
        }
    });

    it("gives only the app subnetwork GKE's pods and services ranges", () => {
        assert.deepEqual(inputs(graph, "network-app")["secondaryIpRanges"], [
            { rangeName: "pods", ipCidrRange: "100.64.0.0/14" }, { rangeName: "services", ipCidrRange: "100.68.0.0/20" },
        ]);
        assert.equal(inputs(graph, "network-web")["secondaryIpRanges"], undefined);
        assert.equal(inputs(graph, "network-data")["secondaryIpRanges"], undefined);
    });

    it("says exactly what every firewall rule allows or denies, to and from whom, logged", () => {
        for (const [key, want] of Object.entries(expectedRules("prod", { space: "10.60" }))) assert.deepEqual(ruleOf(graph, key, "prod"), want, key);
    });

    it("reaches Google APIs through a PSC endpoint on the vpc-sc bundle, in the services block, with private DNS to it", () => {
        const { labels: _l, ...address } = inputs(graph, "network-psc-address");
        assert.deepEqual(address, {
            name: "zt-prod-psc-apis", project: "zt-landing-zone-prod", addressType: "INTERNAL", purpose: "PRIVATE_SERVICE_CONNECT",
            network: "network-vpc-id", address: "10.60.224.2", description: "Private Service Connect endpoint for Google APIs (vpc-sc bundle)",
        });
        const { labels: _r, ...rule } = inputs(graph, "network-psc");
        assert.deepEqual(rule, {
            name: "ztprodapis", project: "zt-landing-zone-prod", network: "network-vpc-id", ipAddress: "network-psc-address-id", target: "vpc-sc",
            loadBalancingScheme: "", noAutomateDnsZone: true, serviceDirectoryRegistrations: { serviceDirectoryRegion: "europe-west1" },
        });
        const zone = inputs(graph, "network-dns-googleapis");
        assert.deepEqual([zone["dnsName"], zone["visibility"], zone["privateVisibilityConfig"]], ["googleapis.com.", "private", { networks: [{ networkUrl: "network-vpc-id" }] }]);
        const rec = (n: string) => { const r = inputs(graph, n); return [r["managedZone"], r["name"], r["type"], r["rrdatas"]]; };
        assert.deepEqual(rec("network-dns-googleapis-a"), ["zt-prod-googleapis", "restricted.googleapis.com.", "A", ["10.60.224.2"]]);
        assert.deepEqual(rec("network-dns-googleapis-cname"), ["zt-prod-googleapis", "*.googleapis.com.", "CNAME", ["restricted.googleapis.com."]]);
        assert.deepEqual(rec("network-dns-pkg-dev-a"), ["zt-prod-pkg-dev", "pkg.dev.", "A", ["10.60.224.2"]]);
    });

    it("NATs only the app subnetwork, with Google-owned addresses and full logging, on a tag-scoped default route", () => {
        const { description: _d, ...nat } = inputs(graph, "network-nat");
        assert.deepEqual(nat, {
            name: "zt-prod-nat", project: "zt-landing-zone-prod", region: "europe-west1", router: "zt-prod-router", natIpAllocateOption: "AUTO_ONLY",
            sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS", subnetworks: [{ name: "network-app-id", sourceIpRangesToNats: ["ALL_IP_RANGES"] }],
            logConfig: { enable: true, filter: "ALL" },
        });
        assert.deepEqual([inputs(graph, "network-router")["network"], inputs(graph, "network-router")["region"]], ["network-vpc-id", "europe-west1"]);
        const { description: _r, ...route } = inputs(graph, "network-internet-route");
        assert.deepEqual(route, {
            name: "zt-prod-internet-egress", project: "zt-landing-zone-prod", network: "network-vpc-id", destRange: "0.0.0.0/0",
            nextHopGateway: "default-internet-gateway", priority: 1000, tags: ["zt-prod-internet-egress"],
        });
    });

    it("enforces the perimeter (status, no dry-run spec) around the project number", () => {
        const p = inputs(graph, "network-perimeter");
        assert.deepEqual([p["parent"], p["name"], p["title"], p["perimeterType"], p["spec"], p["useExplicitDryRunSpec"]],
            ["accessPolicies/200000000001", "accessPolicies/200000000001/servicePerimeters/zt_prod_perimeter", "zt_prod_perimeter", "PERIMETER_TYPE_REGULAR", undefined, undefined]);
        assert.deepEqual(p["status"], perimeterBody("prod"));
    });
});

describe("zt:gcp:Network (gcp-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("gcp-dev"); });

    it("declares no NAT, router, route, internet or GKE rules", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Network")), [...COMMON, ...fwIds(BASE_RULES)].sort());
        assert.equal(inputs(graph, "network-app")["secondaryIpRanges"], undefined);
    });

    it("keeps the same base firewall, on dev's address space", () => {
        const want = expectedRules("dev", { space: "10.50" });
        for (const key of BASE_RULES) assert.deepEqual(ruleOf(graph, key, "dev"), want[key], key);
    });

    it("runs the perimeter as a dry run: spec with useExplicitDryRunSpec, no status", () => {
        const p = inputs(graph, "network-perimeter");
        assert.deepEqual([p["status"], p["useExplicitDryRunSpec"]], [undefined, true]);
        assert.deepEqual(p["spec"], perimeterBody("dev"));
        assert.equal(inputs(graph, "network-psc")["target"], "vpc-sc");
    });
});

describe("zt:gcp:Network with ingress, trusted ranges and NAT without GKE (gcp-dev, config overridden)", () => {
    let graph: CapturedGraph;
    before(async () => {
        // One extra capture: neither stack has ingress or trusted ranges, so this is the only proof of their wiring.
        const { config, placeholders } = readStackConfig("gcp-dev", REPO_ROOT);
        const network = JSON.parse(config["zt-landing-zone:network"]);
        const gcp = JSON.parse(config["zt-landing-zone:gcp"]);
        config["zt-landing-zone:network"] = JSON.stringify({ ...network, ingress: [{ tier: "web", port: 443, sources: ["203.0.113.0/24"] }] });
        config["zt-landing-zone:gcp"] = JSON.stringify({ ...gcp, nat: { enabled: true }, vpcServiceControls: { ...gcp.vpcServiceControls, trustedRanges: ["198.51.100.0/24"] } });
        graph = (await captureProgram({ project: PROJECT, stack: "gcp-dev", programDir: REPO_ROOT, config, secretPlaceholders: placeholders })).graph;
    });

    it("adds the ingress and health-check rules, NAT without GKE rules, and the access level", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Network")), [
            ...COMMON, ...fwIds([...BASE_RULES, "in-internet-to-web-tcp-443", "lb-health-checks-web", "internet-https"]), ...NAT, `${T.level}::network-trusted-level`,
        ].sort());
        assert.deepEqual(ruleOf(graph, "in-internet-to-web-tcp-443", "dev"), {
            direction: "INGRESS", priority: 1000, allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["203.0.113.0/24"], targetServiceAccounts: [sa("dev", "web")], logConfig: LOG,
        });
        assert.deepEqual(ruleOf(graph, "lb-health-checks-web", "dev"), {
            direction: "INGRESS", priority: 1000, allows: [{ protocol: "tcp", ports: ["443"] }], sourceRanges: ["130.211.0.0/22", "35.191.0.0/16"], targetServiceAccounts: [sa("dev", "web")], logConfig: LOG,
        });
        assert.deepEqual(ruleOf(graph, "internet-https", "dev"), expectedRules("dev", { space: "10.50" })["internet-https"]);
    });

    it("admits the trusted ranges through a basic access level the perimeter names", () => {
        const { description: _d, ...level } = inputs(graph, "network-trusted-level");
        assert.deepEqual(level, {
            parent: "accessPolicies/200000000001", name: "accessPolicies/200000000001/accessLevels/zt_dev_trusted", title: "zt_dev_trusted",
            basic: { conditions: [{ ipSubnetworks: ["198.51.100.0/24"] }] },
        });
        assert.deepEqual(inputs(graph, "network-perimeter")["spec"], perimeterBody("dev", { accessLevels: ["accessPolicies/200000000001/accessLevels/zt_dev_trusted"] }));
    });
});
