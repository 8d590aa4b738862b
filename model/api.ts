// What a rule file (a proposed rule version, README "Proposing a rule
// change") imports: the helper that types it, the vocabulary of the
// shipped encodings and the shipped versions to start from. A rule file
// inside this tree imports it by relative path; one elsewhere may import
// it as 's2check' (bin/resolve-hooks.mjs).

export { defineVersion } from './version.ts';
export type { Expectation, Expectations, RuleVersion, Verdict, VersionDefinition, VersionMeta } from './version.ts';
export type { MemType, State } from './state.ts';
export type { Attr, FaultDecision, FaultError, MemslotDecision, PageTableLayer, Request } from './outcomes.ts';
export type { Branch, FaultOut, Kit, MemslotOut, SymState, Z3Rules, Z3Version } from './symbolic.ts';
export { accept, CACHEABLE_TYPE, grant, NORMAL_TYPE, PRELUDE, refuse, reject, V1_DEVICE_TYPE } from './versions/kit.ts';
export { findVersion, VERSIONS } from './versions/index.ts';
