/**
 * zt:aws:EgressFirewall — AWS Network Firewall inspecting the VPC's outbound traffic against a
 * domain allow-list (TLS SNI and HTTP Host). Anything not on the list is dropped once the
 * connection is established and raises an alert, so the firewall denies by default and says so.
 *
 * The network routes the NAT tiers' default route through the endpoint in each zone; this
 * component only builds the firewall and exposes those endpoints.
 */
import * as pulumi from "@pulumi/pulumi";
import * as networkfirewall from "@pulumi/aws/networkfirewall";
import { firewallEndpointIn } from "./network-rules";

/**
 * Rule capacity is fixed when the group is created and a new one would need a new name. An
 * allow-list rule costs about one unit per domain and target type, so this leaves room for
 * hundreds of domains; an update that outgrows it is rejected by the API, never truncated.
 */
const RULE_CAPACITY = 1000;

export interface EgressFirewallArgs {
    /** Physical-name prefix, `<prefix>-<env>`. CAUTION: changing it replaces the firewall. */
    namePrefix: string;
    region: string;
    vpcId: pulumi.Input<string>;
    /** Zone suffix → the zone's firewall subnet (holds nothing but the firewall endpoint). */
    subnetIds: Record<string, pulumi.Input<string>>;
    /** Domains egress may reach; a leading dot also admits subdomains. Everything else is dropped. */
    allowedDomains: string[];
    /** The log archive bucket's name; ALERT and FLOW logs go under `network-firewall/`. */
    logBucketName: pulumi.Input<string>;
}

export class EgressFirewall extends pulumi.ComponentResource {
    readonly arn: pulumi.Output<string>;
    /** Zone suffix → the firewall endpoint (`vpce-...`) the zone's routes point at. */
    readonly endpointIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: EgressFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:EgressFirewall", name, {}, opts);
        const child = { parent: this };

        const domains = new networkfirewall.RuleGroup(`${name}-domains`, {
            name: `${args.namePrefix}-egress-domains`,
            description: "Domains egress may reach",
            type: "STATEFUL",
            capacity: RULE_CAPACITY,
            ruleGroup: {
                rulesSource: {
                    rulesSourceList: { generatedRulesType: "ALLOWLIST", targetTypes: ["TLS_SNI", "HTTP_HOST"], targets: args.allowedDomains },
                },
                // The policy's engine runs in strict order; its groups must too.
                statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
            },
            tags: { Name: `${args.namePrefix}-egress-domains` },
        }, child);

        const policy = new networkfirewall.FirewallPolicy(`${name}-policy`, {
            name: `${args.namePrefix}-egress`,
            description: "Egress allow-list: allowed domains pass, everything else is dropped and alerted",
            firewallPolicy: {
                // Every packet goes to the stateful engine; no stateless shortcut bypasses the allow-list.
                statelessDefaultActions: ["aws:forward_to_sfe"],
                statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
                statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
                // drop_established (not drop_strict) lets the handshake through so the SNI/Host can be read.
                statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
                statefulRuleGroupReferences: [{ resourceArn: domains.arn, priority: 100 }],
            },
            tags: { Name: `${args.namePrefix}-egress` },
        }, child);

        const zones = Object.keys(args.subnetIds).sort();
        const firewall = new networkfirewall.Firewall(`${name}-firewall`, {
            name: `${args.namePrefix}-egress`,
            description: "Egress inspection for the NAT tiers",
            vpcId: args.vpcId,
            firewallPolicyArn: policy.arn,
            subnetMappings: zones.map((z) => ({ subnetId: args.subnetIds[z] })),
            // Turning inspection off takes two deliberate steps: lift the protection, then change.
            deleteProtection: true,
            subnetChangeProtection: true,
            firewallPolicyChangeProtection: true,
            tags: { Name: `${args.namePrefix}-egress` },
        }, child);

        new networkfirewall.LoggingConfiguration(`${name}-logging`, {
            firewallArn: firewall.arn,
            loggingConfiguration: {
                logDestinationConfigs: (["ALERT", "FLOW"] as const).map((logType) => ({
                    logType,
                    logDestinationType: "S3",
                    logDestination: { bucketName: args.logBucketName, prefix: `network-firewall/${logType.toLowerCase()}` },
                })),
            },
        }, child);

        this.arn = firewall.arn;
        // Reading the endpoint id out of the status only derives an input; no resource is created here.
        this.endpointIds = Object.fromEntries(zones.map((z) => [z, firewall.firewallStatuses.apply((s) => firewallEndpointIn(s, `${args.region}${z}`))]));
        this.registerOutputs({ arn: this.arn, endpointIds: this.endpointIds });
    }
}
