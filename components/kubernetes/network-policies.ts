/**
 * Pure builders of the baseline's NetworkPolicies: deny everything, then allow DNS, the intent's
 * flows, the sidecars' control plane and the cloud identity endpoints, each by namespace and label.
 *
 * With the mesh on, no flow policy needs a mesh port: a sidecar connects to the destination pod's
 * IP on the application's own port, and the receiving sidecar's redirect to Envoy's inbound port
 * (15006) happens inside that pod's network namespace (the istio-iptables/CNI `REDIRECT`), after
 * the NetworkPolicy has seen the original port.
 */
import type { Flow } from "../../config/schema";
import { NAMESPACE_NAME_LABEL, PLATFORM_NAMESPACES, TIER_LABEL, type EgressPeer, type Manifest } from "./labels";

const API_VERSION = "networking.k8s.io/v1";

export const DEFAULT_DENY_NAME = "default-deny";
export const DNS_EGRESS_NAME = "allow-dns";
export const MESH_CONTROL_PLANE_EGRESS_NAME = "allow-mesh-control-plane";
export const IDENTITY_EGRESS_NAME = "allow-cloud-identity";

/**
 * Pods that answer the cluster's DNS, all in kube-system, selected by `k8s-app`:
 * - `kube-dns`: CoreDNS on EKS (the add-on's pods) and AKS, kube-dns on GKE all carry it.
 * - `node-local-dns`: NodeLocal DNSCache, on by default on GKE Autopilot and on new GKE Standard
 *   clusters (1.33/1.34 on). On Dataplane V2 (our GKE clusters) Cilium redirects the kube-dns Service to
 *   the node's cache pod and enforces egress against *its* labels, so a kube-dns-only rule silently
 *   drops every lookup (reported in world-federation-of-advertisers/cross-media-measurement#3569).
 * Not covered, deliberately: NodeLocal DNSCache in its classic host-network mode (169.254.20.10)
 * and GKE's Cloud DNS (`nameserver 169.254.169.254`, tektoncd/operator#4000), where no selector
 * can match the resolver and only an ipBlock would; our clusters use neither.
 */
export const DNS_POD_APPS = ["kube-dns", "node-local-dns"] as const;

/**
 * Sidecars reach istiod only on 15012: xDS and certificate signing over (m)TLS. 15010 is the
 * plaintext xDS port (unused), 15014 monitoring, and 15017 the webhooks, which the API server
 * calls, not pods. https://istio.io/latest/docs/ops/deployment/application-requirements/#ports-used-by-istio
 */
export const ISTIOD_XDS_PORT = 15012;
/** The label the istiod chart's Service selects its pods by. */
export const ISTIOD_POD_LABELS = { app: "istiod" } as const;

type Protocol = "TCP" | "UDP";

function policy(name: string, namespace: string, labels: Record<string, string>, spec: Record<string, unknown>): Manifest {
    return { apiVersion: API_VERSION, kind: "NetworkPolicy", metadata: { name, namespace, labels: { ...labels } }, spec };
}

/** Pods of `tier` in the namespace of the same name: both selectors, in one peer, so they AND. */
function tierPeer(tier: string) {
    return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: tier } }, podSelector: { matchLabels: { [TIER_LABEL]: tier } } };
}

const upper = (p: Flow["protocol"]): Protocol => (p === "udp" ? "UDP" : "TCP");

/** `default-deny`: selects every pod, policyTypes Ingress and Egress, no rules. */
export function defaultDeny(namespace: string, labels: Record<string, string>): Manifest {
    return policy(DEFAULT_DENY_NAME, namespace, labels, { podSelector: {}, policyTypes: ["Ingress", "Egress"] });
}

/** `allow-dns`: egress from every pod to the cluster's DNS pods (see {@link DNS_POD_APPS}) on 53/UDP and 53/TCP. */
export function dnsEgress(namespace: string, labels: Record<string, string>): Manifest {
    return policy(DNS_EGRESS_NAME, namespace, labels, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
            {
                to: [
                    {
                        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: "kube-system" } },
                        podSelector: { matchExpressions: [{ key: "k8s-app", operator: "In", values: [...DNS_POD_APPS] }] },
                    },
                ],
                ports: [
                    { port: 53, protocol: "UDP" },
                    { port: 53, protocol: "TCP" },
                ],
            },
        ],
    });
}

/**
 * Per flow: an ingress policy in the destination tier's namespace and an egress policy in the
 * source's, keyed `<flow.key>-in` / `<flow.key>-out` (the keys are also the policies' names).
 * Both ends are needed because default-deny closes both directions.
 */
export function flowPolicies(flows: Flow[], labels: Record<string, string>): { key: string; manifest: Manifest }[] {
    const seen = new Set<string>();
    const duplicates = flows.filter((f) => (seen.has(f.key) ? true : (seen.add(f.key), false))).map((f) => f.key);
    if (duplicates.length > 0) {
        throw new Error(`network.flows: keys ${JSON.stringify(duplicates)} occur more than once; each flow must be listed once (its key names its NetworkPolicies)`);
    }
    return flows.flatMap((flow) => {
        const ports = [{ port: flow.port, protocol: upper(flow.protocol) }];
        return [
            {
                key: `${flow.key}-in`,
                manifest: policy(`${flow.key}-in`, flow.to, labels, {
                    podSelector: { matchLabels: { [TIER_LABEL]: flow.to } },
                    policyTypes: ["Ingress"],
                    ingress: [{ from: [tierPeer(flow.from)], ports }],
                }),
            },
            {
                key: `${flow.key}-out`,
                manifest: policy(`${flow.key}-out`, flow.from, labels, {
                    podSelector: { matchLabels: { [TIER_LABEL]: flow.from } },
                    policyTypes: ["Egress"],
                    egress: [{ to: [tierPeer(flow.to)], ports }],
                }),
            },
        ];
    });
}

/** `allow-mesh-control-plane`: egress from every pod (each has a sidecar) to istiod on 15012 (xDS and certificates). */
export function meshControlPlaneEgress(namespace: string, labels: Record<string, string>): Manifest {
    return policy(MESH_CONTROL_PLANE_EGRESS_NAME, namespace, labels, {
        podSelector: {},
        policyTypes: ["Egress"],
        egress: [
            {
                to: [
                    {
                        namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: PLATFORM_NAMESPACES.mesh } },
                        podSelector: { matchLabels: { ...ISTIOD_POD_LABELS } },
                    },
                ],
                ports: [{ port: ISTIOD_XDS_PORT, protocol: "TCP" }],
            },
        ],
    });
}

/**
 * `allow-cloud-identity`: egress from pods with a cloud identity (`podSelector`) to the cloud's
 * token endpoints, one rule per peer with its own TCP ports; undefined when there are no peers.
 */
export function identityEgress(namespace: string, peers: EgressPeer[], podSelector: Record<string, string>, labels: Record<string, string>): Manifest | undefined {
    if (peers.length === 0) return undefined;
    return policy(IDENTITY_EGRESS_NAME, namespace, labels, {
        podSelector: { matchLabels: { ...podSelector } },
        policyTypes: ["Egress"],
        egress: peers.map((peer) => ({
            to: [{ ipBlock: { cidr: peer.cidr, ...(peer.except && peer.except.length > 0 ? { except: [...peer.except] } : {}) } }],
            ports: peer.ports.map((port) => ({ port, protocol: "TCP" })),
        })),
    });
}
