/**
 * Notifications: a member's channels (email, Slack webhook, ntfy) and events, an outbox written in the same
 * transaction as each job status change, and a worker that delivers each (job, event, channel) once.
 * Depends on {@code job}; nothing in {@code job} knows this package.
 */
package io.missioncontrol.notify;
