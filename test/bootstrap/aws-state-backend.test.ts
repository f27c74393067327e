/**
 * zt:aws:StateBackend constructed directly under the shared mocks, in the non-default shape the
 * bootstrap stack never takes: one environment, unprotected, custom retention, administrators,
 * users and classification. Every resource and input is asserted exactly; `protect` is read
 * through a transformation, which sees each child's resource options.
 */
import { strict as assert } from "assert";
import { registeredAs, registeredIds, useMocks, valueOf } from "../support/mocks";
import { AwsStateBackend } from "../../components/aws/state-backend";

const NAME = "bootstrap-aws-unit";
const ACCOUNT = "210987654321";
const REGION = "eu-central-1";
const BUCKET = `zz-dev-pulumi-state-${ACCOUNT}`;
const BUCKET_ARN = `arn:aws:s3:::${BUCKET}`;
const STATE_KEY_ARN = `arn:aws:kms:${REGION}:${ACCOUNT}:key/${NAME}-dev-state-key-id`;
const ROOT = { AWS: `arn:aws:iam::${ACCOUNT}:root` };
const ADMINS = [`arn:aws:iam::${ACCOUNT}:role/platform/admins-*`];
const USERS = [`arn:aws:iam::${ACCOUNT}:role/ci-dev`];
const ADMIN_ACTIONS = [
    "kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*",
    "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
];
const ADMINISTRATION = { Sid: "KeyAdministration", Effect: "Allow", Principal: ROOT, Action: ADMIN_ACTIONS, Resource: "*", Condition: { ArnLike: { "aws:PrincipalArn": ADMINS } } };

describe("zt:aws:StateBackend (under mocks: one environment, unprotected)", () => {
    const protect: Record<string, boolean | undefined> = {};
    let backend: AwsStateBackend;
    let url: string;
    let secretsProvider: string;
    before(async () => {
        await useMocks(() => ({}));
        backend = new AwsStateBackend(NAME, {
            namePrefix: "zz",
            environments: ["dev"],
            region: REGION,
            accountId: ACCOUNT,
            objectLockDays: 7,
            administratorRoles: ["platform/admins-*"],
            stateUsers: { dev: ["ci-dev"] },
            classification: "confidential",
            protect: false,
        }, {
            // Transformations see each child's options: the one place `protect` is visible under mocks.
            transformations: [({ name, opts }) => {
                protect[name] = opts.protect;
                return undefined;
            }],
        });
        // Released once every resource of the environment is registered.
        [url, secretsProvider] = await Promise.all([valueOf(backend.backends["dev"].url), valueOf(backend.backends["dev"].secretsProvider)]);
    });
    const inputs = (suffix: string) => registeredAs(`${NAME}-${suffix}`).inputs;
    const json = (suffix: string, key: string) => JSON.parse(inputs(suffix)[key] as string);

    it("declares exactly one environment's keys, aliases and bucket with its settings", () => {
        assert.deepEqual(registeredIds(NAME), [
            `aws:kms/alias:Alias::${NAME}-dev-secrets-key-alias`,
            `aws:kms/alias:Alias::${NAME}-dev-state-key-alias`,
            `aws:kms/key:Key::${NAME}-dev-secrets-key`,
            `aws:kms/key:Key::${NAME}-dev-state-key`,
            `aws:s3/bucket:Bucket::${NAME}-dev-bucket`,
            `aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::${NAME}-dev-lifecycle`,
            `aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::${NAME}-dev-object-lock`,
            `aws:s3/bucketOwnershipControls:BucketOwnershipControls::${NAME}-dev-ownership`,
            `aws:s3/bucketPolicy:BucketPolicy::${NAME}-dev-policy`,
            `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::${NAME}-dev-public-access`,
            `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::${NAME}-dev-encryption`,
            `aws:s3/bucketVersioning:BucketVersioning::${NAME}-dev-versioning`,
        ]);
    });

    it("protects nothing when protect is false", () => {
        const stateful = [`${NAME}-dev-state-key`, `${NAME}-dev-secrets-key`, `${NAME}-dev-bucket`];
        for (const name of stateful) assert.equal(protect[name], false, name);
        // The component itself passes through its own transformation too.
        assert.deepEqual(Object.keys(protect).filter((n) => n !== NAME).length, 12, "the transformation saw every child");
        assert.ok(Object.values(protect).every((p) => p !== true), "nothing is protected");
    });

    it("returns the login URL and secrets provider of the one environment, exactly", () => {
        assert.deepEqual(Object.keys(backend.backends), ["dev"]);
        assert.equal(url, `s3://${BUCKET}?region=${REGION}&awssdk=v2`);
        assert.equal(secretsProvider, `awskms://alias/zz-dev-pulumi-secrets?region=${REGION}`);
    });

    it("creates the bucket with Object Lock, its classification and the pulumi-state purpose", () => {
        assert.deepEqual(inputs("dev-bucket"), {
            bucket: BUCKET,
            objectLockEnabled: true,
            forceDestroy: false,
            tags: { Name: BUCKET, purpose: "pulumi-state", "data-classification": "confidential" },
        });
        assert.deepEqual(inputs("dev-object-lock"), {
            bucket: `${NAME}-dev-bucket-id`,
            objectLockEnabled: "Enabled",
            rule: { defaultRetention: { mode: "GOVERNANCE", days: 7 } },
        });
        assert.deepEqual(inputs("dev-lifecycle").rules, [{
            id: "expire-old-state-versions",
            status: "Enabled",
            filter: {},
            noncurrentVersionExpiration: { noncurrentDays: 7 },
            expiration: { expiredObjectDeleteMarker: true },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        }]);
        assert.deepEqual(inputs("dev-encryption").rules, [{
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: STATE_KEY_ARN },
            bucketKeyEnabled: true,
            blockedEncryptionTypes: ["SSE-C"],
        }]);
        assert.deepEqual(inputs("dev-versioning").versioningConfiguration, { status: "Enabled" });
        assert.deepEqual(inputs("dev-ownership").rule, { objectOwnership: "BucketOwnerEnforced" });
        const block = inputs("dev-public-access");
        assert.deepEqual([block.blockPublicAcls, block.blockPublicPolicy, block.ignorePublicAcls, block.restrictPublicBuckets], [true, true, true, true]);
    });

    it("rotates both keys yearly, waits 30 days before deletion, and aliases them per environment", () => {
        for (const purpose of ["state", "secrets"]) {
            const { policy: _policy, ...rest } = inputs(`dev-${purpose}-key`);
            assert.deepEqual(rest, {
                description: `Pulumi ${purpose} of the zz dev stacks`,
                enableKeyRotation: true,
                rotationPeriodInDays: 365,
                deletionWindowInDays: 30,
                tags: { Name: `zz-dev-pulumi-${purpose}` },
            }, purpose);
            assert.deepEqual(inputs(`dev-${purpose}-key-alias`), { name: `alias/zz-dev-pulumi-${purpose}`, targetKeyId: `${NAME}-dev-${purpose}-key-id` });
        }
    });

    it("lets the configured users use the state key only through S3, and the secrets key only directly", () => {
        assert.deepEqual(json("dev-state-key", "policy"), {
            Version: "2012-10-17",
            Statement: [ADMINISTRATION, {
                Sid: "StateUseThroughS3",
                Effect: "Allow",
                Principal: ROOT,
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: "*",
                Condition: {
                    StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `s3.${REGION}.amazonaws.com` },
                    ArnLike: { "aws:PrincipalArn": USERS },
                },
            }],
        });
        assert.deepEqual(json("dev-secrets-key", "policy"), {
            Version: "2012-10-17",
            Statement: [ADMINISTRATION, {
                Sid: "SecretsUseByTheCli",
                Effect: "Allow",
                Principal: ROOT,
                Action: ["kms:Encrypt", "kms:Decrypt"],
                Resource: "*",
                Condition: { ArnLike: { "aws:PrincipalArn": USERS }, Null: { "kms:ViaService": "true" } },
            }],
        });
    });

    it("denies plain HTTP, TLS below 1.2, other keys, other accounts, other principals and governance bypass by non-administrators", () => {
        const both = [BUCKET_ARN, `${BUCKET_ARN}/*`];
        assert.equal(inputs("dev-policy").bucket, `${NAME}-dev-bucket-id`);
        assert.deepEqual(json("dev-policy", "policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both, Condition: { Bool: { "aws:SecureTransport": "false" } } },
                { Sid: "DenyOtherEncryption", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } } },
                { Sid: "DenyOtherKmsKey", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BUCKET_ARN}/*`, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": STATE_KEY_ARN } } },
                {
                    Sid: "DenyOutsideAccount", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both,
                    Condition: { StringNotEquals: { "aws:PrincipalAccount": ACCOUNT }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
                },
                { Sid: "DenyTlsBelow12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
                {
                    Sid: "DenyStateToOtherPrincipals", Effect: "Deny", Principal: "*",
                    Action: ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:ListBucket*", "s3:RestoreObject"],
                    Resource: both,
                    Condition: { ArnNotLike: { "aws:PrincipalArn": [...USERS, ...ADMINS] }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
                },
                { Sid: "DenyGovernanceBypassToNonAdministrators", Effect: "Deny", Principal: "*", Action: "s3:BypassGovernanceRetention", Resource: both, Condition: { ArnNotLike: { "aws:PrincipalArn": ADMINS } } },
            ],
        });
    });
});
