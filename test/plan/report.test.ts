/** The report's exceptions hook: printed (and put in the JSON) only when the caller passes rows. */
import * as assert from "assert";
import type { StackPlan } from "../../plan/plan-stack";
import { renderExceptions, renderReport, toJsonReport, type ExceptionRow } from "../../plan/report";
import { stateToGraph } from "../../plan/state";
import { summarize } from "../../plan/summary";
import { exportDoc } from "../support/exports";

const ROWS: ExceptionRow[] = [
    { id: "EX-2", policy: "zt-aws-s3-public", resource: "logs-*", owner: "team-b", expires: "2025-01-01", daysLeft: -3, used: true },
    { id: "EX-1", policy: "zt-aws-vpc-flow-logs", resource: "urn:pulumi:*::vpc", owner: "team-a", expires: "2025-03-01", daysLeft: 40, used: false },
];

function statePlan(): StackPlan {
    const { graph, encryptedSecrets } = stateToGraph(exportDoc("exp-dev", []), "x.json");
    return {
        stack: graph.stack,
        project: graph.project,
        environment: "dev",
        graph,
        summary: summarize(graph),
        analysis: { pack: { name: "p", version: "1.0.0", pluginVersion: "1.21.0" }, config: {}, diagnostics: [] },
        offline: { secretPlaceholders: [], encryptedSecrets, log: { knownInvokes: {}, unknownInvokes: {}, reads: [] } },
        timings: { captureMs: 1, analyzeMs: 1 },
    };
}

describe("plan: report exceptions hook", () => {
    it("lists exceptions soonest-expiring first with days left and use", () => {
        assert.strictEqual(
            renderExceptions(ROWS),
            "Exceptions: 2 registered\n" +
                "  - EX-2: zt-aws-s3-public on logs-*; owner team-b; expires 2025-01-01 (EXPIRED 3 days ago); used\n" +
                "  - EX-1: zt-aws-vpc-flow-logs on urn:pulumi:*::vpc; owner team-a; expires 2025-03-01 (40 days left); unused\n",
        );
    });

    it("prints the section and fills the JSON only when rows are given", () => {
        const plan = statePlan();
        assert.ok(renderReport([plan], ROWS).includes("Exceptions: 2 registered"));
        assert.ok(!renderReport([plan]).includes("Exceptions:"));
        assert.deepStrictEqual(toJsonReport([plan], 0, ROWS).exceptions, ROWS);
        assert.strictEqual(toJsonReport([plan], 0).exceptions, null);
    });
});
