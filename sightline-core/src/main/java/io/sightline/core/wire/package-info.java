/**
 * The wire vocabulary: every name, type and limit that agent, server and clients use over HTTP (entity
 * kinds and their fields, steering bodies, acknowledgement statuses, instruction types, features),
 * declared once so that both ends read and check them the same way.
 */
package io.sightline.core.wire;
