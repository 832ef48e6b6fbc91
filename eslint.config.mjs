// Lint: typescript-eslint's recommended rules, plus the layering rule that keeps the simulator free of Pulumi.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "examples/**/*.js"] },
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
      "no-restricted-imports": ["error", { patterns: [{ group: ["@pulumi/*"], message: "sim/ must not import Pulumi" }, { group: ["../translate/*", "../policies/*", "../cli/*"], message: "sim/ depends on nothing above it" }] }],
    },
  },
  {
    files: ["translate/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ group: ["../policies/*", "../cli/*"], message: "translate/ sits below policies/ and cli/" }] }],
    },
  },
);
