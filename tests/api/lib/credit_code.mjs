// Unified social credit codes (统一社会信用代码, GB 32100-2015) for tests:
// creditCode() makes a new valid one, from a random organisation code
// with its GB 11714 check digit and the code's own check character.
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 11714's check digit of an organisation code's first eight characters. */
function orgCheck(org) {
    const weights = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum = 0;
    for (let i = 0; i < 8; i++) {
        const c = org[i];
        sum += (c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55) * weights[i];
    }
    const check = 11 - (sum % 11);
    return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** The check character of a code's first seventeen characters. */
export function codeCheck(first17) {
    let sum = 0;
    let weight = 1;
    for (const c of first17) {
        sum += ALPHABET.indexOf(c) * weight;
        weight = (weight * 3) % 31;
    }
    return ALPHABET[(31 - (sum % 31)) % 31];
}

let serial = Math.floor(Math.random() * 1e7);

/** A new valid code of a company registered in Zhuji (330681). */
export function creditCode() {
    const org = String(serial++ % 1e8).padStart(8, '0');
    const head = `91330681${org}${orgCheck(org)}`;
    return head + codeCheck(head);
}
