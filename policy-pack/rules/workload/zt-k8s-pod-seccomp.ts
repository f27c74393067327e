import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

/** The profiles Pod Security "restricted" accepts; Unconfined (and no profile) it refuses. */
const CONFINED = ["RuntimeDefault", "Localhost"];
const TAIL = 'set it to "RuntimeDefault" (or "Localhost" with a profile installed on the nodes) in the pod\'s securityContext, so every container inherits it.';

export default defineRule({
    id: "zt-k8s-pod-seccomp",
    displayName: "Containers run under a seccomp profile",
    description:
        'Every container runs under seccompProfile type "RuntimeDefault" or "Localhost", set in the pod\'s securityContext or on each ' +
        'container; "Unconfined" anywhere fails. This mirrors Pod Security "restricted".',
    rationale:
        "Kubernetes runs containers Unconfined unless a profile is set, so every system call of the node's kernel is reachable from the " +
        "container. Most container escapes go through rarely used calls (unshare, keyctl, bpf, io_uring); the runtime's default profile blocks " +
        "them at no cost to ordinary services, shrinking the kernel attack surface a compromised workload can use.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "10.5",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.7.2" },
    remediationSteps:
        'Set securityContext.seccompProfile: { type: "RuntimeDefault" } in the pod spec (zt:k8s:SecureWorkload does, on the pod and on its ' +
        'container) and remove any "Unconfined" profile. A workload that needs a call the default profile blocks gets a Localhost profile ' +
        "that allows exactly that call, installed on the nodes.",
    validateResource: (args, report) => {
        const pod = podOf(args);
        const podType = pod.read(["securityContext", "seccompProfile", "type"]) ?? undefined;
        if (podType !== undefined && !CONFINED.includes(podType as string)) {
            report(`${pod.where} sets securityContext.seccompProfile.type ${JSON.stringify(podType)}: ${TAIL}`);
        }
        for (const c of pod.containers()) {
            const type = c.read(["securityContext", "seccompProfile", "type"]) ?? undefined;
            if (type !== undefined && !CONFINED.includes(type as string)) {
                report(`${c.label} sets securityContext.seccompProfile.type ${JSON.stringify(type)}: ${TAIL}`);
            } else if (type === undefined && podType === undefined) {
                report(`${c.label} runs without a seccomp profile: neither it nor the pod sets securityContext.seccompProfile.type; ${TAIL}`);
            }
        }
    },
});
