/**
 * The HTTP API: one {@link io.sightline.server.api.ApiRoutes} class per resource (SmartEM-compatible
 * paths and field names), {@code POST /api/v1/ingest}, and {@link io.sightline.server.http.Problems},
 * the one place where exceptions become {@code application/problem+json}.
 */
package io.sightline.server.api;
