/**
 * The landing zone's Artifact Registry repository: Docker images only, encrypted with Data's
 * registry key, tags immutable, every pushed image scanned, and untagged leftovers cleaned up.
 *
 * There is no network setting on a repository: Artifact Registry is reached through Google's APIs,
 * which the network pillar serves over Private Google Access / Private Service Connect and VPC
 * Service Controls fences in. Pulls are authorized by IAM only (the GKE nodes get reader on this
 * repository alone; no `allUsers` binding is ever made).
 */
import * as pulumi from "@pulumi/pulumi";
import * as artifactregistry from "@pulumi/gcp/artifactregistry";
import { after } from "../shared/after";

/** Days an untagged image (a build nobody tagged, or a tag's replaced manifest) is kept before cleanup deletes it. */
export const UNTAGGED_RETENTION_DAYS = 7;
/** Versions of each image cleanup always keeps, whatever their age or tag state: the rollback window. */
export const KEEP_RECENT_VERSIONS = 10;

const SECONDS_PER_DAY = 86_400;

/**
 * The cleanup policies. A version matched by both a KEEP and a DELETE policy is kept (Artifact
 * Registry's cleanup-policy docs), so the most recent versions survive even when untagged.
 */
export function cleanupPolicies(untaggedDays: number, keepVersions: number): artifactregistry.RepositoryArgs["cleanupPolicies"] {
    return [
        { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: `${untaggedDays * SECONDS_PER_DAY}s` } },
        { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: keepVersions } },
    ];
}

export interface SecureRegistryArgs {
    project: string;
    region: string;
    /** Repository id (`<prefix>-<env>-images`). CAUTION: changing it replaces the repository and every image in it. */
    repositoryId: string;
    /** CMEK. CAUTION: fixed at creation; changing it replaces the repository. */
    kmsKeyName: pulumi.Input<string>;
    /** `data-classification` label. */
    classification: string;
    untaggedDays: number;
    keepVersions: number;
    protect: boolean;
}

export interface SecureRegistry {
    repository: artifactregistry.Repository;
    /** `projects/<project>/locations/<region>/repositories/<id>`, composed from names, delivered once the repository exists. */
    id: pulumi.Output<string>;
    /** `<region>-docker.pkg.dev/<project>/<id>`, likewise. */
    url: pulumi.Output<string>;
}

/** Declares the repository as `name`. */
export function secureRegistry(name: string, args: SecureRegistryArgs, opts: { parent: pulumi.Resource }): SecureRegistry {
    const repository = new artifactregistry.Repository(name, {
        project: args.project,
        location: args.region,
        repositoryId: args.repositoryId,
        description: "Container images of the landing zone's workloads (CMEK, immutable tags, scanned).",
        format: "DOCKER",
        mode: "STANDARD_REPOSITORY",
        kmsKeyName: args.kmsKeyName,
        // A tag, once pushed, always names the same digest: what was attested and deployed cannot be swapped underneath.
        dockerConfig: { immutableTags: true },
        // INHERITED is the only "on" value: every push is scanned whenever the project has the Container
        // Scanning API enabled (DISABLED is the only other value).
        vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
        cleanupPolicies: cleanupPolicies(args.untaggedDays, args.keepVersions),
        // Dry run would only report what cleanup would delete; the policies are meant to act.
        cleanupPolicyDryRun: false,
        labels: { "data-classification": args.classification },
    }, { parent: opts.parent, protect: args.protect });

    const id = `projects/${args.project}/locations/${args.region}/repositories/${args.repositoryId}`;
    const url = `${args.region}-docker.pkg.dev/${args.project}/${args.repositoryId}`;
    return { repository, id: after([repository], pulumi.output(id)), url: after([repository], pulumi.output(url)) };
}
