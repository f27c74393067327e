/**
 * The pack's rule list. index.ts serves it; tests, the docs generator and the offline plan import
 * it without starting a server. Adding a rule: create its file under rules/<pillar>/ and list it in that
 * pillar's <cloud>-rules.ts (cloud-neutral rules are listed here) (keep the governance rules last, see below).
 */
import { ZtRule } from "../lib/define-rule";
import tagsMandatory from "./visibility/zt-any-tags-mandatory";
import secretsPlaintext from "./identity/zt-any-secrets-plaintext";
import deletionProtection from "./data/zt-any-data-deletion-protection";
import dataClassification from "./data/zt-any-data-classification";
import networkFlowLogs from "./network/zt-any-network-flow-logs";
import { awsIdentityRules } from "./identity/aws-rules";
import { awsNetworkRules } from "./network/aws-rules";
import { awsDataRules } from "./data/aws-rules";
import { awsWorkloadRules } from "./workload/aws-rules";
import { awsVisibilityRules } from "./visibility/aws-rules";
import { azureIdentityRules } from "./identity/azure-rules";
import { azureNetworkRules } from "./network/azure-rules";
import { azureDataRules } from "./data/azure-rules";
import { azureWorkloadRules } from "./workload/azure-rules";
import { azureVisibilityRules } from "./visibility/azure-rules";
import { gcpIdentityRules } from "./identity/gcp-rules";
import { gcpNetworkRules } from "./network/gcp-rules";
import { gcpDataRules } from "./data/gcp-rules";
import { gcpWorkloadRules } from "./workload/gcp-rules";
import { gcpVisibilityRules } from "./visibility/gcp-rules";
import { k8sIdentityRules } from "./identity/k8s-rules";
import { k8sNetworkRules } from "./network/k8s-rules";
import { k8sWorkloadRules } from "./workload/k8s-rules";
import { k8sAdmissionRules } from "./workload/k8s-admission-rules";
import exceptionRegister from "./governance/zt-any-governance-exception-register";
import exceptionApplied from "./governance/zt-any-governance-exception-applied";

export const rules: readonly ZtRule[] = [
    tagsMandatory,
    secretsPlaintext,
    deletionProtection,
    networkFlowLogs,
    dataClassification,
    ...awsIdentityRules,
    ...awsNetworkRules,
    ...awsDataRules,
    ...awsWorkloadRules,
    ...awsVisibilityRules,
    ...azureIdentityRules,
    ...azureNetworkRules,
    ...azureDataRules,
    ...azureWorkloadRules,
    ...azureVisibilityRules,
    ...gcpIdentityRules,
    ...gcpNetworkRules,
    ...gcpDataRules,
    ...gcpWorkloadRules,
    ...gcpVisibilityRules,
    ...k8sIdentityRules,
    ...k8sNetworkRules,
    ...k8sWorkloadRules,
    ...k8sAdmissionRules,
    exceptionRegister,
    // Last: the server runs a request's policies in list order, and this one reports what the
    // rules above waived during the same request.
    exceptionApplied,
];

/** The policies as the PolicyPack takes them. */
export const policies = rules.map((r) => r.policy);

/** Every policy id in the pack, in list order. */
export const ruleIds: readonly string[] = rules.map((r) => r.meta.id);

export function ruleById(id: string): ZtRule | undefined {
    return rules.find((r) => r.meta.id === id);
}
