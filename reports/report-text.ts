/**
 * A report's text, gathered as UTF-8 buffers of about 64 KiB while the run goes on. Reports are
 * written once the run is complete (an interrupted run leaves none); until then their text is
 * kept as UTF-8, half the size of the strings (mostly two-byte: case names hold `›`).
 */
export class ReportText {
  private readonly buffers: (Buffer | undefined)[] = [];
  private pending = '';
  /** Appends a chunk of the report. */
  write(text: string): void {
    this.pending += text;
    if (this.pending.length < 64 * 1024) return;
    // A surrogate pair must not be cut in two (each half would become U+FFFD).
    const last = this.pending.charCodeAt(this.pending.length - 1);
    const keep = last >= 0xd800 && last <= 0xdbff ? 1 : 0;
    this.buffers.push(Buffer.from(this.pending.slice(0, this.pending.length - keep), 'utf8'));
    this.pending = this.pending.slice(this.pending.length - keep);
  }
  /** The text, chunk by chunk; each buffer is released once read. */
  *chunks(): Generator<string> {
    if (this.pending !== '') this.buffers.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
    for (let i = 0; i < this.buffers.length; i++) {
      const text = this.buffers[i]!.toString('utf8');
      this.buffers[i] = undefined;
      yield text;
    }
  }
}
