/**
 * The root of one cloud's bootstrap: like the landing zone's root (components/shared/landing-zone.ts),
 * it applies the tag transformation to every descendant, so the state buckets, vaults and keys
 * carry the same mandatory tags the pack requires of every taggable resource.
 */
import type * as pulumi from "@pulumi/pulumi";
import { TaggedRoot, type Cloud } from "../components/shared/landing-zone";
import type { TagContext } from "../components/shared/tags";

/** The `environment` tag of bootstrap resources: they serve every environment, and belong to none. */
export const BOOTSTRAP_TAG_ENVIRONMENT = "bootstrap";

export class BootstrapRoot extends TaggedRoot {
    constructor(cloud: Cloud, name: string, tags: TagContext, opts?: pulumi.ComponentResourceOptions) {
        super(`zt:${cloud}:Bootstrap`, name, tags, opts);
    }
}
