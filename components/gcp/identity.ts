/** zt:gcp:Identity — STUB: the contract the composition relies on. The identity helper replaces it. */
import * as pulumi from "@pulumi/pulumi";
import { gcpNames } from "./names";

export type PolicyScope = { kind: "project" } | { kind: "folder"; folderId: string } | { kind: "organization" };

export interface GcpIdentityArgs {
    /** `<prefix>-<env>`. */
    namePrefix: string;
    project: string;
    /** The project's number (from `organizations.getProject`): service agents and VPC-SC name projects by it. */
    projectNumber: pulumi.Input<string>;
    region: string;
    organizationId: string;
    /** Cloud Identity customer id: the only member domain `iam.allowedPolicyMemberDomains` admits. */
    customerId: string;
    /** Where the organization policies are set. */
    policyScope: PolicyScope;
    /** Values of `gcp.resourceLocations`. */
    allowedLocations: string[];
    /** Admin groups as IAM members (`group:<email>`), keyed by their config name: the PAM entitlement's eligible principals. */
    adminGroups: Record<string, string>;
    /** Approver groups as IAM members: they approve PAM grants. */
    approverGroups: Record<string, string>;
    /** Auditor groups as IAM members: read-only roles. */
    auditorGroups: Record<string, string>;
    /** Longest elevation, in minutes: the entitlement's maximum request duration. */
    maxElevationMinutes: number;
    /** Network tier names: each gets a service account its VMs run as (the firewall targets it). */
    tiers: string[];
    /** Workload names: each gets a service account (no keys, ever). */
    workloadServiceAccounts: string[];
    /** The repository and GitHub environment the deploy pipeline federates from. */
    github: { repository: string; environment: string; maxSessionMinutes: number };
}

export class GcpIdentity extends pulumi.ComponentResource {
    /** Tier → service account email. */
    readonly tierServiceAccounts: Record<string, pulumi.Output<string>>;
    /** Workload name → service account email. */
    readonly workloadServiceAccounts: Record<string, pulumi.Output<string>>;
    /** The deploy service account's email. */
    readonly deployServiceAccount: pulumi.Output<string>;
    /** Full resource name of the GitHub provider, what the CI's auth step names. */
    readonly workloadIdentityProvider: pulumi.Output<string>;

    constructor(name: string, args: GcpIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:gcp:Identity", name, {}, opts);
        const n = gcpNames(args.namePrefix, args.project, args.region);
        this.tierServiceAccounts = Object.fromEntries(args.tiers.map((t) => [t, pulumi.output(n.tierAccountEmail(t))]));
        this.workloadServiceAccounts = Object.fromEntries(args.workloadServiceAccounts.map((w) => [w, pulumi.output(n.workloadAccountEmail(w))]));
        this.deployServiceAccount = pulumi.output(n.deployAccountEmail);
        this.workloadIdentityProvider = pulumi.interpolate`projects/${args.projectNumber}/locations/global/workloadIdentityPools/${n.identityPool}/providers/${n.identityPoolProvider}`;
        this.registerOutputs({});
    }
}
