import { DateTime } from 'luxon';

/** What a check-out receipt is built from, already loaded and scoped to one institution. */
export interface CheckOutReceiptSource {
  institutionName: string;
  servicePointName: string | null;
  timeZone: string;
  patron: { firstName: string; preferredFirstName: string | null; lastName: string };
  loans: readonly { title: string; itemBarcode: string; dueAt: string }[];
  now: Date;
}

export interface CheckOutReceiptMessage {
  subject: string;
  text: string;
}

/** A due date as the patron reads it: weekday and date, and the time unless due at the end of the day. */
export function describeDueDate(dueAt: string, timeZone: string): string {
  const due = DateTime.fromISO(dueAt, { zone: 'utc' }).setZone(timeZone);
  const endOfDay = due.hour === 23 && due.minute === 59;
  return due.toFormat(endOfDay ? 'cccc d LLLL yyyy' : "cccc d LLLL yyyy 'at' HH:mm");
}

/** The plain-text receipt for the loans of one visit to the desk, earliest due first. Pure. */
export function checkOutReceiptMessage(source: CheckOutReceiptSource): CheckOutReceiptMessage {
  const name = `${source.patron.preferredFirstName?.trim() || source.patron.firstName} ${source.patron.lastName}`;
  const loans = [...source.loans].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.title.localeCompare(b.title));
  const when = DateTime.fromJSDate(source.now).setZone(source.timeZone).toFormat('yyyy-MM-dd HH:mm ZZZZ');
  const lines = [
    source.institutionName,
    ...(source.servicePointName ? [source.servicePointName] : []),
    when,
    '',
    `Items checked out to ${name}:`,
    '',
    ...loans.flatMap((loan) => [`- ${loan.title}`, `  Barcode ${loan.itemBarcode}`, `  Due back ${describeDueDate(loan.dueAt, source.timeZone)}`]),
    '',
    loans.length === 1 ? '1 item checked out.' : `${loans.length} items checked out.`,
  ];
  return { subject: `Your loans from ${source.institutionName}`, text: `${lines.join('\n')}\n` };
}
