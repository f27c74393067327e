/** The Kubernetes rules on namespaces and admission control (workload pillar), in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";
import namespacePodSecurity from "./zt-k8s-namespace-pod-security";
import admissionEnforce from "./zt-k8s-admission-enforce";

export const k8sAdmissionRules: readonly ZtRule[] = [
    namespacePodSecurity,
    admissionEnforce,
];
