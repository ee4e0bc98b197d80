import type { Catalog } from './types';

export const spfFindings: Catalog = {};
