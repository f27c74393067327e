import picomatch from "picomatch";
import { defineRule } from "../../lib/define-rule";
import { grantScope, iamGrantsOf, isAdminRole, isHierarchyGrant, memberType } from "../../lib/gcp-iam";

export interface SaNoAdminConfig {
    /** Email globs of the deploy service accounts. */
    deployAccounts: string[];
    /** The admin roles a deploy account may hold at the project or above. */
    deployAccountRoles: string[];
}

/**
 * What the deploy account holds at the project (DEPLOY_PROJECT_ROLES in
 * components/gcp/identity-access.ts) and, granted by the bootstrap, at the organization
 * (DEPLOY_ORGANIZATION_ROLES) that counts as administering: the pipeline creates what the five
 * pillars declare, and nothing else gets admin rights.
 */
export const DEPLOY_ADMIN_ROLES = [
    "roles/iam.serviceAccountAdmin",
    "roles/iam.workloadIdentityPoolAdmin",
    "roles/resourcemanager.projectIamAdmin",
    "roles/privilegedaccessmanager.admin",
    "roles/compute.networkAdmin",
    "roles/compute.securityAdmin",
    "roles/dns.admin",
    "roles/cloudkms.admin",
    "roles/storage.admin",
    "roles/secretmanager.admin",
    "roles/pubsub.admin",
    "roles/artifactregistry.admin",
    "roles/container.clusterAdmin",
    "roles/binaryauthorization.attestorsAdmin",
    "roles/containeranalysis.admin",
    // At the organization: the organization policies are set there or inherited from there.
    "roles/orgpolicy.policyAdmin",
];

export default defineRule<SaNoAdminConfig>({
    id: "zt-gcp-iam-sa-no-admin-roles",
    displayName: "Service accounts hold no admin or impersonation roles at the project or above",
    description:
        "No project, folder or organization IAM grant gives a service account an admin role (any role ending in \"admin\"), roles/owner, roles/editor, " +
        "or a role that impersonates other service accounts (Service Account Token Creator, Service Account User, Workload Identity User); the deploy " +
        "accounts may hold the admin roles listed in deployAccountRoles.",
    rationale:
        "A service account runs unattended: whoever controls its workload, or can impersonate it, holds its roles with no second factor and no human " +
        "in the loop. Admin roles at the project let it change any resource of a service (or its IAM); the impersonation roles at the project let it " +
        "act as every service account there, so one compromised VM becomes the most privileged identity in the project. Workloads get roles that " +
        "use a service, on the resource they need. The one account that must administer is the deploy pipeline's, reached only through Workload " +
        "Identity Federation from one repository environment; its admin roles are listed in config so that any addition is a reviewed change. " +
        "Grants on a single service account (actAs on one tier's account) are not project-wide and are left alone.",
    severity: "high",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cisBenchmark: { benchmark: "Google Cloud Platform Foundation v3.0.0", section: "1.5" },
    remediationSteps:
        "Replace the role with one that uses the service rather than administers it (e.g. roles/storage.objectViewer, " +
        "roles/cloudkms.cryptoKeyEncrypterDecrypter, roles/logging.logWriter), granted on the resource rather than the project. Grant " +
        "roles/iam.serviceAccountUser or roles/iam.workloadIdentityUser on the one service account to be impersonated, not on the project. For the " +
        "deploy pipeline, add the role to deployAccountRoles in the pack's config only after review.",
    configSchema: {
        properties: {
            deployAccounts: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: ["*-deploy@*.iam.gserviceaccount.com"],
                description: "Email globs of the deploy service accounts (zt:gcp:Identity names them <prefix>-<env>-deploy@<project>.iam.gserviceaccount.com).",
            },
            deployAccountRoles: {
                type: "array",
                items: { type: "string", minLength: 1 },
                uniqueItems: true,
                default: DEPLOY_ADMIN_ROLES,
                description: "Admin roles the deploy accounts may hold at the project or above; every other admin or impersonation role is refused to them too.",
            },
        },
    },
    validateResource: (args, report, config) => {
        if (!isHierarchyGrant(args.type)) {
            return args.notApplicable(`${args.type} is not a project, folder or organization IAM grant`);
        }
        const isDeploy = picomatch(config.deployAccounts, { nocase: true });
        const scope = grantScope(args.type);
        for (const grant of iamGrantsOf(args) ?? []) {
            const role = grant.role();
            if (role === undefined || !isAdminRole(role)) {
                continue;
            }
            for (const member of grant.members().filter((m) => memberType(m) === "serviceAccount")) {
                const email = member.slice("serviceAccount:".length);
                if (isDeploy(email) && config.deployAccountRoles.includes(role)) {
                    continue;
                }
                report(
                    `${grant.where} grants ${role} at the ${scope} to the service account ${email}: grant a role that uses the service rather than ` +
                        "administers it, on the resource it needs (impersonation roles on the one service account, not the project).",
                );
            }
        }
    },
});
