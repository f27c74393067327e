/**
 * GCP IAM grants in one shape, whichever of the provider's ~150 IAM resource families declares
 * them, plus the identity facts the zt-gcp-iam-*, -orgpolicy-* and -pam-* rules share.
 *
 * Every IAM family comes in three types with the same property names (checked against every
 * `*IAMMember`/`*IamMember`, `*IAMBinding`/`*IamBinding` and `*IAMPolicy`/`*IamPolicy` .d.ts of
 * @pulumi/gcp v9): a member (`role`, `member`), a binding (`role`, `members`) and an authoritative
 * policy (`policyData`, the JSON of `{ bindings: [{ role, members }] }`). So the rules recognise
 * them by type-token pattern instead of a list that would age with every provider release.
 *
 * Reading conventions (see ./props): a grant's role and members are read lazily through the proxy,
 * so a rule that decides on a role stops with "can't run during preview" only when that role is
 * unknown, and a rule that only looks for literal identifiers (allUsers) can skip unknown members,
 * which are always computed from another resource and never such a literal.
 */
import { listOf } from "./aws-props";
import { formatPath, isUnknown, objectOrJson, readKnown, readRaw } from "./props";

export const GCP_IAM_TYPES = {
    serviceAccountKey: "gcp:serviceaccount/key:Key",
    hmacKey: "gcp:storage/hmacKey:HmacKey",
    workloadIdentityPoolProvider: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
    // The provider registers this type with a lower-case class name.
    entitlement: "gcp:privilegedaccessmanager/entitlement:entitlement",
    orgPolicy: "gcp:orgpolicy/policy:Policy",
} as const;

/** `gcp:<module>/<file>:<Class>` where Class ends in IAMMember, IamBinding, IAMPolicy, ... (not IamMemberRemove, IamAuditConfig). */
const GRANT_TYPE = /^gcp:([A-Za-z0-9]+)\/[A-Za-z0-9]+:(?:[A-Z][A-Za-z0-9]*?)?(?:IAM|Iam)(Member|Binding|Policy)$/;

export type GrantKind = "member" | "binding" | "policy";
/** Where a grant applies: the resource hierarchy (project and above) or a single resource. */
export type GrantScope = "organization" | "folder" | "project" | "resource";

const SCOPE_BY_MODULE: Readonly<Record<string, GrantScope>> = { organizations: "organization", folder: "folder", projects: "project" };

export function grantKind(type: string): GrantKind | undefined {
    const m = GRANT_TYPE.exec(type);
    return m ? (m[2].toLowerCase() as GrantKind) : undefined;
}

export function grantScope(type: string): GrantScope {
    const m = GRANT_TYPE.exec(type);
    return (m && SCOPE_BY_MODULE[m[1]]) || "resource";
}

/** Project, folder or organization: grants that reach every resource below. */
export function isHierarchyGrant(type: string): boolean {
    return grantKind(type) !== undefined && grantScope(type) !== "resource";
}

/** One role granted to one or more members. */
export interface IamGrant {
    /** How messages name it: "This IAM member", "This IAM binding", "Binding bindings[1] of this IAM policy". */
    where: string;
    /** The role, read through the proxy. */
    role(): string | undefined;
    /** The members, read through the proxy (an unknown one throws). */
    members(): string[];
    /** The members known during preview (unknown ones left out). */
    knownMembers(): string[];
}

const text = (v: unknown): string | undefined => (typeof v === "string" && !isUnknown(v) ? v : undefined);

/**
 * The grants an IAM resource declares; undefined for other types. An IAM policy's `policyData` is
 * read through the proxy: its bindings cannot be listed without it.
 */
export function iamGrantsOf(args: { type: string; props: Record<string, unknown> }): IamGrant[] | undefined {
    const kind = grantKind(args.type);
    const props = args.props;
    if (kind === "member") {
        return [{
            where: "This IAM member",
            role: () => text(readKnown(props, ["role"])),
            members: () => [readKnown(props, ["member"])].filter((m): m is string => typeof m === "string"),
            knownMembers: () => [readRaw(props, ["member"])].map(text).filter((m): m is string => m !== undefined),
        }];
    }
    if (kind === "binding") {
        return [{
            where: "This IAM binding",
            role: () => text(readKnown(props, ["role"])),
            members: () => listOf(readKnown(props, ["members"])).map((_, i) => readKnown(props, ["members", String(i)])).filter((m): m is string => typeof m === "string"),
            knownMembers: () => listOf(readRaw(props, ["members"])).map(text).filter((m): m is string => m !== undefined),
        }];
    }
    if (kind === "policy") {
        const policy = objectOrJson(readKnown(props, ["policyData"]));
        return listOf(policy?.bindings).map((b, i) => {
            const binding = (b ?? {}) as Record<string, unknown>;
            const members = listOf(binding.members).map(text).filter((m): m is string => m !== undefined);
            return {
                where: `Binding ${formatPath(["bindings", i])} of this IAM policy`,
                role: () => text(binding.role),
                members: () => members,
                knownMembers: () => members,
            };
        });
    }
    return undefined;
}

/** The basic (legacy "primitive") roles: each spans every service in its scope. */
export const BASIC_ROLES: readonly string[] = ["roles/owner", "roles/editor", "roles/viewer"];

/** The public principals: anyone on the internet, and anyone with any Google account. */
export const PUBLIC_MEMBERS: readonly string[] = ["allUsers", "allAuthenticatedUsers"];

/** The identifier's type prefix, as IAM writes it (`group`, `serviceAccount`, `principalSet`, ...). */
export function memberType(member: string): string {
    const m = /^([A-Za-z]+)(?::|$)/.exec(member);
    return m ? m[1] : member;
}

/**
 * Roles that administer a service or act as other identities: any role whose last segment ends in
 * "admin" (CIS GCP 1.5's `*Admin`/`*admin`), the basic owner and editor, and the roles that let the
 * holder impersonate every service account in the scope.
 */
export const IMPERSONATION_ROLES: readonly string[] = ["roles/iam.serviceAccountTokenCreator", "roles/iam.serviceAccountUser", "roles/iam.workloadIdentityUser"];

export function isAdminRole(role: string): boolean {
    // The role's own name, without a version suffix (roles/compute.instanceAdmin.v1).
    const last = role.replace(/\.v\d+$/, "").split(/[/.]/).pop() ?? role;
    return /admin$/i.test(last) || role === "roles/owner" || role === "roles/editor" || IMPERSONATION_ROLES.includes(role);
}

/** Seconds in a protobuf duration as the GCP APIs write it ("3600s", "1.5s"); undefined when it is not one. */
export function protoDurationSeconds(value: string): number | undefined {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
    return m ? Number(m[1]) : undefined;
}
