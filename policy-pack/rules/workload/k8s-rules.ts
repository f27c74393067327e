/** The Kubernetes rules of the workload pillar, in the order the docs list them. Add a rule: import it and append it here. */
import { ZtRule } from "../../lib/define-rule";

export const k8sWorkloadRules: readonly ZtRule[] = [
];
