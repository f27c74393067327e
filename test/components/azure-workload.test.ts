import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import * as pulumi from "@pulumi/pulumi";
import { stackCapture, stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph, type CapturedResource } from "../../plan/graph";
import { KNOWN_INVOKES, offlineGroupId } from "../../plan/invokes";
import { stableGuid } from "../../components/azure/names";
import {
    AKS_ROLES,
    IMAGE_CLEANER_INTERVAL_HOURS,
    apiServerAccessProfile,
    clusterKubeconfig,
    clusterOutboundType,
    kubeconfigFrom,
    securityProfile,
    vnetIdOfSubnet,
} from "../../components/azure/workload-aks";
import { registryPolicies } from "../../components/azure/workload-registry";

const CREDENTIALS_INVOKE = "azure-native:containerservice:listManagedClusterUserCredentials";
/** The subscription the stack file configures, and the one the offline getClientConfig answers with. */
const SUBSCRIPTIONS: Record<string, string[]> = {
    "azure-prod": ["00000000-0000-4000-8000-000000000002"],
    "azure-dev": ["00000000-0000-4000-8000-000000000001"],
};
/** Owner, Contributor, User Access Administrator: never granted standing. */
const PRIVILEGED_ROLES = ["8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"];

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const component = (g: CapturedGraph, type: string) => {
    const r = g.resources.find((x) => x.type === type);
    assert.ok(r, `${type} registered`);
    return r;
};
const childrenOf = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.parent === component(g, type).urn);
/** The one resource of `type` another pillar declares, found by its name inside that pillar. */
const pillarResource = (g: CapturedGraph, pillar: string, type: string, name: string) => {
    const r = g.resources.find((x) => x.type === type && x.name === name && x.urn.includes(`zt:azure:${pillar}$`));
    assert.ok(r, `${pillar} declares ${type} ${name}`);
    return r;
};
const dnsZone = (g: CapturedGraph, zoneName: string) => {
    const r = g.resources.find((x) => x.type === "azure-native:privatedns:PrivateZone" && x.inputs["privateZoneName"] === zoneName);
    assert.ok(r, `the hub's ${zoneName} zone`);
    return r;
};
/** The subscription the workload composed its ids with: the stack's configured one. */
function subscriptionOf(g: CapturedGraph, stack: string): string {
    const uri = byName(g, "workload-registry-diagnostics").inputs["resourceUri"] as string;
    const sub = /^\/subscriptions\/([^/]+)\//.exec(uri)?.[1];
    assert.ok(sub && SUBSCRIPTIONS[stack].includes(sub), `registry id ${uri} names the stack's subscription`);
    return sub;
}
const registryId = (sub: string, env: string) =>
    `/subscriptions/${sub}/resourceGroups/zt-${env}-workload-rg/providers/Microsoft.ContainerRegistry/registries/zt${env}acr`;
const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));

const WORKLOAD_CHILDREN = [
    "azure-native:containerregistry:Registry::workload-registry",
    "azure-native:monitor:DiagnosticSetting::workload-registry-diagnostics",
    "azure-native:network:PrivateDnsZoneGroup::workload-registry-pe-dns",
    "azure-native:network:PrivateEndpoint::workload-registry-pe",
    "azure-native:resources:ResourceGroup::workload-rg",
];

/** The registry hardening both stacks share, exactly as the wire shows it. */
function assertRegistryHardened(g: CapturedGraph, env: string) {
    const registry = byName(g, "workload-registry");
    const i = registry.inputs;
    assert.deepEqual(
        {
            registryName: i["registryName"], resourceGroupName: i["resourceGroupName"], sku: i["sku"], adminUserEnabled: i["adminUserEnabled"],
            anonymousPullEnabled: i["anonymousPullEnabled"], publicNetworkAccess: i["publicNetworkAccess"], networkRuleSet: i["networkRuleSet"],
            networkRuleBypassOptions: i["networkRuleBypassOptions"], zoneRedundancy: i["zoneRedundancy"], dataEndpointEnabled: i["dataEndpointEnabled"],
            policies: i["policies"],
        },
        {
            registryName: `zt${env}acr`, resourceGroupName: `zt-${env}-workload-rg`, sku: { name: "Premium" }, adminUserEnabled: false,
            anonymousPullEnabled: false, publicNetworkAccess: "Disabled", networkRuleSet: { defaultAction: "Deny", ipRules: [] },
            networkRuleBypassOptions: "AzureServices", zoneRedundancy: "Enabled", dataEndpointEnabled: true,
            policies: {
                quarantinePolicy: { status: "enabled" },
                trustPolicy: { type: "Notary", status: "disabled" },
                retentionPolicy: { status: "enabled", days: 7 },
                exportPolicy: { status: "disabled" },
                azureADAuthenticationAsArmPolicy: { status: "disabled" },
            },
        },
    );
    // CMK through Data's encryption identity, by the versionless key URI (the registry follows rotation).
    const identity = pillarResource(g, "Data", "azure-native:managedidentity:UserAssignedIdentity", "data-encryption-identity");
    assert.deepEqual(i["identity"], { type: "UserAssigned", userAssignedIdentities: { [`${identity.name}-id`]: {} } });
    const encryption = i["encryption"] as { status: string; keyVaultProperties: { keyIdentifier: string } };
    assert.equal(encryption.status, "enabled");
    assert.match(encryption.keyVaultProperties.keyIdentifier, new RegExp(`^https://zt-${env}-kv\\.vault\\.azure\\.net/keys/registry$`));
    const key = pillarResource(g, "Data", "azure-native:keyvault:Key", "data-key-registry");
    assert.ok(registry.propertyDependencies["encryption"].includes(key.urn), "encrypted with Data's registry key");
    assert.ok(registry.propertyDependencies["encryption"].includes(identity.urn), "unwrapped by Data's encryption identity (its clientId)");
    assert.equal((i["tags"] as Record<string, string>)["data-classification"], "internal");
}

/** Private endpoint, DNS zone group and diagnostic setting of the registry. */
function assertRegistryCompanions(g: CapturedGraph, stack: string, env: string) {
    const id = registryId(subscriptionOf(g, stack), env);
    const pe = byName(g, "workload-registry-pe");
    assert.deepEqual(pe.inputs["privateLinkServiceConnections"], [{ name: `zt${env}acr`, privateLinkServiceId: id, groupIds: ["registry"] }]);
    assert.deepEqual(pe.propertyDependencies["subnet"], [pillarResource(g, "Network", "azure-native:network:Subnet", "network-private-endpoints").urn]);
    assert.ok(pe.propertyDependencies["privateLinkServiceConnections"].includes(byName(g, "workload-registry").urn), "the endpoint waits for the registry");
    const group = byName(g, "workload-registry-pe-dns");
    assert.deepEqual([group.inputs["privateEndpointName"], group.inputs["privateDnsZoneGroupName"]], [`zt${env}acr-pe`, "default"]);
    assert.deepEqual(group.propertyDependencies["privateEndpointName"], [pe.urn]);
    assert.deepEqual(group.propertyDependencies["privateDnsZoneConfigs"], [dnsZone(g, "privatelink.azurecr.io").urn]);
    const diagnostics = byName(g, "workload-registry-diagnostics");
    assert.deepEqual([diagnostics.inputs["resourceUri"], diagnostics.inputs["logs"], diagnostics.inputs["metrics"]], [
        id, [{ categoryGroup: "allLogs", enabled: true }], [{ category: "AllMetrics", enabled: true }],
    ]);
    assert.deepEqual(diagnostics.propertyDependencies["workspaceId"], [pillarResource(g, "Visibility", "azure-native:operationalinsights:Workspace", "visibility-workspace").urn]);
}

describe("zt:azure:Workload (azure-prod)", () => {
    let graph: CapturedGraph;
    let sub: string;
    before(async () => {
        graph = await stackGraph("azure-prod");
        sub = subscriptionOf(graph, "azure-prod");
    });

    it("declares exactly the resource group, the registry with its companions, and the cluster component", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:azure:Workload")), [...WORKLOAD_CHILDREN, "zt:azure:Cluster::workload-aks"].sort());
    });

    it("declares exactly the cluster's parts under zt:azure:Cluster, keyed by words", () => {
        const p = "workload-aks";
        assert.deepEqual(ids(childrenOf(graph, "zt:azure:Cluster")), [
            ...["dns-zone", "kms-key", "kms-vault", "kubelet-acr-pull", "kubelet-operator", "network", "node-asg"].map((k) => `azure-native:authorization:RoleAssignment::${p}-role-${k}`),
            `azure-native:containerservice:ManagedCluster::${p}-cluster`,
            `azure-native:managedidentity:UserAssignedIdentity::${p}-identity`,
            `azure-native:managedidentity:UserAssignedIdentity::${p}-kubelet-identity`,
            `azure-native:monitor:DiagnosticSetting::${p}-diagnostics`,
        ].sort());
    });

    it("makes the registry Premium, private, Entra-only, CMK-encrypted and quarantined, and protects it", () => {
        assertRegistryHardened(graph, "prod");
        assert.equal(byName(graph, "workload-registry").protect, true);
    });

    it("reaches the registry only through its private endpoint in the hub's zone, and logs it to the workspace", () => {
        assertRegistryCompanions(graph, "azure-prod", "prod");
    });

    it("makes the cluster private with no public FQDN, its record in the hub's AKS zone", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        const zone = dnsZone(graph, "privatelink.westeurope.azmk8s.io");
        assert.deepEqual(cluster.inputs["apiServerAccessProfile"], {
            enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: `${zone.name}-id`, disableRunCommand: true,
        });
        assert.deepEqual(cluster.propertyDependencies["apiServerAccessProfile"], [zone.urn]);
        assert.equal(cluster.inputs["publicNetworkAccess"], "Disabled");
    });

    it("lets only Entra ID in: local accounts off, managed AAD with Azure RBAC, admin groups from config", () => {
        const i = byName(graph, "workload-aks-cluster").inputs;
        assert.deepEqual([i["disableLocalAccounts"], i["enableRBAC"]], [true, true]);
        assert.deepEqual(i["aadProfile"], {
            managed: true, enableAzureRBAC: true, adminGroupObjectIDs: [offlineGroupId("zt-platform-admins")], tenantID: "00000000-0000-4000-8000-0000000000aa",
        });
        assert.deepEqual(i["oidcIssuerProfile"], { enabled: true });
    });

    it("builds the security profile from the workspace, the cluster key and the vault (unknown offline: the key version is)", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        // The provider folds the whole profile into one value, and the KMS key's version exists only once the key does.
        assert.equal(cluster.inputs["securityProfile"], UNKNOWN_SENTINEL);
        const from = cluster.propertyDependencies["securityProfile"];
        for (const [pillar, type, name] of [
            ["Visibility", "azure-native:operationalinsights:Workspace", "visibility-workspace"],
            ["Data", "azure-native:keyvault:Key", "data-key-cluster"],
            ["Data", "azure-native:keyvault:Vault", "data-vault"],
        ]) {
            assert.ok(from.includes(pillarResource(graph, pillar, type, name).urn), `the security profile uses ${name}`);
        }
        assert.ok(!from.includes(pillarResource(graph, "Data", "azure-native:keyvault:Key", "data-key-storage").urn), "not another purpose's key");
    });

    it("turns on Azure Policy and Container Insights with Entra ID auth, into Visibility's workspace", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        const workspaceId = byName(graph, "workload-aks-diagnostics").inputs["workspaceId"];
        assert.match(String(workspaceId), /\/workspaces\/zt-prod-law$/);
        assert.deepEqual(cluster.inputs["addonProfiles"], {
            azurepolicy: { enabled: true },
            omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: workspaceId, useAADAuth: "true" } },
        });
        assert.deepEqual(cluster.propertyDependencies["addonProfiles"], [pillarResource(graph, "Visibility", "azure-native:operationalinsights:Workspace", "visibility-workspace").urn]);
    });

    it("uses CNI Overlay with Cilium policies and egresses only through the firewall", () => {
        assert.deepEqual(byName(graph, "workload-aks-cluster").inputs["networkProfile"], {
            networkPlugin: "azure", networkPluginMode: "overlay", networkDataplane: "cilium", networkPolicy: "cilium",
            loadBalancerSku: "standard", outboundType: "userDefinedRouting",
            // The provider's defaults, made visible by its Check-less defaults function.
            podCidr: "10.244.0.0/16", serviceCidr: "10.0.0.0/16", dnsServiceIP: "10.0.0.10",
        });
    });

    it("patches itself: the configured upgrade channel and weekly node images", () => {
        assert.deepEqual(byName(graph, "workload-aks-cluster").inputs["autoUpgradeProfile"], { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
    });

    it("runs one hardened, zonal, autoscaled system pool on the app subnet and the app ASG", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        const subnet = pillarResource(graph, "Network", "azure-native:network:Subnet", "network-app");
        const asg = pillarResource(graph, "Network", "azure-native:network:ApplicationSecurityGroup", "network-app-asg");
        assert.deepEqual(cluster.inputs["agentPoolProfiles"], [{
            name: "system", mode: "System", type: "VirtualMachineScaleSets", vmSize: "Standard_D4ds_v5", orchestratorVersion: "1.33",
            enableAutoScaling: true, count: 2, minCount: 2, maxCount: 5, availabilityZones: ["1", "2", "3"],
            osType: "Linux", osSKU: "AzureLinux", osDiskType: "Ephemeral", enableEncryptionAtHost: true, enableNodePublicIP: false,
            vnetSubnetID: `${subnet.name}-id`,
            networkProfile: { applicationSecurityGroups: [`${asg.name}-id`] },
            securityProfile: { sshAccess: "Disabled", enableSecureBoot: true, enableVTPM: true },
        }]);
        assert.deepEqual([...cluster.propertyDependencies["agentPoolProfiles"]].sort(), [subnet.urn, asg.urn].sort());
    });

    it("runs as its own control-plane and kubelet identities, in a read-only node resource group, and is protected", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        const i = cluster.inputs;
        assert.deepEqual(
            [i["resourceName"], i["dnsPrefix"], i["kubernetesVersion"], i["sku"], i["nodeResourceGroup"], i["nodeResourceGroupProfile"], cluster.protect],
            ["zt-prod-aks", "zt-prod-aks", "1.33", { name: "Base", tier: "Standard" }, "zt-prod-aks-nodes-rg", { restrictionLevel: "ReadOnly" }, true],
        );
        assert.deepEqual(i["identity"], { type: "UserAssigned", userAssignedIdentities: ["workload-aks-identity-id"] });
        assert.equal(
            (i["identityProfile"] as { kubeletidentity: { resourceId: string } }).kubeletidentity.resourceId,
            `/subscriptions/${sub}/resourceGroups/zt-prod-workload-rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/zt-prod-aks-kubelet`,
        );
        assert.deepEqual(
            ["workload-aks-identity", "workload-aks-kubelet-identity"].map((n) => byName(graph, n).inputs["resourceName"]),
            ["zt-prod-aks", "zt-prod-aks-kubelet"],
        );
    });

    it("grants each identity exactly its documented roles, at the narrowest scope, with stable names", () => {
        const identity = byName(graph, "workload-aks-identity").urn;
        const kubelet = byName(graph, "workload-aks-kubelet-identity").urn;
        const expected: Record<string, { role: keyof typeof AKS_ROLES; principal: string; scope: string }> = {
            "dns-zone": { role: "privateDnsZoneContributor", principal: identity, scope: dnsZone(graph, "privatelink.westeurope.azmk8s.io").urn },
            network: { role: "networkContributor", principal: identity, scope: pillarResource(graph, "Network", "azure-native:network:Subnet", "network-app").urn },
            "node-asg": { role: "networkContributor", principal: identity, scope: pillarResource(graph, "Network", "azure-native:network:ApplicationSecurityGroup", "network-app-asg").urn },
            "kms-key": { role: "keyVaultCryptoUser", principal: identity, scope: pillarResource(graph, "Data", "azure-native:keyvault:Key", "data-key-cluster").urn },
            "kms-vault": { role: "keyVaultContributor", principal: identity, scope: pillarResource(graph, "Data", "azure-native:keyvault:Vault", "data-vault").urn },
            "kubelet-operator": { role: "managedIdentityOperator", principal: identity, scope: kubelet },
            "kubelet-acr-pull": { role: "acrPull", principal: kubelet, scope: byName(graph, "workload-registry").urn },
        };
        for (const [key, want] of Object.entries(expected)) {
            const r = byName(graph, `workload-aks-role-${key}`);
            assert.deepEqual(
                [r.inputs["roleDefinitionId"], r.inputs["principalType"], r.inputs["roleAssignmentName"]],
                [`/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${AKS_ROLES[want.role]}`, "ServicePrincipal", stableGuid(`zt-prod-aks|${key}|${AKS_ROLES[want.role]}`)],
                key,
            );
            assert.deepEqual(r.propertyDependencies["principalId"], [want.principal], `${key}: principal`);
            assert.ok(r.propertyDependencies["scope"].includes(want.scope), `${key}: scope`);
            assert.ok(!PRIVILEGED_ROLES.some((g) => (r.inputs["roleDefinitionId"] as string).endsWith(g)), `${key}: no standing privileged role`);
        }
        assert.equal(byName(graph, "workload-aks-role-kubelet-acr-pull").inputs["scope"], registryId(sub, "prod"));
    });

    it("creates the cluster only after every role it needs exists", () => {
        const cluster = byName(graph, "workload-aks-cluster");
        for (const key of ["dns-zone", "network", "node-asg", "kms-key", "kms-vault", "kubelet-operator", "kubelet-acr-pull"]) {
            assert.ok(cluster.dependencies.includes(byName(graph, `workload-aks-role-${key}`).urn), `waits for ${key}`);
        }
    });

    it("sends every control-plane log (kube-audit included) and metric to the workspace", () => {
        const diagnostics = byName(graph, "workload-aks-diagnostics");
        assert.deepEqual([diagnostics.inputs["resourceUri"], diagnostics.inputs["logs"], diagnostics.inputs["metrics"]], [
            `/subscriptions/${sub}/resourceGroups/zt-prod-workload-rg/providers/Microsoft.ContainerService/managedClusters/zt-prod-aks`,
            [{ categoryGroup: "allLogs", enabled: true }], [{ category: "AllMetrics", enabled: true }],
        ]);
        assert.ok(diagnostics.propertyDependencies["resourceUri"].includes(byName(graph, "workload-aks-cluster").urn));
    });

    it("asks AKS once for the user kubeconfig", async () => {
        assert.equal((await stackCapture("azure-prod")).log.knownInvokes[CREDENTIALS_INVOKE], 1);
    });
});

describe("zt:azure:Workload (azure-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("azure-dev"); });

    it("declares the registry only: no cluster", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:azure:Workload")), WORKLOAD_CHILDREN);
        const aks = graph.resources.filter((r) => r.urn.includes("zt:azure:Workload$") && (r.type.startsWith("azure-native:containerservice:") || r.type === "zt:azure:Cluster" || r.type === "azure-native:authorization:RoleAssignment"));
        assert.deepEqual(ids(aks), []);
    });

    it("keeps the same registry hardening and private endpoint, without deletion protection", () => {
        assertRegistryHardened(graph, "dev");
        assertRegistryCompanions(graph, "azure-dev", "dev");
        assert.equal(byName(graph, "workload-registry").protect, false);
    });

    it("never asks for a kubeconfig", async () => {
        assert.equal((await stackCapture("azure-dev")).log.knownInvokes[CREDENTIALS_INVOKE], undefined);
    });
});

describe("azure workload builders", () => {
    it("refuses a cluster whose egress would not go through the firewall, saying which settings to change", () => {
        assert.equal(clusterOutboundType(true), "userDefinedRouting");
        assert.throws(() => clusterOutboundType(false), /outboundType userDefinedRouting.*azure\.firewall\.enabled to true, or azure\.aks\.enabled to false/);
    });

    it("derives the virtual network from a subnet id", () => {
        const vnet = "/subscriptions/s/resourceGroups/zt-prod-network-rg/providers/Microsoft.Network/virtualNetworks/zt-prod-vnet";
        assert.equal(vnetIdOfSubnet(`${vnet}/subnets/app`), vnet);
        assert.equal(vnetIdOfSubnet(vnet), vnet);
    });

    it("projects the API server into the delegated subnet when one is given", () => {
        assert.deepEqual(apiServerAccessProfile("zone", "apiserver-subnet"), {
            enablePrivateCluster: true, enablePrivateClusterPublicFQDN: false, privateDNSZone: "zone", disableRunCommand: true,
            enableVnetIntegration: true, subnetId: "apiserver-subnet",
        });
        assert.ok(!("enableVnetIntegration" in (apiServerAccessProfile("zone") as object)));
    });

    it("builds the security profile: workload identity, Defender, Image Cleaner and private-vault KMS", () => {
        assert.deepEqual(securityProfile({ workspaceId: "law", kmsKeyId: "https://kv.vault.azure.net/keys/cluster/v1", keyVaultId: "kv" }), {
            workloadIdentity: { enabled: true },
            defender: { logAnalyticsWorkspaceResourceId: "law", securityMonitoring: { enabled: true } },
            imageCleaner: { enabled: true, intervalHours: IMAGE_CLEANER_INTERVAL_HOURS },
            azureKeyVaultKms: { enabled: true, keyId: "https://kv.vault.azure.net/keys/cluster/v1", keyVaultNetworkAccess: "Private", keyVaultResourceId: "kv" },
        });
    });

    it("keeps quarantine on, retired Docker Content Trust, export and ARM-audience tokens off", () => {
        const p = registryPolicies() as Record<string, { status: string }>;
        assert.deepEqual(Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v.status])), {
            quarantinePolicy: "enabled", trustPolicy: "disabled", retentionPolicy: "enabled", exportPolicy: "disabled", azureADAuthenticationAsArmPolicy: "disabled",
        });
    });

    it("turns the offline credentials answer into a secret kubeconfig holding the placeholder", async () => {
        const answer = KNOWN_INVOKES[CREDENTIALS_INVOKE]({ inputs: {}, config: {} }) as { kubeconfigs: { name: string; value: string }[] };
        const kubeconfig = clusterKubeconfig(pulumi.output(answer));
        assert.equal(await pulumi.isSecret(kubeconfig), true);
        assert.equal(await valueOf(kubeconfig), "# offline plan: no cluster, no kubeconfig\n");
    });

    it("refuses an empty credentials answer", () => {
        assert.throws(() => kubeconfigFrom({ kubeconfigs: [] }), /returned no user kubeconfig/);
    });
});
