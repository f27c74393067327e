/** Policy statements more than one pillar writes the same way. */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Refuses every request not sent over TLS, whoever sends it: resource policies are the one place
 * where "TLS 1.2+ in transit" can be enforced for S3 and SNS regardless of the client.
 */
export function denyInsecureTransport<R extends pulumi.Input<string> | pulumi.Input<string>[]>(actions: string | string[], resources: R) {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny" as const,
        Principal: "*" as const,
        Action: actions,
        Resource: resources,
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/**
 * A trust policy letting one AWS service assume a role; `condition` narrows it to this account's
 * use (the confused-deputy guard). Conditions may hold Outputs: serialise with pulumi.jsonStringify.
 */
export function serviceTrustPolicy(service: string, condition?: Record<string, unknown>) {
    return {
        Version: "2012-10-17" as const,
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", ...(condition ? { Condition: condition } : {}) }],
    };
}
