// Import and export. Import: choose what the file holds and whose export it
// is, pick the file; the server's preview shows the first rows and where
// each column goes (the preset's map, each column changeable); a dry run
// lists the rows that would be rejected and why; the import sends the file
// with a progress bar and offers the rejected rows as a CSV download.
// Every check is the server's (POST /import/{kind}/preview, /import/{kind});
// the bar follows the upload, then waits for the server's summary.
// Export: a CSV download of every list.
import { upload, qs } from './api.js';
import { h, clear, num } from './ui.js';
import { state } from './state.js';

const KINDS = [['contacts', 'Contacts'], ['leads', 'Leads (as contacts to engage)'], ['accounts', 'Accounts'], ['deals', 'Deals'],
  ['history', 'Deal stage history']];
const EXPORTS = [['contacts', 'Contacts'], ['accounts', 'Accounts'], ['deals', 'Deals'], ['interactions', 'Interactions'],
  ['next-steps', 'Next steps']];
const PREVIEW_ROWS = 5;

// The export links of a list, for the list pages too. FILTERS: the list's
// query (q, sort, filters) so the file holds what the page shows.
export function exportLink(list, label, filters) {
  return h('a', { class: 'btn', href: `/api/v1/export/${list}${qs(filters || {})}`, download: `${list}.csv` }, label || 'Export CSV');
}

export async function renderImport(el) {
  document.title = 'Import and export · Fulcrum';
  const may = state.isManager();
  const exports = h('section', { class: 'panel', 'aria-labelledby': 'export-h' },
    h('h2', { id: 'export-h' }, 'Export'),
    h('p', {}, 'Every list as a CSV file, as you may see it.'),
    h('ul', { class: 'plain export-list' }, EXPORTS.map(([k, l]) => h('li', {}, exportLink(k, `${l} (CSV)`)))));
  if (!may) {
    clear(el, h('h1', {}, 'Import and export'),
      h('p', { class: 'panel' }, 'Imports are for managers and admins; ask one of them to bring a file in.'), exports);
    return;
  }
  const st = { file: null, preview: null };
  const kind = h('select', { id: 'imp-kind', name: 'kind' }, KINDS.map(([v, l]) => h('option', { value: v }, l)));
  const preset = h('select', { id: 'imp-preset', name: 'preset' }, h('option', { value: 'generic' }, 'generic'));
  const dup = h('select', { id: 'imp-dup', name: 'on_duplicate' },
    [['skip', 'Skip them'], ['update', 'Update them'], ['error', 'Reject them']].map(([v, l]) => h('option', { value: v }, l)));
  const file = h('input', { type: 'file', id: 'imp-file', name: 'file', accept: '.csv,text/csv,text/plain' });
  const problem = h('p', { class: 'form-error', role: 'alert' });
  const previewBox = h('div', { class: 'import-preview' });
  const checkBox = h('div', { class: 'import-check', 'aria-live': 'polite' });
  const doneBox = h('div', { class: 'import-done', 'aria-live': 'polite' });
  const checkBtn = h('button', { type: 'button', class: 'btn', disabled: true }, 'Check (dry run)');
  const importBtn = h('button', { type: 'button', class: 'btn primary', disabled: true }, 'Import');
  const bar = h('progress', { id: 'imp-progress', max: 100, value: 0, hidden: true, 'aria-label': 'Import progress' });
  const barText = h('span', { class: 'muted', 'aria-live': 'polite' });

  const fail = (err) => { problem.textContent = err?.message || String(err); };
  const reset = () => { problem.textContent = ''; clear(checkBox); clear(doneBox); };

  // Their column -> our field, every column stated, one a line (a header
  // may hold a comma); a column without a header cannot be mapped.
  const mapOf = () => [...previewBox.querySelectorAll('select[data-column]')]
    .filter((s) => s.dataset.column !== '')
    .map((s) => `${s.dataset.column}=${s.value}`).join('\n');
  const options = (extra) => qs({ preset: preset.value, map: st.preview ? mapOf() : '', on_duplicate: dup.value, ...extra });

  async function preview() {
    reset();
    st.preview = null;
    checkBtn.disabled = importBtn.disabled = true;
    clear(previewBox);
    if (!st.file) return;
    try {
      const p = await upload(`/import/${kind.value}/preview${qs({ preset: preset.value, rows: PREVIEW_ROWS, on_duplicate: dup.value })}`, st.file);
      st.preview = p;
      const chosen = preset.value;
      clear(preset, p.presets.map((x) => h('option', { value: x.name, title: x.about, selected: x.name === chosen }, x.name)));
      drawPreview(p);
      checkBtn.disabled = importBtn.disabled = false;
    } catch (err) { fail(err); }
  }

  function drawPreview(p) {
    const fields = p.fields.filter((f) => f !== 'ignore');
    const head = p.columns.map((c, i) => {
      const id = `imp-col-${i}`;
      return h('th', { scope: 'col' },
        h('label', { for: id }, c.header || `(column ${i + 1})`),
        h('select', { id, dataset: { column: c.header }, disabled: !c.header || undefined },
          h('option', { value: 'ignore', selected: !c.field || c.field === 'ignore' }, '— not imported —'),
          fields.map((f) => h('option', { value: f, selected: f === c.field }, f.replace(/_/g, ' ')))));
    });
    const checks = new Map((p.checks || []).map((c) => [c.row, c]));
    const body = p.rows.map((r, n) => h('tr', { dataset: { outcome: checks.get(n + 1)?.outcome || '' } },
      h('td', { class: 'import-check-cell' }, checkText(checks.get(n + 1))),
      p.columns.map((c, i) => h('td', {}, r[i] ?? ''))));
    const table = h('table', { class: 'import-table' },
      h('caption', { class: 'sr-only' }, 'Preview of the file with its column map'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'The import would'), head)), h('tbody', {}, body));
    clear(previewBox,
      h('h2', {}, 'Preview and column map'),
      h('p', {}, `The first ${p.rows.length} row${p.rows.length === 1 ? '' : 's'}; choose where each column goes.`),
      h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Preview of the file' }, table));
  }

  // What the import would do with a preview row, as the server's dry run
  // of those rows found: a likely duplicate names the record that is there.
  function checkText(c) {
    if (!c) return '';
    const verb = { imported: 'import it', flagged: 'import it, flagged as a likely duplicate', skipped: 'skip it',
      updated: 'merge it into the record that is there', rejected: 'reject it' }[c.outcome] || c.outcome;
    const rec = c.record ? h('strong', {}, ` ${c.record.kind} ${c.record.name ?? `#${c.record.id}`}`) : null;
    return [verb, rec, c.reason ? h('div', { class: 'muted' }, c.reason) : null];
  }

  function summary(res, dry) {
    const parts = dry
      ? [`${num(res.imported)} would be imported`, `${num(res.updated)} would update a record`, `${num(res.skipped)} skipped as duplicates`]
      : [`${num(res.imported)} imported`, `${num(res.updated)} updated`, `${num(res.skipped)} skipped as duplicates`];
    // flagged rows are imported too, and listed on the Likely duplicates page
    if (res.flagged) parts[0] += ` (${num(res.flagged)} flagged as likely duplicates)`;
    parts.push(`${num(res.rejected)} rejected`);
    return h('p', { class: 'import-summary' }, `${num(res.read)} rows read: ${parts.join(', ')}.`);
  }

  // The rows skipped, merged or flagged, each with why (docs/import-decisions.md).
  function decisions(res) {
    if (!res.decisions || !res.decisions.length) return null;
    return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Rows skipped, merged or flagged' },
      h('table', { class: 'rejects' }, h('caption', {}, 'Rows skipped, merged or flagged'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Line'), h('th', { scope: 'col' }, 'What'),
          h('th', { scope: 'col' }, 'Why'))),
        h('tbody', {}, res.decisions.map((r) => h('tr', {}, h('td', { class: 'num' }, String(r.line)),
          h('td', {}, r.outcome), h('td', {}, r.reason))))));
  }

  function rejects(res) {
    if (!res.rejected) return h('p', {}, 'No row is rejected.');
    const more = res.rejected > res.rejects.length ? h('p', { class: 'muted' }, `The first ${res.rejects.length} are listed.`) : null;
    return [h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Rejected rows' },
      h('table', { class: 'rejects' }, h('caption', {}, 'Rejected rows'),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Line'), h('th', { scope: 'col' }, 'Why'))),
        h('tbody', {}, res.rejects.map((r) => h('tr', {}, h('td', { class: 'num' }, String(r.line)), h('td', {}, r.reason)))))), more];
  }

  // The rejected rows as a file to download, made from the answer.
  let blobUrl = null;
  function rejectedLink(res) {
    if (!res.rejected_rows) return null;
    if (blobUrl) URL.revokeObjectURL(blobUrl);
    blobUrl = URL.createObjectURL(new Blob([res.rejected_rows], { type: 'text/csv' }));
    return h('a', { class: 'btn', href: blobUrl, download: `rejected-${kind.value}.csv`, id: 'imp-rejected' }, 'Download the rejected rows (CSV)');
  }

  checkBtn.addEventListener('click', async () => {
    reset();
    checkBtn.disabled = true;
    try {
      const res = await upload(`/import/${kind.value}${options({ dry_run: 'true', rejected_rows: 'true' })}`, st.file);
      clear(checkBox, h('h2', {}, 'Dry run'), summary(res, true), rejects(res), decisions(res), rejectedLink(res));
    } catch (err) { fail(err); } finally { checkBtn.disabled = false; }
  });

  importBtn.addEventListener('click', async () => {
    reset();
    importBtn.disabled = checkBtn.disabled = true;
    bar.hidden = false;
    bar.value = 0;
    barText.textContent = 'Sending the file…';
    try {
      const res = await upload(`/import/${kind.value}${options({ rejected_rows: 'true' })}`, st.file, (sent, total) => {
        // the file's bytes sent; the server's answer completes the bar
        bar.value = total ? Math.min(95, Math.round((95 * sent) / total)) : 50;
        // the server imports the rows once it has them all: from then on
        // the bar says "working" (indeterminate) until the answer
        if (sent >= total) { bar.removeAttribute('value'); barText.textContent = 'Importing…'; }
      });
      bar.value = 100;
      barText.textContent = 'Done';
      const list = kind.value === 'history' ? 'deals' : kind.value;
      clear(doneBox, h('h2', {}, 'Imported'), summary(res, false), rejects(res), decisions(res), rejectedLink(res),
        h('p', {}, h('a', { href: list === 'deals' ? '/pipeline' : `/${list}`, 'data-link': true }, `Go to ${list === 'deals' ? 'the pipeline' : list}`)));
    } catch (err) {
      bar.hidden = true;
      barText.textContent = '';
      fail(err);
    } finally { importBtn.disabled = checkBtn.disabled = false; }
  });

  file.addEventListener('change', () => { st.file = file.files[0] || null; preview(); });
  kind.addEventListener('change', preview);
  preset.addEventListener('change', preview);
  dup.addEventListener('change', preview);

  clear(el, h('h1', {}, 'Import and export'),
    h('section', { class: 'panel', 'aria-labelledby': 'import-h' },
      h('h2', { id: 'import-h' }, 'Import a CSV file'),
      h('div', { class: 'form-grid' },
        h('div', { class: 'field' }, h('label', { for: 'imp-kind' }, 'The file holds'), kind),
        h('div', { class: 'field' }, h('label', { for: 'imp-preset' }, 'Exported from'), preset),
        h('div', { class: 'field' }, h('label', { for: 'imp-dup' }, 'Records already here'), dup),
        h('div', { class: 'field' }, h('label', { for: 'imp-file' }, 'CSV file'), file)),
      problem, previewBox,
      h('div', { class: 'row' }, checkBtn, importBtn, bar, barText),
      checkBox, doneBox),
    exports);
}
