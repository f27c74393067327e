/**
 * Conversion between the plan's plain objects and the Analyzer protobuf messages, kept apart from
 * the process and transport code in `analyzer.ts`.
 */
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import type { CapturedResource } from "./graph";
import type { EnforcementLevel, PackConfig, PolicyConfigInfo } from "./pack-config";

export type Severity = "" | "low" | "medium" | "high" | "critical";

/** One policy as the pack describes it in `GetAnalyzerInfo`. */
export interface PolicyInfo extends PolicyConfigInfo {
    displayName: string;
    description: string;
    severity: Severity;
    kind: "resource" | "stack" | "unknown";
    tags: string[];
    remediationSteps: string;
    url: string;
}

/** The pack as `GetAnalyzerInfo` describes it. */
export interface PackInfo {
    name: string;
    version: string;
    displayName: string;
    policies: PolicyInfo[];
    /** The pack's programmatic initial config (`new PolicyPack(..., initialConfig)`). */
    initialConfig: PackConfig;
}

/** One violation or note reported by the pack. */
export interface Diagnostic {
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** The resource concerned; empty for a stack-level finding with no resource. */
    urn: string;
    message: string;
    description: string;
}

const LEVELS: Record<number, EnforcementLevel> = {
    [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
    [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
    [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
    [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_CODES: Record<EnforcementLevel, analyzerproto.EnforcementLevel> = {
    advisory: analyzerproto.EnforcementLevel.ADVISORY,
    mandatory: analyzerproto.EnforcementLevel.MANDATORY,
    disabled: analyzerproto.EnforcementLevel.DISABLED,
    remediate: analyzerproto.EnforcementLevel.REMEDIATE,
};
const SEVERITIES: Record<number, Severity> = {
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
    [analyzerproto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

export function toPackInfo(ai: analyzerproto.AnalyzerInfo): PackInfo {
    const policies = ai.getPoliciesList().map((p): PolicyInfo => {
        const schema = p.getConfigschema();
        const kind = p.getPolicyType() === analyzerproto.PolicyType.POLICY_TYPE_RESOURCE
            ? "resource"
            : p.getPolicyType() === analyzerproto.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown";
        return {
            name: p.getName(),
            displayName: p.getDisplayname(),
            description: p.getDescription(),
            enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
            severity: SEVERITIES[p.getSeverity()] ?? "",
            kind,
            tags: p.getTagsList(),
            remediationSteps: p.getRemediationSteps(),
            url: p.getUrl(),
            ...(schema
                ? {
                      configSchema: {
                          properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, Record<string, unknown>>,
                          required: schema.getRequiredList(),
                      },
                  }
                : {}),
        };
    });
    const initialConfig: PackConfig = {};
    ai.getInitialconfigMap().forEach((v, k) => {
        const props = v.getProperties()?.toJavaScript();
        initialConfig[k] = {
            enforcementLevel: LEVELS[v.getEnforcementlevel()] ?? "advisory",
            ...(props && Object.keys(props).length ? { properties: props as Record<string, unknown> } : {}),
        };
    });
    return { name: ai.getName(), version: ai.getVersion(), displayName: ai.getDisplayname(), policies, initialConfig };
}

export function toConfigureRequest(config: PackConfig): analyzerproto.ConfigureAnalyzerRequest {
    const req = new analyzerproto.ConfigureAnalyzerRequest();
    for (const [name, cfg] of Object.entries(config)) {
        const pc = new analyzerproto.PolicyConfig();
        pc.setEnforcementlevel(LEVEL_CODES[cfg.enforcementLevel ?? "advisory"]);
        pc.setProperties(structproto.Struct.fromJavaScript((cfg.properties ?? {}) as Record<string, structproto.JavaScriptValue>));
        req.getPolicyconfigMap().set(name, pc);
    }
    return req;
}

function toOptions(r: CapturedResource): analyzerproto.AnalyzerResourceOptions {
    const o = new analyzerproto.AnalyzerResourceOptions();
    o.setProtect(r.protect);
    if (r.parent) o.setParent(r.parent);
    return o;
}

function toProvider(p: CapturedResource | undefined): analyzerproto.AnalyzerProviderResource | undefined {
    if (!p) return undefined;
    const m = new analyzerproto.AnalyzerProviderResource();
    m.setType(p.type);
    m.setUrn(p.urn);
    m.setName(p.name);
    m.setProperties(structproto.Struct.fromJavaScript(p.inputs as Record<string, structproto.JavaScriptValue>));
    return m;
}

export function toAnalyzeRequest(r: CapturedResource, provider?: CapturedResource): analyzerproto.AnalyzeRequest {
    const req = new analyzerproto.AnalyzeRequest();
    req.setUrn(r.urn);
    req.setType(r.type);
    req.setName(r.name);
    req.setProperties(structproto.Struct.fromJavaScript(r.inputs as Record<string, structproto.JavaScriptValue>));
    req.setOptions(toOptions(r));
    const p = toProvider(provider);
    if (p) req.setProvider(p);
    return req;
}

export function toAnalyzerResource(r: CapturedResource, provider?: CapturedResource): analyzerproto.AnalyzerResource {
    const m = new analyzerproto.AnalyzerResource();
    m.setUrn(r.urn);
    m.setType(r.type);
    m.setName(r.name);
    m.setProperties(structproto.Struct.fromJavaScript(r.inputs as Record<string, structproto.JavaScriptValue>));
    m.setOptions(toOptions(r));
    const p = toProvider(provider);
    if (p) m.setProvider(p);
    if (r.parent) m.setParent(r.parent);
    m.setDependenciesList(r.dependencies);
    for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        const deps = new analyzerproto.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        m.getPropertydependenciesMap().set(k, deps);
    }
    return m;
}

/** Converts a diagnostic; `defaultUrn` is the analysed resource, used when the pack gave none. */
export function toDiagnostic(d: analyzerproto.AnalyzeDiagnostic, defaultUrn: string): Diagnostic {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
        severity: SEVERITIES[d.getSeverity()] ?? "",
        urn: d.getUrn() || defaultUrn,
        message: d.getMessage(),
        description: d.getDescription(),
    };
}
