/** Waivers and warn-only patterns applied to finished results: nothing is hidden, everything is labelled. */
import type { CheckResult } from "../core/results.js";
import { idMatches } from "./match.js";
import type { Waiver } from "./types.js";

/** What applying the gate's waivers found out about the waivers themselves. */
export interface WaiverOutcome {
  results: CheckResult[];
  /** Waivers past their expiry date: they no longer apply and fail the gate. */
  expired: Waiver[];
  /** Waivers that matched no failing or erroring result (fixed issues whose waiver can go). */
  unused: Waiver[];
}

/**
 * Marks failing/erroring results matched by a live waiver (status → `skip`, `waiver` keeps the reason, ticket,
 * expiry and the original status) and results matched by a `warn` pattern (`blocking: false`). A waiver expires
 * at the end of its `expires` day (UTC); an expired one waives nothing. A waiver with `group` also needs the
 * result's failure-group template (from `templateOf`) to match it.
 * @example
 * const r = { id: "T.c.nan", table: "T", column: "c", check: "nan", status: "fail", failing: 1, total: 9, message: "1 NaN", sample: [] };
 * applyWaivers([r], [{ match: "T.c.nan", reason: "known", ticket: "DM-1", expires: "2099-01-01" }], [], "2026-12-06").results[0].status // "skip"
 */
export function applyWaivers(
  results: readonly CheckResult[],
  waivers: readonly Waiver[],
  warn: readonly string[],
  today: string,
  templateOf: (r: CheckResult) => string | undefined = () => undefined,
): WaiverOutcome {
  const live = waivers.filter((w) => w.expires >= today);
  const expired = waivers.filter((w) => w.expires < today);
  const used = new Set<Waiver>();
  const out = results.map((r) => {
    if (r.status !== "fail" && r.status !== "error") return r;
    const waiver = live.find((w) => idMatches(w.match, r.id) && groupMatches(w, r, templateOf));
    if (waiver !== undefined) {
      used.add(waiver);
      return {
        ...r,
        status: "skip" as const,
        message: `waived (${waiver.ticket}, until ${waiver.expires}: ${waiver.reason}): ${r.message}`,
        waiver: { reason: waiver.reason, ticket: waiver.ticket, expires: waiver.expires, status: r.status },
      };
    }
    if (warn.some((p) => idMatches(p, r.id))) return { ...r, blocking: false };
    return r;
  });
  return { results: out, expired, unused: live.filter((w) => !used.has(w)) };
}

function groupMatches(
  w: Waiver,
  r: CheckResult,
  templateOf: (r: CheckResult) => string | undefined,
): boolean {
  if (w.group === undefined) return true;
  const template = templateOf(r);
  return template !== undefined && idMatches(w.group, template);
}

/**
 * The gate's verdict from labelled results: `fail` when a blocking result failed, `error` when one could not
 * run and none failed, `pass` otherwise. Waived (`skip`) and warn-only results never block.
 * @example
 * gateStatus([{ status: "fail", blocking: false }, { status: "pass" }]) // "pass"
 */
export function gateStatus(
  results: readonly Pick<CheckResult, "status" | "blocking">[],
): "pass" | "fail" | "error" {
  const blocking = results.filter((r) => r.blocking !== false);
  if (blocking.some((r) => r.status === "fail")) return "fail";
  if (blocking.some((r) => r.status === "error")) return "error";
  return "pass";
}
