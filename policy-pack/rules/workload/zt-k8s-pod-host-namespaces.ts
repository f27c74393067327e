import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

/** Why each host namespace matters, as the message says it. */
const HOST_NAMESPACES: readonly (readonly [string, string])[] = [
    ["hostNetwork", "the pod uses the node's network stack, outside NetworkPolicy and the mesh, and reaches services bound to the node's loopback"],
    ["hostPID", "its containers see every process on the node, with their command lines and environment"],
    ["hostIPC", "its containers share the node's System V IPC and POSIX shared memory with every host process"],
];

export default defineRule({
    id: "zt-k8s-pod-host-namespaces",
    displayName: "Pods do not share the node's network, PID or IPC namespace",
    description: "No pod-creating object sets hostNetwork, hostPID or hostIPC true in its pod spec.",
    rationale:
        "Namespaces are what separate a container from its node. hostNetwork puts the pod on the node's interfaces, so NetworkPolicy and the " +
        "mesh's mTLS no longer apply and node-local endpoints (the kubelet, a metadata proxy) are one connection away; hostPID exposes every " +
        "process on the node, with the secrets in their environments and command lines; hostIPC shares the node's shared memory. Pod Security " +
        "\"baseline\" forbids all three (CIS Kubernetes Benchmark 5.2.3 hostPID, 5.2.4 hostIPC, 5.2.5 hostNetwork).",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 2],
    cisaPillar: "Applications and Workloads",
    cis: "4.1",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.3" },
    remediationSteps:
        "Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them false). Expose a server through a Service instead of the " +
        "node's ports, and share data between containers of a pod through an emptyDir volume instead of host IPC.",
    validateResource: (args, report) => {
        const pod = podOf(args);
        for (const [field, why] of HOST_NAMESPACES) {
            if (pod.read([field]) === true) {
                report(`${pod.where} sets ${field} true: ${why}; remove it.`);
            }
        }
    },
});
