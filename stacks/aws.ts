/**
 * Composes the AWS landing zone from its five pillars. The order follows the data flow: keys
 * first (everything encrypts with them), then identity (every role wears its boundary), then the
 * log archive and detection, then the network (its flow logs go to the archive), then workloads.
 */
import * as pulumi from "@pulumi/pulumi";
import { Provider } from "@pulumi/aws/provider";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import type { Intent } from "../config/schema";
import { AwsData } from "../components/aws/data";
import { AwsIdentity } from "../components/aws/identity";
import { awsRoleNames } from "../components/aws/identity-names";
import { AwsNetwork } from "../components/aws/network";
import { AwsVisibility } from "../components/aws/visibility";
import { AwsWorkload } from "../components/aws/workload";
import { AwsClusterWorkloads, EKS_POD_IDENTITY_EGRESS, ecrRepositoryArn } from "../components/aws/cluster-workloads";
import { LandingZone } from "../components/shared/landing-zone";
import { namePrefix, networkPlan, tagContext } from "./common";
import type { LandingZoneOutputs } from "./outputs";
import { buildKubernetesBaseline } from "./kubernetes";

type AwsIntent = Extract<Intent, { cloud: "aws" }>;

/**
 * The KMS key administrators, as role-name patterns (what follows `role/`): the deploy and
 * break-glass roles, the just-in-time admin's Identity Center role, and the configured
 * `aws.keyAdministratorRoles` (e.g. whoever runs the first deploy, before the deploy role exists).
 */
export function keyAdministratorRolePatterns(prefix: string, extra: readonly string[]): string[] {
    const roles = awsRoleNames(prefix);
    return [roles.deploy, roles.breakGlass, `aws-reserved/sso.amazonaws.com/*AWSReservedSSO_${roles.adminPermissionSet}_*`, ...extra];
}

export function buildAws(intent: AwsIntent): LandingZoneOutputs {
    const aws = intent.aws;
    const prefix = namePrefix(intent);
    const root = new LandingZone("aws", prefix, { tags: tagContext(intent) });
    // An explicit provider: the region comes from the validated intent, never from ambient config.
    const provider = new Provider("aws", { region: aws.region }, { parent: root });
    const opts = { parent: root, providers: [provider] };
    const accountId = getCallerIdentityOutput({}, { provider }).accountId;
    const protect = intent.data.deletionProtection;
    const roleNames = awsRoleNames(prefix);

    const data = new AwsData("data", {
        namePrefix: prefix,
        region: aws.region,
        accountId,
        keyAdministratorArnPatterns: keyAdministratorRolePatterns(prefix, aws.keyAdministratorRoles).map((role) => accountId.apply((id) => `arn:aws:iam::${id}:role/${role}`)),
        buckets: aws.buckets,
        secrets: aws.secrets,
        defaultClassification: intent.data.defaultClassification,
        organizationId: aws.organization?.id,
        protect,
    }, opts);

    const identity = new AwsIdentity("identity", {
        namePrefix: prefix,
        region: aws.region,
        accountId,
        organization: aws.organization,
        allowedRegions: aws.allowedRegions,
        trustedSourceCidrs: aws.trustedSourceCidrs,
        identityCenter: { ...aws.identityCenter, adminGroups: intent.admin.groups },
        maxElevationMinutes: intent.admin.maxElevationMinutes,
        github: intent.ci,
        deployIdentity: intent.ci.deployIdentity,
        roleNames,
        logsKeyArn: data.keyArns.logs,
        logRetentionDays: intent.logging.retentionDays,
        logClassification: intent.data.defaultClassification,
        protect,
    }, opts);

    const visibility = new AwsVisibility("visibility", {
        namePrefix: prefix,
        region: aws.region,
        accountId,
        organization: aws.organization,
        logsKeyArn: data.keyArns.logs,
        dataBucketArns: Object.values(data.bucketArns),
        retentionDays: intent.logging.retentionDays,
        glacierAfterDays: aws.glacierAfterDays,
        permissionsBoundaryArn: identity.permissionsBoundaryArn,
        breakGlassRoleArn: identity.breakGlassRoleArn,
        alertEmails: aws.alertEmails,
        protect,
    }, opts);

    const network = new AwsNetwork("network", {
        ...networkPlan(intent),
        region: aws.region,
        zones: aws.zones,
        flows: intent.network.flows,
        ingress: intent.network.ingress,
        nat: aws.nat,
        egressFirewall: aws.egressFirewall,
        egressSlot: aws.egressSlot,
        flowLogDestinationArn: visibility.logArchiveBucketArn,
        organizationId: aws.organization?.id,
        accountId,
    }, opts);

    const workload = new AwsWorkload("workload", {
        namePrefix: prefix,
        region: aws.region,
        accountId,
        repositories: aws.repositories,
        dataKeyArn: data.keyArns.data,
        ebsKeyArn: data.keyArns.ebs,
        secretsKeyArn: data.keyArns.secrets,
        logsKeyArn: data.keyArns.logs,
        logRetentionDays: intent.logging.retentionDays,
        logClassification: intent.data.defaultClassification,
        vpcId: network.vpcId,
        appSubnetIds: network.subnetIds["app"],
        appSecurityGroupId: network.securityGroupIds["app"],
        permissionsBoundaryArn: identity.permissionsBoundaryArn,
        clusterAdminRoleArns: { deploy: identity.deployRoleArn, breakGlass: identity.breakGlassRoleArn },
        eks: aws.eks,
        protect,
    }, opts);

    if (intent.kubernetes.enabled) {
        // The semantic checks guarantee exactly one of the two: EKS built here, or an existing cluster.
        const existing = intent.kubernetes.existingCluster;
        const workloads = Object.fromEntries(Object.entries(intent.kubernetes.workloads).map(([w, spec]) => [w, { namespace: spec.tier }]));
        const pods = new AwsClusterWorkloads("cluster-workloads", {
            namePrefix: prefix,
            region: aws.region,
            accountId,
            clusterName: workload.cluster?.name ?? existing!.name,
            workloads,
            permissionsBoundaryArn: identity.permissionsBoundaryArn,
            falco: intent.kubernetes.runtimeDetection.enabled
                ? { logsKeyArn: data.keyArns.logs, retentionDays: intent.logging.retentionDays, classification: intent.data.defaultClassification }
                : undefined,
            // Kyverno reads signatures from the landing zone's own repositories only. Their ARNs are
            // built from the names zt:aws:Workload gives them (`<prefix>/<key>`) rather than taken
            // from `workload.repositoryArns`, which is unknown until the repositories exist: so the
            // policy is readable at preview, by the pack too. IAM accepts ARNs of repositories not yet created.
            registryReader: {
                repositoryArns: Object.keys(workload.repositoryArns).map((key) => accountId.apply((id) => ecrRepositoryArn(aws.region, id, `${prefix}/${key}`))),
            },
            protect,
        }, opts);
        buildKubernetesBaseline(intent, {
            kubeconfig: workload.cluster?.kubeconfig ?? existing!.kubeconfig,
            context: existing?.context,
            // ECR repositories are `<prefix>/<name>` (zt:aws:Workload).
            registry: pulumi.interpolate`${accountId}.dkr.ecr.${aws.region}.amazonaws.com/${prefix}`,
            // Pod Identity reads no annotation (the association names the namespace and service account):
            // the role-ARN annotation informs people and, released only once the association exists,
            // orders each ServiceAccount after it, since pods created before it get no credentials.
            identity: Object.fromEntries(Object.keys(workloads).map((w) => [w, { serviceAccountAnnotations: pods.serviceAccountAnnotations[w], podLabels: {} }])),
            identityEgress: EKS_POD_IDENTITY_EGRESS,
            falcoOutput: pods.falcoLogGroupName
                ? { kind: "cloudwatch", region: aws.region, logGroupName: pods.falcoLogGroupName }
                : { kind: "stdout", collector: "none (runtime detection is off)" },
            registryIdentity: pods.registryIdentity,
        }, root);
    }

    const outputs: LandingZoneOutputs = {
        cloud: "aws",
        environment: intent.environment,
        network: { id: network.vpcId, tierCidrs: network.tierCidrs, subnetIds: network.subnetIds },
        ...(workload.cluster ? { kubernetes: { clusterName: workload.cluster.name, kubeconfig: workload.cluster.kubeconfig } } : {}),
    };
    root.complete({ ...outputs });
    return outputs;
}
