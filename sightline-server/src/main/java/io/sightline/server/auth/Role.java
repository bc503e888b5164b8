package io.sightline.server.auth;

/** What a caller may do. Admin may do everything; agent writes acquisition data; viewer reads and streams. */
public enum Role {
  VIEWER,
  AGENT,
  ADMIN
}
