/**
 * Builds the Kubernetes workload baseline on a cloud's cluster: the part every composition does the
 * same way (the provider, labels, images, the intent's tiers and flows), so each cloud's
 * composition adds only what differs: its identity wiring, the egress its token endpoint needs,
 * where Falco's alerts go, and its registry.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/kubernetes/provider";
import type { IntentBase, KubernetesConfig } from "../config/schema";
import { WorkloadBaseline } from "../components/kubernetes/baseline";
import type { BaselineWorkload, EgressPeer, WorkloadIdentityWiring } from "../components/kubernetes/labels";
import type { FalcoOutput } from "../components/kubernetes/runtime-detection";
import type { RegistryIdentity } from "../components/kubernetes/admission";
import { mandatoryTags } from "../components/shared/tags";
import { tagContext } from "./common";

/** Kubernetes label keys and values: 63 characters, alphanumerics with `-_.` inside. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/** The landing zone's tags as Kubernetes labels: the mandatory set, plus the stack's tags that are valid labels. */
export function kubernetesLabels(intent: IntentBase): Record<string, string> {
    const extra = Object.entries(intent.tags).filter(([k, v]) => LABEL_KEY.test(k) && LABEL_VALUE.test(v));
    return { ...Object.fromEntries(extra), ...mandatoryTags(tagContext(intent)) };
}

/**
 * A reference without a registry host (its first path part has no `.` or `:` and is not
 * `localhost`) names a repository of the landing zone's own registry; Docker would resolve it
 * against Docker Hub instead, which is exactly the public, unsigned source the baseline refuses.
 */
export function resolveImage(image: string, registry: pulumi.Input<string>): pulumi.Input<string> {
    const first = image.split("/")[0];
    const hasHost = image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
    return hasHost ? image : pulumi.interpolate`${registry}/${image}`;
}

/** Where the baseline runs and what the cloud contributes. */
export interface ClusterBinding {
    /** A kubeconfig (content or path) whose user authenticates with the cloud's CLI: never a static token. */
    kubeconfig: pulumi.Input<string>;
    /** The kubeconfig context; required for an existing cluster so ambient `current-context` never chooses. */
    context?: string;
    /** The landing zone's registry as `<host>[/<path>]`: trusted first, and the base of host-less image references. */
    registry: pulumi.Input<string>;
    identity: Record<string, WorkloadIdentityWiring>;
    identityEgress: EgressPeer[];
    falcoOutput: FalcoOutput;
    /** The cloud identity Kyverno reads the registry's signatures with; without it verification fails closed. */
    registryIdentity?: RegistryIdentity;
    /** The CNI plugin directory of the cluster's nodes, when it differs from `/opt/cni/bin` (GKE). */
    cniBinDir?: string;
}

export function buildKubernetesBaseline(intent: IntentBase, binding: ClusterBinding, parent: pulumi.Resource): WorkloadBaseline {
    const k: KubernetesConfig = intent.kubernetes;
    // An explicit provider: the kubeconfig comes from the stack, never from ~/.kube/config.
    const provider = new Provider("k8s", {
        kubeconfig: binding.kubeconfig,
        ...(binding.context ? { context: binding.context } : {}),
        enableServerSideApply: true,
    }, { parent });
    const workloads: Record<string, BaselineWorkload> = Object.fromEntries(Object.entries(k.workloads).map(([name, w]) => [name, {
        tier: w.tier,
        port: w.port,
        ...(w.image ? { image: resolveImage(w.image, binding.registry) } : {}),
        replicas: w.replicas,
        ...(w.methods ? { methods: w.methods } : {}),
        apiAccess: w.apiAccess,
    }]));
    return new WorkloadBaseline("kubernetes", {
        labels: kubernetesLabels(intent),
        tiers: Object.keys(intent.network.tiers),
        flows: intent.network.flows,
        workloads,
        identity: binding.identity,
        identityEgress: binding.identityEgress,
        quota: k.quota,
        containerDefaults: k.containerDefaults,
        mesh: k.mesh.enabled ? { chartVersion: k.charts.istio, ...(binding.cniBinDir ? { cniBinDir: binding.cniBinDir } : {}) } : undefined,
        admission: {
            chartVersion: k.charts.kyverno,
            mode: k.admission.mode,
            trustedRegistries: [binding.registry, ...k.admission.trustedRegistries],
            signature: k.admission.signature,
            requireDigest: k.admission.requireDigest,
            ...(binding.registryIdentity ? { registryIdentity: binding.registryIdentity } : {}),
        },
        runtimeDetection: k.runtimeDetection.enabled ? { chartVersion: k.charts.falco, output: binding.falcoOutput } : undefined,
    }, { parent, providers: [provider] });
}
