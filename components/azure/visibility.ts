/** STUB — replaced by the visibility pillar. The Args and public outputs are the contract stacks/azure.ts uses. */
import * as pulumi from "@pulumi/pulumi";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";

export interface AzureVisibilityArgs {
    namePrefix: string;
    location: string;
    subscriptionId: string;
    /** Audit-log retention in days (workspace capped at 730; the archive keeps all of it). */
    retentionDays: number;
    /** The key the log archive storage account encrypts with. */
    archiveKey: KeyRef;
    encryptionIdentity: IdentityRef;
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** VNets that get flow logs, keyed by a stable name (hub, spoke). */
    flowLogTargets: Record<string, pulumi.Input<string>>;
    /** Resources whose diagnostic logs go to the workspace, keyed by a stable name. */
    diagnosticTargets: Record<string, { resourceId: pulumi.Input<string>; kind: "nsg" | "keyvault" | "storage" }>;
    /** Export Entra sign-in and audit logs (tenant-wide) to the workspace. */
    manageTenant: boolean;
    alertEmails: string[];
    defaultClassification: string;
    protect: boolean;
}

export class AzureVisibility extends pulumi.ComponentResource {
    /** ARM id of the Log Analytics workspace. */
    readonly workspaceId: pulumi.Output<string>;

    constructor(name: string, args: AzureVisibilityArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Visibility", name, {}, opts);
        void args;
        this.workspaceId = pulumi.output("/stub/workspace");
        this.registerOutputs({ workspaceId: this.workspaceId });
    }
}
