// Lint: typescript-eslint's recommended rules, plus the layering rules that keep the simulator free of Pulumi
// and its layers one-way (sim/model/ <- sim/forwarding/ <- the analyses in sim/).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Patterns match the import string at any depth, so they hold in nested folders (sim/forwarding/x.ts
// importing "../../translate/y" is caught like sim/x.ts importing "../translate/y").
const noPulumi = { group: ["@pulumi/*"], message: "sim/ must not import Pulumi" };
const nothingAbove = { group: ["**/translate", "**/translate/**", "**/policies", "**/policies/**", "**/cli", "**/cli/**", "**/report", "**/report/**"], message: "sim/ depends on nothing above it" };
// The report formatters (and their layout library) are CLI-only: the pack never loads them.
// (policies/report.ts is the policies' own wording helper, not this room: the patterns name the top-level folder.)
// The finding model and its formatters are what `vsnet` prints: CLI-only, never loaded by the pack.
const noFindings = { group: ["../findings", "../findings/*", "./findings", "./findings/*"], message: "the pack must not load findings/ (the CLI's finding model and formatters)" };
const noReport = { group: ["../report", "../report/*", "../../report", "../../report/*", "../../../report", "../../../report/*", "@dagrejs/*", "mermaid", "puppeteer-core"], message: "the pack must not load report/ or its libraries (CLI-only, loaded lazily by cli/report.ts)" };

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**/*.js", ".stryker-tmp/**", "reports/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // sim/ is the data plane: plain data in, verdicts out. It must never learn about Pulumi.
    files: ["sim/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPulumi, nothingAbove] }],
    },
  },
  {
    // The forwarding rooms read the model and each other, never the analyses built on them.
    files: ["sim/forwarding/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPulumi, nothingAbove, { group: ["../*", "!../model", "!../model/*"], message: "sim/forwarding/ reads only sim/model/ and itself" }] }],
    },
  },
  {
    // The analyses (conversations, classes, needs, fixes, exposure, duplicates) ask the forwarding rooms; nothing below asks them.
    files: ["sim/analysis/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPulumi, nothingAbove, { group: ["../index", "../../*"], message: "sim/analysis/ reads sim/model/ and sim/forwarding/ only" }] }],
    },
  },
  {
    // The data model is the bottom of sim/: it imports nothing of the simulator outside itself.
    files: ["sim/model/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noPulumi, nothingAbove, { group: ["../*"], message: "sim/model/ imports only itself" }] }],
    },
  },
  {
    files: ["translate/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/policies", "**/policies/**", "**/cli", "**/cli/**"], message: "translate/ sits below policies/ and cli/" }, noReport, noFindings] }],
    },
  },
  {
    files: ["policies/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [noReport, noFindings] }],
    },
  },
  {
    files: ["index.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ ...noReport, group: ["./report", "./report/*", ...noReport.group] }, noFindings] }],
    },
  },
  {
    // findings/: the finding model and pure formatters; it reads the analysis, never the CLI or Pulumi.
    files: ["findings/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/cli", "**/cli/**"], message: "findings/ sits below cli/" }, { group: ["@pulumi/*"], message: "findings/ formats findings; it needs no Pulumi" }] }],
    },
  },
  {
    // report/ reads the analysis (policies/analysis, naming), translate/ and sim/; never the CLI.
    files: ["report/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["**/cli", "**/cli/**"], message: "report/ sits below cli/" }, { group: ["@pulumi/*"], message: "report/ formats an analysis; it needs no Pulumi" }] }],
    },
  },
  {
    // inventory/ reads inventories (files, stack exports, vCenter over SOAP); the pack and the CLI use it, never the reverse.
    files: ["inventory/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["@pulumi/*"], message: "inventory/ must not import Pulumi" }, { group: ["../policies/*", "../cli/*", "../policies", "../cli"], message: "inventory/ sits below policies/ and cli/" }] }],
    },
  },
);
