/**
 * zt:aws:Workload — ECR with scanning, the hardened instance baseline, and (optionally) a private
 * EKS cluster with GuardDuty runtime monitoring.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AwsWorkloadArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** ECR repositories by name, with how many images to keep. */
    repositories: Record<string, { keepImages: number }>;
    /** Encrypts ECR images. */
    dataKeyArn: pulumi.Input<string>;
    /** Encrypts instance volumes. */
    ebsKeyArn: pulumi.Input<string>;
    /** Encrypts Kubernetes secrets (envelope encryption). */
    secretsKeyArn: pulumi.Input<string>;
    /** Encrypts the cluster's control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    vpcId: pulumi.Input<string>;
    /** The app tier's subnets by zone: nodes and the cluster's ENIs live here. */
    appSubnetIds: Record<string, pulumi.Input<string>>;
    /** The app tier's security group (sources allowed by the flows reach it). */
    appSecurityGroupId: pulumi.Input<string>;
    /** Boundary every role created here carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Roles granted cluster admin through EKS access entries (never the aws-auth ConfigMap). */
    clusterAdminRoleArns: pulumi.Input<string>[];
    eks: { enabled: boolean; version: string; instanceTypes: string[]; nodes: { min: number; desired: number; max: number } };
    /** Protect the cluster and repositories from deletion. */
    protect: boolean;
}

export class AwsWorkload extends pulumi.ComponentResource {
    readonly launchTemplateId: pulumi.Output<string>;
    /** Repository name (config key) → URL. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Set when the cluster is enabled: its name and a kubeconfig (secret) for the Kubernetes baseline. */
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string> };

    constructor(name: string, args: AwsWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Workload", name, {}, opts);
        void args;
        this.launchTemplateId = pulumi.output("");
        this.repositoryUrls = {};
        this.registerOutputs({});
    }
}
