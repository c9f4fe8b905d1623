// The playground: a small Slack client for the bot. Every action is a signed POST to /slack/events (in Socket Mode, an envelope through the stand-in),
// built the way Slack builds it; the page reads what each person sees from the Slack stand-in.
'use strict';

const state = {
  session: null,
  user: null,
  localReplies: {},    // replies Slack shows from the HTTP answer itself (e.g. help), per user
  conv: {},            // the conversation open, per user: 'playground', 'dm' or 'ch:<channel>'
  seen: {},            // per user and conversation, how many of its messages were on screen (for unread counts)
  renderedMessages: '',
  renderedHome: '',
  modal: null,         // { id, hash, view, values, errors }
  tab: 'messages',
};

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
};

async function api(path, options = {}) {
  const res = await fetch('/playground' + path, options);
  if (!res.ok) throw new Error(path + ' answered ' + res.status);
  return res.json();
}

// ---- Slack's request signing (v0 HMAC-SHA256 of "v0:<timestamp>:<body>") ----
async function signature(timestamp, body) {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(state.session.signingSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = await crypto.subtle.sign('HMAC', key, enc.encode('v0:' + timestamp + ':' + body));
  return 'v0=' + [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// In Socket Mode the stand-in carries the request to the bot as an envelope (/playground/api/deliver).
async function sendToBot(contentType, body) {
  if (state.session.socketMode) {
    return fetch('/playground/api/deliver', { method: 'POST', headers: { 'Content-Type': contentType }, body });
  }
  const ts = String(Math.floor(Date.now() / 1000));
  return fetch('/slack/events', {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Slack-Request-Timestamp': ts, 'X-Slack-Signature': await signature(ts, body) },
    body,
  });
}

async function postToBot(body) {
  const res = await sendToBot('application/x-www-form-urlencoded', body);
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
  return { status: res.status, text, json };
}

const form = (fields) => Object.entries(fields).map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');

function who() {
  return state.session.users.find((u) => u.id === state.user);
}

function basePayload(type) {
  const me = who();
  return { type, api_app_id: 'A0SANDBOX', token: 'playground', user: { id: me.id, username: me.name, team_id: 'T0SANDBOX' }, team: { id: 'T0SANDBOX', domain: 'sandbox' } };
}

async function fresh(messageTs, channel) {
  const message = (messageTs ? '&message=' + encodeURIComponent(messageTs) : '') + (channel ? '&channel=' + encodeURIComponent(channel) : '');
  return api('/api/trigger?user=' + encodeURIComponent(state.user) + message, { method: 'POST' });
}

// ---- commands ----
function withMentions(text) {
  return text.replace(/@([a-z0-9._-]+)/gi, (all, name) => {
    const u = state.session.users.find((x) => x.name.toLowerCase() === name.toLowerCase());
    return u ? '<@' + u.id + '|' + u.name + '>' : all;
  });
}

async function sendCommand(text) {
  const t = await fresh();
  const me = who();
  const res = await postToBot(form({
    token: 'playground', team_id: 'T0SANDBOX', team_domain: 'sandbox', channel_id: 'C0PLAYGROUND', channel_name: 'playground',
    user_id: me.id, user_name: me.name, command: state.session.command, text: withMentions(text), api_app_id: 'A0SANDBOX',
    response_url: t.response_url, trigger_id: t.trigger_id,
  }));
  const replies = (state.localReplies[state.user] = state.localReplies[state.user] || []);
  // Placed in the timeline where they happened: after the messages this person had when the command was sent.
  const after = t.seen || 0;
  replies.push({ kind: 'COMMAND', text: state.session.command + ' ' + text, after });
  state.conv[state.user] = 'playground'; // commands are typed in #playground; their answers appear there
  if (res.status !== 200) replies.push({ kind: 'ERROR', text: 'The bot answered ' + res.status, after });
  else if (res.json && (res.json.blocks || res.json.text)) replies.push({ kind: 'EPHEMERAL', text: res.json.text, blocks: res.json.blocks || [], after });
  await refresh();
}

// ---- interactivity ----
// Slack's confirm object as Slack draws it: a dialog with the title, the text as mrkdwn, and its own labels.
function confirmDialog(c) {
  return new Promise((resolve) => {
    const layer = $('confirm-backdrop');
    const done = (answer) => { layer.hidden = true; resolve(answer); };
    const deny = el('button', { type: 'button', onclick: () => done(false) }, c.deny ? c.deny.text : 'Cancel');
    const ok = el('button', { type: 'button', class: c.style === 'danger' ? 'danger-confirm' : 'primary', onclick: () => done(true) },
      c.confirm ? c.confirm.text : 'Yes');
    $('confirm').replaceChildren(
      el('h2', { id: 'confirm-title' }, c.title ? c.title.text : 'Are you sure?'),
      textNode(c.text || { type: 'plain_text', text: '' }),
      el('div', { class: 'buttons' }, deny, ok));
    layer.hidden = false;
    layer.onkeydown = (e) => { if (e.key === 'Escape') done(false); };
    deny.focus();
  });
}

async function click(action, context) {
  if (action.confirm && !(await confirmDialog(action.confirm))) return;
  const t = await fresh(context.messageTs, context.channel);
  const p = basePayload('block_actions');
  p.trigger_id = t.trigger_id;
  if (context.home) {
    // As in Slack: a Home tab click carries the view, and no response_url or channel.
    p.container = { type: 'view', view_id: context.home };
    p.view = { id: context.home, type: 'home' };
  } else {
    p.response_url = t.response_url;
    // As in Slack: a click answers in the conversation the message is in (a DM, a channel, or here).
    const channel = context.channel || 'C0PLAYGROUND';
    p.channel = { id: channel, name: channel === 'C0PLAYGROUND' ? 'playground' : channel };
    p.container = context.view ? { type: 'view', view_id: context.view.id }
      : { type: 'message', channel_id: channel, message_ts: context.messageTs, is_ephemeral: !context.messageTs };
  }
  if (context.view) p.view = { id: context.view.id, type: 'modal', callback_id: context.view.view.callback_id || '', hash: context.view.hash };
  const a = { action_id: action.action_id, block_id: context.blockId || 'b', type: action.type, action_ts: String(Date.now() / 1000) };
  if (action.value !== undefined) a.value = action.value;
  if (action.selected_option) a.selected_option = action.selected_option;
  p.actions = [a];
  await postToBot('payload=' + encodeURIComponent(JSON.stringify(p)));
  setTimeout(refresh, 300);
}

async function suggest(element, blockId, query) {
  const p = basePayload('block_suggestion');
  p.action_id = element.action_id;
  p.block_id = blockId;
  p.value = query;
  p.container = { type: 'view', view_id: state.modal ? state.modal.id : '' };
  p.view = state.modal ? { id: state.modal.id, type: 'modal', callback_id: state.modal.view.callback_id || '' } : {};
  const res = await postToBot('payload=' + encodeURIComponent(JSON.stringify(p)));
  return (res.json && res.json.options) || [];
}

// ---- mrkdwn ----
function plain(text) {
  return (text || '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function escapeHtml(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatDate(epoch) {
  const me = who();
  try {
    return new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: me.tz || 'UTC' }).format(new Date(epoch * 1000)) + ' (' + (me.tz || 'UTC') + ')';
  } catch (e) {
    return new Date(epoch * 1000).toISOString();
  }
}

const EMOJI = { hourglass: '\u231B', hourglass_flowing_sand: '\u23F3', white_check_mark: '\u2705', warning: '\u26A0\uFE0F', x: '\u274C',
  information_source: '\u2139\uFE0F', alarm_clock: '\u23F0', no_entry: '\u26D4', lock: '\uD83D\uDD12', outbox_tray: '\uD83D\uDCE4',
  raising_hand: '\uD83D\uDE4B', tada: '\uD83C\uDF89', wave: '\uD83D\uDC4B', key: '\uD83D\uDD11', package: '\uD83D\uDCE6',
  calendar: '\uD83D\uDCC5', wastebasket: '\uD83D\uDDD1\uFE0F', speech_balloon: '\uD83D\uDCAC', busts_in_silhouette: '\uD83D\uDC65' };

// Slack's date tokens, <!date^epoch^format|fallback>, in the reader's time zone, relative to the sandbox's clock.
function slackDate(epoch, format) {
  const me = who();
  const tz = (me && me.tz) || 'UTC';
  const at = new Date(epoch * 1000);
  const part = (opts) => new Intl.DateTimeFormat('en-US', { timeZone: tz, ...opts }).format(at);
  const day = (d) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const ordinal = (n) => n + (n % 10 === 1 && n % 100 !== 11 ? 'st' : n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : 'th');
  const dayNum = Number(part({ day: 'numeric' }));
  const now = new Date(state.now || Date.now());
  const relative = () => {
    const diff = Math.round((Date.parse(day(at)) - Date.parse(day(now))) / 86400000);
    return diff === 0 ? 'today' : diff === 1 ? 'tomorrow' : diff === -1 ? 'yesterday' : null;
  };
  const date = part({ month: 'long' }) + ' ' + ordinal(dayNum) + ', ' + part({ year: 'numeric' });
  const dateShort = part({ month: 'short' }) + ' ' + ordinal(dayNum) + ', ' + part({ year: 'numeric' });
  const dateLong = part({ weekday: 'long' }) + ', ' + date;
  const values = {
    date_num: day(at), date, date_short: dateShort, date_long: dateLong,
    date_pretty: relative() || date, date_short_pretty: relative() || dateShort, date_long_pretty: relative() || dateLong,
    time: part({ hour: 'numeric', minute: '2-digit' }), time_secs: part({ hour: 'numeric', minute: '2-digit', second: '2-digit' }),
  };
  const text = (format || '{date_short_pretty} at {time}').replace(/\{([a-z_]+)\}/g, (all, name) => (name in values ? values[name] : all));
  return text.charAt(0).toUpperCase() + text.slice(1); // "Today at 5:01 PM", as Slack starts a sentence
}

// One <…> token: a mention, a channel, a date, a special mention or a link; anything else is shown as typed.
function token(t) {
  if (t.startsWith('@')) {
    const id = t.slice(1).split('|')[0];
    const u = state.session.users.find((x) => x.id === id);
    return '<span class="mention">@' + escapeHtml(u ? u.name : id) + '</span>';
  }
  if (t.startsWith('#')) {
    const [id, name] = t.slice(1).split('|');
    return '<span class="mention">#' + escapeHtml(plain(name || id)) + '</span>';
  }
  if (t.startsWith('!date^')) {
    const [spec, fallback] = t.split('|');
    const [, epoch, format] = spec.split('^');
    return escapeHtml(Number.isFinite(Number(epoch)) ? slackDate(Number(epoch), format) : plain(fallback || ''));
  }
  if (t === '!here' || t === '!channel' || t === '!everyone') {
    return '<span class="mention">@' + t.slice(1) + '</span>';
  }
  if (/^(https?|mailto):/.test(t)) {
    const [href, label] = t.split('|');
    return '<a href="' + escapeHtml(plain(href)) + '" target="_blank" rel="noopener">' + escapeHtml(plain(label || href)) + '</a>';
  }
  return escapeHtml('<' + plain(t) + '>');
}

/**
 * mrkdwn as Slack documents it: code is shown as typed (no formatting, emoji or tokens inside), &lt; &gt; &amp;
 * are decoded, <…> tokens are rendered, and *bold*, _italic_ and ~strike~ may span tokens; a line starting
 * with > is a quote.
 */
function mrkdwn(text, isMarkdown = true) {
  const source = text || '';
  if (!isMarkdown) return escapeHtml(plain(source));
  const held = [];
  const hold = (html) => '\uE000' + (held.push(html) - 1) + '\uE001';
  let s = source.replace(/```([\s\S]*?)```/g, (all, code) => hold('<pre>' + escapeHtml(plain(code)) + '</pre>'));
  s = s.replace(/`([^`\n]+)`/g, (all, code) => hold('<code>' + escapeHtml(plain(code)) + '</code>'));
  s = s.replace(/<([^<>\n]+)>/g, (all, t) => hold(token(t)));
  let html = escapeHtml(plain(s)).replace(/:([a-z0-9_+-]+):/g, (all, name) => EMOJI[name] || all);
  const edge = '(^|[\\s(\\uE001])';
  html = html.replace(new RegExp(edge + '\\*([^*\\n]+)\\*', 'g'), '$1<strong>$2</strong>');
  html = html.replace(new RegExp(edge + '_([^_\\n]+)_', 'g'), '$1<em>$2</em>');
  html = html.replace(new RegExp(edge + '~([^~\\n]+)~', 'g'), '$1<del>$2</del>');
  html = html.split('\n').map((line) => (line.startsWith('&gt;') ? '<span class="quote">' + line.slice(4) + '</span>' : line)).join('<br>');
  return html.replace(/\uE000(\d+)\uE001/g, (all, i) => held[Number(i)]);
}

function textNode(obj, tag = 'div') {
  const node = el(tag);
  node.innerHTML = obj ? mrkdwn(obj.text, obj.type === 'mrkdwn') : '';
  return node;
}

// ---- Block Kit ----
function renderElement(e, context) {
  const label = e.text ? plain(e.text.text) : '';
  switch (e.type) {
    case 'button':
      if (e.url) return el('a', { href: e.url, target: '_blank', rel: 'noopener', class: 'button' }, label);
      return el('button', { type: 'button', class: e.style || '', onclick: () => click(e, context) }, label);
    case 'static_select': {
      const select = el('select', { 'aria-label': e.placeholder ? plain(e.placeholder.text) : 'Choose' },
        el('option', { value: '' }, e.placeholder ? plain(e.placeholder.text) : 'Choose…'),
        (e.options || []).map((o) => el('option', { value: o.value }, plain(o.text.text))));
      select.addEventListener('change', () => {
        const o = (e.options || []).find((x) => x.value === select.value);
        if (o) click({ ...e, selected_option: o }, context);
      });
      return select;
    }
    default:
      return el('span', { class: 'block unknown' }, '[unsupported element: ' + e.type + ']');
  }
}

function renderBlocks(blocks, context) {
  const out = [];
  for (const b of blocks || []) {
    const ctx = { ...context, blockId: b.block_id };
    switch (b.type) {
      case 'header':
        out.push(el('div', { class: 'block header', role: 'heading', 'aria-level': '3' }, plain(b.text.text)));
        break;
      case 'section': {
        const body = el('div', {}, b.text ? textNode(b.text) : null);
        if (b.fields) body.append(el('div', { class: 'fields' }, b.fields.map((f) => textNode(f))));
        out.push(el('div', { class: 'block section' }, body, b.accessory ? renderElement(b.accessory, ctx) : null));
        break;
      }
      case 'context':
        out.push(el('div', { class: 'block context' }, (b.elements || []).map((x) => textNode(x, 'span'))));
        break;
      case 'divider':
        out.push(el('hr', { class: 'block divider' }));
        break;
      case 'actions':
        out.push(el('div', { class: 'block actions' }, (b.elements || []).map((x) => renderElement(x, ctx))));
        break;
      case 'input':
        out.push(renderInput(b));
        break;
      default:
        out.push(el('div', { class: 'block unknown' }, '[unsupported block: ' + b.type + ']'));
    }
  }
  return out;
}

// ---- modals ----
function renderInput(b) {
  const e = b.element;
  const id = 'in-' + b.block_id;
  const values = state.modal.values;
  const key = b.block_id + '/' + e.action_id;
  const errors = state.modal.errors || {};
  const wrap = el('div', { class: 'block input' },
    el('label', { for: id }, plain(b.label.text) + (b.optional ? ' (optional)' : '')));
  const current = values[key];
  let control;
  switch (e.type) {
    case 'plain_text_input': {
      control = e.multiline ? el('textarea', { id, rows: 3 }) : el('input', { id, type: 'text' });
      control.value = current ? current.value || '' : e.initial_value || '';
      const sync = () => { values[key] = { type: e.type, value: control.value }; };
      control.addEventListener('input', sync);
      sync();
      break;
    }
    case 'datetimepicker': {
      // As in Slack: picked in the person's own time zone (here the browser's), sent as epoch seconds.
      control = el('input', { id, type: 'datetime-local' });
      const seconds = current ? current.selected_date_time : e.initial_date_time;
      if (seconds) {
        const d = new Date(seconds * 1000);
        control.value = new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
      }
      const sync = () => {
        values[key] = { type: e.type, selected_date_time: control.value ? Math.floor(new Date(control.value).getTime() / 1000) : null };
      };
      control.addEventListener('change', sync);
      sync();
      break;
    }
    case 'static_select': {
      control = el('select', { id }, el('option', { value: '' }, 'Choose…'), (e.options || []).map((o) => el('option', { value: o.value }, plain(o.text.text))));
      control.value = current && current.selected_option ? current.selected_option.value : e.initial_option ? e.initial_option.value : '';
      const sync = () => {
        const o = (e.options || []).find((x) => x.value === control.value);
        values[key] = { type: e.type, selected_option: o || null };
      };
      control.addEventListener('change', sync);
      sync();
      break;
    }
    case 'users_select':
    case 'multi_users_select': {
      const multi = e.type === 'multi_users_select';
      control = el('select', { id, multiple: multi }, multi ? null : el('option', { value: '' }, 'Choose…'),
        state.session.users.map((u) => el('option', { value: u.id }, u.realName + ' (@' + u.name + ')')));
      const initial = current ? (multi ? current.selected_users : [current.selected_user]) : multi ? e.initial_users || [] : [e.initial_user];
      for (const o of control.options) o.selected = (initial || []).includes(o.value);
      const sync = () => {
        const chosen = [...control.selectedOptions].map((o) => o.value).filter(Boolean);
        values[key] = multi ? { type: e.type, selected_users: chosen } : { type: e.type, selected_user: chosen[0] || null };
      };
      control.addEventListener('change', sync);
      sync();
      break;
    }
    case 'external_select':
    case 'multi_external_select': {
      const multi = e.type === 'multi_external_select';
      let chosen = current ? (multi ? current.selected_options : current.selected_option ? [current.selected_option] : [])
        : e.initial_option ? [e.initial_option] : e.initial_options || [];
      const chips = el('div', { class: 'chips' });
      const list = el('div', { class: 'suggestions', role: 'listbox', 'aria-label': 'Suggestions for ' + plain(b.label.text) });
      const search = el('input', { id, type: 'search', placeholder: e.placeholder ? plain(e.placeholder.text) : 'Type to search', autocomplete: 'off' });
      const sync = () => {
        values[key] = multi ? { type: e.type, selected_options: chosen } : { type: e.type, selected_option: chosen[0] || null };
        chips.replaceChildren(...chosen.map((o) => el('span', { class: 'chip' }, plain(o.text.text),
          el('button', { type: 'button', 'aria-label': 'Remove ' + plain(o.text.text), onclick: () => { chosen = chosen.filter((x) => x.value !== o.value); sync(); } }, '×'))));
      };
      // As Slack's menus: only the latest query's answer is shown (a slow answer for "l" never replaces the one for
      // "ledger"), arrow keys move through the suggestions, Enter picks one (never submits the form), Escape and
      // leaving the field close the list.
      let asked = 0;
      let options = [];
      let active = -1;
      const close = () => { list.replaceChildren(); options = []; active = -1; };
      const pick = (o) => { chosen = multi ? [...chosen.filter((x) => x.value !== o.value), o] : [o]; close(); search.value = ''; sync(); };
      const draw = () => list.replaceChildren(...options.map((o, i) => el('button', { type: 'button', role: 'option', tabindex: '-1',
        class: 'suggestion' + (i === active ? ' active' : ''), 'aria-selected': String(i === active),
        onmousedown: (ev) => ev.preventDefault(), onclick: () => pick(o) }, plain(o.text.text))));
      const load = async () => {
        const mine = ++asked;
        const found = await suggest(e, b.block_id, search.value);
        if (mine !== asked || document.activeElement !== search) return;
        options = found.slice(0, 20);
        active = options.length ? 0 : -1;
        draw();
      };
      search.addEventListener('keydown', (ev) => {
        if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
          ev.preventDefault();
          if (!options.length) return;
          active = (active + (ev.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
          draw();
        } else if (ev.key === 'Enter') {
          ev.preventDefault();
          if (active >= 0 && options[active]) pick(options[active]);
        } else if (ev.key === 'Escape' && options.length) {
          ev.preventDefault(); // a search field would clear itself (and search again) on Escape
          ev.stopPropagation(); // closes the list, not the form
          close();
        }
      });
      search.addEventListener('blur', close);
      search.addEventListener('input', load);
      search.addEventListener('focus', load);
      control = el('div', {}, chips, search, list);
      sync();
      break;
    }
    default:
      control = el('div', { class: 'block unknown' }, '[unsupported input: ' + e.type + ']');
  }
  wrap.append(control);
  if (b.hint) wrap.append(el('div', { class: 'hint' }, plain(b.hint.text)));
  if (errors[b.block_id]) wrap.append(el('div', { class: 'error', role: 'alert' }, errors[b.block_id]));
  return wrap;
}

function showModal(open) {
  const changed = !state.modal || state.modal.id !== open.id || state.modal.hash !== open.hash;
  if (!changed) return;
  state.modal = { id: open.id, hash: open.hash, view: open.view, values: {}, errors: {} };
  drawModal();
}

function drawModal() {
  const m = state.modal;
  const v = m.view;
  const body = el('form', { onsubmit: (ev) => { ev.preventDefault(); submitModal(); } },
    el('h2', { id: 'modal-title' }, plain(v.title ? v.title.text : '')),
    renderBlocks(v.blocks, { view: m }),
    el('div', { class: 'buttons' },
      el('button', { type: 'button', onclick: closeModal }, v.close ? plain(v.close.text) : 'Close'),
      v.submit ? el('button', { type: 'submit', class: 'primary' }, plain(v.submit.text)) : null));
  $('modal').replaceChildren(body);
  $('modal-backdrop').hidden = false;
  const first = $('modal').querySelector('input, select, textarea, button');
  if (first) first.focus();
}

async function closeModal() {
  if (!state.modal) return;
  await api('/api/view/close?id=' + encodeURIComponent(state.modal.id), { method: 'POST' });
  state.modal = null;
  $('modal-backdrop').hidden = true;
}

async function submitModal() {
  const m = state.modal;
  const values = {};
  for (const [key, value] of Object.entries(m.values)) {
    const [block, action] = key.split('/');
    values[block] = values[block] || {};
    values[block][action] = value;
  }
  const p = basePayload('view_submission');
  p.view = { id: m.id, type: 'modal', callback_id: m.view.callback_id || '', private_metadata: m.view.private_metadata || '', hash: m.hash, team_id: 'T0SANDBOX', state: { values } };
  const res = await postToBot('payload=' + encodeURIComponent(JSON.stringify(p)));
  const answer = res.json || {};
  if (answer.response_action === 'errors') {
    m.errors = answer.errors || {};
    drawModal();
  } else if (answer.response_action === 'update') {
    await fetch('/playground/api/view/replace?id=' + encodeURIComponent(m.id) + '&hash=' + encodeURIComponent(m.hash),
      { method: 'POST', body: JSON.stringify(answer.view) });
    state.modal = null;
    await refresh();
  } else {
    await closeModal();
  }
}

// ---- polling and rendering ----
// Which conversation a message is in, as Slack keeps them apart: #playground (where commands are typed and
// answered), the DM with the bot, and each channel the bot posts in.
function conversationOf(m) {
  if (!m.kind || m.kind === 'COMMAND' || m.kind === 'ERROR') return 'playground';
  if (m.kind === 'DM' || (m.channel || '').startsWith('D')) return 'dm';
  if (m.kind === 'CHANNEL' && m.channel && m.channel !== 'C0PLAYGROUND') return 'ch:' + m.channel;
  return 'playground';
}

function conversationLabel(key) {
  return key === 'playground' ? '# playground' : key === 'dm' ? 'Opal JIT Access (DM)' : '# ' + key.slice(3);
}

function renderMessages(inbox) {
  const local = state.localReplies[state.user] || [];
  // One timeline in the order things happened: the page's own lines go after the messages that came before them.
  const timeline = [];
  const localAt = (i) => local.filter((r) => (r.after || 0) === i).forEach((r) => timeline.push({ local: r, conv: 'playground' }));
  inbox.messages.forEach((m, i) => {
    localAt(i);
    timeline.push({ message: m, conv: conversationOf(m) });
  });
  local.filter((r) => (r.after || 0) >= inbox.messages.length).forEach((r) => timeline.push({ local: r, conv: 'playground' }));
  const keys = ['playground', 'dm', ...new Set(timeline.map((x) => x.conv).filter((k) => k.startsWith('ch:')))];
  // A person just picked opens where their newest message is, as a notification would take them.
  if (!state.conv[state.user]) state.conv[state.user] = timeline.length ? timeline[timeline.length - 1].conv : 'playground';
  const open = state.conv[state.user];
  const seen = (state.seen[state.user] = state.seen[state.user] || {});
  const counts = {};
  timeline.forEach((x) => { counts[x.conv] = (counts[x.conv] || 0) + 1; });
  seen[open] = counts[open] || 0;
  const key = JSON.stringify([inbox.messages, local, open, keys.map((k) => (counts[k] || 0) - (seen[k] || 0))]);
  if (key === state.renderedMessages) return;
  state.renderedMessages = key;
  $('conversations').replaceChildren(...keys.map((k) => {
    const unread = (counts[k] || 0) - (seen[k] || 0);
    return el('button', { type: 'button', role: 'tab', class: 'conversation', 'aria-selected': String(k === open),
      onclick: () => { state.conv[state.user] = k; state.renderedMessages = ''; refresh(); } },
    conversationLabel(k), unread > 0 ? el('span', { class: 'unread' }, String(unread)) : null);
  }));
  const items = [];
  for (const x of timeline.filter((t) => t.conv === open)) {
    if (x.local) {
      const r = x.local;
      items.push(r.kind === 'COMMAND'
        ? el('div', { class: 'message' }, el('div', { class: 'meta' }, 'you typed'), el('code', {}, r.text))
        : el('div', { class: 'message ' + r.kind }, el('div', { class: 'meta' }, 'only visible to you'),
          r.blocks && r.blocks.length ? renderBlocks(r.blocks, {}) : textNode({ type: 'mrkdwn', text: r.text })));
    } else {
      const m = x.message;
      const where = (m.kind === 'DM' ? 'from the bot' : m.kind === 'CHANNEL' ? 'in #' + m.channel : 'only visible to you')
        + (m.replaceOriginal ? ' (updated)' : '');
      items.push(el('div', { class: 'message ' + m.kind }, el('div', { class: 'meta' }, where),
        m.blocks && m.blocks.length ? renderBlocks(m.blocks, { messageTs: m.ts, channel: m.channel }) : textNode({ type: 'mrkdwn', text: m.text })));
    }
  }
  if (!items.length) {
    items.push(el('p', { class: 'muted empty-inbox' }, open === 'playground'
      ? 'No messages yet. Type a command below, for example help, or pick another person.'
      : 'Nothing here yet.'));
  }
  list().replaceChildren(...items);
  list().scrollTop = list().scrollHeight;
}

function list() {
  return $('messages');
}

function renderHome(inbox) {
  const key = JSON.stringify(inbox.home || null);
  if (key === state.renderedHome) return;
  state.renderedHome = key;
  $('home').replaceChildren(...(inbox.home ? renderBlocks(inbox.home.blocks, { home: inbox.homeViewId || 'VHOME' }) : [el('p', { class: 'muted' }, 'Open this tab to load your Home.')]));
}

function renderWorld(world) {
  state.now = Date.parse(world.now);
  $('now').textContent = formatDate(Date.parse(world.now) / 1000);
  $('groups').replaceChildren(...world.groups.map((g) => el('div', {},
    el('div', { class: 'group-name' }, g.name + (g.maxMinutes ? ' (max ' + g.maxMinutes + ' min)' : '')),
    el('ul', {}, g.members.length ? g.members.map((m) => el('li', {}, m.name + ' · ' + (m.expires ? 'until ' + formatDate(Date.parse(m.expires) / 1000) : 'no end date'))) : el('li', { class: 'muted' }, 'no members'),
      g.resources.map((r) => el('li', {}, 'holds ' + r.name + (r.expires ? ' until ' + formatDate(Date.parse(r.expires) / 1000) : '')))))));
  $('requests').replaceChildren(...(world.requests.length ? world.requests.map((r) => el('div', { class: 'small' }, r.status + ' · ' + r.items + ' · ' + r.reason)) : [el('p', { class: 'muted small' }, 'none yet')]));
}

async function refresh() {
  if (!state.user) return;
  const [inbox, world] = await Promise.all([api('/api/inbox?user=' + encodeURIComponent(state.user)), api('/api/world')]);
  renderMessages(inbox);
  renderHome(inbox);
  renderWorld(world);
  const open = inbox.views[inbox.views.length - 1];
  if (open) showModal(open);
  else if (state.modal) { state.modal = null; $('modal-backdrop').hidden = true; }
}

async function openHome() {
  const ts = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify({ token: 'playground', team_id: 'T0SANDBOX', api_app_id: 'A0SANDBOX', type: 'event_callback', event_id: 'Ev' + Date.now(), event_time: Number(ts),
    event: { type: 'app_home_opened', user: state.user, channel: 'D' + state.user.slice(1), tab: 'home', event_ts: ts } });
  await sendToBot('application/json', body);
  setTimeout(refresh, 300);
}

function selectTab(tab) {
  state.tab = tab;
  $('tab-messages').setAttribute('aria-selected', String(tab === 'messages'));
  $('tab-home').setAttribute('aria-selected', String(tab === 'home'));
  $('messages').hidden = tab !== 'messages';
  $('conversations').hidden = tab !== 'messages';
  $('home').hidden = tab !== 'home';
  $('composer').hidden = tab !== 'messages';
  if (tab === 'home') openHome();
}

async function start() {
  state.session = await api('/api/session');
  if (state.session.socketMode) {
    $('how-sent').innerHTML = 'A local Slack for the bot in Socket Mode: every action below reaches the bot as an envelope over its own'
      + ' WebSocket to the Slack stand-in, exactly as Slack delivers it. Opal is the embedded sandbox.';
  }
  const whoSelect = $('who');
  whoSelect.replaceChildren(...state.session.users.map((u) => el('option', { value: u.id }, u.realName + ' (@' + u.name + ')')));
  state.user = state.session.users[0].id;
  const showEmail = () => { $('who-email').textContent = who().email || 'no e-mail visible'; };
  whoSelect.addEventListener('change', () => {
    state.user = whoSelect.value;
    state.renderedMessages = '';
    state.renderedHome = '';
    state.modal = null;
    $('modal-backdrop').hidden = true;
    showEmail();
    if (state.tab === 'home') openHome();
    refresh();
  });
  showEmail();
  $('command-label').textContent = state.session.command;
  $('composer').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('command-text');
    const text = input.value.trim();
    input.value = '';
    sendCommand(text);
  });
  $('tab-messages').addEventListener('click', () => selectTab('messages'));
  $('tab-home').addEventListener('click', () => selectTab('home'));
  document.querySelectorAll('.clock button').forEach((b) => b.addEventListener('click', async () => {
    await api('/api/clock/advance?minutes=' + b.dataset.minutes, { method: 'POST' });
    refresh();
  }));
  document.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && state.modal) closeModal(); });
  // As in Slack, Tab stays inside an open form: from its last field to its first, and back.
  $('modal').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Tab') return;
    const focusable = [...$('modal').querySelectorAll('input, select, textarea, button:not([tabindex="-1"])')].filter((x) => !x.disabled);
    if (!focusable.length) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (ev.shiftKey && document.activeElement === first) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  await refresh();
  setInterval(() => refresh().catch(() => {}), 1200);
}

start();
