import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

const TAIL = "set runAsNonRoot true in the pod's securityContext (and false nowhere), with a non-zero runAsUser such as 65532.";

export default defineRule({
    id: "zt-k8s-pod-run-as-non-root",
    displayName: "Containers run as a non-root user",
    description:
        "Every container runs with runAsNonRoot true, set in the pod's securityContext or on the container itself; runAsNonRoot false " +
        "(pod or container) and runAsUser 0 fail. This mirrors Pod Security \"restricted\".",
    rationale:
        "Without runAsNonRoot the image's USER decides, and most public images run as root. Root in a container is root on the node's kernel: " +
        "every kernel or runtime flaw that breaks out of the container then lands as root, and files on any mounted volume are writable. " +
        "runAsNonRoot makes the kubelet refuse to start a container whose user is 0, whatever the image says. A container's own setting " +
        "overrides the pod's, so a container that sets false is root-capable even under a pod that sets true.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "5.4",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.7" },
    remediationSteps:
        "Set securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532 } in the pod spec (zt:k8s:SecureWorkload does), remove " +
        "runAsNonRoot: false and runAsUser: 0 from the containers, and build the image to run as a non-root user (distroless and Chainguard " +
        "images use 65532, `nonroot`).",
    validateResource: (args, report) => {
        const pod = podOf(args);
        const podNonRoot = pod.read(["securityContext", "runAsNonRoot"]);
        if (podNonRoot === false) {
            report(`${pod.where} sets securityContext.runAsNonRoot false: ${TAIL}`);
        }
        if (pod.read(["securityContext", "runAsUser"]) === 0) {
            report(`${pod.where} sets securityContext.runAsUser 0, so its containers run as root: ${TAIL}`);
        }
        for (const c of pod.containers()) {
            const nonRoot = c.read(["securityContext", "runAsNonRoot"]);
            if (nonRoot === false) {
                report(`${c.label} sets securityContext.runAsNonRoot false: ${TAIL}`);
            } else if (nonRoot !== true && podNonRoot !== true) {
                report(`${c.label} may run as root: neither it nor the pod sets securityContext.runAsNonRoot true, so the image's USER decides; ${TAIL}`);
            }
            if (c.read(["securityContext", "runAsUser"]) === 0) {
                report(`${c.label} sets securityContext.runAsUser 0, so it runs as root: ${TAIL}`);
            }
        }
    },
});
