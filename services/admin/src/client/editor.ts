// The editor's islands: a TipTap (ProseMirror, MIT) rich-text editor in place of each
// `textarea[data-rich-text]` — a keyboard-accessible toolbar (one tab stop, arrow keys between
// tools), paste from Word cleaned by the schema, images from the portal's library — and
// autosave of the whole form with a visible "Đã lưu lúc …", a warning before leaving with
// unsaved changes, and a plain post of the form when the session ends (the server keeps it).
// The server's sanitiser stays the authority on the HTML; the textarea always holds the HTML.
import { Editor } from "@tiptap/core";
import Image from "@tiptap/extension-image";
import { TableKit } from "@tiptap/extension-table";
import StarterKit from "@tiptap/starter-kit";
import { activity, csrf } from "./shared";

interface LibraryImage {
  id: string;
  alt: string;
  title: string;
  thumb: string;
}

type Tools = Record<string, string>;

const LibraryImageNode = Image.extend({
  addAttributes() {
    return {
      ...this.parent?.(),
      assetId: {
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute("data-asset-id"),
        renderHTML: (attrs: { assetId?: string | null }) =>
          attrs.assetId ? { "data-asset-id": attrs.assetId } : {},
      },
    };
  },
});

/** Word and LibreOffice paste markup the schema would not keep anyway; their style blocks must not become text. */
function cleanPastedHtml(html: string): string {
  return html
    .replace(/<!--\[if[\s\S]*?<!\[endif\]-->/gi, "")
    .replace(/<style[\s\S]*?<\/style>/gi, "")
    .replace(/<xml[\s\S]*?<\/xml>/gi, "")
    .replace(/<\/?o:p>/gi, "")
    .replace(/<meta[^>]*>/gi, "");
}

function button(label: string, onClick: () => void, toggle?: () => boolean): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "rich-text__tool";
  b.textContent = label;
  b.title = label;
  b.tabIndex = -1;
  if (toggle) b.setAttribute("aria-pressed", "false");
  b.addEventListener("click", onClick);
  (b as HTMLButtonElement & { refresh?: () => void }).refresh = () => {
    if (toggle) b.setAttribute("aria-pressed", String(toggle()));
  };
  return b;
}

function imagePicker(
  images: LibraryImage[],
  title: string,
  onPick: (img: LibraryImage) => void,
): HTMLDialogElement {
  const d = document.createElement("dialog");
  d.className = "dialog";
  d.setAttribute("aria-label", title);
  const h = document.createElement("h2");
  h.textContent = title;
  d.append(h);
  const list = document.createElement("ul");
  list.className = "image-picker";
  for (const img of images) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    const i = document.createElement("img");
    i.src = img.thumb;
    i.alt = "";
    const caption = document.createElement("span");
    caption.textContent = img.title || img.alt;
    b.append(i, caption);
    b.addEventListener("click", () => {
      d.close();
      onPick(img);
    });
    li.append(b);
    list.append(li);
  }
  d.append(list);
  const close = document.createElement("button");
  close.type = "button";
  close.className = "button button--secondary";
  close.textContent = "×";
  close.setAttribute("aria-label", "Đóng / Close");
  close.addEventListener("click", () => d.close());
  d.append(close);
  document.body.append(d);
  return d;
}

function richText(textarea: HTMLTextAreaElement, onChange: () => void): Editor {
  const tools = JSON.parse(textarea.dataset.tools ?? "{}") as Tools;
  const images = JSON.parse(textarea.dataset.images ?? "[]") as LibraryImage[];
  const label = document.querySelector<HTMLLabelElement>(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}-label`;
  const wrap = document.createElement("div");
  wrap.className = "rich-text";
  const toolbar = document.createElement("div");
  toolbar.className = "rich-text__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", textarea.dataset.toolbarLabel ?? "");
  toolbar.setAttribute("aria-controls", `${textarea.id}-editor`);
  const content = document.createElement("div");
  wrap.append(toolbar, content);
  textarea.hidden = true;
  textarea.after(wrap);

  const editor = new Editor({
    element: content,
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, protocols: ["http", "https", "mailto", "tel"] },
      }),
      TableKit.configure({ table: { resizable: false } }),
      LibraryImageNode.configure({ inline: false }),
    ],
    content: textarea.value,
    editorProps: {
      attributes: {
        id: `${textarea.id}-editor`,
        class: "rich-text__content",
        role: "textbox",
        "aria-multiline": "true",
        ...(label ? { "aria-labelledby": label.id } : {}),
        ...(document.getElementById(`${textarea.id}-hint`)
          ? { "aria-describedby": `${textarea.id}-hint` }
          : {}),
        lang: textarea.closest("[lang]")?.getAttribute("lang") ?? document.documentElement.lang,
        spellcheck: "true",
      },
      transformPastedHTML: cleanPastedHtml,
    },
    onUpdate: ({ editor: e }) => {
      textarea.value = e.getHTML();
      onChange();
    },
  });
  // a label click focuses the editor, as it would the textarea
  label?.addEventListener("click", (ev) => {
    ev.preventDefault();
    editor.commands.focus();
  });

  const chain = () => editor.chain().focus();
  const picker = images.length
    ? imagePicker(images, tools.image ?? "", (img) =>
        chain()
          .setImage({
            src: img.thumb.replace(/\/w320\.(webp|jpg)$/, "/w1280.$1"),
            alt: img.alt,
            assetId: img.id,
          } as never)
          .run(),
      )
    : null;
  const buttons = [
    button(
      tools.bold ?? "B",
      () => chain().toggleBold().run(),
      () => editor.isActive("bold"),
    ),
    button(
      tools.italic ?? "I",
      () => chain().toggleItalic().run(),
      () => editor.isActive("italic"),
    ),
    button(
      tools.h2 ?? "H2",
      () => chain().toggleHeading({ level: 2 }).run(),
      () => editor.isActive("heading", { level: 2 }),
    ),
    button(
      tools.h3 ?? "H3",
      () => chain().toggleHeading({ level: 3 }).run(),
      () => editor.isActive("heading", { level: 3 }),
    ),
    button(
      tools.bullet ?? "•",
      () => chain().toggleBulletList().run(),
      () => editor.isActive("bulletList"),
    ),
    button(
      tools.ordered ?? "1.",
      () => chain().toggleOrderedList().run(),
      () => editor.isActive("orderedList"),
    ),
    button(
      tools.quote ?? "“",
      () => chain().toggleBlockquote().run(),
      () => editor.isActive("blockquote"),
    ),
    button(tools.link ?? "Link", () => {
      const url = window.prompt(tools.linkPrompt ?? "URL", editor.getAttributes("link").href ?? "https://");
      if (url === null) return;
      if (!/^(https?:\/\/|mailto:|tel:|\/)/i.test(url.trim())) return;
      chain().extendMarkRange("link").setLink({ href: url.trim() }).run();
    }),
    button(tools.unlink ?? "Unlink", () => chain().unsetLink().run()),
    button(tools.table ?? "Table", () =>
      chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
    ),
    ...(picker ? [button(tools.image ?? "Image", () => picker.showModal())] : []),
    button(tools.undo ?? "Undo", () => chain().undo().run()),
    button(tools.redo ?? "Redo", () => chain().redo().run()),
  ];
  toolbar.append(...buttons);
  // one tab stop for the toolbar; arrows, Home and End move between its tools
  let current = 0;
  const focusTool = (i: number) => {
    buttons[current]?.setAttribute("tabindex", "-1");
    current = (i + buttons.length) % buttons.length;
    buttons[current]?.setAttribute("tabindex", "0");
    buttons[current]?.focus();
  };
  buttons[0]?.setAttribute("tabindex", "0");
  toolbar.addEventListener("keydown", (ev) => {
    if (ev.key === "ArrowRight") focusTool(current + 1);
    else if (ev.key === "ArrowLeft") focusTool(current - 1);
    else if (ev.key === "Home") focusTool(0);
    else if (ev.key === "End") focusTool(buttons.length - 1);
    else return;
    ev.preventDefault();
  });
  const refresh = () => {
    for (const b of buttons) (b as HTMLButtonElement & { refresh?: () => void }).refresh?.();
  };
  editor.on("selectionUpdate", refresh);
  editor.on("transaction", refresh);
  return editor;
}

// ---------------------------------------------------------------- autosave and leaving

const form = document.getElementById("editor-form") as HTMLFormElement | null;
const status = document.getElementById("save-status");

if (form && status) {
  const seconds = Number(document.body.dataset.autosaveSeconds ?? 20);
  let dirty = false;
  let saving = false;
  let timer: number | undefined;
  let stopped = false;
  let leaving = false;
  let inFlight: Promise<void> | null = null;
  const say = (text: string) => {
    status.textContent = text;
  };
  const markDirty = () => {
    dirty = true;
    say(status.dataset.unsaved ?? "");
    if (timer) window.clearTimeout(timer);
    if (!stopped) timer = window.setTimeout(save, seconds * 1000);
  };

  for (const ta of form.querySelectorAll<HTMLTextAreaElement>("textarea[data-rich-text]"))
    richText(ta, markDirty);
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  function save(): Promise<void> {
    if (!form || saving || !dirty || stopped) return Promise.resolve();
    inFlight = doSave().finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  async function doSave(): Promise<void> {
    if (!form) return;
    const title = form.querySelector<HTMLInputElement>("#title");
    if (!title?.value.trim()) return; // a draft needs its title first
    saving = true;
    say(status?.dataset.saving ?? "");
    const data = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === "string") data.append(k, v);
    data.set("action", "save");
    try {
      // getAttribute: the form's "action" buttons shadow form.action (DOM named properties)
      const res = await fetch(form.getAttribute("action") ?? location.href, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: { "x-autosave": "1", "x-csrf-token": csrf(), accept: "application/json" },
      });
      if (res.ok) {
        const r = (await res.json()) as { version: number; savedAt: string; editUrl: string };
        const version = form.querySelector<HTMLInputElement>('input[name="version"]');
        if (version) version.value = String(r.version);
        if (form.dataset.autosave === "create") {
          form.setAttribute("action", r.editUrl);
          form.dataset.autosave = "on";
          history.replaceState(null, "", r.editUrl);
        }
        dirty = false;
        say((status?.dataset.savedAtTemplate ?? "{time}").replace("{time}", r.savedAt));
        activity();
      } else if (res.status === 401) {
        stopped = true;
        say(status?.dataset.expired ?? "");
      } else if (res.status === 409) {
        // someone else saved meanwhile: the person's Save shows both versions
        stopped = true;
        say(status?.dataset.failed ?? "");
      } else say(status?.dataset.unsaved ?? "");
    } catch {
      say(status?.dataset.failed ?? "");
    } finally {
      saving = false;
    }
  }

  // a Save pressed while an autosave is on its way waits for it, so it sends the version the
  // autosave made (otherwise the person would be shown their own save as a conflict)
  form.addEventListener("submit", (ev) => {
    if (timer) window.clearTimeout(timer);
    stopped = true;
    if (inFlight) {
      ev.preventDefault();
      const submitter = (ev as SubmitEvent).submitter as HTMLButtonElement | null;
      void inFlight.finally(() => {
        leaving = true;
        form.requestSubmit(submitter ?? undefined);
      });
      return;
    }
    leaving = true;
  });
  window.addEventListener("beforeunload", (ev) => {
    if (dirty && !leaving) {
      ev.preventDefault();
      ev.returnValue = status.dataset.leave ?? "";
    }
  });
  window.congEditor = {
    dirty: () => dirty,
    submitPlain: (idle = false) => {
      leaving = true;
      if (idle) {
        const i = document.createElement("input");
        i.type = "hidden";
        i.name = "_idle";
        i.value = "1";
        form.append(i);
      }
      HTMLFormElement.prototype.submit.call(form);
    },
  };
}
