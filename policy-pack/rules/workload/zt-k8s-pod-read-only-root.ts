import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

export default defineRule({
    id: "zt-k8s-pod-read-only-root",
    displayName: "Containers have a read-only root filesystem",
    description: "Every container (init and ephemeral ones too) sets securityContext.readOnlyRootFilesystem true.",
    rationale:
        "With a writable root filesystem, whoever gets code execution in a container can drop tools and binaries into it, replace the " +
        "application's own files or plant persistence that survives until the pod is replaced, and none of it is in the image that was scanned " +
        "and signed. A read-only root keeps the running container identical to its image; the few paths a process must write to are " +
        "explicit emptyDir mounts. Pod Security does not cover it; the CIS Kubernetes Benchmark asks for it through 5.7.3 (security " +
        "contexts as the CIS Docker Benchmark recommends).",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    cis: "4.1",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.7.3" },
    remediationSteps:
        "Set securityContext.readOnlyRootFilesystem: true on every container and mount an emptyDir wherever the process writes (zt:k8s:SecureWorkload " +
        "mounts one at /tmp); point caches and temporary files there, e.g. with TMPDIR or the runtime's cache settings.",
    validateResource: (args, report) => {
        for (const c of podOf(args).containers()) {
            if (c.read(["securityContext", "readOnlyRootFilesystem"]) !== true) {
                report(
                    `${c.label} has a writable root filesystem: set securityContext.readOnlyRootFilesystem true, and mount an emptyDir where the ` +
                        "process must write (e.g. /tmp).",
                );
            }
        }
    },
});
