/**
 * Pure builders for zt:aws:Identity: physical names, ARNs, IAM documents (boundary, trust,
 * inline, service control policies) and the just-in-time admin state machine. No resources and
 * no Outputs here, so every document can be unit-tested as plain JSON.
 *
 * ARNs are derived from physical names instead of read from resource outputs: a derived ARN is
 * known during preview, so the policy pack can read every document these builders write.
 */

export type Statement = Record<string, unknown>;
export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: Statement[];
}

const doc = (...statements: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Service control policies are limited to 5,120 characters (AWS Organizations quota). */
export const SCP_MAX_CHARS = 5120;
/** Customer managed policies are limited to 6,144 characters, whitespace excluded (IAM quota). */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The principal tag that exempts a principal from the access-key SCP, and the value that counts. */
export const ACCESS_KEY_EXCEPTION_TAG = { key: "zt-access-key-exception", value: "approved" } as const;

/** The shortest elevation the workflow grants, in minutes. */
export const MIN_ELEVATION_MINUTES = 15;

export const JIT_STEPS = ["validate", "grant", "revoke"] as const;
export type JitStep = (typeof JIT_STEPS)[number];

export const PERMISSION_SETS = ["read-only", "developer", "admin"] as const;
export type PermissionSetKey = (typeof PERMISSION_SETS)[number];

/** The AWS managed policy each permission set grants. */
export const PERMISSION_SET_POLICIES: Record<PermissionSetKey, string> = {
    "read-only": "ReadOnlyAccess",
    developer: "PowerUserAccess",
    admin: "AdministratorAccess",
};

/** The partition a region belongs to; ARNs and managed policy ARNs differ per partition. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    return "aws";
}

/** Minutes as an ISO-8601 duration, the form permission sets take: 90 → "PT1H30M". */
export function isoDuration(minutes: number): string {
    if (!Number.isInteger(minutes) || minutes <= 0) throw new Error(`session length must be a positive whole number of minutes, got ${minutes}`);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}`;
}

/** A directory group's display name as a logical-name key: "Platform Admins" → "platform-admins". */
export function groupSlug(name: string): string {
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    if (!slug) throw new Error(`group name "${name}" has no letters or digits to name its assignment by`);
    return slug;
}

export interface IdentityNames {
    boundary: string;
    deploy: string;
    breakGlass: string;
    permissionSets: Record<PermissionSetKey, string>;
    /** Function and role name of each workflow step (the role is named after its function). */
    jit: Record<JitStep, string>;
    /** Matches every step's name, and nothing else the landing zone creates. */
    jitPattern: string;
    workflowRole: string;
    stateMachine: string;
    approvalTopic: string;
    workflowLogGroup: string;
    accessAnalyzer: string;
}

/** Every physical name the pillar uses, from the prefix and the names other pillars already refer to. */
export function identityNames(prefix: string, roleNames: { deploy: string; breakGlass: string; adminPermissionSet: string }): IdentityNames {
    return {
        boundary: `${prefix}-boundary`,
        deploy: roleNames.deploy,
        breakGlass: roleNames.breakGlass,
        permissionSets: { "read-only": `${prefix}-read-only`, developer: `${prefix}-developer`, admin: roleNames.adminPermissionSet },
        jit: { validate: `${prefix}-jit-validate`, grant: `${prefix}-jit-grant`, revoke: `${prefix}-jit-revoke` },
        jitPattern: `${prefix}-jit-*`,
        workflowRole: `${prefix}-jit-workflow`,
        stateMachine: `${prefix}-jit-admin`,
        approvalTopic: `${prefix}-jit-approvals`,
        // The vended-logs prefix keeps Step Functions from growing the account's log resource policy.
        workflowLogGroup: `/aws/vendedlogs/states/${prefix}-jit-admin`,
        accessAnalyzer: `${prefix}-access`,
    };
}

export interface IdentityArns {
    partition: string;
    accountId: string;
    boundary: string;
    deployRole: string;
    breakGlassRole: string;
    oidcProvider: string;
    jitRoles: Record<JitStep, string>;
    jitFunctions: Record<JitStep, string>;
    jitLogGroups: Record<JitStep, string>;
    /** All step functions, and all their log groups (wildcards keep the boundary within IAM's size limit). */
    jitFunctionsPattern: string;
    jitLogGroupsPattern: string;
    workflowRole: string;
    stateMachine: string;
    /** Executions of the state machine (`execution:<machine>:*`). */
    executions: string;
    approvalTopic: string;
    workflowLogGroup: string;
}

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

/** The log group a function writes to (`/aws/lambda/<name>`, the name Lambda would pick itself). */
export const lambdaLogGroupName = (fn: string) => `/aws/lambda/${fn}`;

export function identityArns(partition: string, region: string, accountId: string, names: IdentityNames): IdentityArns {
    const iam = (r: string) => `arn:${partition}:iam::${accountId}:${r}`;
    const regional = (svc: string, r: string) => `arn:${partition}:${svc}:${region}:${accountId}:${r}`;
    const perStep = (f: (step: JitStep) => string) => Object.fromEntries(JIT_STEPS.map((s) => [s, f(s)])) as Record<JitStep, string>;
    return {
        partition,
        accountId,
        boundary: iam(`policy/${names.boundary}`),
        deployRole: iam(`role/${names.deploy}`),
        breakGlassRole: iam(`role/${names.breakGlass}`),
        oidcProvider: iam(`oidc-provider/${GITHUB_OIDC_HOST}`),
        jitRoles: perStep((s) => iam(`role/${names.jit[s]}`)),
        jitFunctions: perStep((s) => regional("lambda", `function:${names.jit[s]}`)),
        jitLogGroups: perStep((s) => regional("logs", `log-group:${lambdaLogGroupName(names.jit[s])}`)),
        jitFunctionsPattern: regional("lambda", `function:${names.jitPattern}`),
        jitLogGroupsPattern: regional("logs", `log-group:${lambdaLogGroupName(names.jitPattern)}`),
        workflowRole: iam(`role/${names.workflowRole}`),
        stateMachine: regional("states", `stateMachine:${names.stateMachine}`),
        executions: regional("states", `execution:${names.stateMachine}:*`),
        approvalTopic: regional("sns", names.approvalTopic),
        workflowLogGroup: regional("logs", `log-group:${names.workflowLogGroup}`),
    };
}

// ---------------------------------------------------------------------------------------------
// Trust policies
// ---------------------------------------------------------------------------------------------

/** A role only an AWS service can assume; `condition` narrows it to this account's use (confused deputy). */
export function serviceTrust(service: string, condition?: Record<string, unknown>): PolicyDocument {
    return doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) });
}

/** Step Functions may assume the workflow role only for this account's JIT state machine. */
export function workflowTrust(a: IdentityArns): PolicyDocument {
    return serviceTrust("states.amazonaws.com", { StringEquals: { "aws:SourceAccount": a.accountId }, ArnLike: { "aws:SourceArn": a.stateMachine } });
}

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
}

/** Services whose changes would blind the audit trail; no bounded principal may stop or delete them. */
const AUDIT_KILL_ACTIONS = [
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail",
    "guardduty:DeleteDetector", "guardduty:Disassociate*",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel",
    "securityhub:DisableSecurityHub", "securityhub:Disassociate*",
];

/** What Identity Center needs from the caller when it provisions its roles into this account. */
const SSO_PROVISIONING = {
    grant: ["iam:GetRole", "iam:CreateRole", "iam:AttachRolePolicy", "iam:PutRolePolicy", "iam:PutRolePermissionsBoundary", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetSAMLProvider", "iam:CreateSAMLProvider", "iam:UpdateSAMLProvider"],
    revoke: ["iam:GetRole", "iam:DeleteRole", "iam:DetachRolePolicy", "iam:DeleteRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies", "iam:GetSAMLProvider"],
};

const ssoPaths = (a: IdentityArns) => [
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
        { Sid: "GitHubOidcProvider", Effect: "Allow", Action: "iam:*OpenIDConnectProvider*", Resource: a.oidcProvider },
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
            // Only CI changes the boundary itself: a reviewed change, never a session's.
            Sid: "ProtectBoundary",
            Effect: "Deny",
            Action: ["iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy"],
            Resource: a.boundary,
            Condition: { ArnNotLike: { "aws:PrincipalArn": ci } },
        },
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
// Service control policies
// ---------------------------------------------------------------------------------------------

export interface ScpContext {
    partition: string;
    deployRoleName: string;
    allowedRegions: string[];
    trustedSourceCidrs: string[];
}

/** Global services, or calls served only from us-east-1, that the region guardrail must not block. */
const GLOBAL_ACTIONS = [
    "iam:*", "organizations:*", "account:*", "sts:*", "route53:*", "route53domains:*", "cloudfront:*", "globalaccelerator:*",
    "waf:*", "wafv2:*", "shield:*", "support:*", "trustedadvisor:*", "health:*", "budgets:*", "ce:*", "cur:*", "pricing:*",
    "aws-portal:*", "networkmanager:*", "ec2:DescribeRegions", "s3:ListAllMyBuckets", "s3:GetAccountPublicAccessBlock",
];

/** Actions that change who can do what, or destroy keys: MFA (and, when configured, a trusted network) required. */
export const PRIVILEGED_ACTIONS = [
    "iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:Put*", "iam:Remove*", "iam:Set*", "iam:Update*", "iam:Upload*",
    "iam:Tag*", "iam:Untag*", "organizations:*", "account:*",
    "kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy", "kms:DeleteImportedKeyMaterial",
];

/** Audit services: stopping, deleting or reconfiguring them is denied to all but the pinned CI role. */
const AUDIT_CHANGE_ACTIONS = [
    "cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "cloudtrail:PutEventSelectors",
    "guardduty:DeleteDetector", "guardduty:UpdateDetector", "guardduty:Disassociate*", "guardduty:StopMonitoringMembers", "guardduty:CreateFilter", "guardduty:UpdateFilter",
    "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:PutConfigurationRecorder", "config:DeleteDeliveryChannel", "config:PutDeliveryChannel",
    "securityhub:DisableSecurityHub", "securityhub:Disassociate*", "securityhub:BatchDisableStandards",
];

export const SCP_KEYS = ["access-keys", "leave-organization", "audit-services", "regions", "root-user", "privileged-actions"] as const;
export type ScpKey = (typeof SCP_KEYS)[number];

/** One compact document per guardrail, keyed by a stable word (the key names the policy and its attachments). */
export function serviceControlPolicies(c: ScpContext): Record<ScpKey, PolicyDocument> {
    const deploy = `arn:${c.partition}:iam::*:role/${c.deployRoleName}`;
    const serviceLinked = `arn:${c.partition}:iam::*:role/aws-service-role/*`;
    // Identity Center sessions carry no aws:MultiFactorAuthPresent; Identity Center enforces MFA at sign-in.
    const identityCenter = `arn:${c.partition}:iam::*:role/aws-reserved/sso.amazonaws.com/*`;
    const tag = ACCESS_KEY_EXCEPTION_TAG;
    const privileged: Statement[] = [{
        Sid: "DenyPrivilegedWithoutMfa",
        Effect: "Deny",
        Action: PRIVILEGED_ACTIONS,
        Resource: "*",
        Condition: {
            BoolIfExists: { "aws:MultiFactorAuthPresent": "false", "aws:ViaAWSService": "false" },
            ArnNotLike: { "aws:PrincipalArn": [deploy, serviceLinked, identityCenter] },
        },
    }];
    if (c.trustedSourceCidrs.length > 0) {
        privileged.push({
            Sid: "DenyPrivilegedOffNetwork",
            Effect: "Deny",
            Action: PRIVILEGED_ACTIONS,
            Resource: "*",
            Condition: {
                NotIpAddress: { "aws:SourceIp": c.trustedSourceCidrs },
                BoolIfExists: { "aws:ViaAWSService": "false" },
                ArnNotLike: { "aws:PrincipalArn": [deploy, serviceLinked] },
            },
        });
    }
    return {
        "access-keys": doc(
            { Sid: "DenyAccessKeys", Effect: "Deny", Action: "iam:CreateAccessKey", Resource: "*", Condition: { StringNotEquals: { [`aws:PrincipalTag/${tag.key}`]: tag.value } } },
            // The exception is granted in code (CI), never by a principal tagging itself.
            {
                Sid: "DenyGrantingTheException",
                Effect: "Deny",
                Action: ["iam:TagUser", "iam:UntagUser", "iam:TagRole", "iam:UntagRole"],
                Resource: "*",
                Condition: { "ForAnyValue:StringEquals": { "aws:TagKeys": [tag.key] }, ArnNotLike: { "aws:PrincipalArn": deploy } },
            },
        ),
        "leave-organization": doc({ Sid: "DenyLeaveOrganization", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }),
        // CI is exempt so the audit services stay managed as code; everyone else only reads them.
        "audit-services": doc({ Sid: "DenyAuditChanges", Effect: "Deny", Action: AUDIT_CHANGE_ACTIONS, Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": deploy } } }),
        regions: doc({ Sid: "DenyOtherRegions", Effect: "Deny", NotAction: GLOBAL_ACTIONS, Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": c.allowedRegions } } }),
        "root-user": doc({ Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": `arn:${c.partition}:iam::*:root` } } }),
        "privileged-actions": doc(...privileged),
    };
}

// ---------------------------------------------------------------------------------------------
// Just-in-time admin: function roles, workflow role, approval topic, permission-set guard
// ---------------------------------------------------------------------------------------------

export interface JitContext {
    arns: IdentityArns;
    instanceArn: string;
    identityStoreId: string;
    adminPermissionSetArn: string;
    adminGroupIds: string[];
    keyArn: string;
}

/** What each step's function may do: write its own logs and traces, decrypt its environment, and its one SSO call. */
export function jitFunctionPolicy(step: JitStep, c: JitContext): PolicyDocument {
    const a = c.arns;
    const statements: Statement[] = [
        { Sid: "OwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${a.jitLogGroups[step]}:*` },
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
        { Sid: "Environment", Effect: "Allow", Action: "kms:Decrypt", Resource: c.keyArn },
    ];
    if (step === "validate") return doc(...statements);
    const change = step === "grant" ? "sso:CreateAccountAssignment" : "sso:DeleteAccountAssignment";
    const status = step === "grant" ? "sso:DescribeAccountAssignmentCreationStatus" : "sso:DescribeAccountAssignmentDeletionStatus";
    statements.push(
        { Sid: "AdminAssignment", Effect: "Allow", Action: change, Resource: [c.instanceArn, c.adminPermissionSetArn, `arn:${a.partition}:sso:::account/${a.accountId}`] },
        { Sid: "AssignmentStatus", Effect: "Allow", Action: status, Resource: c.instanceArn },
        { Sid: "IdentityCenterProvisioning", Effect: "Allow", Action: SSO_PROVISIONING[step], Resource: ssoPaths(a) },
    );
    return doc(...statements);
}

/** The state machine's role: invoke its three functions, check group membership, publish approvals, deliver logs and traces. */
export function jitWorkflowPolicy(c: JitContext): PolicyDocument {
    const a = c.arns;
    const store = `arn:${a.partition}:identitystore::${a.accountId}:identitystore/${c.identityStoreId}`;
    return doc(
        { Sid: "InvokeSteps", Effect: "Allow", Action: "lambda:InvokeFunction", Resource: JIT_STEPS.flatMap((s) => [a.jitFunctions[s], `${a.jitFunctions[s]}:*`]) },
        {
            Sid: "CheckAdminGroupMembership",
            Effect: "Allow",
            Action: "identitystore:IsMemberInGroups",
            Resource: [store, ...c.adminGroupIds.map((g) => `arn:${a.partition}:identitystore:::group/${g}`), `arn:${a.partition}:identitystore:::user/*`, `arn:${a.partition}:identitystore:::membership/*`],
        },
        { Sid: "PublishApprovals", Effect: "Allow", Action: "sns:Publish", Resource: a.approvalTopic },
        { Sid: "EncryptApprovals", Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: c.keyArn },
        {
            // Log delivery actions take no resource ARN (Step Functions developer guide, "Logging using CloudWatch Logs").
            Sid: "LogDelivery",
            Effect: "Allow",
            Action: ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"],
            Resource: "*",
        },
        { Sid: "Tracing", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], Resource: "*" },
    );
}

/** The approval topic refuses anything not sent over TLS. Same-account access comes from identity policies. */
export function approvalTopicPolicy(topicArn: string): PolicyDocument {
    return doc({
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: ["sns:Publish", "sns:Subscribe", "sns:Receive"],
        Resource: topicArn,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
}

/**
 * Inline policy on every permission set: anyone signed in may ask for elevation, nobody can read an
 * execution's history (it holds the approval's task token, which is the approval itself).
 */
export function permissionSetJitPolicy(a: IdentityArns): PolicyDocument {
    return doc(
        { Sid: "RequestElevation", Effect: "Allow", Action: "states:StartExecution", Resource: a.stateMachine },
        { Sid: "NoApprovalTokens", Effect: "Deny", Action: "states:GetExecutionHistory", Resource: a.executions },
    );
}

// ---------------------------------------------------------------------------------------------
// The state machine
// ---------------------------------------------------------------------------------------------

export interface JitDefinitionContext {
    arns: IdentityArns;
    identityStoreId: string;
    adminGroupIds: string[];
    approvalTimeoutSeconds: number;
}

/** Transient Lambda service errors worth retrying on any step. */
const LAMBDA_TRANSIENT = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"];

/**
 * Validate → membership → approval (SNS task token, fails closed on timeout) → grant → wait → revoke.
 * Step Functions cannot run a step when an execution is stopped, so revocation relies on the
 * execution finishing: the boundary denies states:StopExecution to everyone but CI and break-glass,
 * and the admin permission set's one-hour session caps what a missed revocation exposes per sign-in.
 */
export function jitDefinition(c: JitDefinitionContext): Record<string, unknown> {
    const a = c.arns;
    const lambda = `arn:${a.partition}:states:::lambda:invoke`;
    const retryTransient = { ErrorEquals: LAMBDA_TRANSIENT, IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 };
    const request = { "principalId.$": "$.principalId", "minutes.$": "$.minutes", "reason.$": "$.reason" };
    const step = (fn: JitStep, resultPath: string) => ({
        Type: "Task",
        Resource: lambda,
        Parameters: { FunctionName: a.jitFunctions[fn], Payload: request },
        ResultSelector: { "result.$": "$.Payload" },
        ResultPath: resultPath,
    });
    // Revocation keeps trying for about an hour before it gives up and raises the alarm.
    const revokeRetry = [retryTransient, { ErrorEquals: ["States.ALL"], IntervalSeconds: 30, MaxAttempts: 8, BackoffRate: 2, MaxDelaySeconds: 600 }];
    const catchAll = (next: string) => [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: next }];
    const fail = (error: string, cause: string) => ({ Type: "Fail", Error: error, Cause: cause });
    return {
        Comment: "Just-in-time admin: validate, check admin-group membership, approve, grant, wait, revoke.",
        StartAt: "Validate",
        States: {
            Validate: {
                Type: "Task",
                Resource: lambda,
                Parameters: { FunctionName: a.jitFunctions.validate, "Payload.$": "$" },
                // Only the validated fields travel on: anything else in the request is dropped here.
                OutputPath: "$.Payload",
                Retry: [retryTransient],
                Catch: catchAll("Rejected"),
                Next: "CheckMembership",
            },
            CheckMembership: {
                Type: "Task",
                Resource: `arn:${a.partition}:states:::aws-sdk:identitystore:isMemberInGroups`,
                Parameters: { IdentityStoreId: c.identityStoreId, MemberId: { "UserId.$": "$.principalId" }, GroupIds: c.adminGroupIds },
                ResultSelector: { "results.$": "$.Results" },
                ResultPath: "$.membership",
                Catch: catchAll("NotEligible"),
                Next: "IsAdminGroupMember",
            },
            IsAdminGroupMember: {
                Type: "Choice",
                Choices: [{
                    Or: c.adminGroupIds.map((_, i) => ({
                        And: [
                            { Variable: `$.membership.results[${i}].MembershipExists`, IsPresent: true },
                            { Variable: `$.membership.results[${i}].MembershipExists`, BooleanEquals: true },
                        ],
                    })),
                    Next: "RequestApproval",
                }],
                Default: "NotEligible",
            },
            RequestApproval: {
                Type: "Task",
                Resource: `arn:${a.partition}:states:::sns:publish.waitForTaskToken`,
                Parameters: {
                    TopicArn: a.approvalTopic,
                    Subject: "Just-in-time admin request",
                    Message: {
                        "execution.$": "$$.Execution.Id",
                        "principalId.$": "$.principalId",
                        "minutes.$": "$.minutes",
                        "reason.$": "$.reason",
                        account: a.accountId,
                        "taskToken.$": "$$.Task.Token",
                        howToAnswer: "aws stepfunctions send-task-success --task-token <taskToken> --task-output '{}' (or send-task-failure to refuse)",
                    },
                },
                // No answer in time is a refusal: the workflow fails closed.
                TimeoutSeconds: c.approvalTimeoutSeconds,
                ResultPath: "$.approval",
                Catch: catchAll("NotApproved"),
                Next: "GrantAdmin",
            },
            GrantAdmin: { ...step("grant", "$.grant"), Retry: [retryTransient], Catch: catchAll("RevokeAfterFailedGrant"), Next: "WaitForExpiry" },
            WaitForExpiry: { Type: "Wait", SecondsPath: "$.seconds", Next: "RevokeAdmin" },
            RevokeAdmin: { ...step("revoke", "$.revoke"), Retry: revokeRetry, Catch: catchAll("AlertRevocationFailed"), Next: "Revoked" },
            Revoked: { Type: "Succeed" },
            // A grant that timed out may still complete later: revoke anyway.
            RevokeAfterFailedGrant: { ...step("revoke", "$.revoke"), Retry: revokeRetry, Catch: catchAll("AlertRevocationFailed"), Next: "GrantFailed" },
            GrantFailed: fail("GrantFailed", "The admin assignment could not be created; any partial assignment was revoked."),
            AlertRevocationFailed: {
                Type: "Task",
                Resource: `arn:${a.partition}:states:::sns:publish`,
                Parameters: {
                    TopicArn: a.approvalTopic,
                    Subject: "JIT admin revocation FAILED",
                    Message: { "execution.$": "$$.Execution.Id", "principalId.$": "$.principalId", action: "Delete this principal's admin account assignment by hand now." },
                },
                ResultPath: null,
                Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 5, MaxAttempts: 5, BackoffRate: 2 }],
                Next: "RevocationFailed",
            },
            RevocationFailed: fail("RevocationFailed", "The admin assignment could not be deleted; the approval topic was alerted."),
            NotApproved: fail("NotApproved", "The request was refused or not answered in time."),
            NotEligible: fail("NotEligible", "The principal is not in an admin group."),
            Rejected: fail("RequestRejected", "The request failed validation."),
        },
    };
}
