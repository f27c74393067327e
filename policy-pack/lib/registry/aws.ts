/**
 * AWS types (pulumi-aws v7). Property names checked against node_modules/@pulumi/aws/<module>/*.d.ts.
 */
import { ProtectionFlag, TypeRegistry } from "./types";

const deletionProtection: ProtectionFlag = { path: ["deletionProtection"], protectedValues: [true], hint: "deletionProtection: true" };
const deletionProtectionEnabled: ProtectionFlag = {
    path: ["deletionProtectionEnabled"],
    protectedValues: [true],
    hint: "deletionProtectionEnabled: true",
};

export const awsTypes: TypeRegistry = {
    "aws:ec2/vpc:Vpc": {
        kind: "network",
        tags: true,
        label: "VPC",
        flowLogs: {
            via: "resource",
            logType: "aws:ec2/flowLog:FlowLog",
            refProperty: "vpcId",
            hint: "add an aws.ec2.FlowLog with vpcId set to this VPC's id (subnet- or ENI-level flow logs do not cover the whole VPC)",
        },
    },
    "aws:ec2/subnet:Subnet": { kind: "network", tags: true, label: "subnet" },
    "aws:ec2/securityGroup:SecurityGroup": { kind: "network", tags: true, label: "security group" },
    // Neither bucket type has a provider deletion-protection flag (forceDestroy is its opposite).
    "aws:s3/bucketV2:BucketV2": { kind: "datastore", tags: true, label: "S3 bucket" },
    "aws:s3/bucket:Bucket": { kind: "datastore", tags: true, label: "S3 bucket" },
    // KMS keys are only ever scheduled for deletion (deletionWindowInDays), which is a grace period, not protection.
    "aws:kms/key:Key": { kind: "key", tags: true, label: "KMS key" },
    "aws:rds/instance:Instance": { kind: "datastore", tags: true, protection: [deletionProtection], label: "RDS instance" },
    "aws:rds/cluster:Cluster": { kind: "datastore", tags: true, protection: [deletionProtection], label: "RDS cluster" },
    "aws:dynamodb/table:Table": { kind: "datastore", tags: true, protection: [deletionProtectionEnabled], label: "DynamoDB table" },
    "aws:secretsmanager/secret:Secret": { kind: "vault", tags: true, label: "Secrets Manager secret" },
    "aws:cloudtrail/trail:Trail": { kind: "other", tags: true, label: "CloudTrail trail" },
    "aws:cloudwatch/logGroup:LogGroup": { kind: "log-archive", tags: true, protection: [deletionProtectionEnabled], label: "CloudWatch log group" },
    "aws:ec2/flowLog:FlowLog": { kind: "other", tags: true, label: "flow log" },
};
