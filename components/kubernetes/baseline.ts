/**
 * zt:k8s:WorkloadBaseline — Zero Trust inside a cluster, on any cluster. It takes a Kubernetes
 * provider (through `providers`) and the landing zone's cloud-neutral intent, and declares:
 * - a namespace per tier, Pod Security Admission `restricted`, with a quota and default limits;
 * - default-deny NetworkPolicies in each, DNS egress, and one allow per intent flow;
 * - a ServiceAccount per workload (no token mounted), wearing its cloud identity, and a Role only
 *   when the workload calls the Kubernetes API; no binding to cluster-admin at all;
 * - Istio with STRICT mTLS and per-flow ALLOW policies (optional), Kyverno admission policies,
 *   Falco runtime detection (optional), and each workload that names an image through the secure
 *   workload helper.
 *
 * Cloud specifics (identity annotations, the egress to the cloud's token endpoint, where Falco's
 * alerts go, the CNI directory) arrive as arguments from the cloud's composition, so this file
 * never branches on a cloud.
 */
import * as pulumi from "@pulumi/pulumi";
import { LimitRange, Namespace, ResourceQuota, ServiceAccount } from "@pulumi/kubernetes/core/v1";
import { NetworkPolicy } from "@pulumi/kubernetes/networking/v1";
import { Role, RoleBinding } from "@pulumi/kubernetes/rbac/v1";
import type { Flow } from "../../config/schema";
import { Admission, type AdmissionArgs } from "./admission";
import { CLOUD_IDENTITY_LABEL, PLATFORM_NAMESPACES, objectArgs, SYSTEM_NAMESPACES, type BaselineWorkload, type EgressPeer, type Manifest, type WorkloadIdentityWiring } from "./labels";
import { Mesh } from "./mesh";
import { limitRange, resourceQuota, tenantNamespace } from "./namespaces";
import { defaultDeny, dnsEgress, flowPolicies, identityEgress, meshControlPlaneEgress } from "./network-policies";
import { serviceAccount, workloadRole } from "./rbac";
import { RuntimeDetection, type FalcoOutput } from "./runtime-detection";
import { SecureWorkload } from "./secure-workload";

export interface WorkloadBaselineArgs {
    /** Labels on every object: the landing zone's owner, environment and managed-by, and the stack's label-safe tags. */
    labels: Record<string, string>;
    /** The intent's tiers; each becomes a namespace of the same name. CAUTION: renaming a tier replaces its namespace and everything in it. */
    tiers: string[];
    /** Tier-to-tier flows; everything else between namespaces is denied. */
    flows: Flow[];
    /** Workloads by name (service account, identity, RBAC, and a Deployment when `image` is set). */
    workloads: Record<string, BaselineWorkload>;
    /** Per workload, how its pods authenticate to the cloud. Default: none (no cloud identity). */
    identity?: Record<string, WorkloadIdentityWiring>;
    /** Egress the cloud's token endpoints need, opened only for pods with a cloud identity. Default: none. */
    identityEgress?: EgressPeer[];
    /** Per-namespace ResourceQuota. */
    quota: { cpu: string; memory: string; pods: number };
    /** LimitRange defaults for containers that state none; also the secure workload helper's resources. */
    containerDefaults: { requests: { cpu: string; memory: string }; limits: { cpu: string; memory: string } };
    /** Istio with STRICT mTLS. Default: none (no mesh). */
    mesh?: { chartVersion: string; cniBinDir?: string };
    /** Kyverno: mode, trusted registries, signer and digest pinning. Always on. */
    admission: Omit<AdmissionArgs, "labels" | "excludedNamespaces">;
    /** Falco on every node. Default: none (no runtime detection). */
    runtimeDetection?: { chartVersion: string; output: FalcoOutput };
}

export class WorkloadBaseline extends pulumi.ComponentResource {
    /** Tier → namespace name. */
    readonly namespaces: Record<string, string>;
    /** Workload → `<namespace>/<service account>`. */
    readonly serviceAccounts: Record<string, string>;

    constructor(name: string, args: WorkloadBaselineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:k8s:WorkloadBaseline", name, {}, opts);
        const child = { parent: this };
        const labels = args.labels;
        const identity = args.identity ?? {};

        const namespaces: Record<string, Namespace> = {};
        for (const tier of args.tiers) {
            const ns = new Namespace(`${name}-ns-${tier}`, objectArgs(tenantNamespace(tier, { labels, meshInjection: args.mesh !== undefined })), child);
            namespaces[tier] = ns;
            const inNs = { parent: this, dependsOn: [ns] };
            new ResourceQuota(`${name}-quota-${tier}`, objectArgs(resourceQuota(tier, args.quota, labels)), inNs);
            new LimitRange(`${name}-limits-${tier}`, objectArgs(limitRange(tier, args.containerDefaults, labels)), inNs);
            new NetworkPolicy(`${name}-deny-${tier}`, objectArgs(defaultDeny(tier, labels)), inNs);
            new NetworkPolicy(`${name}-dns-${tier}`, objectArgs(dnsEgress(tier, labels)), inNs);
            if (args.mesh) new NetworkPolicy(`${name}-mesh-egress-${tier}`, objectArgs(meshControlPlaneEgress(tier, labels)), inNs);
            const identified = Object.entries(args.workloads).filter(([w, spec]) => spec.tier === tier && identity[w] !== undefined);
            if (identified.length > 0 && (args.identityEgress ?? []).length > 0) {
                const manifest = identityEgress(tier, args.identityEgress!, { [CLOUD_IDENTITY_LABEL]: "true" }, labels);
                if (manifest) new NetworkPolicy(`${name}-identity-egress-${tier}`, objectArgs(manifest), inNs);
            }
        }
        for (const { key, manifest } of flowPolicies(args.flows, labels)) {
            new NetworkPolicy(`${name}-flow-${key}`, objectArgs(manifest), { parent: this, dependsOn: [namespaces[manifest.metadata.namespace!]] });
        }

        const serviceAccounts: Record<string, ServiceAccount> = {};
        for (const [workload, spec] of Object.entries(args.workloads)) {
            const inNs = { parent: this, dependsOn: [namespaces[spec.tier]] };
            serviceAccounts[workload] = new ServiceAccount(`${name}-sa-${workload}`, objectArgs(serviceAccount(workload, spec.tier, identity[workload], labels)), inNs);
            const rbac = workloadRole(workload, spec.tier, spec.apiAccess, labels);
            if (rbac) {
                const role = new Role(`${name}-role-${workload}`, objectArgs(rbac.role), inNs);
                new RoleBinding(`${name}-rolebinding-${workload}`, objectArgs(rbac.binding), { parent: this, dependsOn: [role, serviceAccounts[workload]] });
            }
        }

        const platform: pulumi.Resource[] = [];
        if (args.mesh) {
            platform.push(new Mesh(`${name}-mesh`, {
                labels,
                chartVersion: args.mesh.chartVersion,
                cniBinDir: args.mesh.cniBinDir,
                tiers: args.tiers,
                flows: args.flows,
                workloads: args.workloads,
                namespaces,
                // The sidecar would otherwise capture the token endpoint's link-local traffic, which has no mTLS peer.
                identityEgress: args.identityEgress,
            }, child));
        }
        platform.push(new Admission(`${name}-admission`, {
            ...args.admission,
            labels,
            excludedNamespaces: [...SYSTEM_NAMESPACES, ...Object.values(PLATFORM_NAMESPACES)],
        }, child));
        if (args.runtimeDetection) {
            platform.push(new RuntimeDetection(`${name}-runtime`, { labels, ...args.runtimeDetection }, child));
        }

        for (const [workload, spec] of Object.entries(args.workloads)) {
            if (spec.image === undefined) continue;
            // After admission and the mesh: a pod admitted before Kyverno is never checked, and one
            // started before istiod has no sidecar, so STRICT mTLS would cut it off.
            new SecureWorkload(workload, {
                namespace: spec.tier,
                image: spec.image,
                port: spec.port,
                replicas: spec.replicas,
                serviceAccountName: workload,
                tier: spec.tier,
                labels,
                podLabels: identity[workload] ? { [CLOUD_IDENTITY_LABEL]: "true", ...identity[workload].podLabels } : undefined,
                resources: args.containerDefaults,
                mountServiceAccountToken: spec.apiAccess.length > 0,
                // A flow that names methods is an HTTP flow: the mesh can only judge methods on a port it parses as HTTP.
                appProtocol: spec.methods ? "http" : undefined,
            }, { parent: this, dependsOn: [serviceAccounts[workload], ...platform] });
        }

        this.namespaces = Object.fromEntries(args.tiers.map((t) => [t, t]));
        this.serviceAccounts = Object.fromEntries(Object.entries(args.workloads).map(([w, s]) => [w, `${s.tier}/${w}`]));
        this.registerOutputs({ namespaces: this.namespaces, serviceAccounts: this.serviceAccounts });
    }
}

/** Re-exported for the compositions and tests. */
export type { Manifest };
