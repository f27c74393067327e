/**
 * The landing-zone intent: the cloud-neutral part of a stack's config. Every optional field states
 * its secure default here, because this file is the config reference a forker reads first.
 *
 * Structural rules (types, ranges, formats) live in these zod schemas; rules that relate fields to
 * each other (flows naming tiers, overlapping ranges, per-environment minimums) live in
 * `./semantics.ts`, so both sets of errors are collected in one pass.
 */
import { z } from "zod";
import { cidrField } from "./cidr-field";
import { AwsSchema, type AwsConfig } from "./aws";
import { AzureSchema, type AzureConfig } from "./azure";
import { GcpSchema, type GcpConfig } from "./gcp";
import { KubernetesSchema, type KubernetesConfig } from "./kubernetes";

export const CLOUDS = ["aws", "azure", "gcp"] as const;
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Cloud = (typeof CLOUDS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];

/** Tag/label keys the landing zone sets itself; user tags may not override them. */
export const RESERVED_TAG_KEYS = ["owner", "environment", "managed-by", "data-classification"] as const;

/** Minimum log retention per environment, in days. Prod keeps a year for incident investigation. */
export const MIN_RETENTION_DAYS: Record<Environment, number> = { dev: 30, prod: 365 };

// Lowercase, label-safe names: GCP labels and Kubernetes namespaces accept nothing wider.
const slug = (max: number) => z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${max - 1}}$`));
const port = z.number().int().min(1).max(65535);
const protocol = z.enum(["tcp", "udp"]);

const TierSchema = z.strictObject({
    /**
     * Which block of the address space the tier gets (0-based). Keyed by tier name, so adding a
     * tier never moves another. CAUTION: changing a tier's slot replaces its subnets.
     */
    slot: z.number().int().min(0).max(255),
    /**
     * Whether internet-facing load balancers may live in this tier. Default: false, except for the
     * built-in `web` tier. Only edge tiers may receive `network.ingress`.
     */
    edge: z.boolean().optional(),
});

const FlowSchema = z.strictObject({
    from: slug(15),
    to: slug(15),
    port,
    protocol: protocol.default("tcp"),
});

const IngressSchema = z.strictObject({
    /** The edge tier that receives the traffic. */
    tier: slug(15),
    port,
    protocol: protocol.default("tcp"),
    /** Source ranges. There is no default: public exposure is always spelled out. */
    sources: z.array(cidrField({ requirePrivate: false })).min(1),
});

const NetworkSchema = z.strictObject({
    /** The private (RFC 1918) IPv4 range the landing zone's network owns. Required. CAUTION: changing it replaces the network. */
    addressSpace: cidrField({ requirePrivate: true, minPrefix: 8, maxPrefix: 22 }),
    /** Prefix length of each tier's block. Default: the address space's prefix + 3 (8 tier slots). */
    tierPrefixLength: z.number().int().min(9).max(27).optional(),
    /** Prefix length of each per-zone subnet inside a tier block. Default: tierPrefixLength + 2 (4 zone slots). */
    subnetPrefixLength: z.number().int().min(9).max(28).optional(),
    /** Extra tiers or slot overrides, merged over the defaults `web` (slot 0, edge), `app` (1) and `data` (2). */
    tiers: z.record(slug(15), TierSchema).optional(),
    /**
     * Allowed tier-to-tier flows; everything else is denied. Default: web → app on 8080/tcp and
     * app → data on 5432/tcp. Given flows replace the default list.
     */
    flows: z.array(FlowSchema).optional(),
    /** Internet ingress into edge tiers. Default: none (no public exposure). */
    ingress: z.array(IngressSchema).optional(),
    /** Named ranges this network must never overlap (on-premises, peered networks). Default: none. */
    peerRanges: z.record(slug(30), cidrField({ requirePrivate: false })).optional(),
});

const AdminSchema = z.strictObject({
    /** Directory groups whose members may request just-in-time admin. Required: someone must be able to administer. */
    groups: z.array(z.string().min(1).max(256)).min(1),
    /** Longest admin elevation, in minutes. Default: 60. */
    maxElevationMinutes: z.number().int().min(15).max(720).optional(),
});

const LoggingSchema = z.strictObject({
    /** Audit-log retention in days. Default: 365. Minimum: 30 in dev, 365 in prod. */
    retentionDays: z.number().int().min(1).max(3653).optional(),
});

const CiSchema = z.strictObject({
    /** The GitHub repository (`owner/name`) whose workflows may deploy, keylessly through OIDC. Required (set in Pulumi.yaml). */
    repository: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/),
    /**
     * The GitHub environment the deploy job runs in; only tokens issued for it are trusted
     * (`repo:<repository>:environment:<name>`). Default: the stack's environment name.
     */
    environment: z.string().regex(/^[A-Za-z0-9._-]{1,255}$/).optional(),
    /** Longest deploy session, in minutes. Default: 60, which is also the maximum. */
    maxSessionMinutes: z.number().int().min(15).max(60).optional(),
    /**
     * Which program declares the pipeline's deploy identity (AWS: the GitHub OIDC provider, the
     * deploy role and the permissions boundary it wears; Azure: the deploy managed identity, its
     * federated credential and the deployer role; GCP: the deploy service account, the GitHub
     * workload identity pool and provider, and the account's roles). Default: "bootstrap", so it
     * exists before the first deploy (which CI can then run) and the pipeline cannot rewrite its own
     * trust or rights. "stack": this stack declares it, and an administrator runs the first deploy.
     */
    deployIdentity: z.enum(["bootstrap", "stack"]).optional(),
});

const DataSchema = z.strictObject({
    /** Classification levels, least to most sensitive. Default: public, internal, confidential, restricted. */
    classificationLevels: z.array(slug(30)).min(1).optional(),
    /** Level applied to data stores that do not name one. Default: confidential. */
    defaultClassification: slug(30).optional(),
    /** Protect keys, buckets, vaults, log archives and databases from deletion. Default: true in prod, false in dev. Cannot be false in prod. */
    deletionProtection: z.boolean().optional(),
});

/** What a stack file may contain under the project's namespace. */
export const IntentInputSchema = z.strictObject({
    /** Which cloud this stack builds. Required. */
    cloud: z.enum(CLOUDS),
    /** Which environment. Required. Enforcement comes from the matching policy-pack config, not from this name. */
    environment: z.enum(ENVIRONMENTS),
    /** Short prefix for physical names (storage account names cap at 24 characters). Required. */
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,7}$/),
    /** Owning team as a label-safe slug; it becomes the `owner` tag. Required. */
    owner: slug(63),
    /** Extra tags/labels on every taggable resource. Default: none. Cannot override the reserved keys. */
    tags: z.record(z.string().regex(/^[a-z][a-z0-9_-]{0,62}$/), z.string().max(63)).optional(),
    network: NetworkSchema,
    admin: AdminSchema,
    logging: LoggingSchema.optional(),
    data: DataSchema.optional(),
    ci: CiSchema,
    /** The Kubernetes workload baseline inside the cluster. Default: built whenever the stack has a cluster. */
    kubernetes: KubernetesSchema.optional(),
    aws: AwsSchema.optional(),
    azure: AzureSchema.optional(),
    gcp: GcpSchema.optional(),
});

export type IntentInput = z.infer<typeof IntentInputSchema>;
export type Flow = z.infer<typeof FlowSchema> & { /** Stable key: `<from>-to-<to>-<protocol>-<port>`. */ key: string };
export type Ingress = z.infer<typeof IngressSchema> & { key: string };
export type { AwsConfig };
export type { AzureConfig };
export type { GcpConfig };
export type { KubernetesConfig };

/** Which program declares a stack's deploy identity: see `ci.deployIdentity`. */
export type DeployIdentityOwner = "bootstrap" | "stack";

/** The validated intent with every default applied. Components consume only this. */
export interface IntentBase {
    environment: Environment;
    prefix: string;
    owner: string;
    tags: Record<string, string>;
    network: {
        addressSpace: string;
        tierPrefixLength: number;
        subnetPrefixLength: number;
        tiers: Record<string, { slot: number; edge: boolean }>;
        flows: Flow[];
        ingress: Ingress[];
        peerRanges: Record<string, string>;
    };
    admin: { groups: string[]; maxElevationMinutes: number };
    logging: { retentionDays: number };
    data: { classificationLevels: string[]; defaultClassification: string; deletionProtection: boolean };
    ci: { repository: string; environment: string; maxSessionMinutes: number; deployIdentity: DeployIdentityOwner };
    kubernetes: KubernetesConfig;
}

export type Intent =
    | (IntentBase & { cloud: "aws"; aws: AwsConfig })
    | (IntentBase & { cloud: "azure"; azure: AzureConfig })
    | (IntentBase & { cloud: "gcp"; gcp: GcpConfig });

export const DEFAULT_TIERS: Record<string, { slot: number; edge: boolean }> = {
    web: { slot: 0, edge: true },
    app: { slot: 1, edge: false },
    data: { slot: 2, edge: false },
};

export const DEFAULT_FLOWS: ReadonlyArray<z.infer<typeof FlowSchema>> = [
    { from: "web", to: "app", port: 8080, protocol: "tcp" },
    { from: "app", to: "data", port: 5432, protocol: "tcp" },
];

export const DEFAULT_CLASSIFICATION_LEVELS = ["public", "internal", "confidential", "restricted"];
