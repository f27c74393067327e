import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    CreateSecurityGroupCommand,
    CreateSnapshotCommand,
    DescribeInstancesCommand,
    DescribeSecurityGroupsCommand,
    EC2Client,
    ModifyInstanceAttributeCommand,
    RevokeSecurityGroupEgressCommand,
    type Instance,
} from "@aws-sdk/client-ec2";
import { handler, type FindingEvent } from "../../lambdas/aws/quarantine/index";

const ec2 = mockClient(EC2Client);

const finding = (resource: NonNullable<FindingEvent["detail"]>["resource"]): FindingEvent => ({
    id: "event-1",
    "detail-type": "GuardDuty Finding",
    detail: { id: "finding-42", type: "Backdoor:EC2/C&CActivity.B", severity: 8, resource },
});
const ec2Finding = finding({ resourceType: "Instance", instanceDetails: { instanceId: "i-0abc" } });

const instance: Instance = {
    InstanceId: "i-0abc",
    VpcId: "vpc-1",
    State: { Name: "running" },
    SecurityGroups: [{ GroupId: "sg-app" }, { GroupId: "sg-ssm" }],
    BlockDeviceMappings: [
        { DeviceName: "/dev/xvda", Ebs: { VolumeId: "vol-root" } },
        { DeviceName: "/dev/xvdb", Ebs: { VolumeId: "vol-data" } },
    ],
};

/** The instance exists, both snapshots succeed, and the VPC already has a quarantine group. */
function happyPath(): void {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [instance] }] });
    ec2.on(CreateSnapshotCommand, { VolumeId: "vol-root" }).resolves({ SnapshotId: "snap-root" });
    ec2.on(CreateSnapshotCommand, { VolumeId: "vol-data" }).resolves({ SnapshotId: "snap-data" });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [{ GroupId: "sg-quarantine" }] });
    ec2.on(ModifyInstanceAttributeCommand).resolves({});
}

describe("lambdas/aws/quarantine", () => {
    const log = console.log;
    beforeEach(() => {
        ec2.reset();
        console.log = () => undefined;
    });
    afterEach(() => { console.log = log; });
    after(() => ec2.restore());

    it("snapshots every volume with forensic tags, then swaps all groups for the quarantine group", async () => {
        happyPath();
        const result = await handler(ec2Finding);
        assert.deepEqual(result, {
            status: "quarantined",
            findingId: "finding-42",
            instanceId: "i-0abc",
            securityGroupId: "sg-quarantine",
            createdSecurityGroup: false,
            previousSecurityGroupIds: ["sg-app", "sg-ssm"],
            snapshotIds: ["snap-root", "snap-data"],
        });
        const snapshots = ec2.commandCalls(CreateSnapshotCommand).map((c) => c.args[0].input);
        assert.deepEqual(snapshots.map((s) => s.VolumeId), ["vol-root", "vol-data"]);
        for (const s of snapshots) {
            const tags = Object.fromEntries((s.TagSpecifications?.[0].Tags ?? []).map((t) => [t.Key, t.Value]));
            assert.equal(s.TagSpecifications?.[0].ResourceType, "snapshot");
            assert.deepEqual(
                { forensics: tags["zt-forensics"], finding: tags["zt-finding-id"], instance: tags["zt-instance-id"] },
                { forensics: "true", finding: "finding-42", instance: "i-0abc" },
            );
        }
        const lookup = ec2.commandCalls(DescribeSecurityGroupsCommand)[0].args[0].input;
        assert.deepEqual(lookup.Filters, [{ Name: "vpc-id", Values: ["vpc-1"] }, { Name: "tag:zt-quarantine", Values: ["true"] }]);
        const modify = ec2.commandCalls(ModifyInstanceAttributeCommand);
        assert.equal(modify.length, 1);
        assert.deepEqual(modify[0].args[0].input, { InstanceId: "i-0abc", Groups: ["sg-quarantine"] });
        assert.equal(ec2.commandCalls(CreateSecurityGroupCommand).length, 0);
    });

    it("returns instance-not-found without throwing when EC2 no longer knows the instance", async () => {
        ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error("The instance ID 'i-0abc' does not exist"), { name: "InvalidInstanceID.NotFound" }));
        const result = await handler(ec2Finding);
        assert.equal(result.status, "instance-not-found");
        assert.match("reason" in result ? result.reason : "", /instance not found/);
        assert.equal(ec2.commandCalls(CreateSnapshotCommand).length, 0);
        assert.equal(ec2.commandCalls(ModifyInstanceAttributeCommand).length, 0);
    });

    it("treats a terminated instance as not found", async () => {
        ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ ...instance, State: { Name: "terminated" } }] }] });
        assert.equal((await handler(ec2Finding)).status, "instance-not-found");
        assert.equal(ec2.commandCalls(ModifyInstanceAttributeCommand).length, 0);
    });

    it("rethrows other EC2 errors from the describe (so the invocation is retried)", async () => {
        ec2.on(DescribeInstancesCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "RequestLimitExceeded" }));
        await assert.rejects(handler(ec2Finding), /Rate exceeded/);
    });

    it("still isolates the instance when a snapshot fails, then throws naming the failed volume", async () => {
        happyPath();
        ec2.on(CreateSnapshotCommand, { VolumeId: "vol-data" }).rejects(Object.assign(new Error("volume busy"), { name: "IncorrectState" }));
        await assert.rejects(handler(ec2Finding), (err: Error) => {
            assert.match(err.message, /i-0abc is isolated in sg-quarantine/);
            assert.match(err.message, /1 snapshot\(s\) failed: vol-data \(IncorrectState: volume busy\)/);
            return true;
        });
        assert.deepEqual(ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input.Groups), [["sg-quarantine"]]);
    });

    it("creates a tagged quarantine group and revokes its default egress when the VPC has none", async () => {
        happyPath();
        const defaultEgress = [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }];
        ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
        ec2.on(DescribeSecurityGroupsCommand, { GroupIds: ["sg-new"] }).resolves({ SecurityGroups: [{ GroupId: "sg-new", IpPermissionsEgress: defaultEgress }] });
        ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: "sg-new" });
        ec2.on(RevokeSecurityGroupEgressCommand).resolves({ Return: true });

        const result = await handler(ec2Finding);
        assert.equal(result.status, "quarantined");
        assert.deepEqual(
            "securityGroupId" in result ? [result.securityGroupId, result.createdSecurityGroup] : [],
            ["sg-new", true],
        );
        const created = ec2.commandCalls(CreateSecurityGroupCommand).map((c) => c.args[0].input);
        assert.equal(created.length, 1);
        assert.equal(created[0].VpcId, "vpc-1");
        assert.deepEqual(created[0].TagSpecifications?.[0].Tags?.find((t) => t.Key === "zt-quarantine"), { Key: "zt-quarantine", Value: "true" });
        assert.deepEqual(ec2.commandCalls(RevokeSecurityGroupEgressCommand).map((c) => c.args[0].input), [{ GroupId: "sg-new", IpPermissions: defaultEgress }]);
        assert.deepEqual(ec2.commandCalls(ModifyInstanceAttributeCommand)[0].args[0].input, { InstanceId: "i-0abc", Groups: ["sg-new"] });
    });

    it("uses the group a concurrent invocation just created when its own create is a duplicate", async () => {
        happyPath();
        ec2.on(DescribeSecurityGroupsCommand)
            .resolvesOnce({ SecurityGroups: [] })
            .resolves({ SecurityGroups: [{ GroupId: "sg-raced" }] });
        ec2.on(CreateSecurityGroupCommand).rejects(Object.assign(new Error("already exists"), { name: "InvalidGroup.Duplicate" }));
        const result = await handler(ec2Finding);
        assert.deepEqual(ec2.commandCalls(ModifyInstanceAttributeCommand)[0].args[0].input.Groups, ["sg-raced"]);
        assert.deepEqual("createdSecurityGroup" in result ? [result.status, result.createdSecurityGroup] : [], ["quarantined", false]);
    });

    it("skips findings that are not about an EC2 instance, without calling EC2", async () => {
        const result = await handler(finding({ resourceType: "S3Bucket" }));
        assert.equal(result.status, "skipped");
        assert.match("reason" in result ? result.reason : "", /S3Bucket, not an EC2 instance/);
        assert.equal(ec2.calls().length, 0);
    });
});
