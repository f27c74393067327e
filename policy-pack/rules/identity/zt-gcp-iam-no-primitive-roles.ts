import { listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { BASIC_ROLES, GCP_IAM_TYPES, iamGrantsOf } from "../../lib/gcp-iam";
import { formatPath, readKnown } from "../../lib/props";

const TAIL = "grant the predefined or custom roles that cover only what the principal needs, and make admin rights eligible through a PAM entitlement.";

export default defineRule({
    id: "zt-gcp-iam-no-primitive-roles",
    displayName: "No basic roles (Owner, Editor, Viewer)",
    description:
        "No IAM member, binding or policy, on any resource or at the project, folder or organization, and no PAM entitlement grants roles/owner, roles/editor or roles/viewer.",
    rationale:
        "The basic roles predate IAM's per-service roles: Owner and Editor can change almost every resource of every service in their scope, Viewer can read " +
        "almost all of it (data-plane reads included), and all three silently gain the permissions of each new Google Cloud service. A grant of one is " +
        "standing privilege nobody can reason about. Zero Trust grants the narrowest predefined role per task, elevated just in time through Privileged " +
        "Access Manager. The rule reads every IAM type of the provider (`*IAMMember`, `*IamBinding`, `*IAMPolicy`, ...) by its type token, so a " +
        "bucket-level or key-level grant is caught as well as a project-level one.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 4],
    cisaPillar: "Identity",
    cis: "6.8",
    remediationSteps:
        "Replace the basic role with predefined roles (e.g. roles/compute.networkAdmin, roles/logging.viewer, roles/iam.securityReviewer) on the narrowest " +
        "resource that works. People who need admin rights get them as a PAM entitlement with approval and a short maximum duration; automation gets " +
        "its own service account with the predefined roles of what it deploys.",
    validateResource: (args, report) => {
        if (args.type === GCP_IAM_TYPES.entitlement) {
            const bindings = listOf(readKnown(args.props, ["privilegedAccess", "gcpIamAccess", "roleBindings"]));
            bindings.forEach((_, i) => {
                const path = ["privilegedAccess", "gcpIamAccess", "roleBindings", String(i), "role"];
                const role = readKnown(args.props, path);
                if (typeof role === "string" && BASIC_ROLES.includes(role)) {
                    report(`This PAM entitlement's ${formatPath(["privilegedAccess", "gcpIamAccess", "roleBindings", i])} grants the basic role ${role}: list the predefined roles the elevation needs instead.`);
                }
            });
            return;
        }
        const grants = iamGrantsOf(args);
        if (!grants) {
            return args.notApplicable(`${args.type} is not an IAM grant or a PAM entitlement`);
        }
        for (const grant of grants) {
            const role = grant.role();
            if (role !== undefined && BASIC_ROLES.includes(role)) {
                report(`${grant.where} grants the basic role ${role}: ${TAIL}`);
            }
        }
    },
});
