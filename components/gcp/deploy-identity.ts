/**
 * zt:gcp:DeployIdentity — what GitHub Actions deploys one landing-zone environment as: the deploy
 * service account `<prefix>-<env>-deploy` (no key), the Workload Identity pool and GitHub provider
 * that exchange one repository environment's OIDC token and nothing else, the account's
 * workloadIdentityUser binding for that repository, and its project roles (deployProjectRoles:
 * project IAM fenced to the roles the landing zone grants to others; no pool administration when
 * the bootstrap owns the pool).
 *
 * `ci.deployIdentity` says who declares it. "bootstrap" (the default): this component, in the
 * bootstrap, before the first deploy, so CI can run that deploy and the pipeline can never rewrite
 * its own trust or rights. "stack": zt:gcp:Identity, through declareGcpDeployIdentity, under the
 * child names it always had. Every name comes from names.ts, so the pillar refers to the identity
 * by name whichever program declares it (gcpDeployIdentityRefs).
 */
import * as pulumi from "@pulumi/pulumi";
import * as iam from "@pulumi/gcp/iam";
import * as organizations from "@pulumi/gcp/organizations";
import * as projects from "@pulumi/gcp/projects";
import * as serviceaccount from "@pulumi/gcp/serviceaccount";
import type { DeployIdentityOwner } from "../../config/schema";
import { after } from "../shared/after";
import {
    DEPLOY_GRANTABLE_ROLES, DEPLOY_ORGANIZATION_ROLES, GITHUB_ATTRIBUTE_MAPPING, GITHUB_ISSUER, deployProjectRoles,
    delegatedGrantCondition, githubAttributeCondition, githubPrincipalSet, roleSlug,
} from "./identity-access";
import { gcpNames } from "./names";

export interface GcpDeployIdentityArgs {
    /** `<prefix>-<env>`: account `<prefix>-<env>-deploy`, pool `<prefix>-<env>-github`. CAUTION: changing it replaces the identity. */
    namePrefix: string;
    /** The environment's project (the landing zone's, not the bootstrap's). CAUTION: changing it replaces the identity. */
    project: string;
    /** The project's number (from `organizations.getProject`): the principal set and the provider's full name name the project by it. */
    projectNumber: pulumi.Input<string>;
    /** The environment's region, which names.ts builds names with (the deploy identity's own are global). */
    region: string;
    /**
     * The repository and GitHub environment whose tokens are exchanged, exact names. No session
     * length: impersonated access tokens last at most an hour unless
     * `iam.allowServiceAccountCredentialLifetimeExtension` lists the account, which nothing here sets.
     */
    github: { repository: string; environment: string };
}

/** The deploy identity as its consumers name it. */
export interface GcpDeployIdentityOutputs {
    /** The deploy service account's email. */
    email: pulumi.Output<string>;
    /** `projects/<project>/serviceAccounts/<email>`, what account-level IAM takes. */
    id: pulumi.Output<string>;
    /** `serviceAccount:<email>`. */
    member: pulumi.Output<string>;
    /** Full resource name of the GitHub provider, what the CI's auth step names. */
    workloadIdentityProvider: pulumi.Output<string>;
}

/**
 * The deploy identity's names, built from the prefix, project and project number: known at
 * preview, and the same whichever program declares the identity.
 */
export function gcpDeployIdentityNames(args: Omit<GcpDeployIdentityArgs, "github">) {
    const n = gcpNames(args.namePrefix, args.project, args.region);
    return {
        accountId: n.deployAccountId,
        email: n.deployAccountEmail,
        id: `projects/${args.project}/serviceAccounts/${n.deployAccountEmail}`,
        pool: n.identityPool,
        provider: n.identityPoolProvider,
        providerName: pulumi.interpolate`projects/${args.projectNumber}/locations/global/workloadIdentityPools/${n.identityPool}/providers/${n.identityPoolProvider}`,
    };
}

/** The outputs of a deploy identity another program declared (the bootstrap), by name: nothing is declared. */
export function gcpDeployIdentityRefs(args: Omit<GcpDeployIdentityArgs, "github">): GcpDeployIdentityOutputs {
    const n = gcpDeployIdentityNames(args);
    return {
        email: pulumi.output(n.email),
        id: pulumi.output(n.id),
        member: pulumi.output(`serviceAccount:${n.email}`),
        workloadIdentityProvider: n.providerName,
    };
}

/**
 * Declares the deploy identity under `parent`: `${name}-deploy-sa`, `${name}-github-pool`,
 * `${name}-github-provider`, `${name}-deploy-github` and `${name}-deploy-<roleSlug>` per
 * role of deployProjectRoles(owner). zt:gcp:Identity calls it with its own name in "stack" mode, so those
 * children keep their URNs; zt:gcp:DeployIdentity calls it in the bootstrap. The outputs wait for
 * the account and the provider, so consumers are ordered after them.
 */
export function declareGcpDeployIdentity(name: string, args: GcpDeployIdentityArgs, parent: pulumi.Resource, owner: DeployIdentityOwner): GcpDeployIdentityOutputs {
    const opts = { parent };
    const { project, github } = args;
    const n = gcpDeployIdentityNames(args);

    const sa = new serviceaccount.Account(`${name}-deploy-sa`, {
        project,
        accountId: n.accountId,
        displayName: n.accountId,
        description: `GitHub Actions deploys as this account through Workload Identity Federation (${github.repository}, environment ${github.environment}). No keys.`,
    }, opts);
    const email = after([sa], pulumi.output(n.email));
    const id = after([sa], pulumi.output(n.id));
    const member = pulumi.interpolate`serviceAccount:${email}`;

    // Workload Identity Federation: GitHub's token for one repository environment, nothing else.
    const pool = new iam.WorkloadIdentityPool(`${name}-github-pool`, {
        project,
        workloadIdentityPoolId: n.pool,
        displayName: `${args.namePrefix} GitHub`,
        description: `GitHub Actions of ${github.repository}, environment ${github.environment}.`,
    }, opts);
    const poolId = after([pool], pulumi.output(n.pool));
    const provider = new iam.WorkloadIdentityPoolProvider(`${name}-github-provider`, {
        project,
        workloadIdentityPoolId: poolId,
        workloadIdentityPoolProviderId: n.provider,
        displayName: "GitHub Actions",
        attributeMapping: { ...GITHUB_ATTRIBUTE_MAPPING },
        attributeCondition: githubAttributeCondition(github.repository, github.environment),
        // No allowedAudiences: the token's audience must then be this provider's own full name.
        oidc: { issuerUri: GITHUB_ISSUER },
    }, opts);
    new serviceaccount.IAMMember(`${name}-deploy-github`, {
        serviceAccountId: id,
        role: "roles/iam.workloadIdentityUser",
        member: pulumi.all([args.projectNumber, poolId]).apply(([num, p]) => githubPrincipalSet(num, p, github.repository)),
    }, opts);

    // The account's project rights: predefined roles, and project IAM fenced to the landing zone's own grants.
    const grantFence = delegatedGrantCondition(DEPLOY_GRANTABLE_ROLES);
    for (const role of deployProjectRoles(owner)) {
        const condition = role === "roles/resourcemanager.projectIamAdmin" ? { condition: grantFence } : {};
        new projects.IAMMember(`${name}-deploy-${roleSlug(role)}`, { project, role, member, ...condition }, opts);
    }

    return { email, id, member, workloadIdentityProvider: after([provider], n.providerName) };
}

export interface GcpDeployIdentityComponentArgs extends GcpDeployIdentityArgs {
    /**
     * The organization whose DEPLOY_ORGANIZATION_ROLES the account gets (`${name}-deploy-org-<roleSlug>`):
     * the landing zone sets organization policies, which needs roles/orgpolicy.policyAdmin at the
     * organization even at project scope. Whoever runs the bootstrap then needs organization IAM
     * rights. Default: none granted; an organization administrator grants them by hand.
     */
    organizationId?: string;
}

/** The deploy identity of one environment, declared by the bootstrap (one per environment). */
export class GcpDeployIdentity extends pulumi.ComponentResource {
    /** The deploy service account's email. */
    readonly email: pulumi.Output<string>;
    /** `serviceAccount:<email>`: what the bootstrap's state bucket and secrets key grants name. */
    readonly member: pulumi.Output<string>;
    /** Full resource name of the GitHub provider, what the CI's auth step names. */
    readonly workloadIdentityProvider: pulumi.Output<string>;

    constructor(name: string, args: GcpDeployIdentityComponentArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:DeployIdentity", name, {}, opts);
        const identity = declareGcpDeployIdentity(name, args, this, "bootstrap");
        if (args.organizationId !== undefined) {
            for (const role of DEPLOY_ORGANIZATION_ROLES) {
                new organizations.IAMMember(`${name}-deploy-org-${roleSlug(role)}`, { orgId: args.organizationId, role, member: identity.member }, { parent: this });
            }
        }
        this.email = identity.email;
        this.member = identity.member;
        this.workloadIdentityProvider = identity.workloadIdentityProvider;
        this.registerOutputs({ email: this.email, member: this.member, workloadIdentityProvider: this.workloadIdentityProvider });
    }
}
