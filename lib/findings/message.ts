import type { Catalog } from './types';

export const messageFindings: Catalog = {};
