import { strict as assert } from "assert";
import { childRecorder, registeredAs, registeredIds, registeredUnder, useMocks, valueOf } from "../support/mocks";
import { inspectConfig, inspectJob, SCAN_PERIOD } from "../../components/gcp/data-dlp";
import { KEY_DESTROY_DELAY, KEY_ROTATION_PERIOD } from "../../components/gcp/data-keys";
import {
    GcpStateBackend,
    gcpStateNames,
    noncurrentVersionRule,
    STATE_OBJECT_ROLE,
    validateGcpStateBackend,
    type GcpStateBackendArgs,
} from "../../components/gcp/state-backend";

const PROJECT = "zt-unit-state";
const NUMBER = "123456789012";
const REGION = "europe-west1";
const CI = `serviceAccount:zt-deploy@${PROJECT}.iam.gserviceaccount.com`;

/** The default shape: two environments, protected, a prod deployer, DLP scans, HSM keys. */
const MAIN: GcpStateBackendArgs = {
    namePrefix: "ztu",
    environments: ["dev", "prod"],
    protect: true,
    project: PROJECT,
    projectNumber: NUMBER,
    region: REGION,
    deployers: { prod: { ci: CI } },
};
/** Everything switched the other way: one environment, unprotected, no scans, software keys, a short history. */
const LEAN: GcpStateBackendArgs = {
    namePrefix: "ztv",
    environments: ["dev"],
    protect: false,
    project: PROJECT,
    projectNumber: NUMBER,
    region: REGION,
    noncurrentVersionsKept: 5,
    noncurrentVersionDays: 7,
    keyProtectionLevel: "SOFTWARE",
    scanForSensitiveData: false,
};

const keyId = (prefix: string, key: string) => `projects/${PROJECT}/locations/${REGION}/keyRings/${prefix}-state/cryptoKeys/${key}`;

describe("zt:gcp:StateBackend names and validation", () => {
    it("builds every physical name from the prefix, project and region", () => {
        const n = gcpStateNames("zt", "zt-landing-zone-prod", REGION);
        assert.deepEqual([n.keyRing, n.keyRingId, n.bucket("dev"), n.bucketKey("dev"), n.secretsKey("prod"), n.keyId("prod-secrets")], [
            "zt-state",
            `projects/zt-landing-zone-prod/locations/${REGION}/keyRings/zt-state`,
            "zt-landing-zone-prod-zt-dev-state",
            "dev-state",
            "prod-secrets",
            `projects/zt-landing-zone-prod/locations/${REGION}/keyRings/zt-state/cryptoKeys/prod-secrets`,
        ]);
    });

    it("deletes a noncurrent version only once it is both outnumbered and old", () => {
        assert.deepEqual(noncurrentVersionRule(100, 30), { action: { type: "Delete" }, condition: { withState: "ARCHIVED", numNewerVersions: 100, daysSinceNoncurrentTime: 30 } });
    });

    it("accepts the two test configurations and names every problem of a bad one", () => {
        assert.deepEqual(validateGcpStateBackend(MAIN), []);
        assert.deepEqual(validateGcpStateBackend(LEAN), []);
        assert.deepEqual(validateGcpStateBackend({
            ...LEAN,
            namePrefix: "zt.x",
            project: "a-thirty-character-project-id0",
            environments: ["dev", "Prod", "dev", "a-rather-long-environment-name"],
            deployers: { qa: {} },
            noncurrentVersionsKept: 0,
            noncurrentVersionDays: 1.5,
        }), [
            'key ring name "zt.x-state" must be 1–63 letters, digits, hyphens and underscores',
            'environment "Prod" must be lowercase letters, digits and hyphens, and bucket "a-thirty-character-project-id0-zt.x-Prod-state" at most 63 characters',
            'environment "a-rather-long-environment-name" must be lowercase letters, digits and hyphens, and bucket "a-thirty-character-project-id0-zt.x-a-rather-long-environment-name-state" at most 63 characters',
            "environments must be unique",
            'deployers name environment "qa", which is not in environments',
            "noncurrentVersionsKept must be a whole number ≥ 1 (got 0)",
            "noncurrentVersionDays must be a whole number ≥ 1 (got 1.5)",
        ]);
        assert.deepEqual(validateGcpStateBackend({ ...LEAN, environments: [] }), ["at least one environment is needed"]);
    });

    it("refuses to declare anything with invalid args", () => {
        assert.throws(() => new GcpStateBackend("gcsb-bad", { ...LEAN, environments: [] }), /^Error: zt:gcp:StateBackend gcsb-bad: at least one environment is needed\.$/);
    });
});

describe("zt:gcp:StateBackend (under mocks)", () => {
    const { protect, transformation: record, settled } = childRecorder();
    const backends: Record<string, Record<string, { url: string; secretsProvider: string }>> = {};
    before(async () => {
        await useMocks(() => ({}));
        for (const [name, args] of [["gcsb-main", MAIN], ["gcsb-lean", LEAN]] as const) {
            const c = new GcpStateBackend(name, args, { transformations: [record] });
            backends[name] = {};
            for (const [env, b] of Object.entries(c.backends)) backends[name][env] = { url: await valueOf(b.url), secretsProvider: await valueOf(b.secretsProvider) };
        }
        // Every child registered: grants and scans are on no output's path.
        await settled();
    });
    const ids = registeredIds;
    const inputs = (name: string) => registeredAs(name).inputs;

    it("declares exactly the ring, per-environment keys, buckets and grants, and the DLP scans", () => {
        assert.deepEqual(ids("gcsb-main"), [
            "gcp:dataloss/preventionInspectTemplate:PreventionInspectTemplate::gcsb-main-dlp-template",
            "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger::gcsb-main-dlp-dev",
            "gcp:dataloss/preventionJobTrigger:PreventionJobTrigger::gcsb-main-dlp-prod",
            "gcp:kms/cryptoKey:CryptoKey::gcsb-main-key-dev-secrets",
            "gcp:kms/cryptoKey:CryptoKey::gcsb-main-key-dev-state",
            "gcp:kms/cryptoKey:CryptoKey::gcsb-main-key-prod-secrets",
            "gcp:kms/cryptoKey:CryptoKey::gcsb-main-key-prod-state",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::gcsb-main-key-dev-state-user",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::gcsb-main-key-prod-secrets-ci",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::gcsb-main-key-prod-state-user",
            "gcp:kms/keyRing:KeyRing::gcsb-main-keyring",
            "gcp:projects/serviceIdentity:ServiceIdentity::gcsb-main-agent-dlp",
            "gcp:storage/bucket:Bucket::gcsb-main-bucket-dev",
            "gcp:storage/bucket:Bucket::gcsb-main-bucket-prod",
            "gcp:storage/bucketIAMMember:BucketIAMMember::gcsb-main-bucket-prod-ci",
            "gcp:storage/bucketIAMMember:BucketIAMMember::gcsb-main-dlp-dev-read",
            "gcp:storage/bucketIAMMember:BucketIAMMember::gcsb-main-dlp-prod-read",
        ]);
    });

    it("declares no scans and no deployer grants when switched off and none are given", () => {
        assert.deepEqual(ids("gcsb-lean"), [
            "gcp:kms/cryptoKey:CryptoKey::gcsb-lean-key-dev-secrets",
            "gcp:kms/cryptoKey:CryptoKey::gcsb-lean-key-dev-state",
            "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember::gcsb-lean-key-dev-state-user",
            "gcp:kms/keyRing:KeyRing::gcsb-lean-keyring",
            "gcp:storage/bucket:Bucket::gcsb-lean-bucket-dev",
        ]);
    });

    it("protects the ring, keys and buckets when asked, and nothing else", () => {
        const stateful = ["keyring", "key-dev-state", "key-dev-secrets", "key-prod-state", "key-prod-secrets", "bucket-dev", "bucket-prod"].map((s) => `gcsb-main-${s}`);
        for (const r of registeredUnder("gcsb-main")) assert.equal(protect.get(r.name), stateful.includes(r.name), r.name);
        for (const r of registeredUnder("gcsb-lean")) assert.equal(protect.get(r.name), false, r.name);
    });

    it("hands out gs:// login URLs and gcpkms:// secrets providers per environment", () => {
        assert.deepEqual(backends, {
            "gcsb-main": {
                dev: { url: `gs://${PROJECT}-ztu-dev-state`, secretsProvider: `gcpkms://${keyId("ztu", "dev-secrets")}` },
                prod: { url: `gs://${PROJECT}-ztu-prod-state`, secretsProvider: `gcpkms://${keyId("ztu", "prod-secrets")}` },
            },
            "gcsb-lean": {
                dev: { url: `gs://${PROJECT}-ztv-dev-state`, secretsProvider: `gcpkms://${keyId("ztv", "dev-secrets")}` },
            },
        });
    });

    it("keeps the ring in the region", () => {
        assert.deepEqual(inputs("gcsb-main-keyring"), { name: "ztu-state", project: PROJECT, location: REGION });
    });

    const key = (prefix: string, name: string, purpose: string, level: string) => ({
        name,
        keyRing: `projects/${PROJECT}/locations/${REGION}/keyRings/${prefix}-state`,
        purpose: "ENCRYPT_DECRYPT",
        rotationPeriod: KEY_ROTATION_PERIOD,
        destroyScheduledDuration: KEY_DESTROY_DELAY,
        versionTemplate: { algorithm: "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: level },
        labels: { purpose },
    });

    it("makes a bucket key and a secrets key per environment, rotating every 90 days, HSM unless told otherwise", () => {
        assert.equal(KEY_ROTATION_PERIOD, "7776000s");
        for (const env of ["dev", "prod"]) {
            assert.deepEqual(inputs(`gcsb-main-key-${env}-state`), key("ztu", `${env}-state`, "pulumi-state", "HSM"));
            assert.deepEqual(inputs(`gcsb-main-key-${env}-secrets`), key("ztu", `${env}-secrets`, "pulumi-secrets", "HSM"));
        }
        assert.deepEqual(inputs("gcsb-lean-key-dev-state"), key("ztv", "dev-state", "pulumi-state", "SOFTWARE"));
        assert.deepEqual(inputs("gcsb-lean-key-dev-secrets"), key("ztv", "dev-secrets", "pulumi-secrets", "SOFTWARE"));
    });

    it("lets the Cloud Storage agent use each bucket key, and only the bucket key", () => {
        for (const env of ["dev", "prod"]) {
            assert.deepEqual(inputs(`gcsb-main-key-${env}-state-user`), {
                cryptoKeyId: keyId("ztu", `${env}-state`),
                role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
                member: `serviceAccount:service-${NUMBER}@gs-project-accounts.iam.gserviceaccount.com`,
            });
        }
        const secretsGrants = registeredUnder("gcsb-main").filter((r) => r.type === "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember" && String(r.inputs["cryptoKeyId"]).endsWith("-secrets"));
        assert.deepEqual(secretsGrants.map((r) => r.inputs["member"]), [CI]);
    });

    const bucket = (prefix: string, env: string, kept: number, days: number) => ({
        name: `${PROJECT}-${prefix}-${env}-state`,
        project: PROJECT,
        location: REGION,
        storageClass: "STANDARD",
        uniformBucketLevelAccess: true,
        publicAccessPrevention: "enforced",
        versioning: { enabled: true },
        softDeletePolicy: { retentionDurationSeconds: 2_592_000 },
        lifecycleRules: [{ action: { type: "Delete" }, condition: { withState: "ARCHIVED", numNewerVersions: kept, daysSinceNoncurrentTime: days } }],
        encryption: {
            defaultKmsKeyName: keyId(prefix, `${env}-state`),
            googleManagedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
            customerSuppliedEncryptionEnforcementConfig: { restrictionMode: "FullyRestricted" },
        },
        forceDestroy: false,
        labels: { "data-classification": "confidential", purpose: "pulumi-state" },
    });

    it("makes private, CMEK-only, versioned buckets with soft delete and bounded history, and no retention policy", () => {
        assert.deepEqual(inputs("gcsb-main-bucket-dev"), bucket("ztu", "dev", 100, 30));
        assert.deepEqual(inputs("gcsb-main-bucket-prod"), bucket("ztu", "prod", 100, 30));
        assert.deepEqual(inputs("gcsb-lean-bucket-dev"), bucket("ztv", "dev", 5, 7));
    });

    it("grants the prod deployer object access to the prod bucket and the prod secrets key, nothing in dev", () => {
        assert.deepEqual(inputs("gcsb-main-bucket-prod-ci"), { bucket: `${PROJECT}-ztu-prod-state`, role: STATE_OBJECT_ROLE, member: CI });
        assert.equal(STATE_OBJECT_ROLE, "roles/storage.objectUser");
        assert.deepEqual(inputs("gcsb-main-key-prod-secrets-ci"), { cryptoKeyId: keyId("ztu", "prod-secrets"), role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", member: CI });
    });

    it("scans each bucket weekly with the landing zone's DLP template, read-only for the DLP agent", () => {
        const location = `projects/${PROJECT}/locations/${REGION}`;
        const template = `${location}/inspectTemplates/ztu-state-sensitive`;
        assert.deepEqual(inputs("gcsb-main-agent-dlp"), { project: PROJECT, service: "dlp.googleapis.com" });
        assert.deepEqual(inputs("gcsb-main-dlp-template"), {
            parent: location,
            templateId: "ztu-state-sensitive",
            displayName: "ztu-state sensitive data",
            description: "Payment card, bank, personal and credential data the landing zone's buckets must not hold unnoticed.",
            inspectConfig: inspectConfig(),
        });
        for (const env of ["dev", "prod"]) {
            const name = `${PROJECT}-ztu-${env}-state`;
            assert.deepEqual(inputs(`gcsb-main-dlp-${env}-read`), {
                bucket: name, role: "roles/storage.objectViewer", member: `serviceAccount:service-${NUMBER}@dlp-api.iam.gserviceaccount.com`,
            });
            assert.deepEqual(inputs(`gcsb-main-dlp-${env}`), {
                parent: location,
                triggerId: `ztu-state-${env}-scan`,
                displayName: `ztu-state ${env} bucket scan`,
                description: `Weekly incremental scan of gs://${name} for sensitive data.`,
                triggers: [{ schedule: { recurrencePeriodDuration: SCAN_PERIOD } }],
                inspectJob: inspectJob(template, name),
            });
        }
    });
});
