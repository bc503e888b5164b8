/** Stable entity identities shared by agent and server: name-based uuids from parent and natural key. */
package io.sightline.core.ids;
