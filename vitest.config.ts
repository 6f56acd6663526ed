import { defineConfig } from "vitest/config";

// One `vitest run` at the root runs every workspace's tests; each workspace is a project so
// `vitest run --project contract` narrows it. Unit tests sit beside the code; cross-package
// end-to-end and fault tests live under test/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "contract", root: "packages/contract", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "profiles",
          root: "packages/profiles",
          include: ["src/**/*.test.ts", "../../device-profiles/**/*.test.ts"],
        },
      },
    ],
  },
});
