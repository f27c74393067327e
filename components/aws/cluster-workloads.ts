/**
 * zt:aws:ClusterWorkloads — the cloud side of the Kubernetes baseline on EKS: each workload's
 * ServiceAccount (`<namespace>/<workload>`) wears its own IAM role through EKS Pod Identity, with no
 * key and no annotation, and (with runtime detection on) Falco's alerts land in a KMS-encrypted
 * CloudWatch log group that only falcosidekick's own role may write to.
 *
 * Workload roles are created empty: they carry the permissions boundary and trust exactly one
 * service account of one cluster, and the team that owns the workload attaches the policies it
 * needs (least privilege is the team's call, not the platform's guess).
 */
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import type { EgressPeer } from "../kubernetes/labels";
import { FALCOSIDEKICK_SERVICE_ACCOUNT } from "../kubernetes/runtime-detection";
import { encryptedLogGroup } from "./log-group";
import { partitionOf, podIdentityTrustPolicy } from "./workload-documents";

/**
 * Where pods fetch Pod Identity credentials: the EKS Pod Identity agent on their node listens on
 * 169.254.170.23 (IPv4) and [fd00:ec2::23] (IPv6), HTTP on port 80
 * (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html). The IPv6 address
 * only matters on an IPv6 cluster (an `existingCluster` may be one); on IPv4 it matches nothing.
 */
export const EKS_POD_IDENTITY_EGRESS: EgressPeer[] = [
    { key: "eks-pod-identity", cidr: "169.254.170.23/32", ports: [80] },
    { key: "eks-pod-identity-ipv6", cidr: "fd00:ec2::23/128", ports: [80] },
];

/** Falcosidekick's CloudWatch Logs calls: find or create its stream, then write to it. */
export const FALCO_LOG_ACTIONS = ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"];

/** The IAM role a workload's ServiceAccount wears. */
export function workloadRoleName(namePrefix: string, workload: string): string {
    return `${namePrefix}-pod-${workload}`;
}

/** Falcosidekick's role: no `-pod-`, so no workload name (at most 14 characters) can take it. */
export function falcoRoleName(namePrefix: string): string {
    return `${namePrefix}-falcosidekick`;
}

/** Falco's alert log group, next to the cluster's control-plane logs (`/aws/eks/<cluster>/cluster`). */
export function falcoLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/falco`;
}

/**
 * Write access to one log group and nothing else. The `:*` form is the log group's ARN in IAM
 * policies for every action used here, and it also covers the group's streams
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html).
 * No `logs:PutRetentionPolicy` (falcosidekick's sample policy has it): the landing zone sets the
 * retention, and the writer must not be able to shorten it.
 */
export function falcoLogsPolicy(o: { region: string; accountId: string; logGroupName: string }) {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "WriteFalcoAlerts",
            Effect: "Allow",
            Action: FALCO_LOG_ACTIONS,
            Resource: `arn:${partitionOf(o.region)}:logs:${o.region}:${o.accountId}:log-group:${o.logGroupName}:*`,
        }],
    };
}

export interface AwsClusterWorkloadsArgs {
    /** Physical-name prefix, `<prefix>-<env>`: workload roles are `<prefix>-pod-<workload>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** The EKS cluster's name (an Output of the cluster, so associations wait for it). */
    clusterName: pulumi.Input<string>;
    /** Workload → the namespace its ServiceAccount (named after the workload) lives in. */
    workloads: Record<string, { namespace: string }>;
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Falco's alert log group and falcosidekick's Pod Identity. Default: none (runtime detection off). */
    falco?: {
        /** Encrypts the log group. */
        logsKeyArn: pulumi.Input<string>;
        /** Minimum retention, rounded up to a value CloudWatch accepts. */
        retentionDays: number;
        /** `data-classification` tag of the log group (alerts name pods, users and files). */
        classification: string;
    };
    /** Protect the log group from deletion (prod). */
    protect: boolean;
}

export class AwsClusterWorkloads extends pulumi.ComponentResource {
    /** Each workload's role ARN, by workload name: attach the workload's policies to it. */
    readonly roleArns: Record<string, pulumi.Output<string>>;
    /** Falco's alert log group, when `falco` is set: what falcosidekick's output names. */
    readonly falcoLogGroupName?: pulumi.Output<string>;

    constructor(name: string, args: AwsClusterWorkloadsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:ClusterWorkloads", name, {}, opts);
        const child = { parent: this };
        const trust = (namespace: string, serviceAccount: string) => pulumi.all([args.clusterName, args.accountId]).apply(([clusterName, accountId]) =>
            JSON.stringify(podIdentityTrustPolicy({ accountId, clusterName, namespace, serviceAccount })));
        const role = (key: string, physical: string, namespace: string, serviceAccount: string) => new iam.Role(`${name}-${key}`, {
            name: physical,
            description: `EKS Pod Identity of the Kubernetes service account ${namespace}/${serviceAccount}`,
            assumeRolePolicy: trust(namespace, serviceAccount),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: physical },
        }, child);
        const associate = (key: string, namespace: string, serviceAccount: string, r: iam.Role, dependsOn: pulumi.Resource[]) =>
            new eks.PodIdentityAssociation(`${name}-${key}`, { clusterName: args.clusterName, namespace, serviceAccount, roleArn: r.arn }, { ...child, dependsOn });

        this.roleArns = {};
        for (const workload of Object.keys(args.workloads).sort()) {
            const { namespace } = args.workloads[workload];
            const r = role(`role-${workload}`, workloadRoleName(args.namePrefix, workload), namespace, workload);
            associate(`identity-${workload}`, namespace, workload, r, []);
            this.roleArns[workload] = r.arn;
        }

        if (args.falco) {
            const sa = FALCOSIDEKICK_SERVICE_ACCOUNT;
            // Created here rather than left to falcosidekick, which has no right to create groups:
            // the key, the retention and the deletion protection are the landing zone's.
            const logGroup = encryptedLogGroup(`${name}-falco-logs`, {
                name: pulumi.output(args.clusterName).apply(falcoLogGroupName),
                kmsKeyId: args.falco.logsKeyArn,
                retentionDays: args.falco.retentionDays,
                classification: args.falco.classification,
                protect: args.protect,
            }, this);
            const r = role("falco-role", falcoRoleName(args.namePrefix), sa.namespace, sa.name);
            const policy = new iam.RolePolicy(`${name}-falco-policy`, {
                role: r.id,
                name: "write-falco-alerts",
                policy: pulumi.all([args.accountId, logGroup.name]).apply(([accountId, logGroupName]) =>
                    JSON.stringify(falcoLogsPolicy({ region: args.region, accountId, logGroupName }))),
            }, child);
            // After the policy: falcosidekick's first credentials can already write.
            associate("falco-identity", sa.namespace, sa.name, r, [policy]);
            this.falcoLogGroupName = logGroup.name;
        }

        this.registerOutputs({ roleArns: this.roleArns, ...(this.falcoLogGroupName ? { falcoLogGroupName: this.falcoLogGroupName } : {}) });
    }
}
