import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-aks-network-policy",
    displayName: "AKS enforces Kubernetes network policies",
    description: 'Every AKS cluster sets networkProfile.networkPolicy to an engine ("azure", "calico" or "cilium"), not left out or "none".',
    rationale:
        "Without a network policy engine, every pod can reach every other pod in every namespace, so one compromised workload can probe and attack all " +
        "the others. Zero Trust segments down to the workload: with an engine, NetworkPolicy objects can default-deny each namespace and allow only the " +
        "flows a service needs. The default is none, and NetworkPolicy objects applied to such a cluster are silently ignored.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [2, 4],
    cisaPillar: "Networks",
    remediationSteps:
        'Set networkProfile.networkPolicy to "cilium" (with networkDataplane "cilium"), "azure" or "calico" on the azure-native ' +
        "containerservice.ManagedCluster, then deploy a default-deny NetworkPolicy per namespace and allow the needed flows. CAUTION: changing the " +
        "engine of an existing cluster may need a node-pool reimage; plan a maintenance window.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        const policy = readKnown(args.props, ["networkProfile", "networkPolicy"]);
        if (policy === undefined || policy === null || policy === "" || isOneOf(policy, ["none"])) {
            report('Every pod in the cluster can reach every other pod: set networkProfile.networkPolicy to "azure", "calico" or "cilium" (the default is none).');
        }
    },
});
