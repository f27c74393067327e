/**
 * Kubernetes types (pulumi-kubernetes v4). Every object keeps its labels under metadata.labels.
 */
import { TypeRegistry } from "./types";

export const kubernetesTypes: TypeRegistry = {
    "kubernetes:core/v1:Namespace": { kind: "other", tags: true, label: "namespace" },
};
