/**
 * `defineRule`: the one way to write a rule. It makes the metadata the docs, the CLI and the
 * meta-test rely on required at compile time, applies config defaults from the schema, and routes
 * violations through the exception register, so a rule file holds only its check.
 */
import {
    EnforcementLevel,
    PolicyConfigSchema,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { currentRegister, recordResourceWaivers, recordStackWaivers, WaivedViolation } from "./active-register";
import { CisaPillar, CisRecommendation, CisSafeguard, cisLabels, frameworkTags, NistTenet, Pillar } from "./frameworks";
import { findException } from "./register";

/** Rule ids read zt-<cloud|any>-<service>-<rule>. */
export type RuleId = `zt-${"any" | "aws" | "azure" | "gcp" | "k8s"}-${string}-${string}`;
export const RULE_ID_PATTERN = /^zt-(any|aws|azure|gcp|k8s)-[a-z0-9]+-[a-z0-9-]+$/;

/** Where the docs live; the URL of each rule is `${DOCS_URL}#<id>`. Repository-relative, so it works in any fork. */
export const DOCS_URL = "docs/policies.md";

export interface RuleMeta {
    id: RuleId;
    /** Short title for the CLI and the docs. */
    displayName: string;
    /** One sentence: what the rule requires. The CLI prints it above every violation. */
    description: string;
    /** Why it matters, for the docs. */
    rationale: string;
    severity: Severity;
    pillar: Pillar;
    /** At least one NIST SP 800-207 tenet; the first is the primary mapping. */
    nistTenets: readonly [NistTenet, ...NistTenet[]];
    cisaPillar: CisaPillar;
    /** A CIS Controls v8 safeguard, where one fits. */
    cis?: CisSafeguard;
    /** A cloud CIS Benchmark recommendation, where one fits (e.g. Azure Foundations 7.1). */
    cisBenchmark?: CisRecommendation;
    /** How to fix a violation. */
    remediationSteps: string;
    /**
     * The level when no config file sets one. Leave it out for the pack default (mandatory); the
     * environment's config file decides the real level.
     */
    enforcementLevel?: EnforcementLevel;
    /** Settings, with defaults; rules receive them merged over the defaults. */
    configSchema?: PolicyConfigSchema;
    /** False for rules about the exception register itself. Defaults to true. */
    waivable?: boolean;
}

/** Reports one violation; for stack rules, `urn` names the offending resource. */
export type Report = (message: string, urn?: string) => void;

type ResourceHook<C> = (args: ResourceValidationArgs, report: Report, config: C) => void | Promise<void>;
type StackHook<C> = (args: StackValidationArgs, report: Report, config: C) => void | Promise<void>;

/** A rule checks single resources, the whole stack, or (governance only) both. */
export type RuleSpec<C extends object> = RuleMeta &
    (
        | { validateResource: ResourceHook<C>; validateStack?: undefined }
        | { validateResource?: undefined; validateStack: StackHook<C> }
        | { validateResource: ResourceHook<C>; validateStack: StackHook<C> }
    );

export interface ZtRule {
    meta: RuleMeta;
    /** Which analyses the rule takes part in. */
    kinds: readonly ("resource" | "stack")[];
    /** What the PolicyPack serves. */
    policy: ResourceValidationPolicy | StackValidationPolicy;
}

const definedIds = new Set<string>();

/** Every rule id defined in this process, in definition order. */
export function definedRuleIds(): string[] {
    return [...definedIds];
}

/** The schema defaults, so rules see complete config even when no config file was given. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(schema?.properties ?? {})) {
        if (v.default !== undefined) {
            out[k] = v.default;
        }
    }
    return out;
}

function baseFields(meta: RuleMeta) {
    return {
        name: meta.id,
        displayName: meta.displayName,
        description: meta.description,
        severity: meta.severity,
        enforcementLevel: meta.enforcementLevel,
        configSchema: meta.configSchema,
        framework: {
            name: "NIST SP 800-207",
            version: "2020",
            reference: `tenet ${meta.nistTenets[0]}`,
            specification: [`NIST SP 800-207 tenet ${meta.nistTenets.join(", ")}`, `CISA ZTMM v2 ${meta.cisaPillar}`, ...cisLabels(meta.cis, meta.cisBenchmark)].join("; "),
        },
        tags: [`pillar:${meta.pillar}`, ...frameworkTags(meta.nistTenets, meta.cisaPillar, cisLabels(meta.cis, meta.cisBenchmark))],
        remediationSteps: meta.remediationSteps,
        url: `${DOCS_URL}#${meta.id}`,
    };
}

function configOf<C extends object>(meta: RuleMeta, args: { getConfig<T extends object>(): T }): C {
    return { ...schemaDefaults(meta.configSchema), ...args.getConfig<Record<string, unknown>>() } as C;
}

function resourceValidation<C extends object>(meta: RuleMeta, hook: ResourceHook<C>): ResourceValidationPolicy["validateResource"] {
    return async (args, reportViolation) => {
        const waived: WaivedViolation[] = [];
        const active = meta.waivable === false ? [] : currentRegister().active;
        const report: Report = (message) => {
            const exception = findException(active, meta.id, { urn: args.urn, name: args.name });
            if (exception) {
                waived.push({ policy: meta.id, urn: args.urn, message, exception });
            } else {
                reportViolation(message);
            }
        };
        try {
            await hook(args, report, configOf<C>(meta, args));
        } finally {
            recordResourceWaivers(args.urn, meta.id, waived);
        }
    };
}

function stackValidation<C extends object>(meta: RuleMeta, hook: StackHook<C>): StackValidationPolicy["validateStack"] {
    return async (args, reportViolation) => {
        const waived: WaivedViolation[] = [];
        const active = meta.waivable === false ? [] : currentRegister().active;
        const byUrn = new Map<string, PolicyResource>(args.resources.map((r) => [r.urn, r]));
        const report: Report = (message, urn) => {
            const resource = urn ? byUrn.get(urn) : undefined;
            const exception = resource ? findException(active, meta.id, { urn: resource.urn, name: resource.name }) : undefined;
            if (exception && resource) {
                waived.push({ policy: meta.id, urn: resource.urn, message, exception });
            } else {
                reportViolation(message, urn);
            }
        };
        try {
            await hook(args, report, configOf<C>(meta, args));
        } finally {
            recordStackWaivers(meta.id, waived);
        }
    };
}

/**
 * Builds a rule. Violations reported through `report` that an active exception covers are kept
 * out of this policy's own report and handed to zt-any-governance-exception-applied as notes.
 */
export function defineRule<C extends object = Record<string, never>>(spec: RuleSpec<C>): ZtRule {
    const { validateResource, validateStack, ...meta } = spec;
    if (!RULE_ID_PATTERN.test(meta.id)) {
        throw new Error(`rule id "${meta.id}" does not follow zt-<cloud|any>-<service>-<rule>`);
    }
    if (definedIds.has(meta.id)) {
        throw new Error(`rule id "${meta.id}" is defined twice`);
    }
    definedIds.add(meta.id);
    const kinds: ("resource" | "stack")[] = [];
    const policy: Partial<ResourceValidationPolicy & StackValidationPolicy> = { ...baseFields(meta) };
    if (validateResource) {
        kinds.push("resource");
        policy.validateResource = resourceValidation(meta, validateResource);
    }
    if (validateStack) {
        kinds.push("stack");
        policy.validateStack = stackValidation(meta, validateStack);
    }
    return { meta, kinds, policy: policy as ResourceValidationPolicy | StackValidationPolicy };
}
