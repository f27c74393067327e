/**
 * The level a policy runs at under a `--policy-pack-config` file, resolved the way the CLI does:
 * the policy's own entry, else "all", else the policy's declared level, else the pack's.
 */
import * as fs from "fs";
import * as path from "path";
import { EnforcementLevel } from "@pulumi/policy";
import { PACK_DIR } from "./active-register";

export const PACK_LEVEL: EnforcementLevel = "mandatory";
export const ENVIRONMENTS = ["dev", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export type PackConfigFile = Record<string, EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>)>;

export function readPackConfig(env: Environment, dir = path.join(PACK_DIR, "config")): PackConfigFile {
    return JSON.parse(fs.readFileSync(path.join(dir, `${env}.json`), "utf8")) as PackConfigFile;
}

function levelOf(entry: PackConfigFile[string] | undefined): EnforcementLevel | undefined {
    return typeof entry === "string" ? entry : entry?.enforcementLevel;
}

export function effectiveLevel(config: PackConfigFile, policy: string, declared: EnforcementLevel | undefined): EnforcementLevel {
    return levelOf(config[policy]) ?? levelOf(config.all) ?? declared ?? PACK_LEVEL;
}
