/**
 * Quarantine: the automated response to a high-severity GuardDuty finding about an EC2 instance.
 *
 * 1. Describe the instance. If it is gone, say so and return: throwing would make the
 *    asynchronous invocation retry for nothing.
 * 2. Snapshot every attached EBS volume, tagged for forensics, before anything changes.
 * 3. Find the VPC's quarantine security group (tag `zt-quarantine = true`; the landing zone's
 *    Network pillar creates one), or create one and remove its default egress rules.
 * 4. Replace all of the instance's security groups with the quarantine group.
 *
 * A failed snapshot never stops the isolation (containment first), but the function still throws
 * at the end so the failure shows up in its error metrics and the retry takes another snapshot.
 * Security group changes do not cut connections already tracked; the finding is also sent to the
 * alerts topic for a human to follow up.
 *
 * One file, importing only the SDK v3 client the Node.js runtime ships.
 */
import {
    CreateSecurityGroupCommand,
    CreateSnapshotCommand,
    DescribeInstancesCommand,
    DescribeSecurityGroupsCommand,
    EC2Client,
    ModifyInstanceAttributeCommand,
    RevokeSecurityGroupEgressCommand,
    type Instance,
    type Tag,
} from "@aws-sdk/client-ec2";

/** Marks quarantine groups; the role may revoke egress only on groups carrying it. */
export const QUARANTINE_TAG = "zt-quarantine";
/** Marks forensic snapshots. */
export const FORENSICS_TAG = "zt-forensics";

/** The parts of a GuardDuty finding event (EventBridge "GuardDuty Finding") this function reads. */
export interface FindingEvent {
    id?: string;
    "detail-type"?: string;
    detail?: {
        id?: string;
        type?: string;
        severity?: number;
        resource?: { resourceType?: string; instanceDetails?: { instanceId?: string } };
    };
}

export type QuarantineResult =
    | { status: "skipped"; findingId: string; reason: string }
    | { status: "instance-not-found"; findingId: string; instanceId: string; reason: string }
    | {
          status: "quarantined";
          findingId: string;
          instanceId: string;
          securityGroupId: string;
          createdSecurityGroup: boolean;
          previousSecurityGroupIds: string[];
          snapshotIds: string[];
      };

const GONE_STATES = new Set(["shutting-down", "terminated"]);
const NOT_FOUND_ERRORS = new Set(["InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"]);

function log(message: string, fields: Record<string, unknown>): void {
    console.log(JSON.stringify({ message, ...fields }));
}

function errorName(err: unknown): string {
    return err instanceof Error ? err.name : String(err);
}

async function describeInstance(ec2: EC2Client, instanceId: string): Promise<Instance | undefined> {
    try {
        const out = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
        const instance = out.Reservations?.flatMap((r) => r.Instances ?? []).find((i) => i.InstanceId === instanceId);
        return instance && !GONE_STATES.has(instance.State?.Name ?? "") ? instance : undefined;
    } catch (err) {
        if (NOT_FOUND_ERRORS.has(errorName(err))) return undefined;
        throw err;
    }
}

async function snapshotVolumes(ec2: EC2Client, instance: Instance, findingId: string) {
    const instanceId = instance.InstanceId ?? "";
    const volumeIds = (instance.BlockDeviceMappings ?? []).flatMap((m) => (m.Ebs?.VolumeId ? [m.Ebs.VolumeId] : []));
    const tags: Tag[] = [
        { Key: FORENSICS_TAG, Value: "true" },
        { Key: "zt-finding-id", Value: findingId },
        { Key: "zt-instance-id", Value: instanceId },
    ];
    const results = await Promise.allSettled(volumeIds.map((volumeId) =>
        ec2.send(new CreateSnapshotCommand({
            VolumeId: volumeId,
            Description: `Forensic copy of ${volumeId} from ${instanceId} (GuardDuty finding ${findingId})`,
            TagSpecifications: [{ ResourceType: "snapshot", Tags: [...tags, { Key: "zt-volume-id", Value: volumeId }] }],
        })),
    ));
    const snapshotIds: string[] = [];
    const failures: { volumeId: string; error: string }[] = [];
    results.forEach((r, i) => {
        if (r.status === "fulfilled" && r.value.SnapshotId) snapshotIds.push(r.value.SnapshotId);
        else failures.push({ volumeId: volumeIds[i], error: r.status === "rejected" ? `${errorName(r.reason)}: ${String((r.reason as Error)?.message ?? r.reason)}` : "no snapshot id returned" });
    });
    return { snapshotIds, failures };
}

async function findQuarantineGroup(ec2: EC2Client, vpcId: string): Promise<string | undefined> {
    const out = await ec2.send(new DescribeSecurityGroupsCommand({
        Filters: [{ Name: "vpc-id", Values: [vpcId] }, { Name: `tag:${QUARANTINE_TAG}`, Values: ["true"] }],
    }));
    // Sorted, so concurrent invocations pick the same group if there are ever two.
    return (out.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter((id) => id !== "").sort()[0];
}

/** A group with no rules at all: new groups allow all egress until that rule is revoked. */
async function createQuarantineGroup(ec2: EC2Client, vpcId: string): Promise<string> {
    const created = await ec2.send(new CreateSecurityGroupCommand({
        GroupName: `${QUARANTINE_TAG}-${vpcId}`,
        Description: "Quarantine: no ingress, no egress. Instances are moved here by the GuardDuty response.",
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: "security-group", Tags: [{ Key: QUARANTINE_TAG, Value: "true" }, { Key: "Name", Value: QUARANTINE_TAG }] }],
    }));
    const groupId = created.GroupId;
    if (!groupId) throw new Error(`CreateSecurityGroup in ${vpcId} returned no group id`);
    const described = await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] }));
    const egress = described.SecurityGroups?.[0]?.IpPermissionsEgress ?? [];
    if (egress.length > 0) {
        await ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: egress }));
    }
    return groupId;
}

/** Handles one finding with the given client (the tests pass a mocked one). */
export async function quarantine(ec2: EC2Client, event: FindingEvent): Promise<QuarantineResult> {
    const findingId = event.detail?.id ?? event.id ?? "unknown";
    const instanceId = event.detail?.resource?.instanceDetails?.instanceId;
    if (event.detail?.resource?.resourceType !== "Instance" || !instanceId) {
        const reason = `finding is about ${event.detail?.resource?.resourceType ?? "no resource"}, not an EC2 instance`;
        log("skipped", { findingId, reason });
        return { status: "skipped", findingId, reason };
    }

    const instance = await describeInstance(ec2, instanceId);
    if (!instance) {
        const reason = "instance not found: it no longer exists or is terminating, nothing to isolate";
        log("instance not found", { findingId, instanceId });
        return { status: "instance-not-found", findingId, instanceId, reason };
    }
    const vpcId = instance.VpcId;
    if (!vpcId) throw new Error(`instance ${instanceId} has no VPC; cannot isolate it`);

    const { snapshotIds, failures } = await snapshotVolumes(ec2, instance, findingId);

    let securityGroupId = await findQuarantineGroup(ec2, vpcId);
    let createdSecurityGroup = false;
    if (!securityGroupId) {
        try {
            securityGroupId = await createQuarantineGroup(ec2, vpcId);
            createdSecurityGroup = true;
        } catch (err) {
            // Another invocation (a second instance in the same VPC) created it first: use that one.
            securityGroupId = errorName(err) === "InvalidGroup.Duplicate" ? await findQuarantineGroup(ec2, vpcId) : undefined;
            if (!securityGroupId) throw err;
        }
    }

    const previousSecurityGroupIds = (instance.SecurityGroups ?? []).map((g) => g.GroupId ?? "").filter((id) => id !== "");
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, Groups: [securityGroupId] }));
    const extraInterfaces = (instance.NetworkInterfaces ?? []).filter((n) => (n.Attachment?.DeviceIndex ?? 0) !== 0).map((n) => n.NetworkInterfaceId);
    // ModifyInstanceAttribute re-groups the primary interface only; name any others for the responder.
    log("quarantined", { findingId, instanceId, securityGroupId, createdSecurityGroup, previousSecurityGroupIds, snapshotIds, failures, extraInterfaces });

    if (failures.length > 0) {
        throw new Error(
            `instance ${instanceId} is isolated in ${securityGroupId}, but ${failures.length} snapshot(s) failed: ` +
            failures.map((f) => `${f.volumeId} (${f.error})`).join("; "),
        );
    }
    return {
        status: "quarantined",
        findingId,
        instanceId,
        securityGroupId,
        createdSecurityGroup,
        previousSecurityGroupIds,
        snapshotIds,
    };
}

const client = new EC2Client({});

export async function handler(event: FindingEvent): Promise<QuarantineResult> {
    return quarantine(client, event);
}
