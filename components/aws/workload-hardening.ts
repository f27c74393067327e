/**
 * The one instance hardening every launch template in the landing zone is built from: the
 * baseline for plain instances and the EKS node template differ only in what this takes as input.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { LaunchTemplateArgs } from "@pulumi/aws/ec2";

export interface HardenedLaunchTemplate {
    /** Physical name. */
    name: string;
    description: string;
    /** Key the root volume is encrypted with. */
    ebsKeyArn: pulumi.Input<string>;
    /** Security groups of the primary interface. */
    securityGroupIds: pulumi.Input<string>[];
    /**
     * Instance profile the instances run as. Default: none (required for EKS node templates, which
     * EKS rejects when they name a profile; the node group's role is used instead).
     */
    instanceProfileArn?: pulumi.Input<string>;
    /** Root volume size. Default: the AMI's own size (a smaller value would fail the launch). */
    rootVolumeGiB?: number;
    tags?: Record<string, pulumi.Input<string>>;
}

/** Root device of Amazon Linux 2023 (and the EKS AL2023 AMIs): the mapping overrides the AMI's own. */
export const ROOT_DEVICE = "/dev/xvda";

/**
 * Launch template arguments with the hardening applied:
 * - IMDSv2 only, hop limit 1: a container behind a bridge cannot reach the node's credentials, and
 *   a stolen IMDSv1 request (SSRF) gets nothing; instance tags stay out of the metadata.
 * - The root volume is encrypted with the landing zone's EBS key, never the AWS managed one.
 * - No public address on the primary interface, whatever the subnet says.
 * - No key pair: Session Manager replaces SSH, so there is no port 22 and no key to leak.
 * - Detailed monitoring, and new versions become the default so consumers always get the latest.
 */
export function hardenedLaunchTemplateArgs(o: HardenedLaunchTemplate): LaunchTemplateArgs {
    return {
        name: o.name,
        description: o.description,
        metadataOptions: {
            httpEndpoint: "enabled",
            httpTokens: "required",
            httpPutResponseHopLimit: 1,
            instanceMetadataTags: "disabled",
        },
        blockDeviceMappings: [{
            deviceName: ROOT_DEVICE,
            ebs: {
                encrypted: "true",
                kmsKeyId: o.ebsKeyArn,
                volumeType: "gp3",
                deleteOnTermination: "true",
                ...(o.rootVolumeGiB !== undefined ? { volumeSize: o.rootVolumeGiB } : {}),
            },
        }],
        networkInterfaces: [{
            deviceIndex: 0,
            associatePublicIpAddress: "false",
            securityGroups: o.securityGroupIds,
            deleteOnTermination: "true",
        }],
        ...(o.instanceProfileArn !== undefined ? { iamInstanceProfile: { arn: o.instanceProfileArn } } : {}),
        monitoring: { enabled: true },
        updateDefaultVersion: true,
        tags: { Name: o.name, ...o.tags },
    };
}
