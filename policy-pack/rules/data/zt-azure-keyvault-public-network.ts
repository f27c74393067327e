import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-keyvault-public-network",
    displayName: "Key vaults have no public endpoint",
    description: 'Every Azure key vault sets properties.publicNetworkAccess to "Disabled" and properties.networkAcls.defaultAction to "Deny".',
    rationale:
        "A vault's keys and secrets are the landing zone's most valuable data, and its public endpoint lets anyone on the internet try a stolen token " +
        "against them. With public access disabled only private endpoints (and, if allowed, trusted Azure services) reach the data plane. Both settings " +
        "default to open, and the firewall's default action still applies to the trusted-service bypass and to any later re-enabling of public access.",
    severity: "high",
    pillar: "data",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    remediationSteps:
        'Set properties: { publicNetworkAccess: "Disabled", networkAcls: { defaultAction: "Deny", bypass: "AzureServices" or "None" } } on the ' +
        "azure-native keyvault.Vault and reach it through a network.PrivateEndpoint with the privatelink.vaultcore.azure.net zone.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.vault) {
            return args.notApplicable(`${args.type} is not a key vault`);
        }
        if (!isOneOf(readKnown(args.props, ["properties", "publicNetworkAccess"]), ["Disabled"])) {
            report('The key vault has a public endpoint: set properties.publicNetworkAccess to "Disabled" (the default is Enabled) and use a private endpoint.');
        }
        if (!isOneOf(readKnown(args.props, ["properties", "networkAcls", "defaultAction"]), ["Deny"])) {
            report('The key vault\'s firewall admits every network: set properties.networkAcls.defaultAction to "Deny" (the default is Allow).');
        }
    },
});
