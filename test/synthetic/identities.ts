import type { SeededRandom } from './seeded-random.js';

/** The PHI planted in one synthetic instance: who the patient is and who looked after them. All invented. */
export interface Identity {
  readonly family: string;
  readonly given: string;
  readonly patientId: string;
  readonly accession: string;
  /** YYYYMMDD */
  readonly birthDate: string;
  readonly studyDate: string;
  readonly staffFamily: string;
  readonly staffGiven: string;
  readonly phone: string;
  readonly email: string;
  readonly institution: string;
}

const FAMILIES = ['Janssen', 'Dubois', 'Rossetti', 'Novak', 'Kowalczyk', 'Lindqvist', 'Moreau', 'Ferreira', 'Brennan', 'Haddad'];
const GIVENS = ['Marta', 'Pieter', 'Giulia', 'Tomas', 'Ines', 'Henrik', 'Lucia', 'Anton', 'Saoirse', 'Yusuf'];
const INSTITUTIONS = ['Synthetic General Hospital', 'Sint Voorbeeld Ziekenhuis', 'Hopital Fictif de Lyon', 'Ospedale Immaginario'];

const pad = (value: number): string => String(value).padStart(2, '0');
const dateBetween = (random: SeededRandom, fromYear: number, toYear: number): string =>
  `${random.integer(fromYear, toYear)}${pad(random.integer(1, 12))}${pad(random.integer(1, 28))}`;

export function identity(random: SeededRandom): Identity {
  const family = random.pick(FAMILIES);
  const given = random.pick(GIVENS);
  return {
    family,
    given,
    patientId: `MRN${random.digits(7)}`,
    accession: `ACC${random.digits(8)}`,
    birthDate: dateBetween(random, 1940, 1995),
    studyDate: dateBetween(random, 2015, 2024),
    staffFamily: random.pick(FAMILIES.filter((name) => name !== family)),
    staffGiven: random.pick(GIVENS.filter((name) => name !== given)),
    phone: `+31 20 ${random.digits(3)} ${random.digits(4)}`,
    email: `${given.toLowerCase()}.${family.toLowerCase()}@example.org`,
    institution: random.pick(INSTITUTIONS),
  };
}

/** "1965-04-12": how a date turns up written in free text. */
export function writtenDate(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

/** Every string of an identity that must not survive where cleaning is promised. */
export function phiStrings(person: Identity): string[] {
  return [person.family, person.given, person.patientId, person.accession, person.birthDate, writtenDate(person.birthDate), writtenDate(person.studyDate),
    person.staffFamily, person.staffGiven, person.phone, person.email, person.institution];
}
