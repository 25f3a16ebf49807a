/**
 * Armed faults as Instagram and Facebook answer them: the transport faults as every network does
 * (core/faults.ts), and meta_error, throttle and provider_error as a Graph error, in the Graph error object or,
 * on api.instagram.com's token endpoint, in the flat OAuth shape.
 */
import type { FastifyReply } from 'fastify';
import { type Fault, type FaultBook, sendTransportFault } from '../core/faults.ts';
import { type GraphError, metaError, sendGraphError, throttleError } from './graph-errors.ts';

export interface FaultContext {
  /** graph.instagram.com answers Graph errors; api.instagram.com answers the flat OAuth shape. */
  shape: 'graph' | 'oauth';
  nowMs: number;
  userId?: string;
  clientId?: string;
  book: FaultBook;
}

export async function sendFault(reply: FastifyReply, fault: Fault, ctx: FaultContext): Promise<FastifyReply> {
  const sent = await sendTransportFault(reply, fault, ctx.book);
  if (sent) return sent;
  // provider_error, meta_error, throttle
  const info = { nowMs: ctx.nowMs, userId: ctx.userId ?? fault.accountUserId, clientId: ctx.clientId, regainMinutes: fault.regainMinutes ?? 10 };
  const error = fault.fault === 'throttle' ? throttleError(fault.code ?? 80002, info) : metaError(fault.code ?? 1, fault.subcode, info);
  return ctx.shape === 'graph' ? sendGraphError(reply, error) : sendOAuthShaped(reply, error);
}

function sendOAuthShaped(reply: FastifyReply, e: GraphError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.status).send({ error_type: e.type, code: e.code, error_message: e.message });
}
