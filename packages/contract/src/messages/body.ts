import { z } from "zod";
import { BirthBodySchema } from "./birth.js";
import { CmdBodySchema } from "./cmd.js";
import { DataBodySchema } from "./data.js";
import { DeathBodySchema } from "./death.js";
import { ReplyBodySchema } from "./reply.js";
import { StatusBodySchema } from "./status.js";

/** Every body the contract knows, told apart by `kind` (which is also the topic's last level). */
export const BodySchema = z.discriminatedUnion("kind", [
  BirthBodySchema,
  DeathBodySchema,
  DataBodySchema,
  StatusBodySchema,
  CmdBodySchema,
  ReplyBodySchema,
]);
export type Body = z.infer<typeof BodySchema>;
