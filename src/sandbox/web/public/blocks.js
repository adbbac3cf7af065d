/*
 * Block Kit, drawn as HTML (text through mrkdwn.js). Covers what a bot like this one sends: header, section
 * (text, fields, accessory), context, divider, actions, input (plain_text_input, static_select
 * with option groups, file_input), image and rich_text. Anything else shows as a labelled box so
 * a missing renderer is visible rather than silent.
 */
(() => {
  const { mrkdwn, textHtml, esc } = window.Mrkdwn;

  function el(tag, className, html) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  /** A button, overflow or select that reports a block action (after its confirm dialog, if any). */
  function interactive(element, blockId, ctx) {
    const report = (extra) =>
      ctx.onAction?.(
        { type: element.type, action_id: element.action_id, block_id: blockId, ...extra },
        element.confirm,
      );
    if (element.type === 'button') {
      const b = el('button', `bk-btn ${element.style ?? ''}`.trim(), textHtml(element.text, ctx));
      b.type = 'button';
      b.dataset.actionId = element.action_id ?? '';
      b.addEventListener('click', () => {
        if (element.url) window.open(element.url, '_blank', 'noopener');
        report({ value: element.value, text: element.text, style: element.style });
      });
      return b;
    }
    if (element.type === 'overflow') {
      const wrap = el('div', 'bk-overflow');
      const toggle = el('button', 'bk-btn bk-overflow-toggle', '⋮');
      toggle.type = 'button';
      toggle.title = 'More actions';
      toggle.setAttribute('aria-label', 'More actions');
      const menu = el('div', 'bk-menu');
      menu.hidden = true;
      for (const option of element.options ?? []) {
        const item = el('button', 'bk-menu-item', textHtml(option.text, ctx));
        item.type = 'button';
        item.addEventListener('click', () => {
          menu.hidden = true;
          report({ selected_option: option });
        });
        menu.append(item);
      }
      toggle.addEventListener('click', (e) => {
        e.stopPropagation();
        const wasHidden = menu.hidden;
        closeMenus();
        menu.hidden = !wasHidden;
      });
      wrap.append(toggle, menu);
      return wrap;
    }
    if (element.type === 'static_select') {
      const select = selectElement(element, ctx);
      select.addEventListener('change', () => report({ selected_option: select.chosen() }));
      return select;
    }
    if (element.type === 'image') return image(element);
    return el('span', 'bk-unknown', `[${esc(element.type)}]`);
  }

  function image(element) {
    // The sandbox makes no network requests; an image is shown as its alt text.
    return el('span', 'bk-image', `🖼 ${esc(element.alt_text ?? 'image')}`);
  }

  /** A `<select>` for static_select, with option groups; `chosen()` gives Slack's selected_option. */
  function selectElement(element, ctx) {
    const select = el('select', 'bk-select');
    const all = [];
    const add = (parent, option) => {
      const o = el('option', '', '');
      o.textContent = option.text?.text ?? option.value;
      o.value = String(all.push(option) - 1);
      parent.append(o);
    };
    const placeholder = el('option', '', '');
    placeholder.textContent = element.placeholder?.text ?? 'Choose an option';
    placeholder.value = '';
    select.append(placeholder);
    for (const option of element.options ?? []) add(select, option);
    for (const group of element.option_groups ?? []) {
      const g = el('optgroup');
      g.label = group.label?.text ?? '';
      for (const option of group.options ?? []) add(g, option);
      select.append(g);
    }
    const initial = element.initial_option?.value;
    if (initial !== undefined) select.value = String(all.findIndex((o) => o.value === initial));
    select.chosen = () => (select.value === '' ? null : all[Number(select.value)]);
    select.dataset.ctx = ctx.mode ?? '';
    return select;
  }

  /** An input block's element, tagged so the page can read `view.state.values` back. */
  function inputElement(block, ctx, id) {
    const e = block.element ?? {};
    let control;
    if (e.type === 'plain_text_input') {
      control = el(e.multiline ? 'textarea' : 'input', 'bk-input');
      if (!e.multiline) control.type = 'text';
      control.value = e.initial_value ?? '';
      if (e.placeholder) control.placeholder = e.placeholder.text;
      if (e.max_length) control.maxLength = e.max_length;
      control.read = () => ({ type: e.type, value: control.value === '' ? null : control.value });
    } else if (e.type === 'static_select') {
      control = selectElement(e, ctx);
      control.read = () => ({ type: e.type, selected_option: control.chosen() });
    } else if (e.type === 'conversations_select') {
      // The sandbox workspace has the channels the page knows; Slack would list the user's.
      control = selectElement(
        { placeholder: e.placeholder ?? { text: 'Choose a channel' }, options: ctx.conversations?.() ?? [] },
        ctx,
      );
      control.read = () => ({ type: e.type, selected_conversation: control.chosen()?.value ?? null });
    } else if (e.type === 'file_input') {
      control = fileInput(e, ctx);
    } else {
      control = el('div', 'bk-unknown', `[input: ${esc(e.type)}]`);
      control.read = () => ({ type: e.type });
    }
    control.id = id;
    control.dataset.blockId = block.block_id;
    control.dataset.actionId = e.action_id;
    control.classList.add('bk-field');
    return control;
  }

  /** file_input: Slack uploads the picked files at once and puts their file objects in the state. */
  function fileInput(e, ctx) {
    const wrap = el('div', 'bk-file-input');
    const picker = el('input');
    picker.type = 'file';
    picker.multiple = (e.max_files ?? 10) > 1;
    if (e.filetypes?.length) picker.accept = e.filetypes.map((t) => `.${t}`).join(',');
    const list = el('div', 'bk-file-list');
    let files = [];
    picker.addEventListener('change', async () => {
      const picked = [...picker.files].slice(0, e.max_files ?? 10);
      files = await Promise.all(picked.map((f) => ctx.upload(f)));
      list.innerHTML = files.map((f) => `<span class="file-chip">📎 ${esc(f.name)}</span>`).join('');
    });
    wrap.append(picker, list);
    wrap.read = () => ({ type: 'file_input', files });
    return wrap;
  }

  const closeMenus = () => {
    for (const menu of document.querySelectorAll('.bk-menu')) menu.hidden = true;
  };
  document.addEventListener('click', closeMenus);

  let fieldSequence = 0;

  const BLOCKS = {
    header: (b, ctx) => el('div', 'bk-header', textHtml(b.text, ctx)),
    divider: () => el('hr', 'bk-divider'),
    section(b, ctx) {
      const node = el('div', 'bk-section');
      const body = el('div', 'bk-section-body');
      if (b.text) body.append(el('div', 'bk-text', textHtml(b.text, ctx)));
      if (b.fields?.length) {
        const fields = el('div', 'bk-fields');
        for (const f of b.fields) fields.append(el('div', 'bk-field-text', textHtml(f, ctx)));
        body.append(fields);
      }
      node.append(body);
      if (b.accessory) {
        const accessory = el('div', 'bk-accessory');
        accessory.append(interactive(b.accessory, b.block_id, ctx));
        node.append(accessory);
      }
      return node;
    },
    context(b, ctx) {
      const node = el('div', 'bk-context');
      for (const e of b.elements ?? [])
        node.append(e.type === 'image' ? image(e) : el('span', '', textHtml(e, ctx)));
      return node;
    },
    actions(b, ctx) {
      const node = el('div', 'bk-actions');
      for (const e of b.elements ?? []) node.append(interactive(e, b.block_id, ctx));
      return node;
    },
    input(b, ctx) {
      fieldSequence += 1;
      const id = `bk-field-${fieldSequence}`;
      const node = el('div', 'bk-input-block');
      node.dataset.blockId = b.block_id;
      const label = el('label', 'bk-label', textHtml(b.label, ctx));
      label.htmlFor = id;
      if (b.optional) label.append(el('span', 'bk-optional', ' (optional)'));
      node.append(label, inputElement(b, ctx, id));
      if (b.hint) node.append(el('div', 'bk-hint', textHtml(b.hint, ctx)));
      const error = ctx.errors?.[b.block_id];
      node.append(el('div', 'bk-error', error ? `⚠️ ${esc(error)}` : ''));
      if (error) node.classList.add('has-error');
      return node;
    },
    image: (b) => image(b),
    rich_text(b, ctx) {
      const text = (b.elements ?? [])
        .flatMap((section) => section.elements ?? [])
        .map((e) => (e.type === 'user' ? `<@${e.user_id}>` : e.type === 'link' ? e.url : (e.text ?? '')))
        .join('');
      return el('div', 'bk-text', mrkdwn(text, ctx));
    },
  };

  /**
   * Draws `blocks` into a fragment. ctx: names (user id → name), channelName(id), onAction(action,
   * confirm), upload(File) → Slack file object, errors (block_id → message), mode.
   */
  function renderBlocks(blocks, ctx = {}) {
    const fragment = document.createDocumentFragment();
    for (const b of blocks ?? []) {
      const draw = BLOCKS[b.type];
      const node = draw ? draw(b, ctx) : el('div', 'bk-unknown', `[unsupported block: ${esc(b.type)}]`);
      if (b.block_id) node.dataset.blockId = b.block_id;
      fragment.append(node);
    }
    return fragment;
  }

  /** Reads every input of a rendered view back as Slack's `view.state.values`. */
  function readState(root) {
    const values = {};
    for (const field of root.querySelectorAll('.bk-field')) {
      const { blockId, actionId } = field.dataset;
      values[blockId] = { ...values[blockId], [actionId]: field.read() };
    }
    return values;
  }

  /** Shows the errors of a `response_action: errors` answer under their inputs. */
  function showErrors(root, errors) {
    for (const block of root.querySelectorAll('.bk-input-block')) {
      const error = errors?.[block.dataset.blockId];
      block.classList.toggle('has-error', Boolean(error));
      block.querySelector('.bk-error').innerHTML = error ? `⚠️ ${esc(error)}` : '';
    }
  }

  window.BlockKit = { renderBlocks, readState, showErrors };
})();
