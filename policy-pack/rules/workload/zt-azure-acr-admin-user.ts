import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-acr-admin-user",
    displayName: "Container registries have no admin user",
    description: "No Azure container registry sets adminUserEnabled to true (the SDK sends false when it is left out).",
    rationale:
        "The admin user is one shared username with two long-lived passwords that can push and pull every repository: anyone holding them can replace " +
        "an image that production runs, and the registry's logs cannot tell who did. Zero Trust gives every pusher and puller its own identity, through " +
        "Entra ID tokens and AcrPull/AcrPush role assignments.",
    severity: "high",
    pillar: "workload",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    remediationSteps:
        "Set adminUserEnabled: false (or leave it out) on the azure-native containerregistry.Registry. Let AKS pull with its kubelet identity (AcrPull) " +
        "and CI push through OIDC federation with a role assignment scoped to the registry.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.registry) {
            return args.notApplicable(`${args.type} is not a container registry`);
        }
        if (readKnown(args.props, ["adminUserEnabled"]) === true) {
            report("The registry's admin user is enabled (a shared login that can push every repository): set adminUserEnabled to false.");
        }
    },
});
