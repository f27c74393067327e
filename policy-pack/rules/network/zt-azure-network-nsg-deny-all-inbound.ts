import { listOf } from "../../lib/aws-props";
import { AZURE_NETWORK_TYPES, portRange } from "../../lib/azure-network";
import { azureResources, NO_AZURE_RESOURCES } from "../../lib/companions";
import { defineRule } from "../../lib/define-rule";
import { refersTo } from "../../lib/links";
import { isUnknown, raw, readRaw } from "../../lib/props";

/** The lowest priority a user-defined rule can have: a Deny here sits below every Allow and above Azure's defaults (65000+). */
export const DENY_ALL_PRIORITY = 4096;

type Verdict = "yes" | "no" | "unknown";

const isAll = (v: unknown, ports: boolean) => typeof v === "string" && (v.trim() === "*" || (ports && portRange(v)?.[0] === 0 && portRange(v)?.[1] === 65535));

/** Whether a field (single value or list) matches everything; unknown when it cannot be read. */
function allOf(rule: Record<string, unknown>, single: string, list: string, ports: boolean): Verdict {
    const values = [raw(rule[single]), ...listOf(rule[list])].filter((v) => v !== undefined && v !== null);
    if (values.some((v) => isUnknown(v))) {
        return "unknown";
    }
    return values.some((v) => isAll(v, ports)) ? "yes" : "no";
}

/** Whether a rule (a raw object) denies all inbound traffic at the deny-all priority. */
export function isDenyAllInbound(rule: Record<string, unknown>): Verdict {
    const text = (k: string) => raw(rule[k]);
    const checks: Verdict[] = [
        cmp(text("direction"), "inbound"),
        cmp(text("access"), "deny"),
        isUnknown(text("priority")) ? "unknown" : Number(text("priority")) === DENY_ALL_PRIORITY ? "yes" : "no",
        cmp(text("protocol"), "*"),
        allOf(rule, "sourceAddressPrefix", "sourceAddressPrefixes", false),
        allOf(rule, "sourcePortRange", "sourcePortRanges", true),
        allOf(rule, "destinationAddressPrefix", "destinationAddressPrefixes", false),
        allOf(rule, "destinationPortRange", "destinationPortRanges", true),
    ];
    return checks.includes("no") ? "no" : checks.includes("unknown") ? "unknown" : "yes";
}

function cmp(v: unknown, want: string): Verdict {
    if (isUnknown(v)) {
        return "unknown";
    }
    return typeof v === "string" && v.trim().toLowerCase() === want ? "yes" : "no";
}

export default defineRule({
    id: "zt-azure-network-nsg-deny-all-inbound",
    displayName: "Every NSG ends with an explicit deny-all inbound",
    description: `Every network security group has an inbound Deny rule at priority ${DENY_ALL_PRIORITY} for every protocol, source, destination and port.`,
    rationale:
        "Azure's default rules end inbound evaluation with DenyAllInBound, but before it they allow AllowVnetInBound: every address in the virtual " +
        "network, every peered network and every on-premises range reached through a gateway, on every port. Without an explicit deny, east-west " +
        "traffic is open by default and the tier flows declared above it are suggestions. A Deny at 4096, the lowest user priority, makes the declared " +
        "flows the only allowed paths (microsegmentation), leaving Azure's load-balancer probe rule to an explicit allow where a tier needs it. Rules " +
        "declared inline and as separate SecurityRule resources naming the group both count.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    remediationSteps:
        `Add to the group: { name: "deny-all-inbound", priority: ${DENY_ALL_PRIORITY}, direction: "Inbound", access: "Deny", protocol: "*", ` +
        'sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*", destinationPortRange: "*" }. Allow what each tier needs above ' +
        "it (including AzureLoadBalancer for health probes), from application security groups or named ranges.",
    validateStack: (args, report) => {
        if (azureResources(args.resources).length === 0) {
            return args.notApplicable(NO_AZURE_RESOURCES);
        }
        const groups = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.nsg);
        if (groups.length === 0) {
            return args.notApplicable("the stack has no network security groups");
        }
        const standalone = args.resources.filter((r) => r.type === AZURE_NETWORK_TYPES.securityRule);
        for (const nsg of groups) {
            const rules = [
                ...listOf(readRaw(nsg.props, ["securityRules"])),
                ...standalone.filter((r) => refersTo(r, "networkSecurityGroupName", nsg, { targetProps: ["networkSecurityGroupName"] })).map((r) => raw(r.props)),
            ] as Record<string, unknown>[];
            const verdicts = rules.filter((r) => r !== null && typeof r === "object").map(isDenyAllInbound);
            if (verdicts.includes("yes") || verdicts.includes("unknown")) {
                continue;
            }
            report(
                `This network security group has no inbound Deny rule at priority ${DENY_ALL_PRIORITY} for all protocols, sources, destinations and ports: add one so ` +
                    "only the rules above it admit traffic (Azure's default AllowVnetInBound otherwise admits the whole virtual network and its peers).",
                nsg.urn,
            );
        }
    },
});
