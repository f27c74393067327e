/**
 * The Azure Policy guardrails zt:azure:Identity assigns at the subscription: which built-in
 * definitions, with which parameters, and the one custom definition (storage minimum TLS). Pure
 * data and builders, so the tests can check every assignment without a graph.
 *
 * Every built-in GUID below was checked against its definition in github.com/Azure/azure-policy
 * (built-in-policies/policyDefinitions/<category>/<file>.json), and `effects` copies the
 * definition's `allowedValues` for its `effect` parameter: a value outside them is refused by ARM
 * when the assignment is created, so the tests hold every assignment to this table.
 */

/** One built-in policy definition this landing zone assigns. */
export interface BuiltinPolicy {
    guid: string;
    displayName: string;
    /** Source file in Azure/azure-policy, for the reviewer who wants to re-check it. */
    source: string;
    /** The `effect` parameter's allowed values; empty when the definition has no effect parameter (fixed effect). */
    effects: readonly string[];
    /** The effect written into the policy rule when it has no parameter. */
    fixedEffect?: string;
}

export const BUILTIN_POLICIES = {
    allowedImages: {
        guid: "febd0533-8e55-448f-b837-bd0e06f16469",
        displayName: "Kubernetes cluster containers should only use allowed images",
        source: "Kubernetes/ContainerAllowedImages.json",
        effects: ["audit", "Audit", "deny", "Deny", "disabled", "Disabled"],
    },
    nicNoPublicIp: {
        guid: "83a86a26-fd1f-447c-b59d-e51f44264114",
        displayName: "Network interfaces should not have public IPs",
        source: "Network/NetworkPublicIPNic_Deny.json",
        effects: [],
        fixedEffect: "deny",
    },
    keyVaultPublicNetwork: {
        guid: "405c5871-3e91-4644-8a63-58e19d68ff5b",
        displayName: "Azure Key Vault should disable public network access",
        source: "Key Vault/AzureKeyVaultPublicNetworkAccess_Audit.json",
        effects: ["Audit", "Deny", "Disabled"],
    },
    storagePublicNetwork: {
        guid: "b2982f36-99f2-4db5-8eff-283140c09693",
        displayName: "Storage accounts should disable public network access",
        source: "Storage/StoragePublicNetworkAccess_AuditDeny.json",
        effects: ["Audit", "Deny", "Disabled"],
    },
    keyVaultPrivateLink: {
        guid: "a6abeaec-4d90-4a02-805f-6b26c4d3fbe9",
        displayName: "Azure Key Vaults should use private link",
        source: "Key Vault/AzureKeyVault_Should_Use_PrivateEndpoint_Audit.json",
        effects: ["Audit", "Deny", "Disabled"],
    },
    storagePrivateLink: {
        guid: "6edd7eda-6dd8-40f7-810d-67160c639cd9",
        displayName: "Storage accounts should use private link",
        source: "Storage/StorageAccountPrivateEndpointEnabled_Audit.json",
        effects: ["AuditIfNotExists", "Disabled"],
    },
    diagnosticSettings: {
        guid: "7f89b1eb-583c-429a-8828-af049802c1d9",
        displayName: "Audit diagnostic setting for selected resource types",
        source: "Monitoring/DiagnosticSettingsForTypes_Audit.json",
        effects: [],
        fixedEffect: "AuditIfNotExists",
    },
} as const satisfies Record<string, BuiltinPolicy>;

export type BuiltinPolicyKey = keyof typeof BUILTIN_POLICIES;

export const builtinPolicyId = (key: BuiltinPolicyKey) => `/providers/Microsoft.Authorization/policyDefinitions/${BUILTIN_POLICIES[key].guid}`;

/**
 * Types whose diagnostic settings must exist. The built-in's existence condition wants both logs
 * and metrics enabled, so only types that have both are listed: NSGs (no metrics) and storage
 * accounts (metrics only at the account; logs live on the blob service) would be reported
 * non-compliant forever. The pack's zt-azure visibility rule checks those at preview instead.
 */
export const DIAGNOSTIC_RESOURCE_TYPES = [
    "Microsoft.KeyVault/vaults",
    "Microsoft.ContainerService/managedClusters",
    "Microsoft.ContainerRegistry/registries",
    "Microsoft.Network/azureFirewalls",
] as const;

/** The custom definition's rule: a storage account whose minimumTlsVersion is missing or below TLS1_2. */
export const STORAGE_TLS_POLICY = {
    mode: "Indexed",
    parameters: {
        effect: {
            type: "String",
            allowedValues: ["Audit", "Deny", "Disabled"],
            defaultValue: "Deny",
            metadata: { displayName: "Effect", description: "Deny blocks the request, Audit records it as non-compliant." },
        },
    },
    policyRule: {
        if: {
            allOf: [
                { field: "type", equals: "Microsoft.Storage/storageAccounts" },
                {
                    // A missing property means the service default, which has been TLS1_0 on older API versions.
                    anyOf: [
                        { field: "Microsoft.Storage/storageAccounts/minimumTlsVersion", exists: "false" },
                        { field: "Microsoft.Storage/storageAccounts/minimumTlsVersion", notIn: ["TLS1_2", "TLS1_3"] },
                    ],
                },
            ],
        },
        then: { effect: "[parameters('effect')]" },
    },
};

export type PolicyEnforcement = "deny" | "audit";

/** What one PolicyAssignment is given. */
export interface AssignmentPlan {
    /** Child-name and assignment-name suffix. */
    key: string;
    displayName: string;
    /** Built-in key, or "custom" for the storage TLS definition. */
    definition: BuiltinPolicyKey | "storageMinTls";
    parameters: Record<string, { value: unknown }>;
    enforcementMode: "Default" | "DoNotEnforce";
    nonComplianceMessage: string;
}

/**
 * The assignments, deny in prod and audit in dev. Definitions with an effect parameter get
 * `Deny`/`Audit`; the deny-only definition (NIC public IPs) is switched to DoNotEnforce in audit
 * mode, which still evaluates and reports compliance. The private-link checks stay audit in both:
 * a vault or account exists before its private endpoint can, so a deny would block every create.
 */
export function policyAssignmentPlans(enforcement: PolicyEnforcement, allowedImageRegex: string): AssignmentPlan[] {
    const effect = enforcement === "deny" ? "Deny" : "Audit";
    const mode = (denyOnly: boolean): AssignmentPlan["enforcementMode"] => (denyOnly && enforcement === "audit" ? "DoNotEnforce" : "Default");
    return [
        {
            key: "allowed-images",
            displayName: "AKS runs only images from the allowed registries",
            definition: "allowedImages",
            parameters: { effect: { value: effect }, allowedContainerImagesRegex: { value: allowedImageRegex } },
            enforcementMode: mode(false),
            nonComplianceMessage: `Container images must match ${allowedImageRegex}.`,
        },
        {
            key: "storage-min-tls",
            displayName: "Storage accounts require TLS 1.2 or later",
            definition: "storageMinTls",
            parameters: { effect: { value: effect } },
            enforcementMode: mode(false),
            nonComplianceMessage: "Set minimumTlsVersion to TLS1_2 (or later) on storage accounts.",
        },
        {
            key: "nic-no-public-ip",
            displayName: "Network interfaces have no public IPs",
            definition: "nicNoPublicIp",
            parameters: {},
            enforcementMode: mode(true),
            nonComplianceMessage: "Network interfaces may not carry public IPs: publish through the hub firewall.",
        },
        {
            key: "kv-public-network",
            displayName: "Key vaults disable public network access",
            definition: "keyVaultPublicNetwork",
            parameters: { effect: { value: effect } },
            enforcementMode: mode(false),
            nonComplianceMessage: "Set publicNetworkAccess to Disabled and reach the vault through its private endpoint.",
        },
        {
            key: "storage-public-network",
            displayName: "Storage accounts disable public network access",
            definition: "storagePublicNetwork",
            parameters: { effect: { value: effect } },
            enforcementMode: mode(false),
            nonComplianceMessage: "Set publicNetworkAccess to Disabled and reach the account through its private endpoint.",
        },
        {
            key: "kv-private-link",
            displayName: "Key vaults use private link",
            definition: "keyVaultPrivateLink",
            parameters: { effect: { value: "Audit" } },
            enforcementMode: "Default",
            nonComplianceMessage: "Give the vault an approved private endpoint.",
        },
        {
            key: "storage-private-link",
            displayName: "Storage accounts use private link",
            definition: "storagePrivateLink",
            parameters: { effect: { value: "AuditIfNotExists" } },
            enforcementMode: "Default",
            nonComplianceMessage: "Give the storage account an approved private endpoint.",
        },
        {
            key: "diagnostic-settings",
            displayName: "Diagnostic settings exist for logged resource types",
            definition: "diagnosticSettings",
            parameters: { listOfResourceTypes: { value: [...DIAGNOSTIC_RESOURCE_TYPES] } },
            enforcementMode: "Default",
            nonComplianceMessage: "Send this resource's logs and metrics to the landing zone's workspace.",
        },
    ];
}
