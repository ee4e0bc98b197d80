import type { Catalog } from './types';

const RFC6376 = 'https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1';
const RFC8301 = 'https://www.rfc-editor.org/rfc/rfc8301#section-3.2';

/** DKIM key-record findings (lib/checks/dkim). The exact record to publish is in the check's `fix`. */
export const dkimFindings: Catalog = {
  'dkim.key-ok': {
    title: 'DKIM key published',
    why: 'Receivers fetch this public key to verify the DKIM signatures on your mail; a valid key lets DKIM pass and DMARC align on your domain.',
    ref: RFC6376,
  },
  'dkim.cname': {
    title: 'Selector delegated by CNAME',
    why: 'Email services usually ask you to point the selector at their DNS with a CNAME so they can rotate the key. Receivers follow the chain; the key is whatever the target publishes.',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#section-3.6.2.1',
  },
  'dkim.cname-dangling': {
    title: 'Selector CNAME points at nothing',
    why: 'The selector is a CNAME to a name without a TXT record, so every signature made with this selector fails. The service has not finished setting up your domain, or the target is mistyped.',
    fix: 'Copy the CNAME target again from your email service\'s domain settings and ask it to verify the domain, or remove the CNAME if you no longer use that service.',
    ref: RFC6376,
  },
  'dkim.selector-missing': {
    title: 'No DKIM key at this selector',
    why: 'Mail signed with this selector cannot be verified: receivers find no key, so DKIM fails and DMARC can only pass through SPF.',
    fix: 'Publish the TXT record shown below at <selector>._domainkey.<domain> with the public key your signer uses (for OpenDKIM: the p= value in <selector>.txt).',
    ref: RFC6376,
  },
  'dkim.not-dkim': {
    title: 'The TXT record here is not a DKIM key',
    why: 'The selector name answers with TXT data that is not a DKIM key record (often a wildcard TXT or an SPF record published at the wrong name), so receivers have no key.',
    fix: 'Publish a DKIM key record (v=DKIM1; k=rsa; p=...) at this name, and remove TXT records that do not belong there.',
    ref: RFC6376,
  },
  'dkim.none-found': {
    title: 'No DKIM key found at the common selectors',
    why: 'mxray guessed the selectors common senders use and found no key. Your mail may still be signed with a selector mxray cannot guess (Amazon SES and Postmark use random or dated selectors); give your selector to check it.',
    fix: 'Look at the s= tag of the DKIM-Signature header of a message you sent, and check again with that selector. If there is no DKIM-Signature header, set up signing (for a Postfix relay: opendkim-genkey -s mail -d <domain> and publish mail._domainkey).',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#section-3.1',
  },
  'dkim.lookup-error': {
    title: 'Could not look up the DKIM key',
    why: 'The DNS lookup timed out or failed (SERVFAIL), so mxray could not test this selector. This is not a verdict about your key; receivers hitting the same failure treat the signature as a temporary error.',
    fix: 'Check again in a few minutes; if it persists, check that your domain\'s name servers answer for _domainkey names.',
  },
  'dkim.probe-incomplete': {
    title: 'Some selector lookups failed',
    why: 'A few of the probed selectors could not be looked up (timeout or SERVFAIL). Keys found at other selectors are reported normally.',
  },
  'dkim.invalid-selector': {
    title: 'Not a valid selector',
    why: 'A DKIM selector is one or more DNS labels (letters, digits, "-" and "_", separated by dots), as in the s= tag of a DKIM-Signature header.',
    fix: 'Enter just the selector, e.g. "google" or "s1", not the whole header.',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#section-3.1',
  },
  'dkim.selector-limit': {
    title: 'Selector list shortened',
    why: 'Each check looks up a bounded number of selectors to keep the work per request small.',
  },
  'dkim.multiple-records': {
    title: 'Several DKIM keys at one selector',
    why: 'A verifier picks one of the key records at a selector; if they differ, signatures verify against some receivers and fail at others.',
    fix: 'Keep one key record per selector; use a new selector name for a new key.',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#section-3.6.2.2',
  },
  'dkim.syntax': {
    title: 'DKIM key record is malformed',
    why: 'The record is not a valid tag=value list (a tag without "=", a bad tag name, or a tag given twice). RFC 6376 §3.2 makes a record with a duplicated tag invalid as a whole.',
    fix: 'Publish the record in the form shown below: tags separated by ";", each tag once.',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#section-3.2',
  },
  'dkim.bad-version': {
    title: 'Wrong or misplaced v= tag',
    why: 'If a key record has v=, it must be the first tag and exactly "DKIM1"; receivers discard records with any other version, so your signatures fail.',
    fix: 'Start the record with v=DKIM1; (or leave v= out).',
    ref: RFC6376,
  },
  'dkim.no-key': {
    title: 'DKIM record has no public key',
    why: 'The p= tag holds the public key and is required; without it there is nothing to verify signatures with.',
    fix: 'Add p= with the base64 public key your signer generated.',
    ref: RFC6376,
  },
  'dkim.revoked': {
    title: 'DKIM key revoked',
    why: 'An empty p= tells receivers the key was withdrawn, so signatures made with this selector fail. That is right for a retired selector and wrong for one still signing mail.',
    fix: 'If your mail is still signed with this selector, publish its current public key; otherwise nothing to do.',
    ref: RFC6376,
  },
  'dkim.key-not-base64': {
    title: 'Public key is not valid base64',
    why: 'The p= value contains characters outside base64 or is cut short. This usually comes from a DNS panel that mangled a long key, a missing piece when the key was split into strings, or quotes pasted into the value.',
    fix: 'Paste the p= value again from the key file, as one piece or as the split strings shown below.',
    ref: RFC6376,
  },
  'dkim.key-invalid': {
    title: 'Public key cannot be decoded',
    why: 'The p= value is base64 but does not decode to a public key of the declared type; it is probably truncated (a piece missing after splitting) or belongs to another key type.',
    fix: 'Publish the complete public key again from the key file.',
    ref: 'https://www.rfc-editor.org/rfc/rfc8463#section-4.2',
  },
  'dkim.unknown-key-type': {
    title: 'Unknown key type',
    why: 'Verifiers understand k=rsa (RFC 6376) and k=ed25519 (RFC 8463). Any other k= value makes the key unusable.',
    fix: 'Use k=rsa (or leave k= out) for an RSA key.',
    ref: RFC6376,
  },
  'dkim.unknown-hash': {
    title: 'No usable hash algorithm',
    why: 'The h= tag restricts which hash algorithms may be used with this key; it names none that verifiers know, so no signature can pass.',
    fix: 'Use h=sha256 or remove the h= tag.',
    ref: RFC6376,
  },
  'dkim.sha1-only': {
    title: 'Key restricted to SHA-1',
    why: 'h=sha1 allows only rsa-sha1 signatures, which RFC 8301 forbids signers to use and verifiers to accept. Receivers treat such signatures as failed.',
    fix: 'Sign with rsa-sha256 and publish the record with h=sha256 (or without h=).',
    ref: 'https://www.rfc-editor.org/rfc/rfc8301#section-3.1',
  },
  'dkim.service-not-email': {
    title: 'Key not allowed for email',
    why: 'The s= tag limits the services a key may be used for; without "email" or "*" the key may not verify mail.',
    fix: 'Remove the s= tag or set s=email.',
    ref: RFC6376,
  },
  'dkim.testing': {
    title: 'DKIM key in testing mode (t=y)',
    why: 'With t=y you tell receivers the domain is testing DKIM; they may treat signed mail as if it were unsigned, so you get less of DKIM\'s benefit.',
    fix: 'When signing works, publish the record without t=y (shown below).',
    ref: RFC6376,
  },
  'dkim.granularity': {
    title: 'Restrictive g= tag',
    why: 'g= (from RFC 4871) limits which sender local parts a key may sign for. RFC 6376 removed it, but verifiers that still honour it fail signatures that do not match.',
    fix: 'Remove the g= tag.',
    ref: 'https://www.rfc-editor.org/rfc/rfc6376#appendix-C',
  },
  'dkim.rsa-too-short': {
    title: 'RSA key too short',
    why: 'Keys shorter than 1024 bits can be factored; RFC 8301 requires verifiers to reject them, so your signatures fail everywhere.',
    fix: 'Generate a 2048-bit key (opendkim-genkey -b 2048 -s <new selector> -d <domain>), publish it under a new selector, switch signing to it, then revoke the old one.',
    ref: RFC8301,
  },
  'dkim.rsa-short': {
    title: 'RSA key shorter than 2048 bits',
    why: '1024-bit keys still verify, but RFC 8301 says signers SHOULD use at least 2048 bits, and some receivers score short keys lower.',
    fix: 'Generate a 2048-bit key under a new selector, switch signing to it, then revoke the old one. Long keys need the TXT value split into strings of at most 255 bytes.',
    ref: RFC8301,
  },
  'dkim.rsa-too-long': {
    title: 'RSA key longer than 4096 bits',
    why: 'Verifiers are only required to handle keys up to 4096 bits; some will not verify larger ones.',
    fix: 'Use a 2048-bit key.',
    ref: RFC8301,
  },
  'dkim.ed25519-only': {
    title: 'Only Ed25519 keys',
    why: 'Ed25519 (RFC 8463) is sound, but not every receiver verifies it yet. Signing each message with an RSA key as well keeps DKIM passing there.',
    fix: 'Add an RSA-2048 key under a second selector and sign with both.',
    ref: 'https://www.rfc-editor.org/rfc/rfc8463',
  },
};
