/** Messages with one content defect each, for the content checks (lib/content). */
const HEAD = (extra = '') => `From: News <news@shop.test>\r\nTo: bob@receiver.test\r\nSubject: Your weekly offers\r\nDate: Tue, 01 Dec 2026 10:00:00 +0000\r\nMessage-ID: <w-1@shop.test>\r\nMIME-Version: 1.0\r\n${extra}`;
const TEXT = 'Hello Bob, this week our garden tools are on sale: spades, rakes and watering cans for the spring season. See the catalogue on our website.';
const HTML = `<html><body><p>Hello Bob, this week our garden tools are on sale: spades, rakes and watering cans for the spring season.</p><p>See the <a href="https://www.shop.test/catalogue">catalogue</a> on our website.</p></body></html>`;

function alternative(text: string, html: string, extra = ''): string {
  return `${HEAD(extra)}Content-Type: multipart/alternative; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n${html}\r\n--b1--\r\n`;
}

export const CONTENT_FIXTURES = {
  clean: alternative(TEXT, HTML),
  htmlOnly: `${HEAD()}Content-Type: text/html; charset=utf-8\r\n\r\n${HTML}\r\n`,
  partsDiffer: alternative('Your invoice is attached. Payment is due within thirty days; contact accounting with questions about the amount.', HTML),
  shortener: alternative(`${TEXT} https://bit.ly/3xYz`, HTML.replace('https://www.shop.test/catalogue', 'https://bit.ly/3xYz')),
  listedLink: alternative(`${TEXT} https://promo.badlink.test/offer`, HTML.replace('https://www.shop.test/catalogue', 'https://promo.badlink.test/offer')),
  imageOnly: `${HEAD()}Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><a href="https://www.shop.test/"><img src="https://www.shop.test/offer.png" width="600"></a></body></html>\r\n`,
  badHeaders: alternative(TEXT, HTML).replace('Date: Tue, 01 Dec 2026 10:00:00 +0000', 'Date: yesterday at noon').replace('Message-ID: <w-1@shop.test>', 'Message-ID: w-1 at shop'),
  bulkNoUnsubscribe: alternative(TEXT, HTML, 'Precedence: bulk\r\nList-Id: <offers.shop.test>\r\n'),
} as const;
