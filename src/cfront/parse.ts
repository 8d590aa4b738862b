// Parsing C with tree-sitter (WebAssembly: no native build), and the index
// of a file's function definitions.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node, Tree } from 'web-tree-sitter';
import { Language, Parser } from 'web-tree-sitter';
import { CFrontError } from './errors.ts';
import type { PreprocessOptions } from './preprocess.ts';
import { preprocess } from './preprocess.ts';

export type { Node } from 'web-tree-sitter';

let parser: Promise<Parser> | undefined;

/** The tree-sitter C parser, loaded once. */
export function cParser(): Promise<Parser> {
  parser ??= (async () => {
    const require = createRequire(import.meta.url);
    await Parser.init();
    const C = await Language.load(readFileSync(require.resolve('tree-sitter-c/tree-sitter-c.wasm')));
    const p = new Parser();
    p.setLanguage(C);
    return p;
  })();
  return parser;
}

export interface FunctionDef {
  readonly name: string;
  readonly node: Node;
  readonly isStatic: boolean;
  /** The return type as written (e.g. 'bool', 'int', 'enum kvm_pgtable_prot'). */
  readonly returnType: string;
  readonly params: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly body: Node;
  readonly line: number;
}

export interface CFile {
  readonly file: string;
  readonly source: string;
  readonly tree: Tree;
  readonly functions: ReadonlyMap<string, FunctionDef>;
  /** struct name -> field name -> type text (struct definitions of the file). */
  readonly structs: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** Largest source the front end reads (a kernel mmu.c is about 100 kB). */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

export async function parseC(file: string, raw: string, options: PreprocessOptions): Promise<CFile> {
  if (raw.length > MAX_SOURCE_BYTES) throw new CFrontError(file, 0, `${(raw.length / 1048576).toFixed(1)} MB is more than the ${MAX_SOURCE_BYTES / 1048576} MB a source file may have`);
  if (raw.trim() === '') throw new CFrontError(file, 0, 'empty file');
  if (raw.includes('\u0000')) throw new CFrontError(file, 0, 'not a C source file (binary data)');
  const source = preprocess(raw, options);
  const p = await cParser();
  const tree = p.parse(source);
  if (!tree) throw new CFrontError(file, 0, 'the C parser gave no tree');
  const functions = new Map<string, FunctionDef>();
  const structs = new Map<string, Map<string, string>>();
  for (const top of tree.rootNode.namedChildren) {
    if (!top) continue;
    if (top.type === 'function_definition') {
      const f = functionDef(top);
      if (f && !functions.has(f.name)) functions.set(f.name, f);
    }
    collectStructs(top, structs);
  }
  if (functions.size === 0) throw new CFrontError(file, 1, 'not a C source file: no function definition found');
  return { file, source, tree, functions, structs };
}

function collectStructs(n: Node, out: Map<string, Map<string, string>>): void {
  const spec = n.type === 'struct_specifier' ? n : n.type === 'declaration' ? n.childForFieldName('type') : null;
  if (!spec || spec.type !== 'struct_specifier') return;
  const name = spec.childForFieldName('name')?.text;
  const body = spec.childForFieldName('body');
  if (!name || !body) return;
  const fields = new Map<string, string>();
  for (const d of body.namedChildren) {
    if (!d || d.type !== 'field_declaration') continue;
    const type = d.childForFieldName('type')?.text ?? '';
    for (const decl of d.childrenForFieldName('declarator')) {
      if (!decl) continue;
      const id = innermostName(decl);
      if (id) fields.set(id, decl.type === 'pointer_declarator' ? `${type} *` : type);
    }
  }
  out.set(name, fields);
}

/** The identifier a declarator declares. */
export function innermostName(d: Node): string | undefined {
  let x: Node | null = d;
  while (x) {
    if (x.type === 'identifier' || x.type === 'field_identifier') return x.text;
    x = x.childForFieldName('declarator') ?? x.namedChildren.find((c) => c?.type === 'identifier') ?? null;
  }
  return undefined;
}

function functionDef(n: Node): FunctionDef | undefined {
  let decl = n.childForFieldName('declarator');
  let pointer = false;
  while (decl && decl.type !== 'function_declarator') {
    if (decl.type === 'pointer_declarator') pointer = true;
    decl = decl.childForFieldName('declarator');
  }
  const body = n.childForFieldName('body');
  if (!decl || !body) return undefined;
  const name = decl.childForFieldName('declarator')?.text;
  if (!name || !/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const params: Array<{ name: string; type: string }> = [];
  for (const p of decl.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!p || p.type !== 'parameter_declaration') continue;
    const d = p.childForFieldName('declarator');
    const pname = d ? innermostName(d) : undefined;
    if (pname) params.push({ name: pname, type: `${p.childForFieldName('type')?.text ?? ''}${d?.type === 'pointer_declarator' ? ' *' : ''}` });
  }
  const isStatic = n.namedChildren.some((c) => c?.type === 'storage_class_specifier' && c.text === 'static');
  const returnType = `${n.childForFieldName('type')?.text ?? 'int'}${pointer ? ' *' : ''}`;
  return { name, node: n, isStatic, returnType, params, body, line: n.startPosition.row + 1 };
}

/** The first syntax error inside a node, as [line, text]. */
export function firstError(n: Node): Node | undefined {
  if (!n.hasError) return undefined;
  if (n.type === 'ERROR' || n.isMissing) return n;
  for (const c of n.children) {
    const e = c && firstError(c);
    if (e) return e;
  }
  return n;
}
