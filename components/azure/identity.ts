/** STUB — replaced by the identity pillar. The Args and public outputs are the contract stacks/azure.ts uses. */
import * as pulumi from "@pulumi/pulumi";

export interface AzureIdentityArgs {
    namePrefix: string;
    location: string;
    subscriptionId: string;
    tenantId: string;
    /** deny in prod, audit in dev (resolved in config). */
    policyEnforcement: "deny" | "audit";
    /** Regex of the images AKS may run. */
    allowedImageRegex: string;
    /** Management-group hierarchy; undefined = none. */
    managementGroups?: { parentId: string; placeSubscription: boolean };
    /** Tenant-wide Entra objects (conditional access, named location, emergency group) only when manage is true. */
    entra: { manage: boolean; trustedRanges: string[]; conditionalAccessState: "enabled" | "reportOnly" };
    /** Object ids of the groups made PIM-eligible for Owner and Contributor. */
    adminGroupIds: pulumi.Input<string>[];
    /** Object ids of the groups that approve activations. */
    approverGroupIds: pulumi.Input<string>[];
    /** Object ids of the groups given the auditor role. */
    auditorGroupIds: pulumi.Input<string>[];
    /** Longest PIM activation, minutes (≤ 240). */
    maxActivationMinutes: number;
    /** One user-assigned managed identity per name. */
    workloadIdentities: string[];
    /** GitHub OIDC: tokens for exactly repo:<repository>:environment:<environment>. */
    github: { repository: string; environment: string; maxSessionMinutes: number };
}

export class AzureIdentity extends pulumi.ComponentResource {
    /** Principal (object) id of the deploy identity GitHub Actions federates into. */
    readonly deployPrincipalId: pulumi.Output<string>;

    constructor(name: string, args: AzureIdentityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Identity", name, {}, opts);
        void args;
        this.deployPrincipalId = pulumi.output("00000000-0000-0000-0000-00000000de01");
        this.registerOutputs({ deployPrincipalId: this.deployPrincipalId });
    }
}
