import { version as packageVersion } from '../../package.json';

/** The running release, as package.json says; bundlers inline the one field, not the whole file. */
export const version: string = packageVersion;
