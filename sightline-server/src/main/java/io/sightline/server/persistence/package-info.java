/**
 * Storage of acquisition data. {@link io.sightline.server.persistence.EntityKind} describes every table;
 * {@link io.sightline.server.persistence.EntityStore} performs idempotent upserts, reads and cascading
 * deletes; {@link io.sightline.server.persistence.WriteTransactions} commits each change together with
 * its event_log rows (the log is the outbox), one transaction at a time, and then tells the
 * {@link io.sightline.server.events.EventSink}. Same Flyway scripts on H2 and PostgreSQL.
 */
package io.sightline.server.persistence;
