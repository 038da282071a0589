// @ts-check
/**
 * A form generated from a JSON Schema. The scenario editor's fields, labels and help text all come
 * from the scenario's JSON Schema as the service publishes it (ScenarioInput in /openapi.json, made
 * from the one zod schema and its descriptions), so the help is written once, next to the rule.
 *
 * It handles what that schema uses: objects, strings (an enum as a select), numbers, booleans,
 * arrays of enums (checkboxes), arrays of objects and of alternatives (oneOf told apart by a
 * constant, as a supply change by its action), nullable numbers, other alternatives (anyOf, chosen
 * from a select) and records (key and value rows).
 *
 * `read()` gives the value to send: only what is filled in, so whatever is left empty takes the
 * schema's default. `mark(issues)` shows the service's field errors (400 and 422 answers name the
 * field) next to their fields, and returns those that belong to no field.
 */
import { h } from './dom.js';

/**
 * @typedef {Record<string, any>} Schema
 * @typedef {{ el: HTMLElement, read: () => unknown, mark: (path: string, issues: Map<string, string[]>) => number }} Field
 * @typedef {{ label: string, required: boolean, value: unknown, description?: string, default?: unknown, depth: number, flat?: boolean,
 *   key?: string, nouns: Record<string, string> }} Context
 *   key: the property's name; nouns: what one item of a list is called, by the list's property name;
 *   depth: 0 the form itself, 1 its sections (collapsible), deeper a group; flat: an object's fields without a group of their own
 */

let counter = 0;
const nextId = () => `sf-${++counter}`;

const ACRONYMS = { ehcp: 'EHCP', srp: 'SRP', urn: 'URN', km: 'km', kmh: 'km/h', lp: 'LP', id: 'ID', jslp: 'jslp' };

/** "designationSet" -> "Designation set", "ehcpRateTrend" -> "EHCP rate trend", "post16" -> "Post-16". */
export function words(name) {
  const parts = name
    .replace(/post16/gi, 'post-16')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/\s+/)
    .map((w) => ACRONYMS[/** @type {keyof typeof ACRONYMS} */ (w.toLowerCase())] ?? w.toLowerCase());
  const text = parts.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where a field's text, hint and error go: a label, its hint from the description, its error slot. */
function parts(id, ctx, options = {}) {
  const hintText = [ctx.description, defaultText(ctx.default)].filter(Boolean).join(' ');
  const hint = hintText ? h('p', { class: 'hint', id: `${id}-hint` }, hintText) : null;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const label = options.noLabel ? null : h('label', { for: id }, ctx.label, ctx.required ? '' : h('span', { class: 'muted' }, ' (optional)'));
  const describedBy = [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' ');
  return { label, hint, error, describedBy };
}

function defaultText(value) {
  if (value === undefined || value === '') return '';
  if (value === null) return 'Left empty: none.';
  if (typeof value === 'object') return '';
  return `Left empty: ${value}.`;
}

/** Shows or clears the messages for one input. */
function setError(input, error, messages) {
  error.textContent = messages.join('; ');
  error.hidden = messages.length === 0;
  if (input) {
    if (messages.length) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }
  return messages.length;
}

/** Takes the messages for `path` out of the map: what is left at the end belongs to no field. */
function own(path, issues) {
  const messages = issues.get(path) ?? [];
  issues.delete(path);
  return messages;
}
const join = (path, key) => (path === '' ? String(key) : `${path}.${key}`);

/** Builds the field for a schema. */
function field(schema, ctx) {
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const nonNull = alternatives.filter((s) => s.type !== 'null');
    if (nonNull.length === 1) return nullableField(nonNull[0], ctx, nonNull.length !== alternatives.length);
    if (nonNull.every((s) => s.type === 'object' && discriminator(s))) return variantField(nonNull, ctx);
    return choiceField(nonNull, ctx);
  }
  if (schema.type === 'object') return schema.properties ? objectField(schema, ctx) : recordField(schema, ctx);
  if (schema.type === 'array') return schema.items?.enum ? enumArrayField(schema, ctx) : listField(schema, ctx);
  if (schema.type === 'boolean') return booleanField(ctx);
  if (schema.type === 'number' || schema.type === 'integer') return numberField(schema, ctx);
  if (schema.enum) return selectField(schema, ctx);
  return textField(schema, ctx);
}

/** The property of an object schema that holds a constant (a supply change's action), if any. */
function discriminator(schema) {
  return Object.entries(schema.properties ?? {}).find(([, s]) => /** @type {Schema} */ (s).const !== undefined)?.[0];
}

function textField(schema, ctx) {
  const id = nextId();
  const p = parts(id, ctx);
  const long = (schema.maxLength ?? 0) > 500;
  const input = /** @type {HTMLInputElement} */ (
    h(long ? 'textarea' : 'input', {
      id,
      type: long ? null : 'text',
      'aria-describedby': p.describedBy,
      maxlength: schema.maxLength,
      pattern: schema.pattern,
      required: ctx.required,
      spellcheck: 'false',
    })
  );
  if (typeof ctx.value === 'string') input.value = ctx.value;
  return {
    el: h('div', { class: 'form-field' }, p.label, p.hint, input, p.error),
    read: () => (input.value.trim() === '' ? undefined : input.value.trim()),
    mark: (path, issues) => setError(input, p.error, own(path, issues)),
  };
}

function numberField(schema, ctx) {
  const id = nextId();
  const p = parts(id, ctx);
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      id,
      type: 'number',
      inputmode: 'decimal',
      step: schema.type === 'integer' ? '1' : 'any',
      min: schema.minimum !== undefined && schema.minimum > -1e15 ? schema.minimum : null,
      max: schema.maximum !== undefined && schema.maximum < 1e15 ? schema.maximum : null,
      'aria-describedby': p.describedBy,
      required: ctx.required,
    })
  );
  if (typeof ctx.value === 'number') input.value = String(ctx.value);
  return {
    el: h('div', { class: 'form-field' }, p.label, p.hint, input, p.error),
    read: () => (input.value === '' || Number.isNaN(input.valueAsNumber) ? undefined : input.valueAsNumber),
    mark: (path, issues) => setError(input, p.error, own(path, issues)),
  };
}

function booleanField(ctx) {
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined }, { noLabel: true });
  const input = /** @type {HTMLInputElement} */ (h('input', { id, type: 'checkbox', 'aria-describedby': p.describedBy }));
  input.checked = typeof ctx.value === 'boolean' ? ctx.value : ctx.default === true;
  return {
    el: h('div', { class: 'form-field' }, h('div', { class: 'check' }, input, h('label', { for: id }, ctx.label)), p.hint, p.error),
    // Only a change from the default is sent.
    read: () => (input.checked === (ctx.default === true) && ctx.value === undefined ? undefined : input.checked),
    mark: (path, issues) => setError(input, p.error, own(path, issues)),
  };
}

function selectField(schema, ctx) {
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined });
  const empty = ctx.default !== undefined ? `Default: ${ctx.default}` : ctx.required ? 'Choose...' : 'Not set';
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id, 'aria-describedby': p.describedBy, required: ctx.required }, h('option', { value: '' }, empty), ...schema.enum.map((v) => h('option', { value: v }, String(v))))
  );
  if (ctx.value !== undefined) select.value = String(ctx.value);
  return {
    el: h('div', { class: 'form-field' }, p.label, p.hint, select, p.error),
    read: () => (select.value === '' ? undefined : select.value),
    mark: (path, issues) => setError(select, p.error, own(path, issues)),
  };
}

/** A number that may be null: "none" is a checkbox of its own when none is not already the default. */
function nullableField(schema, ctx, nullable) {
  const inner = field(schema, { ...ctx, value: ctx.value === null ? undefined : ctx.value });
  if (!nullable || ctx.default === null || ctx.default === undefined) {
    return { el: inner.el, read: () => inner.read(), mark: inner.mark };
  }
  const id = nextId();
  const none = /** @type {HTMLInputElement} */ (h('input', { id, type: 'checkbox' }));
  none.checked = ctx.value === null;
  return {
    el: h('div', { class: 'nullable' }, inner.el, h('div', { class: 'check' }, none, h('label', { for: id }, `${ctx.label}: none`))),
    read: () => (none.checked ? null : inner.read()),
    mark: inner.mark,
  };
}

/** Checkboxes for a list of values from an enum. */
function enumArrayField(schema, ctx) {
  const id = nextId();
  const p = parts(id, ctx, { noLabel: true });
  const chosen = new Set(Array.isArray(ctx.value) ? ctx.value : []);
  const boxes = schema.items.enum.map((/** @type {string} */ v, /** @type {number} */ i) => {
    const box = /** @type {HTMLInputElement} */ (h('input', { type: 'checkbox', id: `${id}-${i}`, value: v, checked: chosen.has(v) }));
    return { v, box, el: h('div', { class: 'check' }, box, h('label', { for: `${id}-${i}` }, v)) };
  });
  const fieldset = h('fieldset', { class: 'checks', 'aria-describedby': p.describedBy }, h('legend', {}, ctx.label, ctx.required ? '' : h('span', { class: 'muted' }, ' (optional)')), p.hint, h('div', { class: 'check-row' }, ...boxes.map((b) => b.el)), p.error);
  return {
    el: fieldset,
    read: () => {
      const values = boxes.filter((b) => b.box.checked).map((b) => b.v);
      return values.length ? values : undefined;
    },
    // "phases.0" is about the list as a whole here: one set of checkboxes.
    mark: (path, issues) => setError(null, p.error, [...own(path, issues), ...[...issues.keys()].filter((k) => k.startsWith(`${path}.`)).flatMap((k) => own(k, issues))]),
  };
}

function objectField(schema, ctx) {
  const required = new Set(schema.required ?? []);
  const value = ctx.value && typeof ctx.value === 'object' ? /** @type {Record<string, unknown>} */ (ctx.value) : {};
  const children = Object.entries(schema.properties)
    .filter(([key, s]) => key !== '$schema' && /** @type {Schema} */ (s).const === undefined)
    .map(([key, s]) => {
      const sub = /** @type {Schema} */ (s);
      const child = field(sub, {
        label: sub.deprecated ? `${words(key)} (deprecated)` : words(key),
        required: required.has(key),
        value: value[key],
        description: sub.description,
        default: sub.default,
        depth: ctx.depth + 1,
        key,
        nouns: ctx.nouns,
      });
      return { key, child };
    });
  const body = children.map((c) => c.child.el);
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined }, { noLabel: true });
  /** @type {HTMLElement} */
  let el;
  /** @type {HTMLDetailsElement | null} */
  let details = null;
  if (ctx.depth === 0 || ctx.flat) el = h('div', { class: 'form-object' }, p.hint, ...body, p.error);
  else if (ctx.depth === 1) {
    details = /** @type {HTMLDetailsElement} */ (h('details', { class: 'form-section' }, h('summary', {}, ctx.label), p.hint, h('div', { class: 'form-grid' }, ...body), p.error));
    el = details;
  } else el = h('fieldset', { class: 'form-group' }, h('legend', {}, ctx.label), p.hint, h('div', { class: 'form-grid' }, ...body), p.error);
  return {
    el,
    read: () => {
      const out = /** @type {Record<string, unknown>} */ ({});
      for (const { key, child } of children) {
        const v = child.read();
        if (v !== undefined) out[key] = v;
      }
      return Object.keys(out).length || ctx.depth === 0 || ctx.flat ? out : undefined;
    },
    mark: (path, issues) => {
      let placed = setError(null, p.error, own(path, issues));
      for (const { key, child } of children) placed += child.mark(join(path, key), issues);
      if (details && placed) details.open = true;
      return placed;
    },
  };
}

/** One of several object shapes told apart by a constant (a supply change's action). */
function variantField(branches, ctx) {
  const key = /** @type {string} */ (discriminator(branches[0]));
  const id = nextId();
  const p = parts(id, { ...ctx, description: undefined, default: undefined });
  const current = ctx.value && typeof ctx.value === 'object' ? /** @type {Record<string, unknown>} */ (ctx.value) : {};
  const select = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id, 'aria-describedby': p.describedBy },
      ...branches.map((b) => h('option', { value: b.properties[key].const }, `${b.properties[key].const}: ${b.description ?? ''}`.replace(/: $/, ''))),
    )
  );
  if (current[key] !== undefined) select.value = String(current[key]);
  const slot = h('div', { class: 'form-grid' });
  /** @type {Field} */
  let inner;
  const render = (/** @type {unknown} */ value) => {
    const branch = branches.find((b) => b.properties[key].const === select.value) ?? branches[0];
    inner = objectField(branch, { ...ctx, description: branch.description, value, flat: true });
    slot.replaceChildren(inner.el);
  };
  render(current);
  // Fields the two actions share keep what was typed.
  select.addEventListener('change', () => render(inner.read()));
  return {
    el: h('div', { class: 'form-variant' }, h('label', { for: id }, words(key)), select, p.error, slot),
    read: () => ({ [key]: select.value, .../** @type {object} */ (inner.read() ?? {}) }),
    mark: (path, issues) => setError(select, p.error, own(join(path, key), issues)) + inner.mark(path, issues),
  };
}

/** Does a value fit one alternative well enough to show it as chosen? */
function fits(schema, value) {
  if (value === undefined) return false;
  if (schema.type === 'number' || schema.type === 'integer') return typeof value === 'number';
  if (schema.type !== 'object' || !value || typeof value !== 'object') return false;
  return Object.entries(schema.properties ?? {}).every(([k, s]) => {
    const v = /** @type {Record<string, unknown>} */ (value)[k];
    const sub = /** @type {Schema} */ (s);
    if (v === undefined) return true;
    if (sub.const !== undefined) return sub.const === v;
    if (sub.enum) return sub.enum.includes(v);
    return true;
  });
}

/** A short name for an alternative: its description, or what its constants allow. */
function branchName(schema, i) {
  if (schema.description) return schema.description;
  if (schema.type === 'number' || schema.type === 'integer') return 'One value';
  if (schema.type === 'object') {
    const named = Object.entries(schema.properties ?? {}).find(([, s]) => /** @type {Schema} */ (s).const !== undefined || /** @type {Schema} */ (s).enum);
    if (named) {
      const s = /** @type {Schema} */ (named[1]);
      return `${words(named[0])}: ${s.const ?? s.enum.join(' or ')}`;
    }
    return 'Values by key';
  }
  return `Form ${i + 1}`;
}

/** Alternatives of different shapes (a rate for every phase, or one per phase): a select chooses the shape. */
function choiceField(branches, ctx) {
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined });
  const select = /** @type {HTMLSelectElement} */ (
    h('select', { id, 'aria-describedby': p.describedBy }, h('option', { value: '' }, 'Not set'), ...branches.map((b, i) => h('option', { value: String(i) }, branchName(b, i))))
  );
  const start = branches.findIndex((b) => fits(b, ctx.value));
  if (start >= 0) select.value = String(start);
  const slot = h('div', { class: 'form-choice' });
  /** @type {Field | null} */
  let inner = null;
  const render = (/** @type {unknown} */ value) => {
    const branch = select.value === '' ? null : branches[Number(select.value)];
    inner = branch ? field(branch, { label: `${ctx.label}: ${branchName(branch, Number(select.value)).toLowerCase()}`, required: true, value, nouns: ctx.nouns, depth: Math.max(ctx.depth + 1, 2), flat: branch.type === 'object' }) : null;
    slot.replaceChildren(...(inner ? [inner.el] : []));
  };
  render(ctx.value);
  select.addEventListener('change', () => render(undefined));
  return {
    el: h('div', { class: 'form-field' }, p.label, p.hint, select, p.error, slot),
    read: () => inner?.read(),
    mark: (path, issues) => setError(select, p.error, own(path, issues)) + (inner?.mark(path, issues) ?? 0),
  };
}

/** Items added and removed one by one: supply changes, pathway shifts. */
function listField(schema, ctx) {
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined }, { noLabel: true });
  const noun = (ctx.key && ctx.nouns[ctx.key]) ?? ctx.label.replace(/s$/, '').toLowerCase();
  const list = h('ol', { class: 'form-list' });
  /** @type {{ li: HTMLElement, field: Field }[]} */
  const items = [];
  const renumber = () =>
    items.forEach((item, i) => {
      /** @type {HTMLElement} */ (item.li.querySelector('legend')).textContent = `${words(noun)} ${i + 1}`;
      item.li.querySelector('button.remove')?.setAttribute('aria-label', `Remove ${noun} ${i + 1}`);
    });
  const add = (/** @type {unknown} */ value) => {
    const item = field(schema.items, { label: `${words(noun)}`, required: true, value, depth: ctx.depth + 1, flat: true, nouns: ctx.nouns });
    const remove = h('button', { type: 'button', class: 'secondary remove' }, 'Remove');
    const li = h('li', {}, h('fieldset', { class: 'form-item' }, h('legend', {}, ''), item.el, remove));
    const entry = { li, field: item };
    remove.addEventListener('click', () => {
      items.splice(items.indexOf(entry), 1);
      li.remove();
      renumber();
      addButton.focus();
    });
    items.push(entry);
    list.append(li);
    renumber();
    return li;
  };
  const addButton = h('button', { type: 'button', class: 'secondary add' }, `Add a ${noun}`);
  addButton.addEventListener('click', () => {
    const li = add(undefined);
    /** @type {HTMLElement | null} */ (li.querySelector('select, input, textarea'))?.focus();
  });
  if (Array.isArray(ctx.value)) for (const v of ctx.value) add(v);
  const fieldset = h('fieldset', { class: 'form-group form-list-group', 'data-list': noun }, h('legend', {}, ctx.label), p.hint, list, addButton, p.error);
  return {
    el: fieldset,
    read: () => (items.length ? items.map((i) => i.field.read() ?? {}) : undefined),
    mark: (path, issues) => setError(null, p.error, own(path, issues)) + items.reduce((n, item, i) => n + item.field.mark(join(path, i), issues), 0),
  };
}

/** A record: rows of a key and a value (outreach capacity by school or by locality). */
function recordField(schema, ctx) {
  const id = nextId();
  const p = parts(id, { ...ctx, default: undefined }, { noLabel: true });
  const rows = h('div', { class: 'form-records' });
  /** @type {{ key: HTMLInputElement, value: Field, row: HTMLElement }[]} */
  const entries = [];
  const keyName = schema.propertyNames?.pattern === '^\\d{6}$' ? 'URN' : 'Code';
  const add = (/** @type {string} */ k, /** @type {unknown} */ v) => {
    const keyId = nextId();
    const key = /** @type {HTMLInputElement} */ (h('input', { id: keyId, type: 'text', value: k, pattern: schema.propertyNames?.pattern, spellcheck: 'false' }));
    const value = field(schema.additionalProperties, { label: 'Value', required: true, value: v, depth: ctx.depth + 1, nouns: ctx.nouns });
    const remove = h('button', { type: 'button', class: 'secondary remove' }, 'Remove');
    const row = h('div', { class: 'form-record' }, h('div', { class: 'form-field' }, h('label', { for: keyId }, keyName), key), value.el, remove);
    const entry = { key, value, row };
    remove.addEventListener('click', () => {
      entries.splice(entries.indexOf(entry), 1);
      row.remove();
    });
    entries.push(entry);
    rows.append(row);
  };
  for (const [k, v] of Object.entries(ctx.value && typeof ctx.value === 'object' ? ctx.value : {})) add(k, v);
  const addButton = h('button', { type: 'button', class: 'secondary add' }, `Add a row to "${ctx.label.toLowerCase()}"`);
  addButton.addEventListener('click', () => add('', undefined));
  return {
    el: h('fieldset', { class: 'form-group' }, h('legend', {}, ctx.label), p.hint, rows, addButton, p.error),
    read: () => {
      const out = Object.fromEntries(entries.filter((e) => e.key.value.trim() !== '').map((e) => [e.key.value.trim(), e.value.read()]));
      return Object.keys(out).length ? out : undefined;
    },
    mark: (path, issues) => setError(null, p.error, own(path, issues)) + entries.reduce((n, e) => n + e.value.mark(join(path, e.key.value.trim()), issues), 0),
  };
}

/** The validator's words for an empty required field, in the page's: "required". */
export const plain = (/** @type {string} */ message) => message.replace(/^Invalid input: expected \w+, received undefined$/, 'required');

/**
 * The form for a schema, filled with `value` (a scenario to edit or duplicate).
 * @param {Schema} schema the root object schema
 * @param {unknown} value
 * @param {{ nouns?: Record<string, string> }} [options] nouns: what one item of a list is called ({ supply: 'supply change' })
 */
export function schemaForm(schema, value, options = {}) {
  const root = field(schema, { label: '', required: true, value, depth: 0, nouns: options.nouns ?? {} });
  return {
    el: root.el,
    read: () => /** @type {Record<string, unknown>} */ (root.read()),
    /**
     * Shows each issue at its field ("body.supply[0].provision" and "body.supply.0.places" both
     * find theirs); clears earlier ones. Returns the issues no field took.
     * @param {{ path: string, message: string }[]} issues
     */
    mark(issues) {
      const byPath = new Map();
      for (const i of issues) {
        const path = i.path.replace(/^body\.?/, '').replace(/\[(\d+)\]/g, '.$1');
        byPath.set(path, [...(byPath.get(path) ?? []), plain(i.message)]);
      }
      root.mark('', byPath);
      return [...byPath].flatMap(([path, messages]) => messages.map((/** @type {string} */ message) => ({ path, message })));
    },
  };
}
