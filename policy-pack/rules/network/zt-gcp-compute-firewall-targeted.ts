import { defineRule } from "../../lib/define-rule";
import { allowsOf, firewallLabel, GCP_NETWORK_TYPES, hasList } from "../../lib/gcp-network";

export default defineRule({
    id: "zt-gcp-compute-firewall-targeted",
    displayName: "Firewall allows target service accounts, never tags or the whole network",
    description:
        "Every allow firewall rule names the instances it applies to by targetServiceAccounts, and uses no network tags (targetTags or sourceTags).",
    rationale:
        "An allow rule without targets applies to every instance in the VPC, so one flow meant for the database tier opens the port on every VM. " +
        "Network tags are no better as an identity: anyone who can edit an instance (compute.instances.setTags) can add a tag and inherit the rule's " +
        "access. A service account, by contrast, can be attached to a VM only by someone holding iam.serviceAccountUser on it, and is what the workload " +
        "authenticates as everywhere else, so firewall rules keyed on service accounts are micro-segmentation by workload identity. Deny rules may " +
        "apply to the whole network (the default-deny rules do).",
    severity: "high",
    pillar: "network",
    nistTenets: [4, 2],
    cisaPillar: "Networks",
    cis: "13.4",
    remediationSteps:
        "Set targetServiceAccounts to the service accounts of the instances the rule is for (the tier's account), replace sourceTags with " +
        "sourceServiceAccounts, and remove targetTags. GCP refuses to mix service accounts and tags in one rule, so convert the rule as a whole.",
    validateResource: (args, report) => {
        if (args.type !== GCP_NETWORK_TYPES.firewall) {
            return args.notApplicable(`${args.type} is not a VPC firewall rule`);
        }
        if (allowsOf(args.props).length === 0) {
            return;
        }
        const label = firewallLabel(args.props);
        if (hasList(args.props, "targetTags")) {
            report(`${label} selects its targets by network tags, which anyone who can edit an instance can set: replace targetTags with targetServiceAccounts.`);
        } else if (!hasList(args.props, "targetServiceAccounts")) {
            report(`${label} allows traffic to every instance in the network: set targetServiceAccounts to the service accounts of the instances it is for.`);
        }
        if (hasList(args.props, "sourceTags")) {
            report(`${label} admits sources by network tags, which anyone who can edit an instance can set: replace sourceTags with sourceServiceAccounts.`);
        }
    },
});
