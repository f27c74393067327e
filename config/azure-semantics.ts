/** The Azure section's cross-field rules: the hub range, the reserved private-endpoint slot, AKS's egress, PIM's ceiling. */
import { overlaps } from "../components/shared/cidr";
import { issue, type ConfigIssue } from "./issues";
import { block, classificationLevels, num, rec, reservedSlotIssues, type Raw } from "./raw";
import { RESERVED_STORAGE_KEYS } from "./azure";

/** PIM's activation ceiling on Azure: the issue's four hours, which is also the portal's default. */
export const AZURE_MAX_ACTIVATION_MINUTES = 240;

export function azureIssues(raw: Raw): ConfigIssue[] {
    const azure = rec(raw["azure"]);
    if (!azure || raw["cloud"] !== "azure") return [];
    const out: ConfigIssue[] = [];
    const network = rec(raw["network"]);

    // Peered VNets cannot overlap, and the hub must stay routable to every peer range.
    const hub = block(azure["hubAddressSpace"]);
    const spoke = block(network?.["addressSpace"]);
    if (hub && spoke && overlaps(hub, spoke)) {
        out.push(issue(["azure", "hubAddressSpace"], azure["hubAddressSpace"], `a range that does not overlap network.addressSpace ${spoke.cidr}`, "pick a separate private range for the hub, e.g. the /22 after the spoke's; peered VNets cannot overlap"));
    }
    for (const [name, cidr] of Object.entries(rec(network?.["peerRanges"]) ?? {})) {
        const peer = block(cidr);
        if (hub && peer && overlaps(hub, peer)) {
            out.push(issue(["azure", "hubAddressSpace"], azure["hubAddressSpace"], `a range that does not overlap network.peerRanges.${name} (${peer.cidr})`, "pick a hub range no peer network uses"));
        }
    }

    out.push(...reservedSlotIssues(raw, ["azure", "privateEndpointSlot"], "the Azure private-endpoint slot", "the private-endpoints subnet"));

    const firewall = rec(azure["firewall"])?.["enabled"];
    const aks = rec(azure["aks"]);
    const aksOn = aks?.["enabled"] ?? raw["environment"] === "prod";
    const firewallOn = firewall ?? raw["environment"] === "prod";
    if (aksOn === true && firewallOn === false) {
        out.push(issue(["azure", "aks", "enabled"], true, "false unless azure.firewall.enabled is true",
            "turn the firewall on (azure.firewall.enabled: true) or AKS off: a private cluster's only egress without a public IP is the hub firewall"));
    }
    const nodes = rec(aks?.["nodes"]);
    const [min, max] = [num(nodes?.["min"]), num(nodes?.["max"])];
    if (min !== undefined && max !== undefined && min > max) {
        out.push(issue(["azure", "aks", "nodes"], nodes, "min ≤ max", "swap the two counts"));
    }

    if (raw["environment"] === "prod" && azure["policyEnforcement"] === "audit") {
        out.push(issue(["azure", "policyEnforcement"], "audit", `"deny" (or unset) in prod`, "remove the setting: in prod the Azure Policy assignments block what the policy pack blocks"));
    }

    const minutes = num(rec(raw["admin"])?.["maxElevationMinutes"]);
    if (minutes !== undefined && minutes > AZURE_MAX_ACTIVATION_MINUTES) {
        out.push(issue(["admin", "maxElevationMinutes"], minutes, `at most ${AZURE_MAX_ACTIVATION_MINUTES} on Azure (PIM's activation ceiling for Owner and Contributor)`, "lower it to 240 or less, or leave it unset for 60"));
    }

    const levels = classificationLevels(raw);
    for (const [key, account] of Object.entries(rec(azure["storageAccounts"]) ?? {})) {
        if ((RESERVED_STORAGE_KEYS as readonly string[]).includes(key)) {
            out.push(issue(["azure", "storageAccounts", key], key, `a key other than ${RESERVED_STORAGE_KEYS.join(", ")} (the log archive's account)`, "rename the storage account key"));
        }
        const level = rec(account)?.["classification"];
        if (typeof level === "string" && !levels.includes(level)) {
            out.push(issue(["azure", "storageAccounts", key, "classification"], level, `one of the classification levels (${levels.join(", ")})`, "pick a listed level, or add it to data.classificationLevels"));
        }
    }
    return out;
}
