/** A zod string field that must be an IPv4 CIDR, with the error's "allowed" and "fix" attached. */
import { z } from "zod";
import { isPrivate, parseCidr } from "../components/shared/cidr";

export interface CidrFieldOptions {
    /** Only RFC 1918 ranges: a network the landing zone owns must never use public addresses. */
    requirePrivate: boolean;
    minPrefix?: number;
    maxPrefix?: number;
}

export function cidrField(options: CidrFieldOptions) {
    const minPrefix = options.minPrefix ?? 0;
    const maxPrefix = options.maxPrefix ?? 32;
    const allowed = [
        "an IPv4 CIDR in network form",
        options.requirePrivate ? "inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16" : undefined,
        minPrefix > 0 || maxPrefix < 32 ? `prefix /${minPrefix} to /${maxPrefix}` : undefined,
    ].filter(Boolean).join(", ");

    return z.string().superRefine((text, ctx) => {
        const block = parseCidr(text);
        const fail = (message: string, fix: string) =>
            ctx.addIssue({ code: "custom", message, input: text, params: { allowed, fix } });
        if ("error" in block) {
            const suggestion = /network address is (\S+)/.exec(block.error)?.[1];
            fail(block.error, suggestion ? `write ${suggestion}` : "write it as address/prefix, e.g. 10.20.0.0/16");
            return;
        }
        if (block.prefix < minPrefix || block.prefix > maxPrefix) {
            fail(`prefix /${block.prefix} is out of range`, `use a prefix between /${minPrefix} and /${maxPrefix}`);
        }
        if (options.requirePrivate && !isPrivate(block)) {
            fail("not a private range", "pick a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16 that no other network uses");
        }
    });
}
