// Correctly rounded cos and sin on [0, pi] via double-double arithmetic. Math.cos may be off by one
// ulp where glibc (which healpy calls) is correctly rounded; on a pixel edge that ulp picks the
// other pixel. ang2pix uses these only when a point lies within a few ulps of an edge.

// pi/2 as the sum of three doubles.
const P1 = 1.5707963267948966;
const P2 = 6.123233995736766e-17;
const P3 = -1.4973849048591698e-33;

let hi = 0;
let lo = 0;

function twoSum(a: number, b: number): void {
  const s = a + b;
  const bb = s - a;
  hi = s;
  lo = a - (s - bb) + (b - bb);
}

function quickTwoSum(a: number, b: number): void {
  const s = a + b;
  hi = s;
  lo = b - (s - a);
}

function twoProd(a: number, b: number): void {
  const p = a * b;
  let t = 134217729 * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = 134217729 * b;
  const bh = t - (t - b);
  const bl = b - bh;
  hi = p;
  lo = ah * bh - p + ah * bl + al * bh + al * bl;
}

function ddMul(ah: number, al: number, bh: number, bl: number): void {
  twoProd(ah, bh);
  quickTwoSum(hi, lo + (ah * bl + al * bh));
}

function ddAdd(ah: number, al: number, bh: number, bl: number): void {
  twoSum(ah, bh);
  const s = hi;
  let e = lo;
  twoSum(al, bl);
  const t = hi;
  const f = lo;
  e += t;
  quickTwoSum(s, e);
  quickTwoSum(hi, lo + f);
}

function ddDivSmall(ah: number, al: number, b: number): void {
  const q1 = ah / b;
  twoProd(q1, b);
  const ph = hi;
  const pl = lo;
  twoSum(ah, -ph);
  const q2 = (hi + (lo - pl + al)) / b;
  quickTwoSum(q1, q2);
}

// Outputs of sinCosSeries.
let sinH = 0;
let sinL = 0;
let cosH = 0;
let cosL = 0;

/** Taylor series of sin and cos of the double-double r (|r| <= pi/4) in double-double. */
function sinCosSeries(rh: number, rl: number): void {
  ddMul(rh, rl, rh, rl);
  const r2h = hi;
  const r2l = lo;
  // sin
  let th = rh;
  let tl = rl;
  let sh = rh;
  let sl = rl;
  for (let n = 3; n < 40; n += 2) {
    ddMul(th, tl, r2h, r2l);
    ddDivSmall(hi, lo, -(n - 1) * n);
    th = hi;
    tl = lo;
    ddAdd(sh, sl, th, tl);
    sh = hi;
    sl = lo;
    if (Math.abs(th) < 1e-40) break;
  }
  sinH = sh;
  sinL = sl;
  // cos
  th = 1;
  tl = 0;
  let ch = 1;
  let cl = 0;
  for (let n = 2; n < 40; n += 2) {
    ddMul(th, tl, r2h, r2l);
    ddDivSmall(hi, lo, -(n - 1) * n);
    th = hi;
    tl = lo;
    ddAdd(ch, cl, th, tl);
    ch = hi;
    cl = lo;
    if (Math.abs(th) < 1e-40) break;
  }
  cosH = ch;
  cosL = cl;
}

let quadrant = 0;

function reduce(theta: number): void {
  const k = Math.round(theta / P1);
  quadrant = k;
  // theta - k*P1 is exact (Sterbenz) for theta in [0, pi + 1e-5] and k in {0, 1, 2}
  twoSum(theta - k * P1, -k * P2);
  quickTwoSum(hi, lo - k * P3);
  sinCosSeries(hi, lo);
}

/**
 * cos(theta) correctly rounded (to double-double accuracy) for theta in [0, pi + 1e-5].
 * @example cosCorrect(1) // 0.5403023058681398
 */
export function cosCorrect(theta: number): number {
  reduce(theta);
  const q = quadrant & 3;
  if (q === 0) return cosH + cosL;
  if (q === 1) return -(sinH + sinL);
  if (q === 2) return -(cosH + cosL);
  return sinH + sinL;
}

/**
 * sin(theta) correctly rounded (to double-double accuracy) for theta in [0, pi + 1e-5].
 * @example sinCorrect(1) // 0.8414709848078965
 */
export function sinCorrect(theta: number): number {
  reduce(theta);
  const q = quadrant & 3;
  if (q === 0) return sinH + sinL;
  if (q === 1) return cosH + cosL;
  if (q === 2) return -(sinH + sinL);
  return -(cosH + cosL);
}
