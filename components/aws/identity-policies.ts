/**
 * Pure IAM documents for zt:aws:Identity: trust policies, the permissions boundary, the deploy
 * role's IAM policy and the permission sets' inline policy. No resources and no Outputs here, so
 * every document can be unit-tested as plain JSON. Names and ARNs come from ./identity-names.ts;
 * service control policies live in ./identity-scps.ts, the JIT workflow's documents in ./jit-policies.ts.
 */
import type { DeployIdentityOwner } from "../../config/schema";
import { GITHUB_OIDC_HOST, type IdentityArns, type JitArns, type PermissionSetKey } from "./identity-names";

export type Statement = Record<string, unknown>;
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

export const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Customer managed policies are limited to 6,144 characters, whitespace excluded (IAM quota). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The AWS managed policy each permission set grants. */
export const PERMISSION_SET_POLICIES: Record<PermissionSetKey, string> = {
    "read-only": "ReadOnlyAccess",
    developer: "PowerUserAccess",
    admin: "AdministratorAccess",
};

// ---------------------------------------------------------------------------------------------
// Trust policies
// ---------------------------------------------------------------------------------------------

/** CI's deploy role: only GitHub's OIDC tokens for one repository's one environment, for STS. */
export function githubTrust(oidcProviderArn: string, repository: string, environment: string): PolicyDocument {
    return doc({
        Sid: "GitHubEnvironmentOnly",
        Effect: "Allow",
        Principal: { Federated: oidcProviderArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
            StringEquals: {
                [`${GITHUB_OIDC_HOST}:aud`]: "sts.amazonaws.com",
                [`${GITHUB_OIDC_HOST}:sub`]: `repo:${repository}:environment:${environment}`,
            },
        },
    });
}

/** Break-glass: principals of this account, with MFA used in the last hour. */
export function breakGlassTrust(partition: string, accountId: string): PolicyDocument {
    return doc({
        Sid: "AccountPrincipalsWithRecentMfa",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: "sts:AssumeRole",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } },
    });
}

// ---------------------------------------------------------------------------------------------
// Permissions boundary and the deploy role's IAM policy
// ---------------------------------------------------------------------------------------------

export interface BoundaryContext {
    arns: IdentityArns;
    prefix: string;
    /** Organization policy management is allowed only when the landing zone manages SCPs. */
    organization: boolean;
    /**
     * Which program declares the boundary (with the deploy role). "stack": CI, so CI alone may
     * change it. "bootstrap": no bounded principal may, CI included; the bootstrap runs as an
     * administrator the boundary does not bind.
     */
    deployIdentity: DeployIdentityOwner;
}

/** Services whose changes would blind the audit trail; no bounded principal may stop or delete them. */
const AUDIT_KILL_ACTIONS = [
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
    "guardduty:DeleteDetector", "guardduty:Disassociate*",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel",
    "securityhub:DisableSecurityHub", "securityhub:Disassociate*",
];

/** What Identity Center needs from the caller when it provisions its roles into this account (the deploy role and the JIT steps). */
export const SSO_PROVISIONING = {
    grant: ["iam:GetRole", "iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetSAMLProvider", "iam:CreateSAMLProvider", "iam:UpdateSAMLProvider"],
    revoke: ["iam:GetRole", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetSAMLProvider"],
};

export const ssoPaths = (a: Pick<JitArns, "partition" | "accountId">) => [
    `arn:${a.partition}:iam::${a.accountId}:role/aws-reserved/sso.amazonaws.com/*`,
    `arn:${a.partition}:iam::${a.accountId}:saml-provider/AWSSSO_*`,
];

/** The IAM writes the deploy role performs, each scoped; shared by its policy and the boundary. */
function scopedIamStatements(c: BoundaryContext): Statement[] {
    const a = c.arns;
    const iam = (r: string) => `arn:${a.partition}:iam::${a.accountId}:${r}`;
    const statements: Statement[] = [
        { Sid: "IamRead", Effect: "Allow", Action: ["iam:Get*", "iam:List*", "iam:GenerateServiceLastAccessedDetails", "iam:SimulatePrincipalPolicy"], Resource: "*" },
        {
            Sid: "OnlyBoundedRoles",
            Effect: "Allow",
            Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePermissionsBoundary"],
            Resource: iam("role/*"),
            Condition: { StringEquals: { "iam:PermissionsBoundary": a.boundary } },
        },
        {
            Sid: "LandingZoneIam",
            Effect: "Allow",
            Action: [
                "iam:DeleteRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:PassRole",
                "iam:CreatePolicy", "iam:DeletePolicy", "iam:*PolicyVersion", "iam:TagPolicy", "iam:UntagPolicy", "iam:*InstanceProfile",
            ],
            Resource: [iam(`role/${c.prefix}-*`), iam(`policy/${c.prefix}-*`), iam(`instance-profile/${c.prefix}-*`)],
        },
        { Sid: "ServiceLinkedRoles", Effect: "Allow", Action: "iam:CreateServiceLinkedRole", Resource: iam("role/aws-service-role/*") },
        { Sid: "AccountSettings", Effect: "Allow", Action: ["iam:UpdateAccountPasswordPolicy", "iam:DeleteAccountPasswordPolicy"], Resource: "*" },
        // The OIDC provider is the deploy identity's: its owner's to manage (see deployIdentity).
        ...(c.deployIdentity === "stack" ? [{ Sid: "GitHubOidcProvider", Effect: "Allow", Action: "iam:*OpenIDConnectProvider*", Resource: a.oidcProvider }] : []),
        { Sid: "IdentityCenterProvisioning", Effect: "Allow", Action: [...new Set([...SSO_PROVISIONING.grant, ...SSO_PROVISIONING.revoke])], Resource: ssoPaths(a) },
    ];
    if (c.organization) {
        statements.push({
            Sid: "ServiceControlPolicies",
            Effect: "Allow",
            Action: ["organizations:Describe*", "organizations:List*", "organizations:CreatePolicy", "organizations:UpdatePolicy", "organizations:DeletePolicy", "organizations:AttachPolicy", "organizations:DetachPolicy", "organizations:TagResource", "organizations:UntagResource"],
            Resource: "*",
        });
    }
    return statements;
}

/**
 * The ceiling on every landing-zone role (and Identity Center permission set). It grants nothing by
 * itself; it caps. Everything outside IAM, Organizations and Account is within the ceiling; IAM only
 * as scoped statements; then explicit denies no attached policy can undo.
 */
export function permissionsBoundary(c: BoundaryContext): PolicyDocument {
    const a = c.arns;
    const ci = [a.deployRole];
    const operators = [a.deployRole, a.breakGlassRole];
    return doc(
        { Sid: "AllServicesButIdentityAdmin", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" },
        ...scopedIamStatements(c),
        {
            // Only its owner changes the boundary: a reviewed change, never a session's. When the
            // bootstrap owns it, not even CI: the pipeline cannot raise the ceiling it wears.
            Sid: "ProtectBoundary",
            Effect: "Deny",
            Action: ["iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
            Resource: a.boundary,
            ...(c.deployIdentity === "stack" ? { Condition: { ArnNotLike: { "aws:PrincipalArn": ci } } } : {}),
        },
        // When the bootstrap owns the deploy role, the pipeline cannot rewrite its own trust or
        // rights. Break-glass may, to revoke its sessions in an incident.
        ...(c.deployIdentity === "bootstrap" ? [{
            Sid: "DeployRoleByBootstrapOnly",
            Effect: "Deny",
            Action: ["iam:Update*", "iam:Put*", "iam:Delete*", "iam:Attach*", "iam:Detach*", "iam:Tag*", "iam:Untag*"],
            Resource: a.deployRole,
            Condition: { ArnNotLike: { "aws:PrincipalArn": a.breakGlassRole } },
        }] : []),
        { Sid: "KeepBoundaries", Effect: "Deny", Action: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"], Resource: "*" },
        {
            // Identity Center creates its own roles (under aws-reserved) with the boundary its permission set names.
            Sid: "NoOtherBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            NotResource: ssoPaths(a)[0],
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": a.boundary } },
        },
        { Sid: "NoLongLivedCredentials", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"], Resource: "*" },
        { Sid: "KeepAuditOn", Effect: "Deny", Action: AUDIT_KILL_ACTIONS, Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": [a.breakGlassRole] } } },
        { Sid: "StayInOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" },
        {
            // Who may hold access is decided by CI (standing sets) and the JIT workflow (admin), nobody else.
            Sid: "IdentityCenterByCiAndJitOnly",
            Effect: "Deny",
            Action: ["sso:Create*", "sso:Delete*", "sso:Put*", "sso:Attach*", "sso:Detach*", "sso:Update*", "sso:Provision*", "identitystore:Create*", "identitystore:Delete*", "identitystore:Update*"],
            Resource: "*",
            Condition: { ArnNotLike: { "aws:PrincipalArn": [...operators, a.jitRoles.grant, a.jitRoles.revoke] } },
        },
        {
            // An elevated session must not rewire the workflow that will end it, or reuse its roles.
            Sid: "ProtectLandingZone",
            Effect: "Deny",
            Action: [
                "iam:Update*", "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Delete*", "iam:PassRole",
                "lambda:Update*", "lambda:Delete*", "lambda:Put*", "lambda:AddPermission", "lambda:InvokeFunction",
                "states:Update*", "states:Delete*", "states:StopExecution", "sns:Subscribe", "sns:SetTopicAttributes", "sns:DeleteTopic", "sns:AddPermission",
                "logs:Delete*", "logs:PutRetentionPolicy", "logs:DisassociateKmsKey",
            ],
            Resource: [
                `arn:${a.partition}:iam::${a.accountId}:role/${c.prefix}-*`,
                a.jitFunctionsPattern, a.stateMachine, a.executions, a.approvalTopic, a.jitLogGroupsPattern, `${a.workflowLogGroup}*`,
            ],
            Condition: { ArnNotLike: { "aws:PrincipalArn": [...operators, a.workflowRole] } },
        },
    );
}

/** The deploy role's own IAM rights (PowerUserAccess has none): bounded roles and landing-zone IAM only. */
export function deployIamPolicy(c: BoundaryContext): PolicyDocument {
    return doc(...scopedIamStatements(c));
}

// ---------------------------------------------------------------------------------------------
// Permission sets
// ---------------------------------------------------------------------------------------------

/**
 * Inline policy on every permission set: anyone signed in may ask for elevation, nobody can read an
 * execution's history (it holds the approval's task token, which is the approval itself).
 */
export function permissionSetJitPolicy(a: JitArns): PolicyDocument {
    return doc(
        { Sid: "RequestElevation", Effect: "Allow", Action: "states:StartExecution", Resource: a.stateMachine },
        { Sid: "NoApprovalTokens", Effect: "Deny", Action: "states:GetExecutionHistory", Resource: a.executions },
    );
}
