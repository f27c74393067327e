import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

const TAIL = "set securityContext.allowPrivilegeEscalation false on the container.";

export default defineRule({
    id: "zt-k8s-pod-privilege-escalation",
    displayName: "Containers cannot gain privileges",
    description:
        "Every container (init and ephemeral ones too) sets securityContext.allowPrivilegeEscalation false explicitly, as Pod Security " +
        "\"restricted\" requires; left out, Linux allows escalation.",
    rationale:
        "allowPrivilegeEscalation false sets the kernel's no_new_privs flag on the container's processes: a setuid or setgid binary in the image " +
        "(su, sudo, ping on older images) or a file capability can then no longer raise the privileges of whoever runs it. Left out, it " +
        "defaults to allowed, so a non-root user inside a compromised container can climb back to root and to the capabilities it was meant " +
        "to have dropped.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "10.5",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.6" },
    remediationSteps:
        "Set securityContext.allowPrivilegeEscalation: false on every container, init containers included (zt:k8s:SecureWorkload does). It " +
        "cannot be combined with privileged: true or the CAP_SYS_ADMIN capability, which the other pod rules refuse anyway.",
    validateResource: (args, report) => {
        for (const c of podOf(args).containers()) {
            const allow = c.read(["securityContext", "allowPrivilegeEscalation"]);
            if (allow === true) {
                report(`${c.label} sets securityContext.allowPrivilegeEscalation true: ${TAIL}`);
            } else if (allow !== false) {
                report(`${c.label} does not set securityContext.allowPrivilegeEscalation, and Linux then lets setuid binaries gain privileges: ${TAIL}`);
            }
        }
    },
});
