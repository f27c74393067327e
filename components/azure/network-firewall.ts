/**
 * zt:azure:HubFirewall — Azure Firewall in the hub, the spoke's only way out to the internet. Its
 * policy allows HTTPS from the spoke to the configured FQDNs (plus what AKS needs when it runs) and
 * drops everything else; threat intelligence denies known-malicious addresses and domains even on
 * allowed rules.
 *
 * The network routes the spoke's default route to the firewall's private address; this component
 * only builds the firewall and its policy.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";

/**
 * FQDN tag Azure maintains with every FQDN an AKS cluster needs (MCR, management, login, packages,
 * binaries), updated by Microsoft as the list changes.
 * https://learn.microsoft.com/azure/aks/limit-egress-traffic
 */
export const AKS_FQDN_TAG = "AzureKubernetesService";

export interface FirewallRuleInput {
    /** The spoke's ranges: only they may egress. */
    sourceRanges: string[];
    /** FQDNs (leading `*.` for subdomains) the spoke may reach over HTTPS. */
    allowedFqdns: string[];
    /** Add the AKS FQDN tag and AKS's network rules. */
    allowAks: boolean;
}

/**
 * The policy's rule collections (one rule collection group). Network rules for AKS are only NTP:
 * the UDP 1194 / TCP 9000 tunnel to `AzureCloud.<region>` that older guides list is not needed by
 * private clusters nor by konnectivity, and this landing zone's cluster is private
 * (https://learn.microsoft.com/azure/aks/outbound-rules-control-egress, "Azure Global required
 * network rules"). The NTP rule names its FQDN, which needs the DNS proxy the policy turns on.
 */
export function firewallRuleCollections(input: FirewallRuleInput) {
    const sourceAddresses = [...input.sourceRanges].sort();
    const https = [{ protocolType: "Https", port: 443 }];
    const networkRules = input.allowAks
        ? [{ ruleType: "NetworkRule" as const, name: "aks-ntp", description: "Node time sync (AKS)", sourceAddresses, ipProtocols: ["UDP"], destinationFqdns: ["ntp.ubuntu.com"], destinationPorts: ["123"] }]
        : [];
    const applicationRules = [
        ...(input.allowedFqdns.length > 0
            ? [{ ruleType: "ApplicationRule" as const, name: "allowed-fqdns", description: "Configured egress allow-list", sourceAddresses, protocols: https, targetFqdns: [...input.allowedFqdns].sort() }]
            : []),
        ...(input.allowAks
            ? [{ ruleType: "ApplicationRule" as const, name: "aks-fqdn-tag", description: "What AKS needs to run and upgrade", sourceAddresses, protocols: https, fqdnTags: [AKS_FQDN_TAG] }]
            : []),
    ];
    const collection = <R>(name: string, priority: number, rules: R[]) => ({
        ruleCollectionType: "FirewallPolicyFilterRuleCollection" as const,
        name,
        priority,
        action: { type: "Allow" },
        rules,
    });
    return [
        ...(networkRules.length > 0 ? [collection("allow-network", 100, networkRules)] : []),
        ...(applicationRules.length > 0 ? [collection("allow-https", 200, applicationRules)] : []),
    ];
}

export interface HubFirewallArgs extends FirewallRuleInput {
    /** Physical-name prefix, `<prefix>-<env>`. CAUTION: changing it replaces the firewall, its policy and its public IP. */
    namePrefix: string;
    location: string;
    resourceGroupName: pulumi.Input<string>;
    /** The hub's AzureFirewallSubnet. */
    subnetId: pulumi.Input<string>;
}

export class HubFirewall extends pulumi.ComponentResource {
    readonly id: pulumi.Output<string>;
    readonly policyId: pulumi.Output<string>;

    constructor(name: string, args: HubFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:HubFirewall", name, {}, opts);
        const child = { parent: this };
        const common = { resourceGroupName: args.resourceGroupName, location: args.location };

        // The landing zone's only public IP: Azure Firewall needs one to SNAT the spoke's egress.
        // Nothing is published through it (the policy has no DNAT rules), so it accepts no inbound connection.
        const publicIp = new network.PublicIPAddress(`${name}-pip`, {
            ...common,
            publicIpAddressName: `${args.namePrefix}-fw-pip`,
            sku: { name: "Standard", tier: "Regional" },
            publicIPAllocationMethod: "Static",
            publicIPAddressVersion: "IPv4",
        }, child);

        const policy = new network.FirewallPolicy(`${name}-policy`, {
            ...common,
            firewallPolicyName: `${args.namePrefix}-fw-policy`,
            sku: { tier: "Standard" },
            // Known-malicious addresses and domains are dropped, not merely alerted on.
            threatIntelMode: "Deny",
            // FQDNs in network rules resolve through the firewall; the spoke resolves through it too,
            // so clients and the firewall agree on the addresses behind a name.
            dnsSettings: { enableProxy: true },
        }, child);

        const rules = new network.FirewallPolicyRuleCollectionGroup(`${name}-rules`, {
            resourceGroupName: args.resourceGroupName,
            firewallPolicyName: policy.name,
            ruleCollectionGroupName: "egress",
            priority: 200,
            ruleCollections: firewallRuleCollections(args),
        }, child);

        // Threat intelligence is set on the policy: a policy-managed firewall takes it from there.
        const firewall = new network.AzureFirewall(`${name}-fw`, {
            ...common,
            azureFirewallName: `${args.namePrefix}-fw`,
            sku: { name: "AZFW_VNet", tier: "Standard" },
            firewallPolicy: { id: policy.id },
            ipConfigurations: [{ name: "egress", subnet: { id: args.subnetId }, publicIPAddress: { id: publicIp.id } }],
        }, { ...child, dependsOn: [rules] });

        this.id = firewall.id;
        this.policyId = policy.id;
        this.registerOutputs({ id: this.id, policyId: this.policyId });
    }
}
