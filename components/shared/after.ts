import * as pulumi from "@pulumi/pulumi";

/**
 * `value`, known at preview (an ARN built from a physical name, so the pack can read the policies
 * that name it), that consumers still receive only once `deps` exist, so the engine orders them.
 */
export function after(deps: pulumi.Resource[], value: pulumi.Output<string>): pulumi.Output<string> {
    return pulumi.all([pulumi.all(deps.map((d) => d.urn)), value]).apply(([, v]) => v);
}
