import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { KEY_PURPOSES, SERVICE_AGENT_DOMAINS } from "../../components/gcp/names";
import { secretReplication, unknownAccessors } from "../../components/gcp/data";
import { retentionSeconds } from "../../components/gcp/data-bucket";
import { bucketFileSet, DLP_INFO_TYPES, inspectConfig } from "../../components/gcp/data-dlp";
import { JIT_AGENTS, KEY_AGENTS, keySettings } from "../../components/gcp/data-keys";

const NUMBER = "000000000000"; // the offline plan's project number (plan/invokes.ts)

describe("GCP data (pure builders)", () => {
    it("rotates every key within 90 days and keeps destroyed versions recoverable for 90 days", () => {
        assert.deepEqual(keySettings("HSM"), {
            purpose: "ENCRYPT_DECRYPT",
            rotationPeriod: "7776000s",
            destroyScheduledDuration: "7776000s",
            versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "HSM" },
        });
        assert.equal(keySettings("SOFTWARE").versionTemplate.protectionLevel, "SOFTWARE");
    });

    it("gives every key exactly one service agent, none shared, and creates the just-in-time ones ahead of use", () => {
        assert.deepEqual(Object.keys(KEY_AGENTS).sort(), [...KEY_PURPOSES].sort());
        assert.equal(new Set(Object.values(KEY_AGENTS)).size, KEY_PURPOSES.length);
        assert.deepEqual(KEY_AGENTS, {
            storage: "storage", secrets: "secretmanager", logs: "logging", pubsub: "pubsub",
            registry: "artifactregistry", cluster: "container", disks: "compute",
        });
        assert.deepEqual(JIT_AGENTS, {
            secretmanager: "secretmanager.googleapis.com", pubsub: "pubsub.googleapis.com",
            artifactregistry: "artifactregistry.googleapis.com", dlp: "dlp.googleapis.com",
        });
    });

    it("converts retention days to seconds and refuses anything but whole days ≥ 1", () => {
        assert.equal(retentionSeconds(30), "2592000");
        assert.equal(retentionSeconds(3650), "315360000");
        assert.throws(() => retentionSeconds(0), /whole number of days ≥ 1 \(got 0\)/);
        assert.throws(() => retentionSeconds(1.5), /got 1.5/);
    });

    it("replicates a secret to the region only, encrypted with the given key", () => {
        assert.deepEqual(secretReplication("europe-west1", "k"), {
            userManaged: { replicas: [{ location: "europe-west1", customerManagedEncryption: { kmsKeyName: "k" } }] },
        });
    });

    it("scans every object of a bucket recursively", () => {
        assert.deepEqual(bucketFileSet("b"), { url: "gs://b/**" });
    });

    it("looks for payment, personal and credential data, likely matches only, without quoting it", () => {
        const names: string[] = inspectConfig().infoTypes.map((t) => t.name);
        for (const required of ["US_SOCIAL_SECURITY_NUMBER", "CREDIT_CARD_NUMBER", "IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER", "GCP_CREDENTIALS"]) {
            assert.ok(names.includes(required), required);
        }
        assert.equal(new Set(names).size, names.length, "no duplicates");
        // Global-only detectors fail in a regional job.
        assert.ok(!names.includes("LOCATION") && !names.includes("ORGANIZATION_NAME"));
        assert.deepEqual(names, Object.values(DLP_INFO_TYPES).flat());
        assert.equal(inspectConfig().minLikelihood, "LIKELY");
        assert.equal(inspectConfig().includeQuote, false);
    });

    it("names every secret accessor without a workload service account", () => {
        assert.deepEqual(unknownAccessors({ app: { accessors: ["app"] }, db: { accessors: ["app", "batch"] } }, ["app"]), ["db: batch"]);
        assert.deepEqual(unknownAccessors({ app: { accessors: ["app"] } }, ["app"]), []);
    });
});

function childrenOf(graph: CapturedGraph, parentType: string): CapturedResource[] {
    const parent = graph.resources.find((r) => r.type === parentType);
    assert.ok(parent, `${parentType} registered`);
    return graph.resources.filter((r) => r.parent === parent.urn);
}

/** The exact children of zt:gcp:Data for the default config (bucket `data`, secret `app` read by workload `app`). */
const EXPECTED_CHILDREN = [
    "gcp:kms/keyRing:KeyRing::data-keyring",
    ...Object.keys(JIT_AGENTS).map((a) => `gcp:projects/serviceIdentity:ServiceIdentity::data-agent-${a}`),
    ...KEY_PURPOSES.map((p) => `gcp:kms/cryptoKey:CryptoKey::data-key-${p}`),
    ...KEY_PURPOSES.map((p) => `gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::data-key-${p}-user`),
    "gcp:storage/bucket:Bucket::data-bucket-data",
    "gcp:secretmanager/secret:Secret::data-secret-app",
    "gcp:secretmanager/secretIamMember:SecretIamMember::data-secret-app-app",
    "gcp:dataloss/preventionInspectTemplate:PreventionInspectTemplate::data-dlp-template",
    "gcp:storage/bucketIAMMember:BucketIAMMember::data-dlp-data-read",
    "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger::data-dlp-data",
].sort();

/** What `protect` covers: everything whose loss loses data or the means to decrypt it. */
const PROTECTED = ["data-keyring", ...KEY_PURPOSES.map((p) => `data-key-${p}`), "data-bucket-data", "data-secret-app"].sort();

for (const [stack, env, protect] of [["gcp-prod", "prod", true], ["gcp-dev", "dev", false]] as const) {
    describe(`zt:gcp:Data (${stack})`, () => {
        let graph: CapturedGraph;
        before(async () => {
            graph = await stackGraph(stack);
        });
        const project = `zt-landing-zone-${env}`;
        const prefix = `zt-${env}`;
        const ring = `projects/${project}/locations/europe-west1/keyRings/${prefix}-keys`;
        const keyId = (p: string) => `${ring}/cryptoKeys/${p}`;
        const bucketName = `${project}-data`;
        const labels = (extra: Record<string, string> = {}) => ({ ...extra, owner: "platform-team", environment: env, "managed-by": "pulumi" });

        it("declares exactly the key ring, agents, keys, grants, bucket, secret and DLP scan (the same in prod and dev)", () => {
            // Sorted: registration order follows when each resource's inputs resolve, not declaration order.
            assert.deepEqual(childrenOf(graph, "zt:gcp:Data").map((r) => `${r.type}::${r.name}`).sort(), EXPECTED_CHILDREN);
        });

        it(`protects the ring, keys, bucket and secret ${protect ? "in prod" : "only in prod (not in dev)"}, nothing else`, () => {
            const children = childrenOf(graph, "zt:gcp:Data");
            for (const r of children) assert.equal(r.protect, protect && PROTECTED.includes(r.name), r.name);
            assert.deepEqual(children.filter((r) => r.protect).map((r) => r.name).sort(), protect ? PROTECTED : []);
        });

        it("creates the key ring in the region", () => {
            assert.deepEqual(byName(graph, "data-keyring").inputs, { name: `${prefix}-keys`, project, location: "europe-west1" });
        });

        it("creates one HSM key per purpose in the ring: 90-day rotation, 90-day destroy delay, labelled", () => {
            for (const p of KEY_PURPOSES) {
                const k = byName(graph, `data-key-${p}`);
                assert.deepEqual(k.inputs, {
                    name: p,
                    keyRing: ring,
                    purpose: "ENCRYPT_DECRYPT",
                    rotationPeriod: "7776000s",
                    destroyScheduledDuration: "7776000s",
                    versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: "HSM" },
                    labels: labels({ purpose: p }),
                }, p);
                assert.deepEqual(k.propertyDependencies["keyRing"], [byName(graph, "data-keyring").urn], p);
            }
        });

        const AGENT_EMAILS: Record<string, string> = {
            storage: `service-${NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
            secrets: `service-${NUMBER}@gcp-sa-secretmanager.iam.gserviceaccount.com`,
            logs: `service-${NUMBER}@gcp-sa-logging.iam.gserviceaccount.com`,
            pubsub: `service-${NUMBER}@gcp-sa-pubsub.iam.gserviceaccount.com`,
            registry: `service-${NUMBER}@gcp-sa-artifactregistry.iam.gserviceaccount.com`,
            cluster: `service-${NUMBER}@container-engine-robot.iam.gserviceaccount.com`,
            disks: `service-${NUMBER}@compute-system.iam.gserviceaccount.com`,
        };
        for (const p of KEY_PURPOSES) {
            it(`lets only ${AGENT_EMAILS[p].split("@")[1].split(".")[0]} use the ${p} key, as Encrypter/Decrypter`, () => {
                const g = byName(graph, `data-key-${p}-user`);
                assert.deepEqual(g.inputs, { cryptoKeyId: keyId(p), role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: `serviceAccount:${AGENT_EMAILS[p]}` });
                assert.equal(AGENT_EMAILS[p].split("@")[1], SERVICE_AGENT_DOMAINS[KEY_AGENTS[p]]);
                assert.deepEqual(g.propertyDependencies["cryptoKeyId"], [byName(graph, `data-key-${p}`).urn]);
                const agent = KEY_AGENTS[p];
                if (agent in JIT_AGENTS) assert.ok(g.dependencies.includes(byName(graph, `data-agent-${agent}`).urn), `${p}: waits for its agent`);
            });
        }

        it("creates the just-in-time service agents in the project", () => {
            for (const [a, service] of Object.entries(JIT_AGENTS)) {
                assert.deepEqual(byName(graph, `data-agent-${a}`).inputs, { project, service });
            }
        });

        it("makes the bucket private, CMEK-only, write-once for 30 days, soft-deleted for 30 more, classified", () => {
            const b = byName(graph, "data-bucket-data");
            assert.deepEqual(b.inputs, {
                name: bucketName,
                project,
                location: "europe-west1",
                storageClass: "STANDARD",
                uniformBucketLevelAccess: true,
                publicAccessPrevention: "enforced",
                // Cloud Storage refuses versioning together with a retention policy.
                versioning: { enabled: false },
                retentionPolicy: { retentionPeriod: "2592000", isLocked: false },
                softDeletePolicy: { retentionDurationSeconds: 2592000 },
                encryption: {
                    defaultKmsKeyName: keyId("storage"),
                    googleManagedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
                    customerSuppliedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
                },
                forceDestroy: false,
                labels: labels({ "data-classification": "confidential" }),
            });
            // The key reaches the bucket only once the Cloud Storage agent may use it.
            for (const dep of ["data-key-storage", "data-key-storage-user"]) {
                assert.ok(b.propertyDependencies["encryption"].includes(byName(graph, dep).urn), dep);
            }
        });

        it("pins the secret to the region under the secrets key, once the Secret Manager agent may use it", () => {
            const s = byName(graph, "data-secret-app");
            assert.deepEqual(s.inputs, {
                secretId: `${prefix}-app`,
                project,
                replication: { userManaged: { replicas: [{ location: "europe-west1", customerManagedEncryption: { kmsKeyName: keyId("secrets") } }] } },
                versionDestroyTtl: "2592000s",
                labels: labels({ "data-classification": "confidential" }),
            });
            assert.ok(s.propertyDependencies["replication"].includes(byName(graph, "data-key-secrets-user").urn));
        });

        it("lets the app workload's service account read the app secret, and nothing more", () => {
            const m = byName(graph, "data-secret-app-app");
            assert.deepEqual(m.inputs, {
                project,
                secretId: `projects/${project}/secrets/${prefix}-app`,
                role: "roles/secretmanager.secretAccessor",
                member: `serviceAccount:${prefix}-w-app@${project}.iam.gserviceaccount.com`,
            });
            assert.deepEqual(m.propertyDependencies["secretId"], [byName(graph, "data-secret-app").urn]);
        });

        it("defines the DLP inspect template in the region with the payment, personal and credential info types", () => {
            const t = byName(graph, "data-dlp-template");
            assert.deepEqual(t.inputs, {
                parent: `projects/${project}/locations/europe-west1`,
                templateId: `${prefix}-sensitive`,
                displayName: `${prefix} sensitive data`,
                description: "Payment card, bank, personal and credential data the landing zone's buckets must not hold unnoticed.",
                inspectConfig: {
                    infoTypes: [
                        "CREDIT_CARD_NUMBER", "CREDIT_CARD_TRACK_NUMBER", "IBAN_CODE", "SWIFT_CODE",
                        "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON_NAME", "STREET_ADDRESS", "DATE_OF_BIRTH", "PASSPORT", "US_SOCIAL_SECURITY_NUMBER",
                        "GCP_CREDENTIALS", "GCP_API_KEY", "AWS_CREDENTIALS", "AZURE_AUTH_TOKEN", "AUTH_TOKEN", "JSON_WEB_TOKEN", "ENCRYPTION_KEY",
                    ].map((name) => ({ name })),
                    minLikelihood: "LIKELY",
                    includeQuote: false,
                },
            });
        });

        it("scans every object of the data bucket weekly with the template, reporting to SCC and Monitoring", () => {
            const t = byName(graph, "data-dlp-data");
            assert.deepEqual(t.inputs, {
                parent: `projects/${project}/locations/europe-west1`,
                triggerId: `${prefix}-data-scan`,
                displayName: `${prefix} data bucket scan`,
                description: `Weekly incremental scan of gs://${bucketName} for sensitive data.`,
                triggers: [{ schedule: { recurrencePeriodDuration: "604800s" } }],
                inspectJob: {
                    inspectTemplateName: `projects/${project}/locations/europe-west1/inspectTemplates/${prefix}-sensitive`,
                    storageConfig: {
                        cloudStorageOptions: { fileSet: { url: `gs://${bucketName}/**` } },
                        timespanConfig: { enableAutoPopulationOfTimespanConfig: true },
                    },
                    actions: [{ publishSummaryToCscc: {} }, { publishToStackdriver: {} }],
                },
            });
            assert.ok(t.propertyDependencies["inspectJob"].includes(byName(graph, "data-dlp-template").urn));
            for (const dep of ["data-bucket-data", "data-dlp-data-read"]) assert.ok(t.dependencies.includes(byName(graph, dep).urn), dep);
        });

        it("lets the DLP agent read the data bucket's objects (only), once the agent exists", () => {
            const r = byName(graph, "data-dlp-data-read");
            assert.deepEqual(r.inputs, {
                bucket: bucketName,
                role: "roles/storage.objectViewer",
                member: `serviceAccount:service-${NUMBER}@dlp-api.iam.gserviceaccount.com`,
            });
            assert.deepEqual(r.propertyDependencies["bucket"], [byName(graph, "data-bucket-data").urn]);
            assert.ok(r.dependencies.includes(byName(graph, "data-agent-dlp").urn));
        });
    });
}
