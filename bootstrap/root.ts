/**
 * The root of one cloud's bootstrap: like the landing zone's root (components/shared/landing-zone.ts),
 * its job is to apply the tag transformation to every descendant, so the state buckets, vaults and
 * keys carry the same mandatory tags the pack requires of every taggable resource.
 */
import * as pulumi from "@pulumi/pulumi";
import { tagTransformation, type TagContext } from "../components/shared/tags";

/** The `environment` tag of bootstrap resources: they serve every environment, and belong to none. */
export const BOOTSTRAP_TAG_ENVIRONMENT = "bootstrap";

export class BootstrapRoot extends pulumi.ComponentResource {
    constructor(cloud: "aws" | "azure" | "gcp", name: string, tags: TagContext, opts?: pulumi.ComponentResourceOptions) {
        super(`zt:${cloud}:Bootstrap`, name, {}, {
            ...opts,
            transformations: [tagTransformation(tags), ...(opts?.transformations ?? [])],
        });
    }

    /** Registers the outputs once the backend exists. */
    complete(outputs: pulumi.Inputs): void {
        this.registerOutputs(outputs);
    }
}
