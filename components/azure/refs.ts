/** Shapes the Azure pillars hand to each other. */
import type * as pulumi from "@pulumi/pulumi";

/** A Key Vault key, as its consumers need it: storage and ACR take vault URI + name, AKS KMS the versioned URI. */
export interface KeyRef {
    /** ARM resource id of the key. */
    id: pulumi.Output<string>;
    /** The key's name inside the vault. */
    name: pulumi.Output<string>;
    /** `https://<vault>.vault.azure.net/`. */
    vaultUri: pulumi.Output<string>;
    /** `https://<vault>.vault.azure.net/keys/<name>`: consumers that follow rotation use this. */
    uri: pulumi.Output<string>;
    /** The current version's URI (AKS KMS needs a versioned key). */
    uriWithVersion: pulumi.Output<string>;
}

/** A user-assigned managed identity. */
export interface IdentityRef {
    /** ARM resource id. */
    id: pulumi.Output<string>;
    principalId: pulumi.Output<string>;
    clientId: pulumi.Output<string>;
}

/** The private DNS zones the hub owns, by the service that uses them. */
export interface PrivateDnsZoneIds {
    blob: pulumi.Output<string>;
    vault: pulumi.Output<string>;
    registry: pulumi.Output<string>;
    aks: pulumi.Output<string>;
}
