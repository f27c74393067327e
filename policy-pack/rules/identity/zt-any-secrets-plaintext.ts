import { defineRule } from "../../lib/define-rule";
import { formatPath, isPlainObject, isUnknown, raw } from "../../lib/props";
import { installed, isUnderSecret, secretPathsOf } from "../../lib/secret-inputs";

// Value shapes that are credentials wherever they appear. Order matters: the first match names the finding.
const VALUE_PATTERNS: readonly { pattern: RegExp; what: string; fix: string }[] = [
    {
        pattern: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/,
        what: "an AWS access key id",
        fix: "Replace long-lived access keys with IAM roles or workload identity; if a key is unavoidable, pass it as a Pulumi secret.",
    },
    {
        pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/,
        what: "a private key block",
        fix: "Pass it as a Pulumi secret (pulumi.secret or config.requireSecret), or keep the key in a vault and reference it.",
    },
    {
        // scheme://user:password@host, or key=value strings with a password or account key.
        pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@|(?:^|;)\s*(?:password|pwd|accountkey|sharedaccesskey)\s*=\s*[^;\s]+/i,
        what: "a connection string with credentials",
        fix: "Pass it as a Pulumi secret, or use identity-based authentication (IAM auth, managed identity, workload identity) instead of embedded credentials.",
    },
];

// Field names that hold secrets, and suffixes that mark a name as a reference to one rather than its value.
const SECRET_NAME = /(password|passwd|passphrase|secret|token|apikey|api_key|privatekey|private_key|accesskey|access_key|credential|connectionstring)/i;
// Settings whose names say "token" or "secret" but hold a mode, never a credential (IMDS httpTokens is "required" | "optional").
const SETTING_NAMES = /^(httpTokens)$/;
const REFERENCE_SUFFIX = /(arn|id|ids|name|names|ref|reference|uri|url|endpoint|length|version|versions|type|policy|enabled|path|file|mount|ttl|rotation\w*|keyid|count|expiry|expiration|days|header)$/i;
const NAME_FIX = "Pass it as a Pulumi secret (pulumi.secret or config.requireSecret), or reference a secrets manager entry instead of the value.";

interface Finding {
    path: string;
    what: string;
    fix: string;
}

/** Finds credential-looking plaintext; never returns the value itself. */
export function findPlaintextSecrets(props: Record<string, unknown>, secretPaths: ReadonlySet<string>): Finding[] {
    const findings: Finding[] = [];
    const visit = (value: unknown, path: (string | number)[]) => {
        const at = formatPath(path);
        if (isUnderSecret(at, secretPaths) || isUnknown(value)) {
            return;
        }
        if (Array.isArray(value)) {
            value.forEach((v, i) => visit(raw(v), [...path, i]));
            return;
        }
        if (isPlainObject(value)) {
            // Kubernetes-style env entries: { name: "DB_PASSWORD", value: "..." }.
            if (typeof value.name === "string" && typeof value.value === "string" && SECRET_NAME.test(value.name) && !REFERENCE_SUFFIX.test(value.name) && value.value !== "") {
                const valuePath = formatPath([...path, "value"]);
                if (!isUnderSecret(valuePath, secretPaths) && !isUnknown(value.value)) {
                    findings.push({ path: valuePath, what: `the value of "${value.name}"`, fix: NAME_FIX });
                    return;
                }
            }
            for (const [k, v] of Object.entries(value)) {
                visit(raw(v), [...path, k]);
            }
            return;
        }
        if (typeof value !== "string" || value === "") {
            return;
        }
        const hit = VALUE_PATTERNS.find((p) => p.pattern.test(value));
        if (hit) {
            findings.push({ path: at, what: hit.what, fix: hit.fix });
            return;
        }
        const key = path[path.length - 1];
        // Provider inputs arrive as strings ("false", "3600"): a flag or a number is never a credential.
        if (/^(true|false|-?\d+(\.\d+)?)$/i.test(value)) {
            return;
        }
        if (typeof key === "string" && SECRET_NAME.test(key) && !REFERENCE_SUFFIX.test(key) && !SETTING_NAMES.test(key)) {
            findings.push({ path: at, what: "a secret (by its field name)", fix: NAME_FIX });
        }
    };
    visit(raw(props), []);
    return findings;
}

export default defineRule({
    id: "zt-any-secrets-plaintext",
    displayName: "No plaintext secrets in resource inputs",
    description: "No resource input holds a credential (access key, private key, password, token, connection string) unless it is a Pulumi secret.",
    rationale:
        "A plaintext input is stored unencrypted in the stack's state and shown in previews and logs, so anyone who can read state holds the credential. " +
        "Zero Trust needs credentials that are short-lived and strictly controlled, never long-lived keys copied into code.",
    severity: "critical",
    pillar: "identity",
    nistTenets: [6],
    cisaPillar: "Identity",
    cis: "3.11",
    remediationSteps:
        "Prefer identity over secrets: IAM roles, managed identities and workload identity need no stored credential. " +
        "Where a secret is unavoidable, read it with config.requireSecret or wrap it in pulumi.secret so it is encrypted in state, " +
        "or store it in a secrets manager and pass a reference. Rotate any credential that was ever committed in plaintext.",
    validateResource: (args, report) => {
        const secretPaths = secretPathsOf(args.props);
        if (!secretPaths) {
            // Without the record the rule would have to guess; fail loudly instead (see lib/secret-inputs.ts).
            throw new Error(
                installed
                    ? `zt-any-secrets-plaintext: the properties of ${args.urn} did not come through @pulumi/policy's deserializer, so secret inputs cannot be told apart`
                    : "zt-any-secrets-plaintext: @pulumi/policy no longer exports deserializeProperties; update policy-pack/lib/secret-inputs.ts",
            );
        }
        for (const f of findPlaintextSecrets(args.props, secretPaths)) {
            report(`Input "${f.path}" is not a Pulumi secret but holds ${f.what} (value not shown). ${f.fix}`);
        }
    },
});
