import { PolicyResource } from "@pulumi/policy";
import { defineRule } from "../../lib/define-rule";
import { isPlainObject, isUnknown, readRaw } from "../../lib/props";
import { refersTo } from "../../lib/links";
import { FlowLogSpec } from "../../lib/registry";
import { viewOf } from "../../lib/view";

type ResourceFlowLog = Extract<FlowLogSpec, { via: "resource" }>;

/** True when a flow log that is switched on points at this network (by dependency, id or URN: see lib/links). */
export function flowLogTargets(log: PolicyResource, network: PolicyResource, spec: ResourceFlowLog): boolean {
    if (spec.enabledProperty && readRaw(log.props, [spec.enabledProperty]) === false) {
        return false;
    }
    return refersTo(log, spec.refProperty, network);
}

export default defineRule({
    id: "zt-any-network-flow-logs",
    displayName: "Every network has flow logs",
    description: "Every network records its traffic: AWS VPCs and Azure virtual networks have a flow log targeting them, GCP subnetworks set logConfig.",
    rationale:
        "Zero Trust assumes the network is hostile and decides on evidence. Flow logs are the record of who talked to whom; without them an intrusion or a " +
        "mis-scoped rule cannot be investigated, and access policies cannot be tuned from observed traffic.",
    severity: "medium",
    pillar: "network",
    nistTenets: [7],
    cisaPillar: "Networks",
    cis: "13.6",
    remediationSteps:
        "AWS: add an aws.ec2.FlowLog with vpcId set to the VPC's id, delivering to the log archive. " +
        "Azure: add an azure-native network.FlowLog whose targetResourceId is the virtual network's id (VNet flow logs replace NSG flow logs). " +
        "GCP: set logConfig on every subnetwork (proxy-only, PSC and NAT subnets are exempt). The network components in this project do this when visibility is enabled.",
    validateStack: (args, report) => {
        const networks = args.resources.filter((r) => viewOf(r).entry?.flowLogs);
        if (networks.length === 0) {
            return args.notApplicable("the stack has no network types that carry flow logs");
        }
        for (const network of networks) {
            const view = viewOf(network);
            const spec = view.entry?.flowLogs as FlowLogSpec;
            if (spec.via === "inline") {
                const exempt = spec.exemptWhen && readRaw(network.props, [spec.exemptWhen.property]);
                if (typeof exempt === "string" && spec.exemptWhen?.values.includes(exempt)) {
                    continue;
                }
                const setting = readRaw(network.props, [spec.property]);
                // An unknown setting will be known at deployment; it is not evidence of a gap.
                if (!isPlainObject(setting) && !isUnknown(setting)) {
                    report(`This ${view.label} has no flow logs: ${spec.hint}.`, network.urn);
                }
                continue;
            }
            const covered = args.resources.some((r) => r.type === spec.logType && flowLogTargets(r, network, spec));
            if (!covered) {
                report(`This ${view.label} has no flow log: ${spec.hint}.`, network.urn);
            }
        }
    },
});
