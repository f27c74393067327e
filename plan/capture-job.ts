/**
 * The message passed between the plan and its capture worker. A file on each side (job in, result
 * out) rather than stdout, because the program under capture may print anything to stdout.
 */
import type { CapturedResource } from "./graph";
import type { CaptureLog } from "./capture-monitor";

/** What the worker should run. */
export interface CaptureJob {
    /**
     * `program`: require `programDir` as Pulumi's `run` does.
     * `floor`: the SDK floor for the benchmark: require `floorModules`, then register
     * `floorCount` bare `CustomResource`s with no inputs, under the same mocks.
     */
    mode: "program" | "floor";
    project: string;
    stack: string;
    /** Directory the program runs in (Pulumi runs a program with cwd = project dir). */
    programDir: string;
    /** `PULUMI_CONFIG` wire map: `"<namespace>:<key>"` → string. */
    config: Record<string, string>;
    /** Config keys that are secret; set as `PULUMI_CONFIG_SECRET_KEYS` as the CLI does. */
    secretKeys: string[];
    floorModules?: string[];
    floorCount?: number;
    /** Where the worker writes its {@link CaptureResult}. */
    resultFile: string;
}

/** What the worker reports back. */
export type CaptureResult =
    | {
          ok: true;
          resources: CapturedResource[];
          log: CaptureLog;
          /** Wall time inside the worker, from before loading the program to the last registration. */
          programMs: number;
          /** Peak resident set of the worker, in kilobytes (`process.resourceUsage().maxRSS`). */
          maxRssKb: number;
      }
    | { ok: false; error: string };
