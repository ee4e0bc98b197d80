import type { Catalog } from './types';

export const dnsblFindings: Catalog = {};
