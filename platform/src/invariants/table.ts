// The checker's findings as a person reads them: one line per check, then every violation
// under the check it broke, then a verdict.
import type { InvariantReport, Outcome } from './types.ts';

const MARK: Record<Outcome, string> = { PASS: '✓', FAIL: '✗', ERROR: '!', SKIPPED: '-' };

export function formatReport(report: InvariantReport): string {
  const titleWidth = Math.max(...report.checks.map((c) => c.title.length), 5);
  const checkedWidth = Math.max(...report.checks.map((c) => c.checked.length), 7);
  const lines = [
    `  ${'check'.padEnd(titleWidth + 2)}  ${'result'.padEnd(7)}  ${'checked'.padEnd(checkedWidth)}  note`,
    `  ${'-'.repeat(titleWidth + 2)}  ${'-'.repeat(7)}  ${'-'.repeat(checkedWidth)}  ----`,
  ];
  for (const c of report.checks) {
    const outcome = c.outcome === 'FAIL' ? `FAIL ${c.violations.length}` : c.outcome;
    lines.push(`  ${MARK[c.outcome]} ${c.title.padEnd(titleWidth)}  ${outcome.padEnd(7)}  ${c.checked.padEnd(checkedWidth)}  ${c.note ?? ''}`.trimEnd());
  }
  const broken = report.checks.filter((c) => c.violations.length > 0);
  if (broken.length > 0) {
    lines.push('', '  Violations:');
    for (const c of broken) {
      lines.push(`  ✗ ${c.title} (${c.id})`);
      for (const v of c.violations) lines.push(`      ${v.subject}: ${v.detail}`);
    }
  }
  const errors = report.checks.filter((c) => c.outcome === 'ERROR');
  const skippedCount = report.checks.filter((c) => c.outcome === 'SKIPPED').length;
  const took = `${(report.tookMs / 1000).toFixed(1)} s, ${report.attempts} ${report.attempts === 1 ? 'attempt' : 'attempts'}`;
  lines.push('');
  if (report.ok) {
    lines.push(`  All ${report.checks.length - skippedCount} invariants hold${skippedCount ? ` (${skippedCount} skipped, see above)` : ''}. (${took})`);
  } else {
    const parts = [
      ...(report.violations.length ? [`${report.violations.length} ${report.violations.length === 1 ? 'violation' : 'violations'} in ${broken.length} ${broken.length === 1 ? 'check' : 'checks'}`] : []),
      ...(errors.length ? [`${errors.length} ${errors.length === 1 ? 'check' : 'checks'} could not be asked`] : []),
    ];
    lines.push(`  NOT OK: ${parts.join('; ')}. (${took})`);
  }
  return lines.join('\n');
}
