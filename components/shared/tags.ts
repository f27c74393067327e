/**
 * Tags and labels, applied in one place: the landing zone's root component installs
 * {@link tagTransformation}, which merges the mandatory set onto every taggable descendant.
 *
 * Why a `transformations` entry and not the newer `transforms` option or provider default tags:
 * transformations run inside the program, so the offline plan and the policy pack see the tags
 * exactly as the engine will; `transforms` needs the engine's callback server (it throws under
 * mocks) and provider default tags are merged only in the provider's Check step.
 */
import * as pulumi from "@pulumi/pulumi";

/** Which input carries the tag map, per type token. Tests check this list against the providers' `.d.ts`. */
export const TAGGABLE_TYPES: Record<string, "tags" | "labels" | "resourceLabels"> = {
    // AWS: every type the pillars declare whose Args has `tags` (checked against the .d.ts by test/components/tags.test.ts).
    "aws:ec2/vpc:Vpc": "tags",
    "aws:ec2/subnet:Subnet": "tags",
    "aws:ec2/securityGroup:SecurityGroup": "tags",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "tags",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "tags",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "tags",
    "aws:ec2/networkAcl:NetworkAcl": "tags",
    "aws:ec2/routeTable:RouteTable": "tags",
    "aws:ec2/internetGateway:InternetGateway": "tags",
    "aws:ec2/natGateway:NatGateway": "tags",
    "aws:ec2/eip:Eip": "tags",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "tags",
    "aws:ec2/flowLog:FlowLog": "tags",
    "aws:ec2/launchTemplate:LaunchTemplate": "tags",
    "aws:networkfirewall/firewall:Firewall": "tags",
    "aws:networkfirewall/firewallPolicy:FirewallPolicy": "tags",
    "aws:networkfirewall/ruleGroup:RuleGroup": "tags",
    "aws:kms/key:Key": "tags",
    "aws:s3/bucket:Bucket": "tags",
    "aws:secretsmanager/secret:Secret": "tags",
    "aws:macie2/classificationJob:ClassificationJob": "tags",
    "aws:iam/role:Role": "tags",
    "aws:iam/policy:Policy": "tags",
    "aws:iam/instanceProfile:InstanceProfile": "tags",
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "tags",
    "aws:accessanalyzer/analyzer:Analyzer": "tags",
    "aws:organizations/policy:Policy": "tags",
    "aws:ssoadmin/permissionSet:PermissionSet": "tags",
    "aws:sfn/stateMachine:StateMachine": "tags",
    "aws:lambda/function:Function": "tags",
    "aws:cloudwatch/logGroup:LogGroup": "tags",
    "aws:cloudwatch/eventRule:EventRule": "tags",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "tags",
    "aws:sns/topic:Topic": "tags",
    "aws:cloudtrail/trail:Trail": "tags",
    "aws:cfg/rule:Rule": "tags",
    "aws:guardduty/detector:Detector": "tags",
    "aws:ecr/repository:Repository": "tags",
    "aws:signer/signingProfile:SigningProfile": "tags",
    "aws:eks/cluster:Cluster": "tags",
    "aws:eks/nodeGroup:NodeGroup": "tags",
    "aws:eks/addon:Addon": "tags",
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": "tags",
    "aws:eks/accessEntry:AccessEntry": "tags",
    "azure-native:resources:ResourceGroup": "tags",
    "azure-native:network:VirtualNetwork": "tags",
    // Azure network pillar (hub and spoke, NSGs, firewall, private DNS).
    "azure-native:network:NetworkSecurityGroup": "tags",
    "azure-native:network:ApplicationSecurityGroup": "tags",
    "azure-native:network:RouteTable": "tags",
    "azure-native:network:PublicIPAddress": "tags",
    "azure-native:network:FirewallPolicy": "tags",
    "azure-native:network:AzureFirewall": "tags",
    "azure-native:privatedns:PrivateZone": "tags",
    "azure-native:privatedns:VirtualNetworkLink": "tags",
    // Azure visibility pillar.
    "azure-native:operationalinsights:Workspace": "tags",
    "azure-native:network:FlowLog": "tags",
    "azure-native:monitor:ActionGroup": "tags",
    "azure-native:monitor:ActivityLogAlert": "tags",
    // Azure data pillar (also the private endpoints and the identity other pillars may declare).
    "azure-native:keyvault:Vault": "tags",
    "azure-native:keyvault:Key": "tags",
    "azure-native:storage:StorageAccount": "tags",
    "azure-native:network:PrivateEndpoint": "tags",
    "azure-native:managedidentity:UserAssignedIdentity": "tags",
    // Azure workload pillar.
    "azure-native:containerregistry:Registry": "tags",
    "azure-native:containerservice:ManagedCluster": "tags",
    // GCP: every type the pillars declare whose Args has `labels` (GKE clusters: `resourceLabels`).
    // GCP network pillar (Private Service Connect endpoint and its private DNS zones).
    "gcp:compute/globalAddress:GlobalAddress": "labels",
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": "labels",
    "gcp:dns/managedZone:ManagedZone": "labels",
    // GCP data pillar.
    "gcp:kms/cryptoKey:CryptoKey": "labels",
    "gcp:storage/bucket:Bucket": "labels",
    "gcp:secretmanager/secret:Secret": "labels",
    // GCP workload pillar (its attestor key is a kms CryptoKey, listed above).
    "gcp:artifactregistry/repository:Repository": "labels",
    "gcp:container/cluster:Cluster": "resourceLabels",
    // GCP visibility pillar. Not gcp:monitoring/notificationChannel:NotificationChannel: its `labels`
    // are the channel's settings (email_address), which extra keys would break.
    "gcp:pubsub/topic:Topic": "labels",
    "gcp:pubsub/subscription:Subscription": "labels",
};

export interface TagContext {
    owner: string;
    environment: string;
    /** Extra tags from config; never overrides the mandatory keys. */
    extra: Record<string, string>;
}

/** The mandatory tags every taggable resource carries. */
export function mandatoryTags(ctx: TagContext): Record<string, string> {
    return { owner: ctx.owner, environment: ctx.environment, "managed-by": "pulumi" };
}

/**
 * Merges config extras, then the resource's own tags, then the mandatory set (which always wins)
 * into the tag input of every taggable resource.
 */
export function tagTransformation(ctx: TagContext): pulumi.ResourceTransformation {
    const mandatory = mandatoryTags(ctx);
    return ({ type, props, opts }) => {
        const key = TAGGABLE_TYPES[type];
        if (!key) return undefined;
        const own = props[key] as pulumi.Input<Record<string, pulumi.Input<string>>> | undefined;
        const merged = pulumi.output(own ?? {}).apply((o) => ({ ...ctx.extra, ...o, ...mandatory }));
        return { props: { ...props, [key]: merged }, opts };
    };
}
