import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

/** The one capability Pod Security "restricted" lets a container add back: binding ports below 1024. */
const ALLOWED_ADD = "NET_BIND_SERVICE";

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export default defineRule({
    id: "zt-k8s-pod-capabilities",
    displayName: "Containers drop all Linux capabilities",
    description:
        'Every container (init and ephemeral ones too) sets securityContext.capabilities.drop to include "ALL" and adds back nothing but ' +
        "NET_BIND_SERVICE, exactly as Pod Security \"restricted\" requires.",
    rationale:
        "Container runtimes grant a default set of capabilities (CHOWN, DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW among them) that almost " +
        "no service needs: NET_RAW alone lets a compromised container forge packets and spoof its neighbours (CIS Kubernetes Benchmark 5.2.8), " +
        "and added capabilities such as SYS_ADMIN or NET_ADMIN are most of the way to the node (5.2.9). Dropping ALL leaves the process only " +
        "what an ordinary user has. NET_BIND_SERVICE, the right to bind ports below 1024, is the one add-back Pod Security \"restricted\" " +
        "accepts, and the rule accepts it too so that a workload admitted by the cluster is not refused by the pack.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "4.1",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.10" },
    remediationSteps:
        'Set securityContext.capabilities: { drop: ["ALL"] } on every container (zt:k8s:SecureWorkload does) and remove capabilities.add. A ' +
        "server that must listen below 1024 may add NET_BIND_SERVICE, but listening on a high port behind its Service is simpler. A " +
        "process that needs any other capability belongs to the platform, not to a tenant namespace.",
    validateResource: (args, report) => {
        for (const c of podOf(args).containers()) {
            if (!list(c.read(["securityContext", "capabilities", "drop"])).includes("ALL")) {
                report(
                    `${c.label} does not drop ALL capabilities, so it keeps the runtime's default set (NET_RAW among them): set ` +
                        'securityContext.capabilities.drop to ["ALL"].',
                );
            }
            const added = list(c.read(["securityContext", "capabilities", "add"])).filter((cap) => cap !== ALLOWED_ADD);
            if (added.length > 0) {
                report(
                    `${c.label} adds the capabilities ${added.map((cap) => JSON.stringify(cap)).join(", ")}: remove them; only ${ALLOWED_ADD} ` +
                        'may be added back, as Pod Security "restricted" allows.',
                );
            }
        }
    },
});
