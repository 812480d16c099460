import { parse } from "csv-parse/sync";

/** One CSV data row, read by column name. A missing column reads as "". */
export interface CsvRow {
  /** Spreadsheet row number: the header is row 1, so the first data row is 2. */
  row: number;
  get(column: string): string;
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
  has(column: string): boolean;
  /** The first header matching the pattern, for columns whose name carries a unit such as "Weight (kg)". */
  find(pattern: RegExp): string | undefined;
}

/**
 * Decodes an export file's bytes. Shops and spreadsheets write UTF-8 with or without a BOM, and Excel's
 * "Unicode text" is UTF-16 with a BOM. Anything that is not valid UTF-8 is rejected rather than guessed,
 * because a wrong guess would corrupt every non-ASCII name.
 */
export function decodeText(bytes: Uint8Array, fileName: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new Error(
      `${fileName} is not valid UTF-8 text. Re-save it as UTF-8 (in Excel: "CSV UTF-8") and run the demo again.`,
    );
  }
}

/** Normalises a header for lookup: case, surrounding spaces and a stray BOM do not matter. */
function headerKey(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase();
}

/**
 * Picks the delimiter that occurs most often outside quotes in the header line: a comma, or the
 * semicolon or tab that spreadsheets in some locales write.
 */
function headerDelimiter(source: string): string {
  const counts = new Map<string, number>([
    [",", 0],
    [";", 0],
    ["\t", 0],
  ]);
  let quoted = false;
  for (const char of source) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  return [...counts.entries()].reduce((best, entry) => (entry[1] > best[1] ? entry : best))[0];
}

/**
 * Parses CSV text with a header row. Quoted cells may contain delimiters, quotes and CRLF line breaks,
 * and a stray quote inside an unquoted cell is read as text. Rows with fewer or more cells than the
 * header are kept, because real exports have ragged rows.
 */
export function readCsv(source: string, fileName: string): CsvTable {
  let records: string[][];
  try {
    records = parse(source, {
      bom: true,
      delimiter: headerDelimiter(source),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (error) {
    throw new Error(`${fileName} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const [header = [], ...data] = records;
  const headers = header.map((name) => name.replace(/^\uFEFF/, "").trim());
  const index = new Map<string, number>();
  headers.forEach((name, position) => {
    const key = headerKey(name);
    if (!index.has(key)) index.set(key, position);
  });

  // Rows are numbered by record, not by line, because a quoted cell may span several lines.
  const rows = data.map((cells, position): CsvRow => ({
    row: position + 2,
    get(column: string): string {
      const at = index.get(headerKey(column));
      return at === undefined ? "" : (cells[at] ?? "");
    },
  }));
  return {
    headers,
    rows,
    has: (column) => index.has(headerKey(column)),
    find: (pattern) => headers.find((name) => pattern.test(name)),
  };
}
