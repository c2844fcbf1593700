import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          benchmark: { include: ["test/bench/**/*.bench.ts"] },
          environment: "node",
        },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              // Outgoing mail goes to a local sink that records it and can inject transport faults.
              email: { send_email: [] },
              serviceBindings: {
                EMAIL: { name: "mail-sink", entrypoint: "MailSink" },
                MAIL_SINK: { name: "mail-sink", entrypoint: "MailSink" },
              },
              workers: [
                {
                  name: "mail-sink",
                  modules: true,
                  scriptPath: "./test/integration/mail-sink.mjs",
                  compatibilityDate: "2026-10-23",
                },
              ],
              bindings: {
                ENVIRONMENT: "test",
                EFFECT_RETRY_BASE_SECONDS: "0",
                PARLEY_API_TOKEN: "test-token-0123456789abcdef",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
              },
            },
          })),
        ],
        test: {
          name: "workerd",
          include: ["test/integration/**/*.test.ts"],
          setupFiles: ["test/integration/apply-migrations.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
