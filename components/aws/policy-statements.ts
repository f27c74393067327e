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
