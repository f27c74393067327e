/**
 * Physical names. Logical (Pulumi) names are keyed by map key inside each component; physical
 * names add the config prefix and environment so two environments never collide in one account.
 */
export interface NameParts {
    prefix: string;
    environment: string;
}

/** `<prefix>-<env>-<part>-<part>`, lowercase, truncated to the cloud's limit. */
export function physicalName(parts: NameParts, segments: string[], maxLength = 63): string {
    const name = [parts.prefix, parts.environment, ...segments].join("-").toLowerCase().replace(/[^a-z0-9-]/g, "-");
    return name.slice(0, maxLength).replace(/-+$/, "");
}

