import { strict as assert } from "assert";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph } from "../../plan/graph";
import { GKE_METADATA_EGRESS, GKE_SERVICE_ACCOUNT_ANNOTATION } from "../../components/gcp/cluster-workloads";

const EMAIL = "zt-prod-w-app@zt-landing-zone-prod.iam.gserviceaccount.com";

describe("zt:gcp:ClusterWorkloads builders", () => {
    it("lets pods reach the GKE metadata server where Dataplane V2 and the documented strict-policy rule need it", () => {
        assert.deepEqual(GKE_METADATA_EGRESS, [
            { key: "gke-metadata", cidr: "169.254.169.254/32", ports: [80] },
            { key: "gke-metadata-server", cidr: "169.254.169.252/32", ports: [988] },
        ]);
    });

    it("annotates with the key GKE reads", () => {
        assert.equal(GKE_SERVICE_ACCOUNT_ANNOTATION, "iam.gke.io/gcp-service-account");
    });
});

// Needs the composition to build zt:gcp:ClusterWorkloads (stacks/gcp.ts) after the workload pillar,
// with `dependsOn` the cluster, for the prod intent's only workload `app` in tier `app`.
describe("zt:gcp:ClusterWorkloads (gcp-prod)", () => {
    let graph: CapturedGraph;
    let p: string;
    before(async () => {
        graph = await stackGraph("gcp-prod");
        const [component, ...others] = ofType(graph, "zt:gcp:ClusterWorkloads");
        assert.ok(component, "gcp-prod declares zt:gcp:ClusterWorkloads");
        assert.equal(others.length, 0);
        p = component.name;
    });

    it("declares exactly one Workload Identity binding per workload", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:gcp:ClusterWorkloads")), [`gcp:serviceaccount/iAMMember:IAMMember::${p}-wi-app`]);
    });

    it("lets only app/app impersonate the app service account, once the cluster (and its pool) exists", () => {
        const wi = byName(graph, `${p}-wi-app`);
        assert.deepEqual(wi.inputs, {
            serviceAccountId: `projects/zt-landing-zone-prod/serviceAccounts/${EMAIL}`,
            role: "roles/iam.workloadIdentityUser",
            member: "serviceAccount:zt-landing-zone-prod.svc.id.goog[app/app]",
        });
        assert.ok(wi.dependencies.includes(byName(graph, "workload-gke-cluster").urn), "the pool exists only once the cluster does");
        const account = graph.resources.find((r) => r.name === "identity-workload-app-sa" && r.urn.includes("zt:gcp:Identity$"));
        assert.ok(account, "Identity declares the app service account");
        assert.deepEqual(wi.propertyDependencies["serviceAccountId"], [account.urn]);
    });

    it("binds nowhere else: no other grant to a Kubernetes ServiceAccount in the stack", () => {
        const grants = graph.resources.filter((r) => typeof r.inputs["member"] === "string" && (r.inputs["member"] as string).includes(".svc.id.goog["));
        assert.deepEqual(grants.map((r) => r.name), [`${p}-wi-app`]);
    });
});
