import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { isPlainObject, readKnown } from "../../lib/props";

/** The add-on key is documented as azurepolicy; ARM matches map keys case-insensitively. */
const POLICY_ADDON = "azurepolicy";

export default defineRule({
    id: "zt-azure-aks-defender-policy",
    displayName: "AKS runs the Defender sensor and Azure Policy",
    description:
        "Every AKS cluster sets securityProfile.defender.securityMonitoring.enabled to true and addonProfiles.azurepolicy.enabled to true.",
    rationale:
        "Zero Trust monitors the posture and behaviour of every workload and enforces policy at the point of use. The Defender sensor reports runtime " +
        "threats in the cluster (crypto miners, reverse shells, privilege escalation) to Defender for Cloud, and the Azure Policy add-on (Gatekeeper) " +
        "enforces the landing zone's admission rules, such as allowed registries and no privileged pods, on every deployment. Both are off by default.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5, 4],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        "Set securityProfile.defender: { securityMonitoring: { enabled: true }, logAnalyticsWorkspaceResourceId: <workspace id> } and addonProfiles: " +
        "{ azurepolicy: { enabled: true } } on the azure-native containerservice.ManagedCluster, and assign the Kubernetes policy initiative at the " +
        "subscription (the Defender for Containers plan is checked by zt-azure-defender-plans).",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.cluster) {
            return args.notApplicable(`${args.type} is not an AKS cluster`);
        }
        if (readKnown(args.props, ["securityProfile", "defender", "securityMonitoring", "enabled"]) !== true) {
            report("The cluster runs no Defender sensor: set securityProfile.defender.securityMonitoring.enabled to true with logAnalyticsWorkspaceResourceId.");
        }
        const addons = readKnown(args.props, ["addonProfiles"]);
        const key = isPlainObject(addons) ? Object.keys(addons).find((k) => k.toLowerCase() === POLICY_ADDON) : undefined;
        if (key === undefined || readKnown(args.props, ["addonProfiles", key, "enabled"]) !== true) {
            report("The cluster does not enforce Azure Policy at admission: set addonProfiles.azurepolicy.enabled to true.");
        }
    },
});
