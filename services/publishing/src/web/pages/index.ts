// Page renderers: pure functions of the read model and the site; each returns the HTML and the
// cache tags and time the page depends on. Everything is escaped through `html`. One module per
// page; what they share is in shared.ts (lists, pager), forms.ts (form pieces) and ../layout.ts.
export { categoryPage } from "./category";
export { contactPage } from "./contact";
export { consentField, errorSummary, type FormState, honeypot, textArea, textField } from "./forms";
export { homePage } from "./home";
export { commentForm, commentWindowOpen, itemPage, type PreviewOptions } from "./item";
export { kindListPage } from "./kind-list";
export { legalRegistryPage } from "./legal-registry";
export { goneResponse, messagePage } from "./message";
export { noticePage } from "./notice";
export { searchPage } from "./search";
export { itemHref, itemList, itemPath, PAGE_SIZE, type PageDeps, type Rendered } from "./shared";
