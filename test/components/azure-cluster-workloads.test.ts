import { strict as assert } from "assert";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph } from "../../plan/graph";
import { registeredAs, registeredIds, useMocks, valueOf } from "../support/mocks";
import {
    AZURE_CLIENT_ID_ANNOTATION,
    AZURE_IDENTITY_EGRESS,
    AZURE_USE_LABEL,
    AzureClusterWorkloads,
    federatedCredentialName,
    serviceAccountSubject,
} from "../../components/azure/cluster-workloads";
import { stableGuid } from "../../components/azure/names";

describe("zt:azure:ClusterWorkloads builders", () => {
    it("lets pods reach Entra ID over HTTPS on public addresses only, leaving the host to the hub firewall", () => {
        assert.deepEqual(AZURE_IDENTITY_EGRESS, [
            { key: "entra-id", cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], ports: [443] },
        ]);
    });

    it("pins each credential to one ServiceAccount, named so two namespaces never share a credential name", () => {
        assert.equal(serviceAccountSubject("app", "api"), "system:serviceaccount:app:api");
        assert.deepEqual([federatedCredentialName("app", "api"), federatedCredentialName("data", "api")], ["fic-app-api", "fic-data-api"]);
    });

    it("uses the annotation and label the AKS workload identity webhook reads", () => {
        assert.deepEqual([AZURE_CLIENT_ID_ANNOTATION, AZURE_USE_LABEL], ["azure.workload.identity/client-id", "azure.workload.identity/use"]);
    });
});

const ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

describe("zt:azure:ClusterWorkloads (under mocks)", () => {
    const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
    const REGISTRY = `/subscriptions/${SUBSCRIPTION}/resourceGroups/zt-unit-workload-rg/providers/Microsoft.ContainerRegistry/registries/ztunitacr`;
    const ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant/cluster/";
    const build = (name: string, reader: boolean) => new AzureClusterWorkloads(name, {
        resourceGroupName: "zt-unit-identity-rg",
        identities: { app: { name: "zt-unit-id-app", clientId: "app-client-id" } },
        workloads: { app: { namespace: "app" } },
        oidcIssuerUrl: ISSUER,
        ...(reader ? { registryReader: { identityName: "zt-unit-kyverno", location: "westeurope", subscriptionId: SUBSCRIPTION, registryId: REGISTRY } } : {}),
    });
    let reader: AzureClusterWorkloads;
    let plain: AzureClusterWorkloads;
    let annotations: Record<string, string>;
    before(async () => {
        await useMocks((args) => (args.type === "azure-native:managedidentity:UserAssignedIdentity"
            ? { clientId: `${args.inputs["resourceName"]}-client`, principalId: `${args.inputs["resourceName"]}-principal` }
            : {}));
        reader = build("azure-reader", true);
        plain = build("azure-plain", false);
        assert.ok(reader.registryIdentity, "registryReader gives Kyverno a registry identity");
        // Released only once the credential and grant are registered: everything below is registered then.
        [annotations] = await Promise.all([
            valueOf(reader.registryIdentity.serviceAccountAnnotations) as Promise<Record<string, string>>,
            valueOf(plain.clientIds["app"]),
        ]);
    });

    it("declares Kyverno's identity, credential and AcrPull grant only with registryReader", () => {
        const ids = registeredIds;
        assert.deepEqual(ids("azure-reader"), [
            "azure-native:authorization:RoleAssignment::azure-reader-role-kyverno-acr-pull",
            "azure-native:managedidentity:FederatedIdentityCredential::azure-reader-fic-app",
            "azure-native:managedidentity:FederatedIdentityCredential::azure-reader-fic-kyverno",
            "azure-native:managedidentity:UserAssignedIdentity::azure-reader-id-kyverno",
        ]);
        assert.deepEqual(ids("azure-plain"), ["azure-native:managedidentity:FederatedIdentityCredential::azure-plain-fic-app"]);
        assert.equal(plain.registryIdentity, undefined, "no registryReader: Kyverno has no registry identity");
    });

    it("creates Kyverno's identity with the name given, beside the workloads' identities", () => {
        assert.deepEqual(registeredAs("azure-reader-id-kyverno").inputs, { resourceName: "zt-unit-kyverno", resourceGroupName: "zt-unit-identity-rg", location: "westeurope" });
    });

    it("trusts only kyverno/kyverno-admission-controller's tokens from this cluster's issuer", () => {
        assert.deepEqual(registeredAs("azure-reader-fic-kyverno").inputs, {
            federatedIdentityCredentialResourceName: "fic-kyverno-kyverno-admission-controller",
            resourceGroupName: "zt-unit-identity-rg",
            resourceName: "zt-unit-kyverno",
            issuer: ISSUER,
            subject: "system:serviceaccount:kyverno:kyverno-admission-controller",
            audiences: ["api://AzureADTokenExchange"],
        });
    });

    it("grants AcrPull on the one registry, under a name stable across runs", () => {
        assert.deepEqual(registeredAs("azure-reader-role-kyverno-acr-pull").inputs, {
            roleAssignmentName: stableGuid(`zt-unit-kyverno|acr-pull|${ACR_PULL}`),
            principalId: "zt-unit-kyverno-principal",
            principalType: "ServicePrincipal",
            roleDefinitionId: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL}`,
            scope: REGISTRY,
        });
    });

    it("hands out its client id as the annotation, and the label the webhook needs", () => {
        assert.deepEqual(annotations, { "azure.workload.identity/client-id": "zt-unit-kyverno-client" });
        assert.deepEqual(reader.registryIdentity?.podLabels, { "azure.workload.identity/use": "true" });
    });
});

// Needs the composition to build zt:azure:ClusterWorkloads (stacks/azure.ts) with the prod intent's
// only workload, `app` in tier `app`, wearing Identity's `app` identity.
describe("zt:azure:ClusterWorkloads (azure-prod)", () => {
    let graph: CapturedGraph;
    let p: string;
    before(async () => {
        graph = await stackGraph("azure-prod");
        const [component, ...others] = ofType(graph, "zt:azure:ClusterWorkloads");
        assert.ok(component, "azure-prod declares zt:azure:ClusterWorkloads");
        assert.equal(others.length, 0);
        p = component.name;
    });

    it("declares exactly one federated credential per workload, and Kyverno's identity, credential and grant", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:azure:ClusterWorkloads")), [
            `azure-native:authorization:RoleAssignment::${p}-role-kyverno-acr-pull`,
            `azure-native:managedidentity:FederatedIdentityCredential::${p}-fic-app`,
            `azure-native:managedidentity:FederatedIdentityCredential::${p}-fic-kyverno`,
            `azure-native:managedidentity:UserAssignedIdentity::${p}-id-kyverno`,
        ]);
    });

    it("lets Kyverno pull from the landing zone's registry, and nothing else", () => {
        const [registry, ...more] = ofType(graph, "azure-native:containerregistry:Registry");
        assert.ok(registry, "the registry");
        assert.equal(more.length, 0);
        assert.equal(byName(graph, `${p}-id-kyverno`).inputs["resourceName"], "zt-prod-kyverno");
        const grant = byName(graph, `${p}-role-kyverno-acr-pull`);
        assert.ok(grant.propertyDependencies["scope"].includes(registry.urn), "scoped to the registry");
        // The offline plan gives ARM resources their real id shape: the registry's, not its group's or the subscription's.
        assert.equal(grant.inputs["scope"], "/subscriptions/00000000-0000-4000-8000-000000000002/resourceGroups/zt-prod-workload-rg/providers/Microsoft.ContainerRegistry/registries/ztprodacr");
        assert.match(String(grant.inputs["roleDefinitionId"]), new RegExp(`/roleDefinitions/${ACR_PULL}$`));
        const held = graph.resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.propertyDependencies["principalId"]?.includes(byName(graph, `${p}-id-kyverno`).urn));
        assert.deepEqual(held.map((r) => r.name), [grant.name], "Kyverno's identity holds no other role");
        const fic = byName(graph, `${p}-fic-kyverno`);
        assert.equal(fic.inputs["subject"], "system:serviceaccount:kyverno:kyverno-admission-controller");
        assert.ok(fic.propertyDependencies["issuer"].includes(byName(graph, "workload-aks-cluster").urn), "this cluster's issuer");
    });

    it("labels Kyverno's pods for the webhook, and installs Kyverno only once its credential and grant exist", () => {
        const [release, ...others] = ofType(graph, "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs["name"] === "kyverno");
        assert.ok(release, "the kyverno release");
        assert.equal(others.length, 0);
        const values = release.inputs["values"] as { admissionController: { rbac: { serviceAccount: { name: string; annotations: Record<string, string> } }; podLabels: unknown } };
        assert.equal(values.admissionController.rbac.serviceAccount.name, "kyverno-admission-controller");
        assert.deepEqual(Object.keys(values.admissionController.rbac.serviceAccount.annotations), ["azure.workload.identity/client-id"]);
        assert.deepEqual(values.admissionController.podLabels, { "azure.workload.identity/use": "true" });
        for (const prerequisite of [`${p}-fic-kyverno`, `${p}-role-kyverno-acr-pull`]) {
            assert.ok(release.dependencies.includes(byName(graph, prerequisite).urn), `Kyverno waits for ${prerequisite}`);
        }
    });

    it("lets only app/app's tokens from this cluster's issuer act as the app identity", () => {
        const fic = byName(graph, `${p}-fic-app`);
        const identity = byName(graph, "identity-id-app");
        const { issuer, ...rest } = fic.inputs;
        assert.deepEqual(rest, {
            federatedIdentityCredentialResourceName: "fic-app-app",
            resourceGroupName: "zt-prod-identity-rg",
            resourceName: "zt-prod-id-app",
            subject: "system:serviceaccount:app:app",
            audiences: ["api://AzureADTokenExchange"],
        });
        assert.ok(fic.propertyDependencies["resourceName"].includes(identity.urn), "waits for the identity");
        // AKS computes the issuer: unknown at preview (never an empty string), from the cluster.
        assert.equal(issuer, UNKNOWN_SENTINEL);
        assert.ok(fic.propertyDependencies["issuer"].includes(byName(graph, "workload-aks-cluster").urn));
    });
});
