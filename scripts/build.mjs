// The build the command line runs: the TypeScript of src/, model/ and
// properties/ compiled file by file to JavaScript under dist/ (git-ignored),
// so that no transpiler loads at run time. `npm ci` builds it (the
// `prepare` script runs `node scripts/build.mjs`); bin/s2check.mjs asks
// freshBuild() for it on every start.
//
// A stale build is never used. dist/build.json records, for every source
// file, its size, times and inode (the fast path, as git's index does) and
// its SHA-256 (the truth when the fast path disagrees); freshBuild()
// compares them with the sources and, when a file was added, removed or
// changed, builds again before anything runs, or refuses in one line when
// the builder (esbuild, a devDependency) is not installed.
//
// Each build lives in its own directory, dist/<key>/ (key: a digest of the
// sources and the builder), and build.json names the current one: a
// rebuild never rewrites files that a running process may still load (its
// worker thread, the rule-file API), two processes that find the build
// stale at once build under a lock, and the previous build is kept.
//
// Plain JavaScript with no dependency on the fast path: the launcher
// imports it before anything is built.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The tree's root (this file is scripts/build.mjs). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = path.join(ROOT, 'dist');
const MANIFEST = path.join(DIST, 'build.json');
/** What is compiled: every .ts file of these folders, keeping its path. */
const COMPILED = ['src', 'model', 'properties'];
/** What else the output depends on. */
const INPUTS = ['scripts/build.mjs', 'tsconfig.json'];
const SCHEMA = 's2check-build 1';

/** Every input file, relative to the root, sorted: the .ts files compiled and the build's own inputs. */
export function sources(root = ROOT) {
  const out = [];
  for (const dir of COMPILED) {
    for (const f of readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (f.isFile() && f.name.endsWith('.ts')) out.push(path.relative(root, path.join(f.parentPath ?? f.path, f.name)));
    }
  }
  out.push(...INPUTS);
  return out.sort();
}

/** The builder as installed ('esbuild 0.28.2'), or undefined without it (a build is then used as it is, if fresh). */
function installedBuilder() {
  try {
    return `esbuild ${JSON.parse(readFileSync(path.join(ROOT, 'node_modules/esbuild/package.json'), 'utf8')).version}`;
  } catch {
    return undefined;
  }
}

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const quick = (st) => [st.size, st.mtimeMs, st.ctimeMs, st.ino];

function readManifest() {
  try {
    const m = JSON.parse(readFileSync(MANIFEST, 'utf8'));
    return m?.schema === SCHEMA ? m : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the recorded build does not match the sources (the first difference,
 * a few words), or undefined when it does.
 */
export function staleness(manifest = readManifest()) {
  if (!manifest) return 'no build';
  if (!existsSync(path.join(DIST, manifest.key, 'src/cli/main.js'))) return `dist/${manifest.key} is missing`;
  const builder = installedBuilder();
  if (builder && builder !== manifest.builder) return `built by ${manifest.builder}, ${builder} installed`;
  const files = sources();
  const recorded = manifest.files;
  if (files.length !== Object.keys(recorded).length) {
    const added = files.find((f) => !(f in recorded));
    return added ? `${added} is new` : `${Object.keys(recorded).find((f) => !files.includes(f))} was removed`;
  }
  for (const f of files) {
    const r = recorded[f];
    if (!r) return `${f} is new`;
    const abs = path.join(ROOT, f);
    const q = quick(statSync(abs));
    if (q.every((x, i) => x === r.stat[i])) continue;
    if (sha256(abs) !== r.sha256) return `${f} changed`;
  }
  return undefined;
}

/**
 * The directory (a file: URL ending in '/') of a build made from the
 * sources as they are now, building it first if needed.
 */
export async function freshBuild() {
  const manifest = readManifest();
  if (!staleness(manifest)) return dirURL(manifest.key);
  return dirURL(await rebuild());
}

const dirURL = (key) => pathToFileURL(path.join(DIST, key) + '/').href;

/** Build under the lock unless another process did it meanwhile; the key of the fresh build. */
async function rebuild() {
  mkdirSync(DIST, { recursive: true });
  const lock = path.join(DIST, '.lock');
  const t0 = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      // A lock older than a minute was left by a process that died.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {}
      if (Date.now() - t0 > 120_000) throw new Error(`${path.relative(process.cwd(), lock)} is held by another build`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    const manifest = readManifest();
    if (!staleness(manifest)) return manifest.key;
    return await build();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Build now (the caller holds the lock or is the only process): returns the key. */
export async function build() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    const why = staleness() ?? 'no build';
    throw Object.assign(new Error(`the build in dist/ is stale (${why}) and esbuild is not installed to rebuild it: run npm ci`), { code: 'S2CHECK_STALE' });
  }
  const files = sources();
  const record = {};
  const digest = createHash('sha256').update(`${SCHEMA}\nesbuild ${esbuild.version}\n`);
  for (const f of files) {
    const abs = path.join(ROOT, f);
    const st = statSync(abs);
    const sha = sha256(abs);
    record[f] = { sha256: sha, stat: quick(st) };
    digest.update(`${f} ${sha}\n`);
  }
  const key = digest.digest('hex').slice(0, 16);
  const out = path.join(DIST, key);
  if (!existsSync(path.join(out, 'src/cli/main.js'))) {
    const tmp = path.join(DIST, `.tmp-${process.pid}-${key}`);
    rmSync(tmp, { recursive: true, force: true });
    await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: files.filter((f) => f.endsWith('.ts')),
      outdir: tmp,
      outbase: '.',
      // "Bundle" only to rewrite imports: every import stays an import of
      // its own output file ('./x.ts' -> './x.js'), packages stay packages.
      bundle: true,
      packages: 'external',
      format: 'esm',
      platform: 'node',
      target: 'node20',
      tsconfig: path.join(ROOT, 'tsconfig.json'),
      logLevel: 'error',
      plugins: [
        {
          name: 'file-by-file',
          setup(b) {
            b.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (a) => (a.kind === 'entry-point' ? undefined : { path: a.path.replace(/\.ts$/, '.js'), external: true }));
          },
        },
      ],
    });
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
  }
  const previous = readManifest()?.key;
  const manifest = { schema: SCHEMA, key, builder: `esbuild ${esbuild.version}`, files: record };
  writeFileSync(`${MANIFEST}.tmp-${process.pid}`, `${JSON.stringify(manifest, null, 1)}\n`);
  renameSync(`${MANIFEST}.tmp-${process.pid}`, MANIFEST);
  // Keep this build and the one before (a running process may still read it).
  for (const d of readdirSync(DIST)) {
    if (d !== key && d !== previous && d !== 'build.json' && d !== '.lock' && !d.startsWith('.tmp-') && !d.startsWith('build.json.tmp-')) {
      rmSync(path.join(DIST, d), { recursive: true, force: true });
    }
  }
  return key;
}

// node scripts/build.mjs: build if stale (npm ci runs this as `prepare`).
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t = performance.now();
  const why = staleness();
  if (why) {
    const key = await rebuild();
    process.stderr.write(`s2check: built dist/${key} (${why}) in ${Math.round(performance.now() - t)} ms\n`);
  } else {
    process.stderr.write('s2check: dist/ is up to date\n');
  }
}
