/**
 * The SQL string sent for a part of a file, built from pieces of the file and pieces added by the replay
 * (BEGIN/COMMIT around it, progress markers between statements), so that Postgres' error position in the sent
 * string can be traced back to a byte offset in the original file.
 */
export class Script {
  readonly #pieces: { text: string; origin: number | undefined }[] = [];

  /** `origin`: the byte offset of the text's first byte in the original file; omit it for added text. */
  add(text: string, origin?: number): this {
    if (text !== '') this.#pieces.push({ text, origin });
    return this;
  }

  get sql(): string {
    return this.#pieces.map((piece) => piece.text).join('');
  }

  /**
   * The byte offset in the original file of Postgres' error `position`: 1-based, counted in characters of the
   * sent string (code points, the server encoding being UTF-8). Undefined when it points into added text.
   */
  originOf(position: number): number | undefined {
    let remaining = position - 1;
    if (!Number.isInteger(remaining) || remaining < 0) return undefined;
    let bytes = 0;
    for (const piece of this.#pieces) {
      bytes = 0;
      for (const char of piece.text) {
        if (remaining === 0) return piece.origin === undefined ? undefined : piece.origin + bytes;
        remaining--;
        bytes += Buffer.byteLength(char, 'utf8');
      }
    }
    // "at end of input" points just past the last character.
    const last = this.#pieces.at(-1);
    return remaining === 0 && last?.origin !== undefined ? last.origin + bytes : undefined;
  }
}
