import type { Catalog } from './types';

export const policyFindings: Catalog = {};
