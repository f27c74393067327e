/**
 * A cloud-neutral view of one resource, so the zt-any rules are written once for every cloud.
 * Type knowledge comes from the per-cloud registries in ./registry; this file only knows how each
 * cloud spells the common ideas (where tags live, what provider defaults add).
 *
 * Fields that read properties are functions, evaluated only by the rule that needs them: reading
 * an unknown value throws (see ./props), and one rule's unknown must not stop another rule.
 */
import { PolicyProviderResource } from "@pulumi/policy";
import { isPlainObject, isUnknown, objectOrJson, raw, readKnown, readRaw } from "./props";
import { ResourceKind, TypeEntry, typeEntry } from "./registry";

export type Cloud = "aws" | "azure" | "gcp" | "kubernetes" | "other";

const CLOUD_OF_PACKAGE: Record<string, Cloud> = { aws: "aws", "azure-native": "azure", gcp: "gcp", kubernetes: "kubernetes" };

/** Where each cloud keeps a resource's own tags or labels. */
export const DEFAULT_TAG_PATH: Record<Cloud, readonly string[] | undefined> = {
    aws: ["tags"],
    azure: ["tags"],
    gcp: ["labels"],
    kubernetes: ["metadata", "labels"],
    other: undefined,
};

/** Outputs in which a provider has already merged its default tags (seen by stack policies). */
const MERGED_TAG_PATHS: Record<Cloud, readonly (readonly string[])[]> = {
    aws: [["tagsAll"]],
    azure: [],
    gcp: [["effectiveLabels"]],
    kubernetes: [],
    other: [],
};

/** The parts of a resource the view reads; both ResourceValidationArgs and PolicyResource fit. */
export interface ResourceLike {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    opts: { protect: boolean };
    provider?: PolicyProviderResource;
}

export interface Protection {
    protected: boolean;
    /** What protects it: "protect", a provider flag, or why the cloud cannot delete it. */
    by?: string;
}

export interface ResourceView {
    type: string;
    urn: string;
    name: string;
    cloud: Cloud;
    /** The type token's module root: ec2, s3, network, compute, core, ... */
    service: string;
    /** The registry row, when the type is known. */
    entry: TypeEntry | undefined;
    /** A short human name: the registry label, else the type token. */
    label: string;
    /** Where tags live, when the resource can carry them; undefined when it cannot. */
    tagPath: readonly string[] | undefined;
    /** The resource's class. Buckets tagged purpose=pulumi-state / log-archive are refined. */
    kind(): ResourceKind;
    /**
     * Effective tags: provider defaults, then provider-merged outputs, then the resource's own.
     * Strict (the default) throws when the whole tag map is unknown during preview; lenient
     * returns what is known (stack rules, which must not stop on one resource).
     */
    tags(mode?: "strict" | "lenient"): Record<string, string>;
    /** Whether deletion is blocked by `protect`, a provider flag, or the cloud itself. */
    protection(): Protection;
}

/** Splits a type token into cloud and service; `pulumi:providers:aws` is the aws provider. */
export function parseType(type: string): { cloud: Cloud; service: string } {
    const [pkg = "", mod = "", member = ""] = type.split(":");
    if (pkg === "pulumi" && mod === "providers") {
        return { cloud: CLOUD_OF_PACKAGE[member] ?? "other", service: "provider" };
    }
    return { cloud: CLOUD_OF_PACKAGE[pkg] ?? "other", service: mod.split("/")[0] };
}

/** Data stores: everything that keeps data a team would miss (the tag and classification rules' scope). */
export function isDataStore(kind: ResourceKind): boolean {
    return kind === "datastore" || kind === "state-bucket" || kind === "log-archive";
}

/** Stateful: losing it loses data, keys or evidence (the deletion-protection rule's scope). */
export function isStateful(kind: ResourceKind): boolean {
    return kind !== "network" && kind !== "other";
}

const PURPOSE_KINDS: Record<string, ResourceKind> = { "pulumi-state": "state-bucket", "log-archive": "log-archive" };

export function viewOf(r: ResourceLike): ResourceView {
    const { cloud, service } = parseType(r.type);
    const entry = typeEntry(r.type);
    const tagPath = resolveTagPath(cloud, entry, r.props);
    const view: ResourceView = {
        type: r.type,
        urn: r.urn,
        name: r.name,
        cloud,
        service,
        entry,
        label: entry?.label ?? r.type,
        tagPath,
        kind: () => {
            const base = entry?.kind ?? "other";
            if (base !== "datastore" || !tagPath) {
                return base;
            }
            // Read raw: a kind refinement must never make a rule fail on an unknown tag.
            const purpose = readRaw(r.props, [...tagPath, "purpose"]);
            return typeof purpose === "string" && PURPOSE_KINDS[purpose] ? PURPOSE_KINDS[purpose] : base;
        },
        tags: (mode = "strict") => effectiveTags(r, cloud, tagPath, mode),
        protection: () => protectionOf(r, entry),
    };
    return view;
}

function resolveTagPath(cloud: Cloud, entry: TypeEntry | undefined, props: Record<string, unknown>): readonly string[] | undefined {
    if (entry) {
        if (entry.tags === false) {
            return undefined;
        }
        return entry.tags === true ? DEFAULT_TAG_PATH[cloud] : entry.tags;
    }
    // An unregistered type is treated as taggable only when it already uses the cloud's tag
    // property: partial tags get completed, and types we know nothing about are not guessed at.
    const path = DEFAULT_TAG_PATH[cloud];
    return path && readRaw(props, path) !== undefined ? path : undefined;
}

function providerDefaults(cloud: Cloud, provider: PolicyProviderResource | undefined): Record<string, unknown> {
    if (!provider) {
        return {};
    }
    const props = raw(provider.props);
    if (cloud === "aws") {
        const tags = objectOrJson(objectOrJson(props.defaultTags)?.tags);
        return tags ?? {};
    }
    if (cloud === "gcp") {
        return objectOrJson(props.defaultLabels) ?? {};
    }
    return {};
}

function effectiveTags(r: ResourceLike, cloud: Cloud, tagPath: readonly string[] | undefined, mode: "strict" | "lenient"): Record<string, string> {
    const merged: Record<string, string> = {};
    const add = (source: unknown) => {
        if (!isPlainObject(source)) {
            return;
        }
        for (const [k, v] of Object.entries(source)) {
            // A value unknown during preview will be set; it counts as present.
            if (typeof v === "string" && (v.trim() !== "" || isUnknown(v))) {
                merged[k] = v;
            }
        }
    };
    add(providerDefaults(cloud, r.provider));
    for (const path of MERGED_TAG_PATHS[cloud]) {
        add(readRaw(r.props, path));
    }
    if (tagPath) {
        // Through the proxy: if the whole tag map is unknown the rule cannot decide, and says so.
        add(mode === "strict" ? readKnown(r.props, tagPath) : readRaw(r.props, tagPath));
    }
    return merged;
}

function protectionOf(r: ResourceLike, entry: TypeEntry | undefined): Protection {
    if (r.opts.protect) {
        return { protected: true, by: "protect" };
    }
    if (entry?.undeletable) {
        return { protected: true, by: entry.undeletable };
    }
    let unknownPath: readonly string[] | undefined;
    for (const flag of entry?.protection ?? []) {
        const value = readRaw(r.props, flag.path);
        if (isUnknown(value)) {
            unknownPath = flag.path;
        } else if (value === undefined ? flag.protectedWhenAbsent : flag.protectedValues.includes(value)) {
            return { protected: true, by: flag.hint };
        }
    }
    if (unknownPath) {
        // Let the proxy raise the SDK's "can't be known during preview" for the flag we could not read.
        readKnown(r.props, unknownPath);
    }
    return { protected: false };
}
