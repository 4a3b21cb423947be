// A Q&A item from an answered question (feedback, R-QA): without the asker's personal data (R-PII),
// submitted for the board's approval like any other content (R-MODERATE).
import type { Actor } from "@cong/contracts";
import { escapeHtml, plainText } from "@cong/text";
import type { PortalId } from "../portals/portal-id";
import { createItem } from "./authoring";
import type { Caller } from "./caller";
import type { ItemContext } from "./commands/context";
import { runCommand } from "./commands/runner";
import { submit } from "./commands/submit";

export async function qaSubmission(
  ctx: ItemContext,
  portalId: PortalId,
  input: { question: string; answerHtml: string; title: string; actor: Actor },
): Promise<{ itemId: string }> {
  const caller: Caller = { actor: input.actor, roles: new Set(["focal-officer"]) };
  const question = plainText(input.question);
  const doc = await createItem(
    ctx,
    portalId,
    {
      kind: "qa",
      locales: {
        vi: {
          title: input.title,
          summary: question.slice(0, 2000),
          bodyHtml: `<blockquote><p>${escapeHtml(question)}</p></blockquote>${input.answerHtml}`,
        },
      },
      commentsEnabled: false,
    },
    caller,
  );
  await runCommand(ctx, submit, { portalId, itemId: doc._id }, undefined, caller, doc.version);
  return { itemId: doc._id };
}
