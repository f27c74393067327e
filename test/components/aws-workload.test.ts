import { strict as assert } from "assert";
import { byName } from "../support/graph-queries";
import { stackGraph } from "../support/graphs";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { ecrLifecyclePolicy, kubeconfig, managedPolicyArn, partitionOf } from "../../components/aws/workload-documents";
import { hardenedLaunchTemplateArgs } from "../../components/aws/workload-hardening";

const ids = (rs: CapturedResource[]) => rs.map((r) => `${r.type}::${r.name}`).sort();
const component = (g: CapturedGraph, type: string) => {
    const r = g.resources.find((x) => x.type === type);
    assert.ok(r, `${type} registered`);
    return r;
};
const childrenOf = (g: CapturedGraph, type: string) => g.resources.filter((r) => r.parent === component(g, type).urn);
/** Everything below the Workload component, at any depth. */
const underWorkload = (g: CapturedGraph) => g.resources.filter((r) => r.urn.includes("zt:aws:Workload$"));
/** The Data pillar's key for one purpose (`logs`, `data`, `secrets`, `ebs`). */
const key = (g: CapturedGraph, purpose: string) => {
    const r = g.resources.find((x) => x.type === "aws:kms/key:Key" && x.name.endsWith(`-${purpose}`));
    assert.ok(r, `${purpose} key registered`);
    return r;
};
const policyDoc = (r: CapturedResource, prop: string) => JSON.parse(r.inputs[prop] as string);

/** The hardening both launch templates share, as the wire shows it. */
function assertHardened(lt: CapturedResource, ebsKey: CapturedResource) {
    assert.deepEqual(lt.inputs["metadataOptions"], { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1, instanceMetadataTags: "disabled" });
    const [nic, ...otherNics] = lt.inputs["networkInterfaces"] as Record<string, unknown>[];
    assert.deepEqual([nic["associatePublicIpAddress"], nic["deleteOnTermination"], otherNics.length], ["false", "true", 0]);
    const [bdm, ...otherBdms] = lt.inputs["blockDeviceMappings"] as { deviceName: string; ebs: Record<string, unknown> }[];
    assert.equal(otherBdms.length, 0);
    assert.deepEqual([bdm.deviceName, bdm.ebs["encrypted"], bdm.ebs["volumeType"], bdm.ebs["deleteOnTermination"]], ["/dev/xvda", "true", "gp3", "true"]);
    assert.ok(bdm.ebs["kmsKeyId"], "a key id is set");
    assert.deepEqual(lt.propertyDependencies["blockDeviceMappings"], [ebsKey.urn], "the volume key is the Data pillar's EBS key");
    assert.ok(!("keyName" in lt.inputs), "no key pair: Session Manager replaces SSH");
    assert.deepEqual([lt.inputs["monitoring"], lt.inputs["updateDefaultVersion"]], [{ enabled: true }, true]);
}

/** Roles carry the landing zone's boundary by its name-built ARN: the bootstrap declares it (ci.deployIdentity), so nothing in the stack to wait for. */
function assertBoundary(role: CapturedResource) {
    assert.equal(role.inputs["permissionsBoundary"], "arn:aws:iam::123456789012:policy/zt-prod-boundary", role.name);
    assert.deepEqual(role.propertyDependencies["permissionsBoundary"], [], role.name);
}

/** Managed policies attached to a role, by ARN. */
const attachedTo = (g: CapturedGraph, role: CapturedResource) => g.resources
    .filter((r) => r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment" && r.propertyDependencies["role"]?.includes(role.urn))
    .map((r) => r.inputs["policyArn"] as string).sort();

const WORKLOAD_CHILDREN = [
    "aws:ec2/launchTemplate:LaunchTemplate::workload-baseline",
    "aws:ecr/lifecyclePolicy:LifecyclePolicy::workload-repo-app-lifecycle",
    "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration::workload-registry-scanning",
    "aws:ecr/repository:Repository::workload-repo-app",
    "aws:iam/instanceProfile:InstanceProfile::workload-instance-profile",
    "aws:iam/role:Role::workload-instance-role",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment::workload-instance-role-ssm",
    "aws:signer/signingProfile:SigningProfile::workload-signing",
];

describe("zt:aws:Workload (aws-prod)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("aws-prod"); });

    it("declares exactly the registry, the baseline and the cluster component", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Workload")), [...WORKLOAD_CHILDREN, "zt:aws:Cluster::workload-eks"].sort());
    });

    it("declares exactly the cluster's parts under zt:aws:Cluster, keyed by words", () => {
        const p = "workload-eks";
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Cluster")), [
            `aws:cloudwatch/logGroup:LogGroup::${p}-logs`,
            `aws:ec2/launchTemplate:LaunchTemplate::${p}-node-template`,
            ...["coredns", "guardduty-agent", "kube-proxy", "pod-identity-agent", "vpc-cni"].map((a) => `aws:eks/addon:Addon::${p}-addon-${a}`),
            `aws:eks/accessEntry:AccessEntry::${p}-admin-breakGlass`,
            `aws:eks/accessEntry:AccessEntry::${p}-admin-deploy`,
            `aws:eks/accessPolicyAssociation:AccessPolicyAssociation::${p}-admin-breakGlass-policy`,
            `aws:eks/accessPolicyAssociation:AccessPolicyAssociation::${p}-admin-deploy-policy`,
            `aws:eks/cluster:Cluster::${p}-cluster`,
            `aws:eks/nodeGroup:NodeGroup::${p}-nodes`,
            `aws:eks/podIdentityAssociation:PodIdentityAssociation::${p}-cni`,
            ...["cluster", "cni", "node"].map((r) => `aws:iam/role:Role::${p}-${r}-role`),
            ...["cluster-role-eks", "cni-role-cni", "node-role-ecr", "node-role-ssm", "node-role-worker"].map((a) => `aws:iam/rolePolicyAttachment:RolePolicyAttachment::${p}-${a}`),
        ].sort());
    });

    it("makes repositories immutable, scanned on push, encrypted with the data key and protected", () => {
        const repo = byName(graph, "workload-repo-app");
        assert.deepEqual(
            [repo.inputs["name"], repo.inputs["imageTagMutability"], repo.inputs["imageScanningConfiguration"], repo.inputs["forceDelete"], repo.protect],
            ["zt-prod/app", "IMMUTABLE", { scanOnPush: true }, false, true],
        );
        const [enc, ...more] = repo.inputs["encryptionConfigurations"] as Record<string, unknown>[];
        assert.deepEqual([enc["encryptionType"], more.length], ["KMS", 0]);
        assert.deepEqual(repo.propertyDependencies["encryptionConfigurations"], [key(graph, "data").urn]);
    });

    it("expires untagged images after 7 days and keeps the newest configured number of tagged ones", () => {
        const lifecycle = byName(graph, "workload-repo-app-lifecycle");
        assert.deepEqual(lifecycle.propertyDependencies["repository"], [byName(graph, "workload-repo-app").urn]);
        const rules = (policyDoc(lifecycle, "policy") as { rules: { rulePriority: number; selection: Record<string, unknown> }[] }).rules;
        assert.deepEqual(rules.map((r) => [r.rulePriority, r.selection]), [
            [1, { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }],
            [2, { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 30 }],
        ]);
    });

    it("scans the whole registry continuously with enhanced scanning", () => {
        assert.deepEqual(byName(graph, "workload-registry-scanning").inputs, {
            scanType: "ENHANCED",
            rules: [{ scanFrequency: "CONTINUOUS_SCAN", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }],
        });
    });

    it("declares a protected Notation signing profile", () => {
        const profile = byName(graph, "workload-signing");
        assert.deepEqual(
            [profile.inputs["name"], profile.inputs["platformId"], profile.inputs["signatureValidityPeriod"], profile.protect],
            ["zt_prod_images", "Notation-OCI-SHA384-ECDSA", { type: "MONTHS", value: 12 }, true],
        );
    });

    it("hardens the baseline launch template and runs it as the SSM-only instance role", () => {
        const lt = byName(graph, "workload-baseline");
        assertHardened(lt, key(graph, "ebs"));
        const profile = byName(graph, "workload-instance-profile");
        assert.deepEqual(lt.propertyDependencies["iamInstanceProfile"], [profile.urn]);
        const role = byName(graph, "workload-instance-role");
        assert.deepEqual(profile.propertyDependencies["role"], [role.urn]);
        assert.deepEqual(policyDoc(role, "assumeRolePolicy").Statement, [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }]);
        assert.deepEqual(attachedTo(graph, role), ["arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"]);
        assertBoundary(role);
    });

    it("puts instances and nodes in the app tier's security group", () => {
        const appSg = graph.resources.find((r) => r.type === "aws:ec2/securityGroup:SecurityGroup" && r.urn.includes("zt:aws:Network$") && /-app$/.test(r.name));
        assert.ok(appSg, "the network declares the app tier's security group");
        assert.deepEqual(byName(graph, "workload-baseline").propertyDependencies["networkInterfaces"], [appSg.urn]);
        assert.deepEqual(
            [...byName(graph, "workload-eks-node-template").propertyDependencies["networkInterfaces"]].sort(),
            [appSg.urn, byName(graph, "workload-eks-cluster").urn].sort(),
            "nodes also join the cluster's own security group (control plane to kubelet)",
        );
    });

    it("builds a private cluster with encrypted secrets, every log type and API-only access", () => {
        const cluster = byName(graph, "workload-eks-cluster");
        const i = cluster.inputs;
        assert.deepEqual(
            [i["name"], i["version"], (i["vpcConfig"] as Record<string, unknown>)["endpointPrivateAccess"], (i["vpcConfig"] as Record<string, unknown>)["endpointPublicAccess"]],
            ["zt-prod-eks", "1.33", true, false],
        );
        assert.deepEqual((i["encryptionConfig"] as Record<string, unknown>)["resources"], ["secrets"]);
        assert.deepEqual(cluster.propertyDependencies["encryptionConfig"], [key(graph, "secrets").urn]);
        assert.deepEqual(i["enabledClusterLogTypes"], ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
        assert.deepEqual(i["accessConfig"], { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false });
        assert.deepEqual([i["bootstrapSelfManagedAddons"], i["deletionProtection"], cluster.protect], [false, true, true]);
        const role = byName(graph, "workload-eks-cluster-role");
        assert.deepEqual(cluster.propertyDependencies["roleArn"], [role.urn]);
        assert.equal(policyDoc(role, "assumeRolePolicy").Statement[0].Principal.Service, "eks.amazonaws.com");
        assert.deepEqual(attachedTo(graph, role), ["arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"]);
    });

    it("creates the control-plane log group first, encrypted with the logs key, retained and protected", () => {
        const logs = byName(graph, "workload-eks-logs");
        assert.deepEqual(
            [logs.inputs["name"], logs.inputs["retentionInDays"], logs.inputs["deletionProtectionEnabled"], logs.protect, (logs.inputs["tags"] as Record<string, string>)["data-classification"]],
            ["/aws/eks/zt-prod-eks/cluster", 365, true, true, "confidential"],
        );
        assert.deepEqual(logs.propertyDependencies["kmsKeyId"], [key(graph, "logs").urn]);
        assert.ok(byName(graph, "workload-eks-cluster").dependencies.includes(logs.urn), "the cluster waits for its log group");
    });

    it("places the control plane and the nodes on the app subnets", () => {
        const appSubnets = graph.resources.filter((r) => r.type === "aws:ec2/subnet:Subnet" && /^network-app-[a-z]$/.test(r.name)).map((r) => r.urn).sort();
        assert.equal(appSubnets.length, 3);
        assert.deepEqual([...byName(graph, "workload-eks-nodes").propertyDependencies["subnetIds"]].sort(), appSubnets);
        assert.deepEqual([...byName(graph, "workload-eks-cluster").propertyDependencies["vpcConfig"]].sort(), appSubnets);
    });

    it("runs nodes on the hardened node template (no instance profile) with a least-privilege node role", () => {
        const nodes = byName(graph, "workload-eks-nodes");
        const template = byName(graph, "workload-eks-node-template");
        assertHardened(template, key(graph, "ebs"));
        assert.ok(!("iamInstanceProfile" in template.inputs), "EKS rejects a node template naming an instance profile");
        assert.ok(template.propertyDependencies["networkInterfaces"].includes(byName(graph, "workload-eks-cluster").urn), "nodes join the cluster's security group");
        assert.deepEqual(nodes.propertyDependencies["launchTemplate"], [template.urn]);
        assert.deepEqual(
            [nodes.inputs["nodeGroupNamePrefix"], nodes.inputs["amiType"], nodes.inputs["instanceTypes"], nodes.inputs["scalingConfig"], nodes.inputs["updateConfig"]],
            ["zt-prod-eks-nodes-", "AL2023_x86_64_STANDARD", ["m7i.large"], { minSize: 2, desiredSize: 2, maxSize: 4 }, { maxUnavailable: 1 }],
        );
        const role = byName(graph, "workload-eks-node-role");
        assert.deepEqual(nodes.propertyDependencies["nodeRoleArn"], [role.urn]);
        assert.deepEqual(attachedTo(graph, role), [
            "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
            "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
        ], "no CNI policy on the node role: the CNI has its own Pod Identity role");
    });

    it("installs exactly the managed add-ons, in an order nodes can become Ready in", () => {
        const addons = underWorkload(graph).filter((r) => r.type === "aws:eks/addon:Addon");
        assert.deepEqual(addons.map((a) => a.inputs["addonName"]).sort(), ["aws-guardduty-agent", "coredns", "eks-pod-identity-agent", "kube-proxy", "vpc-cni"]);
        const nodes = byName(graph, "workload-eks-nodes");
        for (const before of ["vpc-cni", "kube-proxy", "pod-identity-agent"]) {
            assert.ok(nodes.dependencies.includes(byName(graph, `workload-eks-addon-${before}`).urn), `nodes wait for ${before}`);
        }
        for (const after of ["coredns", "guardduty-agent"]) {
            assert.ok(byName(graph, `workload-eks-addon-${after}`).dependencies.includes(nodes.urn), `${after} waits for the nodes`);
        }
        const cni = byName(graph, "workload-eks-addon-vpc-cni");
        assert.ok(cni.dependencies.includes(byName(graph, "workload-eks-cni").urn), "the CNI starts with its Pod Identity in place");
        assert.deepEqual(JSON.parse(cni.inputs["configurationValues"] as string), { enableNetworkPolicy: "true" });
    });

    it("gives the VPC CNI a Pod Identity role pinned to kube-system/aws-node of this cluster", () => {
        const association = byName(graph, "workload-eks-cni");
        const role = byName(graph, "workload-eks-cni-role");
        assert.deepEqual([association.inputs["namespace"], association.inputs["serviceAccount"]], ["kube-system", "aws-node"]);
        assert.deepEqual(association.propertyDependencies["roleArn"], [role.urn]);
        assert.deepEqual(policyDoc(role, "assumeRolePolicy").Statement, [{
            Effect: "Allow",
            Principal: { Service: "pods.eks.amazonaws.com" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
            Condition: {
                StringEquals: {
                    "aws:SourceAccount": "123456789012",
                    "aws:RequestTag/eks-cluster-name": "zt-prod-eks",
                    "aws:RequestTag/kubernetes-namespace": "kube-system",
                    "aws:RequestTag/kubernetes-service-account": "aws-node",
                },
            },
        }]);
        assert.deepEqual(attachedTo(graph, role), ["arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy"]);
    });

    it("grants cluster admin only through access entries keyed by word", () => {
        for (const who of ["deploy", "breakGlass"]) {
            const entry = byName(graph, `workload-eks-admin-${who}`);
            const association = byName(graph, `workload-eks-admin-${who}-policy`);
            assert.equal(entry.inputs["type"], "STANDARD");
            assert.deepEqual(association.propertyDependencies["principalArn"], [entry.urn], who);
            assert.deepEqual(
                [association.inputs["policyArn"], association.inputs["accessScope"]],
                ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", { type: "cluster" }],
            );
        }
    });

    it("puts the permissions boundary on every role it creates", () => {
        const roles = underWorkload(graph).filter((r) => r.type === "aws:iam/role:Role");
        assert.equal(roles.length, 4);
        for (const role of roles) assertBoundary(role);
    });
});

describe("zt:aws:Workload (aws-dev)", () => {
    let graph: CapturedGraph;
    before(async () => { graph = await stackGraph("aws-dev"); });

    it("declares the registry and the baseline only: no cluster", () => {
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Workload")), WORKLOAD_CHILDREN);
    });

    it("has no EKS resource and no cluster log group at all", () => {
        const eks = graph.resources.filter((r) => r.type.startsWith("aws:eks/") || r.type === "zt:aws:Cluster" || String(r.inputs["name"] ?? "").startsWith("/aws/eks/"));
        assert.deepEqual(ids(eks), []);
    });

    it("keeps the same hardening, wired to this stack's keys, without deletion protection", () => {
        assertHardened(byName(graph, "workload-baseline"), key(graph, "ebs"));
        const repo = byName(graph, "workload-repo-app");
        assert.deepEqual([repo.inputs["name"], repo.inputs["imageTagMutability"], repo.protect, byName(graph, "workload-signing").protect], ["zt-dev/app", "IMMUTABLE", false, false]);
    });
});

describe("workload documents", () => {
    it("builds a kubeconfig that authenticates through the AWS CLI and embeds no token", () => {
        const text = kubeconfig({ name: "zt-prod-eks", endpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", certificateAuthorityData: "Q0E=", region: "eu-west-1" });
        const cfg = JSON.parse(text);
        assert.deepEqual(cfg.clusters, [{ name: "zt-prod-eks", cluster: { server: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", "certificate-authority-data": "Q0E=" } }]);
        assert.equal(cfg["current-context"], "zt-prod-eks");
        const [user] = cfg.users;
        assert.deepEqual(Object.keys(user.user), ["exec"], "only the exec plugin: no token, password or client key");
        assert.deepEqual(
            [user.user.exec.command, user.user.exec.args, user.user.exec.apiVersion],
            ["aws", ["eks", "get-token", "--cluster-name", "zt-prod-eks", "--region", "eu-west-1", "--output", "json"], "client.authentication.k8s.io/v1beta1"],
        );
    });

    it("keeps the configured number of tagged images", () => {
        assert.equal(ecrLifecyclePolicy(5).rules[1].selection.countNumber, 5);
    });

    it("names managed policies in the region's partition", () => {
        assert.deepEqual(["eu-west-1", "cn-north-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
        assert.equal(managedPolicyArn("cn-north-1", "AmazonEKSClusterPolicy"), "arn:aws-cn:iam::aws:policy/AmazonEKSClusterPolicy");
    });

    it("adds an instance profile only when one is given, and never a key pair", () => {
        const base = { name: "t", description: "d", ebsKeyArn: "arn:k", securityGroupIds: ["sg-1"] };
        assert.ok(!("iamInstanceProfile" in hardenedLaunchTemplateArgs(base)));
        assert.deepEqual(hardenedLaunchTemplateArgs({ ...base, instanceProfileArn: "arn:p" }).iamInstanceProfile, { arn: "arn:p" });
        assert.ok(!("keyName" in hardenedLaunchTemplateArgs({ ...base, instanceProfileArn: "arn:p" })));
    });
});
