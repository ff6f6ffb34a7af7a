/** Where long phases report how far they are; the CLI draws it, the Action logs it in groups. */
export interface Progress {
  /** Runs one phase (replay, trace, ...) and reports its start and end. */
  phase<T>(name: string, work: () => Promise<T>): Promise<T>;
  /** `done` of `total` items of the current phase, with the item being worked on. */
  step(done: number, total: number, label: string): void;
  /** A one-line message, e.g. which database provider was chosen and why. */
  note(message: string): void;
}

export const silentProgress: Progress = {
  phase: (_name, work) => work(),
  step: () => {},
  note: () => {},
};
