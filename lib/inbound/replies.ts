/**
 * Every refusal the listener gives, as an error carrying its SMTP reply code (smtp-server sends
 * `responseCode` and `message`). smtp-server's own enhanced status codes are off by default, so
 * each text starts with the RFC 3463 code that says precisely what happened.
 */
export interface SmtpReply extends Error {
  responseCode: number;
}

function reply(code: number, text: string): SmtpReply {
  return Object.assign(new Error(text), { responseCode: code });
}

export const replies = {
  relayDenied: (address: string, mailDomain: string) =>
    reply(550, `5.7.1 <${address}>: relaying denied; this server only accepts mail for its test addresses @${mailDomain}`),
  unknownAddress: (address: string) =>
    reply(550, `5.1.1 <${address}>: no such test address; create one in the mxray dashboard`),
  expiredAddress: (address: string) =>
    reply(550, `5.1.1 <${address}>: this test address has expired; create a new one in the mxray dashboard`),
  lookupFailed: () => reply(451, '4.3.0 Temporary problem looking up the test address; try again later'),
  tooBig: (maxBytes: number) =>
    reply(552, `5.3.4 Message too big: test messages may be at most ${maxBytes} bytes (${(maxBytes / 1048576).toFixed(1)} MiB)`),
  notStored: () => reply(451, '4.3.0 The message could not be stored; it was not accepted, try again later'),
  tooManyMessages: (max: number) =>
    reply(421, `4.7.0 At most ${max} messages per connection; reconnect to send more`),
  noTestAddress: () => reply(554, '5.5.1 No valid test address among the recipients'),
  tooManyConnections: (max: number) =>
    reply(421, `4.7.0 Too many connections from your address (at most ${max} at once); try again later`),
  tooManyMessagesPerMinute: (max: number, retryAfterSeconds: number) =>
    reply(451, `4.7.1 Too many messages from your address (at most ${max} a minute); try again in ${retryAfterSeconds} s`),
};

/** The 250 text once a message is committed. */
export function storedText(reportId: string): string {
  return `2.6.0 Stored as mxray report ${reportId}`;
}
