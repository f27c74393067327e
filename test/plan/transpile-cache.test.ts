import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compilerOptionsFor, installTranspileCache, transpile } from "../../plan/transpile-cache";

describe("plan: transpile cache", () => {
    const original = require.extensions[".ts"];
    let dir: string;
    let file: string;
    before(() => {
        dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "zt-cache-")));
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", target: "ES2022", strict: true } }));
        file = path.join(dir, "answer.ts");
    });
    after(() => {
        require.extensions[".ts"] = original;
        fs.rmSync(dir, { recursive: true, force: true });
    });

    const load = (source: string): number => {
        fs.writeFileSync(file, source);
        delete require.cache[file];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return (require(file) as { answer: number }).answer;
    };

    it("stores exactly ts-node's transpile-only output, serves it on the next load, and misses on any edit", () => {
        const cache = installTranspileCache(dir);
        const source = "export const answer: number = 41 + 1;\n";

        assert.equal(load(source), 42);
        assert.deepEqual([cache.hits, cache.misses], [0, 1]);
        const stored = fs.readdirSync(cache.dir);
        assert.equal(stored.length, 1);
        assert.equal(fs.readFileSync(path.join(cache.dir, stored[0]), "utf8"), transpile(source, file, compilerOptionsFor(dir)));

        assert.equal(load(source), 42);
        assert.deepEqual([cache.hits, cache.misses], [1, 1], "the unchanged file comes from the cache");

        assert.equal(load("export const answer: number = 7;\n"), 7);
        assert.deepEqual([cache.hits, cache.misses], [1, 2], "an edited file is transpiled again");
    });

    it("reads the program's tsconfig and inlines source maps so stack traces point at the .ts", () => {
        const options = compilerOptionsFor(dir);
        assert.equal(options.strict, true);
        assert.equal(options.inlineSourceMap, true);
        assert.match(transpile("export const a = 1;\n", file, options), /\/\/# sourceMappingURL=data:application\/json;base64,/);
    });
});
