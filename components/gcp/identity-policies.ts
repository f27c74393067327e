/**
 * The organization-policy baseline of zt:gcp:Identity (Organization Policy API v2), as a pure
 * table: which constraints, and the spec each gets. Constraint names and value formats follow
 * Google's list of organization policy constraints (cloud.google.com/resource-manager/docs/
 * organization-policy/org-policy-constraints); `iam.allowedPolicyMemberDomains` takes Cloud
 * Identity customer ids (cloud.google.com/organization-policy/restrict-domains).
 *
 * These enforce at the API what the pack checks at preview, so a change made outside Pulumi (the
 * console, gcloud) meets the same guardrails.
 */

/** Where the policies are set, as the composition passes it. */
export type PolicyScope = { kind: "project" } | { kind: "folder"; folderId: string } | { kind: "organization" };

/** One rule of a v2 policy spec, in the provider's input shape (`"TRUE"` strings, as the API takes them). */
export type OrgPolicyRule = { enforce: "TRUE" } | { denyAll: "TRUE" } | { values: { allowedValues: string[] } };

export interface OrgPolicyPlan {
    /** Stable child-name key: `${name}-policy-<key>`. */
    key: string;
    constraint: string;
    spec: { rules: OrgPolicyRule[]; inheritFromParent?: boolean };
}

/** The nine constraints, by child key. Boolean constraints are enforced; list constraints carry their one rule. */
export const ORG_POLICY_CONSTRAINTS = {
    "disable-sa-keys": "iam.disableServiceAccountKeyCreation",
    "allowed-member-domains": "iam.allowedPolicyMemberDomains",
    "vm-external-ip": "compute.vmExternalIpAccess",
    "require-os-login": "compute.requireOsLogin",
    "skip-default-network": "compute.skipDefaultNetworkCreation",
    "uniform-bucket-access": "storage.uniformBucketLevelAccess",
    "public-access-prevention": "storage.publicAccessPrevention",
    "sql-restrict-public-ip": "sql.restrictPublicIp",
    "resource-locations": "gcp.resourceLocations",
} as const;
export type OrgPolicyKey = keyof typeof ORG_POLICY_CONSTRAINTS;

const enforced = (): OrgPolicyPlan["spec"] => ({ rules: [{ enforce: "TRUE" }] });
/**
 * An allow list that is the whole list at this scope: with `inheritFromParent` a parent's broader
 * list would be merged in and widen it.
 */
const onlyThese = (allowedValues: string[]): OrgPolicyPlan["spec"] => ({ rules: [{ values: { allowedValues: [...allowedValues] } }], inheritFromParent: false });

/** The baseline, in a fixed order (children are named by key, so the order only affects reading). */
export function orgPolicyPlans(customerId: string, allowedLocations: string[]): OrgPolicyPlan[] {
    if (!/^C[0-9a-z]{7,10}$/i.test(customerId)) {
        throw new Error(`customerId is "${customerId}": iam.allowedPolicyMemberDomains takes a Cloud Identity customer id (C followed by 7–10 letters and digits, DIRECTORY_CUSTOMER_ID in \`gcloud organizations list\`)`);
    }
    if (allowedLocations.length === 0) {
        throw new Error("allowedLocations is empty: gcp.resourceLocations needs at least one location or value group, e.g. in:europe-west1-locations");
    }
    const specs: Record<OrgPolicyKey, OrgPolicyPlan["spec"]> = {
        // Keys are long-lived secrets outside Google's control; federation and attached accounts replace them.
        "disable-sa-keys": enforced(),
        // Only identities of the organization's own Cloud Identity customer can be granted roles.
        "allowed-member-domains": onlyThese([customerId]),
        // No VM gets an external address; egress goes through Cloud NAT, ingress through load balancers.
        "vm-external-ip": { rules: [{ denyAll: "TRUE" }] },
        // SSH access follows IAM (and PAM elevation), never keys pasted into metadata.
        "require-os-login": enforced(),
        // The default network is auto mode with permissive firewall rules.
        "skip-default-network": enforced(),
        // Object ACLs bypass IAM; uniform access leaves IAM as the only gate.
        "uniform-bucket-access": enforced(),
        // No bucket or object can ever be made public (allUsers / allAuthenticatedUsers).
        "public-access-prevention": enforced(),
        // Cloud SQL instances are reached over private IP only.
        "sql-restrict-public-ip": enforced(),
        // Data residency: resources only where the configuration says.
        "resource-locations": onlyThese(allowedLocations),
    };
    return (Object.keys(ORG_POLICY_CONSTRAINTS) as OrgPolicyKey[]).map((key) => ({ key, constraint: ORG_POLICY_CONSTRAINTS[key], spec: specs[key] }));
}

/** The policies' parent (`projects/<id>`, `folders/<id>` or `organizations/<id>`). */
export function policyParent(scope: PolicyScope, project: string, organizationId: string): string {
    switch (scope.kind) {
        case "project":
            return `projects/${project}`;
        case "folder":
            return `folders/${scope.folderId}`;
        case "organization":
            return `organizations/${organizationId}`;
    }
}

/** A policy's resource name: `<parent>/policies/<constraint>`. */
export const policyName = (parent: string, constraint: string) => `${parent}/policies/${constraint}`;
