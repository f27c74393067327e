/**
 * The root of one cloud's landing zone. Its only job is to be the one place where cross-cutting
 * conventions are applied to every descendant: the tag transformation.
 */
import * as pulumi from "@pulumi/pulumi";
import { tagTransformation, type TagContext } from "./tags";

export interface LandingZoneArgs {
    /** Mandatory and extra tags merged onto every taggable descendant. */
    tags: TagContext;
}

export class LandingZone extends pulumi.ComponentResource {
    constructor(cloud: "aws" | "azure" | "gcp", name: string, args: LandingZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`zt:${cloud}:LandingZone`, name, {}, {
            ...opts,
            transformations: [tagTransformation(args.tags), ...(opts?.transformations ?? [])],
        });
    }

    /** Registers the composition's outputs once every pillar exists. */
    complete(outputs: pulumi.Inputs): void {
        this.registerOutputs(outputs);
    }
}
