import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import * as pulumi from "@pulumi/pulumi";
import { stackCapture, stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { KNOWN_INVOKES } from "../../plan/invokes";
import { cleanupPolicies, KEEP_RECENT_VERSIONS, UNTAGGED_RETENTION_DAYS } from "../../components/gcp/workload-registry";
import { attestationNames, defaultAdmissionRule, publicKeyPem } from "../../components/gcp/workload-binauthz";
import {
    clusterKubeconfig,
    gkeKubeconfig,
    masterAuthorizedNetworks,
    nodeConfig,
    privateClusterConfig,
    workloadIdentityMember,
} from "../../components/gcp/workload-gke";

const KEY_VERSION_INVOKE = "gcp:kms/getKMSCryptoKeyVersion:getKMSCryptoKeyVersion";
const OFFLINE_PEM = "-----BEGIN PUBLIC KEY-----\nOFFLINE-PLAN-PLACEHOLDER-NOT-A-KEY\n-----END PUBLIC KEY-----\n";
const NUMBER = "000000000000"; // the offline plan's project number (plan/invokes.ts)
const MANDATORY = (env: string) => ({ environment: env, "managed-by": "pulumi", owner: "platform-team" });

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const childrenOf = (g: CapturedGraph, type: string) => {
    const parent = g.resources.find((r) => r.type === type);
    assert.ok(parent, `${type} registered`);
    return g.resources.filter((r) => r.parent === parent.urn);
};
/** A resource another pillar declares, by its logical name inside that pillar. */
const pillarResource = (g: CapturedGraph, pillar: string, name: string) => {
    const r = g.resources.find((x) => x.name === name && x.urn.includes(`zt:gcp:${pillar}$`));
    assert.ok(r, `${pillar} declares ${name}`);
    return r;
};
const valueOf = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply((v) => { resolve(v); return v; }));
/** IPv4 range as [first, last] numbers. */
const span = (cidr: string): [number, number] => {
    const [ip, bits] = cidr.split("/");
    const n = ip.split(".").reduce((a, o) => a * 256 + Number(o), 0);
    return [n, n + 2 ** (32 - Number(bits)) - 1];
};
const inside = (inner: string, outer: string) => span(inner)[0] >= span(outer)[0] && span(inner)[1] <= span(outer)[1];

const BINAUTHZ_CHILDREN = [
    "gcp:binaryauthorization/attestor:Attestor::workload-binauthz-attestor",
    "gcp:binaryauthorization/policy:Policy::workload-binauthz-policy",
    "gcp:containeranalysis/note:Note::workload-binauthz-attestor-note",
    "gcp:containeranalysis/noteIamMember:NoteIamMember::workload-binauthz-attestor-note-reader",
    "gcp:kms/cryptoKey:CryptoKey::workload-binauthz-attestor-key",
];
const WORKLOAD_CHILDREN = [...BINAUTHZ_CHILDREN, "gcp:artifactregistry/repository:Repository::workload-registry"].sort();
const keyId = (env: string, purpose: string) => `projects/zt-landing-zone-${env}/locations/europe-west1/keyRings/zt-${env}-keys/cryptoKeys/${purpose}`;

/** Registry hardening both stacks share, exactly as the wire shows it. */
function assertRegistry(g: CapturedGraph, env: string) {
    const repo = byName(g, "workload-registry");
    const { description: _d, ...inputs } = repo.inputs;
    assert.deepEqual(inputs, {
        project: `zt-landing-zone-${env}`,
        location: "europe-west1",
        repositoryId: `zt-${env}-images`,
        format: "DOCKER",
        mode: "STANDARD_REPOSITORY",
        kmsKeyName: keyId(env, "registry"),
        dockerConfig: { immutableTags: true },
        vulnerabilityScanningConfig: { enablementConfig: "INHERITED" },
        cleanupPolicies: [
            { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "604800s" } },
            { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 10 } },
        ],
        cleanupPolicyDryRun: false,
        labels: { ...MANDATORY(env), "data-classification": "internal" },
    });
    assert.ok(repo.propertyDependencies["kmsKeyName"].includes(pillarResource(g, "Data", "data-key-registry").urn), "encrypted with Data's registry key");
}

/** The attestation chain and the project policy, the same in every stack. */
function assertBinaryAuthorization(g: CapturedGraph, env: string) {
    const names = attestationNames(`zt-${env}`, `zt-landing-zone-${env}`, "europe-west1");
    const key = byName(g, "workload-binauthz-attestor-key");
    assert.deepEqual(key.inputs, {
        name: "attestor",
        keyRing: `projects/zt-landing-zone-${env}/locations/europe-west1/keyRings/zt-${env}-keys`,
        purpose: "ASYMMETRIC_SIGN",
        versionTemplate: { algorithm: "EC_SIGN_P256_SHA256", protectionLevel: "HSM" },
        destroyScheduledDuration: "7776000s",
        labels: { ...MANDATORY(env), purpose: "attestor" },
    });
    assert.deepEqual(key.propertyDependencies["keyRing"], [pillarResource(g, "Data", "data-keyring").urn], "in Data's key ring");

    const note = byName(g, "workload-binauthz-attestor-note");
    assert.deepEqual([note.inputs["name"], note.inputs["project"]], [`zt-${env}-attestor-note`, `zt-landing-zone-${env}`]);
    const reader = byName(g, "workload-binauthz-attestor-note-reader");
    assert.deepEqual(reader.inputs, {
        project: `zt-landing-zone-${env}`,
        note: `zt-${env}-attestor-note`,
        role: "roles/containeranalysis.notes.occurrences.viewer",
        member: `serviceAccount:service-${NUMBER}@gcp-sa-binaryauthorization.iam.gserviceaccount.com`,
    });

    const attestor = byName(g, "workload-binauthz-attestor");
    assert.deepEqual(attestor.inputs["attestationAuthorityNote"], {
        noteReference: `zt-${env}-attestor-note`,
        publicKeys: [{
            id: `//cloudkms.googleapis.com/v1/${keyId(env, "attestor")}/cryptoKeyVersions/1`,
            comment: "Cloud KMS key version 1 of the attestor key",
            pkixPublicKey: { publicKeyPem: OFFLINE_PEM, signatureAlgorithm: "EC_SIGN_P256_SHA256" },
        }],
    });
    assert.equal(attestor.inputs["name"], names.attestor);
    assert.deepEqual([...attestor.propertyDependencies["attestationAuthorityNote"]].sort(), [note.urn, key.urn].sort(), "the note and the key's public key");

    const policy = byName(g, "workload-binauthz-policy");
    assert.deepEqual([policy.inputs["project"], policy.inputs["globalPolicyEvaluationMode"], policy.inputs["defaultAdmissionRule"], policy.inputs["clusterAdmissionRules"], policy.inputs["admissionWhitelistPatterns"]], [
        `zt-landing-zone-${env}`,
        "ENABLE",
        { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: [`projects/zt-landing-zone-${env}/attestors/zt-${env}-attestor`] },
        undefined,
        undefined,
    ]);
    assert.deepEqual(policy.propertyDependencies["defaultAdmissionRule"], [attestor.urn], "names the attestor once it exists");
    assert.ok(policy.dependencies.includes(reader.urn), "enforces only once the service agent can read attestations");
}

describe("zt:gcp:Workload (gcp-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("gcp-prod"); });

    it("declares exactly the registry, the Binary Authorization chain and the cluster component", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Workload")), [...WORKLOAD_CHILDREN, "zt:gcp:Cluster::workload-gke"].sort());
    });

    it("declares exactly the cluster, its node pool and the node account's two grants (workload bindings live in zt:gcp:ClusterWorkloads)", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Cluster")), [
            "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember::workload-gke-node-registry-reader",
            "gcp:container/cluster:Cluster::workload-gke-cluster",
            "gcp:container/nodePool:NodePool::workload-gke-nodes",
            "gcp:projects/iAMMember:IAMMember::workload-gke-node-default-role",
        ]);
    });

    it("makes the repository Docker-only, CMEK, immutable, scanned and cleaned up, and protects it", () => {
        assertRegistry(graph, "prod");
        assert.equal(byName(graph, "workload-registry").protect, true);
    });

    it("requires the attestor's signature on every image, blocking and logging, with an HSM signing key that is protected", () => {
        assertBinaryAuthorization(graph, "prod");
        assert.equal(byName(graph, "workload-binauthz-attestor-key").protect, true);
    });

    it("asks Cloud KMS once for the attestor key's public key", async () => {
        assert.equal((await stackCapture("gcp-prod")).log.knownInvokes[KEY_VERSION_INVOKE], 1);
    });

    it("builds a private, regional cluster: private nodes and endpoint, authorized private ranges only, no global access", () => {
        const i = byName(graph, "workload-gke-cluster").inputs;
        assert.deepEqual([i["name"], i["project"], i["location"], i["networkingMode"], i["datapathProvider"]], ["zt-prod-gke", "zt-landing-zone-prod", "europe-west1", "VPC_NATIVE", "ADVANCED_DATAPATH"]);
        const p = i["privateClusterConfig"] as { masterIpv4CidrBlock: string };
        assert.deepEqual(p, { enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: p.masterIpv4CidrBlock, masterGlobalAccessConfig: { enabled: false } });
        // A /28 in the services block (slot 7 of the /16's /19 tier slots), outside every tier.
        assert.match(p.masterIpv4CidrBlock, /\/28$/);
        assert.ok(inside(p.masterIpv4CidrBlock, "10.60.224.0/19"), `${p.masterIpv4CidrBlock} in the services block`);
        assert.deepEqual(i["masterAuthorizedNetworksConfig"], {
            cidrBlocks: [{ cidrBlock: "10.60.32.0/19", displayName: "app-tier" }],
            gcpPublicCidrsAccessEnabled: false,
            privateEndpointEnforcementEnabled: true,
        });
        assert.deepEqual(i["controlPlaneEndpointsConfig"], { dnsEndpointConfig: { allowExternalTraffic: false } });
    });

    it("puts the cluster on the network's app subnetwork, with pods and services in that subnetwork's secondary ranges", () => {
        const cluster = byName(graph, "workload-gke-cluster");
        const subnet = pillarResource(graph, "Network", "network-app");
        assert.deepEqual(cluster.propertyDependencies["network"], [pillarResource(graph, "Network", "network-vpc").urn]);
        assert.deepEqual(cluster.propertyDependencies["subnetwork"], [subnet.urn]);
        const policy = cluster.inputs["ipAllocationPolicy"] as { clusterSecondaryRangeName: string; servicesSecondaryRangeName: string; stackType: string };
        const ranges = Object.fromEntries((subnet.inputs["secondaryIpRanges"] as { rangeName: string; ipCidrRange: string }[]).map((r) => [r.rangeName, r.ipCidrRange]));
        assert.deepEqual(
            [ranges[policy.clusterSecondaryRangeName], ranges[policy.servicesSecondaryRangeName], policy.stackType],
            ["100.64.0.0/14", "100.68.0.0/20", "IPV4"],
        );
    });

    it("sets every cluster security property: identity, auth, admission, encryption, patching, posture, telemetry", () => {
        const cluster = byName(graph, "workload-gke-cluster");
        const i = cluster.inputs;
        const keys = [
            "workloadIdentityConfig", "enableShieldedNodes", "binaryAuthorization", "releaseChannel", "databaseEncryption", "enableLegacyAbac",
            "masterAuth", "anonymousAuthenticationConfig", "serviceExternalIpsConfig", "securityPostureConfig", "loggingConfig", "monitoringConfig",
            "deletionProtection", "removeDefaultNodePool", "initialNodeCount", "resourceLabels",
        ];
        assert.deepEqual(Object.fromEntries(keys.map((k) => [k, i[k]])), {
            workloadIdentityConfig: { workloadPool: "zt-landing-zone-prod.svc.id.goog" },
            enableShieldedNodes: true,
            binaryAuthorization: { evaluationMode: "PROJECT_SINGLETON_POLICY_ENFORCE" },
            releaseChannel: { channel: "REGULAR" },
            databaseEncryption: { state: "ENCRYPTED", keyName: keyId("prod", "cluster") },
            enableLegacyAbac: false,
            masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
            anonymousAuthenticationConfig: { mode: "LIMITED" },
            serviceExternalIpsConfig: { enabled: false },
            securityPostureConfig: { mode: "BASIC", vulnerabilityMode: "VULNERABILITY_DISABLED" },
            loggingConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "CONTROLLER_MANAGER", "SCHEDULER", "WORKLOADS"] },
            monitoringConfig: { enableComponents: ["SYSTEM_COMPONENTS", "APISERVER", "SCHEDULER", "CONTROLLER_MANAGER", "STORAGE", "POD", "DEPLOYMENT"], managedPrometheus: { enabled: true } },
            deletionProtection: true,
            removeDefaultNodePool: true,
            initialNodeCount: 1,
            resourceLabels: MANDATORY("prod"),
        });
        assert.ok(cluster.propertyDependencies["databaseEncryption"].includes(pillarResource(graph, "Data", "data-key-cluster").urn), "Secrets under Data's cluster key");
        assert.equal(cluster.protect, true);
    });

    it("runs the default pool and the autoscaled node pool as the app tier's account on hardened, CMEK, COS nodes", () => {
        const expected = {
            machineType: "e2-standard-4",
            imageType: "COS_CONTAINERD",
            diskType: "pd-balanced",
            bootDiskKmsKey: keyId("prod", "disks"),
            serviceAccount: "zt-prod-t-app@zt-landing-zone-prod.iam.gserviceaccount.com",
            oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
            shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
            workloadMetadataConfig: { mode: "GKE_METADATA" },
            metadata: { "disable-legacy-endpoints": "true" },
            tags: ["zt-prod-internet-egress"],
        };
        // The tag is the one the network's NAT route matches: the nodes' only path out.
        assert.deepEqual(pillarResource(graph, "Network", "network-internet-route").inputs["tags"], expected.tags);
        const cluster = byName(graph, "workload-gke-cluster");
        assert.deepEqual(cluster.inputs["nodeConfig"], expected, "the short-lived default pool too");
        const pool = byName(graph, "workload-gke-nodes");
        assert.deepEqual(pool.inputs, {
            project: "zt-landing-zone-prod",
            location: "europe-west1",
            cluster: "zt-prod-gke",
            name: "primary",
            initialNodeCount: 1,
            autoscaling: { minNodeCount: 1, maxNodeCount: 3, locationPolicy: "BALANCED" },
            management: { autoRepair: true, autoUpgrade: true },
            upgradeSettings: { strategy: "SURGE", maxSurge: 1, maxUnavailable: 0 },
            nodeConfig: expected,
        });
        assert.deepEqual(pool.propertyDependencies["cluster"], [cluster.urn]);
        const appAccount = pillarResource(graph, "Identity", "identity-tier-app-sa").urn;
        assert.ok(pool.propertyDependencies["nodeConfig"].includes(appAccount), "the Identity pillar's app tier account");
    });

    it("grants the node account only GKE's least-privilege node role and pull on our repository, before the cluster exists", () => {
        const member = "serviceAccount:zt-prod-t-app@zt-landing-zone-prod.iam.gserviceaccount.com";
        const role = byName(graph, "workload-gke-node-default-role");
        assert.deepEqual(role.inputs, { project: "zt-landing-zone-prod", role: "roles/container.defaultNodeServiceAccount", member });
        const reader = byName(graph, "workload-gke-node-registry-reader");
        assert.deepEqual(reader.inputs, { project: "zt-landing-zone-prod", location: "europe-west1", repository: "zt-prod-images", role: "roles/artifactregistry.reader", member });
        assert.ok(reader.dependencies.includes(byName(graph, "workload-registry").urn));
        const cluster = byName(graph, "workload-gke-cluster");
        for (const grant of [role, reader]) assert.ok(cluster.dependencies.includes(grant.urn), `the cluster waits for ${grant.name}`);
        // Nothing else in the workload pillar names the node account.
        const grants = graph.resources.filter((r) => r.urn.includes("zt:gcp:Workload") && r.inputs["member"] === member);
        assert.deepEqual(grants.map((r) => r.name).sort(), [role.name, reader.name].sort());
    });
});

describe("zt:gcp:Workload (gcp-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("gcp-dev"); });

    it("declares the registry and Binary Authorization only: no cluster, no node grants", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:gcp:Workload")), WORKLOAD_CHILDREN);
        const gke = graph.resources.filter((r) => r.type.startsWith("gcp:container/") || r.type === "zt:gcp:Cluster" || r.name.startsWith("workload-gke"));
        assert.deepEqual(ids(gke), []);
    });

    it("keeps the same registry hardening and the same enforced policy, without deletion protection", () => {
        assertRegistry(graph, "dev");
        assertBinaryAuthorization(graph, "dev");
        assert.deepEqual([byName(graph, "workload-registry").protect, byName(graph, "workload-binauthz-attestor-key").protect], [false, false]);
    });
});

describe("gcp workload builders", () => {
    it("deletes untagged images after the given days and always keeps the most recent versions", () => {
        assert.deepEqual([UNTAGGED_RETENTION_DAYS, KEEP_RECENT_VERSIONS], [7, 10]);
        assert.deepEqual(cleanupPolicies(30, 5), [
            { id: "delete-untagged", action: "DELETE", condition: { tagState: "UNTAGGED", olderThan: "2592000s" } },
            { id: "keep-recent", action: "KEEP", mostRecentVersions: { keepCount: 5 } },
        ]);
    });

    it("names the attestation chain from the prefix, project and region (what issue #8 signs with)", () => {
        assert.deepEqual(attestationNames("zt-prod", "p-1", "europe-west1"), {
            key: "attestor",
            keyId: "projects/p-1/locations/europe-west1/keyRings/zt-prod-keys/cryptoKeys/attestor",
            keyVersion: "//cloudkms.googleapis.com/v1/projects/p-1/locations/europe-west1/keyRings/zt-prod-keys/cryptoKeys/attestor/cryptoKeyVersions/1",
            note: "zt-prod-attestor-note",
            attestor: "zt-prod-attestor",
            attestorId: "projects/p-1/attestors/zt-prod-attestor",
        });
    });

    it("requires attestation and blocks, never dry-run", () => {
        assert.deepEqual(defaultAdmissionRule(["a"]), { evaluationMode: "REQUIRE_ATTESTATION", enforcementMode: "ENFORCED_BLOCK_AND_AUDIT_LOG", requireAttestationsBies: ["a"] });
    });

    it("takes the key version's PEM and refuses a version without a public key", () => {
        assert.equal(publicKeyPem({ publicKeys: [{ pem: "PEM", algorithm: "EC_SIGN_P256_SHA256" }] }, "v1"), "PEM");
        assert.throws(() => publicKeyPem({ publicKeys: [] }, "//kms/v1"), /returned no public key for \/\/kms\/v1.*ASYMMETRIC_SIGN/);
        assert.throws(() => publicKeyPem({}, "v"), /no public key/);
    });

    it("answers the key-version lookup offline with a placeholder that names itself", () => {
        const answer = KNOWN_INVOKES[KEY_VERSION_INVOKE]({ inputs: { cryptoKey: "k", version: 1 }, config: {} }) as { id: string; publicKeys: { pem: string }[] };
        assert.equal(answer.id, "//cloudkms.googleapis.com/v1/k/cryptoKeyVersions/1");
        assert.equal(answer.publicKeys[0].pem, OFFLINE_PEM);
        assert.match(answer.publicKeys[0].pem, /PLACEHOLDER-NOT-A-KEY/);
    });

    it("keeps the control plane private and authorizes ranges by name, in the order given", () => {
        assert.deepEqual(privateClusterConfig("10.0.0.16/28"), {
            enablePrivateNodes: true, enablePrivateEndpoint: true, masterIpv4CidrBlock: "10.0.0.16/28", masterGlobalAccessConfig: { enabled: false },
        });
        assert.deepEqual(masterAuthorizedNetworks({ "app-tier": "10.0.32.0/19", vpn: "192.168.0.0/24" }), {
            cidrBlocks: [{ cidrBlock: "10.0.32.0/19", displayName: "app-tier" }, { cidrBlock: "192.168.0.0/24", displayName: "vpn" }],
            gcpPublicCidrsAccessEnabled: false,
            privateEndpointEnforcementEnabled: true,
        });
    });

    it("names a Kubernetes service account as a Workload Identity member of the project's pool", () => {
        assert.equal(workloadIdentityMember("p-1", "ns", "sa"), "serviceAccount:p-1.svc.id.goog[ns/sa]");
    });

    it("never leaves the node metadata server or secure boot to defaults, and tags nodes only when asked", () => {
        const c = nodeConfig({ machineType: "m", serviceAccount: "sa@p.iam.gserviceaccount.com", bootDiskKmsKey: "k", networkTags: [] });
        assert.deepEqual([c.workloadMetadataConfig, c.shieldedInstanceConfig, c.imageType, c.serviceAccount, "tags" in c], [
            { mode: "GKE_METADATA" }, { enableSecureBoot: true, enableIntegrityMonitoring: true }, "COS_CONTAINERD", "sa@p.iam.gserviceaccount.com", false,
        ]);
        assert.deepEqual(nodeConfig({ machineType: "m", serviceAccount: "sa", bootDiskKmsKey: "k", networkTags: ["t"] }).tags, ["t"]);
    });

    it("builds a kubeconfig for the private endpoint that authenticates through gke-gcloud-auth-plugin and embeds no credential", () => {
        const cfg = JSON.parse(gkeKubeconfig({ name: "zt-prod-gke", endpoint: "10.60.224.18", caCertificate: "Q0E=" }));
        assert.deepEqual(cfg.clusters, [{ name: "zt-prod-gke", cluster: { server: "https://10.60.224.18", "certificate-authority-data": "Q0E=" } }]);
        assert.deepEqual(cfg.contexts, [{ name: "zt-prod-gke", context: { cluster: "zt-prod-gke", user: "zt-prod-gke" } }]);
        assert.equal(cfg["current-context"], "zt-prod-gke");
        const [user] = cfg.users;
        assert.deepEqual(Object.keys(user.user), ["exec"], "only the exec plugin: no token, password or client key");
        assert.deepEqual(
            [user.user.exec.command, user.user.exec.args, user.user.exec.apiVersion, user.user.exec.provideClusterInfo],
            ["gke-gcloud-auth-plugin", undefined, "client.authentication.k8s.io/v1beta1", true],
        );
    });

    it("hands the kubeconfig out as a secret", async () => {
        const kubeconfig = clusterKubeconfig(pulumi.output({ name: "c", endpoint: "10.0.0.2", caCertificate: "Q0E=" }));
        assert.equal(await pulumi.isSecret(kubeconfig), true);
        assert.equal(JSON.parse(await valueOf(kubeconfig)).clusters[0].cluster.server, "https://10.0.0.2");
    });
});
