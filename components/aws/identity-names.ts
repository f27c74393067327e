/**
 * Pure naming for zt:aws:Identity and its zt:aws:JitAdmin workflow: physical names, the ARNs
 * derived from them, and the small formatters (partition, ISO durations, group slugs).
 *
 * ARNs are derived from physical names instead of read from resource outputs: a derived ARN is
 * known during preview, so the policy pack can read every document built from them.
 */

export const JIT_STEPS = ["validate", "grant", "revoke"] as const;
export type JitStep = (typeof JIT_STEPS)[number];

export const PERMISSION_SETS = ["read-only", "developer", "admin"] as const;
export type PermissionSetKey = (typeof PERMISSION_SETS)[number];

export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";

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

/** The log group a function writes to (`/aws/lambda/<name>`, the name Lambda would pick itself). */
export const lambdaLogGroupName = (fn: string) => `/aws/lambda/${fn}`;

/** The just-in-time admin workflow's physical names. */
export interface JitNames {
    /** Function and role name of each workflow step (the role is named after its function). */
    jit: Record<JitStep, string>;
    /** Matches every step's name, and nothing else the landing zone creates. */
    jitPattern: string;
    workflowRole: string;
    stateMachine: string;
    approvalTopic: string;
    workflowLogGroup: string;
}

export interface IdentityNames extends JitNames {
    boundary: string;
    deploy: string;
    breakGlass: string;
    permissionSets: Record<PermissionSetKey, string>;
    accessAnalyzer: string;
}

/** The workflow's names depend on the prefix alone, so zt:aws:JitAdmin derives them itself. */
export function jitNames(prefix: string): JitNames {
    return {
        jit: { validate: `${prefix}-jit-validate`, grant: `${prefix}-jit-grant`, revoke: `${prefix}-jit-revoke` },
        jitPattern: `${prefix}-jit-*`,
        workflowRole: `${prefix}-jit-workflow`,
        stateMachine: `${prefix}-jit-admin`,
        approvalTopic: `${prefix}-jit-approvals`,
        // The vended-logs prefix keeps Step Functions from growing the account's log resource policy.
        workflowLogGroup: `/aws/vendedlogs/states/${prefix}-jit-admin`,
    };
}

/** Physical names of the landing zone's roles that other pillars and the bootstrap refer to. */
export interface AwsRoleNames {
    deploy: string;
    breakGlass: string;
    adminPermissionSet: string;
}

/**
 * The role names from the prefix: other pillars (key policies, by pattern) and the bootstrap (the
 * deploy role) refer to them before the roles exist.
 */
export function awsRoleNames(prefix: string): AwsRoleNames {
    return { deploy: `${prefix}-deploy`, breakGlass: `${prefix}-break-glass`, adminPermissionSet: `${prefix}-admin` };
}

/** Every physical name the pillar uses, from the prefix and the names other pillars already refer to. */
export function identityNames(prefix: string, roleNames: AwsRoleNames): IdentityNames {
    return {
        boundary: `${prefix}-boundary`,
        deploy: roleNames.deploy,
        breakGlass: roleNames.breakGlass,
        permissionSets: { "read-only": `${prefix}-read-only`, developer: `${prefix}-developer`, admin: roleNames.adminPermissionSet },
        ...jitNames(prefix),
        accessAnalyzer: `${prefix}-access`,
    };
}

/** The just-in-time admin workflow's ARNs. */
export interface JitArns {
    partition: string;
    accountId: string;
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

export interface IdentityArns extends JitArns {
    boundary: string;
    deployRole: string;
    breakGlassRole: string;
    oidcProvider: string;
}

export function jitArns(partition: string, region: string, accountId: string, names: JitNames): JitArns {
    const iam = (r: string) => `arn:${partition}:iam::${accountId}:${r}`;
    const regional = (svc: string, r: string) => `arn:${partition}:${svc}:${region}:${accountId}:${r}`;
    const perStep = (f: (step: JitStep) => string) => Object.fromEntries(JIT_STEPS.map((s) => [s, f(s)])) as Record<JitStep, string>;
    return {
        partition,
        accountId,
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

export function identityArns(partition: string, region: string, accountId: string, names: IdentityNames): IdentityArns {
    const iam = (r: string) => `arn:${partition}:iam::${accountId}:${r}`;
    return {
        ...jitArns(partition, region, accountId, names),
        boundary: iam(`policy/${names.boundary}`),
        deployRole: iam(`role/${names.deploy}`),
        breakGlassRole: iam(`role/${names.breakGlass}`),
        oidcProvider: iam(`oidc-provider/${GITHUB_OIDC_HOST}`),
    };
}
