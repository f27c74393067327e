import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

export interface ImageDigestConfig {
    requireDigest: boolean;
}

/** A reference pinned to content: `<repository>[:<tag>]@sha256:<64 hex>` (the runtime ignores the tag then). */
const PINNED = /@sha256:[a-f0-9]{64}$/;

export default defineRule<ImageDigestConfig>({
    id: "zt-k8s-image-digest",
    displayName: "Images are pinned by digest",
    description:
        "Every container image (init and ephemeral containers too) is referenced by digest, `@sha256:<64 hex>`. An environment whose pack " +
        "config sets requireDigest false (dev) accepts tags: the rule then reports itself not applicable.",
    rationale:
        "A tag is a pointer its registry can move: the same manifest can run different code tomorrow, nodes can run different images of one " +
        "Deployment, and the image that was scanned and signed is not necessarily the one that starts. A digest names the content itself, so " +
        "what was reviewed, scanned and signed is exactly what runs, and a rollback returns to exactly the previous image. Development " +
        "stacks that iterate on tags set requireDigest false; the rule then declines (\"not applicable\", visible in the policy output) " +
        "rather than passing silently.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "2.5",
    remediationSteps:
        "Reference the image as <registry>/<repository>@sha256:<digest>, the digest your build pipeline printed when it pushed (`crane digest`, " +
        "`docker buildx imagetools inspect`); keeping the tag in front (`app:1.4.2@sha256:…`) is allowed and documents the version. In an " +
        "environment that accepts tags, set requireDigest false for this rule in its pack config.",
    configSchema: {
        properties: {
            requireDigest: {
                type: "boolean",
                default: true,
                description: "Require digest-pinned images. false (dev) makes the rule not applicable, so tags are accepted.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const pod = podOf(args);
        if (!config.requireDigest) {
            return args.notApplicable("requireDigest is false in this environment's pack config, so images may be referenced by tag");
        }
        for (const c of pod.containers()) {
            // The image decides: one unknown during preview (an Output of the registry) makes the rule "can't run".
            const image = c.read(["image"]);
            if (typeof image === "string" && !PINNED.test(image)) {
                report(
                    `${c.label} references image ${JSON.stringify(image)} by tag, which its registry can move to other content: pin it by ` +
                        "digest (<image>@sha256:<64 hex>).",
                );
            }
        }
    },
});
