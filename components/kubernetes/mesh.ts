/**
 * zt:k8s:Mesh — Istio in sidecar mode, Zero Trust by default: the istio-system namespace (PSA
 * `restricted`), the base (CRDs), cni and istiod charts, mesh-wide STRICT mTLS, a root-namespace
 * allow-nothing policy, and one ALLOW AuthorizationPolicy per intent flow that names its callers'
 * SPIFFE principals, ports and methods. Traffic redirection comes from the CNI node agent (in
 * kube-system), so no meshed pod needs NET_ADMIN/NET_RAW and tenant namespaces stay `restricted`.
 * The objects and values are built by the pure functions of ./mesh-policies.
 */
import * as pulumi from "@pulumi/pulumi";
import { CustomResource } from "@pulumi/kubernetes/apiextensions";
import { Namespace } from "@pulumi/kubernetes/core/v1";
import { Release } from "@pulumi/kubernetes/helm/v3";
import type { Flow } from "../../config/schema";
import { objectArgs, type BaselineWorkload, type EgressPeer, type Manifest } from "./labels";
import {
    allowNothing,
    CNI_NAMESPACE,
    cniValues,
    DEFAULT_TRUST_DOMAIN,
    flowAuthorization,
    ISTIO_CHART_REPO,
    ISTIO_NAMESPACE,
    istiodValues,
    meshWideMtls,
    RELEASE_NAMES,
} from "./mesh-policies";
import { platformNamespace } from "./namespaces";

/** How long Helm waits for a chart's workloads to become ready before rolling the release back. */
export const RELEASE_TIMEOUT_SECONDS = 600;

export interface MeshArgs {
    /** The landing zone's labels (owner, environment, managed-by), on every object. */
    labels: Record<string, string>;
    /** istio/base, istio/cni and istio/istiod chart version. */
    chartVersion: string;
    /** Node directory the CNI plugin installs into. Default: `/opt/cni/bin`; GKE needs `/home/kubernetes/bin`. */
    cniBinDir?: string;
    /** The tenant tiers (namespaces) inside the mesh. */
    tiers: string[];
    /** Tier-to-tier flows: one ALLOW AuthorizationPolicy each, in the destination's namespace. */
    flows: Flow[];
    /** Workloads by name: their service accounts are the callers' SPIFFE principals, their methods narrow the rules. */
    workloads: Record<string, BaselineWorkload>;
    /** The tenant namespaces, which the namespaced policies wait for. */
    namespaces: Record<string, pulumi.Resource>;
    /**
     * The mesh's trust domain (`meshConfig.trustDomain`), the first segment of every principal.
     * Default: `cluster.local`, Istio's own. CAUTION: changing it re-issues every workload
     * certificate and rewrites every flow policy.
     */
    trustDomain?: string;
    /**
     * The cloud's token endpoints (the same peers as the baseline's identity egress). Sidecars do
     * not capture traffic to their ranges, since REGISTRY_ONLY would drop it; the NetworkPolicy
     * still limits them to pods with a cloud identity. Default: none (sidecars capture everything).
     */
    identityEgress?: EgressPeer[];
}

export class Mesh extends pulumi.ComponentResource {
    /** The AuthorizationPolicies of the flows, as `<namespace>/<name>`. */
    readonly flowPolicies: string[];

    constructor(name: string, args: MeshArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:Mesh", name, {}, opts);
        const labels = args.labels;
        const trustDomain = args.trustDomain ?? DEFAULT_TRUST_DOMAIN;

        const namespace = new Namespace(`${name}-ns`, objectArgs(platformNamespace(ISTIO_NAMESPACE, { labels, podSecurity: "restricted" })), { parent: this });
        const release = (chart: string, releaseName: string, ns: string, values: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
            new Release(`${name}-${releaseName}`, {
                // An explicit name: Pulumi would otherwise suffix it, and the charts name their objects after it.
                name: releaseName,
                chart,
                version: args.chartVersion,
                namespace: ns,
                repositoryOpts: { repo: ISTIO_CHART_REPO },
                values,
                createNamespace: false,
                // A failed install or upgrade rolls back, so the mesh never runs half-upgraded
                // (e.g. an istiod that injects for a CNI agent that is not there).
                atomic: true,
                cleanupOnFail: true,
                timeout: RELEASE_TIMEOUT_SECONDS,
            }, { parent: this, dependsOn });
        const base = release("base", RELEASE_NAMES.base, ISTIO_NAMESPACE, {}, [namespace]);
        const cni = release("cni", RELEASE_NAMES.cni, CNI_NAMESPACE, cniValues({ cniBinDir: args.cniBinDir }), []);
        // After the CNI agent: istiod injects `istio-validation` instead of `istio-init`, which only works once the agent redirects traffic.
        const istiod = release("istiod", RELEASE_NAMES.istiod, ISTIO_NAMESPACE, istiodValues({ trustDomain, identityEgress: args.identityEgress }), [base, cni]);

        // The CRDs come with base, and istiod's validating webhook must be up to check them.
        const meshReady = [base, istiod];
        const custom = (childName: string, m: Manifest, dependsOn: pulumi.Resource[]) =>
            new CustomResource(childName, m, { parent: this, dependsOn });
        custom(`${name}-mtls`, meshWideMtls(labels), meshReady);
        custom(`${name}-allow-nothing`, allowNothing(labels), meshReady);

        this.flowPolicies = [];
        for (const flow of args.flows) {
            const manifest = flowAuthorization(flow, args.workloads, labels, trustDomain);
            if (!manifest) continue;
            const target = args.namespaces[flow.to];
            if (!target) throw new Error(`zt:k8s:Mesh ${name}: flow ${flow.key} goes to tier ${flow.to}, which has no namespace; the flows' tiers must be among the baseline's tiers (${args.tiers.join(", ")})`);
            custom(`${name}-authz-${flow.key}`, manifest, [...meshReady, target]);
            this.flowPolicies.push(`${flow.to}/${flow.key}`);
        }

        this.registerOutputs({ namespace: ISTIO_NAMESPACE, trustDomain, flowPolicies: this.flowPolicies });
    }
}
