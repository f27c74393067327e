/**
 * A disk cache in front of ts-node's transpile-only loading, for the program's own files.
 *
 * ts-node costs about 25 ms per TypeScript file, which is most of what a plan of a small stack
 * spends beyond the SDK's own cost (docs/benchmarks.md). The output is what ts-node's transpile-only
 * mode produces: TypeScript's `transpileModule` with the program's tsconfig. It is stored under
 * `node_modules/.cache/zt-plan/`, keyed by the TypeScript version, the compiler options, the file's
 * path and its content, so any edit, option change or upgrade misses the cache and transpiles again.
 * Files under node_modules are left to ts-node.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

type Loader = (module: NodeJS.Module & { _compile(code: string, filename: string): void }, filename: string) => void;

export interface TranspileCache {
    dir: string;
    /** Files served from the cache, and files transpiled (and stored) in this process. */
    hits: number;
    misses: number;
}

/** The compiler options ts-node would use for this program, with source maps inlined for stack traces. */
export function compilerOptionsFor(programDir: string): ts.CompilerOptions {
    const configFile = ts.findConfigFile(programDir, ts.sys.fileExists);
    const parsed = configFile ? ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined }) : undefined;
    return { ...(parsed?.options ?? {}), sourceMap: false, inlineSourceMap: true, inlineSources: true, declaration: false, noEmit: false };
}

/** What ts-node's transpile-only mode emits for one file. */
export function transpile(source: string, fileName: string, options: ts.CompilerOptions): string {
    return ts.transpileModule(source, { compilerOptions: options, fileName, reportDiagnostics: false }).outputText;
}

/** Installs the cache for `.ts` files under `programDir`. Call after ts-node has registered. */
export function installTranspileCache(programDir: string): TranspileCache {
    const root = path.resolve(programDir);
    const options = compilerOptionsFor(root);
    const dir = path.join(root, "node_modules", ".cache", "zt-plan");
    const salt = `${ts.version}\0${JSON.stringify(options)}`;
    const cache: TranspileCache = { dir, hits: 0, misses: 0 };
    const fallback = require.extensions[".ts"] as unknown as Loader;

    const loader: Loader = (module, filename) => {
        if (!filename.startsWith(root + path.sep) || filename.includes(`${path.sep}node_modules${path.sep}`)) {
            return fallback(module, filename);
        }
        const source = fs.readFileSync(filename, "utf8");
        const key = createHash("sha256").update(salt).update("\0").update(filename).update("\0").update(source).digest("hex");
        const file = path.join(dir, `${key}.js`);
        let output: string;
        try {
            output = fs.readFileSync(file, "utf8");
            cache.hits++;
        } catch {
            output = transpile(source, filename, options);
            cache.misses++;
            // A failed write only costs the next run a transpile; the program still loads.
            try {
                fs.mkdirSync(dir, { recursive: true });
                fs.writeFileSync(`${file}.${process.pid}`, output);
                fs.renameSync(`${file}.${process.pid}`, file);
            } catch {
                // cache directory not writable: carry on uncached
            }
        }
        module._compile(output, filename);
    };
    require.extensions[".ts"] = loader as unknown as NodeJS.RequireExtensions[string];
    return cache;
}
