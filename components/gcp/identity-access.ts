/**
 * Who may do what, for zt:gcp:Identity: the role lists, the IAM conditions, the GitHub federation
 * settings and the PAM entitlement's shape. Pure tables and builders, unit-tested directly.
 *
 * Predefined roles only, never the basic roles (owner, editor, viewer): they span every service
 * and change as Google adds permissions.
 */

/**
 * What the deploy service account (GitHub Actions, through Workload Identity Federation) holds on
 * the project: exactly what the five pillars declare, each the narrowest predefined role that
 * covers a pillar's resource types and their resource-level IAM. Issue #8 (keyless delivery)
 * builds on this list; a pillar that declares a new type adds its role here.
 */
export const DEPLOY_PROJECT_ROLES = [
    // Identity: accounts and their account-level IAM (Workload Identity bindings), the pool, PAM.
    "roles/iam.serviceAccountAdmin",
    "roles/iam.workloadIdentityPoolAdmin",
    // Fenced by a condition: it can grant only DEPLOY_GRANTABLE_ROLES (see delegatedGrantCondition).
    "roles/resourcemanager.projectIamAdmin",
    // PAM also requires a project-IAM role of the entitlement's creator (cloud.google.com/iam/docs/pam-permissions-and-setup).
    "roles/privilegedaccessmanager.admin",
    // Network: VPC, subnets, router, NAT, PSC; firewall rules are securityAdmin's; private DNS zones.
    "roles/compute.networkAdmin",
    "roles/compute.securityAdmin",
    "roles/dns.admin",
    // Data: key ring and keys (administers, cannot use them), buckets, secrets, DLP.
    "roles/cloudkms.admin",
    "roles/storage.admin",
    "roles/secretmanager.admin",
    "roles/dlp.inspectTemplatesEditor",
    "roles/dlp.jobTriggersEditor",
    // Visibility: log bucket, sink and log-based metrics; alerting; the findings topic and its IAM.
    "roles/logging.configWriter",
    "roles/monitoring.alertPolicyEditor",
    "roles/monitoring.notificationChannelEditor",
    "roles/pubsub.admin",
    // The project's Security Command Center notification config (findings to the topic).
    "roles/securitycenter.notificationConfigEditor",
    // Workload: registry, cluster lifecycle (no Kubernetes objects), Binary Authorization and its note.
    "roles/artifactregistry.admin",
    "roles/container.clusterAdmin",
    "roles/binaryauthorization.policyEditor",
    "roles/binaryauthorization.attestorsAdmin",
    // The attestor's note and its IAM (notes.editor cannot set a note's IAM policy).
    "roles/containeranalysis.admin",
    // None for projects.ServiceIdentity: generateServiceIdentity checks no project permission
    // (github.com/firebase/firebase-tools/issues/11005), and the APIs are enabled by the bootstrap.
] as const;

/**
 * The deploy account's project roles, by who declares the deploy identity (`ci.deployIdentity`).
 * When the bootstrap does, the landing zone declares no workload identity pool, so the account
 * gets no pool administration: it could otherwise add a provider trusting any issuer and bind
 * itself to it.
 */
export function deployProjectRoles(owner: "bootstrap" | "stack"): string[] {
    return DEPLOY_PROJECT_ROLES.filter((r) => owner === "stack" || r !== "roles/iam.workloadIdentityPoolAdmin");
}

/**
 * What the deploy account needs at the organization, which the landing zone's stack cannot grant
 * (the grantor needs organization rights): zt:gcp:DeployIdentity grants them when the bootstrap
 * gives it `organizationId` (./deploy-identity.ts); the stack never declares them, in either
 * `ci.deployIdentity` mode. The Organization Policy Administrator role is grantable only at the
 * organization, even for policies set on a project; the VPC-SC access policy is an
 * organization-level object.
 *
 * Not granted by anything yet: with policyScope folder or organization, the visibility pillar
 * also sets the audit config (part of the scope's IAM policy: its setIamPolicy permission comes
 * only with IAM administration of the whole scope, e.g. roles/resourcemanager.folderIamAdmin,
 * which would let the account grant itself anything there), an aggregated sink
 * (roles/logging.configWriter there) and the SCC notification config
 * (roles/securitycenter.notificationConfigEditor there). An administrator grants them by hand.
 */
export const DEPLOY_ORGANIZATION_ROLES = [
    "roles/orgpolicy.policyAdmin",
    "roles/accesscontextmanager.policyEditor",
] as const;

/** Standing roles of the admin groups: read-only, so they can diagnose before they request elevation. */
export const ADMIN_READ_ROLES = ["roles/iam.securityReviewer", "roles/logging.viewer", "roles/monitoring.viewer"] as const;
/** Auditors read the same, plus (conditioned) the audit log bucket: see auditLogViewCondition. */
export const AUDITOR_READ_ROLES = ADMIN_READ_ROLES;
export const AUDIT_LOG_VIEW_ROLE = "roles/logging.viewAccessor";
/** Tier service accounts write their VMs' logs and metrics (the Ops Agent), nothing else at the project. */
export const TIER_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter"] as const;

/** Project-level roles other pillars grant (a pillar that adds one adds it here; the identity test checks the graph against it). */
export const OTHER_PILLAR_PROJECT_ROLES = [
    // Workload: the GKE nodes' account (the app tier's).
    "roles/container.defaultNodeServiceAccount",
] as const;

/**
 * The project roles the deploy account may grant or revoke: what the pillars grant at the project
 * to others. Its own roles are not among them, so it cannot widen itself or mint another admin:
 * changing the deploy account's rights takes an elevated human.
 */
export const DEPLOY_GRANTABLE_ROLES: readonly string[] = [...new Set<string>([...ADMIN_READ_ROLES, ...AUDITOR_READ_ROLES, AUDIT_LOG_VIEW_ROLE, ...TIER_ROLES, ...OTHER_PILLAR_PROJECT_ROLES])].sort();

/**
 * What an admin gets for the length of an approved elevation: repair the network, the firewall,
 * VMs and the cluster, read Data Access logs during an incident, and add secret versions (secret
 * values are set out of band). Left out on purpose: project IAM, service-account admin and token
 * creation, KMS and storage admin — each could mint access that outlives the grant or touch data.
 */
export const ELEVATION_ROLES = [
    "roles/compute.networkAdmin",
    "roles/compute.securityAdmin",
    "roles/compute.instanceAdmin.v1",
    "roles/container.clusterAdmin",
    "roles/logging.privateLogViewer",
    "roles/secretmanager.secretVersionAdder",
] as const;

const PRIMITIVE_ROLES = new Set(["roles/owner", "roles/editor", "roles/viewer"]);
export const isPrimitiveRole = (role: string) => PRIMITIVE_ROLES.has(role);

/** `roles/compute.networkAdmin` → `compute-network-admin`: the role's part of a child name. */
export function roleSlug(role: string): string {
    return role.replace(/^roles\//, "").replace(/([a-z0-9])([A-Z])/g, "$1-$2").replace(/[^A-Za-z0-9]+/g, "-").toLowerCase();
}

/**
 * The condition on the deploy account's projectIamAdmin: a setIamPolicy may add or remove only
 * bindings of these roles (cloud.google.com/iam/docs/setting-limits-on-granting-roles). One
 * `hasOnly` takes at most 10 roles, so longer lists are split and ORed (each IAMMember changes one
 * role at a time, so one chunk always covers it).
 */
export function delegatedGrantCondition(roles: readonly string[]): { title: string; description: string; expression: string } {
    if (roles.length === 0) throw new Error("delegatedGrantCondition needs at least one role");
    const sorted = [...new Set(roles)].sort();
    const chunks: string[][] = [];
    for (let i = 0; i < sorted.length; i += 10) chunks.push(sorted.slice(i, i + 10));
    if (chunks.length > 13) throw new Error(`${sorted.length} grantable roles: an IAM condition takes at most 12 logical operators (130 roles)`);
    return {
        title: "landing-zone-grants-only",
        description: "May grant and revoke only the roles the landing zone grants to others; never its own.",
        expression: chunks.map((c) => `api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly([${c.map((r) => `'${r}'`).join(", ")}])`).join(" || "),
    };
}

/**
 * Auditors may read the audit log bucket (Data Access logs included) through its `_AllLogs` view
 * and no other bucket: roles/logging.viewAccessor on the project with a condition on the view's
 * name, the pattern Cloud Logging documents for one view (cloud.google.com/logging/docs/logs-views).
 * Without the condition the role opens every view of every bucket in the project.
 */
export function auditLogViewCondition(view: string): { title: string; description: string; expression: string } {
    return {
        title: "audit-log-view-only",
        description: "Reads the audit log bucket's _AllLogs view and no other log view.",
        expression: `resource.name == "${view}"`,
    };
}

export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** GitHub OIDC claims kept as attributes: what IAM bindings and the audit logs can name. */
export const GITHUB_ATTRIBUTE_MAPPING: Readonly<Record<string, string>> = {
    "google.subject": "assertion.sub",
    "attribute.repository": "assertion.repository",
    "attribute.repository_owner": "assertion.repository_owner",
    "attribute.environment": "assertion.environment",
    "attribute.ref": "assertion.ref",
    "attribute.actor": "assertion.actor",
};

/**
 * Only tokens of one repository's one environment are exchanged at all: exact matches, no
 * wildcard or prefix, so a fork, another repository of the owner or a job outside the protected
 * environment gets nothing.
 */
export function githubAttributeCondition(repository: string, environment: string): string {
    for (const [what, value] of [["repository", repository], ["environment", environment]] as const) {
        if (!value || /['"\\*]/.test(value)) throw new Error(`github.${what} is "${value}": it must be a non-empty exact name without quotes, backslashes or wildcards`);
    }
    return `assertion.repository == '${repository}' && assertion.environment == '${environment}'`;
}

/** The principal set the deploy account trusts: every identity of the pool whose repository attribute is the repository. */
export function githubPrincipalSet(projectNumber: string, pool: string, repository: string): string {
    return `principalSet://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${pool}/attribute.repository/${repository}`;
}

/** `<minutes*60>s`, the duration format PAM takes. */
export function pamDuration(minutes: number): string {
    if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`maxElevationMinutes is ${minutes}: a whole number of minutes, at least 1`);
    return `${minutes * 60}s`;
}

/**
 * The entitlement's access and approval settings. One eligible-users entry and one approval step,
 * as the API takes them; requesters cannot approve their own grant
 * (cloud.google.com/iam/docs/pam-approve-deny-grants), so with the default approvers (the admin
 * groups themselves) a peer approves. PAM refuses the legacy basic roles in entitlements
 * (cloud.google.com/iam/docs/pam-create-entitlements).
 */
export function entitlementSettings(p: { project: string; maxElevationMinutes: number; eligible: string[]; approvers: string[] }) {
    if (p.eligible.length === 0) throw new Error("adminGroups is empty: the PAM entitlement needs at least one eligible group");
    if (p.approvers.length === 0) throw new Error("approverGroups is empty: the PAM entitlement needs at least one approver group");
    for (const member of [...p.eligible, ...p.approvers]) {
        if (!member.startsWith("group:")) throw new Error(`"${member}" is not a group: PAM requesters and approvers are groups (group:<email>)`);
    }
    return {
        maxRequestDuration: pamDuration(p.maxElevationMinutes),
        requesterJustificationConfig: { unstructured: {} },
        eligibleUsers: [{ principals: [...p.eligible] }],
        privilegedAccess: {
            gcpIamAccess: {
                resource: `//cloudresourcemanager.googleapis.com/projects/${p.project}`,
                resourceType: "cloudresourcemanager.googleapis.com/Project",
                roleBindings: ELEVATION_ROLES.map((role) => ({ role })),
            },
        },
        approvalWorkflow: {
            manualApprovals: {
                requireApproverJustification: true,
                steps: [{ approvalsNeeded: 1, approvers: { principals: [...p.approvers] } }],
            },
        },
    };
}

/** Group members keyed for child names: config names slugged, collisions refused. */
export function keyedGroups(groups: Record<string, string>, what: string): [string, string][] {
    const seen = new Map<string, string>();
    return Object.entries(groups).map(([name, member]) => {
        if (!member.startsWith("group:")) throw new Error(`${what} "${name}" is "${member}": human access is granted to groups only (group:<email>)`);
        const key = name.toLowerCase().replace(/@.*$/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        if (!key) throw new Error(`${what} "${name}" has no letters or digits to name its children by: rename it`);
        if (seen.has(key)) throw new Error(`${what} "${seen.get(key)}" and "${name}" would share the child name "${key}": rename one`);
        seen.set(key, name);
        return [key, member];
    });
}
