/**
 * The captured resource graph: what the offline plan knows about a stack after running the real
 * program under Pulumi's mock runtime (or after reading a `pulumi stack export` file).
 *
 * This is the contract between the capture step, the policy analysis and the report, and the
 * shape the tests assert on. Properties are kept in Pulumi's wire format (the same JSON that
 * `AnalyzeRequest.properties` carries), so what the tests see is exactly what the pack is sent.
 */

/** One registered resource, component or custom. */
export interface CapturedResource {
    /** Full-chain URN, as the engine computes it: `urn:pulumi:<stack>::<project>::<T1$T2$Type>::<name>`. */
    urn: string;
    /** Type token, e.g. `aws:ec2/vpc:Vpc` or `zt:aws:Network`. */
    type: string;
    /** Logical name. */
    name: string;
    /** True for provider-backed resources, false for components. */
    custom: boolean;
    /** Full-chain URN of the parent, if any (the stack root is not modelled offline). */
    parent?: string;
    /** Explicit provider reference (`<urn>::<id>`), when one was passed; empty means the default provider. */
    provider?: string;
    /** The `protect` resource option. */
    protect: boolean;
    /** The `retainOnDelete` resource option. */
    retainOnDelete: boolean;
    /** Full-chain URNs this resource depends on. */
    dependencies: string[];
    /** Per input property, the full-chain URNs it depends on. */
    propertyDependencies: Record<string, string[]>;
    /**
     * Inputs in wire format: secrets as `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value}`,
     * unknowns as the unknown sentinel, resource references turned into URN strings.
     */
    inputs: Record<string, unknown>;
}

/** Everything the plan captured for one stack. */
export interface CapturedGraph {
    project: string;
    stack: string;
    /** How the graph was obtained. */
    source: "program" | "state";
    /** Resources in registration order. */
    resources: CapturedResource[];
    /** Config keys whose values were secure and replaced by a placeholder offline. */
    secretPlaceholders: string[];
}

/** The wire-format sentinel Pulumi uses for a value not known during preview. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The wire-format signature key marking a special value (secret, resource reference, ...). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value marking a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The signature value marking a resource reference. */
export const RESOURCE_REF_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
