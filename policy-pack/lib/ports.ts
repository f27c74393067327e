/** Port-list properties of the network rules' config schemas, one shape across the clouds. */

/** SSH and RDP: every cloud has a brokered, audited path to them (SSM, Bastion, IAP) instead. */
export const DEFAULT_ADMIN_PORTS = [22, 3389];

/** A config property holding a set of TCP/UDP port numbers. */
export function portListProperty(defaults: number[], description: string, options: { minItems?: number } = {}) {
    return {
        type: "array" as const,
        items: { type: "integer" as const, minimum: 0, maximum: 65535 },
        ...(options.minItems !== undefined ? { minItems: options.minItems } : {}),
        uniqueItems: true,
        default: defaults,
        description,
    };
}

/** The `ports` property of an admin-ports rule; `description` says what may not reach them. */
export function adminPortsProperty(description: string) {
    return portListProperty(DEFAULT_ADMIN_PORTS, description, { minItems: 1 });
}
