/** Picks the composition for the intent's cloud. */
import type { Intent } from "../config/schema";
import { buildAws } from "./aws";
import { buildAzure } from "./azure";
import { buildGcp } from "./gcp";
import type { LandingZoneOutputs } from "./outputs";

export function buildLandingZone(intent: Intent): LandingZoneOutputs {
    switch (intent.cloud) {
        case "aws":
            return buildAws(intent);
        case "azure":
            return buildAzure(intent);
        case "gcp":
            return buildGcp(intent);
    }
}
