import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-storage-public-network",
    displayName: "Storage accounts have no public endpoint",
    description: 'Every Azure storage account sets publicNetworkAccess to "Disabled" and networkRuleSet.defaultAction to "Deny".',
    rationale:
        "A storage account's public endpoint is reachable from the whole internet, so a leaked SAS token, a mis-scoped role or a vulnerability is " +
        "exploitable from anywhere. Zero Trust keeps the data plane on private endpoints, where the network is one more check rather than the only one. " +
        "Both settings default to open (public access enabled, default action Allow), and the firewall's default action still governs the trusted-service " +
        "bypass and any later change of publicNetworkAccess, so both are required.",
    severity: "high",
    pillar: "data",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.6" },
    remediationSteps:
        'Set publicNetworkAccess: "Disabled" and networkRuleSet: { defaultAction: "Deny", bypass: "None" } on the azure-native storage.StorageAccount, ' +
        "and reach it through a network.PrivateEndpoint (see zt-azure-data-private-endpoint). SecuredByPerimeter (a network security perimeter) is accepted too.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.storageAccount) {
            return args.notApplicable(`${args.type} is not a storage account`);
        }
        if (!isOneOf(readKnown(args.props, ["publicNetworkAccess"]), ["Disabled", "SecuredByPerimeter"])) {
            report('The storage account has a public endpoint: set publicNetworkAccess to "Disabled" (the default is Enabled) and use a private endpoint.');
        }
        if (!isOneOf(readKnown(args.props, ["networkRuleSet", "defaultAction"]), ["Deny"])) {
            report('The storage account\'s firewall admits every network: set networkRuleSet.defaultAction to "Deny" (the default is Allow).');
        }
    },
});
