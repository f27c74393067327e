/**
 * Composes the GCP landing zone from its five pillars. The order follows the dependencies:
 * identity first (organization policies, the service accounts the firewall targets and the
 * workloads run as, PAM, and the pipeline's deploy identity with `ci.deployIdentity: stack`), then the network (its firewall names the
 * tiers' service accounts), then data (the key ring every other pillar encrypts with, buckets,
 * secrets, DLP), then visibility (the log bucket and the findings topic encrypt with data's keys),
 * then workloads (registry and GKE, on the app tier's subnetwork, with data's keys).
 */
import { Provider } from "@pulumi/gcp/provider";
import { getProjectOutput } from "@pulumi/gcp/organizations/getProject";
import type { Intent } from "../config/schema";
import { GcpData } from "../components/gcp/data";
import { GcpIdentity } from "../components/gcp/identity";
import { GcpNetwork } from "../components/gcp/network";
import { GcpVisibility } from "../components/gcp/visibility";
import { GcpWorkload } from "../components/gcp/workload";
import { GcpClusterWorkloads, GKE_METADATA_EGRESS } from "../components/gcp/cluster-workloads";
import { gcpNames } from "../components/gcp/names";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";
import { buildKubernetesBaseline } from "./kubernetes";

type GcpIntent = Extract<Intent, { cloud: "gcp" }>;

export function buildGcp(intent: GcpIntent): LandingZoneOutputs {
    const gcp = intent.gcp;
    const prefix = namePrefix(intent);
    const root = new LandingZone("gcp", prefix, { tags: tagContext(intent) });
    // An explicit provider: project and region come from the validated intent, never from ambient
    // `gcloud` config, so a stale default project can never receive a deployment.
    const provider = new Provider("gcp", { project: gcp.project, region: gcp.region }, { parent: root });
    const opts = { parent: root, providers: [provider] };
    const protect = intent.data.deletionProtection;
    // Service agents and VPC-SC name the project by number, which only the API knows.
    const projectNumber = getProjectOutput({ projectId: gcp.project }, { provider }).apply((p) => p.number!);
    const common = { namePrefix: prefix, project: gcp.project, projectNumber, region: gcp.region };

    const identity = new GcpIdentity("identity", {
        ...common,
        organizationId: gcp.organizationId,
        customerId: gcp.customerId,
        policyScope: gcp.policyScope,
        allowedLocations: gcp.allowedLocations,
        adminGroups: gcp.adminGroups,
        approverGroups: gcp.approverGroups,
        auditorGroups: gcp.auditorGroups,
        maxElevationMinutes: intent.admin.maxElevationMinutes,
        tiers: Object.keys(intent.network.tiers),
        workloadServiceAccounts: gcp.workloadServiceAccounts,
        github: intent.ci,
        deployIdentity: intent.ci.deployIdentity,
    }, opts);

    const network = new GcpNetwork("network", {
        ...networkPlan(intent),
        project: gcp.project,
        projectNumber,
        region: gcp.region,
        flows: intent.network.flows,
        ingress: intent.network.ingress,
        tierServiceAccounts: identity.tierServiceAccounts,
        servicesSlot: gcp.servicesSlot,
        nat: gcp.nat,
        vpcServiceControls: gcp.vpcServiceControls,
        clusterRanges: gcp.gke.enabled ? { pods: gcp.gke.podCidr, services: gcp.gke.serviceCidr } : undefined,
    }, opts);

    const data = new GcpData("data", {
        ...common,
        buckets: gcp.buckets,
        secrets: gcp.secrets,
        workloadServiceAccounts: identity.workloadServiceAccounts,
        secretClassification: intent.data.defaultClassification,
        protect,
    }, opts);

    new GcpVisibility("visibility", {
        ...common,
        organizationId: gcp.organizationId,
        policyScope: gcp.policyScope,
        retentionDays: intent.logging.retentionDays,
        lockLogBucket: gcp.lockLogBucket,
        logsKey: data.keys.logs,
        pubsubKey: data.keys.pubsub,
        alertEmails: gcp.alertEmails,
        vpcServiceControls: gcp.vpcServiceControls !== undefined,
        protect,
    }, opts);

    const workload = new GcpWorkload("workload", {
        ...common,
        registryKey: data.keys.registry,
        clusterKey: data.keys.cluster,
        disksKey: data.keys.disks,
        networkId: network.networkId,
        subnetId: network.subnetIds["app"]["regional"],
        clusterRangeNames: network.clusterRangeNames,
        controlPlaneCidr: network.controlPlaneCidr,
        authorizedRanges: { "app-tier": network.tierCidrs["app"], ...gcp.gke.authorizedRanges },
        nodeServiceAccount: identity.tierServiceAccounts["app"],
        keyRingId: data.keyRingId,
        gke: gcp.gke,
        protect,
    }, opts);

    if (intent.kubernetes.enabled) {
        // The semantic checks guarantee exactly one of the two: GKE built here, or an existing cluster.
        const existing = intent.kubernetes.existingCluster;
        const workloads = intent.kubernetes.workloads;
        const names = gcpNames(prefix, gcp.project, gcp.region);
        // After the cluster: the Workload Identity pool exists only once a cluster of the project uses it.
        const bindings = new GcpClusterWorkloads("cluster-workloads", {
            project: gcp.project,
            workloads: Object.fromEntries(Object.entries(workloads).map(([w, spec]) => [w, { namespace: spec.tier, serviceAccount: identity.workloadServiceAccounts[w] }])),
            // Kyverno reads signatures from the landing zone's repository only, by its name, so the grant reads at preview.
            registryReader: { accountId: `${prefix}-kyverno`, location: gcp.region, repository: names.registry },
        }, { ...opts, dependsOn: [workload] });
        buildKubernetesBaseline(intent, {
            kubeconfig: workload.cluster?.kubeconfig ?? existing!.kubeconfig,
            context: existing?.context,
            registry: `${gcp.region}-docker.pkg.dev/${gcp.project}/${names.registry}`,
            identity: Object.fromEntries(Object.keys(workloads).map((w) => [w, { serviceAccountAnnotations: bindings.annotations[w], podLabels: {} }])),
            identityEgress: GKE_METADATA_EGRESS,
            falcoOutput: { kind: "stdout", collector: "Cloud Logging (the cluster's WORKLOADS logging component)" },
            // GKE's nodes keep CNI plugins outside the default /opt/cni/bin.
            cniBinDir: "/home/kubernetes/bin",
            registryIdentity: bindings.registryIdentity,
        }, root);
    }

    const outputs: LandingZoneOutputs = {
        cloud: "gcp",
        environment: intent.environment,
        network: { id: network.networkId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
        ...(workload.cluster ? { kubernetes: { clusterName: workload.cluster.name, kubeconfig: workload.cluster.kubeconfig } } : {}),
    };
    root.complete({ ...outputs });
    return outputs;
}
