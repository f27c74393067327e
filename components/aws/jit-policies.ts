/**
 * Pure documents for zt:aws:JitAdmin: the step functions' and the state machine's role policies,
 * the workflow's trust, the approval topic's policy and the state machine definition. No
 * resources and no Outputs here. Every ARN is derived from names (./identity-names.ts), so each
 * document is known at preview.
 */
import { JIT_STEPS, type JitArns, type JitStep } from "./identity-names";
import { denyInsecureTransport, serviceTrustPolicy } from "./policy-statements";
import { SSO_PROVISIONING, doc, ssoPaths, type PolicyDocument, type Statement } from "./identity-policies";

/** The shortest elevation the workflow grants, in minutes. */
export const MIN_ELEVATION_MINUTES = 15;

// ---------------------------------------------------------------------------------------------
// Roles and the approval topic
// ---------------------------------------------------------------------------------------------

export interface JitContext {
    arns: JitArns;
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
    return doc(denyInsecureTransport(["sns:Publish", "sns:Subscribe", "sns:Receive"], topicArn));
}

/** Step Functions may assume the workflow role only for this account's JIT state machine. */
export function workflowTrust(a: JitArns): PolicyDocument {
    return serviceTrustPolicy("states.amazonaws.com", { StringEquals: { "aws:SourceAccount": a.accountId }, ArnLike: { "aws:SourceArn": a.stateMachine } });
}

// ---------------------------------------------------------------------------------------------
// The state machine
// ---------------------------------------------------------------------------------------------

export interface JitDefinitionContext {
    arns: JitArns;
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
