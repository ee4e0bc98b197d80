import { detectInput } from '../message/detect';
import { splitMessage } from '../message/headers';

/**
 * The header section of pasted text: what mxray keeps when the user does not ask to store the whole
 * message (bodies can be private). It is read the way the analysis reads the paste (detectInput):
 * a Gmail "Show original" page's summary table is skipped, an mbox "From " line too. A separate
 * heuristic used to start at the first trace header; for a paste whose Received line came after
 * From and Subject, that dropped them from the stored headers.
 */
export function headerSection(text: string): string {
  const { head } = splitMessage(detectInput(Buffer.from(text, 'utf8')).raw);
  return head.toString('utf8').replace(/\r\n?/g, '\n').replace(/\n$/, '');
}
