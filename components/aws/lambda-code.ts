/**
 * Lambda code from the repo, packaged at deploy time. Each function is one TypeScript file under
 * `lambdas/aws/<name>/index.ts` that imports only the AWS SDK v3 clients the Node.js runtime
 * already provides, so packaging is a transpile, not a bundle: no build step, no `dist/` to forget,
 * and the archive the plan shows is byte-for-byte what `pulumi up` uploads.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as ts from "typescript";

/** The runtime every landing-zone function uses; it ships the SDK v3 clients the handlers import. */
export const LAMBDA_RUNTIME = "nodejs22.x";

export const LAMBDA_ROOT = path.resolve(__dirname, "..", "..", "lambdas", "aws");

/** The handler's JavaScript, transpiled exactly as the archive holds it. */
export function lambdaSource(name: string): string {
    const file = path.join(LAMBDA_ROOT, name, "index.ts");
    const source = fs.readFileSync(file, "utf8");
    return ts.transpileModule(source, {
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
        fileName: file,
    }).outputText;
}

/** An archive with `index.js`, for `lambda.Function.code`; handlers are `index.<export>`. */
export function lambdaCode(name: string): pulumi.asset.AssetArchive {
    return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(lambdaSource(name)) });
}
