import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_NETWORK_TYPES, isNonVmSubnet, labelOf } from "../../lib/gcp-network";
import { readKnown, readRaw } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-compute-subnet-private-google-access",
    displayName: "Subnetworks reach Google APIs privately",
    description: "Every subnetwork that holds VMs (purpose PRIVATE, the default) sets privateIpGoogleAccess: true.",
    rationale:
        "Instances without external addresses, which is every instance here, can call Google APIs (Cloud Storage, KMS, Logging, Artifact Registry) " +
        "only through Private Google Access; without it the choice is an external address or a NAT path to the internet for traffic that never needed " +
        "to leave Google's network. With it, and with private DNS pointing the API names at the Private Service Connect endpoint, API traffic stays " +
        "on internal addresses where VPC Service Controls and firewall rules apply. Proxy-only, PSC-producer and NAT subnetworks hold no VMs and are " +
        "not checked.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2],
    cisaPillar: "Networks",
    cis: "12.2",
    remediationSteps:
        "Set privateIpGoogleAccess: true on the subnetwork (it changes in place). Resolve *.googleapis.com to the Private Service Connect endpoint " +
        "(or restricted.googleapis.com) with a private DNS zone so the calls stay inside the VPC Service Controls perimeter.",
    validateResource: (args, report) => {
        if (args.type !== GCP_NETWORK_TYPES.subnetwork) {
            return args.notApplicable(`${args.type} is not a subnetwork`);
        }
        if (isNonVmSubnet(args.props)) {
            return args.notApplicable(`the subnetwork's purpose is ${String(readRaw(args.props, ["purpose"]))}, which holds no VMs`);
        }
        if (asBool(readKnown(args.props, ["privateIpGoogleAccess"])) !== true) {
            report(`${labelOf("subnetwork", args.props)} has Private Google Access off: set privateIpGoogleAccess: true so instances without external addresses reach Google APIs privately.`);
        }
    },
});
