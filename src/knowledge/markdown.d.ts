/**
 * Markdown files are imported as their text: wrangler's `Text` module rule (wrangler.toml) in the
 * Worker and in the workerd tests, a small Vite plugin (vitest.config.ts) in the Node tests.
 */
declare module "*.md" {
  const text: string;
  export default text;
}
