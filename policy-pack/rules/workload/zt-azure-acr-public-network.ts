import { defineRule } from "../../lib/define-rule";
import { AZURE_TYPES, isOneOf } from "../../lib/azure-data";
import { readKnown } from "../../lib/props";

export default defineRule({
    id: "zt-azure-acr-public-network",
    displayName: "Container registries have no public or anonymous access",
    description: 'Every Azure container registry sets publicNetworkAccess to "Disabled" and does not set anonymousPullEnabled to true.',
    rationale:
        "A registry holds the code that production runs. Its public endpoint lets anyone with a leaked token push or pull from anywhere, and anonymous " +
        "pull publishes every image, with whatever was baked into it, to the internet. With public access disabled only private endpoints reach the " +
        "registry. The SDK sends publicNetworkAccess Enabled when it is left out, so it must be set.",
    severity: "high",
    pillar: "workload",
    nistTenets: [2, 6],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        'Set publicNetworkAccess: "Disabled" and anonymousPullEnabled: false on the azure-native containerregistry.Registry (Premium SKU), and add a ' +
        "network.PrivateEndpoint with groupIds [\"registry\"] in the privatelink.azurecr.io zone. Build and push from runners inside the network.",
    validateResource: (args, report) => {
        if (args.type !== AZURE_TYPES.registry) {
            return args.notApplicable(`${args.type} is not a container registry`);
        }
        if (!isOneOf(readKnown(args.props, ["publicNetworkAccess"]), ["Disabled"])) {
            report('The registry has a public endpoint: set publicNetworkAccess to "Disabled" (the SDK sends Enabled when it is left out).');
        }
        if (readKnown(args.props, ["anonymousPullEnabled"]) === true) {
            report("The registry lets anyone pull its images without signing in: set anonymousPullEnabled to false.");
        }
    },
});
