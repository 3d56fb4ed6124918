import type { FastifyReply, FastifyRequest } from 'fastify'
import { IoProblem } from '../problem.ts'
import type { IoDatabase } from '../store/database.ts'
import { findSession, type Session } from '../store/sessions.ts'

/** The session cookie: HttpOnly (no script reads it), SameSite=Lax (no cross-site POST carries it). */
export const SESSION_COOKIE = 'io_session'
/** How long a login lasts. */
export const SESSION_DAYS = 30

export function sessionCookieOptions(secure: boolean, maxAgeSeconds: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure, maxAge: maxAgeSeconds } as const
}

/** The citizen of the request's session cookie; 401 `SESSION_MISSING` when there is none (or it has ended). */
export function requireSession(db: IoDatabase, request: FastifyRequest, at: number): Session {
  const token = request.cookies[SESSION_COOKIE]
  const session = token ? findSession(db, token, at) : undefined
  if (!session) throw new IoProblem(401, 'SESSION_MISSING', 'Log in with SPID or CIE first')
  return session
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' })
}
