import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, knownString, objectLabel, objectName } from "../../lib/k8s-platform";
import { readKnown } from "../../lib/props";

export interface PodSecurityConfig {
    privilegedNamespaces: string[];
}

const PREFIX = "pod-security.kubernetes.io/";
const MODES = ["enforce", "audit", "warn"] as const;
const LEVELS = ["privileged", "baseline", "restricted"];
const RESTRICTED = "restricted";
const TAIL = 'set it to "restricted"; a namespace that must run privileged pods goes in the rule\'s privilegedNamespaces setting instead.';

export default defineRule<PodSecurityConfig>({
    id: "zt-k8s-namespace-pod-security",
    displayName: "Namespaces enforce the restricted Pod Security Standard",
    description:
        "Every Namespace labels pod-security.kubernetes.io/enforce, audit and warn restricted; a namespace listed as privileged (default: falco) needs " +
        "only an explicit enforce label, at any level.",
    rationale:
        "Pod Security Admission is built into every supported Kubernetes version but does nothing until a namespace opts in with labels. Without " +
        "them a namespace admits privileged pods, host namespaces, hostPath mounts and root containers: everything a container escape needs. " +
        "restricted is the hardened standard (non-root, no privilege escalation, all capabilities dropped, RuntimeDefault seccomp); audit and warn " +
        "at the same level make violations visible in the audit log and to whoever applies the manifest. A platform namespace that genuinely needs " +
        "host access (Falco's eBPF probe) is listed in the rule's settings and must still state its level explicitly, so the exception is visible. " +
        "Kubernetes' own namespaces are not declared by the stack, so they are not judged.",
    severity: "high",
    pillar: "workload",
    nistTenets: [5, 6],
    cisaPillar: "Applications and Workloads",
    cis: "4.1",
    cisBenchmark: { benchmark: "Kubernetes v1.10.0", section: "5.2.1" },
    remediationSteps:
        "Add the labels pod-security.kubernetes.io/enforce: restricted, pod-security.kubernetes.io/audit: restricted and " +
        "pod-security.kubernetes.io/warn: restricted to the Namespace. Fix the workloads the warnings name (securityContext runAsNonRoot, " +
        "allowPrivilegeEscalation false, capabilities drop ALL, seccompProfile RuntimeDefault). For a platform namespace that needs privileges, add " +
        "it to privilegedNamespaces in the pack config and label it with its explicit enforce level.",
    configSchema: {
        properties: {
            privilegedNamespaces: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["falco"],
                description: "Namespaces that may run pods beyond the restricted standard; they need only an explicit enforce label.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (args.type !== K8S_PLATFORM_TYPES.namespace) {
            return args.notApplicable(`${args.type} is not a Namespace`);
        }
        const label = objectLabel(args.type, args.props, args.name);
        // The labels decide, so they are read through the proxy (unknown during preview: the rule cannot run).
        const value = (mode: string): string | undefined => knownString(readKnown(args.props, ["metadata", "labels", `${PREFIX}${mode}`]));
        const name = objectName(args.props);
        if (name !== undefined && config.privilegedNamespaces.includes(name)) {
            const level = value("enforce");
            if (level === undefined || !LEVELS.includes(level)) {
                report(
                    `${label} is a privileged namespace without a valid ${PREFIX}enforce label: set it to the level its pods need (privileged, baseline or ` +
                        "restricted), so the exception is explicit.",
                );
            }
            return;
        }
        for (const mode of MODES) {
            const level = value(mode);
            if (level === undefined) {
                report(`${label} sets no ${PREFIX}${mode} label: ${TAIL}`);
            } else if (level !== RESTRICTED) {
                report(`${label} sets ${PREFIX}${mode} to "${level}": ${TAIL}`);
            }
        }
    },
});
