import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

export default defineRule({
    id: "zt-k8s-pod-host-path",
    displayName: "Pods mount no hostPath volumes",
    description: "No pod-creating object declares a hostPath volume in its pod spec.",
    rationale:
        "A hostPath volume mounts a directory of the node into the container: the container runtime's socket, the kubelet's credentials, " +
        "other pods' volumes or /etc. Read-only mounts still leak secrets, and writable ones let a compromised container plant files the " +
        "node executes. The volume also ties the pod to one node's disk. Pod Security \"baseline\" forbids hostPath.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "3.3",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.12" },
    remediationSteps:
        "Replace the hostPath volume: an emptyDir for scratch space (zt:k8s:SecureWorkload mounts one at /tmp), a ConfigMap or Secret for " +
        "configuration, a PersistentVolumeClaim for data that must outlive the pod. Node agents that must read the host belong to the platform, " +
        "installed by Helm in a namespace the pack lists as privileged.",
    validateResource: (args, report) => {
        const pod = podOf(args);
        for (const v of pod.volumes()) {
            if (v.has(["hostPath"])) {
                const path = v.text(["hostPath", "path"]);
                report(
                    `${v.label} mounts ${path ? `the node's path "${path}"` : "a path of the node"} (hostPath): use an emptyDir, a ConfigMap or Secret, ` +
                        "or a PersistentVolumeClaim.",
                );
            }
        }
    },
});
