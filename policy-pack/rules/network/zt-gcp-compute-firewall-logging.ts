import { defineRule } from "../../lib/define-rule";
import { firewallLabel, GCP_NETWORK_TYPES } from "../../lib/gcp-network";
import { readKnown } from "../../lib/props";

/** The values logConfig.metadata takes; either switches logging on. */
const METADATA = ["INCLUDE_ALL_METADATA", "EXCLUDE_ALL_METADATA"];

export default defineRule({
    id: "zt-gcp-compute-firewall-logging",
    displayName: "Firewall rules log what they match",
    description: 'Every VPC firewall rule, allow or deny, sets logConfig.metadata ("INCLUDE_ALL_METADATA" or "EXCLUDE_ALL_METADATA"), which switches Firewall Rules Logging on.',
    rationale:
        "Firewall Rules Logging records each connection a rule allowed or denied, with the rule that decided it. Without it the deny-all rules " +
        "refuse traffic silently and an allow cannot be shown to be used (or unused, and removable): there is no evidence for an investigation or " +
        "for tightening the policy. Flow logs sample traffic per subnetwork; rule logs say which policy decision each connection met. The deprecated " +
        "enableLogging flag is not enough: logConfig is how the provider enables it now.",
    severity: "medium",
    pillar: "network",
    nistTenets: [7, 5],
    cisaPillar: "Networks",
    cis: "13.6",
    remediationSteps:
        'Set logConfig: { metadata: "INCLUDE_ALL_METADATA" } on the rule (EXCLUDE_ALL_METADATA logs the connections without instance and VPC ' +
        "details, for cost) and remove enableLogging.",
    validateResource: (args, report) => {
        if (args.type !== GCP_NETWORK_TYPES.firewall) {
            return args.notApplicable(`${args.type} is not a VPC firewall rule`);
        }
        const metadata = readKnown(args.props, ["logConfig", "metadata"]);
        if (typeof metadata !== "string" || !METADATA.includes(metadata.trim().toUpperCase())) {
            report(`${firewallLabel(args.props)} does not log the connections it matches: set logConfig: { metadata: "INCLUDE_ALL_METADATA" }.`);
        }
    },
});
