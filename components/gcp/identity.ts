/**
 * zt:gcp:Identity — who and what may act in the project, and the guardrails every request meets:
 * the organization-policy baseline at the configured scope, one service account per network tier
 * (its VMs run as it; the firewall targets it) and per workload, group-only human access and
 * just-in-time elevation (PAM). The deploy pipeline's identity (./deploy-identity.ts) is declared
 * here only with `deployIdentity: "stack"`; by default the bootstrap declares it and this pillar
 * names it.
 *
 * Nobody holds an admin role standing: admin groups read, and elevate through a PAM entitlement
 * that needs a justification and a peer's approval and expires after maxElevationMinutes. No
 * service account has a key (the org policy forbids creating one): GitHub's OIDC token for one
 * repository environment is exchanged for the deploy account, whose project-IAM rights are fenced
 * to the roles the landing zone grants to others. Tables and builders: ./identity-policies.ts and
 * ./identity-access.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import * as orgpolicy from "@pulumi/gcp/orgpolicy";
import * as privilegedaccessmanager from "@pulumi/gcp/privilegedaccessmanager";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type { DeployIdentityOwner } from "../../config/schema";
import { after } from "../shared/after";
import { declareGcpDeployIdentity, gcpDeployIdentityRefs } from "./deploy-identity";
import { ADMIN_READ_ROLES, AUDITOR_READ_ROLES, AUDIT_LOG_VIEW_ROLE, TIER_ROLES, auditLogViewCondition, entitlementSettings, keyedGroups, roleSlug } from "./identity-access";
import { orgPolicyPlans, policyName, policyParent, type PolicyScope } from "./identity-policies";
import { gcpNames } from "./names";

export type { PolicyScope } from "./identity-policies";

export interface GcpIdentityArgs {
    /** `<prefix>-<env>`. */
    namePrefix: string;
    project: string;
    /** The project's number (from `organizations.getProject`): service agents and VPC-SC name projects by it. */
    projectNumber: pulumi.Input<string>;
    region: string;
    organizationId: string;
    /** Cloud Identity customer id: the only member domain `iam.allowedPolicyMemberDomains` admits. */
    customerId: string;
    /** Where the organization policies are set. */
    policyScope: PolicyScope;
    /** Values of `gcp.resourceLocations`. */
    allowedLocations: string[];
    /** Admin groups as IAM members (`group:<email>`), keyed by their config name: the PAM entitlement's eligible principals. */
    adminGroups: Record<string, string>;
    /** Approver groups as IAM members: they approve PAM grants. */
    approverGroups: Record<string, string>;
    /** Auditor groups as IAM members: read-only roles. */
    auditorGroups: Record<string, string>;
    /** Longest elevation, in minutes: the entitlement's maximum request duration. */
    maxElevationMinutes: number;
    /** Network tier names: each gets a service account its VMs run as (the firewall targets it). */
    tiers: string[];
    /** Workload names: each gets a service account (no keys, ever). */
    workloadServiceAccounts: string[];
    /**
     * The repository and GitHub environment the deploy pipeline federates from. `maxSessionMinutes`
     * needs nothing here: impersonated access tokens last at most an hour unless
     * `iam.allowServiceAccountCredentialLifetimeExtension` lists the account, which this stack never sets.
     */
    github: { repository: string; environment: string; maxSessionMinutes: number };
    /**
     * Who declares the deploy identity: the deploy account, the GitHub pool and provider, the
     * account's workloadIdentityUser binding and its project roles (./deploy-identity.ts).
     * "bootstrap": zt:gcp:DeployIdentity in the bootstrap, before the first deploy; this pillar
     * declares none of it and names the account and provider by their names, so they must exist
     * before this stack deploys. "stack": this pillar declares them, under the child names it
     * always had (`<name>-deploy-sa`, `<name>-github-pool`, ...). CAUTION: switching an existing
     * stack to "bootstrap" deletes them from this stack; move them to the bootstrap's state
     * (`pulumi state delete`, then `pulumi import`) first, since a deleted pool's id stays taken for 30 days.
     */
    deployIdentity: DeployIdentityOwner;
    /**
     * Full name of the log view auditors may read. Default: the `_AllLogs` view of the visibility
     * pillar's audit bucket, `projects/<project>/locations/<region>/buckets/<prefix>-audit/views/_AllLogs`.
     */
    auditLogView?: string;
}

export class GcpIdentity extends pulumi.ComponentResource {
    /** Tier → service account email. */
    readonly tierServiceAccounts: Record<string, pulumi.Output<string>>;
    /** Workload name → service account email. */
    readonly workloadServiceAccounts: Record<string, pulumi.Output<string>>;
    /** The deploy service account's email. */
    readonly deployServiceAccount: pulumi.Output<string>;
    /** Full resource name of the GitHub provider, what the CI's auth step names. */
    readonly workloadIdentityProvider: pulumi.Output<string>;

    constructor(name: string, args: GcpIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Identity", name, {}, opts);
        const parent = { parent: this };
        const n = gcpNames(args.namePrefix, args.project, args.region);
        const project = args.project;

        // Organization policies: the same guardrails the pack checks at preview, enforced at the API.
        const policyRoot = policyParent(args.policyScope, project, args.organizationId);
        for (const plan of orgPolicyPlans(args.customerId, args.allowedLocations)) {
            new orgpolicy.Policy(`${name}-policy-${plan.key}`, { parent: policyRoot, name: policyName(policyRoot, plan.constraint), spec: plan.spec }, parent);
        }

        // Service accounts: emails are built from names, so consumers (firewall, GKE, secrets) read them at preview.
        const account = (key: string, accountId: string, email: string, description: string) => {
            const sa = new serviceaccount.Account(`${name}-${key}-sa`, { project, accountId, displayName: accountId, description }, parent);
            return { sa, email: after([sa], pulumi.output(email)), id: after([sa], pulumi.output(`projects/${project}/serviceAccounts/${email}`)) };
        };
        const tiers = Object.fromEntries(args.tiers.map((t) => [t, account(`tier-${t}`, n.tierAccountId(t), n.tierAccountEmail(t), `VMs of the ${t} tier run as this account; the firewall admits traffic by it.`)]));
        const workloads = Object.fromEntries(args.workloadServiceAccounts.map((w) => [w, account(`workload-${w}`, n.workloadAccountId(w), n.workloadAccountEmail(w), `The ${w} workload (GKE pods impersonate it through Workload Identity).`)]));
        // The deploy identity: declared here (same children as ever), or the bootstrap's, named by its names.
        const deploy = args.deployIdentity === "stack" ? declareGcpDeployIdentity(name, args, this, "stack") : gcpDeployIdentityRefs(args);

        const projectMember = (child: string, role: string, member: pulumi.Input<string>, condition?: { title: string; description: string; expression: string }) =>
            new projects.IAMMember(child, { project, role, member, ...(condition ? { condition } : {}) }, parent);

        for (const [tier, a] of Object.entries(tiers)) {
            for (const role of TIER_ROLES) projectMember(`${name}-tier-${tier}-${roleSlug(role)}`, role, pulumi.interpolate`serviceAccount:${a.email}`);
            // The pipeline attaches the account to the tier's VMs and node pools (actAs), on this account only.
            new serviceaccount.IAMMember(`${name}-tier-${tier}-deploy-user`, { serviceAccountId: a.id, role: "roles/iam.serviceAccountUser", member: deploy.member }, parent);
        }

        // Humans: groups only. Admins read standing and elevate through PAM; auditors read, and the audit bucket only through its view.
        const auditView = args.auditLogView ?? `projects/${project}/locations/${args.region}/buckets/${n.logBucket}/views/_AllLogs`;
        for (const [key, member] of keyedGroups(args.adminGroups, "admin group")) {
            for (const role of ADMIN_READ_ROLES) projectMember(`${name}-admin-${key}-${roleSlug(role)}`, role, member);
        }
        for (const [key, member] of keyedGroups(args.auditorGroups, "auditor group")) {
            for (const role of AUDITOR_READ_ROLES) projectMember(`${name}-auditor-${key}-${roleSlug(role)}`, role, member);
            projectMember(`${name}-auditor-${key}-${roleSlug(AUDIT_LOG_VIEW_ROLE)}`, AUDIT_LOG_VIEW_ROLE, member, auditLogViewCondition(auditView));
        }

        new privilegedaccessmanager.Entitlement(`${name}-pam-admin`, {
            entitlementId: `${args.namePrefix}-admin`,
            location: "global",
            parent: `projects/${project}`,
            ...entitlementSettings({
                project,
                maxElevationMinutes: args.maxElevationMinutes,
                eligible: Object.values(args.adminGroups),
                approvers: Object.values(args.approverGroups),
            }),
        }, parent);

        this.tierServiceAccounts = Object.fromEntries(Object.entries(tiers).map(([t, a]) => [t, a.email]));
        this.workloadServiceAccounts = Object.fromEntries(Object.entries(workloads).map(([w, a]) => [w, a.email]));
        this.deployServiceAccount = deploy.email;
        this.workloadIdentityProvider = deploy.workloadIdentityProvider;
        this.registerOutputs({
            tierServiceAccounts: this.tierServiceAccounts,
            workloadServiceAccounts: this.workloadServiceAccounts,
            deployServiceAccount: this.deployServiceAccount,
            workloadIdentityProvider: this.workloadIdentityProvider,
        });
    }
}
