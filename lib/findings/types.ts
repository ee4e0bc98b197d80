/** The words a user reads for a finding code, kept apart from the code that decides it. */
export interface FindingText {
  title: string;
  /** Why it matters, in plain words. */
  why: string;
  /** What to do; the exact record is in the check's `fix`. */
  fix?: string;
  /** RFC section or documentation URL. */
  ref?: string;
}

export type Catalog = Record<string, FindingText>;
