import { defineRule } from "../../lib/define-rule";
import { podOf } from "../../lib/k8s-pod";

const RESOURCES = [
    ["cpu", "CPU"],
    ["memory", "memory"],
] as const;

export default defineRule({
    id: "zt-k8s-pod-resource-limits",
    displayName: "Containers set CPU and memory limits",
    description:
        "Every container and init container sets resources.limits.cpu and resources.limits.memory (ephemeral containers cannot carry " +
        "resources and are not judged).",
    rationale:
        "A container without limits may take all of its node's CPU and memory: one compromised or leaking workload (a crypto miner, a " +
        "request flood, a memory leak) then starves every other pod on the node, and under memory pressure the kubelet evicts its " +
        "neighbours. Limits bound what any single workload can cost the others. The namespace's LimitRange fills in defaults at admission, " +
        "but defaults sized for no one in particular are a fallback, not a decision, so the pack asks for explicit values.",
    severity: "medium",
    pillar: "workload",
    nistTenets: [5],
    cisaPillar: "Applications and Workloads",
    remediationSteps:
        "Set resources.limits.cpu and resources.limits.memory (and the matching requests) on every container and init container, sized by " +
        "the workload's observed use. zt:k8s:SecureWorkload applies the baseline's containerDefaults (limits 500m CPU and 512Mi memory unless " +
        "configured) when the workload gives none.",
    validateResource: (args, report) => {
        for (const c of podOf(args).containers(["containers", "initContainers"])) {
            const missing = RESOURCES.filter(([key]) => {
                const limit = c.read(["resources", "limits", key]);
                return limit === undefined || limit === null || limit === "";
            }).map(([, label]) => label);
            if (missing.length > 0) {
                report(
                    `${c.label} has no ${missing.join(" or ")} limit: a container without one can starve the other pods on its node; set ` +
                        "resources.limits.cpu and resources.limits.memory.",
                );
            }
        }
    },
});
