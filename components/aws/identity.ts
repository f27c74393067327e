/**
 * zt:aws:Identity — organization guardrails, Identity Center permission sets, just-in-time admin,
 * the break-glass role, account hygiene, keyless CI and the permissions boundary every role wears.
 */
import * as pulumi from "@pulumi/pulumi";

export interface AwsIdentityArgs {
    /** Physical-name prefix, `<prefix>-<env>`. */
    namePrefix: string;
    region: string;
    accountId: pulumi.Input<string>;
    /** Service control policies attach here when set. Default: none (account-level controls only). */
    organization?: { id: string; scpTargets: string[] };
    /** Regions the region-deny SCP allows. */
    allowedRegions: string[];
    /** Source ranges privileged actions must come from; empty means MFA only. */
    trustedSourceCidrs: string[];
    identityCenter: {
        /** Default: looked up. */
        instanceArn?: string;
        /** Default: looked up. */
        identityStoreId?: string;
        readOnlyGroups: string[];
        developerGroups: string[];
        /** Groups that may request just-in-time admin; they never hold it standing. */
        adminGroups: string[];
        sessionMinutes: { readOnly: number; developer: number; admin: number };
    };
    /** Longest just-in-time admin elevation, in minutes. */
    maxElevationMinutes: number;
    /** Keyless CI: the GitHub repository and environment whose OIDC tokens may assume the deploy role. */
    github: { repository: string; environment: string; maxSessionMinutes: number };
    /** Physical names of the roles other pillars refer to by pattern (key policies). */
    roleNames: { deploy: string; breakGlass: string; adminPermissionSet: string };
    /** Key for the JIT workflow's logs and approval topic. */
    logsKeyArn: pulumi.Input<string>;
    logRetentionDays: number;
    /** Protect the log groups from deletion. */
    protect: boolean;
}

export class AwsIdentity extends pulumi.ComponentResource {
    /** The managed policy every landing-zone role carries as its permissions boundary. */
    readonly permissionsBoundaryArn: pulumi.Output<string>;
    readonly breakGlassRoleArn: pulumi.Output<string>;
    readonly deployRoleArn: pulumi.Output<string>;
    readonly jitStateMachineArn: pulumi.Output<string>;

    constructor(name: string, args: AwsIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:aws:Identity", name, {}, opts);
        void args;
        this.permissionsBoundaryArn = pulumi.output("");
        this.breakGlassRoleArn = pulumi.output("");
        this.deployRoleArn = pulumi.output("");
        this.jitStateMachineArn = pulumi.output("");
        this.registerOutputs({});
    }
}
