import type { Catalog } from './types';

export const dkimFindings: Catalog = {};
