// The parts of marcjs (CommonJS, untyped) the MARC import uses.
declare module 'marcjs' {
  export class Record {
    leader: string;
    /** [tag, value] for control fields; [tag, indicators, code, value, code, value, ...] for data fields. */
    fields: string[][];
  }
  export const Marc: {
    parse(raw: Buffer | string, type: 'iso2709' | 'marcxml' | 'mij'): Record;
    format(record: { leader: string; fields: string[][] }, type: 'iso2709' | 'marcxml'): string;
  };
}
