// The eligibility checker: a form that builds a profile (schemas/profile.schema.json), POST /evaluations, and the
// verdicts grouped for a cluster manager. Plain JavaScript served as a static file; no build step.
'use strict';

const LEGAL_FORMS = ['association', 'foundation', 'company_llc', 'company_jsc', 'cooperative', 'consortium_no_legal_personality',
  'public_body', 'body_governed_by_public_law', 'chamber', 'university', 'research_organisation', 'sole_trader', 'other'];
const ENTITY_TYPES = ['sme', 'large_enterprise', 'cluster_organisation', 'research_organisation', 'university', 'public_body', 'ngo',
  'vet_provider', 'chamber', 'other'];
const REGIMES = ['de_minimis_2023_2831', 'de_minimis_1407_2013', 'de_minimis_sgei_2023_2832', 'de_minimis_agriculture_1408_2013', 'gber',
  'notified', 'not_state_aid'];
const DOMAINS = ['innovation-rd', 'sustainability', 'internationalisation', 'finance', 'specialisation', 'jobs-skills'];
const LEVELS = ['eu', 'national', 'regional'];
const GROUPS = ['eligible', 'near-miss', 'undetermined', 'not-eligible'];

// The form: each field names its profile path; labels and hints come from the string tables (field.<path>, hint.<path>).
// A list is owned by the form as a whole: unknown (left out), none (an empty list) or the rows given.
const STEPS = [
  { id: 'organisation', fields: [
    { path: 'organisation.name', type: 'text', autocomplete: 'organization' },
    { path: 'organisation.country', type: 'country' },
    { path: 'organisation.nuts2', type: 'region', countryPath: 'organisation.country' },
    { path: 'organisation.legalForm', type: 'enum', values: LEGAL_FORMS, enumKey: 'legalForm' },
    { path: 'organisation.hasLegalPersonality', type: 'bool' },
    { path: 'organisation.forProfit', type: 'bool' },
    { path: 'organisation.registrationDate', type: 'date' },
    { path: 'organisation.ownership.publicPct', type: 'number', min: 0, max: 100 },
  ] },
  { id: 'size', fields: [
    { path: 'size.fiscalYear', type: 'integer', min: 1990, max: 2100 },
    { path: 'size.staffHeadcountAwu', type: 'number', min: 0 },
    { path: 'size.turnoverEur', type: 'number', min: 0 },
    { path: 'size.balanceSheetEur', type: 'number', min: 0 },
    { path: 'size.relationships', type: 'list', item: [
      { key: 'entityId', type: 'text' },
      { key: 'direction', type: 'enum', values: ['holds', 'heldBy'], enumKey: 'direction' },
      { key: 'sharePct', type: 'number', min: 0, max: 100 },
      { key: 'staffHeadcountAwu', type: 'number', min: 0 },
      { key: 'turnoverEur', type: 'number', min: 0 },
      { key: 'balanceSheetEur', type: 'number', min: 0 },
    ] },
  ] },
  { id: 'cluster', fields: [
    { path: 'cluster.isClusterOrganisation', type: 'bool' },
    { path: 'cluster.managementStaffFte', type: 'number', min: 0 },
    { path: 'cluster.managingSince', type: 'date' },
    { path: 'cluster.members.total', type: 'integer', min: 0 },
    { path: 'cluster.members.micro', type: 'integer', min: 0 },
    { path: 'cluster.members.small', type: 'integer', min: 0 },
    { path: 'cluster.members.medium', type: 'integer', min: 0 },
    { path: 'cluster.members.large', type: 'integer', min: 0 },
    { path: 'cluster.members.researchOrganisations', type: 'integer', min: 0 },
    { path: 'cluster.members.universities', type: 'integer', min: 0 },
    { path: 'cluster.members.vetProviders', type: 'integer', min: 0 },
    { path: 'cluster.members.publicBodies', type: 'integer', min: 0 },
    { path: 'cluster.members.other', type: 'integer', min: 0 },
    { path: 'cluster.members.anyMemberWithMajorityInfluence', type: 'bool' },
    { path: 'cluster.eccp.profiled', type: 'bool' },
    { path: 'cluster.eccp.validated', type: 'bool' },
    { path: 'cluster.excellenceLabel.level', type: 'enum', values: ['none', 'bronze', 'silver', 'gold'], enumKey: 'label' },
    { path: 'cluster.excellenceLabel.validUntil', type: 'date' },
    { path: 'cluster.excellenceLabel.issuer', type: 'text' },
  ] },
  { id: 'funding', fields: [
    { path: 'fundingHistory', type: 'list', item: [
      { key: 'schemeId', type: 'text', datalist: 'scheme-ids' },
      { key: 'beneficiaryEntityId', type: 'text' },
      { key: 'grantingCountry', type: 'country' },
      { key: 'regime', type: 'enum', values: REGIMES, enumKey: 'regime' },
      { key: 'amountEur', type: 'number', min: 0 },
      { key: 'legalRightDate', type: 'date' },
    ] },
  ] },
  { id: 'application', fields: [
    { path: 'application.schemeId', type: 'scheme' },
    { path: 'application.callId', type: 'text' },
    { path: 'application.role', type: 'enum', values: ['single', 'coordinator', 'partner'], enumKey: 'role' },
    { path: 'application.submissionDate', type: 'date' },
    { path: 'application.requestedAidEur', type: 'number', min: 0 },
    { path: 'application.eligibleCostsEur', type: 'number', min: 0 },
    { path: 'application.durationMonths', type: 'integer', min: 1 },
    { path: 'application.trlStart', type: 'integer', min: 1, max: 9 },
    { path: 'application.trlTarget', type: 'integer', min: 1, max: 9 },
    { path: 'application.consortium', type: 'list', item: [
      { key: 'name', type: 'text' },
      { key: 'country', type: 'country' },
      { key: 'nuts2', type: 'region', countryKey: 'country' },
      { key: 'entityType', type: 'enum', values: ENTITY_TYPES, enumKey: 'entityType' },
      { key: 'isSme', type: 'bool' },
      { key: 'budgetSharePct', type: 'number', min: 0, max: 100 },
    ] },
    { path: 'evaluationDate', type: 'date', query: true },
  ] },
];

const state = {
  lang: 'en',
  strings: {},
  catalogue: { countries: [], regions: [], schemes: [] },
  calls: new Map(),  // scheme id -> { status, nextDeadline } on the evaluation date
  base: {},          // the profile last loaded: what the form does not show is kept as it was
  step: 0,
  lists: {},         // list path -> rows [{ id, base }]
  nextRowId: 0,
  report: null,
  profileSent: null,
  filters: { domain: '', level: '' },
};

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

function t(key, vars) {
  let text = state.strings[key] ?? key;
  if (vars) for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, value);
  return text;
}
const has = key => Object.prototype.hasOwnProperty.call(state.strings, key);
const fieldId = path => 'f-' + path.replace(/[^A-Za-z0-9]+/g, '-');
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'text') node.textContent = value;
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child);
  return node;
};

// ---------- profile paths ----------

function getPath(object, path) {
  return path.split('.').reduce((value, part) => (value === null || value === undefined ? undefined : value[part]), object);
}

function setPath(object, path, value) {
  const parts = path.split('.');
  let node = object;
  for (const part of parts.slice(0, -1)) {
    if (typeof node[part] !== 'object' || node[part] === null || Array.isArray(node[part])) node[part] = {};
    node = node[part];
  }
  node[parts.at(-1)] = value;
}

function deletePath(object, path) {
  const parts = path.split('.');
  const parents = [object];
  for (const part of parts.slice(0, -1)) {
    const next = parents.at(-1)?.[part];
    if (typeof next !== 'object' || next === null) return;
    parents.push(next);
  }
  delete parents.at(-1)[parts.at(-1)];
  // An object the form emptied says nothing: leave it out rather than send {}.
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length > 0) break;
    delete parents[i - 1][parts[i - 1]];
  }
}

// ---------- building the form ----------

function buildForm() {
  const nav = $('#step-nav');
  const container = $('#steps');
  STEPS.forEach((step, index) => {
    const tab = el('button', { type: 'button', class: 'step-tab', id: `tab-${step.id}`, 'aria-controls': `step-${step.id}`, 'data-step': index },
      el('span', { class: 'step-number', text: String(index + 1) }), ' ', el('span', { 'data-i18n': `step.${step.id}` }),
      el('span', { class: 'step-errors', 'data-step-errors': step.id }));
    tab.addEventListener('click', () => showStep(index));
    nav.append(el('li', {}, tab));

    const fieldset = el('fieldset', { class: 'step', id: `step-${step.id}`, 'data-path': step.id },
      el('legend', { 'data-i18n': `step.${step.id}` }),
      el('p', { class: 'step-lead', 'data-i18n': `stepLead.${step.id}` }));
    const grid = el('div', { class: 'grid' });
    for (const field of step.fields) {
      if (field.type === 'list') fieldset.append(buildList(field));
      else grid.append(buildField(field, field.path, fieldId(field.path)));
    }
    fieldset.insertBefore(grid, fieldset.children[2] ?? null);
    container.append(fieldset);
  });
  container.append(el('datalist', { id: 'scheme-ids' }));
  $('#step-back').addEventListener('click', () => showStep(state.step - 1));
  $('#step-next').addEventListener('click', () => showStep(state.step + 1));
}

function buildField(field, path, id, labelKey = `field.${path}`) {
  const hintKey = `hint.${labelKey.slice('field.'.length)}`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const input = buildInput(field, id);
  input.dataset.path = path;
  input.setAttribute('aria-describedby', `${hintId} ${errorId}`);
  const wrapper = el('div', { class: 'field', 'data-field': path },
    el('label', { for: id, 'data-i18n': labelKey }),
    el('p', { class: 'hint', id: hintId, 'data-i18n': hintKey, 'data-optional': '' }),
    input,
    el('p', { class: 'error', id: errorId, hidden: true }));
  return wrapper;
}

function buildInput(field, id) {
  switch (field.type) {
    case 'text':
      return el('input', { type: 'text', id, autocomplete: field.autocomplete ?? 'off', list: field.datalist });
    case 'date':
      return el('input', { type: 'date', id });
    case 'number':
    case 'integer':
      return el('input', { type: 'number', id, inputmode: field.type === 'integer' ? 'numeric' : 'decimal',
        step: field.type === 'integer' ? '1' : 'any', min: field.min, max: field.max });
    case 'bool': {
      const select = el('select', { id });
      select.append(el('option', { value: '', 'data-i18n': 'unknown' }), el('option', { value: 'true', 'data-i18n': 'yes' }),
        el('option', { value: 'false', 'data-i18n': 'no' }));
      return select;
    }
    case 'enum': {
      const select = el('select', { id });
      select.append(el('option', { value: '', 'data-i18n': 'unknown' }));
      for (const value of field.values) select.append(el('option', { value, 'data-i18n': `enum.${field.enumKey}.${value}` }));
      return select;
    }
    case 'country': {
      const select = el('select', { id, 'data-options': 'countries' });
      select.addEventListener('change', () => refreshRegions(select));
      return select;
    }
    case 'region':
      return el('select', { id, 'data-options': 'regions', 'data-country': field.countryPath ? fieldId(field.countryPath) : '' });
    case 'scheme':
      return el('select', { id, 'data-options': 'schemes' });
    default:
      throw new Error(`unknown field type ${field.type}`);
  }
}

function buildList(field) {
  const id = fieldId(field.path);
  const section = el('fieldset', { class: 'list', 'data-list': field.path, 'data-path': field.path },
    el('legend', { 'data-i18n': `field.${field.path}` }),
    el('p', { class: 'hint', id: `${id}-hint`, 'data-i18n': `hint.${field.path}` }));
  const stateSelect = el('select', { id: `${id}-state`, 'aria-describedby': `${id}-hint ${id}-state-error`, 'data-path': field.path });
  stateSelect.append(el('option', { value: '', 'data-i18n': 'listUnknown' }), el('option', { value: 'none', 'data-i18n': `listNone.${field.path}` }),
    el('option', { value: 'rows', 'data-i18n': 'listRows' }));
  const rows = el('div', { class: 'rows', id: `${id}-rows` });
  const add = el('button', { type: 'button', class: 'secondary', id: `${id}-add`, 'data-i18n': `listAdd.${field.path}` });
  const addRow = () => {
    stateSelect.value = 'rows';
    state.lists[field.path].push({ id: state.nextRowId++, base: {} });
    renderList(field);
    $(`#${id}-rows .row:last-child :is(input, select)`)?.focus();
    saveDraft();
  };
  add.addEventListener('click', addRow);
  // "Yes, as listed below" with nothing listed yet opens the first row to fill in.
  stateSelect.addEventListener('change', () => {
    if (stateSelect.value === 'rows' && state.lists[field.path].length === 0) addRow(); else renderList(field);
  });
  section.append(el('div', { class: 'field' }, el('label', { for: `${id}-state`, 'data-i18n': 'listState' }), stateSelect),
    el('p', { class: 'error', id: `${id}-state-error`, hidden: true }), rows, add);
  state.lists[field.path] = [];
  return section;
}

function renderList(field, values = null) {
  const id = fieldId(field.path);
  const container = $(`#${id}-rows`);
  const kept = values ?? readRows(field);
  container.replaceChildren();
  const shown = $(`#${id}-state`).value === 'rows';
  state.lists[field.path].forEach((row, index) => {
    const rowPath = `${field.path}[${index}]`;
    const box = el('fieldset', { class: 'row', 'data-path': rowPath },
      el('legend', { text: t(`rowLegend.${field.path}`, { n: index + 1 }) }));
    const grid = el('div', { class: 'grid' });
    for (const item of field.item) {
      const path = `${rowPath}.${item.key}`;
      const wrapper = buildField(item.type === 'region' ? { ...item, countryPath: null } : item, path, fieldId(`${field.path}-${row.id}-${item.key}`),
        `field.${field.path}.${item.key}`);
      const input = $('input, select', wrapper);
      if (item.type === 'region') input.dataset.country = fieldId(`${field.path}-${row.id}-${item.countryKey}`);
      grid.append(wrapper);
    }
    const remove = el('button', { type: 'button', class: 'link', text: t(`rowRemove.${field.path}`, { n: index + 1 }) });
    remove.addEventListener('click', () => {
      const values = readRows(field);
      values.splice(index, 1);
      state.lists[field.path].splice(index, 1);
      renderList(field, values);
      $(`#${id}-add`).focus();
      saveDraft();
    });
    box.append(grid, remove);
    container.append(box);
  });
  container.hidden = !shown;
  translate(container);
  fillOptions(container);
  state.lists[field.path].forEach((row, index) => {
    for (const item of field.item) {
      const input = document.getElementById(fieldId(`${field.path}-${row.id}-${item.key}`));
      setValue(input, item, kept[index]?.[item.key]);
      if (item.type === 'country') refreshRegions(input);
    }
  });
}

function readRows(field) {
  return state.lists[field.path].map(row => {
    const item = structuredClone(row.base);
    for (const spec of field.item) {
      const input = document.getElementById(fieldId(`${field.path}-${row.id}-${spec.key}`));
      if (!input) continue;
      const value = readValue(input, spec);
      if (value === undefined) delete item[spec.key]; else item[spec.key] = value;
    }
    return item;
  });
}

// ---------- values ----------

function readValue(input, field) {
  const raw = input.value.trim();
  if (raw === '') return undefined;
  switch (field.type) {
    case 'bool': return raw === 'true';
    case 'number':
    case 'integer': return Number(raw);
    default: return raw;
  }
}

function setValue(input, field, value) {
  if (!input) return;
  if (value === undefined || value === null) { input.value = ''; return; }
  if (input.tagName === 'SELECT' && typeof value === 'string' && ![...input.options].some(o => o.value === value)) {
    // A value the lists do not offer (a region of a country the catalogue does not table): keep it selectable.
    input.append(el('option', { value, text: value }));
  }
  input.value = String(value);
}

function allFields() {
  return STEPS.flatMap(step => step.fields);
}

/** Numbers the browser could not read (letters in a number field) are named here, before anything is sent. */
function localProblems() {
  const problems = {};
  for (const input of $$('#steps input[type=number]')) {
    if (input.validity.badInput) problems['$.' + input.dataset.path] = [t('notANumber')];
  }
  return problems;
}

function buildProfile() {
  const profile = structuredClone(state.base);
  for (const field of allFields()) {
    if (field.query) continue;
    if (field.type === 'list') {
      const mode = document.getElementById(`${fieldId(field.path)}-state`).value;
      const rows = mode === 'rows' ? readRows(field) : [];
      // An empty list says "none"; rows all left blank say nothing, so the list stays unknown. A blank row among
      // filled ones is sent as it is, so that the API's errors (fundingHistory[2]…) name the rows the user sees.
      if (mode === '' || (mode === 'rows' && rows.every(row => Object.keys(row).length === 0))) deletePath(profile, field.path);
      else setPath(profile, field.path, rows);
      continue;
    }
    const value = readValue(document.getElementById(fieldId(field.path)), field);
    if (value === undefined) deletePath(profile, field.path); else setPath(profile, field.path, value);
  }
  return profile;
}

function fillForm(profile) {
  state.base = structuredClone(profile);
  for (const field of allFields()) {
    if (field.query) continue;
    if (field.type === 'list') {
      const value = getPath(profile, field.path);
      const mode = Array.isArray(value) ? (value.length === 0 ? 'none' : 'rows') : '';
      document.getElementById(`${fieldId(field.path)}-state`).value = mode;
      state.lists[field.path] = (Array.isArray(value) ? value : []).map(item => ({ id: state.nextRowId++, base: structuredClone(item) }));
      renderList(field, Array.isArray(value) ? value : []);
      continue;
    }
    const input = document.getElementById(fieldId(field.path));
    setValue(input, field, getPath(profile, field.path));
    if (field.type === 'country') refreshRegions(input);
  }
  clearErrors();
}

// ---------- option lists ----------

function regionName(region) {
  return `${region.code} ${region.name}`;
}

function countryName(code) {
  try {
    return new Intl.DisplayNames([state.lang], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

function fillOptions(root = document) {
  for (const select of $$('select[data-options]', root)) {
    const value = select.value;
    const kind = select.dataset.options;
    const options = [el('option', { value: '', text: t('unknown') })];
    if (kind === 'countries') {
      const names = state.catalogue.countries.map(code => ({ code, name: countryName(code) }))
        .sort((a, b) => a.name.localeCompare(b.name, state.lang));
      for (const { code, name } of names) options.push(el('option', { value: code, text: `${name} (${code})` }));
    } else if (kind === 'schemes') {
      for (const scheme of state.catalogue.schemes) options.push(el('option', { value: scheme.id, text: scheme.name }));
    } else if (kind === 'regions') {
      const country = select.dataset.country ? document.getElementById(select.dataset.country)?.value : '';
      for (const region of state.catalogue.regions.filter(r => r.country === country)) {
        options.push(el('option', { value: region.code, text: regionName(region) }));
      }
    }
    select.replaceChildren(...options);
    if (value && ![...select.options].some(o => o.value === value)) select.append(el('option', { value, text: value }));
    select.value = value;
  }
  const datalist = $('#scheme-ids');
  if (datalist) datalist.replaceChildren(...state.catalogue.schemes.map(s => el('option', { value: s.id, text: s.name })));
}

function refreshRegions(countrySelect) {
  for (const select of $$(`select[data-country="${countrySelect.id}"]`)) {
    const value = select.value;
    const regions = state.catalogue.regions.filter(r => r.country === countrySelect.value);
    select.replaceChildren(el('option', { value: '', text: t('unknown') }),
      ...regions.map(r => el('option', { value: r.code, text: regionName(r) })));
    // A region stays chosen only while it belongs to the country.
    select.value = regions.some(r => r.code === value) ? value : '';
    select.disabled = regions.length === 0;
  }
}

// ---------- language ----------

async function setLanguage(lang) {
  const response = await fetch(`i18n/${lang}.json`);
  if (!response.ok) return;
  state.strings = await response.json();
  state.lang = lang;
  document.documentElement.lang = lang;
  document.title = t('pageTitle');
  localStorage.setItem('clusterfinance.lang', lang);
  for (const button of $$('[data-lang]')) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  translate(document);
  fillOptions();
  for (const select of $$('select[data-options=countries]')) refreshRegions(select);
  for (const field of allFields().filter(f => f.type === 'list')) {
    state.lists[field.path].forEach((_, index) => {
      const box = $(`[data-list="${field.path}"] .row:nth-child(${index + 1})`);
      if (!box) return;
      $('legend', box).textContent = t(`rowLegend.${field.path}`, { n: index + 1 });
      $(':scope > button.link', box).textContent = t(`rowRemove.${field.path}`, { n: index + 1 });
    });
  }
  fillFilters();
  if (state.report) renderResults();
  showStep(state.step, false);
}

function translate(root) {
  for (const node of $$('[data-i18n]', root)) {
    const key = node.dataset.i18n;
    if (node.hasAttribute('data-optional')) {
      node.textContent = has(key) ? t(key) : '';
      node.hidden = !has(key);
    } else {
      node.textContent = t(key);
    }
  }
  for (const node of $$('[data-i18n-aria-label]', root)) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
}

// ---------- steps ----------

function showStep(index, scroll = true) {
  state.step = Math.max(0, Math.min(STEPS.length - 1, index));
  STEPS.forEach((step, i) => {
    $(`#step-${step.id}`).hidden = i !== state.step;
    const tab = $(`#tab-${step.id}`);
    if (i === state.step) tab.setAttribute('aria-current', 'step'); else tab.removeAttribute('aria-current');
  });
  $('#step-back').disabled = state.step === 0;
  $('#step-next').disabled = state.step === STEPS.length - 1;
  if (scroll) $(`#step-${STEPS[state.step].id} legend`)?.scrollIntoView({ block: 'nearest' });
}

function stepOf(element) {
  const fieldset = element.closest('fieldset.step');
  return fieldset ? STEPS.findIndex(s => `step-${s.id}` === fieldset.id) : -1;
}

// ---------- errors ----------

function clearErrors() {
  for (const node of $$('.error')) { node.hidden = true; node.textContent = ''; }
  for (const node of $$('[aria-invalid]')) node.removeAttribute('aria-invalid');
  for (const node of $$('[data-step-errors]')) node.textContent = '';
  const summary = $('#error-summary');
  summary.hidden = true;
  summary.replaceChildren();
}

/** The input or list a JSON path such as $.application.consortium[0].nuts2 concerns, or its nearest shown ancestor. */
function targetOf(jsonPath) {
  let path = jsonPath.replace(/^\$\.?/, '');
  while (path) {
    const input = $(`#steps [data-path="${CSS.escape(path)}"]:is(input, select)`);
    if (input) return input;
    const group = $(`#steps fieldset[data-path="${CSS.escape(path)}"]`);
    if (group) return group;
    path = path.replace(/(\[\d+\]|\.[^.[\]]+|^[^.[\]]+)$/, '');
  }
  return null;
}

function showErrors(errors, detail) {
  clearErrors();
  const summary = $('#error-summary');
  const list = el('ul');
  const perStep = new Map();
  let first = null;
  for (const [path, messages] of Object.entries(errors)) {
    const target = targetOf(path);
    const text = messages.join(' ');
    if (target && target.matches('input, select')) {
      const error = document.getElementById(`${target.id}-error`);
      error.textContent = text;
      error.hidden = false;
      target.setAttribute('aria-invalid', 'true');
    } else if (target) {
      const error = $(':scope > .error', target) ?? target.appendChild(el('p', { class: 'error' }));
      error.textContent = [error.textContent, `${path}: ${text}`].filter(Boolean).join(' ');
      error.hidden = false;
    }
    const step = target ? stepOf(target) : -1;
    if (step >= 0) perStep.set(step, (perStep.get(step) ?? 0) + 1);
    first ??= target && step >= 0 ? { target, step } : null;
    const row = target?.closest('.row');
    const name = target?.id ? $(`label[for="${target.id}"]`)?.textContent : null;
    const label = name && row ? `${$('legend', row).textContent}: ${name}` : name;
    const link = target?.id
      ? el('a', { href: `#${target.id}`, text: `${label ?? path}: ${text}` })
      : el('span', { text: `${path}: ${text}` });
    if (target?.id) link.addEventListener('click', event => {
      event.preventDefault();
      showStep(stepOf(target));
      target.focus();
    });
    list.append(el('li', {}, link));
  }
  for (const [step, count] of perStep) $(`[data-step-errors="${STEPS[step].id}"]`).textContent = ` (${t('errorCount', { n: count })})`;
  summary.append(el('h2', { text: t('errorsHeading') }), el('p', { text: detail ?? '' }), list);
  summary.hidden = false;
  if (first) showStep(first.step, false);
  summary.focus();
}

function showFailure(message) {
  clearErrors();
  const summary = $('#error-summary');
  summary.append(el('h2', { text: t('errorsHeading') }), el('p', { text: message }));
  summary.hidden = false;
  summary.focus();
}

// ---------- evaluating ----------

async function evaluate(event) {
  event.preventDefault();
  const local = localProblems();
  if (Object.keys(local).length > 0) { showErrors(local, t('fixFields')); return; }
  const profile = buildProfile();
  const asOf = $(`#${fieldId('evaluationDate')}`).value;
  const query = new URLSearchParams();
  if (asOf) query.set('asOf', asOf);
  const button = $('#evaluate');
  button.disabled = true;
  $('#results-status').textContent = t('evaluating');
  try {
    const response = await fetch(`evaluations${query.size ? `?${query}` : ''}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(profile),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      if (body?.errors) showErrors(body.errors, body.detail);
      else showFailure(body?.detail ?? t('serverError', { status: response.status }));
      $('#results-status').textContent = '';
      return;
    }
    clearErrors();
    state.report = body;
    state.calls = await callsOn(body.asOf);
    state.profileSent = profile;
    saveDraft();
    renderResults();
    const results = $('#results');
    results.hidden = false;
    $('#results-heading').focus({ preventScroll: true });
    results.scrollIntoView({ block: 'start' });
    document.body.dataset.evaluations = String(Number(document.body.dataset.evaluations ?? 0) + 1);
  } catch {
    showFailure(t('networkError'));
  } finally {
    button.disabled = false;
  }
}

/** Call status and next deadline of every scheme on the evaluation date; the verdicts stand without them. */
async function callsOn(date) {
  const schemes = await allSchemes(date).catch(() => []);
  return new Map(schemes.map(s => [s.id, { status: s.status, nextDeadline: s.nextDeadline }]));
}

/** Every scheme in force on a date (today when none is given), page by page. */
async function allSchemes(date) {
  const items = [];
  for (let page = 1; ; page++) {
    const response = await fetch(`schemes?pageSize=200&page=${page}${date ? `&on=${date}` : ''}`);
    if (!response.ok) throw new Error(`schemes answered ${response.status}`);
    const body = await response.json();
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

function formatDate(iso) {
  return new Intl.DateTimeFormat(state.lang === 'ro' ? 'ro-RO' : 'en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
}

function groupOf(result) {
  if (result.verdict === 'eligible') return 'eligible';
  if (result.verdict === 'undetermined') return 'undetermined';
  return result.nearMiss ? 'near-miss' : 'not-eligible';
}

function visibleResults() {
  const domains = new Map(state.catalogue.schemes.map(s => [s.id, s.domains]));
  return state.report.results.filter(r =>
    (!state.filters.domain || (domains.get(r.schemeId) ?? []).includes(state.filters.domain)) &&
    (!state.filters.level || r.level === state.filters.level));
}

function formatValue(value) {
  if (typeof value === 'number') return new Intl.NumberFormat(state.lang === 'ro' ? 'ro-RO' : 'en-GB', { maximumFractionDigits: 2 }).format(value);
  if (typeof value === 'boolean') return t(value ? 'yes' : 'no');
  return value === null || value === undefined ? t('unknown') : String(value);
}

function factLabel(fact) {
  const path = fact.replace(/\[\*\]|\[\d+\]/g, '');
  if (has(`field.${path}`)) return t(`field.${path}`);
  return fact;
}

/** Where the form asks for a fact, if it does: its input, or the list that holds it. */
function fieldFor(fact) {
  const path = fact.replace(/\[\*\]|\[\d+\]/g, '');
  const input = document.getElementById(fieldId(path));
  if (input && input.matches('input, select')) return input;
  const list = path.split('.').map((_, i, parts) => parts.slice(0, parts.length - i).join('.'))
    .find(p => $(`[data-list="${CSS.escape(p)}"]`));
  return list ? document.getElementById(`${fieldId(list)}-state`) : null;
}

function nextQuestions(results) {
  const counts = new Map();
  for (const result of results.filter(r => r.verdict === 'undetermined')) {
    const facts = new Set(result.criteria.flatMap(c => c.missingFacts ?? []));
    for (const fact of facts) counts.set(fact, (counts.get(fact) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 8);
}

function linkify(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(/https?:\/\/[^\s)]*[^\s),.;:]/g)) {
    parts.push(text.slice(last, match.index));
    parts.push(el('a', { href: match[0], rel: 'noopener noreferrer', target: '_blank', text: match[0] }));
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

function renderCriterion(criterion) {
  const item = el('li', { class: `criterion ${criterion.verdict}` },
    el('span', { class: `badge ${criterion.verdict}`, text: t(`criterion.${criterion.verdict}`) }), ' ',
    el('span', { class: 'criterion-id', text: criterion.id }));
  if (criterion.message) item.append(el('p', { class: 'message', text: criterion.message }));
  if (criterion.gap) {
    item.append(el('p', { class: 'gap' }, el('strong', { text: `${t('gap')}: ` }),
      t('gapText', { fact: factLabel(criterion.gap.fact), actual: formatValue(criterion.gap.actual), required: criterion.gap.required })));
  }
  if (criterion.missingFacts?.length) {
    item.append(el('p', { class: 'missing' }, el('strong', { text: `${t('missingFacts')}: ` }),
      criterion.missingFacts.map(factLabel).join(', ')));
  }
  if (criterion.children?.length) item.append(el('ul', { class: 'children' }, criterion.children.map(renderCriterion)));
  if (criterion.citation) {
    item.append(el('p', { class: 'citation' }, el('strong', { text: `${t('citation')}: ` }), linkify(criterion.citation)));
  }
  if (criterion.unverified) item.append(el('p', { class: 'unverified', text: t('unverifiedCriterion') }));
  return item;
}

function callText(schemeId) {
  const call = state.calls.get(schemeId);
  if (!call) return null;
  const status = t(`call.${call.status.replace(' ', '-')}`);
  const text = call.nextDeadline ? `${status} · ${t('nextDeadline', { date: formatDate(call.nextDeadline) })}` : status;
  return el('span', { class: `call ${call.status.replace(' ', '-')}`, text });
}

function renderScheme(result) {
  const group = groupOf(result);
  const flags = [];
  if (!result.verified) flags.push(el('span', { class: 'flag', text: t('unverified') }));
  if (result.legacy) flags.push(el('span', { class: 'flag', text: t('legacy') }));
  const summary = el('summary', {},
    el('span', { class: 'scheme-name', text: result.name }), ' ',
    el('span', { class: `badge ${group}`, text: t(`verdict.${group}`) }), ' ',
    el('span', { class: 'level', text: t(`level.${result.level}`) }), ...flags, callText(result.schemeId));
  const body = el('div', { class: 'scheme-body' }, el('p', { class: 'scheme-id', text: result.schemeId }));
  const order = { fail: 0, unknown: 1, pass: 2 };
  const criteria = [...result.criteria].sort((a, b) => order[a.verdict] - order[b.verdict]);
  body.append(el('ul', { class: 'criteria' }, criteria.map(renderCriterion)));
  if (result.manualChecks?.length) {
    body.append(el('h4', { text: t('manualChecks') }),
      el('ul', { class: 'manual' }, result.manualChecks.map(check =>
        el('li', {}, check.text, check.citation ? el('span', { class: 'citation' }, ' (', linkify(check.citation), ')') : null))));
  }
  return el('li', { class: 'scheme', 'data-scheme': result.schemeId, 'data-group': group },
    el('details', { open: group === 'eligible' || group === 'near-miss' ? true : null }, summary, body));
}

function renderResults() {
  const report = state.report;
  const results = visibleResults();
  const byGroup = Object.fromEntries(GROUPS.map(g => [g, results.filter(r => groupOf(r) === g)]));
  $('#results-meta').textContent = t('resultsMeta', {
    date: formatDate(report.asOf),
    count: report.results.length,
    catalogue: report.receipt.catalogue.slice(0, 19),
  });
  $('#results-status').textContent = t('resultsStatus', {
    eligible: byGroup.eligible.length, near: byGroup['near-miss'].length, undetermined: byGroup.undetermined.length,
    not: byGroup['not-eligible'].length,
  });

  $('#summary').replaceChildren(el('ul', {}, GROUPS.map(g => el('li', {},
    el('a', { href: `#group-${g}`, class: `count ${g}` }, el('span', { class: 'number', 'data-count': g, text: String(byGroup[g].length) }), ' ',
      t(`group.${g}`))))));

  const questions = nextQuestions(results);
  $('#next-questions').hidden = questions.length === 0;
  $('#next-list').replaceChildren(...questions.map(([fact, count]) => {
    const input = fieldFor(fact);
    const item = el('li', { 'data-fact': fact, 'data-count': count }, el('strong', { text: factLabel(fact) }), ' ',
      el('span', { text: t('settles', { n: count }) }), ' ');
    if (input) {
      const answer = el('button', { type: 'button', class: 'link', text: t('answer') });
      answer.addEventListener('click', () => { showStep(stepOf(input)); input.focus(); });
      item.append(answer);
    } else {
      item.append(el('span', { class: 'hint', text: t('notOnForm', { path: fact }) }));
    }
    return item;
  }));

  $('#groups').replaceChildren(...GROUPS.map(g => el('section', { class: `group ${g}`, id: `group-${g}`, 'aria-labelledby': `group-${g}-heading` },
    el('h3', { id: `group-${g}-heading` }, t(`group.${g}`), ' ', el('span', { class: 'number', text: `(${byGroup[g].length})` })),
    el('p', { class: 'group-lead', text: t(`groupLead.${g}`) }),
    byGroup[g].length ? el('ul', { class: 'schemes' }, byGroup[g].map(renderScheme)) : el('p', { class: 'empty', text: t('noneInGroup') }))));
}

function fillFilters() {
  const domain = $('#filter-domain');
  const level = $('#filter-level');
  domain.replaceChildren(el('option', { value: '', text: t('allDomains') }), ...DOMAINS.map(d => el('option', { value: d, text: t(`domain.${d}`) })));
  level.replaceChildren(el('option', { value: '', text: t('allLevels') }), ...LEVELS.map(l => el('option', { value: l, text: t(`level.${l}`) })));
  domain.value = state.filters.domain;
  level.value = state.filters.level;
}

// ---------- roadmap ----------

async function downloadRoadmap(format) {
  const query = new URLSearchParams({ format, lang: state.lang });
  const asOf = $(`#${fieldId('evaluationDate')}`).value;
  if (asOf) query.set('asOf', asOf);
  const status = $('#results-status');
  status.textContent = t('roadmapPreparing');
  const response = await fetch(`roadmaps?${query}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(state.profileSent ?? buildProfile()),
  }).catch(() => null);
  if (!response || !response.ok) {
    const problem = response ? await response.json().catch(() => null) : null;
    if (response?.status === 404 && !problem?.detail) $('#roadmap').hidden = true;
    status.textContent = problem?.detail ?? t('roadmapFailed');
    return;
  }
  const blob = await response.blob();
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const named = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  const name = named ? decodeURIComponent(named) : `roadmap-${state.profileSent?.profileId ?? 'profile'}.${format}`;
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status.textContent = t('roadmapReady', { name });
}

/** The roadmap link is offered only where the server renders roadmaps: GET on a POST-only route answers 405, a missing route 404. */
async function probeRoadmaps() {
  const response = await fetch('roadmaps', { method: 'GET' }).catch(() => null);
  $('#roadmap').hidden = !response || response.status === 404;
}

// ---------- files and drafts ----------

function saveProfile() {
  const profile = buildProfile();
  const blob = new Blob([JSON.stringify(profile, null, 2) + '\n'], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: `${profile.profileId ?? 'profile'}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function loadProfile(file) {
  const status = $('#file-status');
  try {
    const profile = JSON.parse(await file.text());
    if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) throw new Error('not an object');
    fillForm(profile);
    saveDraft();
    status.textContent = t('loaded', { name: file.name });
  } catch {
    status.textContent = t('loadFailed', { name: file.name });
  }
}

function saveDraft() {
  try {
    localStorage.setItem('clusterfinance.profile', JSON.stringify(buildProfile()));
  } catch {
    // Private windows may refuse storage; the form works without a draft.
  }
}

function restoreDraft() {
  const draft = localStorage.getItem('clusterfinance.profile');
  if (!draft) return;
  try { fillForm(JSON.parse(draft)); } catch { localStorage.removeItem('clusterfinance.profile'); }
}

// ---------- start ----------

async function loadCatalogue() {
  const [regions, sets, schemes] = await Promise.all([
    fetch('lookups/nuts2-regions').then(r => r.json()),
    fetch('lookups/country-sets').then(r => r.json()),
    allSchemes(),
  ]);
  state.catalogue.regions = regions.regions;
  const countries = new Set(regions.regions.map(r => r.country));
  for (const set of sets.sets) for (const version of set.versions) for (const code of version.countries) countries.add(code);
  state.catalogue.countries = [...countries];
  state.catalogue.schemes = schemes.map(s => ({ id: s.id, name: s.name, domains: s.domains }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

async function start() {
  buildForm();
  const saved = localStorage.getItem('clusterfinance.lang');
  const preferred = saved ?? (navigator.language?.toLowerCase().startsWith('ro') ? 'ro' : 'en');
  const catalogue = loadCatalogue();
  await setLanguage(preferred === 'ro' ? 'ro' : 'en');
  // Without the look-up tables the form still works with what the user types or loads; say what is missing.
  await catalogue.catch(() => showFailure(t('catalogueError')));
  fillOptions();
  fillFilters();
  restoreDraft();
  showStep(0, false);

  for (const button of $$('[data-lang]')) button.addEventListener('click', () => setLanguage(button.dataset.lang));
  $('#profile-form').addEventListener('submit', evaluate);
  $('#profile-form').addEventListener('change', saveDraft);
  $('#save-profile').addEventListener('click', saveProfile);
  $('#clear-profile').addEventListener('click', () => {
    fillForm({});
    localStorage.removeItem('clusterfinance.profile');
    $('#file-status').textContent = t('cleared');
  });
  $('#load-file').addEventListener('change', event => {
    const file = event.target.files?.[0];
    if (file) loadProfile(file);
    event.target.value = '';
  });
  $('#filter-domain').addEventListener('change', event => { state.filters.domain = event.target.value; renderResults(); });
  $('#filter-level').addEventListener('change', event => { state.filters.level = event.target.value; renderResults(); });
  for (const button of $$('[data-roadmap]')) button.addEventListener('click', () => downloadRoadmap(button.dataset.roadmap));
  await probeRoadmaps();
  document.body.dataset.ready = 'true';
}

start();
