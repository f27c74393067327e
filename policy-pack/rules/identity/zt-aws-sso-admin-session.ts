import { PolicyResource } from "@pulumi/policy";
import { isoDurationSeconds } from "../../lib/aws-props";
import { refersTo } from "../../lib/links";
import { defineRule } from "../../lib/define-rule";
import { allowsWildcardAdmin, parsePolicyDocument } from "../../lib/iam-policy";
import { isUnknown, readRaw } from "../../lib/props";
import { SSO_DEFAULT_SESSION } from "./zt-aws-sso-session-duration";

export interface AdminSessionConfig {
    /** Longest sessionDuration a permission set granting administrator access may have. */
    maxAdminSessionDuration: string;
}

const PERMISSION_SET = "aws:ssoadmin/permissionSet:PermissionSet";
const MANAGED_ATTACHMENT = "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment";
const INLINE_POLICY = "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy";
/** The AWS managed AdministratorAccess policy, in any partition. */
const ADMINISTRATOR_ACCESS = /^arn:aws[a-z-]*:iam::aws:policy\/AdministratorAccess$/;

/** What makes a permission set an administrator set, by the resource that grants it. */
function adminGrant(r: PolicyResource): string | undefined {
    if (r.type === MANAGED_ATTACHMENT) {
        const arn = readRaw(r.props, ["managedPolicyArn"]);
        return typeof arn === "string" && ADMINISTRATOR_ACCESS.test(arn) ? "the AdministratorAccess managed policy" : undefined;
    }
    if (r.type === INLINE_POLICY) {
        return allowsWildcardAdmin(parsePolicyDocument(readRaw(r.props, ["inlinePolicy"]))) ? 'an inline policy allowing "*" on "*"' : undefined;
    }
    return undefined;
}

export default defineRule<AdminSessionConfig>({
    id: "zt-aws-sso-admin-session",
    displayName: "Administrator sessions last at most an hour",
    description: "A permission set that grants administrator access (AdministratorAccess, or an inline policy allowing everything) has a sessionDuration of at most PT1H.",
    rationale:
        "Administrator credentials are the most valuable thing in the account. Just-in-time elevation only limits exposure if the session it hands out " +
        "also ends soon: an eight-hour admin session outlives the approval, the incident and often the working day. This is a stack rule because the " +
        "policy is attached by separate resources, linked to the permission set through permissionSetArn.",
    severity: "high",
    pillar: "identity",
    nistTenets: [3, 6],
    cisaPillar: "Identity",
    cis: "6.2",
    remediationSteps:
        'Set sessionDuration on the admin permission set to "PT1H" or less (this project: aws.identityCenter.sessionMinutes.admin). Grant the set ' +
        "just in time (zt:aws:Identity's elevation workflow) rather than as a standing assignment.",
    configSchema: {
        properties: {
            maxAdminSessionDuration: {
                type: "string",
                pattern: "^PT(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?$",
                default: "PT1H",
                description: "Longest sessionDuration of a permission set granting administrator access, as an ISO-8601 duration.",
            },
        },
    },
    validateStack: (args, report, config) => {
        const sets = args.resources.filter((r) => r.type === PERMISSION_SET);
        if (sets.length === 0) {
            return args.notApplicable("the stack has no Identity Center permission sets");
        }
        const grants = args.resources.map((r) => ({ r, what: adminGrant(r) })).filter((g) => g.what);
        const max = isoDurationSeconds(config.maxAdminSessionDuration) ?? 3600;
        for (const set of sets) {
            const grant = grants.find((g) => refersTo(g.r, "permissionSetArn", set, { targetProps: ["arn"] }));
            if (!grant) {
                continue;
            }
            const value = readRaw(set.props, ["sessionDuration"]);
            if (isUnknown(value)) {
                continue;
            }
            const duration = typeof value === "string" && value.trim() !== "" ? value : SSO_DEFAULT_SESSION;
            const seconds = isoDurationSeconds(duration);
            if (seconds === undefined || seconds > max) {
                report(
                    `This permission set grants administrator access (${grant.what}) with sessionDuration ${duration}: ` +
                        `set it to ${config.maxAdminSessionDuration} or less so elevated sessions end soon after they are granted.`,
                    set.urn,
                );
            }
        }
    },
});
