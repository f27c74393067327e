import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

export default defineRule({
    id: "zt-k8s-pod-privileged",
    displayName: "No privileged containers",
    description:
        "No container of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob sets " +
        "securityContext.privileged true (init and ephemeral containers included).",
    rationale:
        "A privileged container runs with every Linux capability, without seccomp or AppArmor confinement, and sees the node's devices: it can " +
        "mount the host's disks, load kernel modules and take over the node, and from the node every pod and secret scheduled on it. Zero Trust " +
        "assumes a workload can be compromised; isolation must hold when it is. Pod Security \"baseline\" (and so \"restricted\") forbids it.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "4.1",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.2" },
    remediationSteps:
        "Remove securityContext.privileged (or set it false) on every container; zt:k8s:SecureWorkload sets it false. If the process needs one " +
        "kernel feature, grant that single capability instead (zt-k8s-pod-capabilities then asks why). Node agents that genuinely need the host " +
        "belong to the platform (installed by Helm in a namespace the pack lists as privileged), not to tenant workloads.",
    validateResource: (args, report) => {
        const pod = podOf(args);
        for (const c of pod.containers()) {
            if (c.read(["securityContext", "privileged"]) === true) {
                report(
                    `${c.label} runs privileged (securityContext.privileged true): it gets every capability and the node's devices, so escaping ` +
                        "to the node is trivial; set privileged false.",
                );
            }
        }
    },
});
