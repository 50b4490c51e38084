// Modules wrangler's bundler makes of non-JavaScript files (wrangler.toml `rules`): a .wasm is a
// compiled WebAssembly.Module (Workers cannot compile from bytes at run time).
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
// The Worker's bindings as a module (read where no request's env is at hand: the chart's fonts).
declare module "cloudflare:workers" {
  export const env: Record<string, unknown>;
}
