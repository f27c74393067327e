/**
 * The Kubernetes section's cross-field rules: workloads live in tiers the network knows, the
 * baseline has exactly one cluster to run on, every workload has a cloud identity to wear, and
 * prod images are pinned by digest.
 */
import { issue, type ConfigIssue } from "./issues";
import { mergedTiers, num, rec, type Raw } from "./raw";
import { IMAGE_DIGEST, MESH_RESERVED_PORTS } from "./kubernetes";

/** The cloud section key and default of each cloud's cluster switch (on in prod, off in dev). */
const CLUSTER_SWITCH: Record<string, string> = { aws: "eks", azure: "aks", gcp: "gke" };
/** Where each cloud names the identities workloads wear; AWS creates one role per workload itself. */
const IDENTITY_MAP: Record<string, string> = { azure: "workloadIdentities", gcp: "workloadServiceAccounts" };

/** Whether the raw cloud section builds a managed cluster (its switch, defaulting to on in prod). */
export function rawClusterBuilt(raw: Raw): boolean {
    const cloud = raw["cloud"];
    if (typeof cloud !== "string" || !(cloud in CLUSTER_SWITCH)) return false;
    const enabled = rec(rec(raw[cloud])?.[CLUSTER_SWITCH[cloud]])?.["enabled"];
    return typeof enabled === "boolean" ? enabled : raw["environment"] === "prod";
}

export function kubernetesIssues(raw: Raw): ConfigIssue[] {
    const k = rec(raw["kubernetes"]);
    const cloud = typeof raw["cloud"] === "string" ? raw["cloud"] : undefined;
    const out: ConfigIssue[] = [];
    const existing = rec(k?.["existingCluster"]);
    const built = rawClusterBuilt(raw);
    const switchPath = cloud && CLUSTER_SWITCH[cloud] ? `${cloud}.${CLUSTER_SWITCH[cloud]}.enabled` : "the cloud's cluster switch";

    if (existing && built) {
        out.push(issue(["kubernetes", "existingCluster"], existing["name"], `no existing cluster while the stack builds its own (${switchPath} is on)`,
            `remove kubernetes.existingCluster, or set ${switchPath}: false`));
    }
    if (k?.["enabled"] === true && !existing && !built) {
        out.push(issue(["kubernetes", "enabled"], true, "true only when there is a cluster to run on",
            `turn the stack's cluster on (${switchPath}: true) or set kubernetes.existingCluster`));
    }
    if (existing && cloud === "azure" && existing["oidcIssuerUrl"] === undefined) {
        out.push(issue(["kubernetes", "existingCluster", "oidcIssuerUrl"], undefined, "the AKS cluster's OIDC issuer URL (workload federated credentials trust it)",
            "copy it from `az aks show -n <cluster> -g <group> --query oidcIssuerProfile.issuerUrl`"));
    }
    if (existing && cloud !== "azure" && existing["oidcIssuerUrl"] !== undefined) {
        out.push(issue(["kubernetes", "existingCluster", "oidcIssuerUrl"], existing["oidcIssuerUrl"], "no OIDC issuer URL outside Azure", "remove it"));
    }

    const tiers = Object.keys(mergedTiers(rec(raw["network"])));
    const workloads = rec(k?.["workloads"]) ?? { app: { tier: "app" } };
    const identityKey = cloud ? IDENTITY_MAP[cloud] : undefined;
    const identities = identityKey ? Object.keys(rec(rec(raw[cloud!])?.[identityKey]) ?? { app: {} }) : undefined;
    const meshOn = rec(k?.["mesh"])?.["enabled"] ?? raw["environment"] === "prod";
    const digestRequired = rec(k?.["admission"])?.["requireDigest"] ?? raw["environment"] === "prod";

    for (const [name, value] of Object.entries(workloads)) {
        const w = rec(value) ?? {};
        const tier = w["tier"];
        if (typeof tier === "string" && !tiers.includes(tier)) {
            out.push(issue(["kubernetes", "workloads", name, "tier"], tier, `one of the tiers (${tiers.join(", ")})`, "pick a tier, or add it under network.tiers"));
        }
        if (identities && !identities.includes(name)) {
            out.push(issue(["kubernetes", "workloads", name], name, `a workload with a ${cloud} identity (${cloud}.${identityKey}: ${identities.join(", ")})`,
                `add "${name}" to ${cloud}.${identityKey}, so the workload authenticates to the cloud without a key`));
        }
        const port = num(w["port"]);
        if (meshOn === true && port !== undefined && port >= MESH_RESERVED_PORTS.from && port <= MESH_RESERVED_PORTS.to) {
            out.push(issue(["kubernetes", "workloads", name, "port"], port, `a port outside ${MESH_RESERVED_PORTS.from}–${MESH_RESERVED_PORTS.to} (Istio's sidecar owns them)`, "serve on another port, e.g. 8080"));
        }
        const image = w["image"];
        if (digestRequired === true && typeof image === "string" && !IMAGE_DIGEST.test(image)) {
            out.push(issue(["kubernetes", "workloads", name, "image"], image, "an image pinned by digest (`<repository>@sha256:<64 hex>`) while kubernetes.admission.requireDigest is on",
                "append the digest your pipeline pushed (`crane digest <image>`); a tag can be moved to other content"));
        }
    }
    return out;
}
