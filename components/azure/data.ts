/** STUB — replaced by the data pillar. The Args and public outputs are the contract stacks/azure.ts uses. */
import * as pulumi from "@pulumi/pulumi";
import type { IdentityRef, KeyRef, PrivateDnsZoneIds } from "./refs";

export const AZURE_KEY_PURPOSES = ["storage", "logs", "registry", "cluster"] as const;
export type AzureKeyPurpose = (typeof AZURE_KEY_PURPOSES)[number];

export interface AzureDataArgs {
    namePrefix: string;
    location: string;
    tenantId: string;
    /** Principal ids given Key Vault Administrator (manage keys, never use them), keyed by a stable name. */
    keyAdministratorIds: Record<string, pulumi.Input<string>>;
    /** Data storage accounts by key, with their classification. */
    storageAccounts: Record<string, { classification: string }>;
    /** Classification tag of the vault. */
    defaultClassification: string;
    privateEndpointSubnetId: pulumi.Input<string>;
    privateDnsZoneIds: PrivateDnsZoneIds;
    /** Protect vault, keys and storage accounts from deletion (prod). */
    protect: boolean;
}

export class AzureData extends pulumi.ComponentResource {
    readonly keys: Record<AzureKeyPurpose, KeyRef>;
    /** The user-assigned identity storage, the log archive and ACR use to reach their keys. */
    readonly encryptionIdentity: IdentityRef;
    readonly keyVaultId: pulumi.Output<string>;
    readonly storageAccountIds: Record<string, pulumi.Output<string>>;

    constructor(name: string, args: AzureDataArgs, opts?: pulumi.ComponentResourceOptions) {
        super("zt:azure:Data", name, {}, opts);
        const o = (v: string) => pulumi.output(v);
        const key = (k: string): KeyRef => ({ id: o(`/stub/keys/${k}`), name: o(k), vaultUri: o("https://stub.vault.azure.net/"), uri: o(`https://stub.vault.azure.net/keys/${k}`), uriWithVersion: o(`https://stub.vault.azure.net/keys/${k}/0`) });
        this.keys = { storage: key("storage"), logs: key("logs"), registry: key("registry"), cluster: key("cluster") };
        this.encryptionIdentity = { id: o("/stub/identity"), principalId: o("stub"), clientId: o("stub") };
        this.keyVaultId = o("/stub/vault");
        this.storageAccountIds = Object.fromEntries(Object.keys(args.storageAccounts).map((k) => [k, o(`/stub/storage/${k}`)]));
        this.registerOutputs({});
    }
}
