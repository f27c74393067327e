/** What every composition derives the same way from the intent. */
import type { IntentBase } from "../config/schema";
import type { TagContext } from "../components/shared/tags";
import { physicalName } from "../components/shared/naming";

export function tagContext(intent: IntentBase): TagContext {
    return { owner: intent.owner, environment: intent.environment, extra: intent.tags };
}

/** `<prefix>-<env>`: the start of every physical name. */
export function namePrefix(intent: IntentBase): string {
    return physicalName(intent, []);
}

/** The network settings every cloud's Network pillar takes. */
export function networkPlan(intent: IntentBase) {
    const { addressSpace, tierPrefixLength, subnetPrefixLength, tiers } = intent.network;
    return { addressSpace, tierPrefixLength, subnetPrefixLength, tiers, namePrefix: namePrefix(intent) };
}
