import type { Catalog } from './types';

export const smtpFindings: Catalog = {};
