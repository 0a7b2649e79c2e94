/** One immutable version of a text document (a flow, queues.yaml). */
export interface DocumentVersion {
  readonly version: number;
  /** Content hash of the text. */
  readonly hash: string;
  readonly author: string;
  readonly at: string;
  readonly message: string;
  readonly text: string;
}
