/**
 * zt:aws:Identity — organization guardrails, Identity Center permission sets, just-in-time admin,
 * the break-glass role, account hygiene, keyless CI and the permissions boundary every role wears.
 *
 * People get access only through Identity Center: read-only and developer standing, admin never
 * standing but granted per request by the JIT workflow (child zt:aws:JitAdmin, ./jit-admin.ts:
 * validated, admin-group members only, approved through its SNS topic, revoked after the requested
 * time). The boundary lets only CI and break-glass stop or rewire that workflow, and the admin set's
 * one-hour session caps what a missed revocation exposes per sign-in.
 * CI has no keys: GitHub's OIDC tokens for one repository environment assume the deploy role.
 * That deploy identity (OIDC provider, deploy role, boundary: ./deploy-identity.ts) is declared
 * here only with `deployIdentity: "stack"`; by default the bootstrap declares it and this pillar
 * refers to it by name. Nothing here creates IAM users or access keys. Names live in
 * ./identity-names.ts, documents in ./identity-policies.ts and ./identity-scps.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import { after } from "../shared/after";
import * as accessanalyzer from "@pulumi/aws/accessanalyzer";
import * as iam from "@pulumi/aws/iam";
import * as identitystore from "@pulumi/aws/identitystore";
import * as organizations from "@pulumi/aws/organizations";
import * as ssoadmin from "@pulumi/aws/ssoadmin";
import type { DeployIdentityOwner } from "../../config/schema";
import { declareAwsDeployIdentity, type AwsDeployIdentityOutputs } from "./deploy-identity";
import { PERMISSION_SETS, groupSlug, identityArns, identityNames, isoDuration, partitionOf, type AwsRoleNames, type PermissionSetKey } from "./identity-names";
import { PERMISSION_SET_POLICIES, breakGlassTrust, permissionSetJitPolicy } from "./identity-policies";
import { SCP_KEYS, SCP_MAX_CHARS, serviceControlPolicies } from "./identity-scps";
import { JitAdmin } from "./jit-admin";
import { MIN_ELEVATION_MINUTES } from "./jit-policies";

export interface AwsIdentityArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Service control policies attach here when set. Default: none (account-level controls only). */
    organization?: { id: string; scpTargets: string[] };
    /** Regions the region-deny SCP allows. Must include `region`. */
    allowedRegions: string[];
    /** Source ranges privileged actions must come from; empty means MFA only. */
    trustedSourceCidrs: string[];
    identityCenter: {
        /** Default: looked up. The instance must be in `region`. */
        instanceArn?: string;
        /** Default: looked up. */
        identityStoreId?: string;
        readOnlyGroups: string[];
        developerGroups: string[];
        /** Groups that may request just-in-time admin; they never hold it standing. 1 to 100 groups. */
        adminGroups: string[];
        /** Admin at most 60: the session is what caps a missed revocation. */
        sessionMinutes: { readOnly: number; developer: number; admin: number };
    };
    /** Longest just-in-time admin elevation, in minutes (at least 15). */
    maxElevationMinutes: number;
    /** How long an elevation request waits for an approver before it is refused. Default: 30 minutes. */
    approvalTimeoutMinutes?: number;
    /** Keyless CI: the GitHub repository and environment whose OIDC tokens may assume the deploy role. */
    github: { repository: string; environment: string; maxSessionMinutes: number };
    /**
     * Who declares the deploy identity: the GitHub OIDC provider, the deploy role and the
     * permissions boundary it (and every role here) wears. "stack": this pillar, as
     * `<name>-github-oidc`, `<name>-deploy` (with `-power-user`, `-iam`) and `<name>-boundary`.
     * "bootstrap": zt:aws:DeployIdentity in the bootstrap, before the first deploy; this pillar
     * declares none of it and refers to it by its physical names, which must then already exist.
     * CAUTION: switching an existing stack either way deletes the identity from one program's state
     * and creates it in the other's: move the state first.
     */
    deployIdentity: DeployIdentityOwner;
    /** Physical names of the roles other pillars refer to by pattern (key policies). CAUTION: changing them replaces the roles. */
    roleNames: AwsRoleNames;
    /** Key for the JIT workflow's logs, approval topic and function environments (zt:aws:JitAdmin). */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** `data-classification` of the workflow's log groups (a log store is a data store). Default: "confidential". */
    logClassification?: string;
    /** Protect the log groups from deletion. */
    protect: boolean;
}

export class AwsIdentity extends pulumi.ComponentResource {
    /** The managed policy every landing-zone role carries as its permissions boundary. */
    readonly permissionsBoundaryArn: pulumi.Output<string>;
    readonly breakGlassRoleArn: pulumi.Output<string>;
    readonly deployRoleArn: pulumi.Output<string>;
    readonly jitStateMachineArn: pulumi.Output<string>;
    /** Subscribers answer elevation requests (send-task-success / send-task-failure). */
    readonly approvalTopicArn: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly permissionSetArns: Record<PermissionSetKey, pulumi.Output<string>>;

    constructor(name: string, args: AwsIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Identity", name, {}, opts);
        const ic = args.identityCenter;
        if (ic.sessionMinutes.admin > 60) throw new Error(`identityCenter.sessionMinutes.admin is ${ic.sessionMinutes.admin}: admin sessions last at most 60 minutes`);
        if (args.maxElevationMinutes < MIN_ELEVATION_MINUTES) throw new Error(`maxElevationMinutes must be at least ${MIN_ELEVATION_MINUTES}`);
        if (ic.adminGroups.length < 1 || ic.adminGroups.length > 100) throw new Error("identityCenter.adminGroups needs 1 to 100 groups (the membership check's limit)");
        if (!args.allowedRegions.includes(args.region)) throw new Error(`allowedRegions must include the landing zone's region ${args.region}`);
        const approvalTimeoutMinutes = args.approvalTimeoutMinutes;
        if (approvalTimeoutMinutes !== undefined && (!Number.isInteger(approvalTimeoutMinutes) || approvalTimeoutMinutes < 1)) throw new Error("approvalTimeoutMinutes must be a whole number of at least 1");

        const parent = { parent: this };
        const json = (value: unknown) => JSON.stringify(value);
        const partition = partitionOf(args.region);
        const awsPolicy = (policy: string) => `arn:${partition}:iam::aws:policy/${policy}`;
        const names = identityNames(args.namePrefix, args.roleNames);
        const arns = pulumi.output(args.accountId).apply((id) => identityArns(partition, args.region, id, names));

        // The deploy identity comes first: its boundary is worn by every role below and in the other pillars.
        const declared = args.deployIdentity === "stack"
            ? declareAwsDeployIdentity(name, {
                namePrefix: args.namePrefix,
                region: args.region,
                accountId: args.accountId,
                organization: args.organization !== undefined,
                github: args.github,
                roleNames: args.roleNames,
            }, this, "stack")
            : undefined;
        // The bootstrap's identity: the same name-built ARNs, known at preview, and nothing here to wait for.
        const ci: AwsDeployIdentityOutputs = declared ?? { boundaryArn: arns.boundary, deployRoleArn: arns.deployRole, oidcProviderArn: arns.oidcProvider };
        const boundaryArn = ci.boundaryArn;

        // Account hygiene: the password policy is the backstop for users created outside the code.
        new iam.AccountPasswordPolicy(`${name}-password-policy`, {
            minimumPasswordLength: 14,
            requireLowercaseCharacters: true,
            requireUppercaseCharacters: true,
            requireNumbers: true,
            requireSymbols: true,
            passwordReusePrevention: 24,
            maxPasswordAge: 90,
            allowUsersToChangePassword: true,
        }, parent);
        new accessanalyzer.Analyzer(`${name}-access-analyzer`, { analyzerName: names.accessAnalyzer, type: args.organization ? "ORGANIZATION" : "ACCOUNT" }, parent);

        if (args.organization) {
            const scps = serviceControlPolicies({ partition, deployRoleName: names.deploy, allowedRegions: args.allowedRegions, trustedSourceCidrs: args.trustedSourceCidrs });
            for (const key of SCP_KEYS) {
                const content = json(scps[key]);
                if (content.length > SCP_MAX_CHARS) throw new Error(`the ${key} SCP is ${content.length} characters, over the ${SCP_MAX_CHARS} limit`);
                const policy = new organizations.Policy(`${name}-scp-${key}`, {
                    name: `${args.namePrefix}-${key}`,
                    description: `Zero Trust guardrail: ${key}`,
                    type: "SERVICE_CONTROL_POLICY",
                    content,
                }, parent);
                for (const target of args.organization.scpTargets) {
                    new organizations.PolicyAttachment(`${name}-scp-${key}-${target}`, { policyId: policy.id, targetId: target }, parent);
                }
            }
        }

        const breakGlass = new iam.Role(`${name}-break-glass`, {
            name: names.breakGlass,
            description: "Emergency administrator: MFA within the last hour; every use alerts (zt:aws:Visibility).",
            assumeRolePolicy: arns.apply((a) => json(breakGlassTrust(partition, a.accountId))),
            maxSessionDuration: 3600,
            permissionsBoundary: boundaryArn,
        }, parent);
        new iam.RolePolicyAttachment(`${name}-break-glass-admin`, { role: breakGlass.name, policyArn: awsPolicy("AdministratorAccess") }, parent);

        // Identity Center: the instance and store, looked up unless configured.
        let lookup: pulumi.Output<ssoadmin.GetInstancesResult> | undefined;
        const lookedUp = (field: "arns" | "identityStoreIds", setting: string) => {
            lookup ??= ssoadmin.getInstancesOutput({}, parent);
            return lookup.apply((r) => {
                if (!r[field]?.length) throw new Error(`no IAM Identity Center instance found in ${args.region}: enable it, or set aws.identityCenter.${setting}`);
                return r[field][0];
            });
        };
        const instanceArn = ic.instanceArn ? pulumi.output(ic.instanceArn) : lookedUp("arns", "instanceArn");
        const identityStoreId = ic.identityStoreId ? pulumi.output(ic.identityStoreId) : lookedUp("identityStoreIds", "identityStoreId");
        const groupIds = new Map<string, pulumi.Output<string>>();
        const groupId = (displayName: string): pulumi.Output<string> => {
            let id = groupIds.get(displayName);
            if (!id) {
                id = identitystore.getGroupOutput({
                    identityStoreId,
                    alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: displayName } },
                }, parent).groupId;
                groupIds.set(displayName, id);
            }
            return id;
        };

        const sessions: Record<PermissionSetKey, number> = { "read-only": ic.sessionMinutes.readOnly, developer: ic.sessionMinutes.developer, admin: ic.sessionMinutes.admin };
        const jitRequestPolicy = arns.apply((a) => json(permissionSetJitPolicy(a)));
        const sets = {} as Record<PermissionSetKey, ssoadmin.PermissionSet>;
        for (const key of PERMISSION_SETS) {
            const set = new ssoadmin.PermissionSet(`${name}-ps-${key}`, {
                instanceArn,
                name: names.permissionSets[key],
                description: key === "admin" ? "Administrator, granted only just in time by the JIT workflow" : `${PERMISSION_SET_POLICIES[key]}, standing`,
                sessionDuration: isoDuration(sessions[key]),
            }, parent);
            const permissionSetArn = set.arn;
            new ssoadmin.ManagedPolicyAttachment(`${name}-ps-${key}-policy`, { instanceArn, permissionSetArn, managedPolicyArn: awsPolicy(PERMISSION_SET_POLICIES[key]) }, parent);
            // The same boundary as every role: sessions cannot touch the guardrails whatever the set grants.
            new ssoadmin.PermissionsBoundaryAttachment(`${name}-ps-${key}-boundary`, {
                instanceArn,
                permissionSetArn,
                permissionsBoundary: { customerManagedPolicyReference: { name: names.boundary } },
            }, { parent: this, dependsOn: declared ? [declared.boundary] : [] });
            new ssoadmin.PermissionSetInlinePolicy(`${name}-ps-${key}-jit`, { instanceArn, permissionSetArn, inlinePolicy: jitRequestPolicy }, parent);
            sets[key] = set;
        }

        // Standing assignments: read-only and developer only. Admin is assigned by the JIT workflow alone.
        const standing: [PermissionSetKey, string[]][] = [["read-only", ic.readOnlyGroups], ["developer", ic.developerGroups]];
        for (const [key, groups] of standing) {
            const slugs = new Map<string, string>();
            for (const group of groups) {
                const slug = groupSlug(group);
                if (slugs.has(slug)) throw new Error(`groups "${slugs.get(slug)}" and "${group}" would both be assigned ${key} as "${slug}": rename one`);
                slugs.set(slug, group);
                new ssoadmin.AccountAssignment(`${name}-${key}-${slug}`, {
                    instanceArn,
                    permissionSetArn: sets[key].arn,
                    principalType: "GROUP",
                    principalId: groupId(group),
                    targetType: "AWS_ACCOUNT",
                    targetId: args.accountId,
                }, parent);
            }
        }

        // Just-in-time admin: the only way the admin set is ever assigned.
        const jit = new JitAdmin(`${name}-jit`, {
            namePrefix: args.namePrefix,
            region: args.region,
            accountId: args.accountId,
            instanceArn,
            identityStoreId,
            adminPermissionSetArn: sets.admin.arn,
            adminGroupIds: ic.adminGroups.map(groupId),
            maxElevationMinutes: args.maxElevationMinutes,
            approvalTimeoutMinutes,
            permissionsBoundaryArn: boundaryArn,
            logsKeyArn: args.logsKeyArn,
            logRetentionDays: args.logRetentionDays,
            logClassification: args.logClassification,
            protect: args.protect,
        }, parent);

        this.permissionsBoundaryArn = boundaryArn;
        this.deployRoleArn = ci.deployRoleArn;
        this.breakGlassRoleArn = after([breakGlass], arns.breakGlassRole);
        this.jitStateMachineArn = jit.stateMachineArn;
        this.approvalTopicArn = jit.approvalTopicArn;
        this.oidcProviderArn = ci.oidcProviderArn;
        this.permissionSetArns = { "read-only": sets["read-only"].arn, developer: sets.developer.arn, admin: sets.admin.arn };
        this.registerOutputs({
            permissionsBoundaryArn: this.permissionsBoundaryArn,
            breakGlassRoleArn: this.breakGlassRoleArn,
            deployRoleArn: this.deployRoleArn,
            jitStateMachineArn: this.jitStateMachineArn,
            approvalTopicArn: this.approvalTopicArn,
            oidcProviderArn: this.oidcProviderArn,
            permissionSetArns: this.permissionSetArns,
        });
    }
}
