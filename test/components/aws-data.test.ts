import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { KEY_PURPOSES, type KeyPurpose } from "../../components/aws/data";
import { keyAdministratorRolePatterns } from "../../stacks/aws";
import {
    KEY_ADMIN_ACTIONS,
    KEY_USER_ACTIONS,
    autoScalingRoleArn,
    bucketPolicy,
    keyPolicy,
    macieRoleArn,
    type PolicyDocument,
    type Statement,
} from "../../components/aws/data-policies";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const ADMIN_PATTERNS = [`arn:aws:iam::${ACCOUNT}:role/zt-prod-deploy`, `arn:aws:iam::${ACCOUNT}:role/zt-prod-break-glass`];

/** Every KMS action that uses key material, or lets a principal obtain that use (a grant). */
const CRYPTO_ACTIONS = [
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext",
    "kms:GenerateDataKeyPair", "kms:GenerateDataKeyPairWithoutPlaintext", "kms:GenerateMac", "kms:VerifyMac", "kms:Sign", "kms:Verify",
    "kms:DeriveSharedSecret", "kms:CreateGrant",
];
/** Actions that change or destroy the key; users must never get them. */
const MANAGEMENT_ACTIONS = ["kms:PutKeyPolicy", "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:UpdateAlias", "kms:DeleteAlias", "kms:RevokeGrant"];

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
/** IAM's action matching: `*` and `?` wildcards, case-insensitive. */
const matches = (pattern: string, action: string) =>
    new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "i").test(action);
const grants = (s: Statement, action: string) => list(s.Action).some((p) => matches(p, action));
const sid = (doc: PolicyDocument, id: string) => {
    const s = doc.Statement.find((x) => x.Sid === id);
    assert.ok(s, `statement ${id}`);
    return s;
};
const principals = (s: Statement): string[] => (s.Principal === "*" ? ["*"] : Object.values(s.Principal).flatMap(list));

/** The separation every key policy must keep, whatever its purpose. */
function assertKeyPolicySafe(doc: PolicyDocument, label: string) {
    for (const s of doc.Statement) {
        assert.notEqual(s.Principal, "*", `${label} ${s.Sid}: Principal "*"`);
        assert.ok(!principals(s).includes("*"), `${label} ${s.Sid}: principal "*"`);
        for (const a of list(s.Action)) assert.ok(a !== "*" && a.toLowerCase() !== "kms:*", `${label} ${s.Sid}: ${a}`);
    }
    const admin = sid(doc, "KeyAdministration");
    for (const a of CRYPTO_ACTIONS) assert.ok(!grants(admin, a), `${label}: administrators may ${a}`);
    for (const s of doc.Statement.filter((x) => x !== admin)) {
        for (const a of MANAGEMENT_ACTIONS) assert.ok(!grants(s, a), `${label} ${s.Sid}: users may ${a}`);
    }
}

describe("AWS data policies (pure builders)", () => {
    it("administers the keys by the deploy, break-glass and JIT admin roles, plus the configured ones", () => {
        assert.deepEqual(keyAdministratorRolePatterns("zt-prod", []), [
            "zt-prod-deploy",
            "zt-prod-break-glass",
            "aws-reserved/sso.amazonaws.com/*AWSReservedSSO_zt-prod-admin_*",
        ]);
        assert.deepEqual(keyAdministratorRolePatterns("zt-dev", ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"]).slice(3), [
            "aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*",
        ]);
    });

    const ctx = { accountId: ACCOUNT, region: REGION, adminArnPatterns: ADMIN_PATTERNS };

    it("gives administrators management only, by principal-ARN pattern on the account root", () => {
        const admin = sid(keyPolicy("data", ctx), "KeyAdministration");
        assert.deepEqual(admin.Principal, { AWS: `arn:aws:iam::${ACCOUNT}:root` });
        assert.deepEqual(admin.Condition, { ArnLike: { "aws:PrincipalArn": ADMIN_PATTERNS } });
        assert.ok(grants(admin, "kms:PutKeyPolicy") && grants(admin, "kms:ScheduleKeyDeletion") && grants(admin, "kms:RotateKeyOnDemand"));
        // The usual kms:Create* would include CreateGrant, with which an admin could grant itself Decrypt.
        assert.ok(!list(admin.Action).includes("kms:Create*"));
        for (const a of KEY_ADMIN_ACTIONS) assert.ok(!KEY_USER_ACTIONS.includes(a), a);
    });

    for (const purpose of KEY_PURPOSES) {
        it(`keeps the ${purpose} key's administrators and users apart, with no kms:* and no Principal "*"`, () => {
            assertKeyPolicySafe(keyPolicy(purpose, ctx), purpose);
        });
    }

    it("lets the account use each key only through the purpose's services, from this account", () => {
        const expected: Record<KeyPurpose, string[]> = {
            logs: ["s3", "sns", "logs", "states", "lambda"],
            data: ["s3", "ecr"],
            secrets: ["secretsmanager", "eks"],
            ebs: ["ec2"],
        };
        for (const purpose of KEY_PURPOSES) {
            const doc = keyPolicy(purpose, ctx);
            const via = { "kms:CallerAccount": ACCOUNT, "kms:ViaService": expected[purpose].map((s) => `${s}.${REGION}.amazonaws.com`) };
            assert.deepEqual(sid(doc, "AccountUseThroughServices").Condition, { StringEquals: via }, purpose);
            assert.deepEqual(sid(doc, "AccountGrantsForAwsResources").Condition,
                { StringEquals: via, Bool: { "kms:GrantIsForAWSResource": "true" } }, purpose);
        }
    });

    it("admits the log-writing services to the logs key, scoped to this account and region", () => {
        const doc = keyPolicy("logs", ctx);
        const services = doc.Statement.flatMap((s) => (typeof s.Principal === "object" && "Service" in s.Principal ? list(s.Principal.Service) : []));
        assert.deepEqual([...new Set(services)].sort(), [
            "cloudtrail.amazonaws.com", "cloudwatch.amazonaws.com", "config.amazonaws.com", "delivery.logs.amazonaws.com",
            "events.amazonaws.com", `logs.${REGION}.amazonaws.com`,
        ]);
        assert.deepEqual(sid(doc, "CloudTrailEncryptLogs").Condition, {
            StringLike: { "kms:EncryptionContext:aws:cloudtrail:arn": `arn:aws:cloudtrail:*:${ACCOUNT}:trail/*` },
            StringEquals: { "aws:SourceAccount": ACCOUNT },
        });
        assert.deepEqual(sid(doc, "CloudWatchLogsEncryptLogGroups").Condition,
            { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${ACCOUNT}:*` } });
        for (const id of ["CloudTrailDescribeKey", "LogDeliveryEncrypt", "ConfigDelivery", "CloudWatchAlarmsPublish"]) {
            assert.equal(sid(doc, id).Condition?.["StringEquals"]?.["aws:SourceAccount"], ACCOUNT, id);
        }
        // Only the publish-to-topic statements are for services other than log writers; none may read logs wholesale.
        assert.deepEqual(list(sid(doc, "EventBridgePublish").Action), ["kms:Decrypt", "kms:GenerateDataKey*"]);
    });

    it("lets only Macie's role decrypt data for classification, and Auto Scaling's role use the EBS key", () => {
        const macie = sid(keyPolicy("data", ctx), "MacieClassificationRead");
        assert.deepEqual([macie.Principal, macie.Action], [{ AWS: macieRoleArn(ACCOUNT) }, "kms:Decrypt"]);
        assert.equal(macieRoleArn(ACCOUNT), `arn:aws:iam::${ACCOUNT}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`);
        const ebs = keyPolicy("ebs", ctx);
        const grant = sid(ebs, "AutoScalingGrantsForVolumes");
        assert.deepEqual([grant.Principal, grant.Action, grant.Condition],
            [{ AWS: autoScalingRoleArn(ACCOUNT) }, "kms:CreateGrant", { Bool: { "kms:GrantIsForAWSResource": "true" } }]);
        assert.deepEqual(sid(ebs, "AutoScalingUseForVolumes").Action, KEY_USER_ACTIONS);
        assert.deepEqual(keyPolicy("secrets", ctx).Statement.map((s) => s.Sid), ["KeyAdministration", "AccountUseThroughServices", "AccountGrantsForAwsResources"]);
    });

    const keyArn = `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

    it("denies plain HTTP, another algorithm or key (only when named), and principals outside the account", () => {
        const doc = bucketPolicy({ bucketName: "zt-prod-data-1", keyArn, accountId: ACCOUNT });
        assert.ok(doc.Statement.every((s) => s.Effect === "Deny"), "deny-only");
        const tls = sid(doc, "DenyInsecureTransport");
        assert.deepEqual([tls.Action, tls.Resource, tls.Condition],
            ["s3:*", ["arn:aws:s3:::zt-prod-data-1", "arn:aws:s3:::zt-prod-data-1/*"], { Bool: { "aws:SecureTransport": "false" } }]);
        assert.deepEqual(sid(doc, "DenyOtherEncryption").Condition, { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } });
        assert.deepEqual(sid(doc, "DenyOtherKmsKey").Condition, { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": keyArn } });
        assert.deepEqual(sid(doc, "DenyOutsideAccount").Condition,
            { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } });
        assert.ok(!doc.Statement.some((s) => s.Sid === "DenyOutsideOrganization"));
    });

    it("widens the perimeter to the organization when one is given", () => {
        const doc = bucketPolicy({ bucketName: "b", keyArn, accountId: ACCOUNT, organizationId: "o-a1b2c3d4e5" });
        assert.deepEqual(sid(doc, "DenyOutsideOrganization").Condition,
            { StringNotEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } });
        assert.ok(!doc.Statement.some((s) => s.Sid === "DenyOutsideAccount"));
    });
});

/** The resources under a component. */
function childrenOf(graph: CapturedGraph, parentType: string): CapturedResource[] {
    const parent = graph.resources.find((r) => r.type === parentType);
    assert.ok(parent, `${parentType} registered`);
    return graph.resources.filter((r) => r.parent === parent.urn);
}
const parsed = (r: CapturedResource) => {
    const text = r.inputs["policy"];
    assert.equal(typeof text, "string", `${r.name} policy is known`);
    return JSON.parse(text as string) as PolicyDocument;
};

/** The exact children of zt:aws:Data for the default config (one bucket `data`, one secret `app-database`). */
const EXPECTED_CHILDREN = [
    "aws:macie2/account:Account::data-macie",
    ...KEY_PURPOSES.flatMap((p) => [`aws:kms/key:Key::data-key-${p}`, `aws:kms/alias:Alias::data-key-${p}-alias`]),
    "aws:ebs/encryptionByDefault:EncryptionByDefault::data-ebs-encryption",
    "aws:ebs/defaultKmsKey:DefaultKmsKey::data-ebs-default-key",
    "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock::data-account-public-access-block",
    "aws:s3/bucket:Bucket::data-bucket-data",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::data-bucket-data-encryption",
    "aws:s3/bucketVersioning:BucketVersioning::data-bucket-data-versioning",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::data-bucket-data-public-access-block",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls::data-bucket-data-ownership",
    "aws:s3/bucketPolicy:BucketPolicy::data-bucket-data-policy",
    "aws:secretsmanager/secret:Secret::data-secret-app-database",
    "aws:macie2/classificationJob:ClassificationJob::data-classification",
].sort();

for (const [stack, env, protect] of [["aws-prod", "prod", true], ["aws-dev", "dev", false]] as const) {
    describe(`zt:aws:Data (${stack})`, () => {
        let graph: CapturedGraph;
        before(async () => { graph = await stackGraph(stack); });
        const prefix = `zt-${env}`;
        const bucketName = `${prefix}-data-${ACCOUNT}`;

        it("declares exactly the keys, account defaults, bucket with its companions, secret and Macie", () => {
            // Sorted: registration order follows when each resource's inputs resolve, not declaration order.
            assert.deepEqual(childrenOf(graph, "zt:aws:Data").map((r) => `${r.type}::${r.name}`).sort(), EXPECTED_CHILDREN);
        });

        it("gives every key yearly rotation, a 30-day deletion window, its alias and a separated policy", () => {
            for (const purpose of KEY_PURPOSES) {
                const key = byName(graph, `data-key-${purpose}`);
                assert.deepEqual([key.inputs["enableKeyRotation"], key.inputs["rotationPeriodInDays"], key.inputs["deletionWindowInDays"]], [true, 365, 30], purpose);
                const alias = byName(graph, `data-key-${purpose}-alias`);
                assert.equal(alias.inputs["name"], `alias/${prefix}-${purpose}`);
                assert.deepEqual(alias.propertyDependencies["targetKeyId"], [key.urn]);
                const doc = parsed(key);
                assertKeyPolicySafe(doc, `${stack} ${purpose}`);
                assert.deepEqual(sid(doc, "KeyAdministration").Condition?.["ArnLike"]?.["aws:PrincipalArn"], [
                    `arn:aws:iam::${ACCOUNT}:role/${prefix}-deploy`,
                    `arn:aws:iam::${ACCOUNT}:role/${prefix}-break-glass`,
                    `arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${prefix}-admin_*`,
                ]);
            }
        });

        it("creates the data key after Macie, whose service-linked role its policy names", () => {
            assert.ok(byName(graph, "data-key-data").dependencies.includes(byName(graph, "data-macie").urn));
        });

        it(`protects keys, buckets and secrets ${protect ? "in prod" : "only in prod (not in dev)"}`, () => {
            const stateful = childrenOf(graph, "zt:aws:Data").filter((r) =>
                ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "aws:secretsmanager/secret:Secret"].includes(r.type));
            assert.equal(stateful.length, 6);
            for (const r of stateful) assert.equal(r.protect, protect, r.name);
        });

        it("turns on EBS encryption by default with the ebs key and blocks public access account-wide", () => {
            assert.equal(byName(graph, "data-ebs-encryption").inputs["enabled"], true);
            const def = byName(graph, "data-ebs-default-key");
            assert.deepEqual(def.propertyDependencies["keyArn"], [byName(graph, "data-key-ebs").urn]);
            assert.equal(def.inputs["keyArn"], `arn:aws:kms:${REGION}:${ACCOUNT}:key/data-key-ebs-id`);
            const pab = byName(graph, "data-account-public-access-block").inputs;
            assert.deepEqual([pab["accountId"], pab["blockPublicAcls"], pab["blockPublicPolicy"], pab["ignorePublicAcls"], pab["restrictPublicBuckets"]],
                [ACCOUNT, true, true, true, true]);
        });

        it("names and tags the bucket, never force-destroys it", () => {
            const b = byName(graph, "data-bucket-data").inputs;
            assert.equal(b["bucket"], bucketName);
            assert.equal(b["forceDestroy"], false);
            assert.deepEqual(b["tags"], { Name: bucketName, "data-classification": "confidential", owner: "platform-team", environment: env, "managed-by": "pulumi" });
        });

        it("wires every companion to the bucket and encrypts with the data key", () => {
            const bucket = byName(graph, "data-bucket-data");
            for (const c of ["encryption", "versioning", "public-access-block", "ownership", "policy"]) {
                assert.deepEqual(byName(graph, `data-bucket-data-${c}`).propertyDependencies["bucket"], [bucket.urn], c);
            }
            const sse = byName(graph, "data-bucket-data-encryption");
            assert.deepEqual(sse.propertyDependencies["rules"], [byName(graph, "data-key-data").urn]);
            assert.deepEqual(sse.inputs["rules"], [{
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/data-key-data-id` },
                bucketKeyEnabled: true,
                blockedEncryptionTypes: ["SSE-C"],
            }]);
            assert.deepEqual(byName(graph, "data-bucket-data-versioning").inputs["versioningConfiguration"], { status: "Enabled" });
            const pab = byName(graph, "data-bucket-data-public-access-block").inputs;
            assert.deepEqual([pab["blockPublicAcls"], pab["blockPublicPolicy"], pab["ignorePublicAcls"], pab["restrictPublicBuckets"]], [true, true, true, true]);
            assert.deepEqual(byName(graph, "data-bucket-data-ownership").inputs["rule"], { objectOwnership: "BucketOwnerEnforced" });
        });

        it("denies non-TLS requests and other keys in the bucket policy, written after the public access block", () => {
            const policy = byName(graph, "data-bucket-data-policy");
            assert.ok(policy.dependencies.includes(byName(graph, "data-bucket-data-public-access-block").urn));
            assert.deepEqual(policy.propertyDependencies["policy"], [byName(graph, "data-key-data").urn]);
            const doc = parsed(policy);
            assert.deepEqual(sid(doc, "DenyInsecureTransport").Condition, { Bool: { "aws:SecureTransport": "false" } });
            assert.deepEqual(sid(doc, "DenyInsecureTransport").Resource, [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`]);
            assert.equal(sid(doc, "DenyOtherKmsKey").Condition?.["StringNotEqualsIfExists"]?.["s3:x-amz-server-side-encryption-aws-kms-key-id"],
                `arn:aws:kms:${REGION}:${ACCOUNT}:key/data-key-data-id`);
            // Neither stack names an organization, so the perimeter is the account.
            assert.equal(sid(doc, "DenyOutsideAccount").Condition?.["StringNotEquals"]?.["aws:PrincipalAccount"], ACCOUNT);
        });

        it("encrypts the secret with the secrets key, keeps a 30-day recovery window and classifies it", () => {
            const s = byName(graph, "data-secret-app-database");
            assert.deepEqual(s.propertyDependencies["kmsKeyId"], [byName(graph, "data-key-secrets").urn]);
            assert.deepEqual([s.inputs["name"], s.inputs["recoveryWindowInDays"], (s.inputs["tags"] as Record<string, string>)["data-classification"]],
                [`${prefix}/app-database`, 30, "confidential"]);
            assert.ok(!("secretString" in s.inputs));
        });

        it("enables Macie and classifies the data buckets weekly", () => {
            const account = byName(graph, "data-macie");
            assert.deepEqual([account.inputs["status"], account.inputs["findingPublishingFrequency"]], ["ENABLED", "FIFTEEN_MINUTES"]);
            const job = byName(graph, "data-classification");
            assert.ok(job.dependencies.includes(account.urn));
            assert.deepEqual(job.propertyDependencies["s3JobDefinition"], [byName(graph, "data-bucket-data").urn]);
            assert.deepEqual([job.inputs["jobType"], job.inputs["scheduleFrequency"], job.inputs["s3JobDefinition"]],
                ["SCHEDULED", { weeklySchedule: "MONDAY" }, { bucketDefinitions: [{ accountId: ACCOUNT, buckets: [bucketName] }] }]);
        });
    });
}
