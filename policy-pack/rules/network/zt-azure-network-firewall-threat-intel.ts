import { isPresent } from "../../lib/aws-props";
import { AZURE_NETWORK_TYPES } from "../../lib/azure-network";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

const MODE = "Deny";

export default defineRule({
    id: "zt-azure-network-firewall-threat-intel",
    displayName: "The firewall blocks known-malicious traffic",
    description: `Every Azure Firewall policy, and every Azure Firewall configured without a policy, sets threatIntelMode to "${MODE}".`,
    rationale:
        "Threat-intelligence filtering matches traffic against Microsoft's feed of known-malicious IP addresses and domains (botnets, command-and-" +
        'control, phishing). Left out, the mode is "Alert": the firewall logs a connection to a known command-and-control server and lets it through. ' +
        "Zero Trust assumes a breach and cuts the attacker's channel, so the hub firewall denies those flows and logs them. A firewall attached to " +
        "a firewall policy takes its mode from the policy, which is checked instead.",
    severity: "high",
    pillar: "network",
    nistTenets: [5, 2],
    cisaPillar: "Networks",
    remediationSteps:
        `Set threatIntelMode: "${MODE}" on the azure-native network.FirewallPolicy (or on the AzureFirewall when it uses classic rules without a ` +
        "policy). Allow a falsely flagged destination through threatIntelWhitelist rather than lowering the mode.",
    validateResource: (args, report) => {
        if (args.type === AZURE_NETWORK_TYPES.firewall && isPresent(readKnown(args.props, ["firewallPolicy"]))) {
            return args.notApplicable("the firewall takes its threat-intelligence mode from its firewall policy");
        }
        if (args.type !== AZURE_NETWORK_TYPES.firewall && args.type !== AZURE_NETWORK_TYPES.firewallPolicy) {
            return args.notApplicable(`${args.type} is not an Azure Firewall or firewall policy`);
        }
        const mode = readKnown(args.props, ["threatIntelMode"]);
        if (typeof mode === "string" && mode.toLowerCase() === MODE.toLowerCase()) {
            return;
        }
        const what = args.type === AZURE_NETWORK_TYPES.firewall ? "This firewall (without a firewall policy)" : "This firewall policy";
        const given = mode === undefined ? 'leaves threatIntelMode out (Azure\'s default is "Alert", which only logs)' : `sets threatIntelMode to "${String(mode)}"`;
        report(`${what} ${given}: set it to "${MODE}" so connections to known-malicious addresses and domains are blocked.`);
    },
});
