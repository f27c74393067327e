/** The Kubernetes rules on namespaces and admission control (workload pillar), in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";

export const k8sAdmissionRules: readonly ZtRule[] = [
];
