/**
 * TCIA's private_disposition: k keep; d delete; h hash (an identifier or UID, replace it
 * consistently); o offset (a date/time string, shift it); oi offset integer (a date/time stored as a
 * number, shift it); na not known safe (not assessed, or the KB cell was blank).
 */
export type PrivateDisposition = 'k' | 'd' | 'h' | 'o' | 'oi' | 'na';
