import type { Catalog } from './types';

export const fcrdnsFindings: Catalog = {};
