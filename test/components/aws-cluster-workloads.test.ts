import { strict as assert } from "assert";
import fc from "fast-check";
import { byName, childrenOf, ofType, sortedIds } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { WORKLOAD_NAME } from "../../config/kubernetes";
import {
    EKS_POD_IDENTITY_EGRESS,
    FALCO_LOG_ACTIONS,
    falcoLogGroupName,
    falcoLogsPolicy,
    falcoRoleName,
    workloadRoleName,
} from "../../components/aws/cluster-workloads";
import { FALCOSIDEKICK_SERVICE_ACCOUNT } from "../../components/kubernetes/runtime-detection";

const ACCOUNT = "123456789012"; // the offline plan's account (plan/invokes.ts)
const CLUSTER = "zt-prod-eks";
const policyDoc = (r: CapturedResource, prop: string) => JSON.parse(r.inputs[prop] as string);
/** Roles carry the boundary Identity declares. */
function assertBoundary(g: CapturedGraph, role: CapturedResource) {
    const boundary = g.resources.find((r) => r.type === "aws:iam/policy:Policy" && r.urn.includes("zt:aws:Identity$") && /boundary/.test(r.name));
    assert.ok(boundary, "Identity declares the permissions boundary");
    assert.deepEqual(role.propertyDependencies["permissionsBoundary"], [boundary.urn], role.name);
}

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

    it("puts Falco's log group next to the cluster's own logs", () => {
        assert.equal(falcoLogGroupName("zt-prod-eks"), "/aws/eks/zt-prod-eks/falco");
    });

    it("never gives a workload's role falcosidekick's name, whatever the workload is called", () => {
        assert.equal(workloadRoleName("zt-prod", "app"), "zt-prod-pod-app");
        fc.assert(fc.property(fc.stringMatching(WORKLOAD_NAME), (workload) => workloadRoleName("zt-prod", workload) !== falcoRoleName("zt-prod")));
        // Not vacuous: "falcosidekick" is a valid workload name, so `-pod-` is what keeps the two apart.
        assert.ok(WORKLOAD_NAME.test("falcosidekick"));
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

    it("declares exactly one role and one association per workload, and Falco's log group, role, policy and association", () => {
        assert.deepEqual(sortedIds(childrenOf(graph, "zt:aws:ClusterWorkloads")), [
            `aws:cloudwatch/logGroup:LogGroup::${p}-falco-logs`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-falco-identity`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-identity-app`,
            `aws:iam/role:Role::${p}-falco-role`,
            `aws:iam/role:Role::${p}-role-app`,
            `aws:iam/rolePolicy:RolePolicy::${p}-falco-policy`,
        ]);
    });

    it("gives each workload an empty, bounded role trusted only by its service account of this cluster", () => {
        const role = byName(graph, `${p}-role-app`);
        assert.equal(role.inputs["name"], "zt-prod-pod-app");
        assert.deepEqual(policyDoc(role, "assumeRolePolicy").Statement, podTrust("app", "app"));
        assertBoundary(graph, role);
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
        assertBoundary(graph, role);
        assert.deepEqual(policy.propertyDependencies["role"], [role.urn]);
        assert.deepEqual(policyDoc(policy, "policy"), falcoLogsPolicy({ region: "eu-west-1", accountId: ACCOUNT, logGroupName: `/aws/eks/${CLUSTER}/falco` }));
        assert.deepEqual([association.inputs["namespace"], association.inputs["serviceAccount"]], [namespace, name]);
        assert.deepEqual(association.propertyDependencies["roleArn"], [role.urn]);
        assert.ok(association.dependencies.includes(policy.urn), "falcosidekick's first credentials can already write");
    });
});
