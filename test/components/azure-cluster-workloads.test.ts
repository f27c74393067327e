import { strict as assert } from "assert";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { UNKNOWN_SENTINEL, type CapturedGraph } from "../../plan/graph";
import { AZURE_IDENTITY_EGRESS, federatedCredentialName, serviceAccountSubject } from "../../components/azure/cluster-workloads";

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

    it("declares exactly one federated credential per workload", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:azure:ClusterWorkloads")), [
            `azure-native:managedidentity:FederatedIdentityCredential::${p}-fic-app`,
        ]);
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
