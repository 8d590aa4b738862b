// Module resolution for rule files (s2check check --rules FILE, s2check
// diff A FILE), registered by model/rule-file.ts before the first one
// loads: 's2check' names model/api.ts, 's2check/<path>' a file of this
// tree, and a bare import that the file's own location cannot resolve
// ('ts-pattern') is resolved from here. When the command line runs a
// build (dist/<build>/, scripts/build.mjs), a source file of the tree
// that a rule file imports ('s2check', '../model/api.ts') is its built
// file, so that the rule file shares the modules the command line runs.

const root = new URL('../', import.meta.url).href;
/** The build's directory URL (initialize's data), or undefined when the sources run. */
let build;

export function initialize(data) {
  build = data?.build;
}

/** A source file of the tree as the running code has it. */
function running(url) {
  if (!build || !url.startsWith(root)) return url;
  const rel = url.slice(root.length);
  return /^(src|model|properties)\/[^?#]*\.ts$/.test(rel) ? build + rel.replace(/\.ts$/, '.js') : url;
}

function built(r) {
  const url = running(r.url);
  return url === r.url ? r : { url, format: 'module', shortCircuit: true };
}

export async function resolve(specifier, context, next) {
  if (specifier === 's2check') return built(await next(new URL('model/api.ts', root).href, context));
  if (specifier.startsWith('s2check/')) return built(await next(new URL(specifier.slice('s2check/'.length), root).href, context));
  let r;
  try {
    r = await next(specifier, context);
  } catch (e) {
    const bare = !/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
    if (!bare || e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    return next(specifier, { ...context, parentURL: new URL('package.json', root).href });
  }
  if (r.url !== running(r.url)) return built(r);
  // A .ts rule file outside a "type": "module" package is still a module
  // (it has import and export default), not CommonJS.
  if (r.format === 'commonjs' && r.url.startsWith('file:') && r.url.endsWith('.ts') && !r.url.includes('/node_modules/')) {
    return { ...r, format: 'module' };
  }
  return r;
}
