// The shell of every admin page: skip link, header with the portal and the person, main
// navigation, flash messages, the idle-timeout warning (WCAG 2.2.1) and the footer.
import type { ComponentChildren } from "preact";
import { Csrf, Notice } from "./components";
import { BOARD, holds, useCtx } from "./context";

export function Layout({
  title,
  children,
  islands = [],
}: {
  title: string;
  children: ComponentChildren;
  islands?: string[];
}) {
  const ctx = useCtx();
  const { t, lang, user, portal, files } = ctx;
  const base = portal ? `/p/${portal.id}` : "";
  const inConsole = !!user?.realmRoles.some((r) => r === "auditor" || r === "platform-admin");
  const nav: { href: string; label: string; exact?: boolean }[] = portal
    ? [
        { href: `${base}/`, label: t.nav.dashboard, exact: true },
        { href: `${base}/items`, label: t.nav.items },
        { href: `${base}/items/new`, label: t.nav.newItem },
        { href: `${base}/media`, label: t.nav.media },
        ...(holds(ctx, ...BOARD, "focal-officer")
          ? [
              { href: `${base}/submissions`, label: t.nav.submissions },
              { href: `${base}/feedback`, label: t.nav.feedback },
              { href: `${base}/comments`, label: t.nav.comments },
              { href: `${base}/consultations`, label: t.nav.consultations },
              { href: `${base}/categories`, label: t.nav.categories },
              { href: `${base}/completeness`, label: t.nav.completeness },
            ]
          : []),
        ...(holds(ctx, ...BOARD)
          ? [
              { href: `${base}/ads`, label: t.nav.ads },
              { href: `${base}/royalties`, label: t.nav.royalties },
              { href: `${base}/digest`, label: t.nav.digest },
            ]
          : []),
        // auditors and platform admins read every portal's report too (archive decides)
        ...(holds(ctx, ...BOARD) || user?.realmRoles.some((r) => r === "auditor" || r === "platform-admin")
          ? [{ href: `${base}/reports`, label: t.nav.reports }]
          : []),
        // the platform team's console (issue 19): platform admins act, auditors read
        ...(inConsole ? [{ href: `${base}/people`, label: t.nav.people }] : []),
      ]
    : [];
  // the platform's screens are the console's too, with or without a portal chosen
  if (inConsole)
    nav.push(
      { href: "/platform/portals", label: t.nav.portals },
      { href: "/platform/archive", label: t.nav.archive },
      { href: "/platform/backups", label: t.nav.backups },
      { href: "/platform/operations", label: t.nav.operations },
    );
  // the one entry whose address is the longest prefix of this page's (so "Viết bài mới" and
  // "Nội dung" are never both current)
  const matches = nav.filter((n) =>
    n.exact ? ctx.path === n.href : ctx.path === n.href || ctx.path.startsWith(`${n.href}/`),
  );
  const best = matches.sort((a, b) => b.href.length - a.href.length)[0]?.href;
  const current = (href: string, _exact?: boolean) => href === best;
  const all = [...new Set(["session", ...islands])].filter((n) => files.js[n]);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} — ${t.app.short}`}</title>
        <meta name="robots" content="noindex, nofollow" />
        <link rel="stylesheet" href={files.css} />
        <link rel="icon" href={files.icon ?? "data:,"} />
        {all.map((n) => (
          <script key={n} src={files.js[n]} defer />
        ))}
      </head>
      <body
        data-lang={lang}
        data-csrf={ctx.csrf}
        {...(ctx.session && user
          ? {
              "data-idle-seconds": String(ctx.session.idleSeconds),
              "data-idle-warning-seconds": String(ctx.session.warningSeconds),
              "data-autosave-seconds": String(ctx.session.autosaveSeconds),
            }
          : {})}
      >
        <a class="skip-link" href="#main">
          {t.app.skip}
        </a>
        <header class="header">
          <div class="header__inner">
            <a class="header__brand" href={portal ? `${base}/` : "/"}>
              <span class="header__emblem" aria-hidden="true" />
              <span>
                <span class="header__name">{t.app.short}</span>
                <span class="header__province">{t.app.province}</span>
              </span>
            </a>
            <div class="header__tools">
              {portal ? (
                <p class="header__portal">
                  <strong>{portal.name}</strong>
                  {ctx.portals.length > 1 ? (
                    <>
                      {" "}
                      <a href="/portals">{t.app.switchPortal}</a>
                    </>
                  ) : null}
                </p>
              ) : null}
              {user ? (
                <p class="header__user">
                  {t.app.signedInAs(user.name)}
                  {portal?.roles.length ? (
                    <span class="header__roles">
                      {" "}
                      ({portal.roles.map((r) => t.roles[r] ?? r).join(", ")})
                    </span>
                  ) : null}
                </p>
              ) : null}
              <div class="header__actions">
                <form method="post" action="/lang" class="inline-form">
                  <Csrf />
                  <input type="hidden" name="lang" value={t.app.otherLanguageCode} />
                  <input type="hidden" name="returnTo" value={ctx.path} />
                  <button type="submit" class="link-button" lang={t.app.otherLanguageCode}>
                    {t.app.otherLanguage}
                  </button>
                </form>
                {user ? (
                  <form method="post" action="/auth/logout" class="inline-form">
                    <Csrf />
                    <button type="submit" class="link-button" id="sign-out">
                      {t.app.signOut}
                    </button>
                  </form>
                ) : null}
              </div>
            </div>
          </div>
          {nav.length ? (
            <nav class="nav" aria-label={t.app.mainNav}>
              <ul class="nav__list">
                {nav.map((n) => (
                  <li key={n.href}>
                    <a
                      class="nav__link"
                      href={n.href}
                      aria-current={current(n.href, n.exact) ? "page" : undefined}
                    >
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          ) : null}
        </header>
        <main class="main" id="main" tabindex={-1}>
          {ctx.flash.map((f) => (
            <Notice key={f.text} kind={f.kind}>
              {f.text}
            </Notice>
          ))}
          {children}
        </main>
        <footer class="footer">
          <p>{t.app.timeNote}</p>
          <p>{t.app.support}</p>
          <p>{t.app.footer}</p>
        </footer>
        {user && ctx.session ? <IdleDialog /> : null}
      </body>
    </html>
  );
}

/** Shown by the session island before the idle timeout; without JavaScript it never appears. */
function IdleDialog() {
  const { t, session } = useCtx();
  const minutes = Math.max(1, Math.round((session?.warningSeconds ?? 120) / 60));
  return (
    <dialog class="dialog" id="idle-dialog" aria-labelledby="idle-title" aria-describedby="idle-text">
      <h2 id="idle-title">{t.auth.idleTitle}</h2>
      <p id="idle-text">{t.auth.idleText(minutes)}</p>
      <div class="button-group">
        <button type="button" class="button button--primary" id="idle-stay">
          {t.auth.idleStay}
        </button>
        <form method="post" action="/auth/logout" class="inline-form">
          <Csrf />
          <button type="submit" class="button button--secondary">
            {t.auth.idleLeave}
          </button>
        </form>
      </div>
    </dialog>
  );
}
