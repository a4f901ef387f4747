import PDFDocument from 'pdfkit';
import { receiptText, type Receipt } from './receipt.policy.ts';

export type ReceiptPaper = 'roll' | 'letter';

/** An 80 mm desk printer roll, in PDF points. */
const rollWidthPoints = 226.77;
const letter: [number, number] = [612, 792];

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!);
}

/** A self-contained page for the desk printer: no scripts, no outside files, sized for an 80 mm roll. */
export function receiptHtml(receipt: Receipt): string {
  const e = escapeHtml;
  const row = (label: string, value: string | null) => (value ? `<tr><th>${e(label)}</th><td>${e(value)}</td></tr>` : '');
  const lines = receipt.lines
    .map(
      (line) => `<section class="fee">
<h3>${e(line.feeTypeName)}</h3>
${line.itemTitle ? `<p>Item: ${e(line.itemTitle)}</p>` : ''}${line.description ? `<p>${e(line.description)}</p>` : ''}
<table>${row('Amount', line.amountText)}${row('Balance on this fee', line.balanceAfterText)}</table>
</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(receipt.title)} ${e(receipt.receiptNumber)}</title>
<style>
@page { size: 80mm auto; margin: 4mm; }
body { font: 11px/1.35 system-ui, sans-serif; width: 72mm; margin: 0 auto; color: #000; }
h1 { font-size: 14px; margin: 0; text-align: center; }
h2 { font-size: 12px; margin: 6px 0; text-align: center; }
h3 { font-size: 11px; margin: 4px 0 0; }
p { margin: 0; }
table { width: 100%; border-collapse: collapse; }
th { text-align: left; font-weight: normal; }
td { text-align: right; }
.fee, .totals { border-top: 1px dashed #000; padding: 4px 0; }
.number { font-size: 9px; word-break: break-all; }
@media screen { body { border: 1px solid #ccc; padding: 4mm; margin-top: 8px; } }
</style>
</head>
<body>
<h1>${e(receipt.institutionName)}</h1>
${receipt.servicePointName ? `<p style="text-align:center">${e(receipt.servicePointName)}</p>` : ''}
<h2>${e(receipt.title)}</h2>
<table>
${row('Date', receipt.occurredAtText)}${row('Staff', receipt.staffUsername)}${row('Patron', `${receipt.patronName} (${receipt.patronBarcodeText})`)}
</table>
${lines}
<section class="totals"><table>
${row('Total', receipt.totalText)}${row('Method', receipt.method)}${row('Reference', receipt.transactionReference)}${row('Waiver reason', receipt.waiverReason)}${row('Refund', receipt.refundTarget)}${row('Remaining balance', receipt.patronBalanceText)}
</table></section>
<p class="number">Receipt no. ${e(receipt.receiptNumber)}</p>
</body>
</html>
`;
}

/** The same receipt as a PDF: one page as long as the text on the roll, or a Letter page. */
export async function receiptPdf(receipt: Receipt, paper: ReceiptPaper = 'roll'): Promise<Buffer> {
  const rows = receiptText(receipt).trimEnd().split('\n');
  const margin = paper === 'roll' ? 12 : 54;
  const fontSize = paper === 'roll' ? 8 : 11;
  const pageWidth = paper === 'roll' ? rollWidthPoints : letter[0];
  const textWidth = pageWidth - 2 * margin;
  const doc = new PDFDocument({ autoFirstPage: false, info: { Title: `${receipt.title} ${receipt.receiptNumber}`, Author: receipt.institutionName } });
  doc.font('Helvetica').fontSize(fontSize);
  const textHeight = rows.reduce((sum, text) => sum + doc.heightOfString(text || ' ', { width: textWidth }), 0);
  const size: [number, number] = paper === 'roll' ? [pageWidth, Math.ceil(textHeight + 2 * margin + fontSize * 2)] : letter;
  doc.addPage({ size, margin });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  rows.forEach((text, index) => {
    const heading = index === 0 || text === receipt.title;
    doc.font(heading ? 'Helvetica-Bold' : 'Helvetica').text(text || ' ', { width: textWidth });
  });
  doc.end();
  return done;
}

export { receiptText };
