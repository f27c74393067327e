/**
 * Pure builders of the mesh: Istio's security objects (mesh-wide STRICT mTLS, the root namespace's
 * allow-nothing, one ALLOW per intent flow naming its callers' SPIFFE principals) and the Helm
 * values of the istio/base, istio/cni and istio/istiod charts. Tests compare the exact objects and
 * validate the Istio ones against @kubernetes-models/istio.
 */
import type { Flow } from "../../config/schema";
import { PLATFORM_NAMESPACES, TIER_LABEL, type BaselineWorkload, type EgressPeer, type Manifest } from "./labels";

/** Where istiod runs, and Istio's root namespace: policies here without a selector apply to the whole mesh. */
export const ISTIO_NAMESPACE = PLATFORM_NAMESPACES.mesh;
/**
 * The CNI node agent's namespace. Its DaemonSet runs `system-node-critical` and mounts hostPath
 * CNI directories, so it cannot live in istio-system under PSA `restricted`. The chart recommends
 * kube-system, where that priority class is always admitted (GKE only admits it there unless a
 * ResourceQuota allows it elsewhere): https://github.com/istio/istio/blob/master/manifests/charts/istio-cni/README.md
 * and https://istio.io/latest/docs/setup/additional-setup/cni/
 */
export const CNI_NAMESPACE = "kube-system";
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";
/**
 * security.istio.io/v1 is served since Istio 1.22 for PeerAuthentication and AuthorizationPolicy
 * (https://istio.io/latest/blog/2024/v1-apis/); v1beta1 is still served but no longer the stored form.
 */
export const ISTIO_SECURITY_API_VERSION = "security.istio.io/v1";
/** Istio's default trust domain, the first segment of every SPIFFE principal. */
export const DEFAULT_TRUST_DOMAIN = "cluster.local";
/** The mesh-wide PeerAuthentication: named `default` in the root namespace, by Istio's convention. */
export const MESH_MTLS_NAME = "default";
/** The root namespace's deny-by-default AuthorizationPolicy. */
export const ALLOW_NOTHING_NAME = "allow-nothing";

/** The Helm release names (each chart names its objects after them). */
export const RELEASE_NAMES = { base: "istio-base", cni: "istio-cni", istiod: "istiod" } as const;

function security(kind: string, name: string, namespace: string, labels: Record<string, string>, spec: Record<string, unknown>): Manifest {
    return { apiVersion: ISTIO_SECURITY_API_VERSION, kind, metadata: { name, namespace, labels: { ...labels } }, spec };
}

/**
 * `default` in the root namespace: every sidecar accepts only mutual TLS. The mode is written out:
 * a root-namespace policy without one means PERMISSIVE
 * (https://istio.io/latest/docs/reference/config/security/peer_authentication/).
 */
export function meshWideMtls(labels: Record<string, string>): Manifest {
    return security("PeerAuthentication", MESH_MTLS_NAME, ISTIO_NAMESPACE, labels, { mtls: { mode: "STRICT" } });
}

/**
 * `allow-nothing` in the root namespace: an ALLOW policy (the default action) with no rules
 * matches no request, and a workload that any ALLOW policy selects is denied every request no
 * ALLOW policy matches, so everything the flow policies do not allow is denied, mesh-wide and for
 * namespaces added later. https://istio.io/latest/docs/reference/config/security/authorization-policy/
 * (evaluation order, root namespace scope) and https://istio.io/latest/docs/tasks/security/authorization/authz-http/
 */
export function allowNothing(labels: Record<string, string>): Manifest {
    return security("AuthorizationPolicy", ALLOW_NOTHING_NAME, ISTIO_NAMESPACE, labels, {});
}

/** The SPIFFE identity (without `spiffe://`) Istio gives a service account's pods, as `source.principals` matches it. */
export function spiffePrincipal(trustDomain: string, namespace: string, serviceAccount: string): string {
    return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/**
 * The callers of a flow: every workload of the source tier, each by its own service account. A
 * source tier without declared workloads gets `<td>/ns/<tier>/sa/*`: the flow stays usable by a
 * team's own workloads there, still only with a mesh identity from that one namespace (the same
 * reach as the flow's NetworkPolicy, which selects the tier, not a workload).
 */
export function flowPrincipals(flow: Flow, workloads: Record<string, BaselineWorkload>, trustDomain: string): string[] {
    const callers = Object.entries(workloads).filter(([, w]) => w.tier === flow.from).map(([name]) => name).sort();
    return callers.length > 0 ? callers.map((sa) => spiffePrincipal(trustDomain, flow.from, sa)) : [spiffePrincipal(trustDomain, flow.from, "*")];
}

/**
 * The HTTP methods a flow may use: the union of the destination workloads that serve its port,
 * when there is at least one and each lists methods. Otherwise none, and the rule allows the port
 * at L4 (a database, or a tier whose workloads the baseline does not know).
 */
export function flowMethods(flow: Flow, workloads: Record<string, BaselineWorkload>): string[] | undefined {
    const served = Object.values(workloads).filter((w) => w.tier === flow.to && w.port === flow.port);
    if (served.length === 0 || served.some((w) => w.methods === undefined || w.methods.length === 0)) return undefined;
    return [...new Set(served.flatMap((w) => w.methods!))].sort();
}

/**
 * `<flow.key>` in the destination tier's namespace: ALLOW the source tier's principals to the
 * tier's pods on the flow's port (and methods). Undefined for UDP flows: sidecars capture and
 * authorize TCP only, so a UDP flow is governed by its NetworkPolicy alone
 * (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/).
 */
export function flowAuthorization(flow: Flow, workloads: Record<string, BaselineWorkload>, labels: Record<string, string>, trustDomain = DEFAULT_TRUST_DOMAIN): Manifest | undefined {
    if (flow.protocol !== "tcp") return undefined;
    const methods = flowMethods(flow, workloads);
    return security("AuthorizationPolicy", flow.key, flow.to, labels, {
        action: "ALLOW",
        selector: { matchLabels: { [TIER_LABEL]: flow.to } },
        rules: [{
            from: [{ source: { principals: flowPrincipals(flow, workloads, trustDomain) } }],
            to: [{ operation: { ports: [String(flow.port)], ...(methods ? { methods } : {}) } }],
        }],
    });
}

/**
 * istio/cni values. Since Istio 1.24 the chart's values are flat: its DaemonSet mounts
 * `.Values.cniBinDir` (manifests/charts/istio-cni/templates/daemonset.yaml); `cni.cniBinDir` is
 * the legacy spelling the chart still copies over. Left out, the chart uses /opt/cni/bin (or
 * detects GKE).
 */
export function cniValues(o: { cniBinDir?: string }): Record<string, unknown> {
    return o.cniBinDir ? { cniBinDir: o.cniBinDir } : {};
}

/**
 * istio/istiod values (keys from manifests/charts/istio-control/istio-discovery/values.yaml):
 * - `pilot.cni.enabled`: the injector adds the unprivileged `istio-validation` init container
 *   instead of `istio-init` (NET_ADMIN, NET_RAW, root), so meshed pods pass PSA `restricted`
 *   (https://istio.io/latest/docs/setup/additional-setup/cni/, "helm install istiod ... --set pilot.cni.enabled=true");
 * - `pilot.seccompProfile` RuntimeDefault: istiod's own pod must carry one to be admitted in
 *   istio-system under PSA `restricted` (the chart sets none by default);
 * - `global.proxy.privileged: false` (the chart's default, pinned): no privileged sidecars;
 * - `meshConfig.outboundTrafficPolicy.mode: REGISTRY_ONLY`: sidecars reach only services in the
 *   mesh's registry (Kubernetes Services, ServiceEntries), not any host on the internet
 *   (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode);
 * - `meshConfig.defaultConfig.holdApplicationUntilProxyStarts`: no app container runs before its
 *   sidecar, so none sends traffic around it (`values.global.proxy.*` is the deprecated spelling;
 *   native sidecars, the default since 1.27, already start first);
 * - `meshConfig.trustDomain` and `rootNamespace`: stated, because the principals and the
 *   mesh-wide policies above depend on them.
 * `global.proxy.excludeIPRanges`: the cloud's token endpoints (link-local metadata servers), which
 * REGISTRY_ONLY would otherwise black-hole (istio/istio#28994), are not captured by the sidecars
 * (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/#direct-access-to-external-services);
 * their NetworkPolicy still limits them to pods with a cloud identity.
 */
export function istiodValues(o: { trustDomain: string; identityEgress?: EgressPeer[] }): Record<string, unknown> {
    const excluded = [...new Set((o.identityEgress ?? []).map((p) => p.cidr))];
    return {
        pilot: { cni: { enabled: true }, seccompProfile: { type: "RuntimeDefault" } },
        global: { proxy: { privileged: false, ...(excluded.length > 0 ? { excludeIPRanges: excluded.join(",") } : {}) } },
        meshConfig: {
            rootNamespace: ISTIO_NAMESPACE,
            trustDomain: o.trustDomain,
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            defaultConfig: { holdApplicationUntilProxyStarts: true },
        },
    };
}
