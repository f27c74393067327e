import { strict as assert } from "assert";
import { byName, childrenOf, ids, ofType } from "../support/graph-queries";
import { REPO_ROOT, stackGraph } from "../support/graphs";
import { PROJECT, readStackConfig } from "../../config/stack-file";
import { captureProgram } from "../../plan/capture";
import type { CapturedGraph, CapturedResource } from "../../plan/graph";
import { offlineGroupId } from "../../plan/invokes";
import { groupSlug, identityArns, identityNames, isoDuration, partitionOf, type IdentityArns } from "../../components/aws/identity-names";
import { MANAGED_POLICY_MAX_CHARS, deployIamPolicy, permissionsBoundary, type PolicyDocument, type Statement } from "../../components/aws/identity-policies";
import { ACCESS_KEY_EXCEPTION_TAG, PRIVILEGED_ACTIONS, SCP_KEYS, SCP_MAX_CHARS, serviceControlPolicies } from "../../components/aws/identity-scps";
import { jitDefinition, jitFunctionPolicy, jitWorkflowPolicy } from "../../components/aws/jit-policies";

const ACCOUNT = "123456789012";
const INSTANCE = "arn:aws:sso:::instance/ssoins-0000000000000000";
const ADMIN_GROUP = offlineGroupId("zt-platform-admins");

const names = (env: string) => identityNames(`zt-${env}`, { deploy: `zt-${env}-deploy`, breakGlass: `zt-${env}-break-glass`, adminPermissionSet: `zt-${env}-admin` });
const arnsFor = (env: string): IdentityArns => identityArns("aws", "eu-west-1", ACCOUNT, names(env));

const parse = (r: CapturedResource, prop: string): PolicyDocument => {
    const text = r.inputs[prop];
    assert.equal(typeof text, "string", `${r.name}.${prop} is known at preview`);
    return JSON.parse(text as string) as PolicyDocument;
};
const deps = (r: CapturedResource, prop: string) => r.propertyDependencies[prop] ?? [];
const urnOf = (g: CapturedGraph, name: string) => byName(g, name).urn;
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const sid = (d: PolicyDocument, id: string): Statement => {
    const s = d.Statement.find((x) => x["Sid"] === id);
    assert.ok(s, `statement ${id}`);
    return s;
};

/** The deploy identity's resources, which the pillar declares only with `ci.deployIdentity: "stack"` (test/components/aws-deploy-identity.test.ts). */
const DEPLOY_IDENTITY = ["identity-boundary", "identity-github-oidc", "identity-deploy", "identity-deploy-power-user", "identity-deploy-iam"];

/** Every Identity child, sorted (registration order follows when lookups resolve). The stacks leave the deploy identity to the bootstrap. */
function expectedChildren(extra: string[] = []): string[] {
    const ps = ["read-only", "developer", "admin"].flatMap((k) => [
        `aws:ssoadmin/permissionSet:PermissionSet::identity-ps-${k}`,
        `aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment::identity-ps-${k}-policy`,
        `aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment::identity-ps-${k}-boundary`,
        `aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy::identity-ps-${k}-jit`,
    ]);
    return [
        "aws:iam/accountPasswordPolicy:AccountPasswordPolicy::identity-password-policy",
        "aws:accessanalyzer/analyzer:Analyzer::identity-access-analyzer",
        "aws:iam/role:Role::identity-break-glass",
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment::identity-break-glass-admin",
        ...ps,
        "zt:aws:JitAdmin::identity-jit",
        ...extra,
    ].sort();
}

/** Every JitAdmin child, sorted: the names they had as Identity's children, so only the URN's parent chain moved. */
function expectedJitChildren(): string[] {
    const steps = ["validate", "grant", "revoke"].flatMap((s) => [
        `aws:cloudwatch/logGroup:LogGroup::identity-jit-${s}-logs`,
        `aws:iam/role:Role::identity-jit-${s}-role`,
        `aws:iam/rolePolicy:RolePolicy::identity-jit-${s}-policy`,
        `aws:lambda/function:Function::identity-jit-${s}`,
    ]);
    return [
        "aws:sns/topic:Topic::identity-jit-approvals",
        ...steps,
        "aws:cloudwatch/logGroup:LogGroup::identity-jit-workflow-logs",
        "aws:iam/role:Role::identity-jit-workflow-role",
        "aws:iam/rolePolicy:RolePolicy::identity-jit-workflow-policy",
        "aws:sfn/stateMachine:StateMachine::identity-jit-workflow",
    ].sort();
}

interface State {
    Type: string;
    Next?: string;
    Resource?: string;
    Parameters?: Record<string, unknown>;
    TimeoutSeconds?: number;
    Catch?: { Next: string }[];
    Choices?: { Next: string }[];
}
interface Definition {
    StartAt: string;
    States: Record<string, State>;
}

/** Follows StartAt → Next (a Choice's first choice) to the end: the path of a granted request. */
function happyPath(definition: Definition): string[] {
    const path: string[] = [];
    let at: string | undefined = definition.StartAt;
    while (at && path.length < 50) {
        path.push(at);
        const state: State | undefined = definition.States[at];
        assert.ok(state, `state ${at} exists`);
        at = state.Next ?? state.Choices?.[0]?.Next;
    }
    return path;
}

for (const env of ["prod", "dev"] as const) {
    describe(`zt:aws:Identity (aws-${env})`, () => {
        let graph: CapturedGraph;
        const arns = arnsFor(env);
        const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/zt-${env}-boundary`;
        before(async () => { graph = await stackGraph(`aws-${env}`); });

        it("declares exactly hygiene, break-glass, permission sets and the JitAdmin component (no SCPs, no standing groups configured)", () => {
            assert.deepEqual(ids(childrenOf(graph, "zt:aws:Identity")).sort(), expectedChildren());
        });

        it("declares no deploy identity: ci.deployIdentity defaults to \"bootstrap\", so the bootstrap declares it", () => {
            const declared = graph.resources.filter((r) => DEPLOY_IDENTITY.includes(r.name)
                || r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider"
                || (r.type === "aws:iam/policy:Policy" && r.inputs["name"] === `zt-${env}-boundary`)
                || (r.type === "aws:iam/role:Role" && r.inputs["name"] === `zt-${env}-deploy`));
            assert.deepEqual(ids(declared), []);
        });

        it("declares exactly the JIT workflow's state machine, approval topic, three steps and their logs and roles under zt:aws:JitAdmin", () => {
            assert.deepEqual(ids(childrenOf(graph, "zt:aws:JitAdmin")).sort(), expectedJitChildren());
            assert.ok(byName(graph, "identity-jit-workflow").urn.includes("zt:aws:Identity$zt:aws:JitAdmin$aws:sfn/stateMachine:StateMachine::identity-jit-workflow"));
        });

        it("puts the bootstrap's boundary on every IAM role in the whole landing zone, by its name-built ARN, known at preview", () => {
            assert.equal(boundaryArn, arns.boundary);
            const roles = ofType(graph, "aws:iam/role:Role");
            assert.ok(roles.length >= 6, "roles from several pillars are in the graph");
            const missing = roles.filter((r) => r.inputs["permissionsBoundary"] !== boundaryArn);
            assert.deepEqual(missing.map((r) => r.name), [], "roles without the landing zone's boundary");
            const waiting = roles.filter((r) => deps(r, "permissionsBoundary").length > 0);
            assert.deepEqual(waiting.map((r) => r.name), [], "nothing in the stack to wait for: the bootstrap declared the boundary");
        });

        it("creates no IAM users, access keys or login profiles", () => {
            const forbidden = graph.resources.filter((r) => /^aws:iam\/(user|accessKey|userLoginProfile|userPolicy|userPolicyAttachment)/.test(r.type));
            assert.deepEqual(ids(forbidden), []);
        });

        it("names the bootstrap's deploy role where the landing zone refers to it: every key's administrators and, with EKS, the cluster admin entry", () => {
            const deployArn = `arn:aws:iam::${ACCOUNT}:role/zt-${env}-deploy`;
            assert.equal(arns.deployRole, deployArn);
            const keys = ofType(graph, "aws:kms/key:Key");
            assert.deepEqual(keys.map((k) => k.name).sort(), ["data-key-data", "data-key-ebs", "data-key-logs", "data-key-secrets"]);
            for (const key of keys) {
                const admin = sid(parse(key, "policy"), "KeyAdministration")["Condition"] as { ArnLike: Record<string, string[]> };
                assert.equal(admin.ArnLike["aws:PrincipalArn"][0], deployArn, key.name);
            }
            const entries = ofType(graph, "aws:eks/accessEntry:AccessEntry").filter((e) => e.name === "workload-eks-admin-deploy");
            assert.deepEqual(entries.map((e) => [e.inputs["principalArn"], deps(e, "principalArn")]), env === "prod" ? [[deployArn, []]] : []);
        });

        it("lets break-glass be assumed only with MFA used within the hour, for an hour, as bounded administrator", () => {
            const role = byName(graph, "identity-break-glass");
            assert.equal(role.inputs["name"], `zt-${env}-break-glass`);
            assert.equal(role.inputs["maxSessionDuration"], 3600);
            const [trust] = parse(role, "assumeRolePolicy").Statement;
            assert.deepEqual(trust["Principal"], { AWS: `arn:aws:iam::${ACCOUNT}:root` });
            assert.deepEqual(trust["Condition"], { Bool: { "aws:MultiFactorAuthPresent": "true" }, NumericLessThan: { "aws:MultiFactorAuthAge": "3600" } });
            assert.equal(byName(graph, "identity-break-glass-admin").inputs["policyArn"], "arn:aws:iam::aws:policy/AdministratorAccess");
        });

        it("keeps account hygiene: strong password policy, account-level Access Analyzer", () => {
            const p = byName(graph, "identity-password-policy").inputs;
            assert.deepEqual(
                [p["minimumPasswordLength"], p["requireLowercaseCharacters"], p["requireUppercaseCharacters"], p["requireNumbers"], p["requireSymbols"], p["passwordReusePrevention"], p["maxPasswordAge"], p["allowUsersToChangePassword"]],
                [14, true, true, true, true, 24, 90, true],
            );
            assert.deepEqual(byName(graph, "identity-access-analyzer").inputs["type"], "ACCOUNT");
            assert.deepEqual(ofType(graph, "aws:organizations/policy:Policy"), [], "no organization: no SCPs");
        });

        it("defines the three permission sets with their sessions, managed policies, boundary and JIT request policy", () => {
            const expected = { "read-only": ["PT8H", "ReadOnlyAccess"], developer: ["PT4H", "PowerUserAccess"], admin: ["PT1H", "AdministratorAccess"] };
            for (const [key, [session, policy]] of Object.entries(expected)) {
                const set = byName(graph, `identity-ps-${key}`);
                assert.deepEqual([set.inputs["name"], set.inputs["sessionDuration"], set.inputs["instanceArn"]], [`zt-${env}-${key}`, session, INSTANCE], key);
                const attachment = byName(graph, `identity-ps-${key}-policy`);
                assert.equal(attachment.inputs["managedPolicyArn"], `arn:aws:iam::aws:policy/${policy}`);
                assert.deepEqual(deps(attachment, "permissionSetArn"), [set.urn]);
                const boundary = byName(graph, `identity-ps-${key}-boundary`);
                assert.deepEqual(boundary.inputs["permissionsBoundary"], { customerManagedPolicyReference: { name: `zt-${env}-boundary` } });
                assert.deepEqual(boundary.dependencies, [set.urn], "nothing of the boundary to wait for: the bootstrap declared it");
                const inline = parse(byName(graph, `identity-ps-${key}-jit`), "inlinePolicy");
                assert.deepEqual(sid(inline, "RequestElevation")["Resource"], arns.stateMachine);
                assert.deepEqual(sid(inline, "NoApprovalTokens"), { Sid: "NoApprovalTokens", Effect: "Deny", Action: "states:GetExecutionHistory", Resource: arns.executions });
            }
        });

        it("never assigns the admin permission set standing", () => {
            const admin = urnOf(graph, "identity-ps-admin");
            const standing = ofType(graph, "aws:ssoadmin/accountAssignment:AccountAssignment").filter((a) => deps(a, "permissionSetArn").includes(admin));
            assert.deepEqual(ids(standing), []);
        });

        it("runs validate → membership → approval → grant → wait(SecondsPath) → revoke, logged without execution data and traced", () => {
            const machine = byName(graph, "identity-jit-workflow");
            assert.deepEqual([machine.inputs["name"], machine.inputs["type"], machine.inputs["roleArn"]], [`zt-${env}-jit-admin`, "STANDARD", arns.workflowRole]);
            assert.deepEqual(machine.inputs["loggingConfiguration"], { level: "ALL", includeExecutionData: false, logDestination: `${arns.workflowLogGroup}:*` });
            assert.deepEqual(machine.inputs["tracingConfiguration"], { enabled: true });
            const text = machine.inputs["definition"] as string;
            const definition: Definition = JSON.parse(text);
            assert.deepEqual(JSON.parse(text), jitDefinition({ arns, identityStoreId: "d-0000000000", adminGroupIds: [ADMIN_GROUP], approvalTimeoutSeconds: 1800 }));
            assert.deepEqual(happyPath(definition), ["Validate", "CheckMembership", "IsAdminGroupMember", "RequestApproval", "GrantAdmin", "WaitForExpiry", "RevokeAdmin", "Revoked"]);
            assert.deepEqual(definition.States.WaitForExpiry, { Type: "Wait", SecondsPath: "$.seconds", Next: "RevokeAdmin" });
            const approval = definition.States.RequestApproval;
            assert.equal(approval.Resource, "arn:aws:states:::sns:publish.waitForTaskToken");
            assert.equal(approval.Parameters?.["TopicArn"], arns.approvalTopic);
            assert.equal(approval.TimeoutSeconds, 1800);
            assert.equal(definition.States[approval.Catch?.[0]?.Next ?? ""]?.Type, "Fail", "no answer fails closed");
            assert.deepEqual(definition.States.CheckMembership.Parameters?.["GroupIds"], [ADMIN_GROUP]);
            const wired = [...["validate", "grant", "revoke"].map((s) => urnOf(graph, `identity-jit-${s}`)), urnOf(graph, "identity-jit-approvals")];
            for (const urn of wired) assert.ok(deps(machine, "definition").includes(urn), `definition waits for ${urn}`);
            assert.deepEqual(deps(machine, "roleArn"), [urnOf(graph, "identity-jit-workflow-role")]);
            const trust = parse(byName(graph, "identity-jit-workflow-role"), "assumeRolePolicy").Statement[0];
            assert.deepEqual(trust["Condition"], { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": arns.stateMachine } });
        });

        it("packages each step as a traced, bounded Lambda with its own KMS-encrypted log group and role", () => {
            const logsKey = ofType(graph, "aws:kms/key:Key").find((k) => k.name.endsWith("-logs"));
            assert.ok(logsKey, "the Data pillar's logs key is in the graph");
            for (const step of ["validate", "grant", "revoke"]) {
                const fn = byName(graph, `identity-jit-${step}`);
                const i = fn.inputs;
                assert.deepEqual(
                    [i["name"], i["runtime"], i["handler"], i["role"], i["reservedConcurrentExecutions"], i["tracingConfig"], i["loggingConfig"]],
                    [`zt-${env}-jit-${step}`, "nodejs22.x", `index.${step}`, arns.jitRoles[step as "grant"], 2, { mode: "Active" }, { logGroup: `/aws/lambda/zt-${env}-jit-${step}`, logFormat: "JSON" }],
                    step,
                );
                assert.deepEqual(deps(fn, "role"), [urnOf(graph, `identity-jit-${step}-role`)]);
                assert.deepEqual(deps(fn, "kmsKeyArn"), [logsKey.urn], "environment encrypted with the logs key");
                const variables = (i["environment"] as { variables: Record<string, unknown> }).variables;
                if (step === "validate") {
                    assert.deepEqual(variables, { MAX_MINUTES: "60" });
                } else {
                    assert.deepEqual([variables["MAX_MINUTES"], variables["INSTANCE_ARN"], variables["ACCOUNT_ID"]], ["60", INSTANCE, ACCOUNT]);
                    assert.ok(deps(fn, "environment").includes(urnOf(graph, "identity-ps-admin")), "PERMISSION_SET_ARN is the admin set's");
                }
                assert.deepEqual(parse(byName(graph, `identity-jit-${step}-role`), "assumeRolePolicy").Statement, [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
            }
            const retention = env === "prod" ? 365 : 90;
            for (const name of ["identity-jit-validate-logs", "identity-jit-grant-logs", "identity-jit-revoke-logs", "identity-jit-workflow-logs"]) {
                const lg = byName(graph, name);
                assert.deepEqual([lg.inputs["retentionInDays"], lg.inputs["deletionProtectionEnabled"], lg.protect], [retention, env === "prod", env === "prod"], name);
                assert.deepEqual(deps(lg, "kmsKeyId"), [logsKey.urn], name);
                assert.equal((lg.inputs["tags"] as Record<string, string>)["data-classification"], "confidential");
            }
            const topic = byName(graph, "identity-jit-approvals");
            assert.deepEqual(deps(topic, "kmsMasterKeyId"), [logsKey.urn]);
            assert.equal(sid(parse(topic, "policy"), "DenyInsecureTransport")["Effect"], "Deny");
        });
    });
}

describe("zt:aws:Identity with an organization and standing groups (aws-prod, config overridden)", () => {
    let graph: CapturedGraph;
    before(async () => {
        // One extra capture: the stacks have no organization, so this is the only proof of the SCP branch's wiring.
        const { config, placeholders } = readStackConfig("aws-prod", REPO_ROOT);
        const aws = JSON.parse(config["zt-landing-zone:aws"]);
        config["zt-landing-zone:aws"] = JSON.stringify({
            ...aws,
            organization: { id: "o-a1b2c3d4e5", scpTargets: ["r-ab12", "ou-ab12-cdefgh12"] },
            allowedRegions: ["eu-west-1", "us-east-1"],
            trustedSourceCidrs: ["203.0.113.0/24"],
            identityCenter: { readOnlyGroups: ["Auditors"], developerGroups: ["App Developers", "Platform Team"] },
        });
        graph = (await captureProgram({ project: PROJECT, stack: "aws-prod", programDir: REPO_ROOT, config, secretPlaceholders: placeholders })).graph;
    });

    it("adds one SCP per guardrail, attached to every target, and the standing group assignments", () => {
        const extra = [
            ...SCP_KEYS.flatMap((k) => [
                `aws:organizations/policy:Policy::identity-scp-${k}`,
                `aws:organizations/policyAttachment:PolicyAttachment::identity-scp-${k}-r-ab12`,
                `aws:organizations/policyAttachment:PolicyAttachment::identity-scp-${k}-ou-ab12-cdefgh12`,
            ]),
            "aws:ssoadmin/accountAssignment:AccountAssignment::identity-read-only-auditors",
            "aws:ssoadmin/accountAssignment:AccountAssignment::identity-developer-app-developers",
            "aws:ssoadmin/accountAssignment:AccountAssignment::identity-developer-platform-team",
        ];
        assert.deepEqual(ids(childrenOf(graph, "zt:aws:Identity")).sort(), expectedChildren(extra));
    });

    it("writes each SCP as the builder does and attaches it by id", () => {
        const scps = serviceControlPolicies({ partition: "aws", deployRoleName: "zt-prod-deploy", allowedRegions: ["eu-west-1", "us-east-1"], trustedSourceCidrs: ["203.0.113.0/24"] });
        for (const key of SCP_KEYS) {
            const policy = byName(graph, `identity-scp-${key}`);
            assert.deepEqual([policy.inputs["type"], policy.inputs["name"]], ["SERVICE_CONTROL_POLICY", `zt-prod-${key}`]);
            assert.deepEqual(parse(policy, "content"), scps[key], key);
            for (const target of ["r-ab12", "ou-ab12-cdefgh12"]) {
                const attachment = byName(graph, `identity-scp-${key}-${target}`);
                assert.equal(attachment.inputs["targetId"], target);
                assert.deepEqual(deps(attachment, "policyId"), [policy.urn]);
            }
        }
        assert.equal(byName(graph, "identity-access-analyzer").inputs["type"], "ORGANIZATION");
    });

    it("assigns read-only and developer to their groups by looked-up id, never admin", () => {
        const cases: [string, string, string][] = [
            ["identity-read-only-auditors", "identity-ps-read-only", "Auditors"],
            ["identity-developer-app-developers", "identity-ps-developer", "App Developers"],
            ["identity-developer-platform-team", "identity-ps-developer", "Platform Team"],
        ];
        for (const [assignment, set, group] of cases) {
            const a = byName(graph, assignment);
            assert.deepEqual(
                [a.inputs["principalType"], a.inputs["principalId"], a.inputs["targetType"], a.inputs["targetId"], a.inputs["instanceArn"]],
                ["GROUP", offlineGroupId(group), "AWS_ACCOUNT", ACCOUNT, INSTANCE],
            );
            assert.deepEqual(deps(a, "permissionSetArn"), [urnOf(graph, set)]);
        }
    });
});

describe("identity-policies (pure builders)", () => {
    const arns = arnsFor("prod");
    const actionsOf = (s: Statement) => list(s["Action"]) as string[];
    const allows = (d: PolicyDocument) => d.Statement.filter((s) => s["Effect"] === "Allow");

    describe("service control policies", () => {
        const scps = serviceControlPolicies({ partition: "aws", deployRoleName: "zt-prod-deploy", allowedRegions: ["eu-west-1"], trustedSourceCidrs: [] });

        it("stay under the 5,120-character SCP limit even with many regions and source ranges", () => {
            const big = serviceControlPolicies({
                partition: "aws-us-gov",
                deployRoleName: "abcdefgh-prod-deploy",
                allowedRegions: ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1"],
                trustedSourceCidrs: Array.from({ length: 30 }, (_, i) => `198.51.${i}.0/24`),
            });
            for (const key of SCP_KEYS) {
                const size = JSON.stringify(big[key]).length;
                assert.ok(size <= SCP_MAX_CHARS, `${key} is ${size} characters`);
            }
        });

        it("deny access keys unless the principal carries the approved exception tag, and deny self-granting it", () => {
            const [deny, tagging] = scps["access-keys"].Statement;
            assert.deepEqual([deny["Effect"], deny["Action"]], ["Deny", "iam:CreateAccessKey"]);
            assert.deepEqual(deny["Condition"], { StringNotEquals: { [`aws:PrincipalTag/${ACCESS_KEY_EXCEPTION_TAG.key}`]: "approved" } });
            assert.deepEqual((tagging["Condition"] as Record<string, unknown>)["ForAnyValue:StringEquals"], { "aws:TagKeys": [ACCESS_KEY_EXCEPTION_TAG.key] });
        });

        it("deny leaving the organization and acting as root", () => {
            assert.deepEqual(scps["leave-organization"].Statement[0]["Action"], "organizations:LeaveOrganization");
            assert.deepEqual(scps["root-user"].Statement[0]["Condition"], { StringLike: { "aws:PrincipalArn": "arn:aws:iam::*:root" } });
        });

        it("deny stopping, deleting or reconfiguring CloudTrail, GuardDuty, Config and Security Hub to all but CI", () => {
            const [s] = scps["audit-services"].Statement;
            for (const a of ["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "cloudtrail:UpdateTrail", "guardduty:DeleteDetector", "guardduty:UpdateDetector", "config:StopConfigurationRecorder", "config:DeleteConfigurationRecorder", "config:DeleteDeliveryChannel", "securityhub:DisableSecurityHub", "securityhub:BatchDisableStandards"]) {
                assert.ok(actionsOf(s).includes(a), a);
            }
            assert.deepEqual(s["Condition"], { ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::*:role/zt-prod-deploy" } });
        });

        it("deny other regions except for global services", () => {
            const [s] = scps.regions.Statement;
            assert.deepEqual(s["Condition"], { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1"] } });
            for (const a of ["iam:*", "organizations:*", "sts:*", "route53:*", "cloudfront:*", "support:*", "budgets:*"]) assert.ok((s["NotAction"] as string[]).includes(a), a);
            assert.equal(s["Action"], undefined);
        });

        it("deny privileged actions without MFA, exempting services, the deploy role and Identity Center sessions; off-network only when ranges are set", () => {
            assert.equal(scps["privileged-actions"].Statement.length, 1);
            const [mfa] = scps["privileged-actions"].Statement;
            assert.deepEqual(mfa["Action"], PRIVILEGED_ACTIONS);
            for (const a of ["iam:Create*", "iam:Attach*", "organizations:*", "kms:ScheduleKeyDeletion"]) assert.ok(PRIVILEGED_ACTIONS.includes(a), a);
            const cond = mfa["Condition"] as Record<string, Record<string, unknown>>;
            assert.deepEqual(cond["BoolIfExists"], { "aws:MultiFactorAuthPresent": "false", "aws:ViaAWSService": "false" });
            assert.ok((cond["ArnNotLike"]["aws:PrincipalArn"] as string[]).includes("arn:aws:iam::*:role/zt-prod-deploy"));
            const withIps = serviceControlPolicies({ partition: "aws", deployRoleName: "zt-prod-deploy", allowedRegions: ["eu-west-1"], trustedSourceCidrs: ["203.0.113.0/24"] });
            const ip = withIps["privileged-actions"].Statement[1];
            assert.deepEqual((ip["Condition"] as Record<string, unknown>)["NotIpAddress"], { "aws:SourceIp": ["203.0.113.0/24"] });
            assert.ok(!JSON.stringify(ip["Condition"]).includes("sso.amazonaws.com"), "Identity Center sessions must come from the trusted ranges too");
        });
    });

    describe("permissions boundary", () => {
        const boundary = permissionsBoundary({ arns, prefix: "zt-prod", organization: false, deployIdentity: "bootstrap" });
        const stackBoundary = permissionsBoundary({ arns, prefix: "zt-prod", organization: false, deployIdentity: "stack" });

        it("never allows Action * on Resource *, and caps IAM to scoped statements", () => {
            for (const s of allows(boundary)) assert.ok(!actionsOf(s).includes("*") && s["Action"] !== "*", String(s["Sid"]));
            assert.deepEqual(sid(boundary, "AllServicesButIdentityAdmin")["NotAction"], ["iam:*", "organizations:*", "account:*"]);
            assert.ok(!allows(boundary).some((s) => actionsOf(s).includes("iam:*")));
        });

        it("denies changing the boundary (to all when the bootstrap owns it, to all but CI when the stack does), removing or replacing boundaries, users, keys, audit kills and leaving the organization", () => {
            const protect = sid(boundary, "ProtectBoundary");
            assert.deepEqual([protect["Effect"], protect["Resource"], protect["Condition"]], ["Deny", arns.boundary, undefined]);
            const ciOnly = sid(stackBoundary, "ProtectBoundary");
            assert.deepEqual([ciOnly["Effect"], ciOnly["Resource"]], ["Deny", arns.boundary]);
            assert.deepEqual(ciOnly["Condition"], { ArnNotLike: { "aws:PrincipalArn": [arns.deployRole] } });
            assert.deepEqual(ciOnly["Action"], protect["Action"]);
            assert.deepEqual(sid(boundary, "KeepBoundaries")["Action"], ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"]);
            assert.deepEqual(sid(boundary, "NoOtherBoundary")["Condition"], { StringNotEquals: { "iam:PermissionsBoundary": arns.boundary } });
            assert.deepEqual(sid(boundary, "NoLongLivedCredentials")["Action"], ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]);
            assert.ok(actionsOf(sid(boundary, "KeepAuditOn")).includes("cloudtrail:StopLogging"));
            assert.equal(sid(boundary, "StayInOrganization")["Effect"], "Deny");
        });

        it("lets only CI, break-glass and the JIT steps change Identity Center, and protects the JIT workflow from elevated sessions", () => {
            const ic = sid(boundary, "IdentityCenterByCiAndJitOnly");
            assert.deepEqual(ic["Condition"], { ArnNotLike: { "aws:PrincipalArn": [arns.deployRole, arns.breakGlassRole, arns.jitRoles.grant, arns.jitRoles.revoke] } });
            const lz = sid(boundary, "ProtectLandingZone");
            for (const a of ["states:StopExecution", "lambda:UpdateFunctionCode", "lambda:InvokeFunction", "sns:Subscribe", "iam:PassRole"]) {
                assert.ok(actionsOf(lz).some((x) => new RegExp(`^${x.replace("*", ".*")}$`).test(a) || x === a), a);
            }
            assert.ok((lz["Resource"] as string[]).includes(arns.stateMachine));
            assert.ok((lz["Resource"] as string[]).includes(`arn:aws:lambda:eu-west-1:${ACCOUNT}:function:zt-prod-jit-*`));
            assert.ok((lz["Resource"] as string[]).includes(`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/aws/lambda/zt-prod-jit-*`));
        });

        it("fits IAM's 6,144-character limit with the longest prefix, a long region and an organization", () => {
            const long = identityArns("aws-us-gov", "ap-southeast-4", ACCOUNT, identityNames("abcdefgh-prod", { deploy: "abcdefgh-prod-deploy", breakGlass: "abcdefgh-prod-break-glass", adminPermissionSet: "abcdefgh-prod-admin" }));
            for (const deployIdentity of ["stack", "bootstrap"] as const) {
                const size = JSON.stringify(permissionsBoundary({ arns: long, prefix: "abcdefgh-prod", organization: true, deployIdentity })).length;
                assert.ok(size <= MANAGED_POLICY_MAX_CHARS, `${deployIdentity}: ${size} characters`);
            }
        });
    });

    describe("deploy role IAM policy", () => {
        const policy = deployIamPolicy({ arns, prefix: "zt-prod", organization: false, deployIdentity: "bootstrap" });

        it("manages the GitHub OIDC provider only when the stack owns the deploy identity", () => {
            assert.ok(!policy.Statement.some((s) => s["Sid"] === "GitHubOidcProvider"));
            const stackPolicy = deployIamPolicy({ arns, prefix: "zt-prod", organization: false, deployIdentity: "stack" });
            assert.deepEqual(sid(stackPolicy, "GitHubOidcProvider"), { Sid: "GitHubOidcProvider", Effect: "Allow", Action: "iam:*OpenIDConnectProvider*", Resource: arns.oidcProvider });
        });

        it("creates roles only with the boundary, passes only landing-zone roles and never removes a boundary", () => {
            const bounded = sid(policy, "OnlyBoundedRoles");
            assert.ok(actionsOf(bounded).includes("iam:CreateRole"));
            assert.deepEqual(bounded["Condition"], { StringEquals: { "iam:PermissionsBoundary": arns.boundary } });
            const passing = policy.Statement.filter((s) => actionsOf(s).includes("iam:PassRole"));
            assert.deepEqual(passing.map((s) => s["Sid"]), ["LandingZoneIam"]);
            assert.ok((passing[0]["Resource"] as string[]).every((r) => r.startsWith(`arn:aws:iam::${ACCOUNT}:`) && r.includes("/zt-prod-")));
            const all = policy.Statement.flatMap(actionsOf);
            for (const a of ["iam:*", "*", "iam:DeleteRolePermissionsBoundary", "iam:CreateUser", "iam:CreateAccessKey"]) assert.ok(!all.includes(a), a);
            assert.ok(!policy.Statement.some((s) => s["Sid"] === "ServiceControlPolicies"), "no organization: no SCP management");
        });
    });

    describe("JIT roles", () => {
        const ctx = { arns, instanceArn: INSTANCE, identityStoreId: "d-0000000000", adminPermissionSetArn: "arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-0000000000000000", adminGroupIds: [ADMIN_GROUP], keyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" };

        it("gives validate no Identity Center rights, grant only creation and revoke only deletion, scoped to the instance, admin set and account", () => {
            assert.ok(!JSON.stringify(jitFunctionPolicy("validate", ctx)).includes("sso:"));
            const scope = [INSTANCE, ctx.adminPermissionSetArn, `arn:aws:sso:::account/${ACCOUNT}`];
            assert.deepEqual(sid(jitFunctionPolicy("grant", ctx), "AdminAssignment"), { Sid: "AdminAssignment", Effect: "Allow", Action: "sso:CreateAccountAssignment", Resource: scope });
            assert.deepEqual(sid(jitFunctionPolicy("revoke", ctx), "AdminAssignment"), { Sid: "AdminAssignment", Effect: "Allow", Action: "sso:DeleteAccountAssignment", Resource: scope });
            assert.deepEqual(sid(jitFunctionPolicy("grant", ctx), "OwnLogs")["Resource"], `${arns.jitLogGroups.grant}:*`);
        });

        it("lets the workflow invoke only its steps, publish only approvals, and uses named log-delivery actions", () => {
            const policy = jitWorkflowPolicy(ctx);
            assert.deepEqual(sid(policy, "InvokeSteps")["Resource"], ["validate", "grant", "revoke"].flatMap((s) => [arns.jitFunctions[s as "grant"], `${arns.jitFunctions[s as "grant"]}:*`]));
            assert.deepEqual(sid(policy, "PublishApprovals")["Resource"], arns.approvalTopic);
            assert.ok(actionsOf(sid(policy, "LogDelivery")).every((a) => a.startsWith("logs:") && !a.includes("*")));
            for (const s of policy.Statement) assert.ok(!actionsOf(s).some((a) => a === "*" || a.endsWith(":*")), String(s["Sid"]));
        });
    });

    it("formats session lengths as ISO-8601 durations and slugs group names", () => {
        assert.deepEqual([15, 60, 90, 240, 480].map(isoDuration), ["PT15M", "PT1H", "PT1H30M", "PT4H", "PT8H"]);
        assert.throws(() => isoDuration(0));
        assert.equal(groupSlug("  Platform Admins (EU) "), "platform-admins-eu");
        assert.throws(() => groupSlug("!!!"));
        assert.deepEqual(["eu-west-1", "cn-north-1", "us-gov-west-1"].map(partitionOf), ["aws", "aws-cn", "aws-us-gov"]);
    });
});
