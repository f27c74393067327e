import { strict as assert } from "assert";
import { byName, childrenOf, ofType, sortedIds as ids } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph, type CapturedResource } from "../../plan/graph";
import type { Flow, Ingress } from "../../config/schema";
import {
    assertBuildable, cidrSlug, endpointPolicy, firewallEndpointIn, isolatedTierNacl, planEgressSubnets, securityRules,
} from "../../components/aws/network-rules";

const urn = (g: CapturedGraph, name: string) => byName(g, name).urn;
const deps = (r: CapturedResource, prop: string) => r.propertyDependencies[prop] ?? [];

const T = {
    vpc: "aws:ec2/vpc:Vpc",
    subnet: "aws:ec2/subnet:Subnet",
    sg: "aws:ec2/securityGroup:SecurityGroup",
    defaultSg: "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    sgIn: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    sgOut: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    igw: "aws:ec2/internetGateway:InternetGateway",
    eip: "aws:ec2/eip:Eip",
    nat: "aws:ec2/natGateway:NatGateway",
    rt: "aws:ec2/routeTable:RouteTable",
    rta: "aws:ec2/routeTableAssociation:RouteTableAssociation",
    route: "aws:ec2/route:Route",
    endpoint: "aws:ec2/vpcEndpoint:VpcEndpoint",
    nacl: "aws:ec2/networkAcl:NetworkAcl",
    flowLog: "aws:ec2/flowLog:FlowLog",
    firewallComponent: "zt:aws:EgressFirewall",
};
const INTERFACE_SERVICES = ["ssm", "ssmmessages", "ec2messages", "kms", "sts", "secretsmanager", "logs", "ecr.api", "ecr.dkr", "guardduty-data"];

/** Children every AWS stack has with the default tiers and flows, no ingress, and some NAT. */
function commonChildren(zones: string[]): string[] {
    return [
        `${T.vpc}::network-vpc`,
        ...["web", "app", "data"].flatMap((t) => zones.map((z) => `${T.subnet}::network-${t}-${z}`)),
        `${T.defaultSg}::network-default-sg`,
        `${T.sg}::network-sg-web`, `${T.sg}::network-sg-app`, `${T.sg}::network-sg-data`, `${T.sg}::network-sg-endpoints`, `${T.sg}::network-sg-quarantine`,
        `${T.sgIn}::network-in-web-to-app-tcp-8080`, `${T.sgOut}::network-out-web-to-app-tcp-8080`,
        `${T.sgIn}::network-in-app-to-data-tcp-5432`, `${T.sgOut}::network-out-app-to-data-tcp-5432`,
        `${T.sgOut}::network-out-web-to-endpoints-tcp-443`, `${T.sgOut}::network-out-app-to-endpoints-tcp-443`, `${T.sgOut}::network-out-data-to-endpoints-tcp-443`,
        `${T.sgOut}::network-out-app-to-s3-tcp-443`, `${T.sgOut}::network-out-app-to-internet-tcp-443`,
        `${T.sgIn}::network-in-vpc-to-endpoints-tcp-443`,
        `${T.igw}::network-igw`,
        `${T.rt}::network-rt-web`, `${T.rt}::network-rt-data`, `${T.rt}::network-rt-egress-nat`,
        ...["web", "app", "data"].flatMap((t) => zones.map((z) => `${T.rta}::network-rta-${t}-${z}`)),
        `${T.route}::network-route-egress-nat-default`,
        `${T.endpoint}::network-endpoint-s3`,
        ...INTERFACE_SERVICES.map((s) => `${T.endpoint}::network-endpoint-${s}`),
        `${T.nacl}::network-nacl-data`,
        `${T.flowLog}::network-flow-log`,
    ];
}

/** The Visibility pillar's log archive bucket. */
const archiveBucket = (g: CapturedGraph) =>
    g.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && (r.inputs["tags"] as Record<string, string> | undefined)?.["purpose"] === "log-archive");

describe("zt:aws:Network (aws-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("aws-prod"); });

    it("declares exactly its children, keyed by tier, zone, flow and service", () => {
        const zones = ["a", "b", "c"];
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Network")), [
            ...commonChildren(zones),
            `${T.subnet}::network-egress-nat-a`, `${T.subnet}::network-egress-nat-b`, `${T.subnet}::network-egress-nat-c`,
            `${T.subnet}::network-egress-firewall-a`, `${T.subnet}::network-egress-firewall-b`, `${T.subnet}::network-egress-firewall-c`,
            `${T.eip}::network-nat-eip-a`, `${T.eip}::network-nat-eip-b`, `${T.eip}::network-nat-eip-c`,
            `${T.nat}::network-nat-a`, `${T.nat}::network-nat-b`, `${T.nat}::network-nat-c`,
            `${T.firewallComponent}::network-egress`,
            `${T.rt}::network-rt-app-a`, `${T.rt}::network-rt-app-b`, `${T.rt}::network-rt-app-c`,
            `${T.rt}::network-rt-egress-firewall-a`, `${T.rt}::network-rt-egress-firewall-b`, `${T.rt}::network-rt-egress-firewall-c`,
            `${T.rta}::network-rta-egress-nat-a`, `${T.rta}::network-rta-egress-nat-b`, `${T.rta}::network-rta-egress-nat-c`,
            `${T.rta}::network-rta-egress-firewall-a`, `${T.rta}::network-rta-egress-firewall-b`, `${T.rta}::network-rta-egress-firewall-c`,
            `${T.route}::network-route-app-a-default`, `${T.route}::network-route-app-b-default`, `${T.route}::network-route-app-c-default`,
            `${T.route}::network-route-egress-nat-return-app-a`, `${T.route}::network-route-egress-nat-return-app-b`, `${T.route}::network-route-egress-nat-return-app-c`,
            `${T.route}::network-route-egress-firewall-a-default`, `${T.route}::network-route-egress-firewall-b-default`, `${T.route}::network-route-egress-firewall-c-default`,
        ].sort());
    });

    it("sits under the landing zone root with the full-chain URN", () => {
        assert.equal(byName(graph, "network-app-b").urn,
            "urn:pulumi:aws-prod::zt-landing-zone::zt:aws:LandingZone$zt:aws:Network$aws:ec2/subnet:Subnet::network-app-b");
    });

    it("carves subnets from the planner and never assigns public IPs", () => {
        const subnet = byName(graph, "network-data-c").inputs;
        assert.equal(subnet["cidrBlock"], "10.20.80.0/21");
        assert.equal(subnet["availabilityZone"], "eu-west-1c");
        for (const r of ofType(graph, T.subnet)) {
            assert.equal(r.inputs["mapPublicIpOnLaunch"], false, r.name);
        }
    });

    it("carves one NAT and one firewall /28 per zone from the egress slot, by zone letter", () => {
        const cidrs = Object.fromEntries(["nat", "firewall"].flatMap((k) => ["a", "b", "c"].map((z) => {
            const s = byName(graph, `network-egress-${k}-${z}`).inputs;
            return [`${k}-${z}`, `${s["cidrBlock"]} ${s["availabilityZone"]}`];
        })));
        assert.deepEqual(cidrs, {
            "nat-a": "10.20.224.0/28 eu-west-1a", "nat-b": "10.20.224.16/28 eu-west-1b", "nat-c": "10.20.224.32/28 eu-west-1c",
            "firewall-a": "10.20.240.0/28 eu-west-1a", "firewall-b": "10.20.240.16/28 eu-west-1b", "firewall-c": "10.20.240.32/28 eu-west-1c",
        });
    });

    it("enables VPC DNS for private endpoints and wires subnets to the VPC", () => {
        const vpc = byName(graph, "network-vpc");
        assert.deepEqual(
            { cidr: vpc.inputs["cidrBlock"], dns: vpc.inputs["enableDnsSupport"], hostnames: vpc.inputs["enableDnsHostnames"] },
            { cidr: "10.20.0.0/16", dns: true, hostnames: true },
        );
        assert.deepEqual(byName(graph, "network-web-a").propertyDependencies["vpcId"], [vpc.urn]);
    });

    it("uses the explicit provider built from the intent's region", () => {
        const provider = graph.resources.find((r) => r.type === "pulumi:providers:aws");
        assert.equal(provider?.inputs["region"], "eu-west-1");
        assert.ok(byName(graph, "network-vpc").provider?.startsWith(`${provider?.urn}::`));
    });

    it("chains every flow by source security group, in both directions", () => {
        const chain = (name: string) => {
            const r = byName(graph, name);
            return [r.type, deps(r, "securityGroupId"), deps(r, "referencedSecurityGroupId"), r.inputs["ipProtocol"], r.inputs["fromPort"], r.inputs["toPort"]];
        };
        const sg = (t: string) => [urn(graph, `network-sg-${t}`)];
        assert.deepEqual(chain("network-in-web-to-app-tcp-8080"), [T.sgIn, sg("app"), sg("web"), "tcp", 8080, 8080]);
        assert.deepEqual(chain("network-out-web-to-app-tcp-8080"), [T.sgOut, sg("web"), sg("app"), "tcp", 8080, 8080]);
        assert.deepEqual(chain("network-in-app-to-data-tcp-5432"), [T.sgIn, sg("data"), sg("app"), "tcp", 5432, 5432]);
        assert.deepEqual(chain("network-out-app-to-data-tcp-5432"), [T.sgOut, sg("app"), sg("data"), "tcp", 5432, 5432]);
        for (const t of ["web", "app", "data"]) {
            assert.deepEqual(chain(`network-out-${t}-to-endpoints-tcp-443`), [T.sgOut, sg(t), sg("endpoints"), "tcp", 443, 443]);
        }
    });

    it("admits no internet ingress, no remote-administration port, and only the VPC to the endpoints", () => {
        for (const r of [...ofType(graph, T.sgIn), ...ofType(graph, T.sgOut)]) {
            assert.ok(![22, 3389].includes(r.inputs["fromPort"] as number), `${r.name} opens ${String(r.inputs["fromPort"])}`);
        }
        const cidrIngress = ofType(graph, T.sgIn).filter((r) => r.inputs["cidrIpv4"] !== undefined || r.inputs["cidrIpv6"] !== undefined);
        assert.deepEqual(cidrIngress.map((r) => [r.name, r.inputs["cidrIpv4"], r.inputs["fromPort"], deps(r, "securityGroupId")]), [
            ["network-in-vpc-to-endpoints-tcp-443", "10.20.0.0/16", 443, [urn(graph, "network-sg-endpoints")]],
        ]);
    });

    it("lets only the app tier out to the internet, on 443, and to S3 through the gateway endpoint", () => {
        const out = (name: string) => {
            const r = byName(graph, name);
            return [deps(r, "securityGroupId"), r.inputs["cidrIpv4"], deps(r, "prefixListId"), r.inputs["fromPort"], r.inputs["toPort"]];
        };
        assert.deepEqual(out("network-out-app-to-internet-tcp-443"), [[urn(graph, "network-sg-app")], "0.0.0.0/0", [], 443, 443]);
        assert.deepEqual(out("network-out-app-to-s3-tcp-443"), [[urn(graph, "network-sg-app")], undefined, [urn(graph, "network-endpoint-s3")], 443, 443]);
        const wide = ofType(graph, T.sgOut).filter((r) => r.inputs["cidrIpv4"] === "0.0.0.0/0").map((r) => r.name);
        assert.deepEqual(wide, ["network-out-app-to-internet-tcp-443"]);
    });

    it("strips every rule from the default security group and keeps the quarantine group empty", () => {
        const def = byName(graph, "network-default-sg");
        assert.deepEqual([def.inputs["ingress"], def.inputs["egress"], deps(def, "vpcId")], [[], [], [urn(graph, "network-vpc")]]);
        const q = byName(graph, "network-sg-quarantine");
        assert.deepEqual([q.inputs["ingress"], q.inputs["egress"], (q.inputs["tags"] as Record<string, string>)["zt-quarantine"]], [[], [], "true"]);
        const touching = [...ofType(graph, T.sgIn), ...ofType(graph, T.sgOut)]
            .filter((r) => [...deps(r, "securityGroupId"), ...deps(r, "referencedSecurityGroupId")].includes(q.urn));
        assert.deepEqual(touching.map((r) => r.name), []);
    });

    it("routes app egress per zone through the firewall, then NAT, then the internet gateway", () => {
        const firewall = urn(graph, "network-egress-firewall");
        const route = (name: string) => {
            const r = byName(graph, name);
            const target = ["gatewayId", "natGatewayId", "vpcEndpointId"].find((k) => r.inputs[k] !== undefined) ?? "none";
            return [deps(r, "routeTableId")[0]?.split("::").pop(), r.inputs["destinationCidrBlock"], target, deps(r, target)];
        };
        for (const [z, cidr] of [["a", "10.20.32.0/21"], ["b", "10.20.40.0/21"], ["c", "10.20.48.0/21"]]) {
            assert.deepEqual(route(`network-route-app-${z}-default`), [`network-rt-app-${z}`, "0.0.0.0/0", "vpcEndpointId", [firewall]]);
            assert.deepEqual(route(`network-route-egress-firewall-${z}-default`), [`network-rt-egress-firewall-${z}`, "0.0.0.0/0", "natGatewayId", [urn(graph, `network-nat-${z}`)]]);
            assert.deepEqual(route(`network-route-egress-nat-return-app-${z}`), ["network-rt-egress-nat", cidr, "vpcEndpointId", [firewall]]);
            assert.equal(byName(graph, `network-route-app-${z}-default`).inputs["vpcEndpointId"], UNKNOWN_SENTINEL);
        }
        assert.deepEqual(route("network-route-egress-nat-default"), ["network-rt-egress-nat", "0.0.0.0/0", "gatewayId", [urn(graph, "network-igw")]]);
    });

    it("associates every subnet with its tier's table explicitly; data and web tables have no route at all", () => {
        const assoc = Object.fromEntries(ofType(graph, T.rta).map((r) => [deps(r, "subnetId")[0].split("::").pop(), deps(r, "routeTableId")[0].split("::").pop()]));
        const expected: Record<string, string> = {};
        for (const z of ["a", "b", "c"]) {
            Object.assign(expected, {
                [`network-web-${z}`]: "network-rt-web", [`network-app-${z}`]: `network-rt-app-${z}`, [`network-data-${z}`]: "network-rt-data",
                [`network-egress-nat-${z}`]: "network-rt-egress-nat", [`network-egress-firewall-${z}`]: `network-rt-egress-firewall-${z}`,
            });
        }
        assert.deepEqual(assoc, expected);
        const routed = new Set(ofType(graph, T.route).flatMap((r) => deps(r, "routeTableId")));
        assert.ok(!routed.has(urn(graph, "network-rt-data")), "the data tier has a route out");
        assert.ok(!routed.has(urn(graph, "network-rt-web")), "the edge tier routes to the internet without ingress configured");
    });

    it("fences the data tier with an exact network ACL", () => {
        const nacl = byName(graph, "network-nacl-data");
        assert.deepEqual(deps(nacl, "subnetIds"), ["a", "b", "c"].map((z) => urn(graph, `network-data-${z}`)));
        assert.deepEqual(nacl.inputs["ingress"], [
            { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.20.32.0/19", fromPort: 5432, toPort: 5432 },
            { ruleNo: 110, action: "allow", protocol: "tcp", cidrBlock: "10.20.0.0/16", fromPort: 1024, toPort: 65535 },
        ]);
        assert.deepEqual(nacl.inputs["egress"], [
            { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.20.32.0/19", fromPort: 1024, toPort: 65535 },
            { ruleNo: 110, action: "allow", protocol: "tcp", cidrBlock: "10.20.0.0/16", fromPort: 443, toPort: 443 },
        ]);
    });

    it("puts private-DNS interface endpoints in the app subnets behind the endpoint group, and S3 on the private tables", () => {
        const appSubnets = ["a", "b", "c"].map((z) => urn(graph, `network-app-${z}`));
        for (const service of INTERFACE_SERVICES) {
            const e = byName(graph, `network-endpoint-${service}`);
            assert.deepEqual(
                [e.inputs["serviceName"], e.inputs["vpcEndpointType"], e.inputs["privateDnsEnabled"], deps(e, "subnetIds"), deps(e, "securityGroupIds")],
                [`com.amazonaws.eu-west-1.${service}`, "Interface", true, appSubnets, [urn(graph, "network-sg-endpoints")]],
                service,
            );
        }
        const s3 = byName(graph, "network-endpoint-s3");
        assert.deepEqual([s3.inputs["serviceName"], s3.inputs["vpcEndpointType"], deps(s3, "routeTableIds")], [
            "com.amazonaws.eu-west-1.s3", "Gateway", ["network-rt-app-a", "network-rt-app-b", "network-rt-app-c", "network-rt-data"].map((n) => urn(graph, n)),
        ]);
    });

    it("admits only this account's principals through every endpoint", () => {
        for (const e of ofType(graph, T.endpoint)) {
            assert.deepEqual(JSON.parse(e.inputs["policy"] as string).Statement, [{
                Sid: "OnlyOurPrincipals", Effect: "Allow", Principal: "*", Action: "*", Resource: "*",
                Condition: { StringEquals: { "aws:PrincipalAccount": "123456789012" } },
            }], e.name);
        }
    });

    it("records ALL traffic in one-minute Parquet flow logs under the archive's vpc-flow-logs/ prefix", () => {
        const log = byName(graph, "network-flow-log");
        const { logDestination, ...rest } = log.inputs;
        assert.deepEqual({ ...rest, tags: undefined }, {
            vpcId: "network-vpc-id", trafficType: "ALL", logDestinationType: "s3", maxAggregationInterval: 60,
            destinationOptions: { fileFormat: "parquet", perHourPartition: true, hiveCompatiblePartitions: true }, tags: undefined,
        });
        assert.deepEqual(deps(log, "vpcId"), [urn(graph, "network-vpc")]);
        const archive = archiveBucket(graph);
        assert.ok(archive, "the Visibility pillar's log archive bucket (tag purpose=log-archive) registered");
        assert.equal(logDestination, `arn:aws:s3:::${String(archive.inputs["bucket"])}/vpc-flow-logs/`);
        assert.deepEqual(deps(log, "logDestination"), [archive.urn]);
    });

    it("runs one NAT gateway with its own elastic IP in each zone's NAT subnet", () => {
        const nats = ofType(graph, T.nat).map((n) => [n.name, deps(n, "subnetId"), deps(n, "allocationId"), n.inputs["connectivityType"]]);
        assert.deepEqual(nats.sort(), ["a", "b", "c"].map((z) => [`network-nat-${z}`, [urn(graph, `network-egress-nat-${z}`)], [urn(graph, `network-nat-eip-${z}`)], "public"]));
        for (const e of ofType(graph, T.eip)) assert.equal(e.inputs["domain"], "vpc", e.name);
    });

    it("inspects egress with a strict-order domain allow-list firewall, protected and logging to the archive", () => {
        assert.deepEqual(ids(childrenOf(graph, T.firewallComponent)), [
            "aws:networkfirewall/firewall:Firewall::network-egress-firewall",
            "aws:networkfirewall/firewallPolicy:FirewallPolicy::network-egress-policy",
            "aws:networkfirewall/loggingConfiguration:LoggingConfiguration::network-egress-logging",
            "aws:networkfirewall/ruleGroup:RuleGroup::network-egress-domains",
        ]);
        const rules = byName(graph, "network-egress-domains").inputs;
        assert.deepEqual([rules["type"], rules["ruleGroup"]], ["STATEFUL", {
            rulesSource: { rulesSourceList: { generatedRulesType: "ALLOWLIST", targetTypes: ["TLS_SNI", "HTTP_HOST"], targets: [".amazonaws.com"] } },
            statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
        }]);
        const policy = byName(graph, "network-egress-policy");
        const fp = policy.inputs["firewallPolicy"] as Record<string, unknown>;
        assert.deepEqual([fp["statelessDefaultActions"], fp["statelessFragmentDefaultActions"], fp["statefulEngineOptions"], fp["statefulDefaultActions"]],
            [["aws:forward_to_sfe"], ["aws:forward_to_sfe"], { ruleOrder: "STRICT_ORDER" }, ["aws:drop_established", "aws:alert_established"]]);
        assert.deepEqual(deps(policy, "firewallPolicy"), [urn(graph, "network-egress-domains")]);
        const fw = byName(graph, "network-egress-firewall");
        assert.deepEqual([fw.inputs["deleteProtection"], fw.inputs["subnetChangeProtection"], fw.inputs["firewallPolicyChangeProtection"]], [true, true, true]);
        assert.deepEqual(deps(fw, "subnetMappings"), ["a", "b", "c"].map((z) => urn(graph, `network-egress-firewall-${z}`)));
        assert.deepEqual(deps(fw, "firewallPolicyArn"), [policy.urn]);
        const logging = byName(graph, "network-egress-logging");
        const configs = (logging.inputs["loggingConfiguration"] as { logDestinationConfigs: Record<string, unknown>[] }).logDestinationConfigs;
        assert.deepEqual(configs.map((c) => [c["logType"], c["logDestinationType"], (c["logDestination"] as Record<string, string>)["prefix"]]),
            [["ALERT", "S3", "network-firewall/alert"], ["FLOW", "S3", "network-firewall/flow"]]);
        assert.deepEqual(deps(logging, "firewallArn"), [fw.urn]);
        const archive = archiveBucket(graph);
        assert.ok(archive, "log archive bucket registered");
        assert.deepEqual(configs.map((c) => (c["logDestination"] as Record<string, string>)["bucketName"]), [archive.inputs["bucket"], archive.inputs["bucket"]]);
        assert.deepEqual(deps(logging, "loggingConfiguration"), [archive.urn]);
    });
});

describe("zt:aws:Network (aws-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("aws-dev"); });

    it("declares exactly its children: two zones, one NAT gateway, no firewall", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Network")), [
            ...commonChildren(["a", "b"]),
            `${T.subnet}::network-egress-nat-a`,
            `${T.eip}::network-nat-eip-a`, `${T.nat}::network-nat-a`,
            `${T.rt}::network-rt-app`,
            `${T.rta}::network-rta-egress-nat-a`,
            `${T.route}::network-route-app-default`,
        ].sort());
        assert.deepEqual(graph.resources.filter((r) => r.type.startsWith("aws:networkfirewall/") || r.type === T.firewallComponent).map((r) => r.name), []);
    });

    it("sends both zones' app traffic to the single NAT gateway in zone a", () => {
        const r = byName(graph, "network-route-app-default");
        assert.deepEqual([r.inputs["destinationCidrBlock"], deps(r, "natGatewayId"), deps(r, "routeTableId")],
            ["0.0.0.0/0", [urn(graph, "network-nat-a")], [urn(graph, "network-rt-app")]]);
        const nat = byName(graph, "network-nat-a");
        assert.deepEqual(deps(nat, "subnetId"), [urn(graph, "network-egress-nat-a")]);
        assert.equal(byName(graph, "network-egress-nat-a").inputs["cidrBlock"], "10.10.224.0/28");
        assert.equal(ofType(graph, T.nat).length, 1);
    });

    it("keeps the data tier's table route-free and its ACL exact for the dev ranges", () => {
        assert.ok(!ofType(graph, T.route).some((r) => deps(r, "routeTableId").includes(urn(graph, "network-rt-data"))));
        const nacl = byName(graph, "network-nacl-data").inputs;
        assert.deepEqual([nacl["ingress"], nacl["egress"]], [
            [
                { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.10.32.0/19", fromPort: 5432, toPort: 5432 },
                { ruleNo: 110, action: "allow", protocol: "tcp", cidrBlock: "10.10.0.0/16", fromPort: 1024, toPort: 65535 },
            ],
            [
                { ruleNo: 100, action: "allow", protocol: "tcp", cidrBlock: "10.10.32.0/19", fromPort: 1024, toPort: 65535 },
                { ruleNo: 110, action: "allow", protocol: "tcp", cidrBlock: "10.10.0.0/16", fromPort: 443, toPort: 443 },
            ],
        ]);
    });

    it("admits no internet ingress and still locks the default group", () => {
        assert.deepEqual(ofType(graph, T.sgIn).filter((r) => r.inputs["cidrIpv4"] !== undefined).map((r) => [r.name, r.inputs["cidrIpv4"]]),
            [["network-in-vpc-to-endpoints-tcp-443", "10.10.0.0/16"]]);
        const def = byName(graph, "network-default-sg").inputs;
        assert.deepEqual([def["ingress"], def["egress"]], [[], []]);
        // The account id is resolved into the policy text, not left unknown.
        const policy = byName(graph, "network-endpoint-sts").inputs["policy"];
        assert.ok(typeof policy === "string" && policy.includes('"aws:PrincipalAccount":"123456789012"'), String(policy));
    });
});

describe("zt:aws:Network rules (pure)", () => {
    const flow = (from: string, to: string, port: number, protocol: "tcp" | "udp" = "tcp"): Flow => ({ from, to, port, protocol, key: `${from}-to-${to}-${protocol}-${port}` });
    const ingress = (tier: string, port: number, sources: string[]): Ingress => ({ tier, port, protocol: "tcp", sources, key: `internet-to-${tier}-tcp-${port}` });

    it("keys internet ingress by the source CIDR, never by its position", () => {
        const rules = securityRules({
            tiers: ["web"], flows: [], ingress: [ingress("web", 443, ["203.0.113.0/24", "198.51.100.7/32"])],
            vpcCidr: "10.0.0.0/16", natTiers: [], internetEgress: false,
        }).filter((r) => r.direction === "ingress" && r.group === "web");
        assert.deepEqual(rules.map((r) => [r.key, r.peer, r.port]), [
            ["in-internet-to-web-tcp-443-203-0-113-0-24", { cidr: "203.0.113.0/24" }, 443],
            ["in-internet-to-web-tcp-443-198-51-100-7-32", { cidr: "198.51.100.7/32" }, 443],
        ]);
        assert.equal(cidrSlug("10.0.0.0/8"), "10-0-0-0-8");
    });

    it("opens HTTPS to the internet only when NAT exists", () => {
        const keys = (internetEgress: boolean) => securityRules({ tiers: ["app"], flows: [], ingress: [], vpcCidr: "10.0.0.0/16", natTiers: ["app"], internetEgress })
            .filter((r) => r.direction === "egress").map((r) => r.key);
        assert.deepEqual(keys(false), ["out-app-to-endpoints-tcp-443", "out-app-to-s3-tcp-443"]);
        assert.deepEqual(keys(true), ["out-app-to-endpoints-tcp-443", "out-app-to-s3-tcp-443", "out-app-to-internet-tcp-443"]);
    });

    it("refuses SSH/RDP flows or ingress and tier names the network reserves", () => {
        assert.throws(() => assertBuildable(["web", "app"], [flow("web", "app", 22)], []), /flow web-to-app-tcp-22.*SSM Session Manager/);
        assert.throws(() => assertBuildable(["web"], [], [ingress("web", 3389, ["10.0.0.0/8"])]), /ingress internet-to-web-tcp-3389/);
        assert.throws(() => assertBuildable(["web", "quarantine"], [], []), /quarantine are reserved/);
        assert.doesNotThrow(() => assertBuildable(["web", "app"], [flow("web", "app", 8080)], [ingress("web", 443, ["0.0.0.0/0"])]));
    });

    it("builds an isolated tier's ACL from its flows in and out, and answers 443 when it holds the endpoints", () => {
        const nacl = isolatedTierNacl("batch", {
            tierCidrs: { app: "10.0.32.0/19", batch: "10.0.96.0/19", data: "10.0.64.0/19" },
            vpcCidr: "10.0.0.0/16",
            flows: [flow("app", "batch", 9000), flow("batch", "data", 5432), flow("batch", "data", 514, "udp"), flow("app", "data", 5432)],
            holdsEndpoints: true,
        });
        const row = (e: { ruleNo: number; protocol: string; cidrBlock: string; fromPort: number; toPort: number }) => `${e.ruleNo} ${e.protocol} ${e.cidrBlock} ${e.fromPort}-${e.toPort}`;
        assert.deepEqual(nacl.ingress.map(row), [
            "100 tcp 10.0.32.0/19 9000-9000", "110 tcp 10.0.0.0/16 443-443", "120 tcp 10.0.0.0/16 1024-65535", "130 udp 10.0.0.0/16 1024-65535",
        ]);
        assert.deepEqual(nacl.egress.map(row), [
            "100 tcp 10.0.64.0/19 5432-5432", "110 udp 10.0.64.0/19 514-514", "120 tcp 10.0.32.0/19 1024-65535", "130 tcp 10.0.0.0/16 443-443",
            "140 tcp 10.0.0.0/16 1024-65535",
        ]);
    });

    it("keeps egress subnets stable by zone letter and refuses a block too small for the zone", () => {
        const all = planEgressSubnets("10.20.224.0/19", { a: 0, b: 1, c: 2 });
        const sparse = planEgressSubnets("10.20.224.0/19", { a: 0, c: 2 });
        assert.deepEqual(sparse, { nat: { a: all.nat["a"], c: all.nat["c"] }, firewall: { a: all.firewall["a"], c: all.firewall["c"] } });
        assert.deepEqual(planEgressSubnets("10.0.7.0/26", { b: 1 }), { nat: { b: "10.0.7.16/28" }, firewall: { b: "10.0.7.48/28" } });
        assert.throws(() => planEgressSubnets("10.0.7.0/26", { c: 2 }), RangeError);
    });

    it("bounds endpoint use by the organization when there is one", () => {
        assert.deepEqual(endpointPolicy({ organizationId: "o-a1b2c3d4e5" }).Statement[0].Condition, { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } });
        assert.deepEqual(endpointPolicy({ accountId: "123456789012" }).Statement[0].Condition, { StringEquals: { "aws:PrincipalAccount": "123456789012" } });
    });

    it("finds the firewall endpoint of a zone and fails loudly when the zone has none", () => {
        const statuses = [{ syncStates: [
            { availabilityZone: "eu-west-1a", attachments: [{ endpointId: "vpce-a" }] },
            { availabilityZone: "eu-west-1b", attachments: [{ endpointId: "vpce-b" }] },
        ] }];
        assert.equal(firewallEndpointIn(statuses, "eu-west-1b"), "vpce-b");
        assert.throws(() => firewallEndpointIn(statuses, "eu-west-1c"), /no endpoint in eu-west-1c/);
    });
});
