import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, azureLabel, namesResource } from "../../lib/azure-data";
import { elements } from "../../lib/azure-monitor";
import { isPlainObject, raw, readRaw } from "../../lib/props";

/** The data stores that must be reached privately, with the sub-resource a remediation would name. */
const TARGETS: Readonly<Record<string, string>> = {
    [AZURE_TYPES.storageAccount]: "blob",
    [AZURE_TYPES.vault]: "vault",
    [AZURE_TYPES.registry]: "registry",
};

/** Both connection lists: automatic and manually approved connections point at their target the same way. */
const CONNECTION_LISTS = ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"];

function endpointTargets(endpoint: PolicyResource, target: PolicyResource): boolean {
    return CONNECTION_LISTS.some((property) => {
        const list = elements(readRaw(endpoint.props, [property]));
        const ids = list === "unknown" ? [] : list.map((c) => (isPlainObject(c) ? raw(c.privateLinkServiceId) : undefined));
        return namesResource(endpoint, property, ids, target);
    });
}

export default defineRule({
    id: "zt-azure-data-private-endpoint",
    displayName: "Storage accounts, key vaults and registries have private endpoints",
    description:
        "Every Azure storage account, key vault and container registry is the target of an azure-native network.PrivateEndpoint " +
        "(privateLinkServiceConnections[].privateLinkServiceId or manualPrivateLinkServiceConnections[].privateLinkServiceId).",
    rationale:
        "With public network access disabled, a private endpoint is the only way in: it gives the service an address in the landing zone's own network, " +
        "where NSGs, the firewall and flow logs apply, and keeps the traffic off the internet. A store without one is either unreachable (so someone will " +
        "re-open its public endpoint) or still public. The zt-azure-*-public-network rules close the public side; this rule checks the private side exists.",
    severity: "medium",
    pillar: "data",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cisBenchmark: { benchmark: "Microsoft Azure Foundations v3.0.0", section: "4.9" },
    remediationSteps:
        "Add an azure-native network.PrivateEndpoint in the private-endpoint subnet with privateLinkServiceConnections: [{ name, privateLinkServiceId: " +
        '<target id>, groupIds: ["blob" | "vault" | "registry"] }] and a network.PrivateDnsZoneGroup registering it in the matching privatelink zone ' +
        "(privatelink.blob.core.windows.net, privatelink.vaultcore.azure.net, privatelink.azurecr.io).",
    validateStack: (args, report) => {
        const targets = args.resources.filter((r) => r.type in TARGETS);
        if (targets.length === 0) {
            return args.notApplicable("the stack has no storage accounts, key vaults or container registries");
        }
        const endpoints = args.resources.filter((r) => r.type === AZURE_TYPES.privateEndpoint);
        for (const target of targets) {
            if (!endpoints.some((e) => endpointTargets(e, target))) {
                report(
                    `This ${azureLabel(target.type)} has no private endpoint: add an azure-native network.PrivateEndpoint whose privateLinkServiceConnections[].privateLinkServiceId ` +
                        `is its id (groupIds ["${TARGETS[target.type]}"]), with a private DNS zone group.`,
                    target.urn,
                );
            }
        }
    },
});
