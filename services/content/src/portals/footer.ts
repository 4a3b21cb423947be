// The facts a state portal shows in every page's footer (Decree 42/2022; issue 17, issue 19
// screen 1): the agency's address, the person in charge (người chịu trách nhiệm) and the licence
// line. Plain text only: trimmed, NFC, no markup (publishing escapes it, but a tag in a footer is
// a mistake, not a wish), bounded lengths, Vietnamese required and other languages optional.
import type { LocalizedText, PersonInCharge } from "@cong/contracts";
import { z } from "zod";

const LANG = /^[a-z]{2}(-[A-Z]{2})?$/;

/** One line of footer text: trimmed, NFC, 1..max characters, no `<` or `>` (no HTML). */
export function footerLine(max: number) {
  return z
    .string()
    .transform((s) => s.normalize("NFC").trim())
    .pipe(
      z
        .string()
        .min(1)
        .max(max)
        .refine((s) => !/[<>]/.test(s), { message: "không được chứa HTML (< >) / no HTML (< >)" })
        .refine((s) => !/\p{Cc}/u.test(s), {
          message: "không được chứa ký tự điều khiển hay xuống dòng / no control characters or line breaks",
        }),
    );
}

/** Text per language: `vi` required; keys are language tags (`en`, …). */
export function footerText(max: number) {
  return z
    .object({ vi: footerLine(max) })
    .catchall(footerLine(max))
    .refine((t) => Object.keys(t).every((k) => LANG.test(k)), {
      message: "khóa phải là mã ngôn ngữ (vi, en) / keys are language tags (vi, en)",
    });
}

export const ADDRESS_MAX = 300;
export const LICENCE_MAX = 300;

/** An address: a plain string (the Vietnamese one, as the API took it before) or text per language. */
export const AddressInput = z.union([
  footerLine(ADDRESS_MAX).transform((vi) => ({ vi }) as LocalizedText),
  footerText(ADDRESS_MAX),
]);

export const PersonInChargeInput = z
  .object({
    name: footerLine(120),
    position: footerText(200),
  })
  .strict();

export const LicenceInput = footerText(LICENCE_MAX);

/**
 * A link to an online public service (Art. 3.2; issue 17): its label per language and an absolute
 * http(s) address — never `javascript:` or a relative path, no credentials in it.
 */
export const ServiceLinkInput = z
  .object({
    label: footerText(120),
    url: z
      .string()
      .trim()
      .max(500)
      .refine(
        (u) => {
          try {
            const url = new URL(u);
            return (url.protocol === "https:" || url.protocol === "http:") && !url.username && !url.password;
          } catch {
            return false;
          }
        },
        { message: "phải là địa chỉ http(s) đầy đủ / must be a full http(s) address" },
      ),
  })
  .strict();
export const SERVICE_LINKS_MAX = 8;

/** A stored address as text per language (documents written before issue 17 hold a string). */
export function storedAddress(a: string | LocalizedText | undefined): LocalizedText | undefined {
  if (a === undefined) return undefined;
  return typeof a === "string" ? (a ? { vi: a } : undefined) : a;
}

export type { PersonInCharge };
