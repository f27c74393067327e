/** Composes the GCP landing zone from its pillars. */
import { Provider } from "@pulumi/gcp/provider";
import type { Intent } from "../config/schema";
import { GcpNetwork } from "../components/gcp/network";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";

export function buildGcp(intent: Extract<Intent, { cloud: "gcp" }>): LandingZoneOutputs {
    const root = new LandingZone("gcp", namePrefix(intent), { tags: tagContext(intent) });
    // An explicit provider: project and region come from the validated intent, never from ambient config.
    const provider = new Provider("gcp", { project: intent.gcp.project, region: intent.gcp.region }, { parent: root });
    const network = new GcpNetwork("network", { ...networkPlan(intent), project: intent.gcp.project, region: intent.gcp.region }, { parent: root, providers: [provider] });

    const outputs: LandingZoneOutputs = {
        cloud: "gcp",
        environment: intent.environment,
        network: { id: network.networkId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
    };
    root.complete({ ...outputs });
    return outputs;
}
