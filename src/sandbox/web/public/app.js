/*
 * The sandbox page: draws one person's view of the workspace from /sandbox/api/state (refreshed on
 * every server-sent event) and reports what they do to /sandbox/api/*, where it becomes the
 * signed request Slack would send the bot.
 */
(() => {
  const { renderBlocks, readState, showErrors } = window.BlockKit;
  const { mrkdwn, textHtml, esc } = window.Mrkdwn;
  const $ = (id) => document.getElementById(id);

  const page = {
    me: new URLSearchParams(location.search).get('user') ?? localStorage.getItem('sandbox-user') ?? '',
    view: 'channel',
    thread: null,
    state: null,
    modalKey: null,
  };

  async function api(path, body, query = {}) {
    const params = new URLSearchParams({ user: page.me, ...query });
    const raw = body instanceof Blob;
    const response = await fetch(`/sandbox/api/${path}?${params}`, {
      method: 'POST',
      headers: raw ? { 'content-type': 'application/octet-stream' } : { 'content-type': 'application/json' },
      body: raw ? body : JSON.stringify(body ?? {}),
    });
    const answer = await response.json().catch(() => ({ ok: false, problem: `HTTP ${response.status}` }));
    if (answer.ok === false) toast(answer.problem ?? 'Something went wrong');
    return answer;
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => {
      t.hidden = true;
    }, 5000);
  }

  let refreshing = false;
  let again = false;
  async function refresh() {
    if (refreshing) {
      again = true;
      return;
    }
    refreshing = true;
    try {
      const response = await fetch(`/sandbox/api/state?user=${encodeURIComponent(page.me)}`);
      page.state = await response.json();
      page.me = page.state.me;
      render();
    } finally {
      refreshing = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  }

  const ctx = (mode, extra = {}) => ({
    mode,
    names: page.state.names,
    channelName: (id) => (id === page.state.channel.id ? page.state.channel.name : id),
    conversations: () => [
      { text: { type: 'plain_text', text: `#${page.state.channel.name}` }, value: page.state.channel.id },
    ],
    ...extra,
  });

  function confirmThen(confirm, go) {
    if (!confirm) return go();
    const root = $('confirm-root');
    root.innerHTML = `
      <div class="overlay">
        <div class="dialog confirm" role="dialog" aria-modal="true">
          <h2>${textHtml(confirm.title, {})}</h2>
          <div class="confirm-text">${textHtml(confirm.text, ctx('confirm'))}</div>
          <div class="dialog-buttons">
            <button type="button" class="bk-btn confirm-no">${esc(confirm.deny?.text ?? 'Cancel')}</button>
            <button type="button" class="bk-btn ${confirm.style === 'danger' ? 'danger' : 'primary'} confirm-yes">${esc(confirm.confirm?.text ?? 'Yes')}</button>
          </div>
        </div>
      </div>`;
    root.querySelector('.confirm-no').onclick = () => {
      root.innerHTML = '';
    };
    root.querySelector('.confirm-yes').onclick = () => {
      root.innerHTML = '';
      go();
    };
  }

  const onAction = (surface) => (action, confirm) =>
    confirmThen(confirm, () => api('action', { surface, action }));

  // ---- messages -----------------------------------------------------------------------------

  const initials = (name) =>
    name
      .split(/\s+/)
      .map((w) => w[0])
      .join('')
      .slice(0, 2)
      .toUpperCase();
  const clock = (ts) =>
    new Date(Number(ts) * 1000).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit' });

  function messageNode(m, { inThread }) {
    const s = page.state;
    const name = s.names[m.user] ?? m.user;
    const node = document.createElement('article');
    node.className = `message${m.ephemeral ? ' ephemeral' : ''}`;
    node.dataset.ts = m.ts;
    const avatar =
      m.isBot || m.ephemeral ? 'bot' : `u${[...m.user].reduce((a, c) => a + c.charCodeAt(0), 0) % 4}`;
    node.innerHTML = `
      <div class="avatar ${avatar}">${esc(m.ephemeral || m.isBot ? initials(s.botName) : initials(name))}</div>
      <div class="message-main">
        <div class="message-meta">
          <span class="author">${esc(m.ephemeral ? s.botName : name)}</span>
          ${m.isBot || m.ephemeral ? '<span class="badge">APP</span>' : ''}
          <span class="time">${clock(m.ts)}</span>
          ${m.edited ? '<span class="time">(edited)</span>' : ''}
        </div>
        ${m.ephemeral ? '<div class="only-you">👁 Only visible to you</div>' : ''}
        ${m.broadcast && !inThread ? '<div class="broadcast">replied to a thread</div>' : ''}
        <div class="message-body"></div>
      </div>`;
    const body = node.querySelector('.message-body');
    const surface = { kind: 'message', channel: s.channel.id, messageTs: m.ts };
    if (m.blocks?.length)
      body.append(renderBlocks(m.blocks, ctx('message', { onAction: onAction(surface) })));
    else if (m.text) body.innerHTML = mrkdwn(m.text, ctx('message'));
    for (const f of m.files ?? []) {
      const chip = document.createElement('a');
      chip.className = 'file-card';
      chip.href = `/sandbox/files/${encodeURIComponent(f.id)}`;
      chip.innerHTML = `<span class="file-icon">📄</span><span><strong>${esc(f.name)}</strong><br><small>${esc(f.pretty_type ?? 'File')}${f.size ? ` · ${Math.ceil(f.size / 1024)} KB` : ''}</small></span>`;
      body.append(chip);
    }
    if (!inThread && !m.ephemeral && !m.threadTs) {
      const replies = document.createElement('button');
      replies.type = 'button';
      replies.className = m.replyCount ? 'replies' : 'replies hover-only';
      replies.textContent = m.replyCount
        ? `${m.replyCount} ${m.replyCount === 1 ? 'reply' : 'replies'}`
        : 'Reply in thread';
      replies.onclick = () => openThread(m.ts);
      node.querySelector('.message-main').append(replies);
    }
    return node;
  }

  function drawList(container, items, options) {
    const nearBottom = container.scrollHeight - container.scrollTop - container.clientHeight < 80;
    container.replaceChildren(...items.map((m) => messageNode(m, options)));
    if (nearBottom || !container.dataset.drawn) container.scrollTop = container.scrollHeight;
    container.dataset.drawn = '1';
  }

  function renderChannel() {
    const s = page.state;
    const top = s.messages.filter((m) => !m.threadTs || m.broadcast);
    const eph = s.ephemerals.filter((e) => !e.threadTs).map((e) => ({ ...e, ephemeral: true }));
    const items = [...top, ...eph].sort((a, b) => Number(a.ts) - Number(b.ts));
    if (items.length === 0) {
      $('channel-view').innerHTML =
        `<div class="empty">This is the start of <b>#${esc(s.channel.name)}</b>. Type <code>${esc(s.command)} import 919-555-1234</code> below to ask for an import.</div>`;
      return;
    }
    drawList($('channel-view'), items, { inThread: false });
  }

  function renderThread() {
    const s = page.state;
    $('thread').hidden = !page.thread;
    if (!page.thread) return;
    const items = [
      ...s.messages.filter((m) => m.ts === page.thread || m.threadTs === page.thread),
      ...s.ephemerals.filter((e) => e.threadTs === page.thread).map((e) => ({ ...e, ephemeral: true })),
    ].sort((a, b) => Number(a.ts) - Number(b.ts));
    drawList($('thread-messages'), items, { inThread: true });
  }

  function openThread(ts) {
    page.thread = ts;
    renderThread();
  }

  // ---- home and modals ----------------------------------------------------------------------

  function renderHome() {
    const home = page.state.home;
    const root = $('home-view');
    if (!home) {
      root.innerHTML = '<div class="empty">Loading the Home tab…</div>';
      return;
    }
    root.replaceChildren(renderBlocks(home.blocks, ctx('home', { onAction: onAction({ kind: 'home' }) })));
  }

  async function upload(file) {
    const answer = await api('upload', file, { name: file.name, type: file.type });
    return answer.file;
  }

  function renderModal() {
    const modal = page.state.modal;
    const root = $('modal-root');
    const key = modal ? `${modal.id}:${modal.view.hash}` : null;
    if (key === page.modalKey) {
      if (modal) showErrors(root, modal.errors);
      return;
    }
    page.modalKey = key;
    if (!modal) {
      root.innerHTML = '';
      return;
    }
    const v = modal.view;
    root.innerHTML = `
      <div class="overlay">
        <form class="dialog modal" role="dialog" aria-modal="true" aria-label="${esc(v.title?.text ?? '')}">
          <header class="modal-header">
            <h2>${textHtml(v.title, {})}</h2>
            <button type="button" class="icon-btn modal-x" aria-label="Close">✕</button>
          </header>
          <div class="modal-body"></div>
          <footer class="dialog-buttons">
            <button type="button" class="bk-btn modal-close">${esc(v.close?.text ?? 'Cancel')}</button>
            ${v.submit ? `<button type="submit" class="bk-btn primary modal-submit">${esc(v.submit.text)}</button>` : ''}
          </footer>
        </form>
      </div>`;
    const form = root.querySelector('form');
    const surface = { kind: 'modal', viewId: modal.id };
    form
      .querySelector('.modal-body')
      .append(
        renderBlocks(v.blocks, ctx('modal', { onAction: onAction(surface), upload, errors: modal.errors })),
      );
    const close = () => api('close', { viewId: modal.id });
    form.querySelector('.modal-x').onclick = close;
    form.querySelector('.modal-close').onclick = close;
    form.onsubmit = async (e) => {
      e.preventDefault();
      const submit = form.querySelector('.modal-submit');
      submit.disabled = true;
      const answer = await api('submit', { viewId: modal.id, values: readState(form) });
      submit.disabled = false;
      if (answer.errors) showErrors(form, answer.errors);
    };
    form.querySelector('input, textarea, select')?.focus();
  }

  // ---- frame --------------------------------------------------------------------------------

  function render() {
    const s = page.state;
    const who = $('who');
    if (who.options.length !== s.people.length) {
      who.innerHTML = s.people
        .map((p) => `<option value="${esc(p.id)}">${esc(p.name)} (${esc(p.role)})</option>`)
        .join('');
    }
    who.value = s.me;
    $('nav-channel').textContent = `# ${s.channel.name}`;
    $('nav-home').textContent = `🤖 ${s.botName}`;
    for (const b of document.querySelectorAll('.nav-item'))
      b.classList.toggle('active', b.dataset.view === page.view);
    const home = page.view === 'home';
    $('title').textContent = home ? s.botName : `# ${s.channel.name}`;
    $('subtitle').textContent = home ? 'Home' : 'Bandwidth hosted-messaging imports';
    $('channel-view').hidden = home;
    $('composer').hidden = home;
    $('home-view').hidden = !home;
    $('composer').querySelector('textarea').placeholder =
      `Message #${s.channel.name}  ·  try ${s.command} import 919-555-1234`;
    if (home) renderHome();
    else renderChannel();
    renderThread();
    renderModal();
  }

  function show(view) {
    page.view = view;
    if (view === 'home') {
      page.thread = null;
      api('home');
    }
    render();
  }

  function wireComposer(form, threadTs) {
    const box = form.querySelector('textarea');
    const send = async () => {
      const text = box.value.trim();
      if (!text) return;
      box.value = '';
      await api('compose', { text, threadTs: threadTs() });
    };
    form.onsubmit = (e) => {
      e.preventDefault();
      send();
    };
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        send();
      }
    });
  }

  function share(file) {
    if (file && page.thread) api('share', file, { name: file.name, type: file.type, thread: page.thread });
  }

  function wire() {
    $('who').onchange = (e) => {
      page.me = e.target.value;
      localStorage.setItem('sandbox-user', page.me);
      history.replaceState(null, '', `?user=${encodeURIComponent(page.me)}`);
      page.modalKey = null;
      if (page.view === 'home') api('home');
      refresh();
    };
    for (const b of document.querySelectorAll('.nav-item')) b.onclick = () => show(b.dataset.view);
    $('thread-close').onclick = () => openThread(null);
    wireComposer($('composer'), () => undefined);
    wireComposer($('thread-composer'), () => page.thread);
    $('thread-file').onchange = (e) => {
      share(e.target.files[0]);
      e.target.value = '';
    };
    const zone = $('thread');
    zone.addEventListener('dragover', (e) => {
      e.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => {
      e.preventDefault();
      zone.classList.remove('dragging');
      share(e.dataTransfer.files[0]);
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && page.state?.modal && !$('confirm-root').innerHTML) {
        api('close', { viewId: page.state.modal.id });
      }
    });
    const events = new EventSource('/sandbox/api/events');
    events.onmessage = () => refresh();
  }

  wire();
  refresh();
})();
