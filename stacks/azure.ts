/** Composes the Azure landing zone from its pillars. */
import { Provider } from "@pulumi/azure-native/provider";
import type { Intent } from "../config/schema";
import { AzureNetwork } from "../components/azure/network";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";

export function buildAzure(intent: Extract<Intent, { cloud: "azure" }>): LandingZoneOutputs {
    const root = new LandingZone("azure", namePrefix(intent), { tags: tagContext(intent) });
    // An explicit provider: the location comes from the validated intent, never from ambient config.
    const provider = new Provider("azure", { location: intent.azure.location }, { parent: root });
    const network = new AzureNetwork("network", { ...networkPlan(intent), location: intent.azure.location }, { parent: root, providers: [provider] });

    const outputs: LandingZoneOutputs = {
        cloud: "azure",
        environment: intent.environment,
        network: { id: network.virtualNetworkId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
    };
    root.complete({ ...outputs });
    return outputs;
}
