import { strict as assert } from "assert";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph } from "../../plan/graph";
import { registeredAs, registeredIds, useMocks, valueOf } from "../support/mocks";
import { GKE_METADATA_EGRESS, GKE_SERVICE_ACCOUNT_ANNOTATION, GcpClusterWorkloads } from "../../components/gcp/cluster-workloads";

const EMAIL = "zt-prod-w-app@zt-landing-zone-prod.iam.gserviceaccount.com";
const KYVERNO_EMAIL = "zt-prod-kyverno@zt-landing-zone-prod.iam.gserviceaccount.com";

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

describe("zt:gcp:ClusterWorkloads (under mocks)", () => {
    const PROJECT = "zt-unit-project";
    const build = (name: string, registryReader?: { accountId: string; location: string; repository: string }) => new GcpClusterWorkloads(name, {
        project: PROJECT,
        workloads: { app: { namespace: "app", serviceAccount: `zt-unit-w-app@${PROJECT}.iam.gserviceaccount.com` } },
        ...(registryReader ? { registryReader } : {}),
    });
    let reader: GcpClusterWorkloads;
    let plain: GcpClusterWorkloads;
    let annotations: Record<string, string>;
    before(async () => {
        await useMocks(() => ({}));
        reader = build("gcp-reader", { accountId: "zt-unit-kyverno", location: "europe-west1", repository: "zt-unit-images" });
        plain = build("gcp-plain");
        assert.ok(reader.registryIdentity, "registryReader gives Kyverno a registry identity");
        // Released only once the grant and binding are registered: everything below is registered then.
        [annotations] = await Promise.all([
            valueOf(reader.registryIdentity.serviceAccountAnnotations) as Promise<Record<string, string>>,
            valueOf(plain.annotations["app"]),
        ]);
    });

    it("declares Kyverno's service account, repository grant and binding only with registryReader", () => {
        const ids = registeredIds;
        assert.deepEqual(ids("gcp-reader"), [
            "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember::gcp-reader-kyverno-registry-reader",
            "gcp:serviceaccount/account:Account::gcp-reader-kyverno-sa",
            "gcp:serviceaccount/iAMMember:IAMMember::gcp-reader-wi-app",
            "gcp:serviceaccount/iAMMember:IAMMember::gcp-reader-wi-kyverno",
        ]);
        assert.deepEqual(ids("gcp-plain"), ["gcp:serviceaccount/iAMMember:IAMMember::gcp-plain-wi-app"]);
        assert.equal(plain.registryIdentity, undefined, "no registryReader: Kyverno has no registry identity");
    });

    it("creates Kyverno's service account without keys, with the id given", () => {
        assert.deepEqual(registeredAs("gcp-reader-kyverno-sa").inputs, {
            project: PROJECT,
            accountId: "zt-unit-kyverno",
            displayName: "zt-unit-kyverno",
            description: "Kyverno's admission controller reads image signatures from the landing zone's repository through Workload Identity. No keys.",
        });
    });

    it("lets it read the one repository, not the project", () => {
        assert.deepEqual(registeredAs("gcp-reader-kyverno-registry-reader").inputs, {
            project: PROJECT,
            location: "europe-west1",
            repository: "zt-unit-images",
            role: "roles/artifactregistry.reader",
            member: `serviceAccount:zt-unit-kyverno@${PROJECT}.iam.gserviceaccount.com`,
        });
    });

    it("lets only kyverno/kyverno-admission-controller impersonate it", () => {
        assert.deepEqual(registeredAs("gcp-reader-wi-kyverno").inputs, {
            serviceAccountId: `projects/${PROJECT}/serviceAccounts/zt-unit-kyverno@${PROJECT}.iam.gserviceaccount.com`,
            role: "roles/iam.workloadIdentityUser",
            member: `serviceAccount:${PROJECT}.svc.id.goog[kyverno/kyverno-admission-controller]`,
        });
    });

    it("hands out its email as the ServiceAccount annotation GKE reads", () => {
        assert.deepEqual(annotations, { [GKE_SERVICE_ACCOUNT_ANNOTATION]: `zt-unit-kyverno@${PROJECT}.iam.gserviceaccount.com` });
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

    it("declares exactly one Workload Identity binding per workload, and Kyverno's service account, grant and binding", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:gcp:ClusterWorkloads")), [
            `gcp:artifactregistry/repositoryIamMember:RepositoryIamMember::${p}-kyverno-registry-reader`,
            `gcp:serviceaccount/account:Account::${p}-kyverno-sa`,
            `gcp:serviceaccount/iAMMember:IAMMember::${p}-wi-app`,
            `gcp:serviceaccount/iAMMember:IAMMember::${p}-wi-kyverno`,
        ]);
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
        assert.deepEqual(grants.map((r) => r.name).sort(), [`${p}-wi-app`, `${p}-wi-kyverno`]);
    });

    it("lets Kyverno read the landing zone's repository, once the repository and the pool exist", () => {
        const repository = ofType(graph, "gcp:artifactregistry/repository:Repository");
        assert.deepEqual(repository.map((r) => [r.inputs["repositoryId"], r.inputs["location"]]), [["zt-prod-images", "europe-west1"]], "the prod stack's only repository");
        const grant = byName(graph, `${p}-kyverno-registry-reader`);
        assert.deepEqual(grant.inputs, {
            project: "zt-landing-zone-prod",
            location: "europe-west1",
            repository: "zt-prod-images",
            role: "roles/artifactregistry.reader",
            member: `serviceAccount:${KYVERNO_EMAIL}`,
        });
        assert.ok(grant.dependencies.includes(repository[0].urn), "the repository exists first");
        const wi = byName(graph, `${p}-wi-kyverno`);
        assert.equal(wi.inputs["member"], "serviceAccount:zt-landing-zone-prod.svc.id.goog[kyverno/kyverno-admission-controller]");
        assert.ok(wi.dependencies.includes(byName(graph, "workload-gke-cluster").urn), "the pool exists only once the cluster does");
    });

    it("annotates Kyverno's ServiceAccount with its service account, and installs Kyverno only once the grant and binding exist", () => {
        const [release, ...others] = ofType(graph, "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs["name"] === "kyverno");
        assert.ok(release, "the kyverno release");
        assert.equal(others.length, 0);
        const values = release.inputs["values"] as { admissionController: { rbac: { serviceAccount: unknown } } };
        assert.deepEqual(values.admissionController.rbac.serviceAccount, {
            name: "kyverno-admission-controller",
            annotations: { "iam.gke.io/gcp-service-account": KYVERNO_EMAIL },
        });
        for (const prerequisite of [`${p}-kyverno-registry-reader`, `${p}-wi-kyverno`]) {
            assert.ok(release.dependencies.includes(byName(graph, prerequisite).urn), `Kyverno waits for ${prerequisite}`);
        }
    });
});
