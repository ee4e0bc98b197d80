import type { Catalog } from './types';

export const mxFindings: Catalog = {};
