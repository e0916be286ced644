/** Why a file cannot be read as DICOM, with the byte offset where reading stopped. */
export class DicomParseError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (at byte ${offset})`);
    this.name = 'DicomParseError';
  }
}
