/**
 * Checksums of national identification numbers. A format alone matches too many serial numbers; with the check
 * digit only about one random number in ten (or fewer) passes.
 */

const digitsOf = (text: string): number[] => [...text.replace(/\D/g, '')].map(Number);

/** UK NHS number: ten digits, the last a modulus-11 check over the first nine (weights 10 down to 2). */
export function isNhsNumber(text: string): boolean {
  const digits = digitsOf(text);
  if (digits.length !== 10) return false;
  const sum = digits.slice(0, 9).reduce((total, digit, index) => total + digit * (10 - index), 0);
  const check = 11 - (sum % 11);
  return check !== 10 && (check === 11 ? 0 : check) === digits[9];
}

/** Luhn (mod 10) over all digits, as Swedish personnummer use over their last ten digits. */
function passesLuhn(digits: readonly number[]): boolean {
  const sum = digits.reduceRight((total, digit, index) => {
    const doubled = (digits.length - 1 - index) % 2 === 1 ? digit * 2 : digit;
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return sum % 10 === 0;
}

/** Swedish personnummer YYMMDD-NNNC (or with the century): a valid month and day, and the Luhn check digit. */
export function isSwedishPersonnummer(text: string): boolean {
  const digits = digitsOf(text).slice(-10);
  if (digits.length !== 10) return false;
  const month = digits[2]! * 10 + digits[3]!;
  const day = (digits[4]! * 10 + digits[5]!) % 60; // samordningsnummer add 60 to the day
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && passesLuhn(digits);
}

/** French NIR (numéro de sécurité sociale): 13 characters and a two-digit key, 97 − (number mod 97); Corsica 2A/2B. */
export function isFrenchNir(text: string): boolean {
  const compact = text.replace(/\s/g, '').toUpperCase();
  if (!/^[12]\d{4}(\d{2}|2A|2B)\d{8}$/.test(compact)) return false;
  const number = compact.slice(0, 13).replace('2A', '19').replace('2B', '18');
  return 97 - Number(BigInt(number) % 97n) === Number(compact.slice(13));
}

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** Spanish DNI (8 digits and a letter) and NIE (X, Y or Z, 7 digits, a letter): the letter is the number mod 23. */
export function isSpanishDniOrNie(text: string): boolean {
  const compact = text.replace(/[\s-]/g, '').toUpperCase();
  const match = /^([XYZ]?)(\d{7,8})([A-Z])$/.exec(compact);
  if (!match) return false;
  const [, prefix, number, letter] = match;
  if ((prefix === '' && number!.length !== 8) || (prefix !== '' && number!.length !== 7)) return false;
  const value = Number(`${prefix ? 'XYZ'.indexOf(prefix) : ''}${number}`);
  return DNI_LETTERS[value % 23] === letter;
}

/** Dutch BSN: nine digits passing the "elfproef" (weights 9..2 and −1, sum divisible by 11). */
export function isDutchBsn(text: string): boolean {
  const digits = digitsOf(text);
  if (digits.length !== 9) return false;
  const sum = digits.slice(0, 8).reduce((total, digit, index) => total + digit * (9 - index), 0) - digits[8]!;
  return sum % 11 === 0 && sum !== 0;
}
