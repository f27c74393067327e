import { strict as assert } from "assert";
import fc from "fast-check";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import { registeredAs, registeredIds, useMocks, valueOf } from "../support/mocks";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { WORKLOAD_NAME } from "../../config/kubernetes";
import {
    AWS_ROLE_ANNOTATION,
    AwsClusterWorkloads,
    EKS_POD_IDENTITY_EGRESS,
    FALCO_LOG_ACTIONS,
    REGISTRY_READ_ACTIONS,
    ecrRepositoryArn,
    falcoLogGroupName,
    falcoLogsPolicy,
    falcoRoleName,
    iamRoleArn,
    kyvernoRoleName,
    registryReadPolicy,
    workloadRoleName,
} from "../../components/aws/cluster-workloads";
import { KYVERNO_ADMISSION_SERVICE_ACCOUNT, KYVERNO_NAMESPACE } from "../../components/kubernetes/admission";
import { FALCOSIDEKICK_SERVICE_ACCOUNT } from "../../components/kubernetes/runtime-detection";

const ACCOUNT = "123456789012"; // the offline plan's account (plan/invokes.ts)
const CLUSTER = "zt-prod-eks";
const policyDoc = (r: CapturedResource, prop: string) => JSON.parse(r.inputs[prop] as string);
/** Roles carry the landing zone's boundary by its name-built ARN: the bootstrap declares it (ci.deployIdentity), so nothing in the stack to wait for. */
function assertBoundary(role: CapturedResource) {
    assert.equal(role.inputs["permissionsBoundary"], "arn:aws:iam::123456789012:policy/zt-prod-boundary", role.name);
    assert.deepEqual(role.propertyDependencies["permissionsBoundary"], [], role.name);
}

const REGION = "eu-west-1";
/** The prod stack's only repository, `<prefix>/<key>` (zt:aws:Workload), as an ARN. */
const APP_REPOSITORY = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/zt-prod/app`;

/** The Pod Identity trust of one service account of the prod cluster, exactly. */
const podTrust = (namespace: string, serviceAccount: string) => [{
    Effect: "Allow",
    Principal: { Service: "pods.eks.amazonaws.com" },
    Action: ["sts:AssumeRole", "sts:TagSession"],
    Condition: {
        StringEquals: {
            "aws:SourceAccount": ACCOUNT,
            "aws:RequestTag/eks-cluster-name": CLUSTER,
            "aws:RequestTag/kubernetes-namespace": namespace,
            "aws:RequestTag/kubernetes-service-account": serviceAccount,
        },
    },
}];

describe("zt:aws:ClusterWorkloads builders", () => {
    it("lets pods reach the Pod Identity agent's IPv4 and IPv6 addresses on port 80 only", () => {
        assert.deepEqual(EKS_POD_IDENTITY_EGRESS, [
            { key: "eks-pod-identity", cidr: "169.254.170.23/32", ports: [80] },
            { key: "eks-pod-identity-ipv6", cidr: "fd00:ec2::23/128", ports: [80] },
        ]);
    });

    it("lets falcosidekick create, find and write streams of its one log group, nothing else", () => {
        assert.deepEqual(falcoLogsPolicy({ region: "eu-west-1", accountId: ACCOUNT, logGroupName: "/aws/eks/c/falco" }), {
            Version: "2012-10-17",
            Statement: [{
                Sid: "WriteFalcoAlerts",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
                Resource: `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/eks/c/falco:*`,
            }],
        });
        assert.ok(!FALCO_LOG_ACTIONS.includes("logs:PutRetentionPolicy"), "the writer cannot shorten the retention");
        assert.ok(FALCO_LOG_ACTIONS.every((a) => !a.includes("*")), "no wildcard action");
    });

    it("names the log group's ARN in the region's partition", () => {
        const arn = (region: string) => falcoLogsPolicy({ region, accountId: ACCOUNT, logGroupName: "g" }).Statement[0].Resource;
        assert.deepEqual([arn("cn-north-1"), arn("us-gov-west-1")], [
            `arn:aws-cn:logs:cn-north-1:${ACCOUNT}:log-group:g:*`,
            `arn:aws-us-gov:logs:us-gov-west-1:${ACCOUNT}:log-group:g:*`,
        ]);
    });

    it("lets Kyverno authenticate to the registry and read exactly the given repositories, nothing else", () => {
        const other = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/zt-prod/api`;
        assert.deepEqual(registryReadPolicy([APP_REPOSITORY, other]), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "AuthenticateToRegistry", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                { Sid: "ReadLandingZoneRepositories", Effect: "Allow", Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], Resource: [APP_REPOSITORY, other] },
            ],
        });
        assert.deepEqual(REGISTRY_READ_ACTIONS, ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"], "read only: nothing to push, list or delete");
    });

    it("leaves the read statement out when there is no repository (IAM rejects a statement without a resource)", () => {
        assert.deepEqual(registryReadPolicy([]).Statement, [
            { Sid: "AuthenticateToRegistry", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
        ]);
    });

    it("builds role and repository ARNs in the region's partition", () => {
        assert.deepEqual(
            [iamRoleArn(REGION, ACCOUNT, "r"), iamRoleArn("cn-north-1", ACCOUNT, "r"), ecrRepositoryArn(REGION, ACCOUNT, "zt-prod/app"), ecrRepositoryArn("us-gov-west-1", ACCOUNT, "p/a")],
            [`arn:aws:iam::${ACCOUNT}:role/r`, `arn:aws-cn:iam::${ACCOUNT}:role/r`, APP_REPOSITORY, `arn:aws-us-gov:ecr:us-gov-west-1:${ACCOUNT}:repository/p/a`],
        );
    });

    it("annotates ServiceAccounts with a key of the landing zone's own, not IRSA's", () => {
        assert.equal(AWS_ROLE_ANNOTATION, "zt.pulumi.com/aws-role-arn");
    });

    it("puts Falco's log group next to the cluster's own logs", () => {
        assert.equal(falcoLogGroupName("zt-prod-eks"), "/aws/eks/zt-prod-eks/falco");
    });

    it("never gives a workload's role falcosidekick's name, whatever the workload is called", () => {
        assert.equal(workloadRoleName("zt-prod", "app"), "zt-prod-pod-app");
        fc.assert(fc.property(fc.stringMatching(WORKLOAD_NAME), (workload) => workloadRoleName("zt-prod", workload) !== falcoRoleName("zt-prod")));
        // Not vacuous: "falcosidekick" is a valid workload name, so `-pod-` is what keeps the two apart.
        assert.ok(WORKLOAD_NAME.test("falcosidekick"));
    });

    it("never gives a workload's role Kyverno's name, whatever the workload is called", () => {
        assert.equal(kyvernoRoleName("zt-prod"), "zt-prod-kyverno");
        fc.assert(fc.property(fc.stringMatching(WORKLOAD_NAME), (workload) => workloadRoleName("zt-prod", workload) !== kyvernoRoleName("zt-prod")));
        assert.ok(WORKLOAD_NAME.test("kyverno"), "not vacuous: `kyverno` is a valid workload name");
        assert.notEqual(kyvernoRoleName("zt-prod"), falcoRoleName("zt-prod"));
    });
});

// The component alone, under Pulumi's mocks in this process (no other test file registers
// resources in-process, so the mocks set here change nothing for them).
describe("zt:aws:ClusterWorkloads (under mocks)", () => {
    const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/zt-prod-boundary`;
    const REPOSITORIES = [APP_REPOSITORY, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/zt-prod/api`];
    const find = registeredAs;
    const build = (name: string, registryReader?: { repositoryArns: string[] }) => new AwsClusterWorkloads(name, {
        namePrefix: "zt-prod",
        region: REGION,
        accountId: ACCOUNT,
        clusterName: CLUSTER,
        workloads: { app: { namespace: "app" } },
        permissionsBoundaryArn: BOUNDARY,
        ...(registryReader ? { registryReader } : {}),
        protect: false,
    });
    let reader: AwsClusterWorkloads;
    let plain: AwsClusterWorkloads;
    let readerAnnotations: Record<string, string>;
    before(async () => {
        await useMocks((args) => (args.type === "aws:iam/role:Role" ? { arn: iamRoleArn(REGION, ACCOUNT, args.inputs.name as string) } : {}));
        reader = build("aws-reader", { repositoryArns: REPOSITORIES });
        plain = build("aws-plain");
        assert.ok(reader.registryIdentity, "registryReader gives Kyverno a registry identity");
        // Released only once each association is registered: everything below is in `registered` then.
        [readerAnnotations] = await Promise.all([
            valueOf(reader.registryIdentity.serviceAccountAnnotations) as Promise<Record<string, string>>,
            valueOf(reader.serviceAccountAnnotations["app"]),
            valueOf(plain.serviceAccountAnnotations["app"]),
        ]);
    });

    it("declares Kyverno's role, policy and association only with registryReader", () => {
        const ids = registeredIds;
        assert.deepEqual(ids("aws-reader"), [
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::aws-reader-identity-app",
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::aws-reader-kyverno-identity",
            "aws:iam/role:Role::aws-reader-kyverno-role",
            "aws:iam/role:Role::aws-reader-role-app",
            "aws:iam/rolePolicy:RolePolicy::aws-reader-kyverno-policy",
        ]);
        assert.deepEqual(ids("aws-plain"), [
            "aws:eks/podIdentityAssociation:PodIdentityAssociation::aws-plain-identity-app",
            "aws:iam/role:Role::aws-plain-role-app",
        ]);
        assert.equal(plain.registryIdentity, undefined, "no registryReader: Kyverno has no registry identity");
    });

    it("gives Kyverno's admission controller a bounded role trusted only by its service account", () => {
        const role = find("aws-reader-kyverno-role");
        assert.deepEqual(role.inputs, {
            name: "zt-prod-kyverno",
            description: `EKS Pod Identity of the Kubernetes service account ${KYVERNO_NAMESPACE}/${KYVERNO_ADMISSION_SERVICE_ACCOUNT}`,
            assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: podTrust("kyverno", "kyverno-admission-controller") }),
            permissionsBoundary: BOUNDARY,
            tags: { Name: "zt-prod-kyverno" },
        });
    });

    it("lets that role read exactly the given repositories", () => {
        assert.deepEqual(find("aws-reader-kyverno-policy").inputs, {
            role: "aws-reader-kyverno-role-id",
            name: "read-registry",
            policy: JSON.stringify(registryReadPolicy(REPOSITORIES)),
        });
    });

    it("associates the role with kyverno/kyverno-admission-controller", () => {
        assert.deepEqual(find("aws-reader-kyverno-identity").inputs, {
            clusterName: CLUSTER,
            namespace: "kyverno",
            serviceAccount: "kyverno-admission-controller",
            roleArn: `arn:aws:iam::${ACCOUNT}:role/zt-prod-kyverno`,
        });
    });

    it("hands out each role's ARN as a ServiceAccount annotation", async () => {
        assert.deepEqual(readerAnnotations, { [AWS_ROLE_ANNOTATION]: `arn:aws:iam::${ACCOUNT}:role/zt-prod-kyverno` });
        assert.deepEqual(Object.keys(reader.serviceAccountAnnotations), ["app"]);
        assert.deepEqual(await valueOf(reader.serviceAccountAnnotations["app"]), { [AWS_ROLE_ANNOTATION]: `arn:aws:iam::${ACCOUNT}:role/zt-prod-pod-app` });
    });
});

// Needs the composition to build zt:aws:ClusterWorkloads (stacks/aws.ts) with the prod intent's
// only workload, `app` in tier `app`, and runtime detection on (the prod default).
describe("zt:aws:ClusterWorkloads (aws-prod)", () => {
    let graph: CapturedGraph;
    let p: string;
    before(async () => {
        graph = await stackGraph("aws-prod");
        const [component, ...others] = ofType(graph, "zt:aws:ClusterWorkloads");
        assert.ok(component, "aws-prod declares zt:aws:ClusterWorkloads");
        assert.equal(others.length, 0);
        p = component.name;
    });

    it("declares exactly one role and one association per workload, Falco's log group, role, policy and association, and Kyverno's role, policy and association", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:aws:ClusterWorkloads")), [
            `aws:cloudwatch/logGroup:LogGroup::${p}-falco-logs`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-falco-identity`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-identity-app`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-kyverno-identity`,
            `aws:iam/role:Role::${p}-falco-role`,
            `aws:iam/role:Role::${p}-kyverno-role`,
            `aws:iam/role:Role::${p}-role-app`,
            `aws:iam/rolePolicy:RolePolicy::${p}-falco-policy`,
            `aws:iam/rolePolicy:RolePolicy::${p}-kyverno-policy`,
        ]);
    });

    it("gives each workload an empty, bounded role trusted only by its service account of this cluster", () => {
        const role = byName(graph, `${p}-role-app`);
        assert.equal(role.inputs["name"], "zt-prod-pod-app");
        assert.deepEqual(policyDoc(role, "assumeRolePolicy").Statement, podTrust("app", "app"));
        assertBoundary(role);
        const grants = graph.resources.filter((r) => r.propertyDependencies["role"]?.includes(role.urn));
        assert.deepEqual(grants.map((r) => r.name), [], "no policy: the team attaches what the workload needs");
    });

    it("associates the role with the workload's service account once the cluster exists", () => {
        const association = byName(graph, `${p}-identity-app`);
        const cluster = byName(graph, "workload-eks-cluster");
        assert.deepEqual([association.inputs["clusterName"], association.inputs["namespace"], association.inputs["serviceAccount"]], [CLUSTER, "app", "app"]);
        assert.deepEqual(association.propertyDependencies["roleArn"], [byName(graph, `${p}-role-app`).urn]);
        assert.ok(association.propertyDependencies["clusterName"].includes(cluster.urn), "waits for the cluster");
    });

    it("keeps Falco's alerts in an encrypted, retained, protected log group beside the cluster's logs", () => {
        const logs = byName(graph, `${p}-falco-logs`);
        const clusterLogs = byName(graph, "workload-eks-logs");
        const tags = (r: CapturedResource) => r.inputs["tags"] as Record<string, string>;
        assert.deepEqual(
            [logs.inputs["name"], logs.inputs["retentionInDays"], logs.inputs["deletionProtectionEnabled"], logs.protect, tags(logs)["data-classification"]],
            [`/aws/eks/${CLUSTER}/falco`, clusterLogs.inputs["retentionInDays"], true, true, tags(clusterLogs)["data-classification"]],
        );
        assert.deepEqual(logs.propertyDependencies["kmsKeyId"], clusterLogs.propertyDependencies["kmsKeyId"], "the logs key, as the cluster's own logs");
    });

    it("lets falcosidekick only write to that group, and associates it once the policy is in place", () => {
        const role = byName(graph, `${p}-falco-role`);
        const policy = byName(graph, `${p}-falco-policy`);
        const association = byName(graph, `${p}-falco-identity`);
        const { namespace, name } = FALCOSIDEKICK_SERVICE_ACCOUNT;
        assert.deepEqual([role.inputs["name"], policyDoc(role, "assumeRolePolicy").Statement], ["zt-prod-falcosidekick", podTrust(namespace, name)]);
        assertBoundary(role);
        assert.deepEqual(policy.propertyDependencies["role"], [role.urn]);
        assert.deepEqual(policyDoc(policy, "policy"), falcoLogsPolicy({ region: "eu-west-1", accountId: ACCOUNT, logGroupName: `/aws/eks/${CLUSTER}/falco` }));
        assert.deepEqual([association.inputs["namespace"], association.inputs["serviceAccount"]], [namespace, name]);
        assert.deepEqual(association.propertyDependencies["roleArn"], [role.urn]);
        assert.ok(association.dependencies.includes(policy.urn), "falcosidekick's first credentials can already write");
    });

    it("delivers the Falco log group to the Falco release only once falcosidekick's association exists", () => {
        const release = byName(graph, "kubernetes-runtime-falco");
        assert.ok(release.dependencies.includes(byName(graph, `${p}-falco-identity`).urn), "falcosidekick's pods get credentials from their first start");
    });

    it("lets Kyverno read the landing zone's repositories, and only them, and associates it once the policy is in place", () => {
        const role = byName(graph, `${p}-kyverno-role`);
        const policy = byName(graph, `${p}-kyverno-policy`);
        const association = byName(graph, `${p}-kyverno-identity`);
        const repositories = ofType(graph, "aws:ecr/repository:Repository").map((r) => r.inputs["name"]);
        assert.deepEqual(repositories, ["zt-prod/app"], "the prod stack's only repository");
        assert.deepEqual([role.inputs["name"], policyDoc(role, "assumeRolePolicy").Statement], ["zt-prod-kyverno", podTrust(KYVERNO_NAMESPACE, KYVERNO_ADMISSION_SERVICE_ACCOUNT)]);
        assertBoundary(role);
        assert.deepEqual([policy.inputs["name"], policy.propertyDependencies["role"]], ["read-registry", [role.urn]]);
        assert.deepEqual(policyDoc(policy, "policy"), registryReadPolicy([APP_REPOSITORY]));
        const grants = graph.resources.filter((r) => r.propertyDependencies["role"]?.includes(role.urn));
        assert.deepEqual(grants.map((r) => r.name), [policy.name], "nothing else is attached to Kyverno's role");
        assert.deepEqual([association.inputs["clusterName"], association.inputs["namespace"], association.inputs["serviceAccount"]], [CLUSTER, "kyverno", "kyverno-admission-controller"]);
        assert.deepEqual(association.propertyDependencies["roleArn"], [role.urn]);
        assert.ok(association.dependencies.includes(policy.urn), "Kyverno's first credentials can already read");
        assert.ok(association.propertyDependencies["clusterName"].includes(byName(graph, "workload-eks-cluster").urn), "waits for the cluster");
    });

    it("annotates Kyverno's ServiceAccount with its role, and installs Kyverno only once its association exists", () => {
        const [release, ...others] = ofType(graph, "kubernetes:helm.sh/v3:Release").filter((r) => r.inputs["name"] === "kyverno");
        assert.ok(release, "the kyverno release");
        assert.equal(others.length, 0);
        const values = release.inputs["values"] as { admissionController: { rbac: { serviceAccount: { name: string; annotations: Record<string, string> } } } };
        assert.deepEqual(values.admissionController.rbac.serviceAccount, {
            name: "kyverno-admission-controller",
            annotations: { "zt.pulumi.com/aws-role-arn": `arn:aws:iam::${ACCOUNT}:role/zt-prod-kyverno` },
        });
        assert.ok(release.dependencies.includes(byName(graph, `${p}-kyverno-identity`).urn), "Kyverno's pods get credentials from their first start");
    });

    it("annotates each workload's ServiceAccount with its role, and creates it only once its association exists", () => {
        const sa = byName(graph, "kubernetes-sa-app");
        const metadata = sa.inputs["metadata"] as { annotations: Record<string, string> };
        assert.deepEqual(metadata.annotations, { "zt.pulumi.com/aws-role-arn": `arn:aws:iam::${ACCOUNT}:role/zt-prod-pod-app` });
        assert.ok(sa.dependencies.includes(byName(graph, `${p}-identity-app`).urn), "the workload's pods get credentials from their first start");
    });
});
