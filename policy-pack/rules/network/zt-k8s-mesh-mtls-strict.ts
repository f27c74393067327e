import { defineRule } from "../../lib/define-rule";
import { K8S_PLATFORM_TYPES, rootNamespaceSetting, isNamespaceWide, isOfType, knownString, objectLabel, objectNamespace } from "../../lib/k8s-platform";
import { isPlainObject, isUnknown, readKnown } from "../../lib/props";

export interface MtlsConfig {
    rootNamespace: string;
}

const STRICT = "STRICT";

/** A port entry's mode as written: undefined when unknown during preview, "UNSET" when left out. */
function portMode(setting: unknown): string | undefined {
    const mode = isPlainObject(setting) ? setting["mode"] : undefined;
    if (isUnknown(mode)) {
        return undefined;
    }
    return typeof mode === "string" && mode !== "" ? mode : "UNSET";
}

export default defineRule<MtlsConfig>({
    id: "zt-k8s-mesh-mtls-strict",
    displayName: "Istio requires mutual TLS (STRICT)",
    description:
        "Every Istio PeerAuthentication that sets an mTLS mode, for the workload or for any port, sets STRICT; the mesh-wide one (root namespace, no " +
        "selector) must set STRICT explicitly.",
    rationale:
        "In PERMISSIVE mode a sidecar also accepts plain text, so any pod (or anything that reaches the pod network) can call the workload without a " +
        "mesh identity, unencrypted, and identity-based AuthorizationPolicies see no principal to check; DISABLE turns mTLS off outright. UNSET " +
        "inherits the parent scope's mode, so the rule reads an absent mode on a namespace or workload policy as inheriting, and the mesh-wide " +
        "policy in the root namespace (where an unset mode means PERMISSIVE, per Istio's PeerAuthentication reference) must say STRICT itself. An " +
        "explicit UNSET is reported everywhere: leave the mode out to inherit. A port-level entry exists only to change a port's mode, so any entry " +
        "but STRICT is a plaintext hole.",
    severity: "high",
    pillar: "network",
    nistTenets: [2, 6],
    cisaPillar: "Networks",
    cis: "3.10",
    remediationSteps:
        'Set spec.mtls.mode: STRICT on the mesh-wide PeerAuthentication (named "default", in the root namespace, usually istio-system, with no ' +
        "selector), and remove PERMISSIVE, DISABLE and UNSET modes from namespace, workload and portLevelMtls entries. A caller outside the mesh " +
        "should enter through an ingress gateway, not through a plaintext port.",
    configSchema: {
        properties: {
            rootNamespace: rootNamespaceSetting("a PeerAuthentication"),
        },
    },
    validateResource: (args, report, config) => {
        if (!isOfType(args.type, K8S_PLATFORM_TYPES.peerAuthentication)) {
            return args.notApplicable(`${args.type} is not an Istio PeerAuthentication`);
        }
        const label = objectLabel(args.type, args.props, args.name);
        const spec = readKnown(args.props, ["spec"]);
        const s = isPlainObject(spec) ? spec : {};
        // The mode decides, so it is read through the proxy (unknown during preview: the rule cannot run).
        const mode = knownString(readKnown(args.props, ["spec", "mtls", "mode"]));
        if (mode === undefined) {
            if (objectNamespace(args.props) === config.rootNamespace && isNamespaceWide(s)) {
                report(`${label} is the mesh-wide policy and sets no mtls.mode, which Istio treats as PERMISSIVE: set mtls.mode STRICT.`);
            }
        } else if (mode !== STRICT) {
            report(`${label} sets mtls.mode ${mode}: set it to STRICT, so its workloads accept only mutual TLS from callers with a mesh identity.`);
        }
        const ports = s["portLevelMtls"];
        if (isPlainObject(ports)) {
            for (const [port, setting] of Object.entries(ports)) {
                const own = portMode(setting);
                if (own !== undefined && own !== STRICT) {
                    report(`${label} sets port ${port} to ${own} (portLevelMtls): set it to STRICT or remove the entry; a plaintext port accepts any caller that reaches it.`);
                }
            }
        }
    },
});
