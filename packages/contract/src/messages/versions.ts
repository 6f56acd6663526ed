import { z } from "zod";
import type { Body } from "./body.js";
import { compactDataBody, type DataBodyV2, DataBodyV2Schema, expandDataBody } from "./data-v2.js";
import {
  type ChallengeReplyV2,
  ChallengeReplyV2Schema,
  compactReplyBody,
  expandReplyBody,
} from "./reply-v2.js";

/**
 * Contract versions a body can be sent in. Version 2 changes only the bodies that carry samples
 * (data and reply); birth, death, status and cmd have one form, version 1, in both.
 */
export const CONTRACT_VERSIONS = [1, 2] as const;
export type ContractVersionNumber = (typeof CONTRACT_VERSIONS)[number];

/** The kinds that have a version 2 body, told apart by `kind` like BodySchema. */
export const BodyV2Schema = z.discriminatedUnion("kind", [DataBodyV2Schema, ChallengeReplyV2Schema]);
export type BodyV2 = z.infer<typeof BodyV2Schema>;

/** A body as signed: its v1 form, or the v2 form of a data or reply body. */
export type WireBody = Body | BodyV2;

/** A body in the form `version` sends it (kinds without a v2 form keep their v1 form). */
export function toWireBody(body: Body, version: ContractVersionNumber): WireBody {
  if (version === 1) return body;
  if (body.kind === "data") return compactDataBody(body);
  if (body.kind === "reply") return compactReplyBody(body);
  return body;
}

/** The v1 form of a valid v2 body: decoders hand every body on in its v1 form. */
export function expandBodyV2(body: BodyV2): Body {
  return body.kind === "data" ? expandDataBody(body) : expandReplyBody(body);
}

export type { ChallengeReplyV2, DataBodyV2 };
