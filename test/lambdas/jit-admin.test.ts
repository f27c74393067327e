import { strict as assert } from "assert";
import { mockClient } from "aws-sdk-client-mock";
import {
    CreateAccountAssignmentCommand,
    DeleteAccountAssignmentCommand,
    DescribeAccountAssignmentCreationStatusCommand,
    DescribeAccountAssignmentDeletionStatusCommand,
    SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { AssignmentError, PollTimeoutError, ValidationError, grant, revoke, validate } from "../../lambdas/aws/jit-admin/index";

const sso = mockClient(SSOAdminClient);

const ENV = {
    INSTANCE_ARN: "arn:aws:sso:::instance/ssoins-0000000000000000",
    PERMISSION_SET_ARN: "arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-0000000000000000",
    ACCOUNT_ID: "123456789012",
    MAX_MINUTES: "60",
    MAX_POLLS: "3",
    POLL_INTERVAL_MS: "0",
};
const USER = "90676a0d4c-1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
const request = { principalId: USER, minutes: 30, reason: "INC-1234: rotate the compromised key" };
const expectedAssignment = {
    InstanceArn: ENV.INSTANCE_ARN,
    PermissionSetArn: ENV.PERMISSION_SET_ARN,
    TargetId: ENV.ACCOUNT_ID,
    TargetType: "AWS_ACCOUNT",
    PrincipalType: "USER",
    PrincipalId: USER,
};

/** Asserts `promise` rejects with an error of `name` whose message matches `message`. */
async function rejectsWith(promise: Promise<unknown>, name: string, message: RegExp): Promise<void> {
    await assert.rejects(promise, (err: Error) => {
        assert.equal(err.name, name);
        assert.match(err.message, message);
        return true;
    });
}

describe("lambdas/aws/jit-admin", () => {
    const log = console.log;
    const saved: Record<string, string | undefined> = {};
    beforeEach(() => {
        sso.reset();
        console.log = () => undefined;
        for (const [k, v] of Object.entries(ENV)) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
    });
    afterEach(() => {
        console.log = log;
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    });
    after(() => sso.restore());

    describe("validate", () => {
        it("passes on only the validated fields, with the wait in seconds and the reason trimmed", async () => {
            const result = await validate({ ...request, reason: `  ${request.reason}  `, approver: "me", seconds: 999999 });
            assert.deepEqual(result, { ...request, seconds: 1800 });
            assert.deepEqual(await validate({ principalId: "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d", minutes: 15, reason: "x" }), {
                principalId: "1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d", minutes: 15, reason: "x", seconds: 900,
            });
            assert.equal((await validate({ ...request, minutes: 60 })).seconds, 3600, "the configured maximum itself is allowed");
        });

        const refused: [string, unknown, RegExp][] = [
            ["more minutes than MAX_MINUTES", { ...request, minutes: 61 }, /between 15 and 60/],
            ["fewer than 15 minutes", { ...request, minutes: 14 }, /between 15 and 60/],
            ["a fractional number of minutes", { ...request, minutes: 20.5 }, /whole number/],
            ["minutes as a string", { ...request, minutes: "30" }, /whole number/],
            ["a missing reason", { principalId: USER, minutes: 30 }, /reason is required/],
            ["a blank reason", { ...request, reason: "   " }, /reason is required/],
            ["an overlong reason", { ...request, reason: "x".repeat(1001) }, /at most 1000/],
            ["a malformed principal id", { ...request, principalId: "alice@example.com" }, /Identity Center user id/],
            ["a principal id with a wildcard", { ...request, principalId: "*" }, /Identity Center user id/],
            ["a missing principal id", { minutes: 30, reason: "r" }, /Identity Center user id/],
            ["no object at all", null, /must be an object/],
            ["an array", [request], /must be an object/],
        ];
        for (const [what, input, message] of refused) {
            it(`refuses ${what}`, async () => {
                await rejectsWith(validate(input), "ValidationError", message);
            });
        }

        it("fails when MAX_MINUTES is missing or below the minimum (misconfiguration, not a refusal)", async () => {
            delete process.env["MAX_MINUTES"];
            await rejectsWith(validate(request), "Error", /MAX_MINUTES is not set/);
            process.env["MAX_MINUTES"] = "10";
            await rejectsWith(validate(request), "Error", /MAX_MINUTES must be/);
        });

        it("exports error classes whose names the state machine matches", () => {
            assert.equal(new ValidationError("x").name, "ValidationError");
            assert.equal(new AssignmentError("x").name, "AssignmentError");
            assert.equal(new PollTimeoutError("x").name, "PollTimeoutError");
        });
    });

    describe("grant", () => {
        it("assigns the admin set to the user for the account and polls until SUCCEEDED", async () => {
            sso.on(CreateAccountAssignmentCommand).resolves({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-1" } });
            sso.on(DescribeAccountAssignmentCreationStatusCommand)
                .resolvesOnce({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-1" } })
                .resolves({ AccountAssignmentCreationStatus: { Status: "SUCCEEDED", RequestId: "req-1" } });
            const result = await grant(request);
            assert.deepEqual({ ...result, at: undefined }, { principalId: USER, requestId: "req-1", status: "SUCCEEDED", at: undefined });
            assert.ok(!Number.isNaN(Date.parse(result.at)));
            const created = sso.commandCalls(CreateAccountAssignmentCommand);
            assert.equal(created.length, 1);
            assert.deepEqual(created[0].args[0].input, expectedAssignment);
            const polls = sso.commandCalls(DescribeAccountAssignmentCreationStatusCommand);
            assert.deepEqual(polls.map((c) => c.args[0].input), [
                { InstanceArn: ENV.INSTANCE_ARN, AccountAssignmentCreationRequestId: "req-1" },
                { InstanceArn: ENV.INSTANCE_ARN, AccountAssignmentCreationRequestId: "req-1" },
            ]);
        });

        it("returns without polling when the creation already SUCCEEDED", async () => {
            sso.on(CreateAccountAssignmentCommand).resolves({ AccountAssignmentCreationStatus: { Status: "SUCCEEDED", RequestId: "req-2" } });
            assert.equal((await grant(request)).requestId, "req-2");
            assert.equal(sso.commandCalls(DescribeAccountAssignmentCreationStatusCommand).length, 0);
        });

        it("throws AssignmentError with Identity Center's reason when the assignment FAILED", async () => {
            sso.on(CreateAccountAssignmentCommand).resolves({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-3" } });
            sso.on(DescribeAccountAssignmentCreationStatusCommand).resolves({
                AccountAssignmentCreationStatus: { Status: "FAILED", RequestId: "req-3", FailureReason: "Permission set is not provisioned" },
            });
            await rejectsWith(grant(request), "AssignmentError", /failed: Permission set is not provisioned \(request req-3\)/);
        });

        it("throws AssignmentError when Identity Center returns no request id", async () => {
            sso.on(CreateAccountAssignmentCommand).resolves({});
            await rejectsWith(grant(request), "AssignmentError", /no request id/);
        });

        it("propagates SDK errors unchanged", async () => {
            const denied = Object.assign(new Error("User is not authorized to perform sso:CreateAccountAssignment"), { name: "AccessDeniedException" });
            sso.on(CreateAccountAssignmentCommand).rejects(denied);
            await rejectsWith(grant(request), "AccessDeniedException", /not authorized/);
            sso.reset();
            sso.on(CreateAccountAssignmentCommand).resolves({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-4" } });
            sso.on(DescribeAccountAssignmentCreationStatusCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
            await rejectsWith(grant(request), "ThrottlingException", /Rate exceeded/);
        });

        it("gives up with PollTimeoutError after MAX_POLLS polls that stay IN_PROGRESS", async () => {
            sso.on(CreateAccountAssignmentCommand).resolves({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-5" } });
            sso.on(DescribeAccountAssignmentCreationStatusCommand).resolves({ AccountAssignmentCreationStatus: { Status: "IN_PROGRESS", RequestId: "req-5" } });
            await rejectsWith(grant(request), "PollTimeoutError", /after 3 polls \(request req-5\)/);
            assert.equal(sso.commandCalls(DescribeAccountAssignmentCreationStatusCommand).length, 3);
        });

        it("re-validates its input and calls nothing for a request validate would refuse", async () => {
            await rejectsWith(grant({ ...request, minutes: 600 }), "ValidationError", /between 15 and 60/);
            await rejectsWith(grant({ ...request, principalId: "nobody" }), "ValidationError", /Identity Center user id/);
            assert.equal(sso.commandCalls(CreateAccountAssignmentCommand).length, 0);
        });

        it("fails before any call when its configuration is missing", async () => {
            delete process.env["PERMISSION_SET_ARN"];
            await rejectsWith(grant(request), "Error", /PERMISSION_SET_ARN is not set/);
            assert.equal(sso.commandCalls(CreateAccountAssignmentCommand).length, 0);
        });
    });

    describe("revoke", () => {
        it("deletes the user's admin assignment and polls until SUCCEEDED", async () => {
            sso.on(DeleteAccountAssignmentCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "IN_PROGRESS", RequestId: "del-1" } });
            sso.on(DescribeAccountAssignmentDeletionStatusCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "SUCCEEDED", RequestId: "del-1" } });
            const result = await revoke({ ...request, seconds: 1800, grant: { result: {} } });
            assert.deepEqual([result.principalId, result.requestId, result.status], [USER, "del-1", "SUCCEEDED"]);
            assert.deepEqual(sso.commandCalls(DeleteAccountAssignmentCommand)[0].args[0].input, expectedAssignment);
            assert.deepEqual(sso.commandCalls(DescribeAccountAssignmentDeletionStatusCommand)[0].args[0].input, {
                InstanceArn: ENV.INSTANCE_ARN,
                AccountAssignmentDeletionRequestId: "del-1",
            });
        });

        it("still revokes when the limits changed since the grant", async () => {
            process.env["MAX_MINUTES"] = "15";
            sso.on(DeleteAccountAssignmentCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "SUCCEEDED", RequestId: "del-2" } });
            assert.equal((await revoke({ ...request, minutes: 60 })).requestId, "del-2");
        });

        it("throws AssignmentError when the deletion FAILED", async () => {
            sso.on(DeleteAccountAssignmentCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "FAILED", RequestId: "del-3", FailureReason: "Internal failure" } });
            await rejectsWith(revoke(request), "AssignmentError", /deleting the admin assignment failed: Internal failure/);
        });

        it("propagates SDK errors and gives up after MAX_POLLS polls", async () => {
            sso.on(DeleteAccountAssignmentCommand).rejects(Object.assign(new Error("Conflict"), { name: "ConflictException" }));
            await rejectsWith(revoke(request), "ConflictException", /Conflict/);
            sso.reset();
            sso.on(DeleteAccountAssignmentCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "IN_PROGRESS", RequestId: "del-4" } });
            sso.on(DescribeAccountAssignmentDeletionStatusCommand).resolves({ AccountAssignmentDeletionStatus: { Status: "IN_PROGRESS", RequestId: "del-4" } });
            await rejectsWith(revoke(request), "PollTimeoutError", /after 3 polls/);
            assert.equal(sso.commandCalls(DescribeAccountAssignmentDeletionStatusCommand).length, 3);
        });

        it("refuses a malformed principal id without calling Identity Center", async () => {
            await rejectsWith(revoke({ principalId: "../admin" }), "ValidationError", /Identity Center user id/);
            await rejectsWith(revoke(null), "ValidationError", /Identity Center user id/);
            assert.equal(sso.commandCalls(DeleteAccountAssignmentCommand).length, 0);
        });
    });
});
