/** A zod string field in a fixed format, whose error says what the format is and where to find the right value. */
import { z } from "zod";

export const patterned = (re: RegExp, what: string, allowed: string, fix: string) =>
    z.string().superRefine((text, ctx) => {
        if (!re.test(text)) ctx.addIssue({ code: "custom", message: `not ${what}`, input: text, params: { allowed, fix } });
    });
