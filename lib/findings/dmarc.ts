import type { Catalog } from './types';

export const dmarcFindings: Catalog = {};
