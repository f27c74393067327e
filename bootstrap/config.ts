/**
 * The bootstrap's config (`zt-bootstrap:` namespace): which cloud, the name prefix, the
 * environments that get a state backend each, and the cloud's own settings. Validated before
 * anything is declared, every error collected at once in the shape the landing zone's config uses
 * (config path, value given, what is allowed, the fix).
 *
 * The bootstrap has no environment of its own: each stack holds the backends of the environments
 * it lists, and it is judged as strictly as prod (`BOOTSTRAP_PACK_ENVIRONMENT`), since losing or
 * loosening it loses every stack's state. Azure and GCP ship one stack per cloud (every
 * environment's backend, reachable across subscriptions or projects); AWS ships one stack per
 * account and so per environment (`aws-dev`, `aws-prod`), because the bucket and key policies
 * admit roles of their own account only. Several environments in one AWS stack stay valid, for a
 * fork whose environments truly share an account (a sandbox).
 */
import { z } from "zod";
import { AWS_REGIONS, IAM_ROLE_PATTERN } from "../config/aws";
import { AZURE_LOCATIONS, GUID_PATTERN } from "../config/azure";
import { GCP_REGIONS, PROJECT_ID } from "../config/gcp";
import { fromZodIssueIn, issue as issueAt, parseNamespacedConfig, type ConfigIssue } from "../config/issues";
import { patterned } from "../config/patterned";
import { CLOUDS, ENVIRONMENTS, RESERVED_TAG_KEYS, type Environment } from "../config/schema";

/** The project name in bootstrap/Pulumi.yaml, and so the namespace of its config keys. */
export const BOOTSTRAP_PROJECT = "zt-bootstrap";
/** Where every bootstrap setting is described. */
export const BOOTSTRAP_REFERENCE = "bootstrap/README.md";
/**
 * The environment the bootstrap is judged as, and so its pack config: policy-pack/config/bootstrap.json,
 * which is prod's (every rule mandatory) with one kind of rule made advisory and nothing else: the
 * stack rules that require the account's, subscription's or project's detective controls (trail,
 * Config, GuardDuty, Security Hub; Defender, activity log, alerts, Sentinel; audit config, sink,
 * alerts, organization policies, SCC). They are singletons the landing zone's own stack in the same
 * account creates right after the bootstrap; declared here as well, the two stacks would fight over
 * them (a second GuardDuty detector or Config recorder is refused). test/bootstrap/pack.test.ts
 * holds the file to exactly this.
 */
export const BOOTSTRAP_PACK_ENVIRONMENT = "bootstrap";

const issue = (segments: ReadonlyArray<PropertyKey>, value: unknown, allowed: string, fix: string) => issueAt(segments, value, allowed, fix, BOOTSTRAP_PROJECT);

const AwsSchema = z.strictObject({
    /** Region of the state buckets and keys. Required. CAUTION: changing it replaces everything. */
    region: z.enum(AWS_REGIONS),
    /** The account that holds the state. Required; the provider refuses to run in any other account. */
    accountId: patterned(/^\d{12}$/, "an AWS account id", "12 digits, e.g. 123456789012", "copy it from `aws sts get-caller-identity --query Account`"),
    /** Object Lock (GOVERNANCE) retention of every state version, in days; also how long old versions are kept. Default: 30. */
    objectLockDays: z.number().int().min(1).max(3650).optional(),
    /**
     * Role-name patterns of the key and bucket administrators, one of which the bootstrap must run
     * as. Default: the IAM Identity Center AdministratorAccess permission set's roles.
     */
    administratorRoles: z.array(IAM_ROLE_PATTERN).min(1).optional(),
    /** Per environment, role-name patterns that use its state and secrets. Default: `<prefix>-<env>-deploy` and `<prefix>-<env>-break-glass`. */
    stateUsers: z.partialRecord(z.enum(ENVIRONMENTS), z.array(IAM_ROLE_PATTERN).min(1)).optional(),
});

const guid = (what: string, where: string) =>
    patterned(GUID_PATTERN, `a ${what}`, "a GUID, 8-4-4-4-12 hex digits, e.g. 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", `copy the ${what} from ${where}`);
/** Stable keys of grants: each names one role assignment or IAM member, so renaming one replaces it. */
const grantKey = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/);
const armId = (what: string) =>
    patterned(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/.+$/i, `an ARM id of ${what}`, "/subscriptions/<id>/resourceGroups/<group>/providers/...", `copy the ${what}'s Resource ID from its Properties page in the Azure portal`);

const AzurePrincipalSchema = z.strictObject({
    /** The principal's object id. */
    principalId: guid("principal object id", "Microsoft Entra ID (the user's, group's or service principal's Object ID)"),
    /** Must match the principal, or Azure refuses the role assignment. */
    principalType: z.enum(["User", "Group", "ServicePrincipal"]),
});

const AzureSchema = z.strictObject({
    /** Region of the resource group, account and vault. Required. CAUTION: changing it replaces everything. */
    location: z.enum(AZURE_LOCATIONS),
    /** The subscription that holds the state. Required; the provider is pinned to it. */
    subscriptionId: guid("subscription id", "the Azure portal (Subscriptions) or `az account show --query id`"),
    /** Required; the provider is pinned to it. */
    tenantId: guid("tenant id", "the Azure portal (Microsoft Entra ID → Overview) or `az account show --query tenantId`"),
    /** Key Vault Crypto Officers, by a stable name; whoever runs the bootstrap must be one (directly or through a group). Required. */
    keyAdministrators: z.record(grantKey, AzurePrincipalSchema).refine((r) => Object.keys(r).length > 0, { message: "no key administrator", params: { allowed: "at least one principal", fix: "add the group or user that runs the bootstrap" } }),
    /** Per environment, its deployers by a stable name: blob data on its container and crypto use of its secrets key only. Default: none. */
    deployers: z.partialRecord(z.enum(ENVIRONMENTS), z.record(grantKey, AzurePrincipalSchema)).optional(),
    /** The subnet and privatelink zones the account's blob endpoint and the vault get private endpoints in. Required unless allowPublicNetworkAccess. */
    privateEndpoints: z.strictObject({ subnetId: armId("subnet"), blobDnsZoneId: armId("private DNS zone"), vaultDnsZoneId: armId("private DNS zone") }).optional(),
    /** Open the account's and vault's public endpoints (Entra ID still required), for GitHub-hosted runners. Default: false. The pack reports it. */
    allowPublicNetworkAccess: z.boolean().optional(),
    /** The Log Analytics workspace for the vault's and blob service's logs. Default: a workspace of the backend's own, `<prefix>-state-law`. */
    logWorkspaceId: armId("Log Analytics workspace").optional(),
    /** Days deleted blobs and containers stay recoverable. Default: 30. */
    deleteRetentionDays: z.number().int().min(1).max(365).optional(),
});

const GcpSchema = z.strictObject({
    /** The project that holds the state. Required; the provider is pinned to it. */
    project: patterned(PROJECT_ID, "a project id", "6–30 lowercase letters, digits and hyphens, starting with a letter, not ending with a hyphen, e.g. acme-zt-prod", "copy the project ID (not its name or number) from `gcloud projects list`"),
    /** Region of the buckets and keys. Required. CAUTION: changing it replaces everything. */
    region: z.enum(GCP_REGIONS),
    /** Per environment, IAM members (`serviceAccount:…`, `group:…`) that deploy it, by a stable name. Default: none. */
    deployers: z.partialRecord(z.enum(ENVIRONMENTS), z.record(grantKey, z.string().regex(/^(serviceAccount|group|user|principal|principalSet):\S+$/))).optional(),
    /** Noncurrent checkpoints kept at least (count and age must both be exceeded to delete one). Default: 100. */
    noncurrentVersionsKept: z.number().int().min(1).max(10000).optional(),
    /** See noncurrentVersionsKept, in days. Default: 30. */
    noncurrentVersionDays: z.number().int().min(1).max(3650).optional(),
    /** Where key material lives. Default: HSM. */
    keyProtectionLevel: z.enum(["HSM", "SOFTWARE"]).optional(),
    /** A weekly Sensitive Data Protection scan of each state bucket. Default: true. */
    scanForSensitiveData: z.boolean().optional(),
});

/** What the bootstrap config may contain under its namespace. */
export const BootstrapInputSchema = z.strictObject({
    /** Which cloud's backends this stack creates. Required. */
    cloud: z.enum(CLOUDS),
    /** Short prefix for physical names, as in the landing zone (set once in bootstrap/Pulumi.yaml). Required. */
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,7}$/),
    /** Owning team; it becomes the `owner` tag. Required (set in bootstrap/Pulumi.yaml). */
    owner: z.string().regex(/^[a-z][a-z0-9-]{0,62}$/),
    /**
     * Environments that get their own backend and secrets key. Default: ["dev", "prod"]. On AWS,
     * list only the environments whose landing-zone stacks deploy into `aws.accountId`.
     */
    environments: z.array(z.enum(ENVIRONMENTS)).min(1).optional(),
    /**
     * Protect buckets, keys and vaults from deletion. Default: true. Set false only in a throwaway
     * test account: the pack then reports every unprotected resource as a mandatory violation.
     */
    deletionProtection: z.boolean().optional(),
    /**
     * Per environment, the landing-zone stack that deploys it, whose stack file the bootstrap reads
     * (prefix, repository, subscription or project) to declare its deploy identity when the stack
     * sets `ci.deployIdentity: bootstrap` (the default). Default: `<cloud>-<env>`.
     */
    landingZoneStacks: z.partialRecord(z.enum(ENVIRONMENTS), z.string().regex(/^[A-Za-z0-9._-]{1,100}$/)).optional(),
    /** Extra tags on every taggable resource. Default: none. Cannot override the reserved keys. */
    tags: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/), z.string().max(63)).optional(),
    aws: AwsSchema.optional(),
    azure: AzureSchema.optional(),
    gcp: GcpSchema.optional(),
});
export type BootstrapInput = z.infer<typeof BootstrapInputSchema>;

/** The grant key, in `deployers`, of the deploy identity the bootstrap itself declares for an environment. */
export const DEPLOY_IDENTITY_GRANT = "deploy-identity";

/** The landing-zone stack that deploys `env`: `landingZoneStacks.<env>`, else `<cloud>-<env>`. */
export function landingZoneStackOf(b: Pick<Bootstrap, "cloud" | "landingZoneStacks">, env: Environment): string {
    return b.landingZoneStacks[env] ?? `${b.cloud}-${env}`;
}

/** The default for `aws.administratorRoles`: whoever signs in through Identity Center as administrator. */
export const DEFAULT_AWS_ADMINISTRATOR_ROLES = ["aws-reserved/sso.amazonaws.com/*AWSReservedSSO_AdministratorAccess_*"];

export interface BootstrapBase {
    prefix: string;
    owner: string;
    environments: Environment[];
    landingZoneStacks: Partial<Record<Environment, string>>;
    deletionProtection: boolean;
    tags: Record<string, string>;
}
export interface BootstrapAws {
    region: string;
    accountId: string;
    objectLockDays: number;
    administratorRoles: string[];
    stateUsers: Partial<Record<Environment, string[]>>;
}
export type BootstrapAzure = z.infer<typeof AzureSchema> & { allowPublicNetworkAccess: boolean; deleteRetentionDays: number };
export type BootstrapGcp = z.infer<typeof GcpSchema>;
export type Bootstrap =
    | (BootstrapBase & { cloud: "aws"; aws: BootstrapAws })
    | (BootstrapBase & { cloud: "azure"; azure: BootstrapAzure })
    | (BootstrapBase & { cloud: "gcp"; gcp: BootstrapGcp });

export type BootstrapValidation = { ok: true; bootstrap: Bootstrap } | { ok: false; issues: ConfigIssue[] };

const KNOWN_KEYS = Object.keys(BootstrapInputSchema.shape);
/** Keys whose wire value is a plain string; the others are JSON (lists, mappings, booleans). */
const TEXT_KEYS = new Set(["cloud", "prefix", "owner"]);

/** The wire map (`"zt-bootstrap:aws"` → JSON text) as a raw object; other namespaces are left alone. */
export function parseBootstrapConfig(config: Record<string, string>): { raw: Record<string, unknown>; issues: ConfigIssue[] } {
    return parseNamespacedConfig(config, {
        namespace: BOOTSTRAP_PROJECT,
        knownKeys: KNOWN_KEYS,
        textKeys: TEXT_KEYS,
        unknownFix: (key) => `remove "${key}" or check its spelling against ${BOOTSTRAP_REFERENCE}`,
        // Left as text: the schema then reports what type the setting takes.
        badJson: () => undefined,
    });
}

/** Validates the `PULUMI_CONFIG`-shaped map; the program, the plan and the tests all call this. */
export function validateBootstrapConfig(config: Record<string, string>): BootstrapValidation {
    const { raw, issues: prior } = parseBootstrapConfig(config);
    const parsed = BootstrapInputSchema.safeParse(raw, { reportInput: true });
    const issues = [...prior, ...(parsed.success ? [] : parsed.error.issues.flatMap(fromZodIssueIn(BOOTSTRAP_PROJECT, BOOTSTRAP_REFERENCE))), ...crossFieldIssues(raw)];
    if (issues.length > 0 || !parsed.success) return { ok: false, issues };
    return { ok: true, bootstrap: resolve(parsed.data) };
}

function crossFieldIssues(raw: Record<string, unknown>): ConfigIssue[] {
    const out: ConfigIssue[] = [];
    const cloud = raw["cloud"];
    if (typeof cloud === "string" && (CLOUDS as readonly string[]).includes(cloud)) {
        if (raw[cloud] === undefined) {
            out.push(issue([cloud], undefined, `the ${cloud} section (cloud is "${cloud}")`, `add a "${cloud}:" mapping with at least its required settings (see ${BOOTSTRAP_REFERENCE})`));
        }
        for (const other of CLOUDS.filter((c) => c !== cloud && raw[c] !== undefined)) {
            out.push(issue([other], raw[other], `no ${other} section when cloud is "${cloud}"`, `remove the ${other} section or change cloud to "${other}"`));
        }
    }
    const envs = Array.isArray(raw["environments"]) ? (raw["environments"] as unknown[]) : [...ENVIRONMENTS];
    const seen = new Set<unknown>();
    envs.forEach((env, i) => {
        if (seen.has(env)) out.push(issue(["environments", i], env, "each environment once", `remove the second "${String(env)}"`));
        seen.add(env);
    });
    const tags = raw["tags"];
    if (tags && typeof tags === "object") {
        for (const key of Object.keys(tags).filter((k) => (RESERVED_TAG_KEYS as readonly string[]).includes(k))) {
            out.push(issue(["tags", key], (tags as Record<string, unknown>)[key], `a key other than ${RESERVED_TAG_KEYS.join(", ")}`, "remove it: the bootstrap sets that tag itself"));
        }
    }
    // Per-environment settings must name a configured environment: a typo would silently grant nothing.
    for (const [cloud, field] of [[undefined, "landingZoneStacks"], ["aws", "stateUsers"], ["azure", "deployers"], ["gcp", "deployers"]] as const) {
        const perEnv = cloud ? section(raw, cloud)?.[field] : raw[field];
        if (!perEnv || typeof perEnv !== "object") continue;
        for (const env of Object.keys(perEnv).filter((e) => !envs.includes(e))) {
            out.push(issue(cloud ? [cloud, field, env] : [field, env], (perEnv as Record<string, unknown>)[env], `an environment in environments (${envs.join(", ")})`, `remove "${env}" or add it to environments`));
        }
    }
    // The bootstrap grants its own deploy identities under this key.
    for (const cloud of ["azure", "gcp"] as const) {
        const perEnv = section(raw, cloud)?.["deployers"];
        if (!perEnv || typeof perEnv !== "object") continue;
        for (const [env, grants] of Object.entries(perEnv)) {
            if (grants && typeof grants === "object" && DEPLOY_IDENTITY_GRANT in grants) {
                out.push(issue([cloud, "deployers", env, DEPLOY_IDENTITY_GRANT], (grants as Record<string, unknown>)[DEPLOY_IDENTITY_GRANT], `a name other than "${DEPLOY_IDENTITY_GRANT}"`,
                    `rename it: the bootstrap grants the deploy identity it declares for ${env} under "${DEPLOY_IDENTITY_GRANT}"`));
            }
        }
    }
    const azure = section(raw, "azure");
    if (azure && azure["privateEndpoints"] === undefined && azure["allowPublicNetworkAccess"] !== true) {
        out.push(issue(["azure", "privateEndpoints"], undefined, "a subnet and privatelink zones for the private endpoints, unless allowPublicNetworkAccess is true",
            "give the subnet your runners deploy from and its privatelink.blob.core.windows.net and privatelink.vaultcore.azure.net zones, or set allowPublicNetworkAccess: true (the pack then reports the open endpoints)"));
    }
    return out;
}

function section(raw: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
    const v = raw[key];
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function resolve(input: BootstrapInput): Bootstrap {
    const base: BootstrapBase = {
        prefix: input.prefix,
        owner: input.owner,
        environments: input.environments ?? [...ENVIRONMENTS],
        landingZoneStacks: input.landingZoneStacks ?? {},
        deletionProtection: input.deletionProtection ?? true,
        tags: input.tags ?? {},
    };
    // The cross-field checks guarantee the chosen cloud's section is present.
    switch (input.cloud) {
        case "aws": {
            const aws = input.aws!;
            return {
                ...base,
                cloud: "aws",
                aws: {
                    region: aws.region,
                    accountId: aws.accountId,
                    objectLockDays: aws.objectLockDays ?? 30,
                    administratorRoles: aws.administratorRoles ?? DEFAULT_AWS_ADMINISTRATOR_ROLES,
                    stateUsers: aws.stateUsers ?? {},
                },
            };
        }
        case "azure": {
            const azure = input.azure!;
            return {
                ...base,
                cloud: "azure",
                azure: {
                    ...azure,
                    subscriptionId: azure.subscriptionId.toLowerCase(),
                    tenantId: azure.tenantId.toLowerCase(),
                    allowPublicNetworkAccess: azure.allowPublicNetworkAccess ?? false,
                    deleteRetentionDays: azure.deleteRetentionDays ?? 30,
                },
            };
        }
        case "gcp":
            return { ...base, cloud: "gcp", gcp: input.gcp! };
    }
}
