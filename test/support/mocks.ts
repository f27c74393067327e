/**
 * One in-process Pulumi mock runtime for the component tests that construct a component directly
 * (rather than reading a stack's captured graph). `setMocks` replaces the process-wide monitor, so
 * two test files each calling it would steal each other's registrations: they share this one, and
 * each filters `registered` by the names it gave its own components.
 */
import * as pulumi from "@pulumi/pulumi";
import { answerInvoke } from "../../plan/invokes";

/** What the mocks echo beyond the inputs: the provider-computed attributes the components read. */
export type Computed = (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;

const computed: Computed[] = [];
/** Every resource registered in this process, in order. */
export const registered: pulumi.runtime.MockResourceArgs[] = [];
let ready: Promise<void> | undefined;

/**
 * Install the shared mocks once, adding `extra` to the computed attributes (each test file passes
 * the ones its cloud needs, e.g. an IAM role's `arn`). Await it before constructing anything.
 */
export function useMocks(extra: Computed): Promise<void> {
    computed.push(extra);
    ready ??= pulumi.runtime.setMocks({
        newResource: (args) => {
            registered.push(args);
            const state = Object.assign({ ...args.inputs }, ...computed.map((c) => c(args)));
            return { id: `${args.name}-id`, state };
        },
        // The offline plan's stand-ins where it has one (a project number, a group id), so a
        // component reads here what it reads in the plan; otherwise the inputs echoed back.
        call: (args) => {
            const answer = answerInvoke(args.token, { inputs: args.inputs, config: {} });
            return answer.known ? answer.result : args.inputs;
        },
    }, "zt-landing-zone", "unit", false);
    return ready;
}

/** The custom resources registered under names starting `<prefix>-`. */
export function registeredUnder(prefix: string): pulumi.runtime.MockResourceArgs[] {
    return registered.filter((r) => r.custom && r.name.startsWith(`${prefix}-`));
}

/** `<type>::<name>` of every custom resource registered under `<prefix>-`, sorted: what a test compares exactly. */
export function registeredIds(prefix: string): string[] {
    return registeredUnder(prefix).map((r) => `${r.type}::${r.name}`).sort();
}

/**
 * A transformation that records, by logical name, each child, its own `protect` and `dependsOn`
 * (resource options are not part of what the mock monitor sees) and its raw inputs (to read what
 * their Outputs wait for, see {@link waitsFor}); `settled()` resolves once every recorded child is
 * registered, including those on no output's path.
 */
export function childRecorder() {
    const protect = new Map<string, boolean>();
    const dependsOn = new Map<string, pulumi.ResourceOptions["dependsOn"]>();
    const props = new Map<string, Record<string, unknown>>();
    const children = new Map<string, pulumi.Resource>();
    const transformation: pulumi.ResourceTransformation = ({ resource, name, props: inputs, opts }) => {
        protect.set(name, opts.protect === true);
        dependsOn.set(name, opts.dependsOn);
        props.set(name, inputs);
        children.set(name, resource);
        return undefined;
    };
    return { protect, dependsOn, props, children, transformation, settled: () => Promise.all([...children.values()].map((r) => valueOf(r.urn))) };
}

/** The URN of a resource of this process's mock stack, from its `<type path>::<name>`. */
export const unitUrn = (path: string) => `urn:pulumi:unit::zt-landing-zone::${path}`;

/**
 * URNs of the resources an input waits for: what the engine records as the property's
 * dependencies. `allResources` is the SDK's own record of them (Output internals, pinned SDK).
 */
export async function waitsFor(input: unknown): Promise<string[]> {
    const all = await (input as { allResources(): Promise<Set<pulumi.Resource>> }).allResources();
    return (await Promise.all([...all].map((r) => valueOf(r.urn)))).sort();
}

/** The one resource registered as `name`. */
export function registeredAs(name: string): pulumi.runtime.MockResourceArgs {
    const found = registered.filter((r) => r.name === name);
    if (found.length !== 1) throw new Error(`expected one resource named ${name}, found ${found.length}`);
    return found[0];
}

/** An output's value, once resolved. */
export const valueOf = <T>(o: pulumi.Input<T>) => new Promise<T>((resolve) => pulumi.output(o).apply((v) => { resolve(v as T); return v; }));
