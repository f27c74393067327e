/**
 * zt:aws:Cluster — a private EKS cluster: API reachable only from inside the VPC, secrets
 * envelope-encrypted with the landing zone's key, every control-plane log kept, access granted
 * only through access entries, pods authenticated with Pod Identity, GuardDuty's runtime agent on
 * every node, and one managed node group on the hardened launch template.
 */
import * as pulumi from "@pulumi/pulumi";
import * as ec2 from "@pulumi/aws/ec2";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { encryptedLogGroup } from "./log-group";
import { eksAccessPolicyArn, kubeconfig, managedPolicyArn, podIdentityTrustPolicy } from "./workload-documents";
import { serviceTrustPolicy } from "./policy-statements";
import { hardenedLaunchTemplateArgs } from "./workload-hardening";

/** Every control-plane log type EKS offers; the audit log is the one incident response needs most. */
export const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

/** Root volume of a node: room for the images it pulls (the AMI's own 20 GiB fills quickly). */
export const NODE_ROOT_GIB = 50;

export interface AwsClusterArgs {
    /** Physical-name prefix, `<prefix>-<env>`; the cluster is `<prefix>-eks`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Kubernetes version. Upgrading is in place; downgrading is refused by EKS. */
    version: string;
    /** Node instance types. */
    instanceTypes: string[];
    /** Node count. */
    nodes: { min: number; desired: number; max: number };
    /** Subnets by zone for the control plane's interfaces and the nodes. CAUTION: changing them replaces the node group. */
    subnetIds: Record<string, pulumi.Input<string>>;
    /** Extra security group for the nodes, so the network's flows reach pods as they reach the tier. */
    nodeSecurityGroupId: pulumi.Input<string>;
    /** Encrypts node volumes. */
    ebsKeyArn: pulumi.Input<string>;
    /** Encrypts Kubernetes secrets. CAUTION: EKS cannot change the key once set. */
    secretsKeyArn: pulumi.Input<string>;
    /** Encrypts the control-plane log group. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** `data-classification` tag of the log group (a log archive is a data store). */
    logClassification: string;
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Role ARNs by a stable word, granted cluster admin through access entries. */
    adminRoleArns: Record<string, pulumi.Input<string>>;
    protect: boolean;
}

export class AwsCluster extends pulumi.ComponentResource {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
    /** A kubeconfig using `aws eks get-token` (no embedded credentials), as a secret. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly nodeRoleArn: pulumi.Output<string>;

    constructor(name: string, args: AwsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Cluster", name, {}, opts);
        const clusterName = `${args.namePrefix}-eks`;
        const subnetIds = Object.keys(args.subnetIds).sort().map((zone) => args.subnetIds[zone]);
        const role = (key: string, physical: string, trust: object, policies: Record<string, string>) => {
            const r = new iam.Role(`${name}-${key}-role`, {
                name: physical,
                assumeRolePolicy: pulumi.jsonStringify(trust),
                permissionsBoundary: args.permissionsBoundaryArn,
                tags: { Name: physical },
            }, { parent: this });
            const attachments = Object.entries(policies).map(([word, policy]) => new iam.RolePolicyAttachment(`${name}-${key}-role-${word}`, {
                role: r.name,
                policyArn: managedPolicyArn(args.region, policy),
            }, { parent: this }));
            return { role: r, attachments };
        };

        // EKS creates this group itself on first log if it does not exist, unencrypted and kept
        // forever; creating it first is what makes the key and the retention stick.
        const logGroup = encryptedLogGroup(`${name}-logs`, {
            name: `/aws/eks/${clusterName}/cluster`,
            kmsKeyId: args.logsKeyArn,
            retentionDays: args.logRetentionDays,
            classification: args.logClassification,
            protect: args.protect,
        }, this);

        const clusterRole = role("cluster", `${clusterName}-cluster`, serviceTrustPolicy("eks.amazonaws.com"), { eks: "AmazonEKSClusterPolicy" });
        const cluster = new eks.Cluster(`${name}-cluster`, {
            name: clusterName,
            version: args.version,
            roleArn: clusterRole.role.arn,
            vpcConfig: { subnetIds, endpointPrivateAccess: true, endpointPublicAccess: false },
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: args.secretsKeyArn } },
            enabledClusterLogTypes: CLUSTER_LOG_TYPES,
            // Access entries only: no aws-auth ConfigMap, and whoever runs `pulumi up` gets no standing admin.
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
            // The add-ons below are managed by EKS (patched, versioned); never the unmanaged defaults.
            bootstrapSelfManagedAddons: false,
            // At the end of standard support EKS upgrades the cluster rather than leaving it on an
            // unpatched version under paid extended support.
            upgradePolicy: { supportType: "STANDARD" },
            zonalShiftConfig: { enabled: true },
            deletionProtection: args.protect,
            tags: { Name: clusterName },
        }, { parent: this, protect: args.protect, dependsOn: [logGroup, ...clusterRole.attachments] });

        for (const [key, principalArn] of Object.entries(args.adminRoleArns)) {
            const entry = new eks.AccessEntry(`${name}-admin-${key}`, {
                clusterName: cluster.name,
                principalArn,
                type: "STANDARD",
            }, { parent: this });
            new eks.AccessPolicyAssociation(`${name}-admin-${key}-policy`, {
                clusterName: cluster.name,
                principalArn: entry.principalArn,
                policyArn: eksAccessPolicyArn(args.region, "AmazonEKSClusterAdminPolicy"),
                accessScope: { type: "cluster" },
            }, { parent: this });
        }

        // The VPC CNI gets its own role through Pod Identity, so the node role (which every pod on the
        // node could reach if IMDS were open) never holds permission to rewire the network.
        const cniRole = role("cni", `${clusterName}-vpc-cni`,
            podIdentityTrustPolicy({ accountId: args.accountId, clusterName, namespace: "kube-system", serviceAccount: "aws-node" }),
            { cni: "AmazonEKS_CNI_Policy" });
        const cniIdentity = new eks.PodIdentityAssociation(`${name}-cni`, {
            clusterName: cluster.name,
            namespace: "kube-system",
            serviceAccount: "aws-node",
            roleArn: cniRole.role.arn,
        }, { parent: this, dependsOn: cniRole.attachments });

        const addon = (key: string, addonName: string, extra: Partial<eks.AddonArgs>, dependsOn: pulumi.Resource[]) =>
            new eks.Addon(`${name}-addon-${key}`, {
                clusterName: cluster.name,
                addonName,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                ...extra,
            }, { parent: this, dependsOn });
        // Before the nodes: a node only becomes Ready once the CNI runs, and the CNI only gets
        // credentials once the Pod Identity agent runs.
        const podIdentityAgent = addon("pod-identity-agent", "eks-pod-identity-agent", {}, []);
        const vpcCni = addon("vpc-cni", "vpc-cni", {
            // The network-policy agent enforces Kubernetes NetworkPolicies: default-deny inside the cluster.
            configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
        }, [cniIdentity, podIdentityAgent]);
        const kubeProxy = addon("kube-proxy", "kube-proxy", {}, []);

        const nodeRole = role("node", `${clusterName}-node`, serviceTrustPolicy("ec2.amazonaws.com"), {
            worker: "AmazonEKSWorkerNodePolicy",
            ecr: "AmazonEC2ContainerRegistryPullOnly",
            ssm: "AmazonSSMManagedInstanceCore",
        });
        // Nodes carry the cluster's own group (control plane ↔ kubelet) and the tier's group (flows).
        const nodeTemplate = new ec2.LaunchTemplate(`${name}-node-template`, hardenedLaunchTemplateArgs({
            name: `${clusterName}-node`,
            description: `EKS nodes of ${clusterName}: IMDSv2 only, encrypted root volume, no public IP, no key pair`,
            ebsKeyArn: args.ebsKeyArn,
            securityGroupIds: [cluster.vpcConfig.clusterSecurityGroupId, args.nodeSecurityGroupId],
            rootVolumeGiB: NODE_ROOT_GIB,
        }), { parent: this });

        const nodeGroup = new eks.NodeGroup(`${name}-nodes`, {
            clusterName: cluster.name,
            // A prefix, not a name: a change that replaces the group (types, subnets) then creates the
            // new group before draining the old one instead of failing on the taken name.
            nodeGroupNamePrefix: `${clusterName}-nodes-`,
            nodeRoleArn: nodeRole.role.arn,
            subnetIds,
            amiType: "AL2023_x86_64_STANDARD",
            instanceTypes: args.instanceTypes,
            scalingConfig: { minSize: args.nodes.min, desiredSize: args.nodes.desired, maxSize: args.nodes.max },
            updateConfig: { maxUnavailable: 1 },
            launchTemplate: { id: nodeTemplate.id, version: nodeTemplate.latestVersion.apply((v) => `${v}`) },
            tags: { Name: `${clusterName}-node` },
        }, { parent: this, dependsOn: [...nodeRole.attachments, vpcCni, kubeProxy, podIdentityAgent] });

        // After the nodes: CoreDNS stays degraded (and the add-on never turns ACTIVE) without them.
        addon("coredns", "coredns", {}, [nodeGroup]);
        // GuardDuty runtime monitoring: the detector's automated agent management is off, so this add-on
        // is what puts the agent on the nodes.
        addon("guardduty-agent", "aws-guardduty-agent", {}, [nodeGroup]);

        this.name = cluster.name;
        this.arn = cluster.arn;
        this.nodeRoleArn = nodeRole.role.arn;
        this.kubeconfig = pulumi.secret(pulumi.all([cluster.name, cluster.endpoint, cluster.certificateAuthority]).apply(([n, endpoint, ca]) =>
            kubeconfig({ name: n, endpoint, certificateAuthorityData: ca?.data, region: args.region })));
        this.registerOutputs({ name: this.name, arn: this.arn, kubeconfig: this.kubeconfig, nodeRoleArn: this.nodeRoleArn });
    }
}
