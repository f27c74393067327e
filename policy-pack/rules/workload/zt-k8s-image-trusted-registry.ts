import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

export interface TrustedRegistryConfig {
    trustedRegistries: string;
}

/** Private registries of the three clouds: ECR (account-scoped host), ACR, Artifact Registry. */
export const DEFAULT_TRUSTED_REGISTRIES = "^([0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com|[a-z0-9]+\\.azurecr\\.io|[a-z0-9-]+-docker\\.pkg\\.dev)/";

function compile(pattern: string): RegExp {
    try {
        return new RegExp(pattern);
    } catch (e) {
        // A broken pattern must stop the run, not trust or refuse every image silently.
        throw new Error(`zt-k8s-image-trusted-registry: trustedRegistries ${JSON.stringify(pattern)} is not a valid regular expression (${(e as Error).message})`);
    }
}

export default defineRule<TrustedRegistryConfig>({
    id: "zt-k8s-image-trusted-registry",
    displayName: "Images come from a trusted registry",
    description:
        "Every container image (init and ephemeral containers too) matches the rule's trustedRegistries pattern; by default the private " +
        "registries of the three clouds: Amazon ECR, Azure Container Registry and Google Artifact Registry.",
    rationale:
        "An image is code that runs with the workload's identity. A public reference such as nginx:latest or docker.io/… is pulled from a " +
        "registry the landing zone does not control, was never scanned or signed by its pipeline, and can be replaced upstream (typosquatted " +
        "or hijacked) without any change to the stack. Private registries scan on push, keep images immutable and are where the Kyverno " +
        "signature check expects signatures, so every image has to come through them. A reference without a host resolves to Docker Hub, " +
        "and fails. The default pattern trusts any ECR, ACR or Artifact Registry host: narrow it to the landing zone's own registries in " +
        "the pack config of production.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 1],
    cisaPillar: "Applications and Workloads",
    cis: "2.5",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.5.1" },
    remediationSteps:
        "Mirror the image into the landing zone's private registry (pull, scan, sign, push) and reference it there by its full host, e.g. " +
        "<region>-docker.pkg.dev/<project>/<repository>/app@sha256:…. A stack's workloads name images without a host to get the landing zone's " +
        "registry. To trust a further registry, extend trustedRegistries (a regular expression matched against the whole reference) in " +
        "the environment's pack config.",
    configSchema: {
        properties: {
            trustedRegistries: {
                type: "string",
                minLength: 1,
                default: DEFAULT_TRUSTED_REGISTRIES,
                description:
                    "A regular expression an image reference must match, anchored with ^ and ending in / after the host (or a repository " +
                    "path) so a look-alike host cannot match. Default: any Amazon ECR, Azure Container Registry or Artifact Registry host.",
            },
        },
    },
    validateResource: (args, report, config) => {
        const pod = podOf(args);
        const trusted = compile(config.trustedRegistries);
        for (const c of pod.containers()) {
            // The image decides: one unknown during preview (an Output of the registry) makes the rule "can't run".
            const image = c.read(["image"]);
            if (typeof image === "string" && !trusted.test(image)) {
                report(
                    `${c.label} runs image ${JSON.stringify(image)}, which is not from a trusted registry (the rule's trustedRegistries): ` +
                        "mirror it into the landing zone's private registry, where it is scanned and signed, and reference it there.",
                );
            }
        }
    },
});
