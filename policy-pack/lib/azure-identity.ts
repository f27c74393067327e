/**
 * Identity facts and readers the Azure identity rules share: the built-in privileged roles, the
 * federated-credential constants, ISO-8601 durations as PIM writes them, and a plain reading of
 * an Entra conditional access policy for the stack rules.
 */
import { PolicyResource } from "@pulumi/policy";
import { isPresent, listOf } from "./aws-props";
import { isUnknown, raw, readRaw } from "./props";

export const AZURE_IDENTITY_TYPES = {
    roleAssignment: "azure-native:authorization:RoleAssignment",
    roleDefinition: "azure-native:authorization:RoleDefinition",
    roleManagementPolicy: "azure-native:authorization:RoleManagementPolicy",
    policyAssignment: "azure-native:authorization:PolicyAssignment",
    federatedCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    appFederatedCredential: "azuread:index/applicationFederatedIdentityCredential:ApplicationFederatedIdentityCredential",
    appFlexibleFederatedCredential: "azuread:index/applicationFlexibleFederatedIdentityCredential:ApplicationFlexibleFederatedIdentityCredential",
    conditionalAccessPolicy: "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy",
} as const;

/**
 * Built-in roles that can change anything or grant anything, by role definition GUID (the same in
 * every tenant; https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const PRIVILEGED_ROLES: Readonly<Record<string, string>> = {
    "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
    "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
    "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
    "f58310d9-a9f6-439a-9e8d-f62e7b41a168": "Role Based Access Control Administrator",
};

/** Roles whose power is granting access: an ABAC condition on their assignment can constrain what they grant. */
export const DELEGATION_ROLES: readonly string[] = ["18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"];

/** GitHub Actions' OIDC issuer (GitHub Enterprise Cloud adds `/<enterprise>` to it). */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
/** The audience Entra ID's token exchange expects in a federated token. */
export const ENTRA_TOKEN_AUDIENCE = "api://AzureADTokenExchange";

const DURATION = /^P(?!$)(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;

/** Seconds in an ISO-8601 duration of days and time ("PT4H", "PT90M", "P1D", "P1DT2H"); undefined when it is not one. */
export function durationSeconds(duration: string): number | undefined {
    const m = DURATION.exec(duration.trim());
    if (!m) {
        return undefined;
    }
    return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

/** A conditional access policy as the stack rules read it (raw: unknown values are simply not matches). */
export interface CaPolicy {
    resource: PolicyResource;
    /** enabled, disabled or enabledForReportingButNotEnforced; undefined when unknown. */
    state?: string;
    includedUsers: string[];
    includedApplications: string[];
    clientAppTypes: string[];
    builtInControls: string[];
    /** AND or OR. */
    operator?: string;
    /** An authentication strength is required (it always includes multifactor methods). */
    authenticationStrength: boolean;
}

function strings(value: unknown): string[] {
    return listOf(value).filter((v): v is string => typeof v === "string" && !isUnknown(v));
}

function text(value: unknown): string | undefined {
    const v = raw(value);
    return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

export function caPolicyOf(r: PolicyResource): CaPolicy {
    const p = r.props;
    return {
        resource: r,
        state: text(readRaw(p, ["state"])),
        includedUsers: strings(readRaw(p, ["conditions", "users", "includedUsers"])),
        includedApplications: strings(readRaw(p, ["conditions", "applications", "includedApplications"])),
        clientAppTypes: strings(readRaw(p, ["conditions", "clientAppTypes"])),
        builtInControls: strings(readRaw(p, ["grantControls", "builtInControls"])),
        operator: text(readRaw(p, ["grantControls", "operator"])),
        authenticationStrength: isPresent(readRaw(p, ["grantControls", "authenticationStrengthPolicyId"])),
    };
}

const has = (list: readonly string[], value: string) => list.some((v) => v.toLowerCase() === value.toLowerCase());

/** The policy is not switched off (report-only counts: zt-azure-entra-ca-enabled reports that). */
export function isSwitchedOn(p: CaPolicy): boolean {
    return p.state !== undefined && p.state.toLowerCase() !== "disabled";
}

/** The policy applies to every user and every cloud app (exclusions, such as the emergency-access accounts, are allowed). */
export function coversEveryone(p: CaPolicy): boolean {
    return has(p.includedUsers, "All") && has(p.includedApplications, "All");
}

/** The policy applies to the given client app type, directly or through "all". */
export function coversClientApp(p: CaPolicy, type: string): boolean {
    return has(p.clientAppTypes, "all") || has(p.clientAppTypes, type);
}

/** Sign-in needs multifactor authentication: an authentication strength, or the mfa control that cannot be satisfied by another (AND, or mfa alone). */
export function requiresMfa(p: CaPolicy): boolean {
    if (p.authenticationStrength) {
        return true;
    }
    if (!has(p.builtInControls, "mfa")) {
        return false;
    }
    return p.operator?.toUpperCase() === "AND" || p.builtInControls.length === 1;
}

/** The policy blocks access. */
export function blocks(p: CaPolicy): boolean {
    return has(p.builtInControls, "block");
}
