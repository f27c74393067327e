/**
 * Tags and labels, applied in one place: the landing zone's root component installs
 * {@link tagTransformation}, which merges the mandatory set onto every taggable descendant.
 *
 * Why a `transformations` entry and not the newer `transforms` option or provider default tags:
 * transformations run inside the program, so the offline plan and the policy pack see the tags
 * exactly as the engine will; `transforms` needs the engine's callback server (it throws under
 * mocks) and provider default tags are merged only in the provider's Check step.
 */
import * as pulumi from "@pulumi/pulumi";

/** Which input carries the tag map, per type token. Tests check this list against the providers' `.d.ts`. */
export const TAGGABLE_TYPES: Record<string, "tags" | "labels"> = {
    "aws:ec2/vpc:Vpc": "tags",
    "aws:ec2/subnet:Subnet": "tags",
    "azure-native:resources:ResourceGroup": "tags",
    "azure-native:network:VirtualNetwork": "tags",
};

export interface TagContext {
    owner: string;
    environment: string;
    /** Extra tags from config; never overrides the mandatory keys. */
    extra: Record<string, string>;
}

/** The mandatory tags every taggable resource carries. */
export function mandatoryTags(ctx: TagContext): Record<string, string> {
    return { owner: ctx.owner, environment: ctx.environment, "managed-by": "pulumi" };
}

/**
 * Merges config extras, then the resource's own tags, then the mandatory set (which always wins)
 * into the tag input of every taggable resource.
 */
export function tagTransformation(ctx: TagContext): pulumi.ResourceTransformation {
    const mandatory = mandatoryTags(ctx);
    return ({ type, props, opts }) => {
        const key = TAGGABLE_TYPES[type];
        if (!key) return undefined;
        const own = props[key] as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
        const merged = pulumi.output(own ?? {}).apply((o) => ({ ...ctx.extra, ...o, ...mandatory }));
        return { props: { ...props, [key]: merged }, opts };
    };
}
