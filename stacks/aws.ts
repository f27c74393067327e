/** Composes the AWS landing zone from its pillars. */
import { Provider } from "@pulumi/aws/provider";
import type { Intent } from "../config/schema";
import { AwsNetwork } from "../components/aws/network";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";

export function buildAws(intent: Extract<Intent, { cloud: "aws" }>): LandingZoneOutputs {
    const root = new LandingZone("aws", namePrefix(intent), { tags: tagContext(intent) });
    // An explicit provider: the region comes from the validated intent, never from ambient config.
    const provider = new Provider("aws", { region: intent.aws.region }, { parent: root });
    const network = new AwsNetwork("network", { ...networkPlan(intent), region: intent.aws.region, zones: intent.aws.zones }, { parent: root, providers: [provider] });

    const outputs: LandingZoneOutputs = {
        cloud: "aws",
        environment: intent.environment,
        network: { id: network.vpcId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
    };
    root.complete({ ...outputs });
    return outputs;
}
