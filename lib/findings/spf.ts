import type { Catalog } from './types';

const RFC = 'https://www.rfc-editor.org/rfc/rfc7208';

export const spfFindings: Catalog = {
  'spf.ok': {
    title: 'SPF record published',
    why: 'Receivers find exactly one valid SPF record for the domain.',
    ref: `${RFC}#section-4.5`,
  },
  'spf.missing': {
    title: 'No SPF record',
    why: 'Without a "v=spf1" TXT record receivers cannot tell which servers may send for this domain; SPF gives "none", DMARC cannot align on SPF, and large mailbox providers reject or junk unauthenticated mail.',
    fix: 'Publish the TXT record shown below at the domain itself (not at a subdomain), listing every server or service that sends mail as this domain.',
    ref: `${RFC}#section-4.4`,
  },
  'spf.multiple-records': {
    title: 'More than one SPF record',
    why: 'A domain must publish exactly one TXT record starting with "v=spf1". With two or more, every receiver returns permerror and SPF fails for all of your mail.',
    fix: 'Merge the records into one (all mechanisms of both, a single "all" at the end) and delete the others.',
    ref: `${RFC}#section-4.5`,
  },
  'spf.syntax': {
    title: 'Syntax error in the SPF record',
    why: 'A syntax error anywhere in a record makes receivers return permerror without looking at the rest, so SPF fails for all mail that reaches this record.',
    fix: 'Correct the term named in the detail; terms are separated by single spaces, mechanisms are written like "include:example.com" and modifiers like "redirect=example.com".',
    ref: `${RFC}#section-4.6`,
  },
  'spf.too-many-lookups': {
    title: 'Too many DNS lookups',
    why: 'Receivers stop after 10 mechanisms that query DNS (include, a, mx, ptr, exists and redirect, counted across all includes) and return permerror, so SPF fails for senders listed after that point.',
    fix: 'Remove includes for services you no longer use, replace "a" and "mx" with ip4:/ip6: ranges where the addresses are stable, and avoid nested includes; flatten only what you control, because providers change their ranges.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.lookups-near-limit': {
    title: 'Close to the 10-lookup limit',
    why: 'The record needs 9 or 10 of the 10 DNS lookups receivers allow. One more include, or a provider adding a nested include, tips it into permerror.',
    fix: 'Trim includes you no longer need and prefer ip4:/ip6: for your own servers.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.too-many-void-lookups': {
    title: 'Too many lookups that find nothing',
    why: 'Receivers allow at most two mechanisms whose DNS lookup finds no record (NXDOMAIN or an empty answer); the third makes SPF permerror.',
    fix: 'Remove a:, mx:, exists: and include: terms that point at names that no longer exist.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.void-lookup': {
    title: 'A mechanism points at a name with no records',
    why: 'The lookup for this term finds nothing: it authorises no one, and receivers count it against a limit of two such void lookups.',
    fix: 'Remove the term or correct the name it points at.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.plus-all': {
    title: 'The record ends in "+all"',
    why: '"+all" authorises every server on the internet to send as your domain: SPF then passes for forgers too and protects nothing.',
    fix: 'Replace "+all" with "~all" (or "-all" once every legitimate sender is listed).',
    ref: `${RFC}#section-5.1`,
  },
  'spf.neutral-all': {
    title: 'The record ends in "?all"',
    why: '"?all" says nothing about servers not listed, so forged mail gets SPF neutral instead of a failure.',
    fix: 'Use "~all" while you are checking your senders, then "-all".',
    ref: `${RFC}#section-8.2`,
  },
  'spf.softfail-all': {
    title: 'The record ends in "~all"',
    why: 'Unlisted servers get softfail: most receivers accept the mail but mark it suspicious. With DMARC enforcing, this is a common and safe choice.',
    fix: 'Switch to "-all" once you are sure every legitimate sender is listed.',
    ref: `${RFC}#section-8.3`,
  },
  'spf.fail-all': {
    title: 'The record ends in "-all"',
    why: 'Servers not listed get a hard fail: the strictest policy.',
    ref: `${RFC}#section-8.4`,
  },
  'spf.no-all': {
    title: 'The record has no "all" and no redirect',
    why: 'Without a final "all" (or redirect=), mail from unlisted servers gets SPF neutral, which gives receivers no signal about forgeries.',
    fix: 'End the record with "~all" or "-all".',
    ref: `${RFC}#section-4.7`,
  },
  'spf.ptr-deprecated': {
    title: 'The record uses "ptr"',
    why: 'RFC 7208 says "ptr" SHOULD NOT be used: it is slow, costs extra DNS lookups, depends on reverse DNS you may not control, and some large receivers ignore it, so mail it was meant to authorise fails.',
    fix: 'Replace "ptr" with the ip4:/ip6: ranges or a: names of your sending servers.',
    ref: `${RFC}#section-5.5`,
  },
  'spf.include-loop': {
    title: 'Include or redirect loop',
    why: 'An include or redirect leads back to a record already being evaluated, so evaluation can never finish: receivers return permerror.',
    fix: 'Remove the include or redirect that points back up the chain.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.include-missing': {
    title: 'An include or redirect points at a domain without SPF',
    why: 'An include: or redirect= target that has no SPF record makes the whole evaluation permerror.',
    fix: 'Correct the domain name (check the provider\'s documentation for the exact include) or remove the term.',
    ref: `${RFC}#section-5.2`,
  },
  'spf.too-many-mx': {
    title: 'An mx mechanism covers more than 10 MX records',
    why: 'Receivers look at no more than 10 MX records for one "mx" mechanism; with more, SPF gives permerror.',
    fix: 'List the sending servers with ip4:/ip6: instead of "mx".',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.macro-target': {
    title: 'Some targets depend on macros',
    why: 'A term uses macros such as %{i} or %{s}, so what it points at depends on each message. Give a server IP (and sender) to see it resolved.',
    ref: `${RFC}#section-7`,
  },
  'spf.tree-truncated': {
    title: 'The include tree is too large to show completely',
    why: 'mxray stopped expanding includes after a bound; a tree this size exceeds the 10-lookup limit anyway.',
    ref: `${RFC}#section-4.6.4`,
  },
  'spf.ip-authorised': {
    title: 'The server IP is authorised',
    why: 'SPF evaluation for this IP gives pass: receivers see this server as allowed to send for the domain.',
    ref: `${RFC}#section-2.6.3`,
  },
  'spf.ip-not-authorised': {
    title: 'The server IP is not authorised',
    why: 'SPF evaluation for this IP does not give pass, so mail from this server fails SPF (and DMARC, unless DKIM aligns).',
    fix: 'Add the IP to the record before the "all" term, as shown below, or add a:<host> naming the server if its address changes.',
    ref: `${RFC}#section-5`,
  },
  'spf.permerror': {
    title: 'SPF evaluation gives permerror',
    why: 'The published records cannot be evaluated (syntax, limits, or a broken include). Receivers treat permerror like a failure for DMARC, for every message.',
    fix: 'Fix the cause named in the other findings.',
    ref: `${RFC}#section-2.6.7`,
  },
  'spf.dns-error': {
    title: 'SPF could not be tested (DNS error)',
    why: 'A DNS lookup timed out or failed, so mxray could not finish the SPF evaluation; receivers seeing the same return temperror and may defer your mail. This is not an SPF failure.',
    fix: 'Check that the authoritative servers for the named domain answer (dig +trace), then re-check.',
    ref: `${RFC}#section-2.6.6`,
  },
  'spf.long-string': {
    title: 'Record longer than one TXT string',
    why: 'One TXT character-string holds at most 255 bytes. A longer record must be published as several strings in one TXT record; receivers join them with nothing in between.',
    fix: 'Publish the record as the quoted strings shown (most DNS panels do this for you when you paste a long value; zone files need the quotes).',
    ref: `${RFC}#section-3.3`,
  },
  'spf.split-strings': {
    title: 'The record is published as several strings',
    why: 'Receivers join the strings with nothing in between, so a space missing at a split point glues two terms together.',
    ref: `${RFC}#section-3.3`,
  },
};
