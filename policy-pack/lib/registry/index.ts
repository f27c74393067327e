/** All per-cloud type registries, merged. */
import { awsTypes } from "./aws";
import { azureTypes } from "./azure";
import { gcpTypes } from "./gcp";
import { kubernetesTypes } from "./kubernetes";
import { TypeEntry, TypeRegistry } from "./types";

export * from "./types";

export const typeRegistry: TypeRegistry = { ...awsTypes, ...azureTypes, ...gcpTypes, ...kubernetesTypes };

export function typeEntry(type: string): TypeEntry | undefined {
    return Object.prototype.hasOwnProperty.call(typeRegistry, type) ? typeRegistry[type] : undefined;
}
