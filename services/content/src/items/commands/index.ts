// The workflow's commands, one per row of the transition table (workflow.ts).
import type { TransitionName } from "../workflow";
import { approve } from "./approve";
import { archive, expire } from "./archive";
import { publish } from "./publish";
import { reject } from "./reject";
import { submit } from "./submit";
import { unpublish } from "./unpublish";

export const COMMANDS = { submit, approve, reject, publish, unpublish, archive, expire } satisfies {
  [K in TransitionName]: { transition: K };
};
