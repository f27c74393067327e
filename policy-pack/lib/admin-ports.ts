/** The remote-administration ports every cloud's admin-ports rule guards, as one config property. */

/** SSH and RDP: every cloud has a brokered, audited path to them (SSM, Bastion, IAP) instead. */
export const DEFAULT_ADMIN_PORTS = [22, 3389];

/** The `ports` property of an admin-ports rule's config schema; `description` says what may not reach them. */
export function adminPortsProperty(description: string) {
    return {
        type: "array" as const,
        items: { type: "integer" as const, minimum: 0, maximum: 65535 },
        minItems: 1,
        uniqueItems: true,
        default: DEFAULT_ADMIN_PORTS,
        description,
    };
}
