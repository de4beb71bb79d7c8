// The German tax identification number (Steuer-IdNr.): 11 digits, no leading zero, and the check digit
// of ISO 7064 MOD 11,10 over the first ten.
export function isValidTaxId(input: string): boolean {
  const digits = input.replace(/\s+/g, '');
  if (!/^[1-9]\d{10}$/.test(digits)) return false;
  return taxIdCheckDigit(digits.slice(0, 10)) === Number(digits[10]);
}

/** The check digit for the first ten digits. */
export function taxIdCheckDigit(firstTen: string): number {
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(firstTen[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  return (11 - product) % 10;
}
