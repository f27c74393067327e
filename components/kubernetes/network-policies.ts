/** CONTRACT STUB: helper A implements. Pure builders of the baseline's NetworkPolicies. */
import type { Flow } from "../../config/schema";
import type { EgressPeer, Manifest } from "./labels";

/** `default-deny`: selects every pod, policyTypes Ingress and Egress, no rules. */
export function defaultDeny(namespace: string, labels: Record<string, string>): Manifest {
    throw new Error(`not implemented ${namespace} ${JSON.stringify(labels)}`);
}

/** `allow-dns`: egress from every pod to kube-dns (kube-system, k8s-app=kube-dns) on 53/UDP and 53/TCP. */
export function dnsEgress(namespace: string, labels: Record<string, string>): Manifest {
    throw new Error(`not implemented ${namespace} ${JSON.stringify(labels)}`);
}

/** Per flow: an ingress policy in the destination tier's namespace and an egress policy in the source's, keyed `<flow.key>-in` / `<flow.key>-out`. */
export function flowPolicies(flows: Flow[], labels: Record<string, string>): { key: string; manifest: Manifest }[] {
    throw new Error(`not implemented ${JSON.stringify({ flows, labels })}`);
}

/** `allow-mesh-control-plane`: egress to istiod (istio-system) on 15012 (xDS and certificates), for sidecars. */
export function meshControlPlaneEgress(namespace: string, labels: Record<string, string>): Manifest {
    throw new Error(`not implemented ${namespace} ${JSON.stringify(labels)}`);
}

/** `allow-cloud-identity`: egress from pods with a cloud identity to the cloud's token endpoints; undefined when there are no peers. */
export function identityEgress(namespace: string, peers: EgressPeer[], podSelector: Record<string, string>, labels: Record<string, string>): Manifest | undefined {
    throw new Error(`not implemented ${namespace} ${JSON.stringify({ peers, podSelector, labels })}`);
}
