/**
 * A `MockMonitor` that records the full resource graph while the program runs under mocks.
 *
 * `setMocks()` only shows a mock the type, name and inputs of each resource. To see parents,
 * dependencies, property dependencies and options we override `registerResource` itself and read
 * the raw `RegisterResourceRequest`. We also hand the program full-chain URNs (the engine's form)
 * instead of the mock's last-parent-only URNs, so every URN the SDK later echoes back to us
 * (parents, dependencies, provider references, resource references in inputs) is already right.
 */
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import type { CapturedResource } from "./graph";
import { answerInvoke } from "./invokes";
import { fullChainUrn, resourceRefsToUrns } from "./wire";

/** Minimal shape of the protobuf request objects the SDK passes to the monitor. */
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): structproto.Struct | undefined;
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getDependenciesList(): string[];
    getProvider(): string;
    getPropertydependenciesMap(): { forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void };
}

type Callback = (err: unknown, resp: unknown) => void;

/** What the capture learned besides the resources themselves. */
export interface CaptureLog {
    /** Invoke tokens answered from the documented table in `invokes.ts`, with call counts. */
    knownInvokes: Record<string, number>;
    /** Invoke tokens the offline plan does not know; each was answered with `{}`. */
    unknownInvokes: Record<string, number>;
    /** Resources read with `.get()`/read: not part of the plan, listed for the report. */
    reads: string[];
}

/** Records every registration; `resources` is in registration order. */
export class CapturingMonitor extends MockMonitor {
    readonly captured: CapturedResource[] = [];
    readonly log: CaptureLog;

    constructor(
        private readonly stack: string,
        private readonly project: string,
        config: Record<string, string>,
    ) {
        const log: CaptureLog = { knownInvokes: {}, unknownInvokes: {}, reads: [] };
        super({
            call: (args) => {
                const { known, result } = answerInvoke(args.token, { inputs: args.inputs ?? {}, config });
                const bucket = known ? log.knownInvokes : log.unknownInvokes;
                bucket[args.token] = (bucket[args.token] ?? 0) + 1;
                return result;
            },
            // Reads (`Resource.get`) go through here; registrations do not (see registerResource).
            newResource: (args) => {
                log.reads.push(`${args.type}::${args.name}`);
                return { id: args.id || `${args.name}-id`, state: args.inputs ?? {} };
            },
        });
        this.log = log;
    }

    /**
     * Records the request, then answers as a preview would for a mock: the inputs come back as the
     * state (still in wire format, so nothing is deserialized twice) with a deterministic id.
     */
    override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
        try {
            const type = req.getType();
            const name = req.getName();
            const custom = req.getCustom();
            const urn = fullChainUrn(this.stack, this.project, req.getParent(), type, name);
            const object = req.getObject();
            const wire = (object?.toJavaScript() ?? {}) as Record<string, unknown>;
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((v, k) => {
                propertyDependencies[k] = v.getUrnsList();
            });
            const parent = req.getParent();
            const provider = req.getProvider();
            this.captured.push({
                urn,
                type,
                name,
                custom,
                ...(parent ? { parent } : {}),
                ...(provider ? { provider } : {}),
                protect: req.getProtect() === true,
                retainOnDelete: req.getRetainondelete() === true,
                dependencies: req.getDependenciesList(),
                propertyDependencies,
                inputs: resourceRefsToUrns(wire) as Record<string, unknown>,
            });
            const id = custom ? `${name}-id` : "";
            this.resources.set(urn, { urn, id: id || null, state: wire });
            const response = new resproto.RegisterResourceResponse();
            response.setUrn(urn);
            response.setId(id);
            response.setObject(object ?? new structproto.Struct());
            callback(null, response);
        } catch (err) {
            callback(err, undefined);
        }
    }
}
