/**
 * Results of succeeded pipeline jobs read back into the model: motion, CTF and particle counts stored on the
 * micrographs they belong to (where the SmartEM feedback routes write), with events, and the jobs' output files
 * registered as data objects with lineage.
 */
package io.sightline.server.pipeline.results;
