import type { Expectations } from '../../version.ts';

export const expected: Expectations = {};
