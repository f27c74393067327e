/**
 * Whether one resource refers to another through a property: a flow log to its VPC, an S3 setting
 * to its bucket, an endpoint to its VPC. The reference is a cloud id or name, which is unknown in a
 * preview of a new target and a mock id offline, so the engine's record of which resource fed the
 * property (propertyDependencies) is the primary evidence. A literal is accepted when it equals the
 * target's URN or one of its identifying properties, which covers existing resources, literal names
 * and `pulumi stack export` files.
 */
import { PolicyResource } from "@pulumi/policy";
import { isUnknown, readRaw } from "./props";

export interface LinkOptions {
    /** The target's properties a literal reference may equal. Default: ["id"]. */
    targetProps?: readonly string[];
    /**
     * The name both sides take when their property is absent (an aws cfg Recorder is "default"):
     * a reference left out then matches a target whose first identifying property is left out.
     */
    defaultValue?: string;
    /** Compare literals case-sensitively (names); ids and ARNs compare case-insensitively. Default: false. */
    exact?: boolean;
}

/** True when `from.<property>` refers to `target`. */
export function refersTo(from: PolicyResource, property: string, target: PolicyResource, options: LinkOptions = {}): boolean {
    if ((from.propertyDependencies[property] ?? []).some((d) => d.urn === target.urn)) {
        return true;
    }
    const targetProps = options.targetProps ?? ["id"];
    let ref = readRaw(from.props, [property]);
    if (ref === undefined && options.defaultValue !== undefined) {
        ref = options.defaultValue;
    }
    if (typeof ref !== "string" || ref === "" || isUnknown(ref)) {
        return false;
    }
    if (ref === target.urn) {
        return true;
    }
    const same = (a: string, b: string) => (options.exact ? a === b : a.toLowerCase() === b.toLowerCase());
    if (targetProps.some((p) => {
        const own = readRaw(target.props, [p]);
        return typeof own === "string" && own !== "" && !isUnknown(own) && same(own, ref);
    })) {
        return true;
    }
    return options.defaultValue !== undefined && ref === options.defaultValue && readRaw(target.props, [targetProps[0]]) === undefined;
}
