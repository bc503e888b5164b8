/**
 * What the line-oriented text readers (STAR, mdoc) share: a byte-exact line splitter and the typed read
 * error that names file, line and column.
 */
package io.sightline.core.text;
