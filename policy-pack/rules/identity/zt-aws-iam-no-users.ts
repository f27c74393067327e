import { listOf } from "../../lib/aws-props";
import { defineRule } from "../../lib/define-rule";
import { readKnown } from "../../lib/props";

const FIX = "use IAM Identity Center for people and IAM roles for workloads (GitHub OIDC, instance profiles, EKS Pod Identity), then remove it.";

/** The IAM types that create, credential or empower an IAM user, with how messages name them. */
const USER_TYPES: Readonly<Record<string, string>> = {
    "aws:iam/user:User": "This IAM user is a long-lived identity",
    "aws:iam/accessKey:AccessKey": "This IAM access key is a long-lived credential",
    "aws:iam/userLoginProfile:UserLoginProfile": "This IAM user login profile is a long-lived console password",
    "aws:iam/serviceSpecificCredential:ServiceSpecificCredential": "This service-specific credential is a long-lived credential of an IAM user",
    "aws:iam/signingCertificate:SigningCertificate": "This signing certificate is a long-lived credential of an IAM user",
    "aws:iam/sshKey:SshKey": "This IAM SSH public key is a long-lived credential of an IAM user",
    "aws:iam/userPolicy:UserPolicy": "This inline policy grants permissions to an IAM user",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": "This policy attachment grants permissions to an IAM user",
    "aws:iam/userPoliciesExclusive:UserPoliciesExclusive": "This resource manages the inline policies of an IAM user",
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": "This resource manages the policy attachments of an IAM user",
    "aws:iam/userGroupMembership:UserGroupMembership": "This group membership grants permissions to an IAM user",
    "aws:iam/groupMembership:GroupMembership": "This group membership grants permissions to IAM users",
};

export default defineRule({
    id: "zt-aws-iam-no-users",
    displayName: "No IAM users or long-lived credentials",
    description: "The stack creates no IAM users, access keys, login profiles or other user credentials, and grants no permissions to IAM users.",
    rationale:
        "IAM users authenticate with passwords and access keys that never expire on their own; leaked keys are the most common way into AWS accounts. " +
        "Zero Trust grants access per session: people sign in through IAM Identity Center (with MFA and short sessions) and workloads assume roles with " +
        "temporary credentials, so there is no standing secret to steal or rotate.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6, 3],
    cisaPillar: "Identity",
    cis: "5.4",
    remediationSteps:
        "Delete the IAM user and everything attached to it. Give people access through an IAM Identity Center permission set; give CI a role it assumes " +
        "with GitHub OIDC (zt:aws:Identity's deploy role); give instances an instance profile and pods EKS Pod Identity. If a third-party tool truly needs " +
        "an access key, record a time-boxed exception in policy-pack/exceptions.yaml and keep the key in Secrets Manager with rotation.",
    validateResource: (args, report) => {
        if (args.type === "aws:iam/policyAttachment:PolicyAttachment") {
            // Exclusive attachments name roles, groups and users; only the users are a problem.
            if (listOf(readKnown(args.props, ["users"])).length > 0) {
                report(`This policy attachment grants permissions to IAM users (users): ${FIX}`);
            }
            return;
        }
        const what = USER_TYPES[args.type];
        if (!what) {
            return args.notApplicable(`${args.type} is not an IAM user or user credential`);
        }
        report(`${what}: ${FIX}`);
    },
});
