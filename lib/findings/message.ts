import type { Catalog } from './types';

/** Message analysis (pasted headers, .eml files, mail received by the test address). */
export const messageFindings: Catalog = {
  // ── input ──
  'message.input-empty': { title: 'Nothing to analyse', why: 'The paste or file was empty.', fix: 'Paste the full message source (in Gmail: ⋮ → Show original; in Outlook: File → Properties → Internet headers).' },
  'message.input-too-large': { title: 'Message too large', why: 'mxray reads messages up to 25 MB, more than any mailbox provider accepts.', fix: 'Paste only the headers; DKIM header signatures can still be checked.' },
  'message.input-binary': { title: 'This is not a mail message', why: 'The input is mostly binary bytes, not the text of an email (RFC 5322).', fix: 'Save the message as .eml (or copy its source) and paste that text.' },
  'message.input-no-headers': { title: 'No mail headers found', why: 'Nothing in the input looks like a header line ("Name: value"), so there is nothing to analyse.', fix: 'Copy the message source including the headers at the top (From, To, Received, Authentication-Results…).' },
  'message.input-not-a-message': { title: 'This is not an email message', why: 'The text has "Name: value" lines, but none of them is a mail header such as From, Subject, Date or Received.', fix: 'Paste the message source (in Gmail: ⋮ → Show original → Copy to clipboard).' },
  'message.format': { title: 'Input format recognised', why: 'mxray reads raw messages, headers-only pastes and Gmail\'s "Show original" page.' },
  'message.headers-truncated': { title: 'Header section cut to the limits', why: 'The header section was larger than mxray reads (1 MB or 2,000 fields); no real mail server delivers headers that large (Postfix stops at 100 kB).', fix: 'Check that the paste is one message and not several.' },
  'message.no-body': {
    title: 'No body in the paste: DKIM body hashes not checked',
    why: 'Without the body mxray can verify the DKIM header signatures, but not whether the body still matches the signed body hash (bh=).',
    fix: 'Paste the complete message (Gmail: Show original → Copy to clipboard) to check the body hash too.',
  },
  // ── receiver ──
  'message.receiver-none': { title: 'No Authentication-Results from the receiver', why: 'The receiving server did not write an Authentication-Results header (or the paste does not include it), so there is nothing to compare mxray\'s own results with.' },
  'message.receiver-topmost': {
    title: "Receiver's results taken from the topmost Authentication-Results",
    why: "No Authentication-Results header names the receiving organisation (Outlook writes none), so mxray used the topmost one: receivers prepend their headers, so it is the most recent.",
  },
  'message.receiver-upstream-ar': {
    title: 'Authentication-Results from upstream ignored',
    why: 'These headers were added before the message reached its final receiver, possibly by the sender itself. A sender can write "dkim=pass" into its own headers; only the receiver\'s own header counts (RFC 8601 §5).',
    ref: 'RFC 8601 §5',
  },
  'message.receiver-disagrees': {
    title: 'The receiver and mxray disagree',
    why: 'The receiver judged the message at delivery time; mxray judges it now. DNS records may have changed since (a rotated DKIM key, an edited SPF record), the message may have been altered after delivery, or the receiver evaluated a different envelope.',
    fix: 'If mxray fails where the receiver passed, check whether DNS changed since the message was sent.',
  },
  'message.reverify-dkim-differs': {
    title: "mxray's re-verification of DKIM differs from the receiver's",
    why: 'The receiver verified the original bytes when the message arrived; mxray verifies a copy, later. A copy from a web page often gains trailing spaces or loses CRLF line endings, a list or scanner may have changed the body after delivery, and keys get rotated: none of that changes what the receiver decided.',
    fix: 'Nothing to fix for this message. To check your signing itself, send a message to a test address (mxray then sees the original bytes).',
  },
  'message.reverify-spf-differs': {
    title: "mxray's SPF result today differs from the receiver's",
    why: 'The receiver evaluated SPF with the DNS of the day the message arrived; mxray uses today\'s DNS, so an SPF record changed since gives a different result.',
    fix: 'Run a domain check to see whether today\'s SPF record still lists your sending IPs.',
  },
  'message.reverify-dmarc-differs': {
    title: "mxray's DMARC result differs from the receiver's",
    why: 'DMARC follows from SPF and DKIM; when mxray\'s re-verification of the copy gives a different SPF or DKIM result, DMARC follows it. The receiver\'s verdict is the one that counted.',
  },
  'message.arc-receiver-seal': {
    title: 'ARC seal added by the receiver itself',
    why: 'The receiver (e.g. Gmail) adds its own ARC set after authenticating the message, for later hops. Whether that seal verifies on a copy says nothing about how the sender sent the message.',
  },
  'message.receipt-rdns': {
    title: 'The sending IP has no forward-confirmed reverse DNS',
    why: 'mxray looked up the PTR name of the IP that connected to it and that name\'s address. Gmail rejects mail from IPs without a PTR record, and one that does not resolve back to the IP (FCrDNS) looks like a dial-up or hijacked host.',
    fix: 'In your hosting panel set the IP\'s PTR to your mail host name (mail.<your domain>) and publish that name\'s A/AAAA record with the same IP.',
    ref: 'RFC 8601 §2.7.3 (iprev)',
  },
  'message.receipt-dnsbl': {
    title: 'The sending IP is on a DNS blocklist',
    why: 'Receivers that use these lists refuse or junk mail from this IP.',
    fix: 'Find out why (a compromised account, an open relay), fix it, then ask each list for removal (their pages link from the domain check).',
  },
  // ── SPF ──
  'message.spf-not-checked': { title: 'SPF not checked: no connecting IP', why: 'No Received header shows the IP address that handed the message to the receiver, and no envelope was given, so SPF cannot be evaluated.', fix: 'Paste the full headers including all Received lines.' },
  'message.spf-fail': {
    title: 'SPF fail: the sending IP is not allowed',
    why: 'The envelope sender\'s domain publishes an SPF record ending in -all that does not list the IP that delivered the message. Many receivers reject or junk such mail.',
    fix: 'Add the sending service to the SPF record (its include: or ip4:/ip6:), or send through a server that is already listed.',
    ref: 'RFC 7208 §2.6.4',
  },
  'message.spf-softfail': {
    title: 'SPF softfail: sending IP not in the record',
    why: 'The IP that delivered the message is not listed in the envelope domain\'s SPF record, which ends in ~all. Receivers treat this as suspicious and it does not count for DMARC.',
    fix: 'Add the sending service to the SPF record (include: or ip4:/ip6:).',
    ref: 'RFC 7208 §2.6.5',
  },
  'message.spf-neutral': { title: 'SPF neutral', why: 'The SPF record says nothing definite about this IP (?all or no matching mechanism with ?). Neutral counts as no SPF pass for DMARC.', fix: 'List the sending IPs and end the record in ~all or -all.', ref: 'RFC 7208 §2.6.2' },
  'message.spf-none': { title: 'No SPF record for the envelope domain', why: 'The envelope sender\'s domain publishes no SPF record, so the sending IP cannot be authorised. Gmail and Yahoo require SPF or DKIM for all senders.', fix: 'Publish a TXT record "v=spf1 … -all" listing your sending services.', ref: 'RFC 7208 §4.5' },
  'message.spf-permerror': { title: 'SPF record is broken (permerror)', why: 'The SPF record has a syntax error, too many DNS lookups (more than 10) or too many void lookups; receivers treat this as a failure.', fix: 'Run mxray check on the envelope domain to see the exact problem in the SPF record.', ref: 'RFC 7208 §4.6.4' },
  'message.spf-temperror': { title: 'SPF could not be checked (DNS error)', why: 'A DNS lookup failed or timed out while evaluating SPF. This is "could not test", not a failure.', fix: 'Try again; if it persists, check the domain\'s name servers.' },
  // ── DKIM ──
  'message.dkim-none': { title: 'The message is not DKIM-signed', why: 'Without a DKIM signature, DMARC can only pass through SPF, which breaks when mail is forwarded. Gmail and Yahoo require DKIM for bulk senders.', fix: 'Enable DKIM signing at your mail provider and publish its public key under <selector>._domainkey.<your domain>.', ref: 'RFC 6376' },
  'message.dkim-body-hash': {
    title: 'DKIM body hash mismatch: the body changed after signing',
    why: 'The body no longer matches the hash the signer computed (bh=). Something rewrote the body after it was signed: a mailing list footer, a disclaimer or signature appended by a gateway, link rewriting, a security scanner, or a transfer-encoding change.',
    fix: 'Sign after every step that changes the body (disclaimers, tracking, footers), or stop the intermediary from modifying it.',
    ref: 'RFC 6376 §6.1.3',
  },
  'message.dkim-bad-signature': {
    title: 'DKIM signature does not verify: a signed header changed',
    why: 'The body hash matches, but the signature over the headers does not. A signed header field (Subject, From, To, Date…) was changed after signing, or the public key in DNS is not the one that signed.',
    fix: 'Find what rewrites headers after signing (subject tags like [EXTERNAL], list software), or publish the public key that belongs to the signing private key.',
    ref: 'RFC 6376 §6.1.3',
  },
  'message.dkim-no-key': { title: 'DKIM key not found in DNS', why: 'The selector named in the signature (s=) has no public key record at <selector>._domainkey.<domain>, so the signature cannot be verified.', fix: 'Publish the public key TXT record for this selector, or sign with a selector whose key is published.', ref: 'RFC 6376 §6.1.2' },
  'message.dkim-bad-key': { title: 'DKIM key record is invalid', why: 'The key record exists but cannot be used (wrong version, unknown key type, broken base64).', fix: 'Republish the key record exactly as your provider gives it: "v=DKIM1; k=rsa; p=…".', ref: 'RFC 6376 §3.6.1' },
  'message.dkim-weak-key': { title: 'DKIM key too short', why: 'RSA keys shorter than 1024 bits are rejected by receivers (RFC 8301); use 2048 bits.', fix: 'Generate a 2048-bit key, publish it under a new selector and switch signing to it.', ref: 'RFC 8301 §3.2' },
  'message.dkim-expired': { title: 'DKIM signature expired', why: 'The signature carries an expiry time (x=) that had passed when the message was received.', fix: 'Use a longer signature lifetime or none (omit x=).', ref: 'RFC 6376 §3.5' },
  'message.dkim-temperror': { title: 'DKIM could not be checked (DNS error)', why: 'The key lookup failed or timed out. This is "could not test", not a failure.', fix: 'Try again; if it persists, check the domain\'s name servers.' },
  'message.dkim-other': { title: 'DKIM signature not usable', why: 'The signature could not be evaluated (unsupported algorithm, syntax error or missing tags).', fix: 'Check the signer configuration.' },
  'message.dkim-unaligned': {
    title: 'DKIM passes, but not for the From domain',
    why: 'The only passing signatures are from another organisational domain (often the email service provider\'s own domain). They do not count for DMARC.',
    fix: 'Set up DKIM with your own domain at the provider (a CNAME or TXT record under your domain), so d= matches the From domain.',
    ref: 'RFC 7489 §3.1.1',
  },
  // ── DMARC ──
  'message.dmarc-fail-unaligned-spf': {
    title: 'DMARC fail although SPF passes: envelope domain not aligned',
    why: 'SPF passed for the envelope (Return-Path) domain, but that domain is not the From domain or one of its subdomains, and no aligned DKIM signature passed. DMARC only counts aligned results.',
    fix: 'Use a Return-Path (bounce) domain under your From domain at your provider, or sign with DKIM d= your From domain.',
    ref: 'RFC 7489 §3.1.2',
  },
  'message.dmarc-fail': {
    title: 'DMARC fail: nothing aligned passed',
    why: 'Neither SPF nor DKIM passed for a domain aligned with the From address. Depending on the policy (p=), receivers junk or reject such mail.',
    fix: 'Make at least one of them pass aligned: DKIM-sign with d= your From domain (best, survives forwarding), and send from IPs in your SPF with a Return-Path under your domain.',
    ref: 'RFC 7489 §6.6.2',
  },
  'message.dmarc-none': { title: 'No DMARC record for the From domain', why: 'The From domain publishes no DMARC policy. Gmail and Yahoo require one (at least p=none) for bulk senders.', fix: 'Publish TXT _dmarc.<domain> "v=DMARC1; p=none; rua=mailto:…" and tighten it later.', ref: 'RFC 9989 §4.10.1' },
  'message.dmarc-permerror': { title: 'DMARC could not be evaluated', why: 'DMARC needs exactly one From address with a domain (RFC 9989 §5.3.1).', fix: 'Send with a single From address.' },
  'message.dmarc-temperror': { title: 'DMARC could not be checked (DNS error)', why: 'The _dmarc lookup failed or timed out. This is "could not test", not a failure.' },
  'message.dmarc-rfc7489-differs': {
    title: 'Old and new receivers reach different DMARC results',
    why: 'mxray evaluates DMARC per RFC 9989 (policy and organizational domains from the DNS tree walk, np=, t=); receivers still on RFC 7489 use the Public Suffix List and pct=. Both kinds will be around for years, so this message may be treated differently by different receivers.',
    fix: 'Publish a DMARC record at the From domain itself (or psd=n at its organizational domain) and sign with a d= that both readings align.',
    ref: 'RFC 9989 §4.10',
  },
  // ── ARC ──
  'message.arc-fail': {
    title: 'ARC chain broken',
    why: 'An ARC seal or the newest ARC-Message-Signature does not verify, so receivers cannot trust the authentication results recorded by the forwarders in between.',
    fix: 'Usually caused by an intermediary that modified the message after sealing, or by a forwarder with a broken ARC setup; it only matters for forwarded or mailing-list mail.',
    ref: 'RFC 8617 §5.2',
  },
  'message.arc-temperror': { title: 'ARC could not be checked (DNS error)', why: 'A seal key lookup failed or timed out.' },
  // ── hops ──
  'message.hop-clock-skew': { title: 'Clock skew between relays', why: 'A later hop is stamped earlier than the hop before it. One of the two servers has a wrong clock (or timezone), which makes delays in the chain unreliable.', fix: 'Run NTP on your mail servers.' },
  'message.hop-delay': { title: 'Slow hop', why: 'The message waited a long time at one relay: a queue backlog, greylisting, or a retry after a temporary failure.', fix: 'Check that relay\'s queue and logs around the time shown.' },
  'message.border-no-tls': { title: 'Delivered to the receiver without TLS', why: 'The Received header of the receiver\'s border hop shows no TLS. Mail in transit was readable on the network; Gmail shows a red lock for such mail.', fix: 'Enable STARTTLS on the sending server (Postfix: smtp_tls_security_level = may).', ref: 'RFC 3207' },
  // ── bulk-sender basics (Gmail/Yahoo 2024 requirements) ──
  'message.bulk-no-list-unsubscribe': { title: 'No List-Unsubscribe header', why: 'Gmail and Yahoo require bulk senders (5,000+ messages a day) to offer unsubscribing from the message header.', fix: 'Add List-Unsubscribe: <https://…>, <mailto:…> to marketing and subscribed mail.', ref: 'RFC 2369' },
  'message.bulk-no-one-click': { title: 'No one-click unsubscribe', why: 'Gmail and Yahoo require one-click unsubscribe: an https List-Unsubscribe URL plus "List-Unsubscribe-Post: List-Unsubscribe=One-Click", signed by DKIM.', fix: 'Add List-Unsubscribe-Post: List-Unsubscribe=One-Click and an https URL that unsubscribes on POST.', ref: 'RFC 8058' },
  'message.bulk-no-message-id': { title: 'No Message-ID header', why: 'Gmail requires a Message-ID (RFC 5322 §3.6.4); messages without one are often rejected or junked.', fix: 'Let your mail library or server add a Message-ID.', ref: 'RFC 5322 §3.6.4' },
  'message.bulk-no-date': { title: 'No Date header', why: 'A Date header is required by RFC 5322 §3.6.1; receivers penalise messages without one.', fix: 'Let your mail library or server add a Date header.', ref: 'RFC 5322 §3.6.1' },
  'message.bulk-from-unaligned': { title: 'From domain not aligned with SPF or DKIM', why: 'Gmail and Yahoo require the From domain to align with the SPF or DKIM domain (DMARC alignment) for bulk senders.', fix: 'Sign with DKIM d= your From domain.', ref: 'RFC 7489 §3.1' },
  'message.bulk-ok': { title: 'Bulk-sender header basics present', why: 'List-Unsubscribe with one-click, Message-ID, Date and an aligned From domain are all in place.' },
  'message.verify-timeout': { title: 'Verification did not finish in time', why: 'DNS answers were too slow; results that could not be completed are shown as temperror.', fix: 'Try again.' },
  'message.analysis-timeout': { title: 'Analysis stopped at its time limit', why: 'Reading and verifying this message took longer than mxray allows one message (MXRAY_ANALYSIS_TIMEOUT_MS), so it was stopped to keep the server responsive for everyone else. Nothing about the message was judged.', fix: 'Send or paste the message again; if it keeps happening, it is unusually large or malformed — try the headers only.' },
};
