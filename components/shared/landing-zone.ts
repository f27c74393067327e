/**
 * The root of one cloud's landing zone. Its only job is to be the one place where cross-cutting
 * conventions are applied to every descendant: the tag transformation.
 */
import * as pulumi from "@pulumi/pulumi";
import { tagTransformation, type TagContext } from "./tags";

export type Cloud = "aws" | "azure" | "gcp";

/**
 * A program's root component: it applies the tag transformation to every descendant, so every
 * taggable resource carries the mandatory tags the pack requires. The landing zone's root and the
 * bootstrap's root differ only in their type token.
 */
export class TaggedRoot extends pulumi.ComponentResource {
    constructor(type: string, name: string, tags: TagContext, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, {
            ...opts,
            transformations: [tagTransformation(tags), ...(opts?.transformations ?? [])],
        });
    }

    /** Registers the composition's outputs once everything under the root exists. */
    complete(outputs: pulumi.Inputs): void {
        this.registerOutputs(outputs);
    }
}

export interface LandingZoneArgs {
    /** Mandatory and extra tags merged onto every taggable descendant. */
    tags: TagContext;
}

export class LandingZone extends TaggedRoot {
    constructor(cloud: Cloud, name: string, args: LandingZoneArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`zt:${cloud}:LandingZone`, name, args.tags, opts);
    }
}
