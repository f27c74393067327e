/** The cloud-neutral view and the secret-input record the zt-any rules are built on. */
import * as assert from "assert";
import fc from "fast-check";
import { parseType, isDataStore, isStateful } from "../../policy-pack/lib/view";
import { formatPath } from "../../policy-pack/lib/props";
import { typeRegistry } from "../../policy-pack/lib/registry";
import { isUnderSecret, secretPathsInWire } from "../../policy-pack/lib/secret-inputs";
import { secret } from "./support/harness";

describe("policy pack: cloud-neutral view", () => {
    it("splits type tokens into cloud and service", () => {
        assert.deepStrictEqual(parseType("aws:ec2/vpc:Vpc"), { cloud: "aws", service: "ec2" });
        assert.deepStrictEqual(parseType("azure-native:network:VirtualNetwork"), { cloud: "azure", service: "network" });
        assert.deepStrictEqual(parseType("gcp:compute/subnetwork:Subnetwork"), { cloud: "gcp", service: "compute" });
        assert.deepStrictEqual(parseType("kubernetes:core/v1:Namespace"), { cloud: "kubernetes", service: "core" });
        assert.deepStrictEqual(parseType("pulumi:providers:aws"), { cloud: "aws", service: "provider" });
        assert.deepStrictEqual(parseType("zt:aws:Network"), { cloud: "other", service: "aws" });
    });

    it("knows the seeded types of every cloud, each with a kind and a label", () => {
        const seeded = [
            "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup", "aws:s3/bucketV2:BucketV2", "aws:s3/bucket:Bucket",
            "aws:kms/key:Key", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:dynamodb/table:Table", "aws:secretsmanager/secret:Secret",
            "aws:cloudtrail/trail:Trail", "aws:cloudwatch/logGroup:LogGroup", "aws:ec2/flowLog:FlowLog",
            "azure-native:resources:ResourceGroup", "azure-native:network:VirtualNetwork", "azure-native:network:Subnet",
            "azure-native:network:NetworkSecurityGroup", "azure-native:storage:StorageAccount", "azure-native:keyvault:Vault", "azure-native:sql:Server",
            "azure-native:operationalinsights:Workspace", "azure-native:network:FlowLog",
            "gcp:compute/network:Network", "gcp:compute/subnetwork:Subnetwork", "gcp:storage/bucket:Bucket", "gcp:kms/keyRing:KeyRing",
            "gcp:kms/cryptoKey:CryptoKey", "gcp:sql/databaseInstance:DatabaseInstance", "gcp:logging/projectBucketConfig:ProjectBucketConfig",
            "kubernetes:core/v1:Namespace",
        ];
        for (const t of seeded) {
            assert.ok(typeRegistry[t]?.label, t);
        }
    });

    it("treats data stores as stateful, and networks as neither", () => {
        for (const k of ["datastore", "state-bucket", "log-archive"] as const) {
            assert.ok(isDataStore(k) && isStateful(k), k);
        }
        assert.ok(isStateful("key") && isStateful("vault") && !isDataStore("key"));
        assert.ok(!isStateful("network") && !isDataStore("network") && !isStateful("other"));
    });
});

describe("policy pack: secret inputs", () => {
    it("finds secret paths in wire-format properties, nested in maps and lists", () => {
        const wire = { a: secret("x"), b: { c: [1, secret({ d: "y" })] }, "tls.key": secret("z"), e: "plain" };
        assert.deepStrictEqual([...secretPathsInWire(wire)].sort(), ['["tls.key"]', "a", "b.c[1]"]);
    });

    it("treats everything inside a secret as secret, and nothing beside it", () => {
        const paths = new Set(["b.c[1]", "a"]);
        assert.ok(isUnderSecret("b.c[1].d", paths));
        assert.ok(isUnderSecret("a", paths));
        assert.ok(!isUnderSecret("b.c[10]", paths));
        assert.ok(!isUnderSecret("ab", paths));
    });

    it("formats any path so that a secret's own path and its children's agree (property)", () => {
        const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 8 }), fc.nat({ max: 20 }));
        fc.assert(
            fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), segment, (parent, child) => {
                assert.ok(isUnderSecret(formatPath([...parent, child]), new Set([formatPath(parent)])));
            }),
        );
    });
});
