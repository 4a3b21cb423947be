// Vietnamese folding for search now lives in @cong/text (issue 16); re-exported here so that
// `import { foldedWords } from "@cong/contracts"` keeps working.
export { foldedWords, foldVietnamese, MAX_WORD_LENGTH } from "@cong/text";
