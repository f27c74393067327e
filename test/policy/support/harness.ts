/**
 * Runs rules in-process on arguments built the way @pulumi/policy's server.js builds them: props
 * go through the SDK's own deserializeProperties (secrets unwrapped, assets revived) and its
 * unknown-checking proxy, opts carry protect/parent, isType/asType/getConfig/notApplicable behave
 * as on the server. Only the gRPC transport is skipped; test/policy/e2e.test.ts covers that.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as policySdk from "@pulumi/policy";
import * as deserializeModule from "@pulumi/policy/deserialize";
import { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { EXCEPTIONS_FILE_ENV, TODAY_ENV, WaivedViolation, drainResourceWaivers, drainStackWaivers } from "../../../policy-pack/lib/active-register";
import { ZtRule } from "../../../policy-pack/lib/define-rule";
import { SECRET_SIG, SIG_KEY, UNKNOWN_SENTINEL } from "../../../plan/graph";

/** Pulumi's wire markers, as the engine sends them (on the wire every unknown is this one sentinel). */
export const UNKNOWN = UNKNOWN_SENTINEL;
export function secret(value: unknown): Record<string, unknown> {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export interface FixtureResource {
    type: string;
    name: string;
    /** Inputs in wire format (use secret() and UNKNOWN). */
    props?: Record<string, unknown>;
    protect?: boolean;
    parent?: string;
    provider?: { type: string; name?: string; props: Record<string, unknown> };
    dependencies?: string[];
    propertyDependencies?: Record<string, string[]>;
    /** Defaults to urnOf(type, name). */
    urn?: string;
}

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:test::zt::${type}::${name}`;
}

export interface ResourceOutcome {
    violations: string[];
    notApplicable?: string;
    /** The message the server would report as "can't run during preview". */
    unknown?: string;
    waived: WaivedViolation[];
}

export interface StackOutcome {
    violations: { message: string; urn?: string }[];
    notApplicable?: string;
    unknown?: string;
    waived: WaivedViolation[];
}

type Deserialize = (struct: Struct, proxySecrets: boolean) => Record<string, unknown>;
const sdk = policySdk as unknown as { unknownCheckingProxy<T extends object>(o: T): T; UnknownValueError: new (...a: unknown[]) => Error };

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

function deserialize(props: Record<string, unknown> | undefined): Record<string, unknown> {
    // Read the function at call time, as server.js does, so the pack's secret tracking sees it.
    const fn = (deserializeModule as unknown as { deserializeProperties: Deserialize }).deserializeProperties;
    return sdk.unknownCheckingProxy(fn(Struct.fromJavaScript((props ?? {}) as never), false));
}

function optsOf(r: FixtureResource): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.parent) {
        opts.parent = r.parent;
    }
    return opts;
}

function typeHelpers(type: string, props: Record<string, unknown>) {
    const matches = (cls: unknown) => {
        const c = cls as { __pulumiType?: string; isInstance?: (o: unknown) => boolean };
        return c.__pulumiType ? c.__pulumiType === type : c.isInstance?.({ __pulumiType: type }) === true;
    };
    return {
        isType: (cls: unknown) => matches(cls),
        asType: (cls: unknown) => (matches(cls) ? props : undefined),
    };
}

function providerOf(r: FixtureResource) {
    if (!r.provider) {
        return undefined;
    }
    const name = r.provider.name ?? "explicit";
    return { type: r.provider.type, name, urn: urnOf(r.provider.type, name), props: deserialize(r.provider.props) };
}

function classify(e: unknown, policy: string): { notApplicable?: string; unknown?: string } {
    if (e instanceof NotApplicable) {
        return { notApplicable: e.reason };
    }
    if (e instanceof sdk.UnknownValueError) {
        return { unknown: `can't run policy '${policy}' during preview: ${(e as Error).message}` };
    }
    throw e;
}

/** Runs one resource rule on one resource. Waivers it recorded are returned and drained. */
export async function runResource(
    rule: ZtRule,
    r: FixtureResource,
    config: Record<string, unknown> = {},
    opts: { keepWaivers?: boolean } = {},
): Promise<ResourceOutcome> {
    const policy = rule.policy as ResourceValidationPolicy;
    if (typeof policy.validateResource !== "function") {
        throw new Error(`${rule.meta.id} is not a resource rule`);
    }
    const props = deserialize(r.props);
    const urn = r.urn ?? urnOf(r.type, r.name);
    const args = {
        type: r.type,
        props,
        urn,
        name: r.name,
        opts: optsOf(r),
        stackTags: new Map<string, string>(),
        ...typeHelpers(r.type, props),
        getConfig: () => config,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
        provider: providerOf(r),
    } as unknown as ResourceValidationArgs;
    const outcome: ResourceOutcome = { violations: [], waived: [] };
    try {
        await policy.validateResource(args, (message: string) => outcome.violations.push(message));
    } catch (e) {
        Object.assign(outcome, classify(e, rule.meta.id));
    }
    if (!opts.keepWaivers) {
        outcome.waived = drainResourceWaivers(urn);
    }
    return outcome;
}

/** Builds the stack arguments the server would: resources linked to parents and dependencies by URN. */
export function stackResources(fixtures: readonly FixtureResource[]): PolicyResource[] {
    const built = fixtures.map((r) => {
        const props = deserialize(r.props);
        const resource = {
            type: r.type,
            props,
            urn: r.urn ?? urnOf(r.type, r.name),
            name: r.name,
            opts: optsOf(r),
            dependencies: [] as PolicyResource[],
            propertyDependencies: {} as Record<string, PolicyResource[]>,
            ...typeHelpers(r.type, props),
            provider: providerOf(r),
        } as unknown as PolicyResource;
        return { resource, fixture: r };
    });
    const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
    for (const { resource, fixture } of built) {
        const parent = fixture.parent ? byUrn.get(fixture.parent) : undefined;
        if (parent) {
            resource.parent = parent;
        }
        resource.dependencies = (fixture.dependencies ?? []).map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
        for (const [k, urns] of Object.entries(fixture.propertyDependencies ?? {})) {
            resource.propertyDependencies[k] = urns.map((u) => byUrn.get(u)).filter((d): d is PolicyResource => !!d);
        }
    }
    return built.map((b) => b.resource);
}

/** Runs one stack rule over a set of resources. Waivers it recorded are returned and drained. */
export async function runStack(
    rule: ZtRule,
    fixtures: readonly FixtureResource[],
    config: Record<string, unknown> = {},
    opts: { keepWaivers?: boolean } = {},
): Promise<StackOutcome> {
    const policy = rule.policy as StackValidationPolicy;
    if (typeof policy.validateStack !== "function") {
        throw new Error(`${rule.meta.id} is not a stack rule`);
    }
    const args = {
        resources: stackResources(fixtures),
        stackTags: new Map<string, string>(),
        getConfig: () => config,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    } as unknown as StackValidationArgs;
    const outcome: StackOutcome = { violations: [], waived: [] };
    try {
        await policy.validateStack(args, (message: string, urn?: string) => outcome.violations.push(urn ? { message, urn } : { message }));
    } catch (e) {
        Object.assign(outcome, classify(e, rule.meta.id));
    }
    if (!opts.keepWaivers) {
        outcome.waived = drainStackWaivers();
    }
    return outcome;
}

/**
 * Points the pack at a temporary register (YAML text) and a fixed date for the duration of `fn`.
 * `undefined` text uses an empty register.
 */
export async function withRegister<T>(yamlText: string | undefined, today: string, fn: (file: string) => Promise<T>): Promise<T> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-exceptions-"));
    const file = path.join(dir, "exceptions.yaml");
    fs.writeFileSync(file, yamlText ?? "exceptions: []\n");
    const saved = { file: process.env[EXCEPTIONS_FILE_ENV], today: process.env[TODAY_ENV] };
    process.env[EXCEPTIONS_FILE_ENV] = file;
    process.env[TODAY_ENV] = today;
    try {
        return await fn(file);
    } finally {
        restore(EXCEPTIONS_FILE_ENV, saved.file);
        restore(TODAY_ENV, saved.today);
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

function restore(key: string, value: string | undefined): void {
    if (value === undefined) {
        delete process.env[key];
    } else {
        process.env[key] = value;
    }
}
