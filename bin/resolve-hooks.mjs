// Module resolution for rule files (s2check check --rules FILE, s2check
// diff A FILE) that live outside this tree: 's2check' names model/api.ts,
// 's2check/<path>' a file of this tree, and a bare import that the file's
// own location cannot resolve ('ts-pattern') is resolved from here.

const root = new URL('../', import.meta.url);

export async function resolve(specifier, context, next) {
  if (specifier === 's2check') return next(new URL('model/api.ts', root).href, context);
  if (specifier.startsWith('s2check/')) return next(new URL(specifier.slice('s2check/'.length), root).href, context);
  let r;
  try {
    r = await next(specifier, context);
  } catch (e) {
    const bare = !/^(\.|\/|[a-zA-Z][a-zA-Z0-9+.-]*:)/.test(specifier);
    if (!bare || e?.code !== 'ERR_MODULE_NOT_FOUND') throw e;
    return next(specifier, { ...context, parentURL: new URL('package.json', root).href });
  }
  // A .ts rule file outside a "type": "module" package is still a module
  // (it has import and export default), not CommonJS.
  if (r.format === 'commonjs' && r.url.startsWith('file:') && r.url.endsWith('.ts') && !r.url.includes('/node_modules/')) {
    return { ...r, format: 'module' };
  }
  return r;
}
