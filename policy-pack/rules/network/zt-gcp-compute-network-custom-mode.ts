import { asBool } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { GCP_NETWORK_TYPES, labelOf } from "../../lib/gcp-network";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-gcp-compute-network-custom-mode",
    displayName: "VPC networks are custom mode",
    description: "Every VPC network sets autoCreateSubnetworks: false, so it has only the subnetworks the stack declares.",
    rationale:
        "An auto-mode network creates a subnetwork in every region, now and whenever Google adds one, all carved from 10.128.0.0/9: address space " +
        "the plan never allotted, in regions the landing zone does not use and its resource-location policy may not allow, without the flow logs and " +
        "Private Google Access the declared subnetworks carry, and overlapping every other auto-mode network so it can never be peered. The default " +
        "network is one. Custom mode keeps the network to the reviewed address plan. Leaving the property unset creates an auto-mode network.",
    severity: "medium",
    pillar: "network",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    cis: "12.2",
    remediationSteps:
        "Set autoCreateSubnetworks: false and declare each subnetwork (compute.Subnetwork) with its range from the address plan, Private Google Access " +
        "and flow logs. CAUTION: the property cannot change in place; the network is replaced, so move its workloads first.",
    validateResource: (args, report) => {
        if (args.type !== GCP_NETWORK_TYPES.network) {
            return args.notApplicable(`${args.type} is not a VPC network`);
        }
        if (asBool(readKnown(args.props, ["autoCreateSubnetworks"])) !== false) {
            report(`${labelOf("VPC network", args.props)} is in auto mode, with a subnetwork in every region: set autoCreateSubnetworks: false and declare its subnetworks.`);
        }
    },
});
