/**
 * Just-in-time admin: the three Lambda steps of the elevation state machine.
 *
 * - `validate` checks the request the execution started with ({ principalId, minutes, reason })
 *   and returns only the validated fields plus `seconds`, which the Wait state reads.
 * - `grant` assigns the admin permission set to the Identity Center user for this account, and
 *   waits until Identity Center reports the assignment SUCCEEDED.
 * - `revoke` deletes that assignment and waits until the deletion SUCCEEDED.
 *
 * Every handler re-checks its input, so a mis-wired state machine can never hand one a request
 * `validate` would refuse. Failures throw: the state machine retries and, for `revoke`, alerts.
 * Polling is bounded (MAX_POLLS × POLL_INTERVAL_MS); an assignment still IN_PROGRESS after that is
 * an error, never a success.
 *
 * Configuration (environment): INSTANCE_ARN, PERMISSION_SET_ARN, ACCOUNT_ID (grant, revoke),
 * MAX_MINUTES (all); optional MAX_POLLS (default 30) and POLL_INTERVAL_MS (default 2000).
 *
 * One file, importing only the SDK v3 client the Node.js runtime ships.
 */
import {
    CreateAccountAssignmentCommand,
    DeleteAccountAssignmentCommand,
    DescribeAccountAssignmentCreationStatusCommand,
    DescribeAccountAssignmentDeletionStatusCommand,
    SSOAdminClient,
    type AccountAssignmentOperationStatus,
} from "@aws-sdk/client-sso-admin";

/** The shortest elevation granted, in minutes: shorter requests are refused, not rounded up. */
export const MIN_MINUTES = 15;
/** Longest reason kept; the reason lands in the approval message and the logs. */
export const MAX_REASON_LENGTH = 1000;
/** An Identity Center user id, as the SSO Admin API's PrincipalId pattern defines it. */
export const PRINCIPAL_ID = /^([0-9a-f]{10}-)?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** The request a person starts an execution with. */
export interface ElevationRequest {
    principalId: string;
    minutes: number;
    reason: string;
}

/** What `validate` returns: the request, and the wait in seconds. */
export interface ValidatedRequest extends ElevationRequest {
    seconds: number;
}

export interface AssignmentResult {
    principalId: string;
    requestId: string;
    status: "SUCCEEDED";
    at: string;
}

/** A request the workflow refuses; the state machine routes it to its Rejected state. */
export class ValidationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ValidationError";
    }
}

/** Identity Center reported the assignment change FAILED (or answered without a status). */
export class AssignmentError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "AssignmentError";
    }
}

/** The change was still in progress after the last poll. */
export class PollTimeoutError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PollTimeoutError";
    }
}

const client = new SSOAdminClient({});

function requiredEnv(name: string): string {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is not set: the function is misconfigured`);
    return value;
}

function positiveIntEnv(name: string, fallback: number, min: number): number {
    const raw = process.env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
    return value;
}

function maxMinutes(): number {
    const raw = requiredEnv("MAX_MINUTES");
    const value = Number(raw);
    if (!Number.isInteger(value) || value < MIN_MINUTES) throw new Error(`MAX_MINUTES must be a whole number of at least ${MIN_MINUTES}, got "${raw}"`);
    return value;
}

/** Checks a request against the limits; throws ValidationError naming the first problem. */
export function checkRequest(input: unknown, max: number): ValidatedRequest {
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
        throw new ValidationError("the request must be an object { principalId, minutes, reason }");
    }
    const { principalId, minutes, reason } = input as Record<string, unknown>;
    if (typeof principalId !== "string" || !PRINCIPAL_ID.test(principalId)) {
        throw new ValidationError("principalId must be an Identity Center user id (a GUID, optionally prefixed by the 10-character store id)");
    }
    if (typeof minutes !== "number" || !Number.isInteger(minutes)) {
        throw new ValidationError("minutes must be a whole number");
    }
    if (minutes < MIN_MINUTES || minutes > max) {
        throw new ValidationError(`minutes must be between ${MIN_MINUTES} and ${max}, got ${minutes}`);
    }
    if (typeof reason !== "string" || reason.trim() === "") {
        throw new ValidationError("a reason is required: say what the elevation is for (ticket or incident id)");
    }
    if (reason.length > MAX_REASON_LENGTH) {
        throw new ValidationError(`the reason must be at most ${MAX_REASON_LENGTH} characters`);
    }
    return { principalId, minutes, reason: reason.trim(), seconds: minutes * 60 };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Follows an assignment change until it SUCCEEDED; FAILED, a missing status or running out of polls throws. */
async function settle(
    what: string,
    first: AccountAssignmentOperationStatus | undefined,
    describe: (requestId: string) => Promise<AccountAssignmentOperationStatus | undefined>,
): Promise<AccountAssignmentOperationStatus & { RequestId: string }> {
    const maxPolls = positiveIntEnv("MAX_POLLS", 30, 1);
    const interval = positiveIntEnv("POLL_INTERVAL_MS", 2000, 0);
    let status = first;
    const requestId = status?.RequestId;
    if (!requestId) throw new AssignmentError(`${what}: Identity Center returned no request id`);
    for (let poll = 0; ; poll++) {
        if (status?.Status === "SUCCEEDED") return { ...status, RequestId: requestId };
        if (status?.Status === "FAILED") throw new AssignmentError(`${what} failed: ${status.FailureReason ?? "no reason given"} (request ${requestId})`);
        if (status?.Status !== "IN_PROGRESS") throw new AssignmentError(`${what}: unexpected status ${String(status?.Status)} (request ${requestId})`);
        if (poll >= maxPolls) throw new PollTimeoutError(`${what} still in progress after ${maxPolls} polls (request ${requestId})`);
        await sleep(interval);
        status = await describe(requestId);
    }
}

function assignment(principalId: string) {
    return {
        InstanceArn: requiredEnv("INSTANCE_ARN"),
        PermissionSetArn: requiredEnv("PERMISSION_SET_ARN"),
        TargetId: requiredEnv("ACCOUNT_ID"),
        TargetType: "AWS_ACCOUNT" as const,
        PrincipalType: "USER" as const,
        PrincipalId: principalId,
    };
}

function log(event: string, fields: Record<string, unknown>): void {
    console.log(JSON.stringify({ event, ...fields }));
}

/** Step 1: refuse anything outside the limits; pass on only the validated fields. */
export async function validate(event: unknown): Promise<ValidatedRequest> {
    const request = checkRequest(event, maxMinutes());
    log("elevation-requested", { principalId: request.principalId, minutes: request.minutes, reason: request.reason });
    return request;
}

/** Step 3: create the admin assignment for the user and wait until it is in force. */
export async function grant(event: unknown): Promise<AssignmentResult> {
    const request = checkRequest(event, maxMinutes());
    const input = assignment(request.principalId);
    const created = await client.send(new CreateAccountAssignmentCommand(input));
    const done = await settle("creating the admin assignment", created.AccountAssignmentCreationStatus, async (id) =>
        (await client.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: input.InstanceArn, AccountAssignmentCreationRequestId: id })))
            .AccountAssignmentCreationStatus,
    );
    log("elevation-granted", { principalId: request.principalId, minutes: request.minutes, requestId: done.RequestId });
    return { principalId: request.principalId, requestId: done.RequestId, status: "SUCCEEDED", at: new Date().toISOString() };
}

/** Step 5: delete the admin assignment and wait until it is gone. */
export async function revoke(event: unknown): Promise<AssignmentResult> {
    // Revocation must not be blocked by limits that changed since the grant: only the principal matters.
    const principalId = (event as { principalId?: unknown } | null)?.principalId;
    if (typeof principalId !== "string" || !PRINCIPAL_ID.test(principalId)) {
        throw new ValidationError("principalId must be an Identity Center user id");
    }
    const input = assignment(principalId);
    const deleted = await client.send(new DeleteAccountAssignmentCommand(input));
    const done = await settle("deleting the admin assignment", deleted.AccountAssignmentDeletionStatus, async (id) =>
        (await client.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: input.InstanceArn, AccountAssignmentDeletionRequestId: id })))
            .AccountAssignmentDeletionStatus,
    );
    log("elevation-revoked", { principalId, requestId: done.RequestId });
    return { principalId, requestId: done.RequestId, status: "SUCCEEDED", at: new Date().toISOString() };
}
