/**
 * zt:aws:Workload — ECR with scanning, the hardened instance baseline, and (optionally) a private
 * EKS cluster with GuardDuty runtime monitoring.
 *
 * Images: tags are immutable (a tag always means the image that was scanned and signed), every
 * image is scanned on push and continuously afterwards (Inspector enhanced scanning), and a Signer
 * profile lets pipelines sign with Notation so the Kubernetes baseline admits signed images only.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as ecr from "@pulumi/aws/ecr";
import * as iam from "@pulumi/aws/iam";
import * as signer from "@pulumi/aws/signer";
import { AwsCluster } from "./cluster";
import { ecrLifecyclePolicy, managedPolicyArn } from "./workload-documents";
import { serviceTrustPolicy } from "./policy-statements";
import { hardenedLaunchTemplateArgs } from "./workload-hardening";

/** Signer's platform for container images signed with Notation (the AWS Signer Notation plugin). */
export const NOTATION_PLATFORM = "Notation-OCI-SHA384-ECDSA";

export interface AwsWorkloadArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** ECR repositories by name, with how many images to keep. CAUTION: renaming a key replaces the repository. */
    repositories: Record<string, { keepImages: number }>;
    /** Encrypts ECR images. CAUTION: changing it replaces every repository. */
    dataKeyArn: pulumi.Input<string>;
    /** Encrypts instance volumes. */
    ebsKeyArn: pulumi.Input<string>;
    /** Encrypts Kubernetes secrets (envelope encryption). */
    secretsKeyArn: pulumi.Input<string>;
    /** Encrypts the cluster's control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /**
     * `data-classification` of the control-plane log group: the audit log records every API call,
     * including who read which secret. Default: "confidential".
     */
    logClassification?: string;
    vpcId: pulumi.Input<string>;
    /** The app tier's subnets by zone: nodes and the cluster's ENIs live here. */
    appSubnetIds: Record<string, pulumi.Input<string>>;
    /** The app tier's security group (sources allowed by the flows reach it). */
    appSecurityGroupId: pulumi.Input<string>;
    /** Boundary every role created here carries. */
    permissionsBoundaryArn: pulumi.Input<string>;
    /**
     * Roles granted cluster admin through EKS access entries (never the aws-auth ConfigMap), keyed
     * by a stable word (e.g. `deploy`, `breakGlass`) that names their entries.
     */
    clusterAdminRoleArns: Record<string, pulumi.Input<string>>;
    eks: { enabled: boolean; version: string; instanceTypes: string[]; nodes: { min: number; desired: number; max: number } };
    /**
     * How long a signature stays valid, in months. Default: 12, so an image not rebuilt (and
     * re-scanned) within a year can no longer be admitted.
     */
    signatureValidityMonths?: number;
    /** Protect the cluster, repositories, signing profile and log group from deletion. */
    protect: boolean;
}

export class AwsWorkload extends pulumi.ComponentResource {
    readonly launchTemplateId: pulumi.Output<string>;
    /** Repository name (config key) → URL. */
    readonly repositoryUrls: Record<string, pulumi.Output<string>>;
    /** Repository name (config key) → ARN, for pipeline push permissions. */
    readonly repositoryArns: Record<string, pulumi.Output<string>>;
    /** The Signer profile pipelines sign images with (`notation sign --plugin com.amazonaws.signer.notation.plugin`). */
    readonly signingProfileArn: pulumi.Output<string>;
    /** The role instances launched from the baseline run as (SSM only; add workload permissions to it). */
    readonly instanceRoleArn: pulumi.Output<string>;
    /** Set when the cluster is enabled: its name and a kubeconfig (secret) for the Kubernetes baseline. */
    readonly cluster?: { name: pulumi.Output<string>; kubeconfig: pulumi.Output<string>; arn: pulumi.Output<string> };

    constructor(name: string, args: AwsWorkloadArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Workload", name, {}, opts);

        this.repositoryUrls = {};
        this.repositoryArns = {};
        for (const [key, repo] of Object.entries(args.repositories)) {
            const repository = new ecr.Repository(`${name}-repo-${key}`, {
                name: `${args.namePrefix}/${key}`,
                imageTagMutability: "IMMUTABLE",
                imageScanningConfiguration: { scanOnPush: true },
                encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: args.dataKeyArn }],
                forceDelete: false,
            }, { parent: this, protect: args.protect });
            // Notation signatures are stored as untagged artifacts referring to their image: after the
            // first signed push, run the lifecycle preview to confirm kept images keep their signatures.
            new ecr.LifecyclePolicy(`${name}-repo-${key}-lifecycle`, {
                repository: repository.name,
                policy: JSON.stringify(ecrLifecyclePolicy(repo.keepImages)),
            }, { parent: this });
            this.repositoryUrls[key] = repository.repositoryUrl;
            this.repositoryArns[key] = repository.arn;
        }

        // Registry-wide: scan-on-push alone misses CVEs published after the push; continuous scanning
        // re-evaluates every stored image as new findings appear.
        new ecr.RegistryScanningConfiguration(`${name}-registry-scanning`, {
            scanType: "ENHANCED",
            rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
        }, { parent: this });

        // Profile names allow only letters, digits and underscores, and are never reusable once cancelled.
        const profileName = `${args.namePrefix.replace(/-/g, "_")}_images`;
        const signingProfile = new signer.SigningProfile(`${name}-signing`, {
            name: profileName,
            platformId: NOTATION_PLATFORM,
            signatureValidityPeriod: { type: "MONTHS", value: args.signatureValidityMonths ?? 12 },
            tags: { Name: profileName },
        }, { parent: this, protect: args.protect });

        const instanceRoleName = `${args.namePrefix}-instance`;
        const instanceRole = new iam.Role(`${name}-instance-role`, {
            name: instanceRoleName,
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            permissionsBoundary: args.permissionsBoundaryArn,
            tags: { Name: instanceRoleName },
        }, { parent: this });
        const ssm = new iam.RolePolicyAttachment(`${name}-instance-role-ssm`, {
            role: instanceRole.name,
            policyArn: managedPolicyArn(args.region, "AmazonSSMManagedInstanceCore"),
        }, { parent: this });
        const profile = new iam.InstanceProfile(`${name}-instance-profile`, {
            name: instanceRoleName,
            role: instanceRole.name,
            tags: { Name: instanceRoleName },
        }, { parent: this, dependsOn: [ssm] });
        const baseline = new ec2.LaunchTemplate(`${name}-baseline`, hardenedLaunchTemplateArgs({
            name: `${args.namePrefix}-baseline`,
            description: "Hardened baseline: IMDSv2 only, encrypted root volume, no public IP, no key pair (use Session Manager)",
            ebsKeyArn: args.ebsKeyArn,
            securityGroupIds: [args.appSecurityGroupId],
            instanceProfileArn: profile.arn,
        }), { parent: this });

        if (args.eks.enabled) {
            const cluster = new AwsCluster(`${name}-eks`, {
                namePrefix: args.namePrefix,
                region: args.region,
                accountId: args.accountId,
                version: args.eks.version,
                instanceTypes: args.eks.instanceTypes,
                nodes: args.eks.nodes,
                subnetIds: args.appSubnetIds,
                nodeSecurityGroupId: args.appSecurityGroupId,
                ebsKeyArn: args.ebsKeyArn,
                secretsKeyArn: args.secretsKeyArn,
                logsKeyArn: args.logsKeyArn,
                logRetentionDays: args.logRetentionDays,
                logClassification: args.logClassification ?? "confidential",
                permissionsBoundaryArn: args.permissionsBoundaryArn,
                adminRoleArns: args.clusterAdminRoleArns,
                protect: args.protect,
            }, { parent: this });
            this.cluster = { name: cluster.name, kubeconfig: cluster.kubeconfig, arn: cluster.arn };
        }

        this.launchTemplateId = baseline.id;
        this.signingProfileArn = signingProfile.arn;
        this.instanceRoleArn = instanceRole.arn;
        this.registerOutputs({
            launchTemplateId: this.launchTemplateId,
            repositoryUrls: this.repositoryUrls,
            repositoryArns: this.repositoryArns,
            signingProfileArn: this.signingProfileArn,
            instanceRoleArn: this.instanceRoleArn,
            ...(this.cluster ? { cluster: this.cluster } : {}),
        });
    }
}
