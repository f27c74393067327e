/**
 * zt:aws:JitAdmin — just-in-time admin, a child of zt:aws:Identity. A Step Functions workflow
 * validates a request, checks admin-group membership, asks for approval on the SNS topic (no answer
 * in time is a refusal), assigns the admin permission set and revokes it after the requested time.
 *
 * Revocation is a step of that execution: Step Functions runs nothing for a stopped execution, so
 * the boundary (zt:aws:Identity) lets only CI and break-glass stop or rewire the workflow, and the
 * admin set's one-hour session caps what a missed revocation exposes per sign-in (a failed
 * revocation alerts the approval topic). Documents live in ./jit-policies.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { after } from "../shared/after";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as sfn from "@pulumi/aws/sfn";
import * as sns from "@pulumi/aws/sns";
import { JIT_STEPS, jitArns, jitNames, lambdaLogGroupName, partitionOf, type JitStep } from "./identity-names";
import { serviceTrustPolicy } from "./policy-statements";
import { MIN_ELEVATION_MINUTES, approvalTopicPolicy, jitDefinition, jitFunctionPolicy, jitWorkflowPolicy, workflowTrust, type JitContext } from "./jit-policies";
import { LAMBDA_RUNTIME, lambdaCode } from "./lambda-code";
import { encryptedLogGroup } from "./log-group";

export interface JitAdminArgs {
    /** Physical-name prefix, `<prefix>-<env>`; the workflow's names are `<prefix>-jit-*`. CAUTION: changing it replaces every resource here. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** The Identity Center instance the admin assignment is made in. */
    instanceArn: pulumi.Input<string>;
    /** The identity store whose group membership makes a requester eligible. */
    identityStoreId: pulumi.Input<string>;
    /** The permission set granted just in time; nothing else assigns it. */
    adminPermissionSetArn: pulumi.Input<string>;
    /** Identity-store ids of the groups whose members may request elevation. 1 to 100 (the membership check's limit). */
    adminGroupIds: pulumi.Input<string>[];
    /** Longest elevation, in minutes (at least 15). */
    maxElevationMinutes: number;
    /** How long a request waits for an approver before it is refused. Default: 30 minutes. */
    approvalTimeoutMinutes?: number;
    /** The boundary every role here carries (zt:aws:Identity's). */
    permissionsBoundaryArn: pulumi.Input<string>;
    /** Key for the workflow's logs, approval topic and function environments. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** `data-classification` of the workflow's log groups (a log store is a data store). Default: "confidential". */
    logClassification?: string;
    /** Protect the log groups from deletion. */
    protect: boolean;
}

export class JitAdmin extends pulumi.ComponentResource {
    /** Signed-in users request elevation with states:StartExecution on this machine. */
    readonly stateMachineArn: pulumi.Output<string>;
    /** Subscribers answer elevation requests (send-task-success / send-task-failure). */
    readonly approvalTopicArn: pulumi.Output<string>;

    constructor(name: string, args: JitAdminArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:JitAdmin", name, {}, opts);
        if (args.maxElevationMinutes < MIN_ELEVATION_MINUTES) throw new Error(`maxElevationMinutes must be at least ${MIN_ELEVATION_MINUTES}`);
        if (args.adminGroupIds.length < 1 || args.adminGroupIds.length > 100) throw new Error("adminGroupIds needs 1 to 100 groups (the membership check's limit)");
        const approvalTimeoutMinutes = args.approvalTimeoutMinutes ?? 30;
        if (!Number.isInteger(approvalTimeoutMinutes) || approvalTimeoutMinutes < 1) throw new Error("approvalTimeoutMinutes must be a whole number of at least 1");

        const parent = { parent: this };
        const json = (value: unknown) => JSON.stringify(value);
        const names = jitNames(args.namePrefix);
        const arns = pulumi.output(args.accountId).apply((id) => jitArns(partitionOf(args.region), args.region, id, names));

        const logGroup = (key: string, logName: string) => encryptedLogGroup(`${name}-${key}`, {
            name: logName,
            kmsKeyId: args.logsKeyArn,
            retentionDays: args.logRetentionDays,
            classification: args.logClassification ?? "confidential",
            protect: args.protect,
            nameTag: logName,
        }, this);
        const topic = new sns.Topic(`${name}-approvals`, {
            name: names.approvalTopic,
            displayName: "JIT admin approvals",
            kmsMasterKeyId: args.logsKeyArn,
            policy: arns.apply((a) => json(approvalTopicPolicy(a.approvalTopic))),
        }, parent);
        const adminGroupIds = pulumi.all(args.adminGroupIds);
        const jit: pulumi.Output<JitContext> = pulumi.all([arns, args.instanceArn, args.identityStoreId, args.adminPermissionSetArn, adminGroupIds, args.logsKeyArn])
            .apply(([a, instance, store, permissionSet, groups, key]) => ({ arns: a, instanceArn: instance, identityStoreId: store, adminPermissionSetArn: permissionSet, adminGroupIds: groups, keyArn: key }));

        const maxMinutes = String(args.maxElevationMinutes);
        const assignment = { MAX_MINUTES: maxMinutes, INSTANCE_ARN: args.instanceArn, PERMISSION_SET_ARN: args.adminPermissionSetArn, ACCOUNT_ID: args.accountId };
        const environments: Record<JitStep, Record<string, pulumi.Input<string>>> = { validate: { MAX_MINUTES: maxMinutes }, grant: assignment, revoke: assignment };
        const code = lambdaCode("jit-admin");
        const functions: pulumi.Resource[] = [];
        for (const step of JIT_STEPS) {
            const logs = logGroup(`${step}-logs`, lambdaLogGroupName(names.jit[step]));
            const role = new iam.Role(`${name}-${step}-role`, {
                name: names.jit[step],
                description: `The JIT admin workflow's ${step} step.`,
                assumeRolePolicy: json(serviceTrustPolicy("lambda.amazonaws.com")),
                permissionsBoundary: args.permissionsBoundaryArn,
            }, parent);
            const policy = new iam.RolePolicy(`${name}-${step}-policy`, { role: role.name, name: `jit-${step}`, policy: jit.apply((c) => json(jitFunctionPolicy(step, c))) }, parent);
            functions.push(new lambda.Function(`${name}-${step}`, {
                name: names.jit[step],
                description: `JIT admin: ${step}`,
                runtime: LAMBDA_RUNTIME,
                handler: `index.${step}`,
                code,
                role: after([role], arns.apply((a) => a.jitRoles[step])),
                // Grant and revoke poll Identity Center for up to a minute.
                timeout: step === "validate" ? 10 : 120,
                memorySize: 256,
                reservedConcurrentExecutions: 2,
                kmsKeyArn: args.logsKeyArn,
                environment: { variables: environments[step] },
                loggingConfig: { logGroup: logs.name, logFormat: "JSON" },
                tracingConfig: { mode: "Active" },
            }, { parent: this, dependsOn: [policy] }));
        }

        const workflowLogs = logGroup("workflow-logs", names.workflowLogGroup);
        const workflowRole = new iam.Role(`${name}-workflow-role`, {
            name: names.workflowRole,
            description: "The JIT admin state machine.",
            assumeRolePolicy: arns.apply((a) => json(workflowTrust(a))),
            permissionsBoundary: args.permissionsBoundaryArn,
        }, parent);
        const workflowPolicy = new iam.RolePolicy(`${name}-workflow-policy`, { role: workflowRole.name, name: "jit-workflow", policy: jit.apply((c) => json(jitWorkflowPolicy(c))) }, parent);
        const approvalTimeoutSeconds = approvalTimeoutMinutes * 60;
        const machine = new sfn.StateMachine(`${name}-workflow`, {
            name: names.stateMachine,
            type: "STANDARD",
            roleArn: after([workflowRole], arns.workflowRole),
            definition: pulumi.all([arns, args.identityStoreId, adminGroupIds, pulumi.all([...functions, topic].map((r) => r.urn))])
                .apply(([a, store, groups]) => json(jitDefinition({ arns: a, identityStoreId: store, adminGroupIds: groups, approvalTimeoutSeconds }))),
            // Execution data holds the request's reason and the approval token: never in the logs.
            loggingConfiguration: { level: "ALL", includeExecutionData: false, logDestination: after([workflowLogs], arns.workflowLogGroup).apply((arn) => `${arn}:*`) },
            tracingConfiguration: { enabled: true },
        }, { parent: this, dependsOn: [workflowPolicy] });

        this.stateMachineArn = after([machine], arns.stateMachine);
        this.approvalTopicArn = after([topic], arns.approvalTopic);
        this.registerOutputs({ stateMachineArn: this.stateMachineArn, approvalTopicArn: this.approvalTopicArn });
    }
}
