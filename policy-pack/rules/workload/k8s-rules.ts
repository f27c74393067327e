/** The Kubernetes rules of the workload pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import podPrivileged from "./zt-k8s-pod-privileged";
import podHostNamespaces from "./zt-k8s-pod-host-namespaces";
import podHostPath from "./zt-k8s-pod-host-path";
import podRunAsNonRoot from "./zt-k8s-pod-run-as-non-root";
import podPrivilegeEscalation from "./zt-k8s-pod-privilege-escalation";
import podCapabilities from "./zt-k8s-pod-capabilities";
import podReadOnlyRoot from "./zt-k8s-pod-read-only-root";
import podSeccomp from "./zt-k8s-pod-seccomp";
import podResourceLimits from "./zt-k8s-pod-resource-limits";
import podServiceAccountToken from "./zt-k8s-pod-service-account-token";
import imageTrustedRegistry from "./zt-k8s-image-trusted-registry";
import imageDigest from "./zt-k8s-image-digest";

export const k8sWorkloadRules: readonly ZtRule[] = [
    podPrivileged,
    podHostNamespaces,
    podHostPath,
    podRunAsNonRoot,
    podPrivilegeEscalation,
    podCapabilities,
    podReadOnlyRoot,
    podSeccomp,
    podResourceLimits,
    podServiceAccountToken,
    imageTrustedRegistry,
    imageDigest,
];
