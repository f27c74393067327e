/**
 * The bootstrap program's AWS stacks, one per account and so per environment, each captured once
 * from its file (bootstrap/stacks/Pulumi.aws-dev.yaml, Pulumi.aws-prod.yaml): the exact resources,
 * the explicit provider pinned to that stack's account, its one environment's bucket, keys and
 * policies as the policy pack receives them (admitting roles of that account only), and which
 * resources are protected.
 */
import { strict as assert } from "assert";
import { byName, sortedIds } from "../support/graph-queries";
import { bootstrapGraph, deployIdentitySide } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";

const REGION = "eu-west-1";
const MANDATORY_TAGS = { owner: "platform-team", environment: "bootstrap", "managed-by": "pulumi" };
/** Each stack's one environment and the account it lives in (the landing zone's stack of that environment deploys there). */
const STACKS = [
    { stack: "aws-dev", env: "dev", account: "210987654321" },
    { stack: "aws-prod", env: "prod", account: "123456789012" },
] as const;

const json = (r: CapturedResource, key: string) => {
    assert.equal(typeof r.inputs[key], "string", `${r.name}.${key} is known JSON text`);
    return JSON.parse(r.inputs[key] as string);
};

for (const { stack, env, account } of STACKS) {
    const ROOT = { AWS: `arn:aws:iam::${account}:root` };
    const SSO_ADMINS = [`arn:aws:iam::${account}:role/aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*`];

    describe(`bootstrap: the ${stack} stack (account ${account}, ${env} only)`, () => {
        let g: CapturedGraph;
        before(async () => {
            g = await bootstrapGraph(stack);
        });

        it(`declares exactly the root, the pinned provider, and ${env}'s keys, aliases and bucket, besides its deploy identity`, () => {
            // The deploy identity is test/bootstrap/deploy-identities.test.ts's.
            const side = deployIdentitySide(g);
            assert.deepEqual(sortedIds(g.resources.filter((r) => !side.includes(r))), [
                `aws:kms/alias:Alias::state-${env}-secrets-key-alias`,
                `aws:kms/alias:Alias::state-${env}-state-key-alias`,
                `aws:kms/key:Key::state-${env}-secrets-key`,
                `aws:kms/key:Key::state-${env}-state-key`,
                `aws:s3/bucket:Bucket::state-${env}-bucket`,
                `aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration::state-${env}-lifecycle`,
                `aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration::state-${env}-object-lock`,
                `aws:s3/bucketOwnershipControls:BucketOwnershipControls::state-${env}-ownership`,
                `aws:s3/bucketPolicy:BucketPolicy::state-${env}-policy`,
                `aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock::state-${env}-public-access`,
                `aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration::state-${env}-encryption`,
                `aws:s3/bucketVersioning:BucketVersioning::state-${env}-versioning`,
                "pulumi:providers:aws::aws",
                "zt:aws:Bootstrap::zt",
                "zt:aws:StateBackend::state",
            ].sort());
        });

        it(`pins the provider to the configured region and account ${account}, and uses it for every resource`, () => {
            const provider = byName(g, "aws");
            assert.deepEqual([provider.inputs["region"], provider.inputs["allowedAccountIds"]], [REGION, JSON.stringify([account])]);
            assert.equal(provider.parent, byName(g, "zt").urn);
            const custom = g.resources.filter((r) => r.custom && r.type !== "pulumi:providers:aws");
            for (const r of custom) assert.equal(r.provider, `${provider.urn}::aws-id`, r.name);
        });

        it("protects exactly the keys and the bucket", () => {
            assert.deepEqual(g.resources.filter((r) => r.protect).map((r) => r.name).sort(), [`state-${env}-bucket`, `state-${env}-secrets-key`, `state-${env}-state-key`]);
        });

        const bucketName = `zt-${env}-pulumi-state-${account}`;
        const bucketArn = `arn:aws:s3:::${bucketName}`;
        const users = [`arn:aws:iam::${account}:role/zt-${env}-deploy`, `arn:aws:iam::${account}:role/zt-${env}-break-glass`];
        const stateKeyArn = `arn:aws:kms:${REGION}:${account}:key/state-${env}-state-key-id`;
        const administration = {
            Sid: "KeyAdministration",
            Effect: "Allow",
            Principal: ROOT,
            Action: [
                "kms:CreateAlias", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*",
                "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
            ],
            Resource: "*",
            Condition: { ArnLike: { "aws:PrincipalArn": SSO_ADMINS } },
        };

        it("creates the bucket with Object Lock, never force-destroyed, tagged as restricted Pulumi state", () => {
            assert.deepEqual(byName(g, `state-${env}-bucket`).inputs, {
                bucket: bucketName,
                objectLockEnabled: true,
                forceDestroy: false,
                tags: { Name: bucketName, purpose: "pulumi-state", "data-classification": "restricted", ...MANDATORY_TAGS },
            });
        });

        it("locks every version 30 days in governance mode and expires old versions after that", () => {
            assert.deepEqual(byName(g, `state-${env}-object-lock`).inputs, {
                bucket: `state-${env}-bucket-id`,
                objectLockEnabled: "Enabled",
                rule: { defaultRetention: { mode: "GOVERNANCE", days: 30 } },
            });
            assert.deepEqual(byName(g, `state-${env}-lifecycle`).inputs["rules"], [{
                id: "expire-old-state-versions",
                status: "Enabled",
                filter: {},
                noncurrentVersionExpiration: { noncurrentDays: 30 },
                expiration: { expiredObjectDeleteMarker: true },
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
            }]);
        });

        it("versions, encrypts with its own state key, blocks public access and disables ACLs", () => {
            assert.deepEqual(byName(g, `state-${env}-versioning`).inputs["versioningConfiguration"], { status: "Enabled" });
            assert.deepEqual(byName(g, `state-${env}-encryption`).inputs["rules"], [{
                applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: stateKeyArn },
                bucketKeyEnabled: true,
                blockedEncryptionTypes: ["SSE-C"],
            }]);
            assert.deepEqual(byName(g, `state-${env}-public-access`).inputs, {
                bucket: `state-${env}-bucket-id`, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
            });
            assert.deepEqual(byName(g, `state-${env}-ownership`).inputs["rule"], { objectOwnership: "BucketOwnerEnforced" });
        });

        it("rotates both keys, keeps the 30-day deletion window, and names them by alias", () => {
            for (const purpose of ["state", "secrets"]) {
                const key = byName(g, `state-${env}-${purpose}-key`);
                assert.deepEqual([key.inputs["enableKeyRotation"], key.inputs["rotationPeriodInDays"], key.inputs["deletionWindowInDays"]], [true, 365, 30], purpose);
                assert.deepEqual(key.inputs["tags"], { Name: `zt-${env}-pulumi-${purpose}`, ...MANDATORY_TAGS });
                assert.deepEqual(byName(g, `state-${env}-${purpose}-key-alias`).inputs, { name: `alias/zt-${env}-pulumi-${purpose}`, targetKeyId: `state-${env}-${purpose}-key-id` });
            }
        });

        it(`lets only zt-${env}'s deploy and break-glass roles use its keys, the state key only through S3`, () => {
            assert.deepEqual(json(byName(g, `state-${env}-state-key`), "policy"), {
                Version: "2012-10-17",
                Statement: [administration, {
                    Sid: "StateUseThroughS3",
                    Effect: "Allow",
                    Principal: ROOT,
                    Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                    Resource: "*",
                    Condition: { StringEquals: { "kms:CallerAccount": account, "kms:ViaService": `s3.${REGION}.amazonaws.com` }, ArnLike: { "aws:PrincipalArn": users } },
                }],
            });
            assert.deepEqual(json(byName(g, `state-${env}-secrets-key`), "policy"), {
                Version: "2012-10-17",
                Statement: [administration, {
                    Sid: "SecretsUseByTheCli",
                    Effect: "Allow",
                    Principal: ROOT,
                    Action: ["kms:Encrypt", "kms:Decrypt"],
                    Resource: "*",
                    Condition: { ArnLike: { "aws:PrincipalArn": users }, Null: { "kms:ViaService": "true" } },
                }],
            });
        });

        it(`keeps every principal but zt-${env}'s users and the administrators out of its state, over TLS 1.2 only`, () => {
            const both = [bucketArn, `${bucketArn}/*`];
            const policy = byName(g, `state-${env}-policy`);
            assert.equal(policy.inputs["bucket"], `state-${env}-bucket-id`);
            assert.deepEqual(json(policy, "policy"), {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both, Condition: { Bool: { "aws:SecureTransport": "false" } } },
                    { Sid: "DenyOtherEncryption", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*`, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption": "aws:kms" } } },
                    { Sid: "DenyOtherKmsKey", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${bucketArn}/*`, Condition: { StringNotEqualsIfExists: { "s3:x-amz-server-side-encryption-aws-kms-key-id": stateKeyArn } } },
                    {
                        Sid: "DenyOutsideAccount", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both,
                        Condition: { StringNotEquals: { "aws:PrincipalAccount": account }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
                    },
                    { Sid: "DenyTlsBelow12", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: both, Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
                    {
                        Sid: "DenyStateToOtherPrincipals", Effect: "Deny", Principal: "*",
                        Action: ["s3:GetObject*", "s3:PutObject*", "s3:DeleteObject*", "s3:ListBucket*", "s3:RestoreObject"],
                        Resource: both,
                        Condition: { ArnNotLike: { "aws:PrincipalArn": [...users, ...SSO_ADMINS] }, BoolIfExists: { "aws:PrincipalIsAWSService": "false" } },
                    },
                    { Sid: "DenyGovernanceBypassToNonAdministrators", Effect: "Deny", Principal: "*", Action: "s3:BypassGovernanceRetention", Resource: both, Condition: { ArnNotLike: { "aws:PrincipalArn": SSO_ADMINS } } },
                ],
            });
            // The lock and the public access block are in place before the policy, which must never race them.
            const deps = new Set(policy.dependencies);
            for (const part of ["public-access", "ownership", "object-lock"]) assert.ok(deps.has(byName(g, `state-${env}-${part}`).urn), part);
        });
    });
}
