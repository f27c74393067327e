/**
 * Builds small `pulumi stack export` documents for the `--state` tests, so each test writes the
 * exact estate it reasons about instead of sharing an opaque fixture file.
 */
import { SECRET_SIG, SIG_KEY } from "../../plan/graph";

export interface ThingSpec {
    name: string;
    size?: number;
    label?: string;
}

/** An export of stack `stack` (project `fixture`): stack root, provider, a Network, and Things under it. */
export function exportDoc(stack: string, things: ThingSpec[]): unknown {
    const base = `urn:pulumi:${stack}::fixture::`;
    const root = `${base}pulumi:pulumi:Stack::fixture-${stack}`;
    const provider = `${base}pulumi:providers:fix::default`;
    const net = `${base}zt:fix:Network::net`;
    return {
        version: 3,
        deployment: {
            manifest: { time: "2025-01-01T00:00:00Z", magic: "", version: "v3.0.0" },
            resources: [
                { urn: root, custom: false, type: "pulumi:pulumi:Stack" },
                { urn: provider, custom: true, id: "prov-1", type: "pulumi:providers:fix", inputs: { region: "eu" }, outputs: { region: "eu" } },
                { urn: net, custom: false, type: "zt:fix:Network", parent: root },
                ...things.map((t) => ({
                    urn: `${base}zt:fix:Network$fix:index:Thing::${t.name}`,
                    custom: true,
                    id: `${t.name}-1`,
                    type: "fix:index:Thing",
                    parent: net,
                    provider: `${provider}::prov-1`,
                    protect: true,
                    dependencies: [net],
                    propertyDependencies: { size: [] },
                    inputs: {
                        ...(t.size !== undefined ? { size: t.size } : {}),
                        ...(t.label !== undefined ? { label: t.label } : {}),
                        token: { [SIG_KEY]: SECRET_SIG, ciphertext: "AAAA" },
                        shown: { [SIG_KEY]: SECRET_SIG, plaintext: '{"k":"v"}' },
                    },
                })),
                { urn: `${base}fix:index:Thing::gone`, custom: true, type: "fix:index:Thing", delete: true, inputs: { size: 1000 } },
            ],
        },
    };
}
