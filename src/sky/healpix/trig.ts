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

// Outputs of sinCosWide: correctly rounded sin and cos of the last argument, as double-doubles.
let wideSinH = 0;
let wideSinL = 0;
let wideCosH = 0;
let wideCosL = 0;

/** sin and cos of any x with |x| < 1e6 in double-double, with a double-double reduction by pi/2. */
function sinCosWide(x: number): void {
  const ax = Math.abs(x);
  const k = Math.round(ax / P1);
  twoProd(k, P1);
  const r = ax - hi; // exact (Sterbenz): ax is within pi/4 of k * P1
  const al = lo;
  twoProd(k, P2);
  const bh = hi;
  const bl = lo;
  ddAdd(r, -al, -bh, -bl);
  quickTwoSum(hi, lo - k * P3);
  sinCosSeries(hi, lo);
  const q = k & 3;
  let sh = sinH;
  let sl = sinL;
  let ch = cosH;
  let cl = cosL;
  if (q === 1) {
    sh = cosH;
    sl = cosL;
    ch = -sinH;
    cl = -sinL;
  } else if (q === 2) {
    sh = -sinH;
    sl = -sinL;
    ch = -cosH;
    cl = -cosL;
  } else if (q === 3) {
    sh = -cosH;
    sl = -cosL;
    ch = sinH;
    cl = sinL;
  }
  if (x < 0) {
    sh = -sh;
    sl = -sl;
  }
  wideSinH = sh;
  wideSinL = sl;
  wideCosH = ch;
  wideCosL = cl;
}

/**
 * cos(x) correctly rounded (to double-double accuracy) for |x| < 1e6, as glibc's cos is in
 * nearly all cases; Math.cos may differ by one ulp.
 * @example cosWide(-5) // 0.28366218546322625
 */
export function cosWide(x: number): number {
  sinCosWide(x);
  return wideCosH + wideCosL;
}

/**
 * sin(x) correctly rounded (to double-double accuracy) for |x| < 1e6.
 * @example sinWide(4) // -0.7568024953079282
 */
export function sinWide(x: number): number {
  sinCosWide(x);
  return wideSinH + wideSinL;
}

/**
 * atan2(y, x) correctly rounded (to double-double accuracy): Math.atan2 refined by one Newton step
 * with double-double sin and cos, as glibc's atan2 (correctly rounded) gives it.
 * @example atan2Correct(1, 1) // 0.7853981633974483
 */
export function atan2Correct(y: number, x: number): number {
  const phi = Math.atan2(y, x);
  if ((x === 0 && y === 0) || !Number.isFinite(phi)) return phi;
  sinCosWide(phi);
  // residual y cos(phi) - x sin(phi), the high products cancel exactly
  twoProd(y, wideCosH);
  const p1 = hi;
  const e1 = lo;
  twoProd(x, wideSinH);
  const p2 = hi;
  const e2 = lo;
  const num = p1 - p2 + (e1 - e2 + y * wideCosL - x * wideSinL);
  const den = x * wideCosH + y * wideSinH;
  return phi + num / den;
}
