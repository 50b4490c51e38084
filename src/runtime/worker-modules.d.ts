// Modules wrangler's bundler makes of non-JavaScript files (wrangler.toml `rules`): a .wasm is a
// compiled WebAssembly.Module (Workers cannot compile from bytes at run time), a .ttf its bytes.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
declare module "*.ttf" {
  const bytes: ArrayBuffer;
  export default bytes;
}
