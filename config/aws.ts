/** The AWS section of a stack's config (`zt-landing-zone:aws`). The AWS issue extends it. */
import { z } from "zod";
import { Region } from "@pulumi/aws/types/enums";

/** Every region the provider itself knows; taken from its own enum so the list never drifts. */
export const AWS_REGIONS = Object.values(Region) as [string, ...string[]];

export const AwsSchema = z.strictObject({
    /** Region the landing zone is built in. Required. CAUTION: changing it replaces everything. */
    region: z.enum(AWS_REGIONS),
    /**
     * Availability-zone suffixes to spread subnets over. The letter picks the zone's subnet slot
     * (a → 0, b → 1, ...), so adding a zone never moves another. Default: ["a", "b"].
     */
    zones: z.array(z.enum(["a", "b", "c", "d", "e", "f"])).min(2).max(4).optional(),
});
