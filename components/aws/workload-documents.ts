/**
 * Pure documents for zt:aws:Workload and zt:aws:Cluster: trust policies, the ECR lifecycle policy
 * and the kubeconfig. Plain objects (serialised by the caller) so tests can read them as data.
 */
import type * as pulumi from "@pulumi/pulumi";

/** The ARN partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** An AWS managed policy's ARN. */
export function managedPolicyArn(region: string, policy: string): string {
    return `arn:${partitionOf(region)}:iam::aws:policy/${policy}`;
}

/** An EKS access policy's ARN (access entries, not IAM). */
export function eksAccessPolicyArn(region: string, policy: string): string {
    return `arn:${partitionOf(region)}:eks::aws:cluster-access-policy/${policy}`;
}

/**
 * Trust for an EKS Pod Identity role. Pod Identity tags the session with the cluster, namespace and
 * service account, so conditioning on those tags pins the role to one service account of one
 * cluster: another association in the account naming this role cannot use it.
 */
export function podIdentityTrustPolicy(o: { accountId: pulumi.Input<string>; clusterName: string; namespace: string; serviceAccount: string }) {
    return {
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": o.accountId,
                    "aws:RequestTag/eks-cluster-name": o.clusterName,
                    "aws:RequestTag/kubernetes-namespace": o.namespace,
                    "aws:RequestTag/kubernetes-service-account": o.serviceAccount,
                },
            },
        }],
    };
}

/** Days an untagged image (a superseded or failed push) is kept before it expires. */
export const UNTAGGED_IMAGE_DAYS = 7;

/**
 * Expire untagged images after a week and keep only the newest `keepImages` tagged ones. Untagged
 * comes first: a rule cannot expire an image that a higher-priority rule already selected.
 */
export function ecrLifecyclePolicy(keepImages: number) {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images after ${UNTAGGED_IMAGE_DAYS} days`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: UNTAGGED_IMAGE_DAYS },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the newest ${keepImages} tagged images`,
                selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: keepImages },
                action: { type: "expire" },
            },
        ],
    };
}

/**
 * A kubeconfig (JSON, which kubectl reads as YAML) that authenticates through the AWS CLI's exec
 * plugin: every token is minted on demand from the caller's own session, none is embedded.
 */
export function kubeconfig(c: { name: string; endpoint: string; certificateAuthorityData: string; region: string }): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: c.name, cluster: { server: c.endpoint, "certificate-authority-data": c.certificateAuthorityData } }],
        contexts: [{ name: c.name, context: { cluster: c.name, user: c.name } }],
        "current-context": c.name,
        preferences: {},
        users: [{
            name: c.name,
            user: {
                exec: {
                    apiVersion: "client.authentication.k8s.io/v1beta1",
                    command: "aws",
                    args: ["eks", "get-token", "--cluster-name", c.name, "--region", c.region, "--output", "json"],
                    interactiveMode: "Never",
                },
            },
        }],
    });
}
