import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-acr-quarantine",
    displayName: "Container registries quarantine new images",
    description: 'Every Azure container registry has sku.name "Premium" and sets policies.quarantinePolicy.status to "enabled".',
    rationale:
        "An image pushed to the registry should not run anywhere before it has been checked. With the quarantine policy, a new image cannot be pulled " +
        "until a scanner or the release pipeline marks it as passed, so a compromised build or a vulnerable base image stops at the registry. Quarantine, " +
        "like private endpoints and customer-managed keys, needs the Premium SKU, and it is off by default. Docker Content Trust (policies.trustPolicy) " +
        "is not required: Azure stopped enabling it on new registries on 31 May 2026 and retires it in March 2028; sign with Notary Project (Notation) " +
        "and verify at admission instead.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5, 4],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        'Set sku: { name: "Premium" } and policies: { quarantinePolicy: { status: "enabled" } } on the azure-native containerregistry.Registry, and have ' +
        "the pipeline release each image (az acr quarantine / the quarantine state API) once its scan passes; until then pulls of the new image fail. " +
        "Sign images with Notation and a Key Vault key, and verify signatures at admission (AKS image integrity or Ratify with Gatekeeper).",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.registry) {
            return args.notApplicable(`${args.type} is not a container registry`);
        }
        const sku = readKnown(args.props, ["sku", "name"]);
        if (!isOneOf(sku, ["Premium"])) {
            report(`The registry's SKU is ${String(sku ?? "not set")}, which has no quarantine, private endpoints or customer-managed keys: set sku.name to "Premium".`);
        }
        if (!isOneOf(readKnown(args.props, ["policies", "quarantinePolicy", "status"]), ["enabled"])) {
            report('New images can be pulled before they are checked: set policies.quarantinePolicy.status to "enabled".');
        }
    },
});
