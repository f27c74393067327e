/**
 * zt:aws:ClusterWorkloads — the cloud side of the Kubernetes baseline on EKS: each workload's
 * ServiceAccount (`<namespace>/<workload>`) wears its own IAM role through EKS Pod Identity, with no
 * key; (with runtime detection on) Falco's alerts land in a KMS-encrypted CloudWatch log group that
 * only falcosidekick's own role may write to; and (with `registryReader`) Kyverno's admission
 * controller may read the landing zone's ECR repositories, and nothing else, to verify signatures.
 *
 * Workload roles are created empty: they carry the permissions boundary and trust exactly one
 * service account of one cluster, and the team that owns the workload attaches the policies it
 * needs (least privilege is the team's call, not the platform's guess).
 *
 * Pod Identity injects credentials when a pod is created, and only if its service account already
 * has an association then ("When Amazon EKS starts a new pod that uses a service account with an EKS
 * Pod Identity association, the cluster adds ... to the Pod manifest",
 * https://docs.aws.amazon.com/eks/latest/userguide/pod-id-how-it-works.html): a pod started before
 * the association runs without credentials until it is restarted. So every value the Kubernetes
 * side consumes (ServiceAccount annotations, Falco's log group) is released only once the
 * association exists, and the engine orders those objects after it.
 */
import * as pulumi from "@pulumi/pulumi";
import * as eks from "@pulumi/aws/eks";
import * as iam from "@pulumi/aws/iam";
import { KYVERNO_ADMISSION_SERVICE_ACCOUNT, KYVERNO_NAMESPACE, type RegistryIdentity } from "../kubernetes/admission";
import type { EgressPeer } from "../kubernetes/labels";
import { FALCOSIDEKICK_SERVICE_ACCOUNT } from "../kubernetes/runtime-detection";
import { after } from "../shared/after";
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

/**
 * The ServiceAccount annotation that names the role a Pod Identity association gives it. EKS reads
 * no annotation (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-association.html: "EKS Pod
 * Identity doesn't use an annotation on the service account"), so this one is for people (`kubectl
 * describe sa` shows the role) and for ordering: its value is released only once the association
 * exists. Deliberately not IRSA's `eks.amazonaws.com/role-arn`, which would make the IRSA webhook
 * inject a web identity token for a role that trusts only Pod Identity.
 */
export const AWS_ROLE_ANNOTATION = "zt.pulumi.com/aws-role-arn";

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

/** Kyverno's role: no `-pod-`, so no workload name can take it. */
export function kyvernoRoleName(namePrefix: string): string {
    return `${namePrefix}-kyverno`;
}

/** An IAM role's ARN from its name (path `/`, the default every role here has). */
export function iamRoleArn(region: string, accountId: string, roleName: string): string {
    return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/** An ECR repository's ARN from its name, e.g. `<prefix>/<key>` for the landing zone's (zt:aws:Workload). */
export function ecrRepositoryArn(region: string, accountId: string, repositoryName: string): string {
    return `arn:${partitionOf(region)}:ecr:${region}:${accountId}:repository/${repositoryName}`;
}

/** What reading an image (manifest, then layers) from one ECR repository takes. */
export const REGISTRY_READ_ACTIONS = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/**
 * Read access to exactly the given ECR repositories: enough for Kyverno to resolve an image's digest
 * and fetch its cosign signature (stored beside the image in the same repository), nothing to push,
 * list or delete. `ecr:GetAuthorizationToken` has no resource type, so only `"*"` can grant it
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html;
 * ECR's own least-privilege example does the same,
 * https://docs.aws.amazon.com/AmazonECR/latest/userguide/image-push-iam.html); the token it returns
 * carries no right of its own, the repository statement decides what it can read. With no
 * repository the read statement is left out, since IAM rejects a statement without a resource.
 * Pulls need no KMS permission: ECR decrypts through its own grant on the repository's key
 * (https://docs.aws.amazon.com/AmazonECR/latest/userguide/encryption-at-rest.html).
 */
export function registryReadPolicy(repositoryArns: string[]) {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "AuthenticateToRegistry", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            ...(repositoryArns.length > 0
                ? [{ Sid: "ReadLandingZoneRepositories", Effect: "Allow", Action: REGISTRY_READ_ACTIONS, Resource: repositoryArns }]
                : []),
        ],
    };
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
    /**
     * Kyverno's admission controller reads these ECR repositories (the landing zone's own) with its
     * own role, to verify image signatures. Default: none, so Kyverno has no registry identity and
     * every signature lookup in a private repository fails: verification then fails closed.
     */
    registryReader?: {
        /** ARNs of the repositories Kyverno may read; nothing else in the registry is readable. */
        repositoryArns: pulumi.Input<string>[];
    };
    /** Protect the log group from deletion (prod). */
    protect: boolean;
}

export class AwsClusterWorkloads extends pulumi.ComponentResource {
    /** Each workload's role ARN, by workload name: attach the workload's policies to it. */
    readonly roleArns: Record<string, pulumi.Output<string>>;
    /**
     * Each workload's ServiceAccount annotations, by workload name: `AWS_ROLE_ANNOTATION` → its role's
     * ARN, released once its association exists, so the ServiceAccount (and so its pods) follows it.
     */
    readonly serviceAccountAnnotations: Record<string, Record<string, pulumi.Output<string>>>;
    /**
     * Falco's alert log group, when `falco` is set: what falcosidekick's output names. Released once
     * falcosidekick's association exists, so the Falco release that names it starts after it.
     */
    readonly falcoLogGroupName?: pulumi.Output<string>;
    /** Kyverno's registry identity, when `registryReader` is set: its ServiceAccount's annotation, released once its association exists. */
    readonly registryIdentity?: RegistryIdentity;

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

        // The ARN built from the role's physical name (what `r.arn` will be), so it is known at preview.
        const roleArn = (physical: string) => pulumi.output(args.accountId).apply((accountId) => iamRoleArn(args.region, accountId, physical));
        const annotate = (association: eks.PodIdentityAssociation, physical: string) => ({ [AWS_ROLE_ANNOTATION]: after([association], roleArn(physical)) });

        this.roleArns = {};
        this.serviceAccountAnnotations = {};
        for (const workload of Object.keys(args.workloads).sort()) {
            const { namespace } = args.workloads[workload];
            const physical = workloadRoleName(args.namePrefix, workload);
            const r = role(`role-${workload}`, physical, namespace, workload);
            const association = associate(`identity-${workload}`, namespace, workload, r, []);
            this.roleArns[workload] = r.arn;
            this.serviceAccountAnnotations[workload] = annotate(association, physical);
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
            const association = associate("falco-identity", sa.namespace, sa.name, r, [policy]);
            this.falcoLogGroupName = after([association], logGroup.name);
        }

        if (args.registryReader) {
            const physical = kyvernoRoleName(args.namePrefix);
            const r = role("kyverno-role", physical, KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT);
            const policy = new iam.RolePolicy(`${name}-kyverno-policy`, {
                role: r.id,
                name: "read-registry",
                policy: pulumi.all(args.registryReader.repositoryArns).apply((arns) => JSON.stringify(registryReadPolicy(arns))),
            }, child);
            // After the policy: Kyverno's first credentials can already read, so no early lookup fails.
            const association = associate("kyverno-identity", KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT, r, [policy]);
            this.registryIdentity = { serviceAccountAnnotations: annotate(association, physical) };
        }

        this.registerOutputs({
            roleArns: this.roleArns,
            serviceAccountAnnotations: this.serviceAccountAnnotations,
            ...(this.falcoLogGroupName ? { falcoLogGroupName: this.falcoLogGroupName } : {}),
            ...(this.registryIdentity ? { registryIdentity: this.registryIdentity } : {}),
        });
    }
}
