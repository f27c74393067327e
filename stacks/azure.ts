/**
 * Composes the Azure landing zone from its five pillars. The order follows the dependencies:
 * identity first (workload identities, the deploy identity or by default the lookup of the one the
 * bootstrap declared, policy and PIM), then the hub and spoke (everything private lands in its
 * private-endpoint subnet and DNS zones), then data (keys, the vault and storage behind private
 * endpoints), then visibility (the workspace and the log archive encrypt with data's key; the flow
 * logs and diagnostic settings of the network and data resources are declared there, because their
 * destinations exist only from that point), then workloads (registry and AKS, which log to the
 * workspace themselves).
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/azure-native/provider";
import { Provider as EntraProvider } from "@pulumi/azuread/provider";
import { getGroupOutput } from "@pulumi/azuread/getGroup";
import type { Intent } from "../config/schema";
import { AzureData } from "../components/azure/data";
import { AzureIdentity } from "../components/azure/identity";
import { AzureNetwork } from "../components/azure/network";
import { AzureVisibility } from "../components/azure/visibility";
import { AzureWorkload } from "../components/azure/workload";
import { azureNames, defaultImageRegex } from "../components/azure/names";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";
import { buildKubernetesBaseline } from "./kubernetes";
import { AZURE_CLIENT_ID_ANNOTATION, AZURE_IDENTITY_EGRESS, AZURE_USE_LABEL, AzureClusterWorkloads } from "../components/azure/cluster-workloads";

type AzureIntent = Extract<Intent, { cloud: "azure" }>;

/** Entra group display name → object id, looked up once (the offline plan answers with stable fakes). */
function groupIds(names: string[], provider: EntraProvider): Record<string, pulumi.Output<string>> {
    return Object.fromEntries(names.map((n) => [n, getGroupOutput({ displayName: n, securityEnabled: true }, { provider }).objectId]));
}

export function buildAzure(intent: AzureIntent): LandingZoneOutputs {
    const azure = intent.azure;
    const prefix = namePrefix(intent);
    const root = new LandingZone("azure", prefix, { tags: tagContext(intent) });
    // Explicit providers pinned to the configured subscription and tenant: ambient `az login`
    // context can never redirect a deployment.
    const provider = new Provider("azure", { location: azure.location, subscriptionId: azure.subscriptionId, tenantId: azure.tenantId }, { parent: root });
    const entra = new EntraProvider("entra", { tenantId: azure.tenantId }, { parent: root });
    const opts = { parent: root, providers: [provider, entra] };
    const protect = intent.data.deletionProtection;
    const groups = groupIds([...new Set([...intent.admin.groups, ...azure.approverGroups, ...azure.auditorGroups])], entra);
    // Keyed by display name, so reordering the groups in config never replaces an assignment.
    const pick = (names: string[]) => Object.fromEntries(names.map((n) => [n, groups[n]]));

    const identity = new AzureIdentity("identity", {
        namePrefix: prefix,
        location: azure.location,
        subscriptionId: azure.subscriptionId,
        tenantId: azure.tenantId,
        policyEnforcement: azure.policyEnforcement,
        allowedImageRegex: azure.allowedImageRegex ?? defaultImageRegex(prefix),
        managementGroups: azure.managementGroups,
        entra: azure.entra,
        adminGroupIds: pick(intent.admin.groups),
        approverGroupIds: Object.values(pick(azure.approverGroups)),
        auditorGroupIds: pick(azure.auditorGroups),
        maxActivationMinutes: intent.admin.maxElevationMinutes,
        workloadIdentities: Object.keys(azure.workloadIdentities),
        github: intent.ci,
        deployIdentity: intent.ci.deployIdentity,
        roleManagementPolicyNames: azure.pimPolicyNames,
    }, opts);

    const network = new AzureNetwork("network", {
        ...networkPlan(intent),
        location: azure.location,
        hubAddressSpace: azure.hubAddressSpace,
        privateEndpointSlot: azure.privateEndpointSlot,
        flows: intent.network.flows,
        ingress: intent.network.ingress,
        firewall: { ...azure.firewall, allowAks: azure.aks.enabled },
    }, opts);

    const data = new AzureData("data", {
        namePrefix: prefix,
        location: azure.location,
        subscriptionId: azure.subscriptionId,
        tenantId: azure.tenantId,
        keyAdministratorIds: { deploy: identity.deployPrincipalId },
        storageAccounts: azure.storageAccounts,
        defaultClassification: intent.data.defaultClassification,
        privateEndpointSubnetId: network.privateEndpointSubnetId,
        privateDnsZoneIds: network.privateDnsZoneIds,
        protect,
    }, opts);

    const visibility = new AzureVisibility("visibility", {
        namePrefix: prefix,
        location: azure.location,
        subscriptionId: azure.subscriptionId,
        retentionDays: intent.logging.retentionDays,
        archiveKey: data.keys.logs,
        encryptionIdentity: data.encryptionIdentity,
        privateEndpointSubnetId: network.privateEndpointSubnetId,
        privateDnsZoneIds: network.privateDnsZoneIds,
        flowLogTargets: network.virtualNetworkIds,
        diagnosticTargets: {
            ...Object.fromEntries(Object.entries(network.networkSecurityGroupIds).map(([k, id]) => [`nsg-${k}`, { resourceId: id, kind: "nsg" as const }])),
            "key-vault": { resourceId: data.keyVaultId, kind: "keyvault" as const },
            ...Object.fromEntries(Object.entries(data.storageAccountIds).map(([k, id]) => [`storage-${k}`, { resourceId: id, kind: "storage" as const }])),
        },
        manageTenant: azure.entra.manage,
        archiveImmutabilityState: azure.lockLogArchive ? "Locked" : "Unlocked",
        alertEmails: azure.alertEmails,
        defaultClassification: intent.data.defaultClassification,
        protect,
    }, opts);

    const workload = new AzureWorkload("workload", {
        namePrefix: prefix,
        location: azure.location,
        subscriptionId: azure.subscriptionId,
        tenantId: azure.tenantId,
        registryKey: data.keys.registry,
        clusterKey: data.keys.cluster,
        keyVaultId: data.keyVaultId,
        encryptionIdentity: data.encryptionIdentity,
        privateEndpointSubnetId: network.privateEndpointSubnetId,
        privateDnsZoneIds: network.privateDnsZoneIds,
        nodeSubnetId: network.subnetIds["app"]["regional"],
        nodeSecurityGroupId: network.applicationSecurityGroupIds["app"],
        egressViaFirewall: azure.firewall.enabled,
        workspaceId: visibility.workspaceId,
        aks: { ...azure.aks, adminGroupIds: Object.values(pick(intent.admin.groups)) },
        protect,
    }, opts);

    if (intent.kubernetes.enabled) {
        // The semantic checks guarantee exactly one of the two: AKS built here, or an existing cluster (with its issuer).
        const existing = intent.kubernetes.existingCluster;
        const workloads = Object.fromEntries(Object.entries(intent.kubernetes.workloads).map(([w, spec]) => [w, { namespace: spec.tier }]));
        const federation = new AzureClusterWorkloads("cluster-workloads", {
            resourceGroupName: identity.workloadIdentityResourceGroup,
            identities: Object.fromEntries(Object.keys(workloads).map((w) => [w, { name: identity.workloadIdentityNames[w], clientId: identity.workloadIdentityClientIds[w] }])),
            workloads,
            oidcIssuerUrl: workload.cluster?.oidcIssuerUrl ?? existing!.oidcIssuerUrl!,
            // Kyverno reads signatures from the landing zone's registry only. Not `<prefix>-id-<name>`: that is a workload identity's name, and a workload may be called kyverno.
            registryReader: { identityName: `${prefix}-kyverno`, location: azure.location, subscriptionId: azure.subscriptionId, registryId: workload.registryId },
        }, opts);
        buildKubernetesBaseline(intent, {
            kubeconfig: workload.cluster?.kubeconfig ?? existing!.kubeconfig,
            context: existing?.context,
            registry: `${azureNames(prefix).registry}.azurecr.io`,
            identity: Object.fromEntries(Object.keys(workloads).map((w) => [w, {
                serviceAccountAnnotations: { [AZURE_CLIENT_ID_ANNOTATION]: federation.clientIds[w] },
                podLabels: { [AZURE_USE_LABEL]: "true" },
            }])),
            identityEgress: AZURE_IDENTITY_EGRESS,
            falcoOutput: { kind: "stdout", collector: "Azure Monitor Container Insights (the AKS monitoring add-on)" },
            registryIdentity: federation.registryIdentity,
        }, root);
    }

    const outputs: LandingZoneOutputs = {
        cloud: "azure",
        environment: intent.environment,
        network: { id: network.virtualNetworkId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
        ...(workload.cluster ? { kubernetes: { clusterName: workload.cluster.name, kubeconfig: workload.cluster.kubeconfig } } : {}),
    };
    root.complete({ ...outputs });
    return outputs;
}
