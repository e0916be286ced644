/** Keeps generated values valid for the attributes they replace (PS3.5 §6.2). */

/** LO (PatientID) holds at most 64 characters; one PN component group (PatientName) also 64. */
export const LO_MAX_CHARS = 64;
export const PN_GROUP_MAX_CHARS = 64;
/** PN has at most five components, so at most four ^ separators. */
const PN_MAX_COMPONENT_SEPARATORS = 4;

export interface PseudonymPair {
  patientId: string;
  patientName: string;
}

/** Builds PatientID/PatientName, refusing values DICOM would truncate. Messages omit the values: they are personal data. */
export function pseudonymPair(patientId: string, patientNameFormat: string): PseudonymPair {
  if (patientId.length > LO_MAX_CHARS) {
    throw new Error(
      `A pseudonym of ${patientId.length} characters is too long: PatientID (LO) allows ${LO_MAX_CHARS}; ` +
        'shorten the prefix, length or template in the profile.',
    );
  }
  const patientName = patientNameFormat.replaceAll('{id}', patientId);
  if (patientName.length > PN_GROUP_MAX_CHARS) {
    throw new Error(
      `A PatientName of ${patientName.length} characters is too long: PN allows ${PN_GROUP_MAX_CHARS}; ` +
        'shorten patientNameFormat or the pseudonym in the profile.',
    );
  }
  return { patientId, patientName };
}

/** Checks a patientNameFormat the schema may not have seen (configs can be built in code). */
export function assertValidPatientNameFormat(format: string): void {
  if (!/^([A-Za-z0-9._ ^-]|\{id\})+$/.test(format)) {
    throw new Error(
      `patientNameFormat "${format}" may contain only letters, digits, space, . _ - ^ and the placeholder {id}.`,
    );
  }
  if ((format.match(/\^/g) ?? []).length > PN_MAX_COMPONENT_SEPARATORS) {
    throw new Error(`patientNameFormat "${format}" has more than five PN components (at most four ^).`);
  }
}

/** Prefixes, alphabets and site IDs end up inside PatientID: keep them to characters no reader trims or splits. */
export function assertSafeText(what: string, text: string): void {
  if (!/^[A-Za-z0-9._-]*$/.test(text)) {
    throw new Error(`${what} "${text}" may contain only letters, digits, dot, underscore and hyphen.`);
  }
}
